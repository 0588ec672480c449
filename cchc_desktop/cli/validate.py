"""`cchc validate`: checks a report's figures and form; exit 0 without errors, 1 with, 2 user error."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_FINDINGS, EXIT_OK, report_id

if TYPE_CHECKING:
    from ..services.store import ReportStore

_MARK = {"error": "LỖI", "warning": "CẢNH BÁO", "notice": "LƯU Ý"}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "validate",
        help="kiểm tra số liệu và hình thức của báo cáo (thoát 0: không có lỗi, 1: có lỗi)",
    )
    p.add_argument("id", type=report_id)
    p.add_argument(
        "--json",
        action="store_true",
        help="in danh sách kết quả dạng JSON (severity, rule, codes, message, values)",
    )
    p.set_defaults(handler=run, db_use="query")


def run(args: argparse.Namespace, db: ReportStore) -> int:
    from ..services.validation import counts, has_errors, load_validated

    report, _, findings = load_validated(db, args.id)
    if args.json:
        sys.stdout.write(
            json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        for f in findings:
            where = f" [{', '.join(f.codes)}]" if f.codes else ""
            print(f"{_MARK[f.severity.value]}{where}: {f.message}")
        n = counts(findings)
        print(
            f"Báo cáo {report.id} ({report.unit.name}, {report.period.wording}): "
            + ", ".join(f"{n[s]} {s.label.lower()}" for s in n)
        )
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK
