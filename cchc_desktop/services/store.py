"""The report store the services and the GUI work with: what they need of the database.

storage.repository.Repository (the ORM) and storage.quick.StartupStore (quick reads at start, then
the Repository) implement it; only the module that creates the store knows which one it has."""

from __future__ import annotations

from typing import Protocol

from ..domain.changes import ReportPatch
from ..domain.history import ChangeSource, FieldChange, HistoryEntry
from ..domain.lifecycle import StatusRequest
from ..domain.report import IndicatorValue, Report, Unit
from ..domain.stored import CitedDocument, ReportSummary, WriteResult


class ReportStore(Protocol):
    """What the services and the GUI need of the database (storage.repository.Repository)."""

    def units(self) -> list[Unit]: ...
    def save_report(self, report: Report, *, source: ChangeSource | str | None = None) -> int: ...
    def load_report(self, report_id: int) -> Report: ...
    def list_reports(self) -> list[ReportSummary]: ...
    def reports_for_unit(self, unit_name: str) -> list[Report]: ...
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
    def documents(self, unit_name: str) -> list[CitedDocument]: ...
    def save_document(self, unit: Unit, doc: CitedDocument) -> int: ...
