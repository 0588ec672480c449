"""Use cases of the report's status and history outside an open window (the `cchc status` and
`cchc history` commands): the move is checked against the report's findings as stored."""

from __future__ import annotations

from ..domain.catalog import Catalog
from ..domain.history import ChangeSource, HistoryEntry
from ..domain.lifecycle import StatusRequest, locked_message
from ..domain.report import Report, ReportStatus
from ..domain.rules import Severity
from ..errors import ReportLockedError
from .catalogs import CatalogRegistry
from .store import ReportStore


def change_status(
    repo: ReportStore,
    report_id: int,
    request: StatusRequest,
    *,
    source: ChangeSource | str = ChangeSource.COMMAND,
) -> Report:
    """Check the report (Hoàn thành and Đã gửi need no error) and move it; InvalidValueError with
    the reason when the move is not allowed."""
    from .validation import load_validated  # the rules engine, only when it is used

    _, _, findings = load_validated(repo, report_id)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return repo.change_status(report_id, request, errors=errors, source=source)


def history(
    repo: ReportStore, report_id: int, code: str | None = None
) -> tuple[list[HistoryEntry], Catalog]:
    """The report's recorded changes (of one figure, with code) and the catalog that names them."""
    report = repo.load_report(report_id)
    return repo.history(report_id, code), CatalogRegistry(repo).for_report(report)


def check_editable(report: Report) -> None:
    """ReportLockedError for a sent report, before any work (a file read, a backup) is done;
    the repository refuses its writes in any case."""
    if report.status is ReportStatus.SENT:
        raise ReportLockedError(locked_message(report.id, report.sending))
