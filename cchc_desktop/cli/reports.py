"""`cchc catalog/new/demo/list/show/set/delete`: the indicator catalog and the reports themselves."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, EXIT_USER_ERROR, print_json, report_id
from ..domain.vn import nfc
from ..errors import UserError

# the services (catalogs, templates, serialisation) are imported by the handlers that use them:
# building the parser for one command must not load what the others need
if TYPE_CHECKING:
    from ..storage.repository import Repository


def register(sub: Any) -> None:
    p = sub.add_parser("catalog", help="liệt kê danh mục chỉ tiêu Phụ lục III")
    p.add_argument("--json", action="store_true")
    p.add_argument("--catalog", help="mã danh mục (mặc định: danh mục chuẩn)")
    p.set_defaults(handler=cmd_catalog, db_use="none")

    p = sub.add_parser("new", help="tạo báo cáo mới, in số hiệu")
    p.add_argument("--unit", required=True, help="tên đơn vị, ví dụ “Sở Tài chính”")
    p.add_argument("--period", required=True, choices=["Q1", "Q2", "Q3", "Q4", "H1", "9M", "Y"])
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--parent-authority", help="cơ quan chủ quản, ví dụ “UBND TỈNH HÀ TĨNH”")
    p.add_argument("--abbreviation", help="chữ viết tắt trong ký hiệu, ví dụ “STC”")
    p.add_argument("--place", help="địa danh, ví dụ “Hà Tĩnh”")
    p.set_defaults(handler=cmd_new, db_use="create")

    p = sub.add_parser("demo", help="tạo báo cáo mẫu (Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024)")
    p.set_defaults(handler=cmd_demo, db_use="create")

    p = sub.add_parser("list", help="liệt kê các báo cáo")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list, db_use="query")

    p = sub.add_parser("show", help="xem toàn bộ một báo cáo")
    p.add_argument("id", type=report_id)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show, db_use="query")

    p = sub.add_parser("set", help="nhập số liệu Phụ lục III: MÃ GIÁ_TRỊ [MÃ GIÁ_TRỊ ...]")
    p.add_argument("id", type=report_id)
    p.add_argument("pairs", nargs="*", metavar="MÃ GIÁ_TRỊ")
    p.set_defaults(handler=cmd_set)

    p = sub.add_parser("delete", help="xóa một báo cáo")
    p.add_argument("id", type=report_id)
    p.set_defaults(handler=cmd_delete)


def cmd_catalog(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.catalogs import get_catalog

    catalog = get_catalog(args.catalog) if args.catalog else get_catalog()
    rows = [
        {
            "code": i.code,
            "printed_code": i.printed_code,
            "label": i.label,
            "unit": i.unit,
            "kind": i.kind.value,
            "choices": [{"code": c.code, "label": c.label} for c in i.choices],
            "parent": i.parent,
            "cumulative": i.cumulative,
            "measure": i.measure.value,
            "breakdown": i.breakdown,
            "optional_group": i.optional_group,
            "note": i.note,
        }
        for i in catalog
    ]
    if args.json:
        print_json(
            {
                "id": catalog.id,
                "version": catalog.version,
                "title": catalog.title,
                "indicators": rows,
            }
        )
        return EXIT_OK
    print(f"Danh mục {catalog.id} phiên bản {catalog.version}: {len(rows)} dòng")
    for i in catalog:
        shown = "" if i.printed_code.rstrip(".") == i.code else f" (in: {i.printed_code})"
        unit = f" [{i.unit}]" if i.unit else ""
        print(f"{'  ' * i.level}{i.code}{shown} {i.label}{unit}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.reports import ReportService, parse_period

    period = parse_period(args.period, args.year)
    report = ReportService(repo).new_report(
        args.unit,
        period,
        parent_authority=args.parent_authority or "",
        abbreviation=args.abbreviation or "",
        place=args.place or "",
    )
    print(report.id)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.reports import ReportService

    report, created = ReportService(repo).create_demo()
    if not created:
        print(f"Báo cáo mẫu đã có sẵn (số hiệu {report.id}).", file=sys.stderr)
    print(report.id)
    return EXIT_OK


def cmd_list(args: argparse.Namespace, repo: Repository) -> int:
    rows = repo.list_reports()
    # a report that cannot be read is named on stderr; the others are listed; exit 2 (damaged)
    status = EXIT_USER_ERROR if repo.problems else EXIT_OK
    for problem in repo.problems:
        print(f"Lỗi: {problem}", file=sys.stderr)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "unit": r.unit,
                    "period": r.period.code,
                    "year": r.period.year,
                    "period_label": r.period.wording,
                    "status": r.status.value,
                    "number_symbol": r.number_symbol,
                    "updated_at": r.updated_at.isoformat(),
                    "values_filled": r.values_filled,
                }
                for r in rows
            ]
        )
        return status
    if not rows and not repo.problems:
        print("Chưa có báo cáo nào. Tạo mới: cchc new --unit ... --period H1 --year 2024")
        return status
    for r in rows:
        print(
            f"{r.id:>4}  {r.unit} - {r.period.wording} - {r.status.label} - "
            f"sửa lần cuối {r.updated_at:%d/%m/%Y %H:%M}"
        )
    return status


def cmd_show(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.catalogs import get_catalog
    from ..services.reports import ReportService

    data = ReportService(repo).show(args.id)
    if args.json:
        print_json(data)
        return EXIT_OK
    report = repo.load_report(args.id)
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    print(
        f"Báo cáo {report.id}: {report.unit.name} - {report.period.wording} ({report.status.label})"
    )
    print(f"Số: {report.number_symbol}   {report.place_date_line()}")
    print(f"Trích yếu: {report.subject}")
    if report.recipient_to:
        print(f"Kính gửi: {report.recipient_to}")
    print(f"Người ký: {report.signer.authority} / {report.signer.title} / {report.signer.name}")
    print("Nơi nhận: " + " ".join(f"- {r}" for r in report.recipients))
    n_sections = sum(1 for _ in report.narrative.numbered())
    print(
        f"Nội dung: {n_sections} mục, {len(report.footnotes)} chú thích; "
        f"Phụ lục I: {len(report.propaganda)} dòng; Phụ lục II: {len(report.remediation)} mục"
    )
    print("Phụ lục III:")
    for ind in catalog.enabled(report.optional_groups):
        iv = report.values.get(ind.code)
        if ind.has_value and iv is not None and iv.is_reported:
            note = f"  ({iv.note})" if iv.note else ""
            print(f"  {ind.code:<10} {ind.format_value(iv.value):>10}  {ind.label}{note}")
    return EXIT_OK


def cmd_set(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.catalogs import get_catalog
    from ..services.reports import ReportService

    items = list(args.pairs)
    if not items or len(items) % 2:
        raise UserError("Cần các cặp MÃ GIÁ_TRỊ, ví dụ: cchc set 1 1.1.1 38 1.1.2 19")
    pairs = [(nfc(items[i]), nfc(items[i + 1])) for i in range(0, len(items), 2)]
    values = ReportService(repo).set_values(args.id, pairs)
    report = repo.load_report(args.id)
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    for code, iv in values.items():
        shown = catalog.get(code).format_value(iv.value) or "(để trống)"
        print(f"{code} = {shown}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace, repo: Repository) -> int:
    repo.delete_report(args.id)
    print(f"Đã xóa báo cáo {args.id}")
    return EXIT_OK
