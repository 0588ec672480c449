"""Reads a filled-in exchange workbook: checks it is this report's, matches its rows, reads each cell.

What it gives back is a WorkbookReading: every row's value and note as the file has them, every
problem located as "Phụ lục III!D14", and notices. Comparing with the report (the import reading) is
the use case's job (services/exchange_xlsx.py); nothing here changes a report.

Matching: Phụ lục III rows by the code in column A, falling back to the label (NFC, whitespace
collapsed, case-folded) when the code is missing or unknown; Phụ lục I rows by position and label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ...domain.catalog import Catalog, Indicator
from ...domain.report import IndicatorValue, PropagandaRow, Report
from ...domain.vn import clean_line
from ..xlsx_safety import limited_rows, load_workbook_safely, read_file_checked
from .cells import CellError, indicator_value, is_blank, is_formula, note, plain, quantity, short
from .layout import (
    COL_CODE,
    COL_LABEL,
    COL_NOTE,
    COL_VALUE,
    FORMAT_ID,
    HEADER_I,
    HEADER_III,
    N_COLS,
    SHEET_I,
    SHEET_III,
    SHEET_META,
    check_catalog,
)


@dataclass(frozen=True)
class ImportProblem:
    """A cell (or a whole sheet) the import cannot take, and why, in Vietnamese."""

    cell: str  # "Phụ lục III!D14", or a sheet name for a sheet-wide problem
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"


@dataclass(frozen=True)
class RowReading:
    """One row of the workbook as it is filled in."""

    appendix: str  # "III" (a Phụ lục III indicator) or "I" (a Phụ lục I row)
    key: str  # the indicator code ("1.1.1"), or the Phụ lục I row number ("01")
    value: Decimal | str | None
    note: str
    cell: str  # where the value is: "Phụ lục III!D14"
    index: int | None = None  # position in report.propaganda (Phụ lục I)


@dataclass
class WorkbookReading:
    source: str  # the file's name
    rows: list[RowReading] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # the hidden sheet's keys (sub_unit...)


def read_workbook(path: Path, report: Report, catalog: Catalog) -> WorkbookReading:
    """Read a workbook filled in for report; the report (read for its unit, period, rows and
    current texts) is not touched.

    Hostile or unreadable files raise FileProblemError; problems with cells are collected in
    errors, every one located as "Phụ lục III!D14".
    """
    check_catalog(report, catalog)
    name = path.name
    data = read_file_checked(path)
    wb = load_workbook_safely(data, name)
    reading = WorkbookReading(source=name)
    try:
        sheets = {clean_line(str(ws.title)).casefold(): ws for ws in wb.worksheets}
        meta = sheets.get(SHEET_META.casefold())
        if meta is None:
            reading.errors.append(
                ImportProblem(
                    SHEET_META,
                    "tệp thiếu trang thông tin ẩn của ứng dụng, không phải tệp do CCHC Desktop "
                    "xuất ra. Hãy dùng tệp xuất từ nút “Xuất Excel” của chính báo cáo này.",
                )
            )
            return reading
        if not _check_meta(meta, name, report, catalog, reading):
            return reading
        ws3 = sheets.get(clean_line(SHEET_III).casefold())
        if ws3 is None:
            reading.errors.append(ImportProblem(SHEET_III, "tệp không có trang “Phụ lục III”."))
        else:
            _read_iii(ws3, name, report, catalog, reading)
        ws1 = sheets.get(clean_line(SHEET_I).casefold())
        if ws1 is None:
            reading.notices.append("Tệp không có trang “Phụ lục I”: Phụ lục I giữ nguyên.")
        else:
            _read_i(ws1, name, report, reading)
    finally:
        wb.close()
    return reading


def _check_meta(
    ws: Any, name: str, report: Report, catalog: Catalog, reading: WorkbookReading
) -> bool:
    found: dict[str, tuple[str, str]] = {}
    for number, cells in limited_rows(ws, SHEET_META, name, max_col=2, max_rows=200):
        key = plain(cells[0].value) if cells else ""
        if key and len(cells) > 1:
            found[key] = (plain(cells[1].value), f"{SHEET_META}!B{number}")
    reading.meta = {k: v for k, (v, _) in found.items()}
    before = len(reading.errors)

    def expect(key: str, wanted: str, message: str) -> None:
        got, where = found.get(key, ("", SHEET_META))
        if got != wanted:
            reading.errors.append(ImportProblem(where, message.format(got=got or "(trống)")))

    expect(
        "format",
        FORMAT_ID,
        "tệp không phải tệp trao đổi số liệu của CCHC Desktop. Hãy dùng tệp xuất từ nút "
        "“Xuất Excel” của chính báo cáo này.",
    )
    if len(reading.errors) > before:
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
        reading.errors.append(
            ImportProblem(
                found.get("period", ("", SHEET_META))[1],
                f"tệp là của kỳ báo cáo “{label or '(trống)'}”, không phải "
                f"“{report.period.wording}”.",
            )
        )
    return len(reading.errors) == before


def _where(sheet: str, col: int, row: int) -> str:
    return f"{sheet}!{get_column_letter(col)}{row}"


def _data_rows(
    ws: Any, sheet: str, name: str, header_text: str, reading: WorkbookReading
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
        if all(is_blank(c) for c in padded):
            continue
        yield number, padded
    if not header_seen:
        reading.errors.append(
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


def _read_iii(
    ws: Any, name: str, report: Report, catalog: Catalog, reading: WorkbookReading
) -> None:
    enabled = {i.code for i in catalog.enabled(report.optional_groups)}
    seen: dict[str, int] = {}
    for number, cells in _data_rows(ws, SHEET_III, name, HEADER_III[COL_VALUE - 1], reading):
        problems: list[ImportProblem] = []
        for col in (COL_CODE, COL_LABEL, COL_VALUE, COL_NOTE):
            if is_formula(cells[col - 1]):
                problems.append(
                    ImportProblem(
                        _where(SHEET_III, col, number),
                        f"ô chứa công thức “{short(cells[col - 1].value)}”; ứng dụng không tính "
                        "công thức. Hãy thay bằng giá trị (Sao chép > Dán đặc biệt > Giá trị).",
                    )
                )
        if problems:
            reading.errors.extend(problems)
            continue
        ind = _match_indicator(cells, number, catalog, enabled, reading)
        if ind is None:
            continue
        if ind.code in seen:
            reading.errors.append(
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
            new_value = indicator_value(cells[COL_VALUE - 1], ind, old.value)
        except CellError as exc:
            reading.errors.append(ImportProblem(value_where, exc.message))
            continue
        try:
            new_note = note(cells[COL_NOTE - 1])
        except CellError as exc:
            reading.errors.append(ImportProblem(_where(SHEET_III, COL_NOTE, number), exc.message))
            continue
        reading.rows.append(RowReading("III", ind.code, new_value, new_note, value_where))
    missing = [c for c in catalog.value_codes() if c in enabled and c not in seen]
    if missing and not reading.errors:
        reading.notices.append(
            f"{len(missing)} chỉ tiêu không có trong tệp, giữ nguyên: "
            + ", ".join(missing[:10])
            + (" ..." if len(missing) > 10 else "")
        )


def _match_indicator(
    cells: tuple[Any, ...],
    number: int,
    catalog: Catalog,
    enabled: set[str],
    reading: WorkbookReading,
) -> Indicator | None:
    """By code; when the code is missing or unknown, by label (NFC, whitespace, case folded)."""
    code = plain(cells[COL_CODE - 1].value).rstrip(".")
    label_value = cells[COL_LABEL - 1].value
    label = clean_line(label_value) if isinstance(label_value, str) else plain(label_value)
    ind = catalog.find(code) if code else None
    if ind is None and label:
        candidates = [i for i in catalog.by_label(label) if i.code in enabled] or catalog.by_label(
            label
        )
        if len(candidates) == 1:
            ind = candidates[0]
            reading.notices.append(
                f"{_where(SHEET_III, COL_CODE, number)}: "
                + (f"không có mã “{code}”, " if code else "không có mã, ")
                + f"nhận theo tên chỉ tiêu là {ind.code}."
            )
        elif len(candidates) > 1:
            codes = ", ".join(i.code for i in candidates)
            reading.errors.append(
                ImportProblem(
                    _where(SHEET_III, COL_CODE, number),
                    f"tên chỉ tiêu “{short(label)}” trùng ở nhiều dòng ({codes}); "
                    "hãy ghi mã chỉ tiêu vào cột A.",
                )
            )
            return None
    if ind is None:
        what = " và ".join(
            part
            for part in (f"mã “{code}”" if code else "", f"tên “{short(label)}”" if label else "")
            if part
        )
        reading.errors.append(
            ImportProblem(
                _where(SHEET_III, COL_CODE if code else COL_LABEL, number),
                f"dòng không xác định: không có chỉ tiêu {what or 'nào'} trong danh mục "
                f"{catalog.id} phiên bản {catalog.version}.",
            )
        )
        return None
    if ind.code not in enabled:
        group = next((g for g in catalog.optional_groups if g.code == ind.optional_group), None)
        reading.errors.append(
            ImportProblem(
                _where(SHEET_III, COL_CODE, number),
                f"chỉ tiêu {ind.code} thuộc nhóm tùy chọn "
                f"“{group.title if group else ind.optional_group}” chưa bật trong báo cáo này.",
            )
        )
        return None
    return ind


def label_key(text: str) -> str:
    """How Phụ lục I labels are compared: NFC, whitespace, trailing punctuation, case."""
    return re.sub(r"[\s:;.]+$", "", clean_line(text)).casefold()


def _read_i(ws: Any, name: str, report: Report, reading: WorkbookReading) -> None:
    used: dict[int, int] = {}
    position = 0
    for number, cells in _data_rows(ws, SHEET_I, name, HEADER_I[COL_VALUE - 1], reading):
        formula_cols = [c for c in (COL_LABEL, COL_VALUE, COL_NOTE) if is_formula(cells[c - 1])]
        if formula_cols:
            for col in formula_cols:
                reading.errors.append(
                    ImportProblem(
                        _where(SHEET_I, col, number),
                        f"ô chứa công thức “{short(cells[col - 1].value)}”; ứng dụng không tính "
                        "công thức. Hãy thay bằng giá trị (Sao chép > Dán đặc biệt > Giá trị).",
                    )
                )
            position += 1
            continue
        label = plain(cells[COL_LABEL - 1].value)
        index = _match_propaganda(report.propaganda, position, label, used)
        position += 1
        if index is None:
            reading.errors.append(
                ImportProblem(
                    _where(SHEET_I, COL_LABEL, number),
                    f"dòng không xác định: Phụ lục I của báo cáo không có dòng “{short(label)}”.",
                )
            )
            continue
        if index in used:
            reading.errors.append(
                ImportProblem(
                    _where(SHEET_I, COL_LABEL, number),
                    f"dòng “{short(label)}” có hai lần (dòng {used[index]} và dòng {number}).",
                )
            )
            continue
        used[index] = number
        prow = report.propaganda[index]
        where = _where(SHEET_I, COL_VALUE, number)
        try:
            new_quantity = quantity(cells[COL_VALUE - 1], prow)
            new_note = note(cells[COL_NOTE - 1])
        except CellError as exc:
            reading.errors.append(ImportProblem(where, exc.message))
            continue
        reading.rows.append(RowReading("I", prow.number, new_quantity, new_note, where, index))


def _match_propaganda(
    rows: list[PropagandaRow], position: int, label: str, used: dict[int, int]
) -> int | None:
    key = label_key(label)
    if position < len(rows) and label_key(rows[position].label) == key:
        return position
    matches = [i for i, r in enumerate(rows) if label_key(r.label) == key]
    free = [i for i in matches if i not in used]
    if len(free) == 1:
        return free[0]
    return matches[0] if matches else None
