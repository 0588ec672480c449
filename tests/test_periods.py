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
