"""Reads one cell of a filled-in exchange workbook into a value, or says why it cannot be one.

- Numbers are accepted as Excel numbers or as Vietnamese text ("1.088", "98,73%"). The sheet stores
  percentages as plain numbers 0-100; a numeric cell whose number format contains "%" holds a
  fraction (0.9873 shown as 98,73%) and is scaled by 100. A float keeps the 15 significant digits
  Excel itself shows (98.734177215189874 in the file is 98.7341772151899), so 98.73 stays 98.73.
- An empty cell means "not reported" (None), never 0.
- Formula cells are refused, never evaluated and their cached results never trusted.
- Bounds are the indicator's own (domain.bounds, as at entry), so a sub-unit's typo never reaches
  the report.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from ...domain.bounds import QUANTITY
from ...domain.catalog import Indicator, IndicatorKind
from ...domain.report import PropagandaRow
from ...domain.vn import (
    MAX_SIGNIFICANT_DIGITS,
    NumberFormatError,
    clean_line,
    format_number,
    nfc,
    parse_number,
)
from .layout import TEXT_LIMIT

NOTE_LIMIT = 2000


class CellError(Exception):
    """A cell that cannot be read as the value it should hold; message is Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_line(str(value))


def is_blank(cell: Any) -> bool:
    value = cell.value
    return value is None or (isinstance(value, str) and not value.strip())


def short(value: Any, limit: int = 60) -> str:
    text = clean_line(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_formula(cell: Any) -> bool:
    if getattr(cell, "data_type", None) == "f":
        return True
    # an array or data-table formula comes back as an object, not as its text
    simple = (str, int, float, dt.datetime, dt.date, dt.time, dt.timedelta)
    return cell.value is not None and not isinstance(cell.value, simple)


def _refuse_error_value(cell: Any) -> None:
    if getattr(cell, "data_type", None) == "e":
        raise CellError(f"ô đang báo lỗi “{cell.value}” của Excel, không phải số liệu.")


def _number_of(cell: Any) -> Decimal:
    """A numeric cell as a Decimal; refuses booleans, dates, Excel errors and other types."""
    value = cell.value
    _refuse_error_value(cell)
    if isinstance(value, bool):
        raise CellError("ô chứa giá trị Đúng/Sai (TRUE/FALSE), không phải số liệu.")
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        raise CellError(
            "ô chứa ngày/giờ, không phải số liệu (có thể ô bị định dạng kiểu ngày tháng: "
            "hãy định dạng lại thành số)."
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("ô chứa giá trị không phải số hữu hạn.")
        # what Excel shows: its 15 significant digits, not the binary noise after them
        return Decimal(f"{value:.{MAX_SIGNIFICANT_DIGITS}g}")
    raise CellError(f"ô chứa dữ liệu kiểu lạ ({type(value).__name__}), không phải số liệu.")


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def indicator_value(cell: Any, ind: Indicator, old: Decimal | str | None) -> Decimal | str | None:
    """The value of a Phụ lục III cell for ind; old is what the report holds now."""
    value = cell.value
    if value is None:
        return None
    _refuse_error_value(cell)
    if isinstance(value, str):
        if isinstance(old, str) and nfc(value).strip() == old.strip():
            return old  # a stored text the form would not accept today: untouched, not an error
        if len(value) > TEXT_LIMIT:
            raise CellError(f"chỉ tiêu {ind.code}: nội dung dài quá {TEXT_LIMIT} ký tự.")
        try:
            parsed = ind.parse_value(value)  # the bounds are checked there, as at entry
        except NumberFormatError as exc:
            raise CellError(str(exc)) from None
        return _tidy(parsed) if isinstance(parsed, Decimal) else parsed
    number = _number_of(cell)
    if ind.kind is IndicatorKind.GROUP:
        raise CellError(f"dòng {ind.code} là dòng tiêu đề nhóm, không nhập số liệu.")
    if ind.kind is IndicatorKind.TEXT:
        return format_number(_tidy(number))
    fmt = str(getattr(cell, "number_format", "") or "")
    if ind.kind is IndicatorKind.PERCENT and "%" in fmt:
        number *= 100  # Excel stores 98,73% as 0.9873 in a cell formatted as percent
    number = _tidy(number)
    if isinstance(old, Decimal) and number == old:
        return old  # a stored figure the form would not accept today: untouched, not an error
    try:
        return _tidy(ind.admit(number))  # formatted for the message only when refused
    except NumberFormatError as exc:
        raise CellError(str(exc)) from None


def note(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    _refuse_error_value(cell)
    if isinstance(value, str):
        text = nfc(value).strip()
        if len(text) > NOTE_LIMIT:
            raise CellError(f"ghi chú dài quá {NOTE_LIMIT} ký tự.")
        return text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(_tidy(_number_of(cell)))
    if isinstance(value, (dt.datetime, dt.date)):
        day = value if isinstance(value, dt.date) else value.date()
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    raise CellError(f"ghi chú chứa dữ liệu kiểu lạ ({type(value).__name__}).")


def quantity(cell: Any, prow: PropagandaRow) -> Decimal | None:
    """The quantity of a Phụ lục I row: a whole number from 0, as QUANTITY bounds it."""
    value = cell.value
    if value is None:
        return None
    _refuse_error_value(cell)
    if isinstance(value, str):
        try:
            parsed = parse_number(value)
        except NumberFormatError as exc:
            raise CellError(f"“{short(prow.label)}”: {exc}") from None
        if parsed is None:
            return None
        shown = clean_line(value)
    else:
        parsed = _number_of(cell)
        shown = format_number(_tidy(parsed))
    parsed = _tidy(parsed)
    problem = QUANTITY.problem(parsed)
    if problem:
        raise CellError(f"“{short(prow.label)}”: “{shown}” {problem}")
    return parsed
