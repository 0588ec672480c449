"""`cchc catalogs/catalog-add/catalog-remove/catalog-match`: the Phụ lục III forms of a database."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, print_json
from ..errors import FileProblemError, InvalidValueError

if TYPE_CHECKING:
    from ..services.store import ReportStore


def register(sub: Any) -> None:
    p = sub.add_parser("catalogs", help="liệt kê các mẫu Phụ lục III (có sẵn và người dùng thêm)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_catalogs)

    p = sub.add_parser("catalog-add", help="thêm một danh mục chỉ tiêu (tệp JSON) vào tệp dữ liệu")
    p.add_argument("file", type=Path, metavar="DANH_MUC.json")
    p.add_argument("--rules", type=Path, metavar="QUY_TAC.json", help="quy tắc kiểm tra kèm theo")
    p.set_defaults(handler=cmd_add, db_use="create")

    p = sub.add_parser("catalog-remove", help="xóa một danh mục người dùng thêm (MÃ@PHIÊN_BẢN)")
    p.add_argument("key", metavar="MÃ@PHIÊN_BẢN")
    p.set_defaults(handler=cmd_remove)

    p = sub.add_parser(
        "catalog-match",
        help="đối chiếu chỉ tiêu giữa hai phiên bản mẫu; --set MÃ_MỚI=MÃ_CŨ sửa đối chiếu",
    )
    p.add_argument("key", metavar="MÃ@PHIÊN_BẢN", help="phiên bản mới")
    p.add_argument("--from", dest="previous", required=True, metavar="MÃ@PHIÊN_BẢN")
    p.add_argument(
        "--set",
        dest="pairs",
        action="append",
        default=[],
        metavar="MÃ_MỚI=MÃ_CŨ",
        help="MÃ_MỚI= (để trống) nghĩa là không có chỉ tiêu tương ứng",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_match)


def cmd_catalogs(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.catalogs import CatalogRegistry

    infos = CatalogRegistry(repo).list()
    if args.json:
        print_json([i.to_json() for i in infos])
        return EXIT_OK
    for i in infos:
        origin = "có sẵn" if i.shipped else "người dùng thêm"
        where = ", ".join(x for x in (i.province, str(i.year or "")) if x)
        print(
            f"{i.key}  {i.title}"
            + (f" ({where})" if where else "")
            + f"  [{origin}; {i.rows} dòng; {i.in_use} báo cáo]"
        )
    return EXIT_OK


def _read(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileProblemError(f"Không đọc được tệp {what} “{path}”: {exc.strerror}") from exc
    except ValueError as exc:
        raise InvalidValueError(f"Tệp {what} “{path.name}” không phải JSON hợp lệ: {exc}") from exc


def cmd_add(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.catalogs import CatalogRegistry

    data = _read(args.file, "danh mục")
    rules = _read(args.rules, "quy tắc") if args.rules else None
    if not isinstance(data, dict) or (rules is not None and not isinstance(rules, dict)):
        raise InvalidValueError("Tệp danh mục và tệp quy tắc phải là một đối tượng JSON")
    info = CatalogRegistry(repo).add(data, rules)
    print(info.key)
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.catalogs import CatalogRegistry, parse_catalog_key

    cid, version = parse_catalog_key(args.key)
    if not cid or version is None:
        raise InvalidValueError("Ghi đủ MÃ@PHIÊN_BẢN của danh mục cần xóa (xem: cchc catalogs)")
    CatalogRegistry(repo).remove(cid, version)
    print(f"Đã xóa danh mục {cid}@{version}")
    return EXIT_OK


def cmd_match(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.catalogs import CatalogRegistry

    registry = CatalogRegistry(repo)
    new = registry.resolve(args.key)
    old = registry.resolve(args.previous)
    if args.pairs:
        overrides: dict[str, str | None] = {}
        for pair in args.pairs:
            code, sep, previous = pair.partition("=")
            if not sep or not code.strip():
                raise InvalidValueError(f"“{pair}”: ghi MÃ_MỚI=MÃ_CŨ (hoặc MÃ_MỚI= khi không có)")
            overrides[code.strip()] = previous.strip() or None
        registry.set_mapping(new.id, new.version, old.key, overrides)
    match = registry.match(old, new)
    if args.json:
        print_json(
            {
                "from": match.old_key,
                "to": match.new_key,
                "matched": [
                    {"code": n, "previous_code": o, "how": match.how[n]}
                    for n, o in match.new_to_old.items()
                ],
                "unmatched": match.unmatched_new,
                "unmatched_previous": match.unmatched_old,
            }
        )
        return EXIT_OK
    moved = {n: o for n, o in match.new_to_old.items() if n != o}
    print(f"{match.new_key} so với {match.old_key}: {len(match.new_to_old)} chỉ tiêu khớp")
    for n, o in moved.items():
        print(f"  {n} <- {o} ({'theo tên' if match.how[n] == 'label' else 'đã sửa'})")
    for code in match.unmatched_new:
        print(f"  {code}: chỉ tiêu mới, không có ở {match.old_key}")
    for code in match.unmatched_old:
        print(f"  {code} của {match.old_key}: không có chỉ tiêu tương ứng")
    return EXIT_OK
