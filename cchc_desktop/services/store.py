"""The report store the services and the GUI work with: what they need of the database.

storage.repository.Repository (the ORM) and storage.quick.StartupStore (quick reads at start, then
the Repository) implement it; only the module that creates the store knows which one it has."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..domain.changes import ReportPatch
from ..domain.history import ChangeSource, FieldChange, HistoryEntry
from ..domain.lifecycle import StatusRequest
from ..domain.periods import Period, compared_periods, period_sort_key
from ..domain.report import IndicatorValue, Report, Unit
from ..domain.stored import CitedDocument, ReportSummary, StoredCatalog, WriteResult


class ReportStore(Protocol):
    """What the services and the GUI need of the database (storage.repository.Repository)."""

    def units(self) -> list[Unit]: ...
    def save_report(self, report: Report, *, source: ChangeSource | str | None = None) -> int: ...
    def load_report(self, report_id: int) -> Report: ...
    def list_reports(self) -> list[ReportSummary]: ...
    def reports_for_unit(self, unit_name: str) -> list[Report]: ...
    def report_summary(self, report_id: int) -> ReportSummary: ...
    # (catalog id, catalog version) of the report's form
    def report_form(self, report_id: int) -> tuple[str, str]: ...
    def unit_summaries(self, unit_name: str) -> list[ReportSummary]: ...
    # with around: only the reports a check of a report of that period may read
    def unit_periods(
        self, unit_name: str, around: Period | None = None
    ) -> list[tuple[int, Period]]: ...
    # header and figures only (what the cross-period checks and "Kỳ trước" read)
    def load_figures(self, report_ids: Sequence[int]) -> list[Report]: ...
    def delete_report(self, report_id: int) -> None: ...
    def set_values(
        self,
        report_id: int,
        values: dict[str, IndicatorValue],
        *,
        source: ChangeSource | str = ChangeSource.COMMAND,
    ) -> int: ...
    def write_patch(
        self,
        report_id: int,
        patch: ReportPatch,
        expected_revision: int | None = None,
        source: ChangeSource | str = ChangeSource.TYPED,
    ) -> WriteResult: ...
    def change_status(
        self,
        report_id: int,
        request: StatusRequest,
        *,
        errors: int,
        source: ChangeSource | str = ChangeSource.TYPED,
    ) -> Report: ...
    def history(self, report_id: int, code: str | None = None) -> list[HistoryEntry]: ...
    def record_history(
        self, report_id: int, changes: list[FieldChange], source: ChangeSource | str
    ) -> None: ...
    def revision(self, report_id: int) -> int: ...
    # the write-ahead log copied into the file while the window is idle (Repository.checkpoint)
    def checkpoint(self) -> None: ...
    def unit_revisions(self, unit_name: str, around: Period | None = None) -> dict[int, int]: ...
    def documents(self, unit_name: str) -> list[CitedDocument]: ...
    def save_document(self, unit: Unit, doc: CitedDocument) -> int: ...
    # user catalogs (services.catalogs.CatalogRegistry)
    def stored_catalogs(self) -> list[StoredCatalog]: ...
    def catalog_usage(self) -> dict[tuple[str, str], int]: ...
    def add_catalog(self, catalog: StoredCatalog) -> None: ...
    def set_catalog_mapping(self, catalog_id: str, version: str, mapping: str | None) -> None: ...
    def delete_catalog(self, catalog_id: str, version: str) -> None: ...


def related_reports(store: ReportStore, report: Report) -> list[Report]:
    """The unit's other reports that the checks and the "kỳ trước" column read, their header
    and figures loaded from the store: the periods cross_period_findings compares with (this
    year's year-to-date chain, the same period last year) and the period just before this one.
    A unit with years of reports loads a handful of them, not its whole history."""
    compared, previous = related_ids(store, report)
    return load_related(store, compared | ({previous} if previous is not None else set()))


def related_ids(store: ReportStore, report: Report) -> tuple[set[int], int | None]:
    """The ids of related_reports: those of the compared periods, and the report of the period
    just before this one (None: there is none), which may be one of them."""
    around = store.unit_periods(report.unit.name, around=report.period)
    others = [(rid, p) for rid, p in around if rid != report.id]
    wanted = compared_periods(report.period)
    ids = {rid for rid, p in others if p in wanted}
    key = period_sort_key(report.period)
    earlier = [k for k in ((period_sort_key(p), rid) for rid, p in others) if k[0] < key]
    return ids, max(earlier)[1] if earlier else None


def load_related(store: ReportStore, ids: set[int]) -> list[Report]:
    """Reports by id, in id order, as related_reports gives them."""
    # their figures only: the checks never read another period's narrative or tables
    return store.load_figures(sorted(ids)) if ids else []
