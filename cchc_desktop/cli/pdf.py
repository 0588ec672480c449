"""`cchc export-pdf`: the report as PDF, made from its Word file by Microsoft Word or LibreOffice.

Exit codes as export-docx: 0 written, 1 a final export refused because of errors, 2 a user error
(no converter installed, a locked or read-only target, a conversion that timed out).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, output_file, report_id

if TYPE_CHECKING:
    from ..services.store import ReportStore


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export-pdf",
        help="xuất báo cáo ra tệp PDF (qua Microsoft Word hoặc LibreOffice có trên máy)",
    )
    p.add_argument("id", type=report_id, help="số hiệu báo cáo (xem: cchc list)")
    p.add_argument("out", type=Path, metavar="OUT.pdf", help="tệp PDF cần ghi")
    p.add_argument("--draft", action="store_true", help="bản dự thảo (có dấu “DỰ THẢO”)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.export_docx import completeness_warnings
    from ..services.export_pdf import export_pdf
    from ..services.validation import load_validated

    report, catalog, findings = load_validated(repo, args.id)
    out = output_file(args.out, ".pdf")
    export_pdf(report, catalog, out, draft=args.draft, findings=findings)
    print(f"Đã xuất {'bản dự thảo' if args.draft else 'bản chính thức'} PDF: {out}")
    if not args.draft:
        for f in completeness_warnings(report, catalog):
            print(f"CẢNH BÁO: {f.message}", file=sys.stderr)
    return EXIT_OK
