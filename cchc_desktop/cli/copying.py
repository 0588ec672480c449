"""`cchc copy`: "Tạo từ kỳ trước" from the command line, rewording the period phrases on request."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, report_id

if TYPE_CHECKING:
    from ..storage.repository import Repository


def register(sub: Any) -> None:
    p = sub.add_parser(
        "copy",
        help="tạo báo cáo kỳ mới từ một báo cáo đã có (Tạo từ kỳ trước), in số hiệu báo cáo mới",
    )
    p.add_argument("id", type=report_id, help="số hiệu báo cáo nguồn (xem: cchc list)")
    p.add_argument("--period", required=True, choices=["Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y"])
    p.add_argument("--year", required=True, type=int)
    p.add_argument(
        "--with-figures", action="store_true", help="chép cả số liệu Phụ lục I và Phụ lục III"
    )
    p.add_argument(
        "--rewrite-periods",
        action="store_true",
        help="đổi cách gọi kỳ trong trích yếu, nội dung và phụ lục (“6 tháng đầu năm 2024” →"
        " “9 tháng năm 2024”, “quý III/2024” → “quý IV/2024”); in ra các chỗ đã đổi",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.reports import ReportService, parse_period

    period = parse_period(args.period, args.year)
    service = ReportService(repo)
    new, proposals = service.plan_copy(
        args.id, period, with_figures=args.with_figures, rewrite_periods=args.rewrite_periods
    )
    service.save_copy(new, proposals)
    print(new.id)
    if args.rewrite_periods:
        # stdout carries only the new id (ID=$(cchc copy ...)); what was reworded goes beside it
        print(f"Đã đổi {len(proposals)} cụm từ chỉ kỳ báo cáo:", file=sys.stderr)
        for r in proposals:
            print(f"  {r.place}: “{r.edit.old}” → “{r.edit.new}”", file=sys.stderr)
    return EXIT_OK
