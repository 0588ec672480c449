"""The pure parsers of a Vietnamese report's lines: number and symbol, place and date, the period a
title names, heading numbers, signer lines, the unit's name in running text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..periods import Period, PeriodKind
from ..report import Signer
from ..signature import SIGNER_AUTHORITIES
from ..vn import clean_line

# --- the parsers ------------------------------------------------------------------------------

_NUMBER_RE = re.compile(
    r"^Số\s*:?\s*(?P<number>[0-9][0-9A-Za-z.]*)?\s*/\s*(?P<symbol>[^\s,;]+)", re.IGNORECASE
)
_PLACE_DATE_RE = re.compile(
    r"^(?P<place>[^,\d]{2,60}?)\s*,\s*ngày\s*(?P<day>\d{1,2})?\s*(?:/|tháng)\s*(?P<month>\d{1,2})?"
    r"\s*(?:/|năm)\s*(?P<year>\d{4})",
    re.IGNORECASE,
)


def parse_number_symbol(text: str) -> tuple[str, str] | None:
    """ "Số: 1792 /BC-VP" -> ("1792", "BC-VP"); "Số:      /BC-STC" -> ("", "BC-STC")."""
    m = _NUMBER_RE.match(clean_line(text))
    if m is None:
        return None
    return (m.group("number") or "").rstrip("."), m.group("symbol").rstrip(".")


@dataclass(frozen=True)
class PlaceDate:
    place: str
    date: dt.date | None  # None while the day or month is left blank for the văn thư
    year: int


def parse_place_date(text: str) -> PlaceDate | None:
    """ "Hà Tĩnh, ngày 15 tháng 6 năm 2024"; the blank form "Hà Tĩnh, ngày   tháng   năm 2024"."""
    m = _PLACE_DATE_RE.match(clean_line(text))
    if m is None:
        return None
    year = int(m.group("year"))
    day, month = m.group("day"), m.group("month")
    date = None
    if day and month:
        try:
            date = dt.date(year, int(month), int(day))
        except ValueError:
            date = None
    return PlaceDate(m.group("place").strip(), date, year)


def abbreviation_of(symbol: str) -> str:
    """The unit's abbreviation in a report's symbol: "BC-STC" -> "STC", "BC-UBND" -> "UBND"."""
    head, sep, rest = symbol.partition("-")
    return rest if sep and head.upper() == "BC" else ""


_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4}
# The year may be missing ("06 tháng đầu năm; nhiệm vụ 06 tháng cuối năm"): it is then the
# year the caller knows (the document's date, or its first "năm 2020").
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], PeriodKind | None], ...] = (
    (re.compile(r"\b(?:0?6|sáu)\s+tháng\s+cuối\s+năm(?:\s+(\d{4}))?"), None),  # no such period
    (re.compile(r"\b(?:0?6|sáu)\s+tháng(?:\s+đầu)?\s+năm(?:\s+(\d{4}))?"), PeriodKind.H1),
    (re.compile(r"\b(?:0?9|chín)\s+tháng(?:\s+đầu)?\s+năm(?:\s+(\d{4}))?"), PeriodKind.M9),
    (re.compile(r"\bquý\s+(iv|i{1,3}|[1-4])(?:(?:\s+năm\s+|\s*/\s*)(\d{4}))?"), PeriodKind.Q1),
    (re.compile(r"\bnăm\s+(\d{4})"), PeriodKind.Y),
)
_QUARTERS = (PeriodKind.Q1, PeriodKind.Q2, PeriodKind.Q3, PeriodKind.Q4)


def period_from_text(text: str, year: int | None = None) -> Period | None:
    """The period a title names: "6 tháng đầu năm 2024", "quý I năm 2024", "9 tháng năm 2024",
    "năm 2019"; "6 tháng đầu năm" takes `year`. The period named first decides ("6 tháng đầu năm;
    nhiệm vụ 6 tháng cuối năm" is H1); None when the text names none (or no year is known)."""
    low = clean_line(text).casefold()
    found = [
        (m.start(), n, m, kind)
        for n, (p, kind) in enumerate(_PERIOD_PATTERNS)
        if (m := p.search(low))
    ]
    for _start, _n, m, kind in sorted(found, key=lambda f: (f[0], f[1]))[:1]:  # the first named
        if kind is None:
            return None
        named = m.group(2) if kind is PeriodKind.Q1 else m.group(1)
        the_year = int(named) if named else year
        if the_year is None:
            return None
        try:
            if kind is PeriodKind.Q1:
                q = m.group(1).upper()
                return Period(the_year, _QUARTERS[(_ROMAN_VALUES.get(q) or int(q)) - 1])
            return Period(the_year, kind)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class HeadingMark:
    """A numbered heading: level 1 "I.", 2 "1.", 3 "1.1." (deeper dotted numbers are 3 as well),
    or a letter "a)" (level 0: the model has no letter level; see recognise)."""

    level: int
    label: str
    title: str


_ROMAN_HEADING = re.compile(r"^(?P<label>[IVXL]{1,6})\s*[.:)]\s*(?P<title>\S.*)$")
_ARABIC_HEADING = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*)\s*[.)]?\s+(?P<title>\S.*)$")
_LETTER_HEADING = re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$")


def heading_mark(text: str) -> HeadingMark | None:
    """How a paragraph is numbered, if it is: "I. KẾT QUẢ" (1), "2. Cải cách" (2), "4.1. Ứng dụng"
    (3), "a) Tuyên truyền" (0). A number without a dot ("2024 là năm") is not a heading."""
    line = clean_line(text)
    m = _ROMAN_HEADING.match(line)
    if m and _is_roman(m.group("label")):
        return HeadingMark(1, m.group("label") + ".", m.group("title"))
    m = _ARABIC_HEADING.match(line)
    if m:
        label = m.group("label")
        after = line[len(label) :]
        if "." not in label and not after.startswith((".", ")")):
            return None  # "2024 là năm", "15 văn bản": a figure, not a number
        depth = label.count(".") + 1
        return HeadingMark(min(depth + 1, 3), label + ".", m.group("title"))
    m = _LETTER_HEADING.match(line)
    if m:
        return HeadingMark(0, m.group("label") + ")", m.group("title"))
    return None


def _is_roman(label: str) -> bool:
    return re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", label) is not None and label != ""


_AUTHORITY_PREFIXES = tuple(
    sorted({a.split(".")[0] + "." for a in SIGNER_AUTHORITIES if a}, key=len, reverse=True)
)


def is_authority_line(text: str) -> bool:
    """ "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH", "Q. GIÁM ĐỐC", "TUQ. ..."."""
    line = clean_line(text).upper()
    return any(line.startswith(p) for p in _AUTHORITY_PREFIXES)


def signer_from_lines(lines: Sequence[str]) -> Signer:
    """The signer from the lines of the signature block, top to bottom: [authority,] title, name."""
    lines = [clean_line(x) for x in lines if clean_line(x)]
    authority = lines.pop(0) if lines and is_authority_line(lines[0]) else ""
    name = ""
    if lines and not is_upper(lines[-1]):
        name = lines.pop()
    title = lines[0] if lines else ""
    return Signer(authority, title, name)


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def proper_case(upper_name: str, texts: Iterable[str]) -> str | None:
    """The unit's name as the document writes it in running text ("Sở Tài chính" for the header's
    "SỞ TÀI CHÍNH"): the first occurrence that is not in capitals, or None."""
    key = clean_line(upper_name)
    if not key:
        return None
    pattern = re.compile(
        r"(?<!\w)" + re.escape(key).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE
    )
    for text in texts:
        for m in pattern.finditer(text):
            found = clean_line(m.group(0))
            if not is_upper(found):
                return found
    return None


def multiline(text: str) -> str:
    """Cell text with its line breaks kept, each line cleaned."""
    return "\n".join(clean_line(x) for x in text.split("\n")).strip("\n")


def undash(text: str) -> str:
    """A list item without its "- "."""
    text = multiline(text)
    return text[1:].lstrip() if text.startswith(("-", "–")) else text


def short(text: str, limit: int = 80) -> str:
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
