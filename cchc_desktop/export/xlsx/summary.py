"""Writes the receiving office's per-unit table: one row per indicator, one column per unit, the
total, then the units whose reports have errors and those with no report (`cchc aggregate --table`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ...atomic import atomic_write

SHEET = "Tổng hợp"
HEADER_ROW = 3
FIXED = ("Mã", "Chỉ tiêu thống kê", "Đơn vị tính")
TOTAL = "Tổng hợp"

_FONT = Font(name="Times New Roman", size=11)
_BOLD = Font(name="Times New Roman", size=11, bold=True)
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: object) -> object:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return Decimal(format(value, "f"))
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value  # text is never a formula
    return value


def write_summary_table(
    path: Path,
    *,
    title: str,
    units: Sequence[str],
    rows: Sequence[Sequence[object]],
    with_errors: Sequence[str],
    missing: Sequence[str],
) -> None:
    """rows: code, label, unit of measure, one value per unit, the total; written whole or not."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.cell(1, 1, title).font = Font(name="Times New Roman", size=13, bold=True)
    headers = (*FIXED, *units, TOTAL)
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col, text)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEAD_FILL, _BORDER, _WRAP
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, _cell_value(value))
            cell.font, cell.border = _FONT, _BORDER
            if c == 2:
                cell.alignment = _WRAP
        ws.cell(r, len(headers)).font = _BOLD
    r = HEADER_ROW + len(rows) + 2
    for label, names in (
        ("Đơn vị có báo cáo còn lỗi:", with_errors),
        ("Đơn vị chưa gửi báo cáo:", missing),
    ):
        ws.cell(r, 1, label).font = _BOLD
        ws.cell(r, 2, ", ".join(names) if names else "không có").font = _FONT
        r += 1
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 14
    for c in range(len(FIXED) + 1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, len(FIXED) + 1)
    with atomic_write(path) as fh:
        wb.save(fh)
