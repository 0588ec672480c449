"""Filling sub-unit workbooks the way a sub-unit does (a figure typed in column D of its row)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook


def fill_workbook(
    path: Path,
    values: Mapping[str, object],
    notes: Mapping[str, str] | None = None,
    out: Path | None = None,
) -> Path:
    """Type values (code -> cell value) and notes into the Phụ lục III sheet of an exported
    workbook; saved over it (or to out)."""
    wb = load_workbook(path)
    ws = wb["Phụ lục III"]
    rows = {str(ws.cell(r, 1).value).rstrip("."): r for r in range(5, ws.max_row + 1)}
    for code, value in values.items():
        ws.cell(rows[code], 4).value = value
    for code, note in (notes or {}).items():
        ws.cell(rows[code], 5).value = note
    target = out or path
    wb.save(target)
    return target
