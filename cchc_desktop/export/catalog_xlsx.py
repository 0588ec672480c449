"""The catalog authoring workbook (chi_tieu, quy_tac, thong_tin, nhom_tuy_chon, huong_dan) on disk.

The layout (which column means what) is domain/catalog_sheets.py; this module writes it with
openpyxl (whole or not at all) and reads it back through the Excel import's safety checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..domain import catalog_sheets as layout
from ..domain.catalog_import import KIND_NAMES, FormError
from ..errors import FileProblemError
from .xlsx_safety import limited_rows, load_workbook_safely, read_file_checked

_WIDTHS = {
    layout.INDICATOR_SHEET: (10, 10, 60, 10, 22, 10, 30, 9, 11, 10, 12, 40),
    layout.RULE_SHEET: (22, 40, 14, 10, 60, 30, 20),
    layout.INFO_SHEET: (26, 60, 60),
    layout.OPTIONAL_SHEET: (10, 40, 60),
    layout.GUIDE_SHEET: (16, 24, 90),
}
_MAX_COLUMNS = 30


def write_catalog_workbook(
    catalog: Mapping[str, Any], rules: Mapping[str, Any] | None, path: Path
) -> None:
    """The catalog (resources/catalogs JSON form) and its rules in the authoring layout."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="D9E1F2")
    wb = Workbook()
    sheets = (
        (layout.INDICATOR_SHEET, layout.indicator_rows(catalog)),
        (layout.RULE_SHEET, layout.rule_rows(rules or {})),
        (layout.INFO_SHEET, layout.info_rows(catalog, rules)),
        (layout.OPTIONAL_SHEET, layout.optional_rows(catalog)),
        (layout.GUIDE_SHEET, layout.guide_rows()),
    )
    first = True
    for name, rows in sheets:
        ws = wb.active if first else wb.create_sheet(name)
        assert ws is not None
        ws.title = name
        first = False
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                cell.data_type = "s"  # "=..." in a message stays text, never a formula
                if value.startswith(("=", "+", "-", "@")):
                    cell.quotePrefix = True
                if r == 1:
                    cell.font = bold
                    cell.fill = fill
                elif name == layout.GUIDE_SHEET or c in (3, 5):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, width in enumerate(_WIDTHS[name], start=1):
            ws.column_dimensions[layout.column_letter(i - 1)].width = width
        ws.freeze_panes = "A2"
    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(KIND_NAMES.values()) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Loại chỉ tiêu",
        error="Chọn một loại trong danh sách.",
    )
    ws = wb[layout.INDICATOR_SHEET]
    ws.add_data_validation(kinds)
    kinds.add(f"D2:D{max(ws.max_row, 2) + 200}")
    with atomic_write(path) as fh:
        wb.save(fh)


def read_catalog_workbook(path: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(catalog JSON, rules JSON or None) from an authoring workbook; all or nothing.

    Hostile or unreadable files raise FileProblemError; a wrong cell raises FileProblemError
    naming the sheet and cell.
    """
    name = path.name
    data = read_file_checked(path)
    wb = load_workbook_safely(data, name)
    try:
        sheets: dict[str, layout.SheetRows] = {}
        for ws in wb.worksheets:
            title = str(ws.title).strip().casefold()
            if title not in _WIDTHS or title == layout.GUIDE_SHEET:
                continue
            rows = [
                (number, tuple(_value(c) for c in cells))
                for number, cells in limited_rows(ws, str(ws.title), name, max_col=_MAX_COLUMNS)
            ]
            sheets[title] = layout.SheetRows(str(ws.title), rows)
    finally:
        wb.close()
    try:
        return layout.workbook_to_data(sheets)
    except FormError as exc:
        raise FileProblemError(f"Tệp “{name}”: {exc}") from None


def _value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, str) and value.startswith("=") and getattr(cell, "data_type", "") == "f":
        raise FileProblemError(
            f"Ô {getattr(cell, 'coordinate', '')} chứa công thức ({value}); hãy ghi giá trị."
        )
    return value
