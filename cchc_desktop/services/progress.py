"""Where a report stands: its deadline counted from today and how much of Phụ lục III is filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..domain.catalog import Catalog
from ..domain.completeness import (
    Completeness,
    completeness,
    completeness_of,
    counted_codes,
    filled_codes,
)
from ..domain.deadlines import DeadlineState, deadline_state
from ..domain.periods import Period
from ..domain.report import Report, ReportStatus
from ..domain.stored import ReportSummary
from ..errors import UserError
from .catalogs import CatalogRegistry
from .clock import today as clock_today

if TYPE_CHECKING:
    from .store import ReportStore  # annotations only: store.py imports the write side's types


def deadline_of(
    period: Period, status: ReportStatus, today: dt.date | None = None
) -> DeadlineState:
    """A draft can be late; a finished report no longer is."""
    return deadline_state(period, today or clock_today(), done=status is not ReportStatus.DRAFT)


CatalogLookup = Callable[[str, str], "Catalog | None"]

# counted_codes per catalog and set of optional groups: a list of 2,000 reports on a few forms
# works each out once (the catalog is kept with its codes, so that its id names it while cached)
_counted: dict[tuple[int, frozenset[str]], tuple[Catalog, tuple[str, ...]]] = {}


def catalog_lookup(store: ReportStore | None) -> CatalogLookup:
    """(id, version) -> the catalog, each resolved once (a list of 2,000 reports on a few forms);
    None when it is neither shipped nor stored (the list still shows the report)."""
    registry = CatalogRegistry(store)
    found: dict[tuple[str, str], Catalog | None] = {}

    def find(catalog_id: str, version: str) -> Catalog | None:
        key = (catalog_id, version)
        if key not in found:
            try:
                found[key] = registry.get(catalog_id, version or None)
            except UserError:  # an unknown or broken catalog: the count is left out, not the row
                found[key] = None
        return found[key]

    return find


def report_completeness(report: Report, store: ReportStore | None = None) -> Completeness:
    catalog = CatalogRegistry(store).for_report(report)
    return completeness(catalog, report.optional_groups, filled_codes(report.values))


def summary_completeness(
    summary: ReportSummary, find: CatalogLookup | None = None
) -> Completeness | None:
    """None when the report has no Phụ lục III or its catalog is not known."""
    catalog = (find or catalog_lookup(None))(summary.catalog_id, summary.catalog_version)
    if catalog is None or not len(catalog):
        return None
    key = (id(catalog), summary.optional_groups)
    found = _counted.get(key)
    if found is None or found[0] is not catalog:
        found = _counted[key] = (catalog, counted_codes(catalog, summary.optional_groups))
    return completeness_of(found[1], summary.filled_codes)


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
