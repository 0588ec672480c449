"""`cchc export-docx`: the report as a Word document (final, or a draft marked "DỰ THẢO").

Exit 0 when written, 1 when a final export is refused because of error-level findings (they are
listed on stderr), 2 for a user error (unknown report, locked or read-only target, full disk, a
template lacking the required styles).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, output_file, report_id

if TYPE_CHECKING:
    from ..domain.catalog import Catalog
    from ..domain.report import Report
    from ..domain.rules import Finding
    from ..services.store import ReportStore


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export-docx",
        help="xuất báo cáo ra tệp Word (.docx); thoát 1 nếu báo cáo còn lỗi mà không có --draft",
    )
    p.add_argument("id", type=report_id, help="số hiệu báo cáo (xem: cchc list)")
    p.add_argument(
        "out", type=Path, metavar="OUT.docx", help="tệp Word cần ghi (tệp cũ được thay an toàn)"
    )
    p.add_argument("--draft", action="store_true", help="bản dự thảo (có dấu “DỰ THẢO”)")
    p.add_argument(
        "--template",
        type=Path,
        default=None,
        metavar="MẪU.docx",
        help="mẫu Word riêng có cùng tên kiểu (style) với templates_docx/base.docx",
    )
    p.set_defaults(handler=run, db_use="query")


def run(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..domain.rules import Severity
    from ..services.export_docx import export_docx  # python-docx, only when a document is written
    from ..services.validation import counts, load_validated

    report, catalog, findings = load_validated(repo, args.id)
    out = output_file(args.out, ".docx")
    export_docx(report, catalog, out, draft=args.draft, findings=findings, template=args.template)
    kind = "bản dự thảo" if args.draft else "bản chính thức"
    print(f"Đã xuất {kind}: {out}")
    if not args.draft:  # an unfilled Phụ lục III never goes out as official unseen
        findings = [*findings, *_say_incomplete(report, catalog)]
    n = counts(findings)
    errors, warnings = n[Severity.ERROR], n[Severity.WARNING]
    if errors or warnings:
        print(
            f"Lưu ý: báo cáo còn {errors} lỗi, {warnings} cảnh báo"
            f" (xem: cchc validate {report.id}).",
            file=sys.stderr,
        )
    return EXIT_OK


def _say_incomplete(report: Report, catalog: Catalog) -> list[Finding]:
    """The warnings of Phụ lục III groups with empty indicators, printed on stderr."""
    from ..services.export_docx import completeness_warnings

    found = completeness_warnings(report, catalog)
    for f in found:
        print(f"CẢNH BÁO: {f.message}", file=sys.stderr)
    return found
