"""Recognising a report typed in Word: header, narrative, signature, "Nơi nhận" and appendices.

Pure: it works on a neutral picture of the document (paragraphs with their runs and style names,
tables as cells of paragraphs, footnote texts at their references) that export/docx_import.py reads
with python-docx. Everything it could not place is listed in the Review, so the user can correct
the guesses before anything is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .appendix_tables import PROPAGANDA_HEADINGS, REMEDIATION_HEADINGS, parse_score
from .catalog import Catalog, Indicator, IndicatorKind
from .periods import Period, PeriodKind
from .report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    ParagraphStyle,
    PropagandaRow,
    RemediationItem,
    Report,
    Run,
    Section,
    Signer,
    Unit,
    default_symbol,
)
from .signature import RECIPIENTS_HEADING, SIGNER_AUTHORITIES, normalize_recipients
from .vn import NumberFormatError, clean_line, nfc, parse_number

# --- the document as read ----------------------------------------------------------------------


@dataclass
class WordRun:
    text: str = ""
    bold: bool = False
    italic: bool = False
    footnote: str | None = None  # the note's text, when this run is a footnote reference


@dataclass
class WordParagraph:
    runs: list[WordRun] = field(default_factory=list)
    style: str = ""  # the paragraph style's name ("heading 1", "Normal"), as Word names it

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if r.footnote is None)

    @property
    def line(self) -> str:
        return clean_line(self.text)

    @property
    def all_bold(self) -> bool:
        texts = [r for r in self.runs if r.footnote is None and r.text.strip()]
        return bool(texts) and all(r.bold for r in texts)

    @classmethod
    def of(
        cls, text: str, *, bold: bool = False, italic: bool = False, style: str = ""
    ) -> WordParagraph:
        return cls([WordRun(text, bold=bold, italic=italic)], style)


Cell = list[WordParagraph]


@dataclass
class WordTable:
    rows: list[list[Cell]] = field(default_factory=list)

    def texts(self, row: int) -> list[str]:
        return [cell_text(c) for c in self.rows[row]] if row < len(self.rows) else []


Block = WordParagraph | WordTable


@dataclass
class WordDocument:
    blocks: list[Block] = field(default_factory=list)
    converted_paragraphs: int = 0  # paragraphs typed in a TCVN3/VNI font, converted to Unicode
    encodings: set[str] = field(default_factory=set)


def cell_text(cell: Cell) -> str:
    return "\n".join(p.text for p in cell)


# --- the pure parsers ------------------------------------------------------------------------------

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
    if lines and not _is_upper(lines[-1]):
        name = lines.pop()
    title = lines[0] if lines else ""
    return Signer(authority, title, name)


def _is_upper(text: str) -> bool:
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
            if not _is_upper(found):
                return found
    return None


# --- the review ------------------------------------------------------------------------------------


@dataclass
class Review:
    """What the import recognised and what it could not place, shown before anything is saved."""

    found: list[tuple[str, str]] = field(default_factory=list)  # (what, as read)
    body_text: list[str] = field(default_factory=list)  # paragraphs kept as plain text, and why
    unmatched_rows: list[str] = field(default_factory=list)  # Phụ lục III rows of no indicator
    problems: list[str] = field(default_factory=list)  # figures that could not be read
    guesses: list[str] = field(default_factory=list)  # proposals the user should check
    period_found: bool = False
    unit_found: bool = False


@dataclass
class Recognition:
    report: Report
    review: Review


# --- recognising the whole document ------------------------------------------------------------

_HEADING_STYLES = {"heading 1": 1, "heading 2": 2, "heading 3": 3, "heading 4": 3}
_APPENDIX_RE = re.compile(r"^phụ\s+lục\s+(?:số\s+)?([ivx]+|\d+)\b", re.IGNORECASE)
_NATIONAL = ("cộng hòa xã hội", "cộng hoà xã hội", "độc lập - tự do", "độc lập – tự do")
_DASH_PREFIXES = ("- ", "– ", "-\u00a0", "–\u00a0")


def _is_national(line: str) -> bool:
    low = line.casefold()
    return any(low.startswith(n) for n in _NATIONAL) or set(line) <= set("-_–—. ")


def recognise(
    doc: WordDocument,
    catalog: Catalog,
    *,
    fallback_period: Period,
) -> Recognition:
    """The report a Word document holds, and the review of what was and was not recognised."""
    return _Recogniser(doc, catalog, fallback_period).run()


class _Recogniser:
    def __init__(self, doc: WordDocument, catalog: Catalog, fallback: Period) -> None:
        self.doc = doc
        self.catalog = catalog
        self.fallback = fallback
        self.review = Review()
        self.footnotes: list[Footnote] = []
        self.narrative = Narrative()
        self.stack: list[tuple[int, Section]] = []  # the open sections, outermost first
        self.in_closing = False
        self.authority_lines: list[str] = []
        self.number: tuple[str, str] | None = None
        self.place_date: PlaceDate | None = None
        self.subject = ""
        self.recipient_to = ""
        self.recipients: list[str] = []
        self.signer_lines: list[str] = []
        self.propaganda: list[PropagandaRow] = []
        self.remediation: list[RemediationItem] = []
        self.values: dict[str, IndicatorValue] = {}
        self.optional_groups: set[str] = set()
        self.all_texts: list[str] = []
        self._label_index: dict[str, list[Indicator]] | None = None

    # -- driving ---------------------------------------------------------------------------
    def run(self) -> Recognition:
        blocks = list(self.doc.blocks)
        for b in blocks:
            self.all_texts.extend(_texts(b))
        i = self._header(blocks)
        i = self._title(blocks, i)
        zone = "narrative"
        while i < len(blocks):
            block = blocks[i]
            i += 1
            if isinstance(block, WordTable):
                if self._appendix_table(block):
                    zone = "appendix"
                elif self._signature_table(block):
                    zone = "signature"
                else:
                    self.review.body_text.append(
                        f"Bảng {len(block.rows)} dòng không phải phụ lục I, II, III hay khối chữ ký"
                        " (chưa nhập)"
                    )
                continue
            line = block.line
            if not line and not any(r.footnote for r in block.runs):
                continue
            if _APPENDIX_RE.match(line) and len(line) < 40:
                zone = "appendix"
                continue
            if zone == "appendix":
                continue  # the appendix's title and "(Kèm theo ...)" line: implied by its table
            if line.casefold().startswith(RECIPIENTS_HEADING.casefold().rstrip(":")):
                zone = "signature"
                rest = line[len(RECIPIENTS_HEADING) :].strip(" :")
                if rest:
                    self.recipients.append(rest)
                continue
            if zone == "signature" or (self.in_closing and self._signature_line(line)):
                zone = "signature"
                if line.startswith(("-", "–", "•")):
                    self.recipients.append(line)
                else:
                    self.signer_lines.append(line)
                continue
            self._narrative(block)
        return Recognition(self._report(), self.review)

    # -- header ----------------------------------------------------------------------------
    def _header(self, blocks: list[Block]) -> int:
        """The lines before "BÁO CÁO": a header table, or the first paragraphs when there is none."""
        i = 0
        lines: list[tuple[str, str]] = []  # (text, side)
        first = blocks[0] if blocks else None
        if (
            isinstance(first, WordTable)
            and len(first.rows) <= 4
            and max(map(len, first.rows), default=0) <= 3
        ):
            table = first
            for row in table.rows:
                for col, cell in enumerate(row):
                    side = "left" if col == 0 else "right"
                    for p in cell:
                        for part in p.text.split("\n"):
                            lines.append((part, side))
            i = 1
        # Without a "BÁO CÁO" line near the top there is no header to read: the paragraphs are text.
        has_title = any(
            isinstance(b, WordParagraph) and self._is_title(b.line) for b in blocks[i : i + 15]
        )
        while has_title and i < len(blocks) and isinstance(blocks[i], WordParagraph):
            para = blocks[i]
            assert isinstance(para, WordParagraph)
            if self._is_title(para.line) or heading_mark(para.line) or len(para.line) > 200:
                break
            parts = re.split(r"\t+", para.text)
            for n, part in enumerate(parts):
                side = "" if len(parts) == 1 else ("left" if n == 0 else "right")
                for piece in part.split("\n"):
                    lines.append((piece, side))
            i += 1
        for raw, side in lines:
            line = clean_line(raw)
            if not line or _is_national(line):
                continue
            number = parse_number_symbol(line)
            if number is not None and self.number is None:
                self.number = number
                continue
            when = parse_place_date(line)
            if when is not None and self.place_date is None:
                self.place_date = when
                continue
            if side in ("left", "") and self.number is None and len(line) <= 120:
                self.authority_lines.append(line)
            else:
                self.review.body_text.append(f"Dòng đầu văn bản không nhận ra: “{line}”")
        return i

    @staticmethod
    def _is_title(line: str) -> bool:
        return clean_line(line.split("\n", 1)[0]).casefold() == "báo cáo" or (
            line.casefold().startswith("báo cáo") and _is_upper(line[:7]) and len(line) < 300
        )

    def _title(self, blocks: list[Block], i: int) -> int:
        """ "BÁO CÁO", the trích yếu under it, and "Kính gửi"."""
        if i >= len(blocks) or not isinstance(blocks[i], WordParagraph):
            return i
        p = blocks[i]
        assert isinstance(p, WordParagraph)
        if not self._is_title(p.line):
            self.review.guesses.append("Không thấy dòng “BÁO CÁO”: trích yếu chưa nhận ra")
            return i
        i += 1
        rest = clean_line(p.text.replace("\n", " ")[len("BÁO CÁO") :])
        if rest:
            self.subject = rest
        while i < len(blocks) and isinstance(blocks[i], WordParagraph):
            q = blocks[i]
            assert isinstance(q, WordParagraph)
            line = q.line
            if not line:
                i += 1
                if self.subject:
                    break  # the rule under the trích yếu, or a blank line
                continue
            if line.casefold().startswith("kính gửi"):
                break
            if self.subject or heading_mark(line) or len(line) > 300:
                break
            self.subject = line
            i += 1
        while i < len(blocks) and isinstance(blocks[i], WordParagraph):
            q = blocks[i]
            assert isinstance(q, WordParagraph)
            line = q.line
            if not line:
                i += 1
                continue
            if line.casefold().startswith("kính gửi"):
                to = line[len("kính gửi") :].lstrip(" :")
                self.recipient_to = to
                i += 1
                continue
            break
        return i

    # -- narrative -------------------------------------------------------------------------
    def _narrative(self, p: WordParagraph) -> None:
        line = p.line
        style_level = _HEADING_STYLES.get(p.style.casefold())
        mark = heading_mark(line)
        if line.casefold().startswith("trên đây") and self.narrative.sections:
            self.in_closing = True
        if self.in_closing:
            self.narrative.closing.append(self._paragraph(p))
            return
        if style_level is not None or (mark is not None and mark.level > 0 and _heading_like(p)):
            level = style_level or (mark.level if mark else 1)
            title = mark.title if mark is not None and mark.level > 0 else line
            numbered = mark is not None and mark.level > 0
            self._open_section(level, Section(title=title, numbered=numbered))
            return
        if mark is not None and mark.level == 0 and p.all_bold and len(line) <= 200 and self.stack:
            # "a) Tuyên truyền": a sub-heading the outline has no numbering for; kept with its letter
            depth = self.stack[-1][0]
            self._open_section(depth + 1, Section(title=line, numbered=False))
            return
        if mark is not None and mark.level > 0:
            self.review.body_text.append(
                f"Đoạn đánh số nhưng dài hoặc là câu, giữ là đoạn văn: “{_short(line)}”"
            )
        paragraph = self._paragraph(p)
        if self.stack:
            self.stack[-1][1].paragraphs.append(paragraph)
        else:
            self.narrative.intro.append(paragraph)

    def _open_section(self, level: int, section: Section) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        if not self.stack:
            if level > 1:
                self.review.guesses.append(
                    f"Mục “{_short(section.title)}” không nằm dưới mục La Mã nào: đặt làm mục cấp 1"
                )
            self.narrative.sections.append(section)
            self.stack.append((1, section))
            return
        parent_level, parent = self.stack[-1]
        parent.children.append(section)
        self.stack.append((parent_level + 1, section))

    def _paragraph(self, p: WordParagraph) -> Paragraph:
        runs: list[Run] = []
        for r in p.runs:
            if r.footnote is not None:
                note = Footnote(text=clean_line(r.footnote))
                self.footnotes.append(note)
                runs.append(Run("", footnote_id=note.id))
                continue
            text = nfc(r.text)
            if not text:
                continue
            last = runs[-1] if runs else None
            if (
                last is not None
                and last.footnote_id is None
                and (last.bold, last.italic) == (r.bold, r.italic)
            ):
                last.text += text
            else:
                runs.append(Run(text, bold=r.bold, italic=r.italic))
        style = ParagraphStyle.BODY
        first = next((r for r in runs if r.footnote_id is None), None)
        if first is not None and first.text.lstrip().startswith(_DASH_PREFIXES):
            style = ParagraphStyle.DASH
            first.text = first.text.lstrip()[2:].lstrip()
        if runs and runs[0].footnote_id is None:
            runs[0].text = runs[0].text.lstrip()
        if runs and runs[-1].footnote_id is None:
            runs[-1].text = runs[-1].text.rstrip()
        return Paragraph([r for r in runs if r.text or r.footnote_id], style)

    # -- signature -------------------------------------------------------------------------
    @staticmethod
    def _signature_line(line: str) -> bool:
        return is_authority_line(line) or (_is_upper(line) and len(line) <= 60)

    def _signature_table(self, table: WordTable) -> bool:
        cells = [c for row in table.rows for c in row]
        lines = [clean_line(p.text) for c in cells for p in c]
        if not any(x.casefold().startswith("nơi nhận") or is_authority_line(x) for x in lines if x):
            return False
        for row in table.rows:
            for cell in row:
                texts = [clean_line(t) for p in cell for t in p.text.split("\n") if clean_line(t)]
                if texts and texts[0].casefold().startswith("nơi nhận"):
                    rest = texts[0][len(RECIPIENTS_HEADING) :].strip(" :")
                    self.recipients.extend(([rest] if rest else []) + texts[1:])
                else:
                    self.signer_lines.extend(texts)
        return True

    # -- appendices ------------------------------------------------------------------------
    def _appendix_table(self, table: WordTable) -> bool:
        head = " | ".join(t.casefold() for t in table.texts(0))
        if "số lượng" in head and "chỉ tiêu" in head:
            self._propaganda(table)
            return True
        if "giải pháp" in head and "khắc phục" in head:
            self._remediation(table)
            return True
        if "chỉ tiêu thống kê" in head or ("stt" in head and "ghi chú" in head):
            self._statistics(table)
            return True
        return False

    def _propaganda(self, table: WordTable) -> None:
        width = len(PROPAGANDA_HEADINGS)
        for n, row in enumerate(table.rows[1:], start=2):
            texts = [cell_text(c) for c in row]
            if len(texts) < width:
                self.review.problems.append(f"Phụ lục I, dòng {n}: thiếu cột, chưa nhập")
                continue
            number, label, unit, qty, note = (_multiline(t) for t in texts[:width])
            unit = clean_line(unit.replace("\u00a0", " "))  # the export breaks units to fit
            if not (number or label) or number.casefold() in ("tt", "stt"):
                continue  # an empty row, or the heading row repeated on a new page
            try:
                quantity = parse_number(qty)
            except NumberFormatError as exc:
                self.review.problems.append(f"Phụ lục I, dòng “{_short(label)}”: {exc}")
                quantity = None
            self.propaganda.append(PropagandaRow(number, label, unit, quantity, note))

    def _remediation(self, table: WordTable) -> None:
        for row in table.rows[1:]:
            if len(row) < len(REMEDIATION_HEADINGS):
                self.review.problems.append("Phụ lục II: một dòng thiếu cột, chưa nhập")
                continue
            number = clean_line(cell_text(row[0]))
            paras = [p for p in row[1] if p.line]
            if number.casefold() in ("tt", "stt") or all(
                set(clean_line(cell_text(c))) <= set("-–— ") for c in row
            ):
                continue  # the heading row repeated on a new page, an empty row, rules only
            if not number and self.remediation and not (paras and paras[0].all_bold):
                # a row Word split across pages (or a repeated heading row): the rest of the item
                item = self.remediation[-1]
                item.findings.extend(_undash(p.text) for p in paras)
                item.remedies.extend(_list_cell(row[2]))
                item.deadlines.extend(_list_cell(row[3]))
                item.progress.extend(_list_cell(row[4]))
                continue
            criterion, assessment = "", ""
            if paras:
                bold = "".join(r.text for r in paras[0].runs if r.bold and r.footnote is None)
                rest = "".join(r.text for r in paras[0].runs if not r.bold and r.footnote is None)
                criterion, assessment = _multiline(bold), _multiline(rest)
                if not criterion:
                    criterion, assessment = assessment, ""
            got: Decimal | None = None
            top: Decimal | None = None
            m = _SCORE_IN_TEXT.search(assessment)
            if m:
                try:
                    got, top = parse_score(f"{m.group(1)}/{m.group(2)}")
                except NumberFormatError:
                    got = top = None
            self.remediation.append(
                RemediationItem(
                    number=number,
                    criterion=criterion,
                    assessment=assessment,
                    score_got=got,
                    score_max=top,
                    findings=[_undash(p.text) for p in paras[1:]],
                    remedies=_list_cell(row[2]),
                    deadlines=_list_cell(row[3]),
                    progress=_list_cell(row[4]),
                )
            )

    def _statistics(self, table: WordTable) -> None:
        indicators = self.catalog.indicators
        position = {ind.code: n for n, ind in enumerate(indicators)}
        last = -1
        for row in table.rows:
            texts = [clean_line(cell_text(c).replace("\u00a0", " ")) for c in row]
            if len(texts) < 5:
                continue
            stt, label, _unit, value_text, note = texts[:5]
            if not (stt or label or value_text) and note and last >= 0:
                # the note's end on the next page, in a row of its own ("Số nhiệm vụ còn" +
                # "lại đang thực hiện trong hạn")
                code = indicators[last].code
                old = self.values.get(code, IndicatorValue())
                self.values[code] = IndicatorValue(old.value, f"{old.note} {note}".strip())
                continue
            low = label.casefold()
            if not label or low.startswith("chỉ tiêu thống kê") or stt.casefold() == "stt":
                continue
            if not stt and not label:
                continue
            ind = self._match(stt, label, last, position)
            if ind is None:
                self.review.unmatched_rows.append(
                    f"{stt} {_short(label)}".strip() + (f": {value_text}" if value_text else "")
                )
                continue
            last = position[ind.code]
            if ind.optional_group:
                self.optional_groups.add(ind.optional_group)
            value: Decimal | str | None = None
            if value_text and ind.kind is not IndicatorKind.GROUP:
                try:
                    value = ind.parse_value(value_text)
                except NumberFormatError as exc:
                    self.review.problems.append(f"Phụ lục III: {exc}")
            elif value_text:
                self.review.problems.append(
                    f"Phụ lục III: dòng nhóm {ind.code} có số liệu “{value_text}”, bỏ qua"
                )
            iv = IndicatorValue(value, note)
            if iv.is_reported:
                self.values[ind.code] = iv

    def _labels(self) -> dict[str, list[Indicator]]:
        """The catalog's indicators by label, as Catalog.by_label finds them, built once: a
        hundred rows each scanning the catalog took most of the import's time."""
        if self._label_index is None:
            self._label_index = {}
            for ind in self.catalog.indicators:
                self._label_index.setdefault(clean_line(ind.label).casefold(), []).append(ind)
        return self._label_index

    def _match(self, stt: str, label: str, last: int, position: dict[str, int]) -> Indicator | None:
        code = stt.strip().rstrip(".")
        candidates = list(self._labels().get(clean_line(label).casefold(), ()))
        if len(candidates) > 1 and code and not code.casefold().startswith("trong"):
            by_code = [c for c in candidates if code in (c.code, c.printed_code.rstrip("."))]
            candidates = by_code or candidates
        if not candidates and code:
            by_code = [
                i for i in self.catalog.indicators if code in (i.code, i.printed_code.rstrip("."))
            ]
            near = [i for i in by_code if _overlap(i.label, label) >= 0.6]
            if len(near) == 1:
                self.review.guesses.append(
                    f"Phụ lục III: dòng “{stt} {_short(label)}” khớp chỉ tiêu {near[0].code} "
                    f"theo mã (tên hơi khác: “{_short(near[0].label)}”)"
                )
                return near[0]
            return None
        if not candidates:
            return None
        after = [c for c in candidates if position[c.code] > last]
        return (after or candidates)[0]

    # -- the report ------------------------------------------------------------------------
    def _report(self) -> Report:
        review = self.review
        parent, issuer = "", ""
        if len(self.authority_lines) >= 2:
            parent, issuer = self.authority_lines[-2], self.authority_lines[-1]
            for extra in self.authority_lines[:-2]:
                review.body_text.append(f"Dòng đầu văn bản không nhận ra: “{extra}”")
        elif self.authority_lines:
            issuer = self.authority_lines[0]
        name = ""
        if issuer:
            review.unit_found = True
            name = proper_case(issuer, self.all_texts) or ""
            if not name:
                name = issuer[:1] + issuer[1:].lower() if _is_upper(issuer) else issuer
                review.guesses.append(
                    f"Tên đơn vị “{name}” đoán từ dòng “{issuer}”: hãy sửa chữ hoa cho đúng"
                )
        else:
            review.guesses.append("Không thấy cơ quan ban hành ở đầu văn bản: hãy nhập tên đơn vị")
        number, symbol = self.number or ("", "")
        abbreviation = abbreviation_of(symbol)
        place = self.place_date.place if self.place_date else ""
        date = self.place_date.date if self.place_date else None
        known_year = self.place_date.year if self.place_date else self._year_in_text()
        period = period_from_text(self.subject, known_year) if self.subject else None
        if period is None:
            intro = " ".join(p.text for p in self.narrative.intro[:2])
            period = period_from_text(intro, known_year)
            if period is not None:
                review.guesses.append(f"Kỳ báo cáo đoán từ đoạn mở đầu: {period.wording}")
        if period is not None:
            review.period_found = True
        else:
            year = self.place_date.year if self.place_date else self.fallback.year
            try:
                period = Period(year, self.fallback.kind)
            except ValueError:
                period = self.fallback
            review.guesses.append(
                f"Không nhận ra kỳ báo cáo từ trích yếu: tạm đặt {period.wording}, hãy chọn lại"
            )
        recipients = normalize_recipients(self.recipients)
        signer = signer_from_lines(self.signer_lines)
        report = Report(
            unit=Unit(name, parent, abbreviation, place),
            period=period,
            catalog_id=self.catalog.id,
            catalog_version=self.catalog.version,
            number=number,
            symbol=symbol or default_symbol(abbreviation),
            place=place,
            date=date,
            subject=self.subject,
            recipient_to=self.recipient_to,
            signer=signer,
            recipients=recipients,
            narrative=self.narrative,
            footnotes=self.footnotes,
            propaganda=self.propaganda,
            remediation=self.remediation,
            values=self.values,
            optional_groups=self.optional_groups,
        )
        self._summarise(report)
        return report

    def _year_in_text(self) -> int | None:
        """The first "năm 2020" of the narrative, for a title that names no year."""
        for p in list(self.narrative.paragraphs())[:8]:
            m = re.search(r"\bnăm\s+(20\d\d)\b", p.text)
            if m:
                return int(m.group(1))
        return None

    def _summarise(self, r: Report) -> None:
        found = self.review.found

        def add(what: str, value: str) -> None:
            if value:
                found.append((what, value))

        add("Cơ quan chủ quản", r.unit.parent_authority)
        add("Cơ quan ban hành", r.unit.name)
        add("Số, ký hiệu", r.number_symbol if self.number else "")
        add("Địa danh, ngày", f"{r.place}, {r.date:%d/%m/%Y}" if r.date else r.place)
        add("Trích yếu", r.subject)
        add("Kính gửi", r.recipient_to)
        sections = sum(1 for _ in r.narrative.numbered())
        paragraphs = sum(1 for _ in r.narrative.paragraphs())
        add("Nội dung", f"{sections} mục, {paragraphs} đoạn, {len(r.footnotes)} chú thích")
        add(
            "Người ký",
            " / ".join(x for x in (r.signer.authority, r.signer.title, r.signer.name) if x),
        )
        add("Nơi nhận", f"{len(r.recipients)} nơi" if r.recipients else "")
        add("Phụ lục I", f"{len(r.propaganda)} dòng" if r.propaganda else "")
        add("Phụ lục II", f"{len(r.remediation)} mục" if r.remediation else "")
        add("Phụ lục III", f"{len(r.values)} chỉ tiêu có số liệu" if r.values else "")
        if self.doc.converted_paragraphs:
            add(
                "Phông cũ",
                f"{self.doc.converted_paragraphs} đoạn gõ bằng phông "
                + ", ".join(sorted(self.doc.encodings))
                + " đã chuyển sang Unicode",
            )


# "đạt 6,981/10 điểm", "đạt 14,687đ/16 điểm": the score in the appraisal's sentence
_SCORE_IN_TEXT = re.compile(
    r"([0-9][0-9.,]*)\s*(?:đ|điểm)?\s*/\s*([0-9][0-9.,]*)\s*(?:điểm|đ(?!\w))"
)


def _heading_like(p: WordParagraph) -> bool:
    """A numbered paragraph is a heading when it is bold, or (a file that lost its formatting)
    short and not a sentence: "I. KẾT QUẢ", "2. Cải cách thể chế:", but not "1. Tiếp tục
    triển khai ... ;" in a list of tasks."""
    line = p.line
    if p.all_bold:
        return len(line) <= 300
    return len(line) <= 150 and not line.endswith((".", ";", ","))


def _texts(block: Block) -> Iterator[str]:
    if isinstance(block, WordParagraph):
        yield block.text
    else:
        for row in block.rows:
            for cell in row:
                for p in cell:
                    yield p.text


def _multiline(text: str) -> str:
    """Cell text with its line breaks kept, each line cleaned."""
    return "\n".join(clean_line(x) for x in text.split("\n")).strip("\n")


def _undash(text: str) -> str:
    text = _multiline(text)
    return text[1:].lstrip() if text.startswith(("-", "–")) else text


def _list_cell(cell: Cell) -> list[str]:
    lines = [_multiline(p.text) for p in cell if p.line]
    if len(lines) > 1:
        return [_undash(x) for x in lines]
    return lines


def _overlap(a: str, b: str) -> float:
    wa, wb = set(clean_line(a).casefold().split()), set(clean_line(b).casefold().split())
    return len(wa & wb) / max(len(wa | wb), 1)


def _short(text: str, limit: int = 80) -> str:
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
