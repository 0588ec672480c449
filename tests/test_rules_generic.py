"""The rules derived for any catalog from its own words: "Trong đó" parts, "Tổng số" totals; and
the ranges and choice codes every catalog gets (an imported form without authored rules)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from _catalog_support import form_2024

from cchc_desktop.domain.catalog import catalog_from_dict
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue, Report, Unit
from cchc_desktop.domain.rules import Validator, default_rules, rules_from_dict
from cchc_desktop.domain.rules.generic import generic_rules, is_in_which, is_total
from cchc_desktop.domain.rules.model import PartLeWholeRule, SumEqualsRule
from cchc_desktop.services.catalogs import get_catalog
from cchc_desktop.services.validation import load_rules


def _catalog(rows: list[dict[str, Any]]) -> Any:
    return catalog_from_dict({"id": "t", "version": "1", "indicators": rows})


def _row(
    code: str, label: str, parent: str | None, kind: str = "count", **extra: Any
) -> dict[str, Any]:
    return {"code": code, "label": label, "kind": kind, "parent": parent, **extra}


def test_in_which_and_total_are_read_from_the_form_words() -> None:
    cat = _catalog(
        [
            _row("1", "Tổng số nhiệm vụ", None),
            _row("1.1", "Trong đó: nhiệm vụ trọng tâm", "1"),
            _row("1.2", "Nhiệm vụ khác", "1", printed_code="Trong đó"),
            _row("1.3", "Số nhiệm vụ", "1", breakdown=True),
            _row("1.4", "tổng  số   lẻ", "1"),
        ]
    )
    assert [is_in_which(i) for i in cat] == [False, True, True, True, False]
    assert [is_total(i) for i in cat] == [True, False, False, False, True]


def test_a_total_row_gets_its_children_summed_and_in_which_rows_bounded() -> None:
    cat = catalog_from_dict(form_2024())
    rules = {r.id: r for r in generic_rules(cat, default_rules(cat).rules)}
    total = rules["generic.total:1.1"]
    assert isinstance(total, SumEqualsRule)
    assert (total.total, set(total.parts)) == ("1.1", {"1.1.1", "1.1.2"})
    part = rules["generic.in-which:1.2"]
    assert isinstance(part, PartLeWholeRule) and part.parts == ("1.2.1",)
    assert set(rules) == {"generic.total:1.1", "generic.in-which:1.2"}


def test_nothing_is_stated_twice() -> None:
    cat = catalog_from_dict(form_2024())
    first = generic_rules(cat, default_rules(cat).rules)
    assert generic_rules(cat, default_rules(cat).rules + first) == []
    # an authored rule over the same rows (another id, even another kind) covers it
    authored = rules_from_dict(
        {
            "catalog": {"id": cat.id},
            "rules": [{"id": "mine", "kind": "part_le_whole", "parts": ["1.2.1"], "whole": "1.2"}],
        },
        cat,
    )
    assert [r.id for r in generic_rules(cat, authored.rules)] == ["generic.total:1.1"]


def test_flagged_breakdowns_keep_their_derived_rule_only() -> None:
    cat = _catalog(
        [
            _row("1", "Tổng số hồ sơ", None),
            _row("1.1", "Đã giải quyết", "1", breakdown=True),
            _row("1.2", "Đang giải quyết", "1", breakdown=True),
        ]
    )
    derived = default_rules(cat).rules
    assert "breakdown:1" in {r.id for r in derived}
    assert generic_rules(cat, derived) == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a total with one child: nothing to add up
        ([_row("1", "Tổng số cán bộ", None), _row("1.1", "Nam", "1")], []),
        # children of another kind are not parts of a count
        (
            [
                _row("1", "Tổng số cán bộ", None),
                _row("1.1", "Tỷ lệ", "1", "percent"),
                _row("1.2", "Tỷ lệ nữ", "1", "percent"),
            ],
            [],
        ),
        # a percentage total is never summed
        (
            [
                _row("1", "Tổng số %", None, "percent"),
                _row("1.1", "a", "1", "percent"),
                _row("1.2", "b", "1", "percent"),
            ],
            [],
        ),
        # a row not called a total: its children are not summed
        ([_row("1", "Số cán bộ", None), _row("1.1", "Nam", "1"), _row("1.2", "Nữ", "1")], []),
        # "Trong đó" under a total: bounded, not summed
        (
            [
                _row("1", "Tổng số cán bộ", None),
                _row("1.1", "Trong đó: nữ", "1"),
                _row("1.2", "Nam", "1"),
            ],
            ["generic.in-which:1"],
        ),
        # decimals add up too
        (
            [
                _row("1", "Tổng số điểm", None, "decimal"),
                _row("1.1", "a", "1", "decimal"),
                _row("1.2", "b", "1", "decimal"),
            ],
            ["generic.total:1"],
        ),
    ],
)
def test_which_rows_get_a_rule(rows: list[dict[str, Any]], expected: list[str]) -> None:
    cat = _catalog(rows)
    assert [r.id for r in generic_rules(cat, default_rules(cat).rules)] == expected


def _report(values: dict[str, str]) -> Report:
    return Report(
        unit=Unit("Sở Nội vụ"),
        period=Period(2024, PeriodKind.H1),
        catalog_id="phu-luc-iii-quang-tri",
        catalog_version="2024.1",
        values={c: IndicatorValue(Decimal(v)) for c, v in values.items()},
    )


def test_the_generic_rules_fire_on_bad_figures_and_not_on_good_ones() -> None:
    cat = catalog_from_dict(form_2024())
    ruleset = load_rules(cat)  # no authored rules: derived + generic
    validator = Validator(cat, ruleset)
    good = validator.validate(
        _report({"1.1": "10", "1.1.1": "6", "1.1.2": "4", "1.2": "5", "1.2.1": "2"})
    )
    assert good == []
    bad = validator.validate(
        _report({"1.1": "10", "1.1.1": "6", "1.1.2": "3", "1.2": "5", "1.2.1": "7"})
    )
    rules = {f.rule for f in bad}
    assert {"generic.total:1.1", "generic.in-which:1.2"} <= rules
    total = next(f for f in bad if f.rule == "generic.total:1.1")
    assert set(total.codes) >= {"1.1", "1.1.1", "1.1.2"} and "10" in total.message
    # stored out-of-range values (an older version's) are still named: count whole, % <= 100
    odd = validator.validate(_report({"1.1": "2.5", "1.3": "120"}))
    assert {"bounds:1.1", "bounds:1.3"} <= {f.rule for f in odd}


def test_the_shipped_form_gets_no_duplicate_checks() -> None:
    cat = get_catalog()
    ruleset = load_rules(cat)
    assert [r.id for r in ruleset.rules if r.id.startswith("generic.")] == []
    assert len({r.id for r in ruleset.rules}) == len(ruleset.rules)
