"""`cchc import-catalog` / `cchc export-catalog`: a province's form from Word or Excel, and the
Excel authoring workbook of a catalog and its rules."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arguments import EXIT_OK, output_file, print_json

if TYPE_CHECKING:
    from ..services.store import ReportStore


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import-catalog",
        help="nhập biểu thống kê của tỉnh (Word .docx) hoặc tệp danh mục Excel (.xlsx) "
        "thành một danh mục chỉ tiêu mới",
    )
    p.add_argument("path", type=Path, metavar="FORM.docx|FILE.xlsx")
    p.add_argument("--id", dest="catalog_id", help="mã danh mục (mặc định: theo tên tệp)")
    p.add_argument("--version", dest="catalog_version", help="phiên bản (mặc định: 1)")
    p.add_argument("--title", help="tên biểu (mặc định: dòng tiêu đề trên bảng)")
    p.add_argument(
        "--dry-run", action="store_true", help="chỉ in bảng xem lại từng dòng, không lưu gì"
    )
    p.add_argument("--json", action="store_true", help="bảng xem lại dạng JSON")
    p.set_defaults(handler=run_import, db_use="create")

    p = sub.add_parser(
        "export-catalog",
        help="xuất danh mục chỉ tiêu và quy tắc kiểm tra ra tệp Excel để soạn, sửa và gửi đi",
    )
    p.add_argument("spec", metavar="ID[@VER]")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.set_defaults(handler=run_export)


def _review_table(rows: list[dict[str, str]]) -> str:
    head = ("Dòng", "Mã", "Số in", "Loại", "Đơn vị tính", "Cha", "Chỉ tiêu")
    keys = ("row", "code", "printed_code", "kind", "unit", "parent", "label")
    table = [head] + [tuple(r[k] for k in keys) for r in rows]
    widths = [min(max(len(line[i]) for line in table), 28) for i in range(len(head) - 1)]
    out = []
    for line in table:
        cells = [line[i][:28].ljust(widths[i]) for i in range(len(head) - 1)]
        out.append("  ".join(cells) + "  " + line[-1])
    return "\n".join(out)


def run_import(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.catalog_exchange import read_catalog_file, save_catalog

    found = read_catalog_file(
        args.path,
        catalog_id=args.catalog_id,
        version=args.catalog_version,
        title=args.title,
    )
    data = found.data()  # checked: a draft that is not a valid catalog stops here (exit 2)
    rows = found.review_rows()
    rules = len((found.rules_data or {}).get("rules", []))
    key = f"{data['id']}@{data['version']}"
    if not args.json:
        print(f"Danh mục {key}: {data['title']}")
        print(_review_table(rows))
        print(f"{len(rows)} chỉ tiêu, {rules} quy tắc.")
    if not args.dry_run:
        key = save_catalog(repo, found)
    if args.json:
        print_json(
            {
                "key": key,
                "id": data["id"],
                "version": data["version"],
                "title": data["title"],
                "rows": rows,
                "rules": rules,
                "saved": not args.dry_run,
            }
        )
    elif args.dry_run:
        print("Chạy thử: chưa lưu gì.")
    else:
        print(key)  # the last line is the new catalog alone, for scripts (as `cchc new` its id)
    return EXIT_OK


def run_export(args: argparse.Namespace, repo: ReportStore) -> int:
    from ..services.catalog_exchange import export_catalog_workbook

    out = output_file(args.out, ".xlsx")
    key, indicators, rules = export_catalog_workbook(repo, args.spec, out)
    print(f"Đã xuất {out}: danh mục {key} ({indicators} chỉ tiêu, {rules} quy tắc).")
    return EXIT_OK
