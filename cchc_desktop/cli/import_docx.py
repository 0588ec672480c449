"""`cchc import-docx`: a Word report (.docx), such as last period's, into a new report.

Prints what was recognised and what was not on stderr, the new report's id on stdout. Exit 2 for a
user error (unreadable, hostile or .doc file, no unit name found, the period already reported);
nothing is written then.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK

if TYPE_CHECKING:
    from ..services.store import ReportStore


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import-docx",
        help="tạo báo cáo mới từ tệp Word (.docx), ví dụ báo cáo kỳ trước; in số hiệu báo cáo mới",
    )
    p.add_argument("path", type=Path, metavar="FILE.docx", help="tệp Word cần nhập")
    p.add_argument(
        "--period",
        default=None,
        metavar="KỲ",
        help="kỳ báo cáo Q1, Q2, Q3, Q4, H1, 9M, Y (mặc định: kỳ đọc được từ trích yếu)",
    )
    p.add_argument("--year", default=None, metavar="NĂM", help="năm báo cáo (mặc định: như tệp)")
    p.add_argument(
        "--unit", default="", metavar="TÊN", help="tên đơn vị (mặc định: cơ quan ban hành)"
    )
    p.set_defaults(handler=run, db_use="create")


def run(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.import_docx import DocxImport, DocxImportChoices, read_docx_report
    from ..services.reports import parse_period

    recognition = read_docx_report(args.path)
    report = recognition.report
    period = None
    if args.period is not None or args.year is not None:
        period = parse_period(
            args.period or report.period.code,
            args.year if args.year is not None else report.period.year,
        )
    review = recognition.review
    err = sys.stderr
    print(f"Đọc “{args.path.name}”:", file=err)
    for what, value in review.found:
        print(f"  {what}: {value}", file=err)
    for title, items in (
        ("Cần kiểm tra", review.guesses),
        ("Giữ là đoạn văn", review.body_text),
        ("Phụ lục III, dòng không khớp chỉ tiêu nào", review.unmatched_rows),
        ("Số liệu không đọc được", review.problems),
    ):
        if items:
            print(f"{title} ({len(items)}):", file=err)
            for item in items:
                print(f"  - {item}", file=err)
    saved = DocxImport(repo).save(
        recognition, DocxImportChoices(unit_name=args.unit, period=period)
    )
    print(f"Đã tạo báo cáo {saved.unit.name}, {saved.period.wording}.", file=err)
    print(saved.id)
    return EXIT_OK
