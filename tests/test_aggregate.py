"""domain/aggregate.py: each indicator's aggregation rule and the value it gives from the parts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc_desktop.domain.aggregate import (
    AggregationRule,
    RuleKind,
    Status,
    aggregate,
    aggregate_one,
    aggregation_rules,
    derived_rule,
    rule_from_dict,
)
from cchc_desktop.domain.catalog import catalog_from_dict
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.services.catalogs import get_catalog

D = Decimal


def iv(value: object = None, note: str = "") -> IndicatorValue:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        value = D(value) if isinstance(value, int) else value
    return IndicatorValue(value, note)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return get_catalog()


@pytest.fixture(scope="module")
def rules(catalog):  # type: ignore[no-untyped-def]
    return aggregation_rules(catalog)


def one(catalog, rules, code, table):  # type: ignore[no-untyped-def]
    return aggregate_one(catalog.get(code), rules[code], list(table), table)


# --- the rules, derived and overridden ----------------------------------------------------------
def test_every_value_row_has_a_rule_and_groups_none(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    assert set(rules) == {i.code for i in catalog if i.has_value}
    kinds = {code: r.kind for code, r in rules.items()}
    assert kinds["1.1.1"] is RuleKind.SUM  # a count
    assert kinds["6.1"] is RuleKind.SUM  # a cumulative count adds up across units too
    assert kinds["1.5"] is RuleKind.ANY  # Không / Có
    assert rules["1.5"].yes == 1
    assert kinds["1.4.2"] is RuleKind.MANUAL  # Trực tuyến / Phát phiếu / Kết hợp
    assert kinds["3.3.3"] is RuleKind.MANUAL  # a percentage whose parts the catalog does not know
    assert kinds["7.1.5"] is RuleKind.MANUAL  # a score
    assert kinds["7.1.1"] is RuleKind.SAME  # a text


def test_catalog_overrides_are_data(rules) -> None:  # type: ignore[no-untyped-def]
    assert rules["3.4.1"] == AggregationRule(
        RuleKind.RATIO, numerator=("3.5.2.1", "3.5.2.2"), denominator=("3.5.2",)
    )
    assert rules["7.1.6.2.1"].kind is RuleKind.WEIGHTED
    assert rules["7.1.6.2.1"].weight == ("7.1.6.2",)
    assert rules["5.3.1"] == AggregationRule(RuleKind.ANY, yes=1)  # Đã thực hiện


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"rule": "average"}, "không phải một trong"),
        ({"rule": "ratio", "numerator": ["3.5.2.1"]}, "cần numerator và denominator"),
        ({"rule": "ratio", "numerator": ["9.9"], "denominator": ["3.5.2"]}, "“9.9”"),
        ({"rule": "ratio", "numerator": ["1"], "denominator": ["3.5.2"]}, "“1”"),  # a group
        ({"rule": "weighted"}, "cần weight"),
        ({"rule": "any", "yes": 7}, "cần mã “yes”"),
        ({"rule": "ratio", "numerator": "3.5.2.1", "denominator": 5}, "danh sách"),
    ],
)
def test_bad_overrides_are_refused_with_the_code(catalog, data, needle) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=r"3\.4\.1") as exc:
        rule_from_dict("3.4.1", data, catalog)
    assert needle in str(exc.value)


def test_an_override_for_an_unknown_code_is_refused() -> None:
    data = {
        "id": "x",
        "version": "1",
        "indicators": [{"code": "1", "label": "Số", "kind": "count"}],
        "aggregation": {"2": {"rule": "sum"}},
    }
    with pytest.raises(ValueError, match="2"):
        aggregation_rules(catalog_from_dict(data))


def test_sum_rule_on_a_text_row_is_refused(catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="không phải số"):
        rule_from_dict("7.1.1", {"rule": "sum"}, catalog)


def test_derived_rule_of_a_yes_no_choice_finds_the_yes_code() -> None:
    cat = catalog_from_dict(
        {
            "id": "x",
            "version": "1",
            "indicators": [
                {
                    "code": "1",
                    "label": "Có làm không",
                    "kind": "choice",
                    "choices": [{"code": 1, "label": "Có"}, {"code": 2, "label": "Không"}],
                }
            ],
        }
    )
    assert derived_rule(cat.get("1")) == AggregationRule(RuleKind.ANY, yes=1)


# --- sums -------------------------------------------------------------------------------------------
def test_sum_adds_the_parts_exactly_and_lists_them(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {
        "Phòng Kế hoạch": {"1.1.1": iv(12)},
        "Văn phòng": {"1.1.1": iv(7)},
        "Trung tâm": {"1.1.1": iv(3)},
    }
    got = one(catalog, rules, "1.1.1", table)
    assert got.status is Status.MERGED
    assert got.value == D(22)
    assert [(p.unit, p.value) for p in got.parts] == [
        ("Phòng Kế hoạch", D(12)),
        ("Văn phòng", D(7)),
        ("Trung tâm", D(3)),
    ]


def test_sum_skips_parts_that_did_not_report_and_is_empty_when_none_did(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {"A": {"1.1.1": iv(5)}, "B": {}}
    got = one(catalog, rules, "1.1.1", table)
    assert got.value == D(5)
    assert [p.unit for p in got.parts] == ["A"]
    empty = one(catalog, rules, "1.1.1", {"A": {}, "B": {}})
    assert empty.status is Status.EMPTY
    assert empty.value is None


def test_zero_is_a_figure_not_an_empty_cell(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    got = one(catalog, rules, "1.1.1", {"A": {"1.1.1": iv(0)}, "B": {"1.1.1": iv(0)}})
    assert got.status is Status.MERGED
    assert got.value == D(0)


def test_notes_are_joined_with_the_part_names(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {
        "Phòng A": {"1.1.1": iv(1, "gồm 2 nhiệm vụ mới")},
        "Phòng B": {"1.1.1": iv(2)},
        "Phòng C": {"1.1.1": iv(None, "  chờ số liệu ")},
    }
    got = one(catalog, rules, "1.1.1", table)
    assert got.value == D(3)
    assert got.note == "Phòng A: gồm 2 nhiệm vụ mới; Phòng C: chờ số liệu"


def test_a_note_alone_still_merges_with_no_value(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    got = one(catalog, rules, "1.1.1", {"A": {"1.1.1": iv(None, "không phát sinh")}})
    assert got.status is Status.MERGED
    assert got.value is None
    assert got.note == "A: không phát sinh"


# --- percentages --------------------------------------------------------------------------------------
def test_ratio_is_recomputed_from_its_numerator_and_denominator(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {
        "A": {"3.5.2": iv(200), "3.5.2.1": iv(50), "3.5.2.2": iv(148), "3.4.1": iv(99)},
        "B": {"3.5.2": iv(100), "3.5.2.1": iv(10), "3.5.2.2": iv(80), "3.4.1": iv(90)},
    }
    got = one(catalog, rules, "3.4.1", table)
    # (50 + 148 + 10 + 80) / (200 + 100) = 288 / 300 = 96%, not the average of 99 and 90
    assert got.status is Status.MERGED
    assert got.value == D(96)


def test_ratio_rounds_to_two_places_half_up(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {"A": {"3.5.2": iv(3), "3.5.2.1": iv(1), "3.5.2.2": iv(1)}}
    assert one(catalog, rules, "3.4.1", table).value == D("66.67")


def test_ratio_with_a_missing_piece_is_manual_naming_it(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {
        "A": {"3.5.2": iv(200), "3.5.2.1": iv(50), "3.5.2.2": iv(148)},
        "B": {"3.5.2": iv(100), "3.5.2.1": iv(10), "3.4.1": iv(90)},  # no 3.5.2.2
    }
    got = one(catalog, rules, "3.4.1", table)
    assert got.status is Status.MANUAL
    assert got.value is None
    assert "B" in got.reason and "3.5.2.2" in got.reason


def test_ratio_from_a_part_giving_only_the_percentage_is_manual(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {
        "A": {"3.5.2": iv(200), "3.5.2.1": iv(50), "3.5.2.2": iv(150)},
        "B": {"3.4.1": iv(90)},
    }
    got = one(catalog, rules, "3.4.1", table)
    assert got.status is Status.MANUAL
    assert "B" in got.reason


def test_ratio_over_zero_is_manual(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {"A": {"3.5.2": iv(0), "3.5.2.1": iv(0), "3.5.2.2": iv(0)}}
    got = one(catalog, rules, "3.4.1", table)
    assert got.status is Status.MANUAL
    assert "mẫu số bằng 0" in got.reason


def test_weighted_percentage_is_exact_not_an_average(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {
        "A": {"7.1.6.2": iv(100), "7.1.6.2.1": iv(50)},
        "B": {"7.1.6.2": iv(300), "7.1.6.2.1": iv(90)},
    }
    # (50 + 270) / 400 = 80%; the plain average would be 70%
    assert one(catalog, rules, "7.1.6.2.1", table).value == D(80)


def test_weighted_with_nobody_giving_the_percentage_is_empty(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {"A": {"7.1.6.2": iv(100)}, "B": {"7.1.6.2": iv(300)}}
    assert one(catalog, rules, "7.1.6.2.2", table).status is Status.EMPTY


def test_weighted_without_a_base_is_manual(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {"A": {"7.1.6.2": iv(100), "7.1.6.2.1": iv(50)}, "B": {"7.1.6.2.1": iv(90)}}
    got = one(catalog, rules, "7.1.6.2.1", table)
    assert got.status is Status.MANUAL
    assert "B" in got.reason and "7.1.6.2" in got.reason


def test_a_percentage_without_known_parts_is_never_averaged(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    table = {"Phòng A": {"3.3.3": iv(80)}, "Phòng B": {"3.3.3": iv(90)}}
    got = one(catalog, rules, "3.3.3", table)
    assert got.status is Status.MANUAL
    assert got.value is None
    assert [(p.unit, p.value) for p in got.parts] == [("Phòng A", D(80)), ("Phòng B", D(90))]


# --- choices and texts ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("codes", "expected"),
    [((0, 1, 0), D(1)), ((0, 0), D(0)), ((1,), D(1)), ((None, 0), D(0))],
)
def test_yes_no_choice_is_yes_if_any_part_says_yes(catalog, rules, codes, expected) -> None:  # type: ignore[no-untyped-def]
    table = {f"P{i}": ({} if c is None else {"1.5": iv(c)}) for i, c in enumerate(codes)}
    got = one(catalog, rules, "1.5", table)
    assert got.status is Status.MERGED
    assert got.value == expected


def test_other_choice_needs_manual_entry_with_its_parts_even_when_they_agree(
    catalog, rules
) -> None:  # type: ignore[no-untyped-def]
    for table in (
        {"A": {"1.4.2": iv(0)}, "B": {"1.4.2": iv(1)}},
        {"A": {"1.4.2": iv(2)}, "B": {"1.4.2": iv(2)}},
    ):
        got = one(catalog, rules, "1.4.2", table)
        assert got.status is Status.MANUAL
        assert got.value is None
        assert got.reason == "lựa chọn không phải Có/Không"
        assert [p.unit for p in got.parts] == ["A", "B"]


def test_text_kept_when_every_part_agrees_otherwise_manual(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    same = {"A": {"7.1.1": iv("Đảm bảo")}, "B": {"7.1.1": iv("Đảm bảo ")}}
    assert one(catalog, rules, "7.1.1", same).value == "Đảm bảo"
    differ = {"A": {"7.1.1": iv("Đảm bảo")}, "B": {"7.1.1": iv("Chưa đảm bảo")}}
    got = one(catalog, rules, "7.1.1", differ)
    assert got.status is Status.MANUAL
    assert "A Đảm bảo" in got.reason and "B Chưa đảm bảo" in got.reason


def test_a_count_given_as_text_by_a_part_is_manual(catalog, rules) -> None:  # type: ignore[no-untyped-def]
    got = one(catalog, rules, "1.1.1", {"A": {"1.1.1": iv(3)}, "B": {"1.1.1": iv("ba")}})
    assert got.status is Status.MANUAL


# --- a whole aggregation ----------------------------------------------------------------------------------
def test_aggregate_limits_to_the_rows_a_report_shows(catalog) -> None:  # type: ignore[no-untyped-def]
    table = {"A": {"1.1.1": iv(1), "3.5.1": iv(5)}}
    enabled = [i.code for i in catalog.enabled(set()) if i.has_value]
    got = aggregate(catalog, ["A"], table, codes=enabled)
    assert "3.5.1" not in got.results  # the optional "hs" block is off
    assert got.results["1.1.1"].value == D(1)
    assert list(got.merged()) == ["1.1.1"]
    assert got.manual() == {}


# --- planning a merge against the stored provenance (services.merge.plan_from_parts: pure) -------
def _report(values: dict[str, IndicatorValue]):  # type: ignore[no-untyped-def]
    from cchc_desktop.domain.periods import Period, PeriodKind
    from cchc_desktop.domain.report import Report, Unit

    return Report(
        Unit("Sở X"),
        Period(2024, PeriodKind.H1),
        "phu-luc-iii-ha-tinh",
        "2024.1",
        values=dict(values),
        id=1,
    )


def test_plan_remerge_replaces_one_share_keeps_overrides_and_clears_what_went(catalog) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.domain.provenance import Provenance
    from cchc_desktop.services.merge import plan_from_parts

    first = plan_from_parts(
        _report({}),
        catalog,
        Provenance(),
        [
            ("A", "a.xlsx", "2024.1", {"1.1.1": iv(5), "1.1.2": iv(2), "1.2": iv(1)}),
            ("B", "b.xlsx", "2024.1", {"1.1.1": iv(7), "1.1.2": iv(3)}),
        ],
        known=["A", "B", "C"],
    )
    assert {c.code: c.new_text for c in first.changes} == {"1.1.1": "12", "1.1.2": "5", "1.2": "1"}
    assert first.missing == ["C"]
    stored = first.after
    # the user overrides 1.1.2; B sends a corrected file without 1.2 (A still has it) and 1.1.1
    report = _report({"1.1.1": iv(12), "1.1.2": iv(9), "1.2": iv(1)})
    again = plan_from_parts(
        report, catalog, stored, [("B", "b2.xlsx", "2024.1", {"1.1.1": iv(70), "1.1.2": iv(30)})]
    )
    assert {c.code: c.new_text for c in again.changes} == {"1.1.1": "75"}
    assert [(c.code, c.old_text, c.new_text) for c in again.overridden] == [("1.1.2", "9", "32")]
    assert again.after.merged["1.1.2"].overridden is True
    assert again.after.parts_of("1.1.1")[1].value == D(70)
    assert list(again.after.parts) == ["A", "B"]
    # A now reports nothing for 1.2: the merged figure goes (it was not typed by hand)
    gone = plan_from_parts(report, catalog, stored, [("A", "a2.xlsx", "2024.1", {"1.1.1": iv(5)})])
    assert ("1.2", "cleared") in [(c.code, c.status) for c in gone.changes]
    assert gone.patch.values["1.2"].is_reported is False


def test_provenance_overridden_and_table() -> None:
    import datetime as dt

    from cchc_desktop.domain.provenance import MergedMark, PartInfo, Provenance

    when = dt.datetime(2024, 6, 1)
    prov = Provenance(
        sources={"1.1.1": {"A": iv(5), "B": iv(7)}},
        merged={"1.1.1": MergedMark("merged", D(12)), "1.4.2": MergedMark("manual", None)},
        parts={"B": PartInfo("b", "2024.1", when), "A": PartInfo("a", "2024.1", when)},
    )
    assert not prov.is_overridden("1.1.1", D("12.0"))
    assert prov.is_overridden("1.1.1", D(13))
    assert prov.is_overridden("1.1.1", None)
    assert not prov.is_overridden("1.4.2", D(1))  # manual entry is not an override
    assert [p.unit for p in prov.parts_of("1.1.1")] == ["B", "A"]
    assert [p.unit for p in prov.ordered(["A", "B"]).parts_of("1.1.1")] == ["A", "B"]
    assert prov.table() == {"A": {"1.1.1": iv(5)}, "B": {"1.1.1": iv(7)}}
