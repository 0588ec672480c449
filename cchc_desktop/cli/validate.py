"""`cchc validate`: checks a report's figures and form; exit 0 without errors, 1 with, 2 user error."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_FINDINGS, EXIT_OK, report_id

if TYPE_CHECKING:
    from ..domain.catalog import Catalog
    from ..domain.report import Report
    from ..domain.rules import Finding
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


def get_catalog(catalog_id: str, version: str | None = None) -> Catalog:
    """The report's catalog (services.catalogs, imported when a report is checked, not by --help)."""
    from ..services.catalogs import get_catalog as load

    return load(catalog_id, version)


def load_validated(db: ReportStore, rid: int) -> tuple[Report, Catalog, list[Finding]]:
    """A stored report, its catalog and its findings (checked against the unit's other reports)."""
    # the rules engine, only when it is used
    from ..services.validation import related_reports, validate_report

    report = db.load_report(rid)
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    history = related_reports(db, report)
    return report, catalog, validate_report(report, catalog, history)


def run(args: argparse.Namespace, db: ReportStore) -> int:
    from ..services.validation import counts, has_errors

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
