"""Where a report stands: its deadline counted from today and how much of Phụ lục III is filled."""

from __future__ import annotations

import datetime as dt
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


# how many completeness results a lookup keeps (a list of 2,000 reports, and a few thousand figures
# typed in the window that refreshes it)
_KEPT = 8192


class CatalogLookup:
    """(id, version) -> the catalog, each resolved once (a list of 2,000 reports on a few forms),
    None when it is neither shipped nor stored (the list still shows the report); and each form's
    counted codes per set of optional blocks, and each completeness of a form, blocks and filled
    codes, worked out once for the list (reports of a unit fill the same rows period after
    period)."""

    def __init__(self, store: ReportStore | None) -> None:
        self._registry = CatalogRegistry(store)
        self._found: dict[tuple[str, str], Catalog | None] = {}
        self._counted: dict[tuple[str, str, frozenset[str]], tuple[str, ...]] = {}
        self._done: dict[tuple[str, str, frozenset[str], str], Completeness | None] = {}

    def __call__(self, catalog_id: str, version: str) -> Catalog | None:
        key = (catalog_id, version)
        if key not in self._found:
            try:
                self._found[key] = self._registry.get(catalog_id, version or None)
            except UserError:  # an unknown or broken catalog: the count is left out, not the row
                self._found[key] = None
        return self._found[key]

    def counted(self, summary: ReportSummary, catalog: Catalog) -> tuple[str, ...]:
        """counted_codes of the summary's form (catalog, as this lookup found it) and blocks."""
        key = (summary.catalog_id, summary.catalog_version, summary.optional_groups)
        found = self._counted.get(key)
        if found is None:
            found = self._counted[key] = counted_codes(catalog, summary.optional_groups)
        return found

    def completeness(self, summary: ReportSummary) -> Completeness | None:
        """summary_completeness, once per form, blocks and filled codes of the list."""
        key = (
            summary.catalog_id,
            summary.catalog_version,
            summary.optional_groups,
            summary.filled,  # the codes as one text: hashed once, split only when counted
        )
        try:
            return self._done[key]
        except KeyError:
            if len(self._done) >= _KEPT:  # a long GUI session: each typed figure is a new key
                self._done.clear()
            done = self._done[key] = self._complete(summary)
            return done

    def _complete(self, summary: ReportSummary) -> Completeness | None:
        catalog = self(summary.catalog_id, summary.catalog_version)
        if catalog is None or not len(catalog):
            return None
        return completeness_of(self.counted(summary, catalog), summary.filled_codes)


def catalog_lookup(store: ReportStore | None) -> CatalogLookup:
    """The lookup of one list (its forms and their counted codes resolved once)."""
    return CatalogLookup(store)


def report_completeness(report: Report, store: ReportStore | None = None) -> Completeness:
    catalog = CatalogRegistry(store).for_report(report)
    return completeness(catalog, report.optional_groups, filled_codes(report.values))


def summary_completeness(
    summary: ReportSummary, find: CatalogLookup | None = None
) -> Completeness | None:
    """None when the report has no Phụ lục III or its catalog is not known."""
    return (find or catalog_lookup(None)).completeness(summary)


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
