"""Reporting periods: wording, cut-off dates, the year-to-date chain."""

import datetime as dt

import pytest

from cchc_desktop.domain.periods import Period, PeriodKind


@pytest.mark.parametrize(
    ("kind", "wording", "start", "end"),
    [
        ("Q1", "quý I năm 2024", dt.date(2023, 12, 15), dt.date(2024, 3, 14)),
        ("Q2", "quý II năm 2024", dt.date(2024, 3, 15), dt.date(2024, 6, 14)),
        ("Q3", "quý III năm 2024", dt.date(2024, 6, 15), dt.date(2024, 9, 14)),
        ("Q4", "quý IV năm 2024", dt.date(2024, 9, 15), dt.date(2024, 12, 14)),
        ("H1", "6 tháng đầu năm 2024", dt.date(2023, 12, 15), dt.date(2024, 6, 14)),
        ("9M", "9 tháng năm 2024", dt.date(2023, 12, 15), dt.date(2024, 9, 14)),
        ("Y", "năm 2024", dt.date(2023, 12, 15), dt.date(2024, 12, 14)),
    ],
)
def test_wording_and_cutoff(kind: str, wording: str, start: dt.date, end: dt.date) -> None:
    p = Period(2024, PeriodKind.parse(kind))
    assert p.wording == wording
    assert p.cutoff_start == start
    assert p.cutoff_end == end
    assert p.deadline == dt.date(2024, end.month, 20)


def test_subject_and_next_period() -> None:
    h1 = Period(2024, PeriodKind.H1)
    assert h1.default_subject() == "Cải cách hành chính 6 tháng đầu năm 2024"
    assert h1.next_period_phrase() == "quý III/2024"
    assert Period(2024, PeriodKind.Y).next_period_phrase() == "năm 2025"


def test_year_to_date_chain() -> None:
    y = Period(2024, PeriodKind.Y)
    assert [p.kind for p in y.earlier_in_chain()] == [PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9]
    assert Period(2024, PeriodKind.Q1).earlier_in_chain() == []
    assert Period(2024, PeriodKind.Q3).earlier_in_chain() == []
    assert Period(2024, PeriodKind.H1).same_period_last_year() == Period(2023, PeriodKind.H1)


def test_bad_period_messages_are_vietnamese() -> None:
    with pytest.raises(ValueError, match="Kỳ báo cáo “Z” không hợp lệ"):
        PeriodKind.parse("Z")
    with pytest.raises(ValueError, match="Năm báo cáo 1900 không hợp lệ"):
        Period(1900, PeriodKind.Y)
    assert PeriodKind.parse(" h1 ") is PeriodKind.H1


def test_period_order_previous_and_next() -> None:
    from cchc_desktop.domain.periods import (
        PERIOD_CHOICES,
        next_period,
        period_sort_key,
        previous_report,
    )
    from cchc_desktop.domain.report import Report, Unit

    def p(kind: PeriodKind, year: int = 2024) -> Period:
        return Period(year, kind)

    assert set(PERIOD_CHOICES) == set(PeriodKind)
    ordered = sorted(
        [p(PeriodKind.Y), p(PeriodKind.Q2), p(PeriodKind.H1), p(PeriodKind.Q1, 2025)],
        key=period_sort_key,
    )
    assert [x.label for x in ordered] == ["Quý II 2024", "6 tháng 2024", "Năm 2024", "Quý I 2025"]
    assert next_period(p(PeriodKind.Q1)) == p(PeriodKind.H1)
    assert next_period(p(PeriodKind.M9)) == p(PeriodKind.Y)
    assert next_period(p(PeriodKind.Q3)) == p(PeriodKind.Q4)
    assert next_period(p(PeriodKind.Y)) == p(PeriodKind.Q1, 2025)
    assert next_period(p(PeriodKind.Q4)) == p(PeriodKind.Q1, 2025)

    unit = Unit("Sở Tài chính")
    reports = [Report(unit, per, "c", "1", id=i) for i, per in enumerate(ordered, start=1)]
    assert previous_report(reports[2], reports) is reports[1]
    assert previous_report(reports[0], reports) is None
    assert previous_report(reports[0], []) is None
