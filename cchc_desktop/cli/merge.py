"""`cchc merge`, `sub-units`, `export-parts`, `clear-override`: compiling a report from its sub-units."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, print_json, report_id
from ..domain.vn import clean_line
from ..errors import InvalidValueError, UserError

if TYPE_CHECKING:
    from ..storage.repository import Repository


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sub-units",
        help="các phòng, đơn vị trực thuộc của một đơn vị (xem, thêm, bớt)",
    )
    p.add_argument("--unit", required=True, help="tên đơn vị, ví dụ “Sở Tài chính”")
    p.add_argument("--add", action="append", default=[], metavar="TÊN", help="thêm phòng, đơn vị")
    p.add_argument(
        "--kind",
        choices=["phong", "don-vi"],
        default="phong",
        help="loại của các tên --add: phòng (mặc định) hoặc đơn vị trực thuộc",
    )
    p.add_argument("--remove", action="append", default=[], metavar="TÊN", help="bỏ khỏi danh sách")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sub_units)

    p = sub.add_parser(
        "export-parts",
        help="xuất mỗi phòng, đơn vị trực thuộc một tệp Excel để điền số liệu",
    )
    p.add_argument("id", type=report_id)
    p.add_argument("folder", type=Path, metavar="THƯ_MỤC")
    p.add_argument(
        "--only", action="append", default=[], metavar="TÊN", help="chỉ xuất cho đơn vị này"
    )
    p.set_defaults(handler=cmd_export_parts)

    p = sub.add_parser(
        "merge",
        help="tổng hợp số liệu từ tệp Excel của các phòng, đơn vị (xem trước, tất cả hoặc không)",
    )
    p.add_argument("id", type=report_id)
    p.add_argument("paths", type=Path, nargs="+", metavar="FILE.xlsx")
    p.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="TỆP=TÊN",
        help="tên phòng, đơn vị của một tệp không ghi tên (tệp xuất bằng export-xlsx)",
    )
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    p.add_argument("--json", action="store_true", help="kế hoạch tổng hợp dạng JSON")
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser(
        "clear-override",
        help="bỏ số đã sửa tay sau khi tổng hợp: lấy lại số tổng hợp từ các đơn vị",
    )
    p.add_argument("id", type=report_id)
    p.add_argument("codes", nargs="+", metavar="MÃ")
    p.set_defaults(handler=cmd_clear_override)


def _names(pairs: list[str], paths: list[Path]) -> dict[Path, str]:
    out: dict[Path, str] = {}
    for pair in pairs:
        file, sep, name = pair.partition("=")
        if not sep or not clean_line(name):
            raise InvalidValueError(f"“{pair}”: hãy ghi --name TỆP=TÊN ĐƠN VỊ.")
        match = [p for p in paths if p == Path(file) or p.name == Path(file).name]
        if not match:
            raise InvalidValueError(f"“{file}” không có trong các tệp cần tổng hợp.")
        out[match[0]] = clean_line(name)
    return out


def cmd_sub_units(args: argparse.Namespace, repo: Repository) -> int:
    from ..domain.provenance import SubUnit, SubUnitKind
    from ..services.merge import MergeService

    service = MergeService(repo)
    subs = service.sub_units(args.unit)
    if args.add or args.remove:
        gone = {clean_line(n).casefold() for n in args.remove}
        unknown = gone - {s.name.casefold() for s in subs}
        if unknown:
            raise InvalidValueError(
                f"{args.unit} không có phòng, đơn vị: " + ", ".join(sorted(unknown))
            )
        subs = [s for s in subs if s.name.casefold() not in gone]
        subs += [SubUnit(clean_line(n), SubUnitKind(args.kind)) for n in args.add]
        service.save_sub_units(args.unit, subs)
        subs = service.sub_units(args.unit)
    if args.json:
        print_json([{"name": s.name, "kind": s.kind.value} for s in subs])
        return EXIT_OK
    if not subs:
        print(f"{args.unit} chưa có phòng, đơn vị trực thuộc nào.")
    for s in subs:
        print(f"{s.name}  ({s.kind.label})")
    return EXIT_OK


def cmd_export_parts(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.merge import MergeService

    service = MergeService(repo)
    report = repo.load_report(args.id)
    subs = service.sub_units(report.unit.name)
    if args.only:
        wanted = {clean_line(n).casefold() for n in args.only}
        unknown = wanted - {s.name.casefold() for s in subs}
        if unknown:
            raise InvalidValueError(
                f"{report.unit.name} không có phòng, đơn vị: " + ", ".join(sorted(unknown))
            )
        subs = [s for s in subs if s.name.casefold() in wanted]
    if not subs:
        raise UserError(
            f"{report.unit.name} chưa có phòng, đơn vị trực thuộc nào: thêm bằng "
            f"cchc sub-units --unit “{report.unit.name}” --add TÊN."
        )
    if not args.folder.is_dir():
        raise InvalidValueError(f"Không có thư mục “{args.folder}”.")
    for path in service.export_for(args.id, subs, args.folder):
        print(path)
    return EXIT_OK


def cmd_merge(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.merge import MergeService

    service = MergeService(repo)
    plan = service.preview(args.id, args.paths, _names(args.name, args.paths))
    if args.json:
        from ..services.merge import plan_to_json

        print_json(plan_to_json(plan))
    if not plan.ok:
        raise InvalidValueError(plan.error_message())
    if not args.json:
        for line in plan.lines():
            print(line)
    summary = (
        f"{len(plan.changes)} giá trị thay đổi, {len(plan.manual)} cần nhập tay, "
        f"{len(plan.overridden)} giữ số đã sửa tay"
    )
    if args.dry_run:
        if not args.json:
            print(f"Chạy thử: {summary}; chưa ghi gì vào báo cáo {args.id}.")
        return EXIT_OK
    backup = service.apply(plan)
    if not args.json:
        if backup is not None:
            print(f"Bản sao trước khi tổng hợp: {backup}")
        names = ", ".join(r.name for r in plan.parts)
        print(f"Đã tổng hợp {len(plan.parts)} đơn vị ({names}) vào báo cáo {args.id}: {summary}.")
    return EXIT_OK


def cmd_clear_override(args: argparse.Namespace, repo: Repository) -> int:
    from ..services.merge import MergeService

    done = MergeService(repo).clear_overrides(
        args.id, [clean_line(c).rstrip(".") for c in args.codes]
    )
    print(f"Đã lấy lại số tổng hợp cho {', '.join(done)}.")
    return EXIT_OK
