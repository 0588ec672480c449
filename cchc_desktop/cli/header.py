"""`cchc header` and `cchc groups`: every header field, and the optional blocks of Phụ lục III."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, print_json, report_id

if TYPE_CHECKING:
    from ..storage.repository import Repository


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” không phải ngày dạng NĂM-THÁNG-NGÀY (ví dụ 2024-06-15)"
        ) from None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "header",
        help="sửa phần đầu và phần ký của báo cáo (số, ngày, trích yếu, Kính gửi, người ký...)",
    )
    p.add_argument("id", type=report_id)
    p.add_argument("--number", help="số văn bản, ví dụ “123” (để trống: “”)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", type=_date, help="ngày ban hành, NĂM-THÁNG-NGÀY")
    when.add_argument(
        "--no-date", action="store_true", help="để trống ngày tháng cho văn thư điền tay"
    )
    p.add_argument("--subject", help="trích yếu")
    p.add_argument("--to", help="Kính gửi, ví dụ “Sở Nội vụ” (để trống: “”)")
    p.add_argument(
        "--signer",
        nargs="+",
        action="extend",
        metavar="DÒNG",
        help="1-3 dòng chức danh người ký, dòng cuối là chức vụ: "
        "“TM. ỦY BAN NHÂN DÂN” “KT. CHỦ TỊCH” “PHÓ CHỦ TỊCH”",
    )
    p.add_argument("--signer-name", help="họ và tên người ký")
    p.add_argument(
        "--recipients",
        nargs="+",
        action="extend",
        metavar="DÒNG",
        help="nơi nhận, mỗi nơi một tham số; dòng “Lưu: VT, ...” luôn đứng cuối",
    )
    p.add_argument("--parent-authority", help="cơ quan chủ quản (để trống: “”)")
    p.add_argument(
        "--issuer",
        help="cơ quan ban hành = tên đơn vị; khác nhau chỉ ở chữ hoa/thường hay dấu cách vẫn là"
        " cùng đơn vị",
    )
    p.add_argument("--abbreviation", help="chữ viết tắt trong ký hiệu, ví dụ “STC”")
    p.add_argument("--place", help="địa danh, ví dụ “Hà Tĩnh”")
    p.set_defaults(handler=cmd_header)

    p = sub.add_parser("groups", help="xem, bật, tắt các khối chỉ tiêu tùy chọn của Phụ lục III")
    p.add_argument("id", type=report_id)
    p.add_argument("--on", action="append", default=[], metavar="MÃ", help="bật khối MÃ")
    p.add_argument("--off", action="append", default=[], metavar="MÃ", help="tắt khối MÃ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_groups)


def cmd_header(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.report_edits import HeaderEdit, edit_header
    from .reports import print_header

    edit = HeaderEdit(
        number=args.number,
        date=args.date,
        no_date=args.no_date,
        subject=args.subject,
        recipient_to=args.to,
        signer_lines=args.signer,
        signer_name=args.signer_name,
        recipients=args.recipients,
        parent_authority=args.parent_authority,
        issuer=args.issuer,
        abbreviation=args.abbreviation,
        place=args.place,
    )
    r = edit_header(repo, repo, args.id, edit)
    print(f"{r.unit.parent_authority} / {r.unit.name}".lstrip(" /"))
    print_header(r)
    return EXIT_OK


def cmd_groups(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.catalogs import CatalogRegistry
    from ..services.report_edits import switch_groups

    changing = bool(args.on or args.off)
    report = switch_groups(repo, args.id, args.on, args.off) if changing else None
    report = report or repo.load_report(args.id)
    catalog = CatalogRegistry(repo).for_report(report)
    rows: list[dict[str, Any]] = [
        {
            "code": g.code,
            "title": g.title,
            "on": g.code in report.optional_groups,
            "indicators": [i.code for i in catalog if i.optional_group == g.code and i.has_value],
        }
        for g in catalog.optional_groups
    ]
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print(f"Danh mục {catalog.id} không có khối chỉ tiêu tùy chọn.")
    for row in rows:
        state = "BẬT" if row["on"] else "tắt"
        print(f"{row['code']:<6} [{state}] {row['title']} ({len(row['indicators'])} chỉ tiêu)")
    return EXIT_OK
