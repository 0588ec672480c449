"""Vietnamese text, number and date conventions: NFC text, "1.088", "98,73%", "ngày 05 tháng 02 năm 2024"."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cache
from typing import Protocol

LOCALE = "vi"
_GROUP = "."  # babel's vi locale: thousands "." and decimal ","
_DECIMAL = ","


class NumberFormatError(ValueError):
    """A figure the user typed that is not a number in Vietnamese notation. The message is Vietnamese."""


# Unicode category Cc (C0 controls, DEL, C1 controls) except tab and newline: NUL and its kin
# break XML writers and SQLite text search
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    """Normalise text to NFC (Unikey may type NFD) and drop characters that have no business in a report."""
    return _CONTROLS.sub("", unicodedata.normalize("NFC", text))


def clean_line(text: str) -> str:
    """NFC, collapse runs of whitespace, strip: for single-line fields and label matching."""
    return " ".join(nfc(text).split())


# [0-9], not \d: \d also matches Arabic-Indic and other digits that Decimal would accept
_NUMBER_RE = re.compile(r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$")
_PLAIN_RE = re.compile(r"^[+-]?[0-9]+\.[0-9]{1,2}$")
# spaces inside a figure are accepted only as thousands separators: "1 088", "1 234 567,5"
_SPACED_RE = re.compile(r"^[+-]?[0-9]{1,3}( [0-9]{3})+(,[0-9]+)?$")

# What Excel keeps of a number, and more than any figure of a report needs: a longer figure is a
# calculator result pasted whole ("3,1428571428571428571428571428571"), not a count or a score.
MAX_SIGNIFICANT_DIGITS = 15


def significant_digits(value: Decimal) -> int:
    """The digits a figure carries: from the first non-zero digit to the last one written after the
    comma, or to the last non-zero digit of a whole number (1.000.000 has 1, 0,50 has 2)."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN or infinity: never a figure
        return len(digits)
    if exponent >= 0:
        return len("".join(map(str, digits)).rstrip("0")) or 1
    return len(digits)


def too_many_digits(value: Decimal) -> bool:
    return significant_digits(value) > MAX_SIGNIFICANT_DIGITS


def parse_number(text: str, *, percent: bool = False) -> Decimal | None:
    """Parse a figure typed the Vietnamese way. Empty text is None (not reported), never 0.

    Accepts "1.088" (1088), "98,73" or "98,73%" (98.73), "06" (6), "-3", spaces around the figure
    and between thousands groups ("1 088"); other spaces inside ("1 2") are refused, never dropped.
    A "%" is accepted only where a percentage is expected, and then it is optional. At most
    MAX_SIGNIFICANT_DIGITS digits.
    """
    raw = nfc(text).strip()
    if raw == "":
        return None
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if s.endswith("%"):
        if not percent:
            raise NumberFormatError(f"“{raw}” có dấu %, nhưng chỉ tiêu này không phải là tỷ lệ")
        s = s[:-1]
    s = re.sub(r"^([+-])\s+", r"\1", " ".join(s.split()))  # "- 3" is -3
    if " " in s:
        if not _SPACED_RE.match(s):
            raise NumberFormatError(
                f"“{raw}” không phải là số hợp lệ: có khoảng trắng giữa các chữ số "
                "(viết liền, ví dụ 12, hoặc tách hàng nghìn: 1.088)"
            )
        s = s.replace(" ", _GROUP)
    if _NUMBER_RE.match(s):
        normal = s.replace(_GROUP, "").replace(_DECIMAL, ".")
    elif _PLAIN_RE.match(s):
        # "98.73" typed the English way: one or two digits after a dot cannot be a thousands group
        normal = s
    else:
        raise NumberFormatError(
            f"“{raw}” không phải là số hợp lệ (viết theo kiểu Việt Nam: 1.088 hoặc 98,73)"
        )
    try:
        value = Decimal(normal)
    except (
        InvalidOperation
    ) as exc:  # pragma: no cover - the regexes above admit only valid literals
        raise NumberFormatError(f"“{raw}” không phải là số hợp lệ") from exc
    if too_many_digits(value):
        raise NumberFormatError(
            f"“{raw}” có quá {MAX_SIGNIFICANT_DIGITS} chữ số; hãy làm tròn (ví dụ 3,14)"
        )
    if value == 0:
        value = Decimal(0)  # "-0" and "0,00" are plain zero
    return value


def _precision_for(value: Decimal, places: int = 0) -> int:
    """A context precision that holds value exactly, with places decimals: the default 28 digits
    make quantize fail on a longer figure stored by an older version."""
    digits = len(value.as_tuple().digits)
    exponent = value.as_tuple().exponent
    whole = digits + exponent if isinstance(exponent, int) else digits
    return max(28, whole + max(places, 0) + 2, digits + 2)


def round_half_up(value: Decimal, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _precision_for(value, places)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


NumberSymbols = tuple[str, str, str, int, int]


class SymbolsRecord(Protocol):
    """Where an outer layer keeps what babel resolved between runs (storage/locale_cache.py):
    load() gives the symbols babel gave last time, or None when they are unknown or babel has
    changed since; save() keeps what babel gives now."""

    def load(self) -> NumberSymbols | None: ...

    def save(self, symbols: NumberSymbols) -> None: ...


_record: list[SymbolsRecord] = []  # the one record in use, if any


def keep_number_symbols(record: SymbolsRecord | None) -> None:
    """Read the locale's symbols from `record` before asking babel (importing babel and loading
    its locale data cost a command about 30-45 ms), and keep babel's answer there."""
    _record[:] = [record] if record is not None else []
    number_symbols.cache_clear()


@cache
def number_symbols() -> NumberSymbols:
    """The locale's decimal sign, group sign, minus sign and digit grouping (first group, the
    others) as babel has them, looked up once: resolving them on every call cost 24 us a figure.
    babel is imported here, on the first figure shown, not with every command."""
    record = _record[0] if _record else None
    kept = record.load() if record is not None else None
    if kept is not None:
        return kept
    found = babel_number_symbols()
    if record is not None:
        record.save(found)
    return found


def babel_number_symbols() -> NumberSymbols:
    """What babel says of the locale's numbers (the source of number_symbols)."""
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    locale = Locale.parse(LOCALE)
    primary, secondary = locale.decimal_formats[None].grouping
    return (
        get_decimal_symbol(locale),
        get_group_symbol(locale),
        get_minus_sign_symbol(locale),
        primary,
        secondary,
    )


def format_number(value: Decimal | int | None, *, places: int | None = None) -> str:
    """Format a figure: 1088 -> "1.088", 98.73 -> "98,73". None -> "" (not reported).

    Every digit the value carries is shown (1.50 -> "1,50"), as babel's decimal pattern "#,##0.00"
    with as many places shows it (tests/test_vn.py compares the two)."""
    if value is None:
        return ""
    dec = Decimal(value)
    if places is not None:
        dec = round_half_up(dec, places)
    decimal_sign, group_sign, minus_sign, primary, secondary = number_symbols()
    whole, _, fraction = f"{dec.copy_abs():f}".partition(".")  # copy_abs: no rounding
    groups = [whole[-primary:]] if len(whole) > primary else [whole]
    rest = whole[:-primary] if len(whole) > primary else ""
    while rest:
        groups.insert(0, rest[-secondary:])
        rest = rest[:-secondary]
    text = group_sign.join(groups) + (decimal_sign + fraction if fraction else "")
    return minus_sign + text if dec.is_signed() else text


def format_percent(value: Decimal | int | None, *, places: int = 2) -> str:
    """Format a percentage, rounded half-up: 98.734 -> "98,73%", 100 -> "100%", 56.0 -> "56%"."""
    if value is None:
        return ""
    dec = Decimal(value)
    with localcontext() as ctx:  # normalize and quantize round to the context's precision
        ctx.prec = _precision_for(dec, places)
        dec = round_half_up(dec, places).normalize()
        if dec == dec.to_integral_value():
            dec = dec.quantize(Decimal(1))
    return format_number(dec) + "%"


def format_date_long(day: dt.date) -> str:
    """The decree's wording: "ngày 05 tháng 02 năm 2024", "ngày 15 tháng 6 năm 2024".

    Leading zero for days 1-9 and for months 1 and 2 only (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_date_short(day: dt.date) -> str:
    """The short form used in citations: "11/01/2024", "26/4/2024"."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def format_timestamp(moment: dt.datetime, *, seconds: bool = False) -> str:
    """A time of day to the minute, as the report list shows the last change: "02/12/2026 08:05";
    with seconds, as the change history and the backups list show theirs: "02/12/2026 08:05:09"."""
    if moment.year < 1000:  # strftime's %Y differs between platforms there
        return moment.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")
    # % is a quarter of strftime's cost; `cchc list` writes one per report
    minute = "%02d/%02d/%d %02d:%02d" % (  # noqa: UP031  # see above
        moment.day,
        moment.month,
        moment.year,
        moment.hour,
        moment.minute,
    )
    return f"{minute}:{moment.second:02d}" if seconds else minute


def parse_date(text: str) -> dt.date | None:
    """Parse "15/6/2024", "15/06/2024", "2024-06-15" or "ngày 15 tháng 6 năm 2024"; "" is None."""
    raw = clean_line(text)
    if not raw:
        return None
    m = re.fullmatch(
        r"(?:ngày\s+)?(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)(\d{4})",
        raw,
        flags=re.IGNORECASE,
    )
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise NumberFormatError(f"“{raw}” không phải là ngày hợp lệ (ví dụ: 15/6/2024)") from exc
