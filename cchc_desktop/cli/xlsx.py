"""`cchc export-xlsx` / `cchc import-xlsx`: the Excel workbook sub-units fill in, and taking it back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, output_file, report_id

if TYPE_CHECKING:
    from ..services.store import ReportStore


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export-xlsx",
        help="xuất tệp Excel (Phụ lục III, I, II) để các phòng, đơn vị điền số liệu",
    )
    p.add_argument("id", type=report_id)
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.set_defaults(handler=run_export)

    p = sub.add_parser(
        "import-xlsx",
        help="nhập số liệu từ tệp Excel đã điền (lỗi ở bất kỳ ô nào: không nhập gì)",
    )
    p.add_argument("id", type=report_id)
    p.add_argument("path", type=Path, metavar="IN.xlsx")
    p.add_argument(
        "--dry-run", action="store_true", help="chỉ xem trước các thay đổi, không ghi gì"
    )
    p.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.exchange_xlsx import XlsxExchange  # openpyxl, only when a workbook is used

    done = XlsxExchange(repo).export(args.id, output_file(args.out, ".xlsx"))
    print(
        f"Đã xuất {done.path}: Phụ lục III ({done.indicators} chỉ tiêu), "
        f"Phụ lục I ({done.propaganda} dòng), Phụ lục II ({done.remediation} mục, chỉ để xem)."
    )
    return EXIT_OK


def run_import(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.exchange_xlsx import XlsxExchange  # openpyxl, only when a workbook is used

    exchange = XlsxExchange(repo)
    plan = exchange.preview(args.id, args.path)
    for notice in plan.notices:
        print(f"Lưu ý: {notice}")
    if not plan.changes:
        print("Không có thay đổi nào: số liệu trong tệp trùng với báo cáo.")
        return EXIT_OK
    for change in plan.changes:
        print(change.describe())
    if args.dry_run:
        print(f"Chạy thử: {len(plan.changes)} thay đổi, chưa ghi gì vào báo cáo {args.id}.")
        return EXIT_OK
    backup = exchange.apply(args.id, plan)
    if backup is not None:
        print(f"Bản sao trước khi nhập: {backup}")
    print(f"Đã nhập {len(plan.changes)} thay đổi vào báo cáo {args.id}.")
    return EXIT_OK
