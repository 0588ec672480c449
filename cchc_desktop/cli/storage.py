"""`cchc backup` / `cchc restore` / `cchc check`: copies of the database, putting one back, and
SQLite's full integrity check. They work on the file itself, so they also run on a damaged one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..arguments import EXIT_OK, EXIT_USER_ERROR, output_file
from ..errors import FileProblemError
from ..storage.location import resolve_db_path

EXIT_DAMAGED = EXIT_USER_ERROR  # `cchc check`: a damaged file is exit 2, never 1


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (vào thư mục backups), in tên tệp")
    p.add_argument("--to", type=Path, metavar="TỆP", help="ghi bản sao vào tệp này")
    p.set_defaults(handler=run_backup, db_use="file")

    p = sub.add_parser(
        "restore",
        help="khôi phục từ một bản sao lưu (kiểm tra trước; dữ liệu hiện tại được sao lưu)",
    )
    p.add_argument("file", type=Path, metavar="TỆP", help="tệp sao lưu, hoặc “moi-nhat”")
    p.set_defaults(handler=run_restore, db_use="file")

    p = sub.add_parser(
        "check", help="kiểm tra tính toàn vẹn của tệp dữ liệu (0: nguyên vẹn, 2: bị hỏng)"
    )
    p.set_defaults(handler=run_check, db_use="file")

    p = sub.add_parser("backups", help="liệt kê các bản sao lưu (ngày, cỡ, số báo cáo)")
    p.set_defaults(handler=run_list_backups, db_use="file")


def _existing(args: argparse.Namespace) -> Path:
    path = resolve_db_path(args.db)
    if not path.exists():
        raise FileProblemError(f"Không có tệp cơ sở dữ liệu “{path}”. Hãy kiểm tra lại đường dẫn.")
    return path


def run_backup(args: argparse.Namespace, _repo: object) -> int:
    from ..storage.backup import make_backup, prune
    from ..storage.health import examine

    path = _existing(args)
    examine(path)  # a damaged file is not copied as if it were a good backup
    if args.to is not None:
        print(make_backup(path, "thu-cong", output_file(args.to, path.suffix or ".sqlite3")))
    else:
        print(make_backup(path, "thu-cong"))
        prune(path)
    return EXIT_OK


def run_restore(args: argparse.Namespace, _repo: object) -> int:
    from ..storage.backup import newest_good_backup, restore

    path = resolve_db_path(args.db)
    source: Path = args.file
    if str(source) == "moi-nhat":
        newest = newest_good_backup(path)
        if newest is None:
            raise FileProblemError(f"Không có bản sao lưu nào dùng được cho “{path}”.")
        source = newest.path
    result = restore(path, source)
    print(f"Đã khôi phục “{path}” từ “{result.restored_from}”.")
    if result.safety_backup is not None:
        print(f"Dữ liệu trước khi khôi phục được sao lưu tại “{result.safety_backup}”.")
    if result.damaged_aside is not None:
        print(f"Tệp hỏng được giữ nguyên, đổi tên thành “{result.damaged_aside}”.")
    return EXIT_OK


def run_check(args: argparse.Namespace, _repo: object) -> int:
    import sys

    from ..storage.backup import newest_good_backup
    from ..storage.health import check_everything, report_count

    path = _existing(args)
    try:
        problems = check_everything(path)
    except FileProblemError as exc:  # not SQLite, not ours, a folder
        problems = [exc.message]
    if not problems:
        print(f"Tệp dữ liệu “{path}” nguyên vẹn ({report_count(path) or 0} báo cáo).")
        return EXIT_OK
    print(f"Lỗi: tệp dữ liệu “{path}” bị hỏng:", file=sys.stderr)
    for problem in problems[:50]:
        print(f"  - {problem}", file=sys.stderr)
    newest = newest_good_backup(path)
    if newest is not None:
        from ..domain.vn import format_timestamp

        print(
            f"Bản sao lưu tốt gần nhất: “{newest.path}” ({format_timestamp(newest.created)},"
            f" {newest.reports} báo cáo). Khôi phục: cchc restore moi-nhat",
            file=sys.stderr,
        )
    return EXIT_DAMAGED


def run_list_backups(args: argparse.Namespace, _repo: object) -> int:
    from ..domain.vn import format_number, format_timestamp
    from ..storage.backup import list_backups

    path = resolve_db_path(args.db)
    found = list_backups(path)
    if not found:
        print(f"Chưa có bản sao lưu nào của “{path}”.")
    for b in found:
        count = "không đọc được" if b.reports is None else f"{b.reports} báo cáo"
        size = format_number(round(b.size / 1024))
        print(f"{format_timestamp(b.created, seconds=True)}  {size:>8} KB  {count:<16} {b.path}")
    return EXIT_OK
