"""Checks against the unit's other reports: lũy kế never falls, flows grow, jumps vs last year."""

from __future__ import annotations

import copy
from decimal import Decimal

from _rules_support import SMALL, make_report, small_catalog

from cchc_desktop.domain.catalog import catalog_from_dict
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.rules import CrossPeriodConfig, Severity, cross_period_findings

Q1, H1, M9, Y = PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9, PeriodKind.Y
CATALOG = small_catalog()


def rep(kind: PeriodKind, year: int = 2024, rid: int | None = None, **values: int | str):
    return make_report(
        {k.replace("_", "."): v for k, v in values.items()},
        period=Period(year, kind),
        report_id=rid,
    )


def findings(report, history, **kw):  # type: ignore[no-untyped-def]
    return cross_period_findings(report, history, CATALOG, **kw)


# cumulative ("lũy kế") ---------------------------------------------------------------------
def test_cumulative_that_falls_is_an_error() -> None:
    q1 = rep(Q1, rid=1, **{"6_3": 3})
    h1 = rep(H1, rid=2, **{"6_3": 2})
    [f] = findings(h1, [q1])
    assert f.severity is Severity.ERROR and f.rule == "cross.cumulative:6.3"
    assert f.codes == ("6.3",) and f.values == {"6.3": Decimal(2)}
    assert "lũy kế" in f.message and "quý I năm 2024" in f.message
    assert "6 tháng đầu năm 2024" in f.message and "(6.3)" in f.message


def test_cumulative_that_holds_or_grows_passes() -> None:
    history = [rep(Q1, rid=1, **{"6_3": 1}), rep(H1, rid=2, **{"6_3": 1})]
    assert findings(rep(M9, rid=3, **{"6_3": 1}), history) == []
    assert findings(rep(M9, rid=3, **{"6_3": 4}), history) == []


def test_cumulative_missing_on_either_side_is_not_compared() -> None:
    assert findings(rep(H1, rid=2), [rep(Q1, rid=1, **{"6_3": 3})]) == []
    assert findings(rep(H1, rid=2, **{"6_3": 1}), [rep(Q1, rid=1)]) == []


def test_checked_from_the_shorter_report_too() -> None:
    # editing the quý I report after the 9-month one exists: the fall is still reported
    q1 = rep(Q1, rid=1, **{"6_3": 5})
    [f] = findings(q1, [rep(M9, rid=3, **{"6_3": 2})])
    assert f.severity is Severity.ERROR
    assert "9 tháng năm 2024" in f.message and "quý I năm 2024" in f.message


def test_other_years_units_and_catalogs_are_not_compared() -> None:
    h1 = rep(H1, rid=2, **{"6_3": 1})
    other_year = rep(Q1, 2023, rid=1, **{"6_3": 5})
    other_unit = make_report({"6.3": 5}, period=Period(2024, Q1), unit="Sở Khác", report_id=7)
    other_cat = make_report({"6.3": 5}, period=Period(2024, Q1), report_id=8, catalog_id="another")
    assert findings(h1, [other_year, other_unit, other_cat, h1]) == []


def test_separate_quarters_are_not_a_chain() -> None:
    q2 = rep(PeriodKind.Q2, rid=2, **{"6_3": 1, "1_1_1": 1})
    assert findings(q2, [rep(Q1, rid=1, **{"6_3": 5, "1_1_1": 50})]) == []


# flows -----------------------------------------------------------------------------------
def test_flow_below_a_shorter_period_is_a_warning() -> None:
    [f] = findings(rep(H1, rid=2, **{"1_1_2": 10}), [rep(Q1, rid=1, **{"1_1_2": 12})])
    assert f.severity is Severity.WARNING and f.rule == "cross.flow:1.1.2"
    assert "(1.1.2)" in f.message and "12" in f.message and "10" in f.message


def test_flow_that_grows_passes_and_stock_may_fall() -> None:
    assert findings(rep(H1, rid=2, **{"1_1_2": 12}), [rep(Q1, rid=1, **{"1_1_2": 12})]) == []
    # biên chế có mặt is a snapshot: it may fall between quý I and 6 tháng
    assert findings(rep(H1, rid=2, **{"4_2_2": 55}), [rep(Q1, rid=1, **{"4_2_2": 59})]) == []


def test_severities_come_from_the_config() -> None:
    cfg = CrossPeriodConfig(cumulative=Severity.WARNING, flow=Severity.NOTICE)
    found = findings(
        rep(H1, rid=2, **{"6_3": 1, "1_1_2": 1}),
        [rep(Q1, rid=1, **{"6_3": 2, "1_1_2": 2})],
        config=cfg,
    )
    assert {f.rule: f.severity for f in found} == {
        "cross.cumulative:6.3": Severity.WARNING,
        "cross.flow:1.1.2": Severity.NOTICE,
    }


# same period last year ---------------------------------------------------------------------
def test_change_of_more_than_half_versus_last_year_is_a_warning() -> None:
    last = rep(H1, 2023, rid=1, **{"1_1_1": 100, "3_3_3": 100})
    [f] = findings(rep(H1, rid=2, **{"1_1_1": 40, "3_3_3": 90}), [last])
    assert f.severity is Severity.WARNING and f.rule == "cross.yoy:1.1.1"
    assert "cùng kỳ năm trước" in f.message and "6 tháng đầu năm 2023" in f.message
    [f] = findings(rep(H1, rid=2, **{"1_1_1": 151}), [last])
    assert f.rule == "cross.yoy:1.1.1"


def test_change_of_at_most_half_or_tiny_or_from_zero_passes() -> None:
    last = rep(H1, 2023, rid=1, **{"1_1_1": 100, "1_1_2": 1, "1_3_1": 0})
    assert findings(rep(H1, rid=2, **{"1_1_1": 50, "1_1_2": 2, "1_3_1": 40}), [last]) == []
    assert findings(rep(H1, rid=2, **{"1_1_1": 150}), [last]) == []
    assert findings(rep(H1, rid=2), [last]) == []


def test_choice_and_text_are_not_compared() -> None:
    last = rep(H1, 2023, rid=1, **{"1_4_2": 0, "7_1_1": "Đảm bảo"})
    assert findings(rep(H1, rid=2, **{"1_4_2": 2, "7_1_1": "Chưa"}), [last]) == []


def test_the_report_itself_in_history_is_ignored() -> None:
    h1 = rep(H1, rid=2, **{"6_3": 1})
    copy = rep(H1, rid=2, **{"6_3": 9})
    assert findings(h1, [copy]) == []


def test_codes_limit_the_check() -> None:
    found = findings(
        rep(H1, rid=2, **{"6_3": 1, "1_1_2": 1}),
        [rep(Q1, rid=1, **{"6_3": 2, "1_1_2": 2})],
        codes=["1.1.2"],
    )
    assert [f.rule for f in found] == ["cross.flow:1.1.2"]


def test_recheck_value_includes_the_cross_period_checks_of_the_edited_code() -> None:
    from cchc_desktop.services.validation import recheck_value

    h1 = rep(H1, rid=2, **{"6_3": 1})
    result = recheck_value(h1, CATALOG, "6.3", [rep(Q1, rid=1, **{"6_3": 2})])
    assert "bounds:6.3" in result.rules and "cross.cumulative:6.3" in result.rules
    assert [f.rule for f in result.findings] == ["cross.cumulative:6.3"]


def test_each_form_and_config_is_checked_by_its_own_rows() -> None:
    """Which rows are compared is worked out once per form and config: a form where the same
    code is a snapshot, or a config without last year's kinds, is checked by its own rows, and
    the first form again by its own."""
    q1, h1 = rep(Q1, rid=1, **{"6_3": 3}), rep(H1, rid=2, **{"6_3": 2})
    assert [f.rule for f in findings(h1, [q1])] == ["cross.cumulative:6.3"]
    data = copy.deepcopy(SMALL)
    [row] = [r for r in data["indicators"] if r["code"] == "6.3"]
    row["measure"] = "stock"
    assert cross_period_findings(h1, [q1], catalog_from_dict(data)) == []
    assert [f.rule for f in findings(h1, [q1])] == ["cross.cumulative:6.3"]

    last, now = rep(H1, 2023, rid=1, **{"1_1_1": 100}), rep(H1, rid=2, **{"1_1_1": 40})
    assert [f.rule for f in findings(now, [last])] == ["cross.yoy:1.1.1"]
    assert findings(now, [last], config=CrossPeriodConfig(yoy_kinds=())) == []
    assert [f.rule for f in findings(now, [last])] == ["cross.yoy:1.1.1"]
