"""Use case: export a report to Word, final only when the consistency checks found no error."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..domain.catalog import Catalog
from ..domain.report import Report
from ..errors import UserError
from ..export.docx_writer import write_report_docx


def _severity(finding: object) -> str:
    sev = getattr(finding, "severity", "")
    return str(getattr(sev, "value", sev)).lower()  # an Enum (rules engine) or a plain string


def blocking_findings(findings: Sequence[object]) -> list[object]:
    """The findings that forbid a final export: those of severity "error"."""
    return [f for f in findings if _severity(f) == "error"]


def export_docx(
    report: Report,
    catalog: Catalog,
    path: Path,
    *,
    draft: bool,
    findings: Sequence[object],
    template: Path | None = None,
) -> None:
    """Write the report to `path`. A final export refuses while errors remain; a draft always
    goes out, marked "DỰ THẢO" on the first page of each part."""
    errors = blocking_findings(findings)
    if errors and not draft:
        lines = "\n".join(f"- {getattr(f, 'message', str(f))}" for f in errors)
        raise UserError(
            f"Báo cáo còn {len(errors)} lỗi, chỉ xuất được bản dự thảo (--draft):\n{lines}"
        )
    write_report_docx(report, catalog, path, draft=draft, template=template)
