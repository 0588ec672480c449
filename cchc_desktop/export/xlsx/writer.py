"""Writes the exchange workbook: Phụ lục III with data validations, Phụ lục I, Phụ lục II and "_cchc".

"Phụ lục III" lists the catalog's rows in order (code, label, unit locked; value and note cells
unlocked, each with Excel's data validation built from the indicator's bounds), "Phụ lục I"
(quantity and note editable), "Phụ lục II" (to read only: it is not imported back, its long texts
are edited in the app) and a hidden sheet "_cchc" naming the catalog id and version and the
report's unit and period. Text written out is always stored as text (and marked with Excel's quote
prefix when it starts with "=", "+", "-" or "@"), so Excel never runs it as a formula.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ...atomic import atomic_write
from ...domain.catalog import Catalog, Indicator, IndicatorKind
from ...domain.frozen import replace
from ...domain.report import IndicatorValue, Report
from ...domain.vn import nfc
from .layout import (
    FIRST_DATA_ROW,
    FORMAT_ID,
    FORMAT_VERSION,
    HEADER_I,
    HEADER_II,
    HEADER_III,
    HEADER_ROW,
    N_COLS,
    SHEET_I,
    SHEET_II,
    SHEET_III,
    SHEET_META,
    TEXT_LIMIT,
    check_catalog,
)

_EXCEL_TEXT_LIMIT = 32_767
_FORMULA_START = ("=", "+", "-", "@")

_FONT = Font(name="Times New Roman", size=11)
_BOLD = Font(name="Times New Roman", size=11, bold=True)
_TITLE = Font(name="Times New Roman", size=13, bold=True)
_ITALIC = Font(name="Times New Roman", size=11, italic=True)
_HINT = Font(name="Times New Roman", size=10, italic=True, color="595959")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_GROUP_FILL = PatternFill("solid", fgColor="EDEDED")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E1")  # where the sub-unit types
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_workbook(
    report: Report, catalog: Catalog, path: Path, sub_unit: tuple[str, str] | None = None
) -> None:
    """Write the exchange workbook for the report; the file appears whole or not at all.
    sub_unit (name, kind) names the phòng or đơn vị it is for (the hidden sheet and the title)."""
    check_catalog(report, catalog)
    if sub_unit is not None:
        report = copy.copy(report)
        report.unit = copy.copy(report.unit)
        report.values = {}  # a sub-unit fills in its own figures, not the department's
        report.propaganda = [replace(r, quantity=None, note="") for r in report.propaganda]
    wb = Workbook()
    ws3 = wb.active
    assert ws3 is not None
    ws3.title = SHEET_III
    _sheet_iii(ws3, report, catalog)
    _sheet_i(wb.create_sheet(SHEET_I), report)
    _sheet_ii(wb.create_sheet(SHEET_II), report)
    _sheet_meta(wb.create_sheet(SHEET_META), report, catalog, sub_unit)
    if sub_unit is not None:
        ws3["A2"].value = f"{sub_unit[0]} ({report.unit.name}) - {report.period.wording}"
    # no renaming, deleting or unhiding sheets (no password: this guards against slips, not people)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    _save_atomically(wb, path)


def _save_atomically(wb: Workbook, path: Path) -> None:
    """Temp file beside the target, fsync, replace: the old file stays whole if anything fails."""
    with atomic_write(path) as fh:
        wb.save(fh)


def _text(value: str) -> str:
    text = str(ILLEGAL_CHARACTERS_RE.sub("", nfc(value)))
    return text if len(text) <= _EXCEL_TEXT_LIMIT else text[: _EXCEL_TEXT_LIMIT - 1] + "…"


def _put_text(cell: Any, value: str, font: Font = _FONT) -> None:
    """Store text as text: openpyxl would make "=..." a formula and "#N/A" an error value."""
    text = _text(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text even after the user edits the cell
    cell.font = font


def _put_number(cell: Any, value: Decimal) -> None:
    if value == value.to_integral_value():
        cell.value = int(value)
    else:
        cell.value = Decimal(format(value, "f"))  # no exponent notation in the file
    cell.font = _FONT


def _title_rows(ws: Worksheet, title: str, report: Report, hint: str) -> None:
    last = get_column_letter(N_COLS)
    for row, text, font in (
        (1, title, _TITLE),
        (2, f"{report.unit.name} - {report.period.wording}", _ITALIC),
        (3, hint, _HINT),
    ):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row, 1)
        _put_text(cell, text, font)
        cell.alignment = _CENTER
    ws.row_dimensions[1].height = 34
    ws.row_dimensions[3].height = 40


def _header(ws: Worksheet, labels: tuple[str, ...]) -> None:
    for col, text in enumerate(labels, start=1):
        cell = ws.cell(HEADER_ROW, col)
        _put_text(cell, text, _BOLD)
        cell.alignment = _CENTER
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
    ws.row_dimensions[HEADER_ROW].height = 30


def _page_setup(ws: Worksheet, widths: tuple[float, ...], *, landscape: bool = False) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = 0.6
    ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = "Times New Roman"
    # Locked cells stay locked; sub-units may still widen columns and rows to read long labels.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _row_height(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Excel does not grow rows for wrapped text on opening: estimate the lines and set a height."""
    lines = 1
    for text, width in texts:
        chars = max(int(width * 1.15), 1)
        lines = max(lines, sum(max(1, math.ceil(len(p) / chars)) for p in text.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = min(15.0 * lines + 2, 409)


_WIDTHS_III = (10.0, 60.0, 16.0, 12.0, 30.0)


def _validation(kind: str, **kw: Any) -> DataValidation:
    dv = DataValidation(
        type=kind, allow_blank=True, showErrorMessage=True, showInputMessage=True, **kw
    )
    dv.errorStyle = "stop"
    return dv


# per kind: the validation's title, an example, and what else to say
_VALIDATION_WORDS = {
    IndicatorKind.COUNT: ("Số đếm", "38", ""),
    IndicatorKind.PERCENT: ("Tỷ lệ %", "98,73", ", không gõ dấu %"),
    IndicatorKind.DECIMAL: ("Số liệu", "6,981", ""),
}


def _number_validation(ind: Indicator) -> DataValidation:
    """Excel's check of a figure, from the indicator's bounds (the same ones the import applies)."""
    bounds = ind.bounds
    low, high = bounds.minimum, bounds.maximum
    if low is not None and high is not None:
        limits: dict[str, Any] = {
            "operator": "between",
            "formula1": format(low, "f"),
            "formula2": format(high, "f"),
        }
    elif low is not None:
        limits = {"operator": "greaterThanOrEqual", "formula1": format(low, "f")}
    elif high is not None:
        limits = {"operator": "lessThanOrEqual", "formula1": format(high, "f")}
    else:
        limits = {"operator": "notEqual", "formula1": '""'}
    title, example, extra = _VALIDATION_WORDS.get(
        ind.kind, _VALIDATION_WORDS[IndicatorKind.DECIMAL]
    )
    rule = bounds.describe()
    rule = rule[0].upper() + rule[1:]
    return _validation(
        "whole" if bounds.integer else "decimal",
        errorTitle=f"{title} không hợp lệ",
        error=f"{rule}{extra} (ví dụ {example}). Để trống nếu chưa có số liệu.",
        promptTitle=title,
        prompt=f"{rule}{extra}. Để trống nếu chưa có số liệu (khác với 0).",
        **limits,
    )


def _choice_validation(ind: Indicator) -> DataValidation:
    listed = "; ".join(f"{code} = {label}" for code, label in ind.bounds.choices)
    return _validation(
        "list",
        formula1='"' + ",".join(str(code) for code in ind.bounds.codes) + '"',
        errorTitle="Mã lựa chọn không hợp lệ",
        error=f"Chỉ chọn một mã trong danh sách: {listed}"[:225],
        promptTitle="Chọn một mã",
        prompt=listed[:255],
    )


_TEXT_VALIDATION = "text"


def _validation_key(ind: Indicator) -> Any:
    """Cells whose values obey the same bounds share one validation."""
    return _TEXT_VALIDATION if ind.kind is IndicatorKind.TEXT else (ind.kind, ind.bounds)


def _validations(catalog: Catalog) -> dict[Any, DataValidation]:
    """One Excel validation per kind of value and bounds (and per list of choices)."""
    out: dict[Any, DataValidation] = {
        _TEXT_VALIDATION: _validation(
            "textLength",
            operator="lessThanOrEqual",
            formula1=str(TEXT_LIMIT),
            errorTitle="Nội dung quá dài",
            error=f"Nội dung tối đa {TEXT_LIMIT} ký tự.",
            promptTitle="Nội dung",
            prompt="Ghi ngắn gọn, ví dụ “Đảm bảo”.",
        )
    }
    for ind in catalog:
        if not ind.has_value or ind.kind is IndicatorKind.TEXT:
            continue
        key = _validation_key(ind)
        if key not in out:
            is_choice = ind.kind is IndicatorKind.CHOICE
            out[key] = _choice_validation(ind) if is_choice else _number_validation(ind)
    return out


def _sheet_iii(ws: Worksheet, report: Report, catalog: Catalog) -> None:
    _title_rows(
        ws,
        "PHỤ LỤC III\nTHỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        report,
        "Chỉ nhập vào cột “Số liệu” và “Ghi chú” (ô nền vàng nhạt). Số đếm là số nguyên từ 0; "
        "tỷ lệ % nhập số từ 0 đến 100, không gõ dấu %; ô để trống là chưa có số liệu (khác 0). "
        "Không nhập công thức.",
    )
    _header(ws, HEADER_III)
    validations = _validations(catalog)
    ranges: dict[Any, list[str]] = {}
    row = FIRST_DATA_ROW
    for ind in catalog.enabled(report.optional_groups):
        iv = report.values.get(ind.code, IndicatorValue())
        group = ind.kind is IndicatorKind.GROUP
        code, label, unit, value, note = (ws.cell(row, c) for c in range(1, N_COLS + 1))
        _put_text(code, ind.code, _BOLD if group else _FONT)
        _put_text(label, ind.label, _BOLD if group else _FONT)
        label.alignment = Alignment(wrap_text=True, vertical="top", indent=min(ind.level, 6))
        _put_text(unit, ind.unit)
        if ind.note:  # a defect of the printed form and how the catalog corrected it
            label.comment = Comment(_text(ind.note), "CCHC Desktop", width=300, height=120)
        if ind.has_value:
            value.protection = _UNLOCKED
            value.fill = _INPUT_FILL
            ranges.setdefault(_validation_key(ind), []).append(value.coordinate)
            if isinstance(iv.value, Decimal) and ind.kind is not IndicatorKind.TEXT:
                _put_number(value, iv.value)
                value.number_format = "#,##0" if ind.kind is IndicatorKind.COUNT else "General"
            elif iv.value is not None:
                _put_text(value, str(iv.value))
        _put_text(note, iv.note)
        note.protection = _UNLOCKED
        note.fill = _INPUT_FILL
        for cell in (code, label, unit, value, note):
            cell.border = _BORDER
            if group:
                cell.fill = _GROUP_FILL if cell is not note else _INPUT_FILL
        code.alignment = Alignment(vertical="top")
        unit.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
        value.alignment = Alignment(vertical="top", horizontal="right")
        note.alignment = _WRAP
        _row_height(
            ws,
            row,
            (
                (ind.label, _WIDTHS_III[1] - 2 * ind.level),
                (ind.unit, _WIDTHS_III[2]),
                (iv.note, _WIDTHS_III[4]),
            ),
        )
        row += 1
    for key, dv in validations.items():
        if key in ranges:
            dv.sqref = " ".join(ranges[key])
            ws.add_data_validation(dv)
    _page_setup(ws, _WIDTHS_III)


_WIDTHS_I = (6.0, 60.0, 14.0, 12.0, 30.0)


def _sheet_i(ws: Worksheet, report: Report) -> None:
    _title_rows(
        ws,
        "PHỤ LỤC I\nBÁO CÁO TUYÊN TRUYỀN CCHC",
        report,
        "Chỉ nhập vào cột “Số lượng” và “Ghi chú” (ô nền vàng nhạt): số nguyên từ 0; ô để trống "
        "là chưa có số liệu (khác 0). Không nhập công thức.",
    )
    _header(ws, HEADER_I)
    dv = _validation(
        "whole",
        operator="greaterThanOrEqual",
        formula1="0",
        errorTitle="Số lượng không hợp lệ",
        error="Chỉ nhập số nguyên từ 0 trở lên. Để trống nếu chưa có số liệu.",
        promptTitle="Số lượng",
        prompt="Số nguyên từ 0 trở lên.",
    )
    cells: list[str] = []
    for offset, prow in enumerate(report.propaganda):
        row = FIRST_DATA_ROW + offset
        number, label, unit, qty, note = (ws.cell(row, c) for c in range(1, N_COLS + 1))
        _put_text(number, prow.number)
        _put_text(label, prow.label)
        _put_text(unit, prow.unit)
        if prow.quantity is not None:
            _put_number(qty, prow.quantity)
        _put_text(note, prow.note)
        for cell in (qty, note):
            cell.protection = _UNLOCKED
            cell.fill = _INPUT_FILL
        for cell in (number, label, unit, qty, note):
            cell.border = _BORDER
            cell.alignment = _WRAP
        number.alignment = unit.alignment = Alignment(horizontal="center", vertical="top")
        cells.append(qty.coordinate)
        _row_height(ws, row, ((prow.label, _WIDTHS_I[1]), (prow.note, _WIDTHS_I[4])))
    if cells:
        dv.sqref = " ".join(cells)
        ws.add_data_validation(dv)
    _page_setup(ws, _WIDTHS_I)


_WIDTHS_II = (5.0, 60.0, 45.0, 16.0, 45.0)


def _dashed(items: list[str]) -> str:
    return "\n".join(i if i.lstrip().startswith("-") else f"- {i}" for i in items)


def _sheet_ii(ws: Worksheet, report: Report) -> None:
    _title_rows(
        ws,
        "PHỤ LỤC II\nKẾT QUẢ KHẮC PHỤC CÁC TỒN TẠI, HẠN CHẾ VÀ CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM",
        report,
        "Trang này để xem, không nhập lại vào ứng dụng: nội dung Phụ lục II sửa trong ứng dụng.",
    )
    _header(ws, HEADER_II)
    for offset, item in enumerate(report.remediation):
        row = FIRST_DATA_ROW + offset
        first = "\n".join(t for t in (item.criterion, item.assessment) if t)
        texts = (
            item.number,
            "\n".join(t for t in (first, _dashed(item.findings)) if t),
            _dashed(item.remedies),
            _dashed(item.deadlines),
            _dashed(item.progress),
        )
        for col, text in enumerate(texts, start=1):
            cell = ws.cell(row, col)
            _put_text(cell, text)
            cell.alignment = _WRAP
            cell.border = _BORDER
        _row_height(ws, row, zip(texts[1:], _WIDTHS_II[1:], strict=True))
    _page_setup(ws, _WIDTHS_II, landscape=True)


def _sheet_meta(
    ws: Worksheet, report: Report, catalog: Catalog, sub_unit: tuple[str, str] | None = None
) -> None:
    rows: tuple[tuple[str, str], ...] = (
        ("format", FORMAT_ID),
        ("format_version", FORMAT_VERSION),
        ("catalog_id", catalog.id),
        ("catalog_version", catalog.version),
        ("report_id", "" if report.id is None else str(report.id)),
        ("unit", report.unit.name),
        ("period", report.period.code),
        ("year", str(report.period.year)),
        ("period_label", report.period.wording),
        ("exported_at", dt.datetime.now().replace(microsecond=0).isoformat()),
    )
    if sub_unit is not None:
        rows += (("sub_unit", sub_unit[0]), ("sub_unit_kind", sub_unit[1]))
    for row, (key, value) in enumerate(rows, start=1):
        _put_text(ws.cell(row, 1), key)
        _put_text(ws.cell(row, 2), value)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    ws.protection.sheet = True
    ws.sheet_state = "hidden"
