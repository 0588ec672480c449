"""Reporting periods (quý I-IV, 6 tháng, 9 tháng, năm): wording, data cut-off dates, ordering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING

from .frozen import Ordered

if TYPE_CHECKING:
    from .report import Report


class PeriodKind(Enum):
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"
    H1 = "H1"
    M9 = "9M"
    Y = "Y"

    @classmethod
    def parse(cls, code: str) -> PeriodKind:
        try:
            return cls(code.strip().upper())
        except ValueError:
            allowed = ", ".join(k.value for k in cls)
            raise ValueError(
                f"Kỳ báo cáo “{code}” không hợp lệ (chọn một trong: {allowed})"
            ) from None


# kind -> (first month covered, last month covered, Vietnamese wording, short label)
_SPEC: dict[PeriodKind, tuple[int, int, str, str]] = {
    PeriodKind.Q1: (1, 3, "quý I năm {y}", "Quý I"),
    PeriodKind.Q2: (4, 6, "quý II năm {y}", "Quý II"),
    PeriodKind.Q3: (7, 9, "quý III năm {y}", "Quý III"),
    PeriodKind.Q4: (10, 12, "quý IV năm {y}", "Quý IV"),
    PeriodKind.H1: (1, 6, "6 tháng đầu năm {y}", "6 tháng"),
    PeriodKind.M9: (1, 9, "9 tháng năm {y}", "9 tháng"),
    PeriodKind.Y: (1, 12, "năm {y}", "Năm"),
}

# The periods that accumulate from the start of the year, shortest first: cumulative figures must
# not fall along this chain (Q1 -> 6 tháng -> 9 tháng -> năm).
YEAR_TO_DATE_CHAIN: tuple[PeriodKind, ...] = (
    PeriodKind.Q1,
    PeriodKind.H1,
    PeriodKind.M9,
    PeriodKind.Y,
)


class Period(Ordered):
    """A reporting period: a kind (quarter, half year...) of one year."""

    __match_args__ = ("year", "kind")
    year: int
    kind: PeriodKind

    def __init__(self, year: int, kind: PeriodKind) -> None:
        if not 2000 <= year <= 2100:
            raise ValueError(f"Năm báo cáo {year} không hợp lệ (từ 2000 đến 2100)")
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "kind", kind)

    @property
    def code(self) -> str:
        return self.kind.value

    @property
    def first_month(self) -> int:
        return _SPEC[self.kind][0]

    @property
    def last_month(self) -> int:
        return _SPEC[self.kind][1]

    @property
    def wording(self) -> str:
        """As written in a title: "6 tháng đầu năm 2024", "quý I năm 2024", "năm 2024"."""
        return _SPEC[self.kind][2].format(y=self.year)

    @property
    def label(self) -> str:
        """Short label for lists: "6 tháng 2024"."""
        return f"{_SPEC[self.kind][3]} {self.year}"

    @property
    def cutoff_start(self) -> dt.date:
        """Data cut-off start (Nghị định 09/2019/NĐ-CP): the 15th of the month before the period."""
        if self.first_month == 1:
            return dt.date(self.year - 1, 12, 15)
        return dt.date(self.year, self.first_month - 1, 15)

    @property
    def cutoff_end(self) -> dt.date:
        """Data cut-off end: the 14th of the period's last month."""
        return dt.date(self.year, self.last_month, 14)

    @property
    def deadline(self) -> dt.date:
        """Sending deadline (581/BNV-CCHC): the 20th of the period's last month."""
        return dt.date(self.year, self.last_month, 20)

    @property
    def is_year_to_date(self) -> bool:
        return self.first_month == 1

    def default_subject(self) -> str:
        """The trích yếu suggested for a new report: "Cải cách hành chính 6 tháng đầu năm 2024"."""
        return f"Cải cách hành chính {self.wording}"

    def next_period_phrase(self) -> str:
        """How the narrative names the following period: "quý III/2024", "năm 2025"."""
        roman = {3: "II", 6: "III", 9: "IV"}
        if self.last_month == 12:
            return f"năm {self.year + 1}"
        return f"quý {roman[self.last_month]}/{self.year}"

    def earlier_in_chain(self) -> list[Period]:
        """Shorter year-to-date periods of the same year that this one contains (for cross-period checks)."""
        if self.kind not in YEAR_TO_DATE_CHAIN:
            return []
        idx = YEAR_TO_DATE_CHAIN.index(self.kind)
        return [Period(self.year, k) for k in YEAR_TO_DATE_CHAIN[:idx]]

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.kind)


# How the list of periods is offered to choose from, in the order of a year.
PERIOD_CHOICES: tuple[PeriodKind, ...] = (
    PeriodKind.Q1,
    PeriodKind.H1,
    PeriodKind.Q2,
    PeriodKind.M9,
    PeriodKind.Q3,
    PeriodKind.Y,
    PeriodKind.Q4,
)


def period_sort_key(period: Period) -> tuple[int, int, int]:
    """Chronological order of report periods: by year, then by the last month covered, shorter first."""
    return (period.year, period.last_month, -period.first_month)


def compared_periods(period: Period) -> set[Period]:
    """The periods cross_period_findings compares a report of `period` with: the year-to-date
    chain of its year and the same period of last year (the only other reports it reads)."""
    out = set()
    if period.kind in YEAR_TO_DATE_CHAIN:
        out = {Period(period.year, kind) for kind in YEAR_TO_DATE_CHAIN}
    if period.year > 2000:
        out.add(period.same_period_last_year())
    out.discard(period)
    return out


def previous_report(report: Report, others: Iterable[Report]) -> Report | None:
    """The unit's report of the period just before this one (for the "kỳ trước" column)."""
    key = period_sort_key(report.period)
    earlier = [r for r in others if r.id != report.id and period_sort_key(r.period) < key]
    return max(earlier, key=lambda r: period_sort_key(r.period)) if earlier else None


def next_period(period: Period) -> Period:
    """The period a "Tạo từ kỳ trước" most likely targets: Q1 -> 6 tháng -> 9 tháng -> năm -> Q1."""
    chain = {
        PeriodKind.Q1: PeriodKind.H1,
        PeriodKind.H1: PeriodKind.M9,
        PeriodKind.M9: PeriodKind.Y,
        PeriodKind.Q2: PeriodKind.Q3,
        PeriodKind.Q3: PeriodKind.Q4,
    }
    if period.kind in chain:
        return Period(period.year, chain[period.kind])
    return Period(period.year + 1, PeriodKind.Q1)
