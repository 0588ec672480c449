"""Where a report stands: its deadline counted from today and how much of Phụ lục III is filled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.completeness import Completeness, completeness, filled_codes
from ..domain.deadlines import DeadlineState, deadline_state
from ..domain.periods import Period
from ..domain.report import Report, ReportStatus
from ..domain.stored import ReportSummary
from ..errors import UserError
from .catalogs import get_catalog
from .clock import today as clock_today


def deadline_of(
    period: Period, status: ReportStatus, today: dt.date | None = None
) -> DeadlineState:
    """A draft can be late; a finished report no longer is."""
    return deadline_state(period, today or clock_today(), done=status is not ReportStatus.DRAFT)


def report_completeness(report: Report) -> Completeness:
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    return completeness(catalog, report.optional_groups, filled_codes(report.values))


def summary_completeness(summary: ReportSummary) -> Completeness | None:
    """None when the report's catalog is not installed (the list still shows the report)."""
    try:
        catalog = get_catalog(summary.catalog_id, summary.catalog_version)
    except UserError:  # an unknown or broken catalog file: the count is left out, not the row
        return None
    return completeness(catalog, summary.optional_groups, summary.filled_codes)


def progress_json(
    period: Period, status: ReportStatus, done: Completeness | None, today: dt.date | None = None
) -> dict[str, Any]:
    """The keys `list --json` and `show --json` add: deadline and completeness."""
    state = deadline_of(period, status, today)
    return {
        "cutoff_start": period.cutoff_start.isoformat(),
        "cutoff_end": period.cutoff_end.isoformat(),
        "due": state.due.isoformat(),
        "days_left": state.days_left,
        "overdue": state.overdue,
        "due_soon": state.due_soon,
        "filled": None if done is None else done.filled,
        "total": None if done is None else done.total,
    }
