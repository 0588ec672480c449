"""`cchc export-json`, `import-json`, `aggregate`: one report as a file, and the receiving office's
summary of many units' reports."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, output_file, report_id

if TYPE_CHECKING:
    from ..storage.repository import Repository


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export-json", help="xuất một báo cáo thành một tệp để gửi hoặc chuyển sang máy khác"
    )
    p.add_argument("id", type=report_id)
    p.add_argument("out", type=Path, metavar="FILE.json")
    p.set_defaults(handler=cmd_export_json)

    p = sub.add_parser("import-json", help="nhận một báo cáo từ tệp do export-json xuất ra")
    p.add_argument("path", type=Path, metavar="FILE.json")
    p.add_argument(
        "--replace",
        action="store_true",
        help="thay báo cáo cùng đơn vị, cùng kỳ đã có bằng báo cáo trong tệp",
    )
    p.set_defaults(handler=cmd_import_json, db_use="create")

    p = sub.add_parser(
        "aggregate",
        help="tổng hợp báo cáo của nhiều đơn vị (cùng danh mục, cùng kỳ) thành báo cáo tổng hợp",
    )
    p.add_argument("--unit", required=True, help="đơn vị tổng hợp, ví dụ “UBND tỉnh Hà Tĩnh”")
    p.add_argument("--period", required=True, choices=["Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y"])
    p.add_argument("--year", required=True, type=int)
    p.add_argument("ids", type=report_id, nargs="+", metavar="ID")
    p.add_argument(
        "--table", type=Path, metavar="OUT.xlsx", help="bảng số liệu từng đơn vị và tổng"
    )
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    p.set_defaults(handler=cmd_aggregate)


def cmd_export_json(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.report_exchange import write_report_file

    report = repo.load_report(args.id)
    path = output_file(args.out, ".json")
    write_report_file(report, path)
    print(f"Đã xuất báo cáo {report.unit.name}, {report.period.wording} vào {path}")
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.report_exchange import import_report

    done = import_report(repo, args.path, replace=args.replace)
    r = done.report
    what = f"thay báo cáo số hiệu {done.replaced}" if done.replaced else "báo cáo mới"
    print(f"Đã nhận báo cáo {r.unit.name}, {r.period.wording} ({what}).")
    print(r.id)
    return EXIT_OK


def cmd_aggregate(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.reports import parse_period
    from ..services.summary import SummaryService, write_table

    service = SummaryService(repo)
    plan = service.plan(
        args.unit, parse_period(args.period, args.year), args.ids, check=args.table is not None
    )
    for line in plan.merge.lines():
        print(line)
    if plan.with_errors:
        print("Báo cáo còn lỗi: " + ", ".join(plan.with_errors))
    if args.table is not None:
        table = output_file(args.table, ".xlsx")
        write_table(plan, table)
        print(f"Đã ghi bảng tổng hợp {table}")
    merge = plan.merge
    summary = (
        f"{len(plan.reports)} đơn vị: {len(merge.changes)} giá trị thay đổi, "
        f"{len(merge.manual)} cần nhập tay, {len(merge.overridden)} giữ số đã sửa tay"
    )
    if args.dry_run:
        print(f"Chạy thử: {summary}; chưa ghi gì.")
        return EXIT_OK
    rid = service.apply(plan)
    print(f"Đã tổng hợp {summary} vào báo cáo số hiệu {rid}.")
    print(rid)
    return EXIT_OK
