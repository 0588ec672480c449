"""Sending deadlines counted from a given day: due soon, overdue, how many days (pure; "today" is passed in)."""

from __future__ import annotations

import datetime as dt

from .frozen import Frozen
from .periods import Period
from .vn import format_date_short

# A report due within this many days is marked in the list (a week to collect the figures).
DUE_SOON_DAYS = 7


class DeadlineState(Frozen):
    """Where a report stands against its deadline on a given day."""

    __match_args__ = ("due", "days_left", "done")
    due: dt.date
    days_left: int  # due - today in days: 0 on the day itself, negative once past it
    done: bool  # the report is no longer a draft: nothing is late any more

    def __init__(
        self,
        due: dt.date,
        days_left: int,
        done: bool,
    ) -> None:
        object.__setattr__(self, "due", due)
        object.__setattr__(self, "days_left", days_left)
        object.__setattr__(self, "done", done)

    @property
    def overdue(self) -> bool:
        return not self.done and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0

    @property
    def due_soon(self) -> bool:
        """Due today or within DUE_SOON_DAYS days, and not done yet."""
        return not self.done and 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def label(self) -> str:
        """The list's short text: "20/3/2026 · quá hạn 257 ngày", "20/6/2026 · còn 3 ngày"."""
        day = format_date_short(self.due)
        if self.overdue:
            return f"{day} · quá hạn {self.days_overdue} ngày"
        if self.due_soon:
            return (
                f"{day} · hạn hôm nay"
                if self.days_left == 0
                else f"{day} · còn {self.days_left} ngày"
            )
        return day

    def banner(self, wording: str) -> str:
        """What an opened overdue draft says at its top ("" when it is not overdue)."""
        if not self.overdue:
            return ""
        return (
            f"Báo cáo {wording} đã quá hạn gửi {self.days_overdue} ngày"
            f" (hạn gửi {format_date_short(self.due)})."
        )


def deadline_state(period: Period, today: dt.date, *, done: bool = False) -> DeadlineState:
    """The report of `period` seen on `today`; `done` when it is no longer a draft."""
    return DeadlineState(period.deadline, (period.deadline - today).days, done)
