"""Phụ lục III (with I and II) as a protected Excel workbook for sub-units, and its all-or-nothing import.

The workbook: "Phụ lục III" in the catalog's order (code, label, unit locked; value and note cells
unlocked with data validation), "Phụ lục I" (quantity and note editable), "Phụ lục II" (to read
only: it is not imported back, its long texts are edited in the app) and a hidden sheet "_cchc"
naming the catalog id and version and the report's unit and period.

Import rules, decided here:
- Phụ lục III rows are matched by the code in column A, falling back to the label (NFC, whitespace
  collapsed, case-folded) when the code is missing or unknown; Phụ lục I rows by position and label.
- Numbers are accepted as Excel numbers or as Vietnamese text ("1.088", "98,73%"). The sheet stores
  percentages as plain numbers 0-100; a numeric cell whose number format contains "%" holds a
  fraction (0.9873 shown as 98,73%) and is scaled by 100. Floats convert via Decimal(str(x)), the
  shortest repr, so 98.73 stays 98.73.
- An empty cell means "not reported" (None), never 0; emptying a filled cell clears the figure.
- Formula cells are refused, never evaluated and their cached results never trusted.
- Bounds are checked here (counts whole and >= 0, percentages 0-100, choices among their codes), so a
  sub-unit's typo never reaches the report. Any error: the plan carries no applicable change.
- Text written out is always stored as text (and marked with Excel's quote prefix when it starts
  with "=", "+", "-" or "@"), so Excel never runs it as a formula.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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

from ..atomic import atomic_write
from ..domain.appendix_tables import PROPAGANDA_HEADINGS, REMEDIATION_HEADINGS
from ..domain.catalog import Catalog, Indicator, IndicatorKind
from ..domain.report import IndicatorValue, PropagandaRow, Report
from ..domain.vn import NumberFormatError, clean_line, format_number, nfc, parse_number
from ..errors import InvalidValueError, UserError
from .xlsx_safety import limited_rows, load_workbook_safely, read_file_checked

SHEET_III = "Phụ lục III"
SHEET_I = "Phụ lục I"
SHEET_II = "Phụ lục II"
SHEET_META = "_cchc"
FORMAT_ID = "cchc-desktop/xlsx"
FORMAT_VERSION = "1"

# Columns of the Phụ lục III and Phụ lục I sheets (1-based)
COL_CODE, COL_LABEL, COL_UNIT, COL_VALUE, COL_NOTE = 1, 2, 3, 4, 5
N_COLS = 5
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
HEADER_III = ("Mã", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")
HEADER_I = PROPAGANDA_HEADINGS
HEADER_II = REMEDIATION_HEADINGS
# Beyond this a figure is surely a typo (and past Excel's 15 significant digits anyway)
MAX_MAGNITUDE = Decimal(10) ** 12
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


# --- the import plan ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One row whose figure or note the workbook changes."""

    appendix: str  # "III" (a Phụ lục III indicator) or "I" (a Phụ lục I row)
    key: str  # the indicator code ("1.1.1"), or the Phụ lục I row number ("01")
    label: str
    old_value: Decimal | str | None
    new_value: Decimal | str | None
    old_note: str
    new_note: str
    cell: str  # where the new value is: "Phụ lục III!D14"
    old_text: str  # values as printed in the report ("1.088", "98,73%")
    new_text: str
    index: int | None = None  # position in report.propaganda (Phụ lục I)

    @property
    def value_changed(self) -> bool:
        return not _same_value(self.old_value, self.new_value)

    @property
    def note_changed(self) -> bool:
        return _norm_note(self.old_note) != _norm_note(self.new_note)

    def describe(self) -> str:
        """ "1.1.1  Số nhiệm vụ đề ra trong kế hoạch: 38 -> 40" (and the note, when it changes)."""
        key = self.key if self.appendix == "III" else f"PL I {self.key or '-'}"
        label = self.label if len(self.label) <= 70 else self.label[:69] + "…"
        parts = []
        if self.value_changed:
            parts.append(f"{self.old_text or '(trống)'} -> {self.new_text or '(trống)'}")
        if self.note_changed:
            parts.append(f"ghi chú “{self.old_note}” -> “{self.new_note}”")
        return f"{key}  {label}: " + "; ".join(parts)


@dataclass(frozen=True)
class ImportProblem:
    cell: str  # "Phụ lục III!D14", or a sheet name for a sheet-wide problem
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"


@dataclass
class ImportPlan:
    """What importing a workbook would do: every change and every problem, nothing applied yet."""

    source: str
    report_id: int | None
    changes: list[Change] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_message(self) -> str:
        lines = [f"Tệp “{self.source}” có {len(self.errors)} lỗi nên chưa nhập số liệu nào:"]
        lines += [f"  {e}" for e in self.errors]
        return "\n".join(lines)


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- export ---------------------------------------------------------------------------------------
def write_workbook(report: Report, catalog: Catalog, path: Path) -> None:
    """Write the exchange workbook for the report; the file appears whole or not at all."""
    _check_catalog(report, catalog)
    wb = Workbook()
    ws3 = wb.active
    assert ws3 is not None
    ws3.title = SHEET_III
    _sheet_iii(ws3, report, catalog)
    _sheet_i(wb.create_sheet(SHEET_I), report)
    _sheet_ii(wb.create_sheet(SHEET_II), report)
    _sheet_meta(wb.create_sheet(SHEET_META), report, catalog)
    # no renaming, deleting or unhiding sheets (no password: this guards against slips, not people)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    _save_atomically(wb, path)


def _check_catalog(report: Report, catalog: Catalog) -> None:
    if (report.catalog_id, report.catalog_version) != (catalog.id, catalog.version):
        raise ValueError(
            f"report uses catalog {report.catalog_id} {report.catalog_version}, "
            f"given {catalog.id} {catalog.version}"
        )


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


def _validations(catalog: Catalog) -> dict[Any, DataValidation]:
    """One Excel validation per kind of value (and per list of choices), shared by its cells."""
    out: dict[Any, DataValidation] = {
        IndicatorKind.COUNT: _validation(
            "whole",
            operator="greaterThanOrEqual",
            formula1="0",
            errorTitle="Số liệu không hợp lệ",
            error="Chỉ nhập số nguyên từ 0 trở lên (ví dụ 38). Để trống nếu chưa có số liệu.",
            promptTitle="Số đếm",
            prompt="Số nguyên từ 0 trở lên. Để trống nếu chưa có số liệu (khác với 0).",
        ),
        IndicatorKind.PERCENT: _validation(
            "decimal",
            operator="between",
            formula1="0",
            formula2="100",
            errorTitle="Tỷ lệ không hợp lệ",
            error="Tỷ lệ % nhập số từ 0 đến 100, không gõ dấu % (ví dụ 98,73).",
            promptTitle="Tỷ lệ %",
            prompt="Số từ 0 đến 100, không gõ dấu % (ví dụ 98,73).",
        ),
        IndicatorKind.DECIMAL: _validation(
            "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            errorTitle="Số liệu không hợp lệ",
            error="Chỉ nhập số không âm (ví dụ 6,981).",
            promptTitle="Số liệu",
            prompt="Số không âm (ví dụ 6,981).",
        ),
        IndicatorKind.TEXT: _validation(
            "textLength",
            operator="lessThanOrEqual",
            formula1="1000",
            errorTitle="Nội dung quá dài",
            error="Nội dung tối đa 1000 ký tự.",
            promptTitle="Nội dung",
            prompt="Ghi ngắn gọn, ví dụ “Đảm bảo”.",
        ),
    }
    for ind in catalog:
        if ind.kind is IndicatorKind.CHOICE and ind.choices not in out:
            listed = "; ".join(f"{c.code} = {c.label}" for c in ind.choices)
            out[ind.choices] = _validation(
                "list",
                formula1='"' + ",".join(str(c.code) for c in ind.choices) + '"',
                errorTitle="Mã lựa chọn không hợp lệ",
                error=f"Chỉ chọn một mã trong danh sách: {listed}"[:225],
                promptTitle="Chọn một mã",
                prompt=listed[:255],
            )
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
            key: Any = ind.choices if ind.kind is IndicatorKind.CHOICE else ind.kind
            ranges.setdefault(key, []).append(value.coordinate)
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


def _sheet_meta(ws: Worksheet, report: Report, catalog: Catalog) -> None:
    rows = (
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
    for row, (key, value) in enumerate(rows, start=1):
        _put_text(ws.cell(row, 1), key)
        _put_text(ws.cell(row, 2), value)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    ws.protection.sheet = True
    ws.sheet_state = "hidden"


# --- import ---------------------------------------------------------------------------------------
def read_workbook(path: Path, report: Report, catalog: Catalog) -> ImportPlan:
    """Read a workbook into a plan of changes to the report; the report itself is not touched.

    Hostile or unreadable files raise FileProblemError; problems with cells are collected in
    plan.errors, every one located as "Phụ lục III!D14".
    """
    _check_catalog(report, catalog)
    name = path.name
    data = read_file_checked(path)
    wb = load_workbook_safely(data, name)
    plan = ImportPlan(source=name, report_id=report.id)
    try:
        sheets = {clean_line(str(ws.title)).casefold(): ws for ws in wb.worksheets}
        meta = sheets.get(SHEET_META.casefold())
        if meta is None:
            plan.errors.append(
                ImportProblem(
                    SHEET_META,
                    "tệp thiếu trang thông tin ẩn của ứng dụng, không phải tệp do CCHC Desktop "
                    "xuất ra. Hãy dùng tệp xuất từ nút “Xuất Excel” của chính báo cáo này.",
                )
            )
            return plan
        if not _check_meta(meta, name, report, catalog, plan):
            return plan
        ws3 = sheets.get(clean_line(SHEET_III).casefold())
        if ws3 is None:
            plan.errors.append(ImportProblem(SHEET_III, "tệp không có trang “Phụ lục III”."))
        else:
            _read_iii(ws3, name, report, catalog, plan)
        ws1 = sheets.get(clean_line(SHEET_I).casefold())
        if ws1 is None:
            plan.notices.append("Tệp không có trang “Phụ lục I”: Phụ lục I giữ nguyên.")
        else:
            _read_i(ws1, name, report, plan)
    finally:
        wb.close()
    if plan.errors:
        plan.changes.clear()  # all or nothing: an erroneous plan offers nothing to apply
    return plan


def _check_meta(ws: Any, name: str, report: Report, catalog: Catalog, plan: ImportPlan) -> bool:
    found: dict[str, tuple[str, str]] = {}
    for number, cells in limited_rows(ws, SHEET_META, name, max_col=2, max_rows=200):
        key = _plain(cells[0].value) if cells else ""
        if key and len(cells) > 1:
            found[key] = (_plain(cells[1].value), f"{SHEET_META}!B{number}")
    before = len(plan.errors)

    def expect(key: str, wanted: str, message: str) -> None:
        got, where = found.get(key, ("", SHEET_META))
        if got != wanted:
            plan.errors.append(ImportProblem(where, message.format(got=got or "(trống)")))

    expect(
        "format",
        FORMAT_ID,
        "tệp không phải tệp trao đổi số liệu của CCHC Desktop. Hãy dùng tệp xuất từ nút "
        "“Xuất Excel” của chính báo cáo này.",
    )
    if len(plan.errors) > before:
        return False
    expect(
        "catalog_id",
        catalog.id,
        f"tệp lập theo danh mục chỉ tiêu “{{got}}”, báo cáo dùng danh mục “{catalog.id}”. "
        "Hãy xuất lại tệp Excel từ báo cáo này và nhập số liệu vào tệp mới.",
    )
    expect(
        "catalog_version",
        catalog.version,
        f"tệp lập theo danh mục chỉ tiêu phiên bản {{got}}, báo cáo dùng phiên bản "
        f"{catalog.version}: các dòng có thể khác nhau. Hãy xuất lại tệp Excel từ báo cáo này "
        "và nhập số liệu vào tệp mới.",
    )
    expect(
        "unit",
        report.unit.name,
        f"tệp là của đơn vị “{{got}}”, không phải “{report.unit.name}”.",
    )
    got_period = (found.get("period", ("", ""))[0], found.get("year", ("", ""))[0])
    if got_period != (report.period.code, str(report.period.year)):
        label = found.get("period_label", (" ".join(got_period).strip(), ""))[0]
        plan.errors.append(
            ImportProblem(
                found.get("period", ("", SHEET_META))[1],
                f"tệp là của kỳ báo cáo “{label or '(trống)'}”, không phải "
                f"“{report.period.wording}”.",
            )
        )
    return len(plan.errors) == before


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_line(str(value))


def _where(sheet: str, col: int, row: int) -> str:
    return f"{sheet}!{get_column_letter(col)}{row}"


def _is_blank(cell: Any) -> bool:
    value = cell.value
    return value is None or (isinstance(value, str) and not value.strip())


def _data_rows(
    ws: Any, sheet: str, name: str, header_text: str, plan: ImportPlan
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows under the header row (found by its value-column title), blank rows skipped."""
    header_seen = False
    for number, cells in limited_rows(ws, sheet, name, max_col=N_COLS):
        # a short row is padded to the five columns; openpyxl's EmptyCell has no number format
        full = cells + (None,) * (N_COLS - len(cells))
        padded = tuple(_EMPTY if c is None or c.value is None else c for c in full)
        if not header_seen:
            value = padded[COL_VALUE - 1].value
            if isinstance(value, str) and clean_line(value).casefold() == header_text.casefold():
                header_seen = True
            elif number > 50:
                break
            continue
        if all(_is_blank(c) for c in padded):
            continue
        yield number, padded
    if not header_seen:
        plan.errors.append(
            ImportProblem(
                sheet,
                f"không tìm thấy dòng tiêu đề có cột “{header_text}” trong 50 dòng đầu.",
            )
        )


class _Empty:
    value = None
    data_type = "n"
    number_format = "General"


_EMPTY = _Empty()


def _read_iii(ws: Any, name: str, report: Report, catalog: Catalog, plan: ImportPlan) -> None:
    enabled = {i.code for i in catalog.enabled(report.optional_groups)}
    seen: dict[str, int] = {}
    for number, cells in _data_rows(ws, SHEET_III, name, HEADER_III[COL_VALUE - 1], plan):
        problems: list[ImportProblem] = []
        for col in (COL_CODE, COL_LABEL, COL_VALUE, COL_NOTE):
            if _is_formula(cells[col - 1]):
                problems.append(
                    ImportProblem(
                        _where(SHEET_III, col, number),
                        f"ô chứa công thức “{_short(cells[col - 1].value)}”; ứng dụng không tính "
                        "công thức. Hãy thay bằng giá trị (Sao chép > Dán đặc biệt > Giá trị).",
                    )
                )
        if problems:
            plan.errors.extend(problems)
            continue
        ind = _match_indicator(cells, number, catalog, enabled, plan)
        if ind is None:
            continue
        if ind.code in seen:
            plan.errors.append(
                ImportProblem(
                    _where(SHEET_III, COL_CODE, number),
                    f"chỉ tiêu {ind.code} có hai dòng (dòng {seen[ind.code]} và dòng {number}).",
                )
            )
            continue
        seen[ind.code] = number
        old = report.values.get(ind.code, IndicatorValue())
        value_where = _where(SHEET_III, COL_VALUE, number)
        try:
            new_value = _indicator_value(cells[COL_VALUE - 1], ind, old.value)
        except _CellError as exc:
            plan.errors.append(ImportProblem(value_where, exc.message))
            continue
        try:
            new_note = _note(cells[COL_NOTE - 1])
        except _CellError as exc:
            plan.errors.append(ImportProblem(_where(SHEET_III, COL_NOTE, number), exc.message))
            continue
        if _same_value(old.value, new_value):
            new_value = old.value  # keep the stored form (38 vs 38.0)
        change = Change(
            appendix="III",
            key=ind.code,
            label=ind.label,
            old_value=old.value,
            new_value=new_value,
            old_note=old.note,
            new_note=new_note if _norm_note(new_note) != _norm_note(old.note) else old.note,
            cell=value_where,
            old_text=ind.format_value(old.value),
            new_text=ind.format_value(new_value),
        )
        if change.value_changed or change.note_changed:
            plan.changes.append(change)
    missing = [c for c in catalog.value_codes() if c in enabled and c not in seen]
    if missing and not plan.errors:
        plan.notices.append(
            f"{len(missing)} chỉ tiêu không có trong tệp, giữ nguyên: "
            + ", ".join(missing[:10])
            + (" ..." if len(missing) > 10 else "")
        )


def _match_indicator(
    cells: tuple[Any, ...], number: int, catalog: Catalog, enabled: set[str], plan: ImportPlan
) -> Indicator | None:
    """By code; when the code is missing or unknown, by label (NFC, whitespace, case folded)."""
    code = _plain(cells[COL_CODE - 1].value).rstrip(".")
    label_value = cells[COL_LABEL - 1].value
    label = clean_line(label_value) if isinstance(label_value, str) else _plain(label_value)
    ind = catalog.find(code) if code else None
    if ind is None and label:
        candidates = [i for i in catalog.by_label(label) if i.code in enabled] or catalog.by_label(
            label
        )
        if len(candidates) == 1:
            ind = candidates[0]
            plan.notices.append(
                f"{_where(SHEET_III, COL_CODE, number)}: "
                + (f"không có mã “{code}”, " if code else "không có mã, ")
                + f"nhận theo tên chỉ tiêu là {ind.code}."
            )
        elif len(candidates) > 1:
            codes = ", ".join(i.code for i in candidates)
            plan.errors.append(
                ImportProblem(
                    _where(SHEET_III, COL_CODE, number),
                    f"tên chỉ tiêu “{_short(label)}” trùng ở nhiều dòng ({codes}); "
                    "hãy ghi mã chỉ tiêu vào cột A.",
                )
            )
            return None
    if ind is None:
        what = " và ".join(
            part
            for part in (f"mã “{code}”" if code else "", f"tên “{_short(label)}”" if label else "")
            if part
        )
        plan.errors.append(
            ImportProblem(
                _where(SHEET_III, COL_CODE if code else COL_LABEL, number),
                f"dòng không xác định: không có chỉ tiêu {what or 'nào'} trong danh mục "
                f"{catalog.id} phiên bản {catalog.version}.",
            )
        )
        return None
    if ind.code not in enabled:
        group = next((g for g in catalog.optional_groups if g.code == ind.optional_group), None)
        plan.errors.append(
            ImportProblem(
                _where(SHEET_III, COL_CODE, number),
                f"chỉ tiêu {ind.code} thuộc nhóm tùy chọn "
                f"“{group.title if group else ind.optional_group}” chưa bật trong báo cáo này.",
            )
        )
        return None
    return ind


def _short(value: Any, limit: int = 60) -> str:
    text = clean_line(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_formula(cell: Any) -> bool:
    if getattr(cell, "data_type", None) == "f":
        return True
    # an array or data-table formula comes back as an object, not as its text
    simple = (str, int, float, dt.datetime, dt.date, dt.time, dt.timedelta)
    return cell.value is not None and not isinstance(cell.value, simple)


def _refuse_error_value(cell: Any) -> None:
    if getattr(cell, "data_type", None) == "e":
        raise _CellError(f"ô đang báo lỗi “{cell.value}” của Excel, không phải số liệu.")


def _number_of(cell: Any) -> Decimal:
    """A numeric cell as a Decimal; refuses booleans, dates, Excel errors and other types."""
    value = cell.value
    _refuse_error_value(cell)
    if isinstance(value, bool):
        raise _CellError("ô chứa giá trị Đúng/Sai (TRUE/FALSE), không phải số liệu.")
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise _CellError(
            "ô chứa ngày/giờ, không phải số liệu (có thể ô bị định dạng kiểu ngày tháng: "
            "hãy định dạng lại thành số)."
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _CellError("ô chứa giá trị không phải số hữu hạn.")
        return Decimal(str(value))  # the shortest repr: 98.73, not 98.7299999999999969...
    raise _CellError(f"ô chứa dữ liệu kiểu lạ ({type(value).__name__}), không phải số liệu.")


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _indicator_value(cell: Any, ind: Indicator, old: Decimal | str | None) -> Decimal | str | None:
    value = cell.value
    if value is None:
        return None
    _refuse_error_value(cell)
    if isinstance(value, str):
        if isinstance(old, str) and nfc(value).strip() == old.strip():
            return old  # a stored text the form would not accept today: untouched, not an error
        if len(value) > 1000:
            raise _CellError(f"chỉ tiêu {ind.code}: nội dung dài quá 1000 ký tự.")
        try:
            parsed = ind.parse_value(value)
        except NumberFormatError as exc:
            raise _CellError(str(exc)) from None
        shown = clean_line(value)
    else:
        number = _number_of(cell)
        if ind.kind is IndicatorKind.GROUP:
            raise _CellError(f"dòng {ind.code} là dòng tiêu đề nhóm, không nhập số liệu.")
        if ind.kind is IndicatorKind.TEXT:
            return format_number(_tidy(number))
        fmt = str(getattr(cell, "number_format", "") or "")
        if ind.kind is IndicatorKind.PERCENT and "%" in fmt:
            number *= 100  # Excel stores 98,73% as 0.9873 in a cell formatted as percent
        parsed = number
        shown = format_number(_tidy(number))
    if not isinstance(parsed, Decimal):
        return parsed
    parsed = _tidy(parsed)
    problem = _out_of_bounds(ind, parsed)
    if problem:
        raise _CellError(f"Chỉ tiêu {ind.code}: “{shown}” {problem}")
    return parsed


def _out_of_bounds(ind: Indicator, value: Decimal) -> str | None:
    if abs(value) >= MAX_MAGNITUDE:
        return "quá lớn, hãy kiểm tra lại."
    if ind.kind is IndicatorKind.COUNT:
        if value < 0:
            return "là số âm; số đếm phải là số nguyên từ 0 trở lên."
        if value != value.to_integral_value():
            return "không phải số nguyên; số đếm phải là số nguyên từ 0 trở lên."
    elif ind.kind is IndicatorKind.PERCENT:
        if not 0 <= value <= 100:
            return "nằm ngoài khoảng 0-100 của tỷ lệ %."
    elif ind.kind is IndicatorKind.DECIMAL:
        if value < 0:
            return "là số âm; số liệu này phải từ 0 trở lên."
    elif ind.kind is IndicatorKind.CHOICE and value not in {c.code for c in ind.choices}:
        listed = "; ".join(f"{c.label} = {c.code}" for c in ind.choices)
        return f"không phải là mã lựa chọn ({listed})."
    return None


def _note(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    _refuse_error_value(cell)
    if isinstance(value, str):
        text = nfc(value).strip()
        if len(text) > 2000:
            raise _CellError("ghi chú dài quá 2000 ký tự.")
        return text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(_tidy(_number_of(cell)))
    if isinstance(value, (dt.datetime, dt.date)):
        day = value if isinstance(value, dt.date) else value.date()
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    raise _CellError(f"ghi chú chứa dữ liệu kiểu lạ ({type(value).__name__}).")


def _norm_note(note: str) -> str:
    return nfc(note).strip()


def _same_value(a: Decimal | str | None, b: Decimal | str | None) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return nfc(a).strip() == nfc(b).strip()
    return a is None and b is None


def _label_key(text: str) -> str:
    return re.sub(r"[\s:;.]+$", "", clean_line(text)).casefold()


def _read_i(ws: Any, name: str, report: Report, plan: ImportPlan) -> None:
    used: dict[int, int] = {}
    position = 0
    for number, cells in _data_rows(ws, SHEET_I, name, HEADER_I[COL_VALUE - 1], plan):
        formula_cols = [c for c in (COL_LABEL, COL_VALUE, COL_NOTE) if _is_formula(cells[c - 1])]
        if formula_cols:
            for col in formula_cols:
                plan.errors.append(
                    ImportProblem(
                        _where(SHEET_I, col, number),
                        f"ô chứa công thức “{_short(cells[col - 1].value)}”; ứng dụng không tính "
                        "công thức. Hãy thay bằng giá trị (Sao chép > Dán đặc biệt > Giá trị).",
                    )
                )
            position += 1
            continue
        label = _plain(cells[COL_LABEL - 1].value)
        index = _match_propaganda(report.propaganda, position, label, used)
        position += 1
        if index is None:
            plan.errors.append(
                ImportProblem(
                    _where(SHEET_I, COL_LABEL, number),
                    f"dòng không xác định: Phụ lục I của báo cáo không có dòng “{_short(label)}”.",
                )
            )
            continue
        if index in used:
            plan.errors.append(
                ImportProblem(
                    _where(SHEET_I, COL_LABEL, number),
                    f"dòng “{_short(label)}” có hai lần (dòng {used[index]} và dòng {number}).",
                )
            )
            continue
        used[index] = number
        prow = report.propaganda[index]
        where = _where(SHEET_I, COL_VALUE, number)
        try:
            quantity = _quantity(cells[COL_VALUE - 1], prow)
            note = _note(cells[COL_NOTE - 1])
        except _CellError as exc:
            plan.errors.append(ImportProblem(where, exc.message))
            continue
        if _same_value(prow.quantity, quantity):
            quantity = prow.quantity
        change = Change(
            appendix="I",
            key=prow.number,
            label=prow.label,
            old_value=prow.quantity,
            new_value=quantity,
            old_note=prow.note,
            new_note=note if _norm_note(note) != _norm_note(prow.note) else prow.note,
            cell=where,
            old_text=format_number(prow.quantity),
            new_text=format_number(quantity),
            index=index,
        )
        if change.value_changed or change.note_changed:
            plan.changes.append(change)


def _match_propaganda(
    rows: list[PropagandaRow], position: int, label: str, used: dict[int, int]
) -> int | None:
    key = _label_key(label)
    if position < len(rows) and _label_key(rows[position].label) == key:
        return position
    matches = [i for i, r in enumerate(rows) if _label_key(r.label) == key]
    free = [i for i in matches if i not in used]
    if len(free) == 1:
        return free[0]
    return matches[0] if matches else None


def _quantity(cell: Any, prow: PropagandaRow) -> Decimal | None:
    value = cell.value
    if value is None:
        return None
    _refuse_error_value(cell)
    if isinstance(value, str):
        try:
            parsed = parse_number(value)
        except NumberFormatError as exc:
            raise _CellError(f"“{_short(prow.label)}”: {exc}") from None
        if parsed is None:
            return None
        shown = clean_line(value)
    else:
        parsed = _number_of(cell)
        shown = format_number(_tidy(parsed))
    parsed = _tidy(parsed)
    if parsed < 0 or parsed != parsed.to_integral_value() or parsed >= MAX_MAGNITUDE:
        raise _CellError(
            f"“{_short(prow.label)}”: “{shown}” không hợp lệ; số lượng phải là số nguyên từ 0 trở lên."
        )
    return parsed


# --- apply ----------------------------------------------------------------------------------------
def apply_plan(report: Report, plan: ImportPlan) -> Report:
    """The report with the plan's changes applied (a new object; the caller saves it).

    Refuses a plan with errors, one made for another report, and one made before the report last
    changed (a stale preview), so nothing is ever half-applied or applied over newer figures.
    """
    if plan.errors:
        raise InvalidValueError(plan.error_message())
    if plan.report_id is not None and report.id is not None and plan.report_id != report.id:
        raise UserError(
            f"Kế hoạch nhập số liệu được lập cho báo cáo {plan.report_id}, không phải {report.id}."
        )
    new = copy.deepcopy(report)
    stale = UserError(
        "Báo cáo đã thay đổi kể từ khi đọc tệp Excel; hãy đọc lại tệp để xem trước các thay đổi."
    )
    for ch in plan.changes:
        if ch.appendix == "III":
            cur = new.values.get(ch.key, IndicatorValue())
            if not _same_value(cur.value, ch.old_value) or _norm_note(cur.note) != _norm_note(
                ch.old_note
            ):
                raise stale
            if ch.new_value is None and not ch.new_note:
                new.values.pop(ch.key, None)
            else:
                new.values[ch.key] = IndicatorValue(ch.new_value, ch.new_note)
        else:
            if ch.index is None or not 0 <= ch.index < len(new.propaganda):
                raise stale
            prow = new.propaganda[ch.index]
            if (
                _label_key(prow.label) != _label_key(ch.label)
                or not _same_value(prow.quantity, ch.old_value)
                or _norm_note(prow.note) != _norm_note(ch.old_note)
            ):
                raise stale
            quantity = ch.new_value
            prow.quantity = quantity if isinstance(quantity, Decimal) else None
            prow.note = ch.new_note
    return new


__all__ = [
    "Change",
    "ImportPlan",
    "ImportProblem",
    "apply_plan",
    "read_workbook",
    "write_workbook",
]
