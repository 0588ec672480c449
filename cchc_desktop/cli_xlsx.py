"""`cchc export-xlsx` / `cchc import-xlsx`: the Excel workbook sub-units fill in, and taking it back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .cli import output_file, report_id
from .errors import InvalidValueError
from .services.catalogs import get_catalog
from .storage.repository import Repository


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


def run_export(args: argparse.Namespace, repo: Repository) -> int:
    from .export.xlsx_exchange import write_workbook

    report = repo.load_report(args.id)
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    out = output_file(args.out, ".xlsx")
    write_workbook(report, catalog, out)
    rows = sum(1 for i in catalog.enabled(report.optional_groups) if i.has_value)
    print(
        f"Đã xuất {out}: Phụ lục III ({rows} chỉ tiêu), Phụ lục I ({len(report.propaganda)} dòng), "
        f"Phụ lục II ({len(report.remediation)} mục, chỉ để xem)."
    )
    return 0


def run_import(args: argparse.Namespace, repo: Repository) -> int:
    from .export.xlsx_exchange import apply_plan, read_workbook

    report = repo.load_report(args.id)
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    plan = read_workbook(args.path, report, catalog)
    if plan.errors:
        raise InvalidValueError(plan.error_message())
    for notice in plan.notices:
        print(f"Lưu ý: {notice}")
    if not plan.changes:
        print("Không có thay đổi nào: số liệu trong tệp trùng với báo cáo.")
        return 0
    for change in plan.changes:
        print(change.describe())
    if args.dry_run:
        print(f"Chạy thử: {len(plan.changes)} thay đổi, chưa ghi gì vào báo cáo {args.id}.")
        return 0
    from .storage.backup import make_backup

    backup = make_backup(repo.path, "truoc-nhap-excel")  # every import can be undone from a copy
    repo.save_report(apply_plan(report, plan))
    print(f"Bản sao trước khi nhập: {backup}")
    print(f"Đã nhập {len(plan.changes)} thay đổi vào báo cáo {args.id}.")
    return 0
