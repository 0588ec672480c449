"""Deadlines counted from a given day, for every period kind, around year ends (domain/deadlines.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc_desktop.domain.deadlines import DUE_SOON_DAYS, deadline_state
from cchc_desktop.domain.periods import Period, PeriodKind

D = dt.date
DUE_MONTH = {
    PeriodKind.Q1: 3,
    PeriodKind.Q2: 6,
    PeriodKind.Q3: 9,
    PeriodKind.Q4: 12,
    PeriodKind.H1: 6,
    PeriodKind.M9: 9,
    PeriodKind.Y: 12,
}


@pytest.mark.parametrize("kind", list(PeriodKind))
@pytest.mark.parametrize("year", [2023, 2024, 2025, 2100])
def test_due_is_the_20th_of_the_last_month_of_every_kind(kind: PeriodKind, year: int) -> None:
    due = D(year, DUE_MONTH[kind], 20)
    period = Period(year, kind)
    assert deadline_state(period, due).due == due
    on_the_day = deadline_state(period, due)
    assert (on_the_day.days_left, on_the_day.overdue, on_the_day.due_soon) == (0, False, True)
    assert on_the_day.label.endswith("hạn hôm nay")
    day_after = deadline_state(period, due + dt.timedelta(days=1))
    assert (day_after.days_left, day_after.overdue, day_after.days_overdue) == (-1, True, 1)
    week_before = deadline_state(period, due - dt.timedelta(days=DUE_SOON_DAYS))
    assert week_before.due_soon and not week_before.overdue
    eight_before = deadline_state(period, due - dt.timedelta(days=DUE_SOON_DAYS + 1))
    assert not eight_before.due_soon and not eight_before.overdue


@pytest.mark.parametrize("kind", [PeriodKind.Q4, PeriodKind.Y])
@pytest.mark.parametrize(
    ("today", "days_left"),
    [
        (D(2024, 12, 12), 8),
        (D(2024, 12, 13), 7),
        (D(2024, 12, 20), 0),
        (D(2024, 12, 31), -11),
        (D(2025, 1, 1), -12),
        (D(2025, 12, 20), -365),
        (D(2026, 1, 1), -377),
    ],
)
def test_december_deadlines_across_the_new_year(
    kind: PeriodKind, today: dt.date, days_left: int
) -> None:
    state = deadline_state(Period(2024, kind), today)
    assert state.days_left == days_left
    assert state.overdue is (days_left < 0)
    assert state.due_soon is (0 <= days_left <= 7)


@pytest.mark.parametrize(
    ("kind", "today", "days_left"),
    [
        # next year's reports seen in the old year: not due soon, nothing overdue
        (PeriodKind.Q1, D(2024, 12, 31), 79),
        (PeriodKind.H1, D(2024, 12, 31), 171),
        (PeriodKind.Q2, D(2024, 12, 31), 171),
        (PeriodKind.M9, D(2024, 12, 31), 263),
        (PeriodKind.Q3, D(2024, 12, 31), 263),
        (PeriodKind.Y, D(2024, 12, 31), 354),
        (PeriodKind.Q4, D(2025, 1, 1), 353),
    ],
)
def test_next_years_reports_from_the_turn_of_the_year(
    kind: PeriodKind, today: dt.date, days_left: int
) -> None:
    state = deadline_state(Period(2025, kind), today)
    assert (state.days_left, state.overdue, state.due_soon) == (days_left, False, False)


def test_leap_february_counts_its_29th() -> None:
    q1 = Period(2024, PeriodKind.Q1)
    assert deadline_state(q1, D(2024, 2, 28)).days_left == 21  # 29 Feb 2024 exists
    assert deadline_state(Period(2025, PeriodKind.Q1), D(2025, 2, 28)).days_left == 20


def test_the_eight_months_late_q1_of_the_issue() -> None:
    state = deadline_state(Period(2026, PeriodKind.Q1), D(2026, 12, 2))
    assert state.overdue and state.days_overdue == 257
    assert state.label == "20/3/2026 · quá hạn 257 ngày"
    assert state.banner("quý I năm 2026") == (
        "Báo cáo quý I năm 2026 đã quá hạn gửi 257 ngày (hạn gửi 20/3/2026)."
    )


def test_a_finished_report_is_never_late_nor_due() -> None:
    late = deadline_state(Period(2024, PeriodKind.H1), D(2025, 1, 1), done=True)
    assert late.days_left < 0 and not late.overdue and late.days_overdue == 0
    assert late.banner("6 tháng đầu năm 2024") == "" and late.label == "20/6/2024"
    soon = deadline_state(Period(2024, PeriodKind.H1), D(2024, 6, 18), done=True)
    assert not soon.due_soon


def test_labels() -> None:
    h1 = Period(2024, PeriodKind.H1)
    assert deadline_state(h1, D(2024, 6, 17)).label == "20/6/2024 · còn 3 ngày"
    assert deadline_state(h1, D(2024, 1, 1)).label == "20/6/2024"
    assert deadline_state(Period(2024, PeriodKind.Q1), D(2024, 3, 1)).label == "20/3/2024"
    assert deadline_state(h1, D(2024, 6, 1)).banner("x") == ""


@pytest.mark.parametrize("kind", list(PeriodKind))
def test_cutoff_of_periods_starting_in_january_begins_the_year_before(kind: PeriodKind) -> None:
    p = Period(2025, kind)
    if p.first_month == 1:
        assert p.cutoff_start == D(2024, 12, 15)
    else:
        assert p.cutoff_start == D(2025, p.first_month - 1, 15)
    assert p.cutoff_end == D(2025, DUE_MONTH[kind], 14)


def test_today_can_be_set_for_tests_and_a_bad_value_is_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cchc_desktop.services.clock import today

    monkeypatch.setenv("CCHC_TODAY", "2024-12-31")
    assert today() == D(2024, 12, 31)
    monkeypatch.setenv("CCHC_TODAY", "31/12/2024")
    assert today() == dt.date.today()
    monkeypatch.delenv("CCHC_TODAY")
    assert today() == dt.date.today()
