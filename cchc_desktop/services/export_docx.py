"""Use case: export a report to Word, final only when the consistency checks found no error."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..domain.catalog import Catalog
from ..domain.completeness import completeness, completeness_findings, filled_codes
from ..domain.report import Report
from ..domain.rules.model import Finding
from ..errors import UserError
from ..export.docx import write_report_docx


class FinalExportRefused(UserError):
    """A final export asked for while error-level findings remain: a findings result, not a
    usage mistake, so the CLI exits 1 (its contract: 0 ok, 1 findings, 2 user error)."""

    exit_code = 1

    def __init__(self, errors: Sequence[object]) -> None:
        lines = "\n".join(f"- {_message(f)}" for f in errors)
        super().__init__(
            f"Báo cáo còn {len(errors)} lỗi nên chỉ xuất được bản dự thảo (nút “Xuất Word"
            f" (dự thảo)”, lệnh export-docx --draft). Sửa các lỗi (trang Kiểm tra, lệnh validate)"
            f" để xuất bản chính thức:\n{lines}"
        )
        self.errors = list(errors)


def _severity(finding: object) -> str:
    sev = getattr(finding, "severity", "")
    return str(getattr(sev, "value", sev)).lower()  # an Enum (rules engine) or a plain string


def _message(finding: object) -> str:
    return str(getattr(finding, "message", finding))


def blocking_findings(findings: Sequence[object]) -> list[object]:
    """The findings that forbid a final export: those of severity "error"."""
    return [f for f in findings if _severity(f) == "error"]


def check_final_export(findings: Sequence[object]) -> None:
    """Errors block a final export (a draft always goes out): FinalExportRefused, whose message
    the GUI shows and the CLI prints, when any remain."""
    errors = blocking_findings(findings)
    if errors:
        raise FinalExportRefused(errors)


def completeness_warnings(report: Report, catalog: Catalog) -> list[Finding]:
    """At a final export: a warning per Phụ lục III group with empty indicators (how many)."""
    done = completeness(catalog, report.optional_groups, filled_codes(report.values))
    return completeness_findings(catalog, done)


def incomplete_warning(report: Report, catalog: Catalog) -> str:
    """The question asked before an official export of an incompletely filled form ("" when
    every indicator has its figure)."""
    done = completeness(catalog, report.optional_groups, filled_codes(report.values))
    if not done.empty:
        return ""
    lines = "\n".join(f"- {f.message}" for f in completeness_findings(catalog, done))
    return (
        f"Phụ lục III mới nhập {done.label}; {len(done.empty)} chỉ tiêu còn trống:\n{lines}\n"
        "Vẫn xuất bản chính thức?"
    )


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
    goes out, marked "DỰ THẢO" on every page."""
    if not draft:
        check_final_export(findings)
    write_report_docx(report, catalog, path, draft=draft, template=template)
