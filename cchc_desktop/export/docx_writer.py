"""Writes a report as a Word document: header block, narrative with footnotes, signature, appendices.

The look comes from the template's named styles (templates_docx/base.docx, or a unit's own .docx
with the same style names); this module only decides structure and wording. The body is built as
WordprocessingML elements directly, which is several times faster than python-docx's object API for
a hundred-row table and keeps full control of table properties (repeated header rows, no row split).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENTATION
from docx.opc.exceptions import PackageNotFoundError
from docx.section import Section as DocxSection
from docx.shared import Twips
from lxml import etree
from lxml.etree import _Element as _E

from ..assets import asset_path
from ..atomic import atomic_write_bytes
from ..domain.catalog import Catalog, Indicator, IndicatorKind
from ..domain.report import (
    ROMAN,
    Footnote,
    Paragraph,
    ParagraphStyle,
    PropagandaRow,
    RemediationItem,
    Report,
)
from ..domain.vn import format_number, nfc
from ..errors import FileProblemError
from .footnotes import Footnotes, footnotes_of

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W_NS + "}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

DRAFT_MARK = "DỰ THẢO"
# En spaces pad the box that the Draft Mark style draws round the text (LibreOffice draws a
# stray extra edge round a no-break space inside a table cell).
_DRAFT_TEXT = f"\u2002{DRAFT_MARK}\u2002"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Logical role -> the style name (w:name) the template must define. Footnote styles are added by
# the footnotes module when a template lacks them.
STYLE_NAMES: dict[str, str] = {
    "body": "Normal",
    "h1": "heading 1",
    "h2": "heading 2",
    "h3": "heading 3",
    "header": "header",
    "agency_parent": "Agency Parent",
    "agency_name": "Agency Name",
    "number": "Document Number",
    "national_title": "National Title",
    "national_motto": "National Motto",
    "place_date": "Place Date",
    "rule": "Rule",
    "recipient_to": "Recipient To",
    "title": "Report Title",
    "subject": "Report Subject",
    "signer": "Signer",
    "signer_name": "Signer Name",
    "recipients_heading": "Recipients Heading",
    "recipients_entry": "Recipients Entry",
    "appendix_heading": "Appendix Heading",
    "appendix_title": "Appendix Title",
    "appendix_reference": "Appendix Reference",
    "table_text": "Table Text",
    "table_heading": "Table Heading",
    "draft_mark": "Draft Mark",
    "table_grid": "Table Grid",
}

REPORT_TEMPLATE_PARTS = ("resources", "templates", "bao-cao-cchc.json")
APPENDIX_KINDS = ("i", "ii", "iii")  # propaganda, remediation, statistics (keys of appendix_titles)


@dataclass(frozen=True)
class DocxLayout:
    """Wording and conventions that the report template (resources/templates/*.json) decides.

    A province that words its appendices differently edits the data, not this module.
    """

    appendix_titles: Mapping[str, str]  # "i" | "ii" | "iii" -> title, with {period}-style fields
    appendix_heading: str = "PHỤ LỤC {roman}"  # the decree writes "Phụ lục I"; seed 004 capitals
    # Counts 1-9 printed "01".."09" in the appendix tables, as seed 004 does (zero stays "0").
    count_leading_zero: bool = True


def layout_from_template(data: Mapping[str, Any]) -> DocxLayout:
    """The export's layout from a report template's data (see resources/templates/)."""
    titles = data.get("appendix_titles")
    missing = [
        k
        for k in APPENDIX_KINDS
        if not isinstance(titles, Mapping) or not str(titles.get(k, "")).strip()
    ]
    if missing or not isinstance(titles, Mapping):
        raise FileProblemError(
            "Mẫu báo cáo thiếu tên phụ lục (appendix_titles: "
            + ", ".join(f"“{m}”" for m in missing)
            + "). Hãy bổ sung trong resources/templates."
        )
    heading = str(data.get("appendix_heading") or "PHỤ LỤC {roman}")
    return DocxLayout(
        appendix_titles={k: nfc(str(titles[k])) for k in APPENDIX_KINDS},
        appendix_heading=nfc(heading),
        count_leading_zero=bool(data.get("count_leading_zero", True)),
    )


@cache
def default_layout() -> DocxLayout:
    """The layout of the app's own report template (used when the caller passes none)."""
    try:
        path = asset_path(*REPORT_TEMPLATE_PARTS)
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        name = REPORT_TEMPLATE_PARTS[-1]
        raise FileProblemError(f"Không đọc được mẫu báo cáo “{name}”: {exc}") from exc
    if not isinstance(data, Mapping):
        raise FileProblemError(f"Mẫu báo cáo “{REPORT_TEMPLATE_PARTS[-1]}” không hợp lệ.")
    return layout_from_template(data)


def _fill(template: str, report: Report, **extra: str) -> str:
    """Replace the template's {fields}; unknown ones stay as written, so a typo shows in print."""
    period = report.period
    fields = {
        "unit": report.unit.name,
        "period": period.wording,
        "next_period": period.next_period_phrase().upper(),
        "year": str(period.year),
        "prev_year": str(period.year - 1),
        **extra,
    }
    return re.sub(r"\{(\w+)\}", lambda m: fields.get(m.group(1), m.group(0)), template)


TWIPS_PER_CM = 567
_CELL_MARGIN = 108  # Word's default left/right cell margin, twips

# Advance widths of Times New Roman (1/1000 em; Liberation Serif has the same metrics), used to size
# the rules under header lines: the decree ties their length to the text above them.
_WIDTHS_REGULAR = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,:/()=%*",
        (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333,
         389, 278, 500, 500, 722, 500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389,
         722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 500, 500,
         500, 500, 500, 500, 500, 500, 500, 500, 250, 333, 250, 250, 278, 278, 333, 333, 564,
         833, 500),
        strict=True,
    )
)  # fmt: skip
_WIDTHS_BOLD = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,:/()=%*",
        (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444,
         389, 333, 556, 500, 722, 500, 500, 444, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500,
         778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 500, 500,
         500, 500, 500, 500, 500, 500, 500, 500, 250, 333, 250, 250, 333, 278, 333, 333, 570,
         1000, 500),
        strict=True,
    )
)  # fmt: skip


def text_width_twips(text: str, size_pt: float, *, bold: bool = False) -> int:
    """Approximate printed width of `text` in Times New Roman (Vietnamese marks add no width)."""
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        base = {"đ": "d", "Đ": "D"}.get(base, base)
        total += table.get(base, 722 if base.isupper() else 500)
    return round(total / 1000 * size_pt * 20)


# --- XML building ---------------------------------------------------------------------------------


def _sub(parent: _E, tag: str, **attrs: str) -> _E:
    return etree.SubElement(parent, _W + tag, {_W + k: v for k, v in attrs.items()})


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # surrogates (category Cs), U+FFFE/U+FFFF


def _clean(text: str) -> str:
    """NFC and nothing XML cannot hold (lxml refuses surrogates and U+FFFE/U+FFFF)."""
    return _NOT_XML.sub("", nfc(text))


def _property(text: str) -> str:
    """A core property (title, author): python-docx refuses more than 255 characters there; the
    printed text is never clipped, only this file metadata."""
    text = _clean(text)
    return text if len(text) <= 255 else text[:254] + "…"


def _add_text(run: _E, text: str) -> None:
    for i, line in enumerate(text.split("\n")):
        if i:
            _sub(run, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                _sub(run, "tab")
            if piece:
                t = _sub(run, "t")
                t.set(_XML_SPACE, "preserve")
                t.text = piece


def _run(p: _E, text: str, *, bold: bool = False, italic: bool = False) -> _E:
    r = _sub(p, "r")
    if bold or italic:
        rpr = _sub(r, "rPr")
        if bold:
            _sub(rpr, "b")
            _sub(rpr, "bCs")
        if italic:
            _sub(rpr, "i")
            _sub(rpr, "iCs")
    _add_text(r, _clean(text))
    return r


@dataclass(frozen=True)
class _Para:
    """Paragraph properties the export sets on top of a style."""

    align: str | None = None
    left: int | None = None  # twips
    right: int | None = None
    first_line: int | None = None
    keep_next: bool = False


def _para(parent: _E, style_id: str, fmt: _Para | None = None) -> _E:
    p = _sub(parent, "p")
    ppr = _sub(p, "pPr")
    _sub(ppr, "pStyle", val=style_id)
    if fmt is not None:
        if fmt.keep_next:
            _sub(ppr, "keepNext")
        if fmt.left is not None or fmt.right is not None or fmt.first_line is not None:
            ind = _sub(ppr, "ind")
            if fmt.left is not None:
                ind.set(_W + "left", str(fmt.left))
            if fmt.right is not None:
                ind.set(_W + "right", str(fmt.right))
            if fmt.first_line is not None:
                ind.set(_W + "firstLine", str(fmt.first_line))
        if fmt.align is not None:
            _sub(ppr, "jc", val=fmt.align)
    return p


def _text_para(
    parent: _E,
    style_id: str,
    text: str,
    fmt: _Para | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
) -> _E:
    p = _para(parent, style_id, fmt)
    if text:
        _run(p, text, bold=bold, italic=italic)
    return p


_CENTER = _Para(align="center")
_JUSTIFY = _Para(align="both")


@dataclass
class _Cell:
    paragraphs: list[tuple[str, str, _Para | None, bool, bool]]  # style, text, fmt, bold, italic
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue"
    valign: str | None = None


def _table(
    parent: _E,
    style_id: str | None,
    widths: Sequence[int],
    *,
    borders: bool = True,
    indent: int | None = None,
) -> _E:
    tbl = _sub(parent, "tbl")
    pr = _sub(tbl, "tblPr")
    if style_id:
        _sub(pr, "tblStyle", val=style_id)
    _sub(pr, "tblW", w=str(sum(widths)), type="dxa")
    if indent is not None:
        _sub(pr, "tblInd", w=str(indent), type="dxa")
    b = _sub(pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            _sub(b, side, val="single", sz="4", space="0", color="000000")
        else:
            _sub(b, side, val="nil")
    _sub(pr, "tblLayout", type="fixed")
    _sub(pr, "tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
         noHBand="1", noVBand="1")  # fmt: skip
    grid = _sub(tbl, "tblGrid")
    for w in widths:
        _sub(grid, "gridCol", w=str(w))
    return tbl


def _row(
    tbl: _E,
    widths: Sequence[int],
    cells: Sequence[_Cell],
    *,
    header: bool = False,
    min_height: int | None = None,
) -> _E:
    tr = _sub(tbl, "tr")
    trpr = _sub(tr, "trPr")
    _sub(trpr, "cantSplit")  # a row never breaks across pages
    if min_height is not None:
        _sub(trpr, "trHeight", val=str(min_height), hRule="atLeast")
    if header:
        _sub(trpr, "tblHeader")  # repeated at the top of every page
    col = 0
    for cell in cells:
        tc = _sub(tr, "tc")
        tcpr = _sub(tc, "tcPr")
        _sub(tcpr, "tcW", w=str(sum(widths[col : col + cell.span])), type="dxa")
        if cell.span > 1:
            _sub(tcpr, "gridSpan", val=str(cell.span))
        if cell.vmerge == "restart":
            _sub(tcpr, "vMerge", val="restart")
        elif cell.vmerge == "continue":
            _sub(tcpr, "vMerge")
        if cell.valign:
            _sub(tcpr, "vAlign", val=cell.valign)
        col += cell.span
        for style_id, text, fmt, bold, italic in cell.paragraphs:
            _text_para(tc, style_id, text, fmt, bold=bold, italic=italic)
        if not cell.paragraphs:
            _para(tc, "TableText")  # Word requires a paragraph in every cell
    return tr


# --- the document ---------------------------------------------------------------------------------
class _Writer:
    def __init__(
        self,
        doc: DocxDocument,
        report: Report,
        catalog: Catalog,
        draft: bool,
        layout: DocxLayout,
    ) -> None:
        self.doc = doc
        self.report = report
        self.catalog = catalog
        self.draft = draft
        self.layout = layout
        self.s = _resolve_styles(doc)
        self.body: _E = doc.element.body
        self.final_sectpr: _E = self.body.find(_W + "sectPr")
        self.notes: Footnotes = footnotes_of(doc)
        section = doc.sections[0]
        emu_per_twip = 635
        self.page_w = int(section.page_width or 0) // emu_per_twip
        self.page_h = int(section.page_height or 0) // emu_per_twip
        margins = int(section.left_margin or 0) + int(section.right_margin or 0)
        self.text_w = (int(section.page_width or 0) - margins) // emu_per_twip
        self.text_w_landscape = (int(section.page_height or 0) - margins) // emu_per_twip

    # -- orchestration ---------------------------------------------------------------------------
    def write(self) -> None:
        self._clear_body()
        self._page_headers()
        pristine = copy.deepcopy(self.final_sectpr)
        self._header_block()
        self._narrative()
        self._signature_block()
        appendices = [
            (builder, landscape)
            for builder, landscape, present in (
                (self._appendix_i, False, bool(self.report.propaganda)),
                (self._appendix_ii, True, bool(self.report.remediation)),
                (self._appendix_iii, False, True),
            )
            if present
        ]  # numbered I, II, III in the order they are present
        # A section's properties close it: the narrative's own, then one per appendix, the last
        # appendix using the body's final sectPr.
        self._section_break(copy.deepcopy(pristine))
        for i, (builder, landscape) in enumerate(appendices):
            builder(ROMAN[i])
            if i < len(appendices) - 1:
                sect = copy.deepcopy(pristine)
                self._appendix_section(sect, landscape=landscape)
                self._section_break(sect)
            else:
                self._appendix_section(self.final_sectpr, landscape=landscape)
        self._properties()

    def _clear_body(self) -> None:
        for child in list(self.body):
            if child is not self.final_sectpr:
                self.body.remove(child)

    def _add(self, element: _E) -> _E:
        """Move an element built under the body to just before the final sectPr."""
        self.final_sectpr.addprevious(element)
        return element

    def _p(self, style: str, text: str = "", fmt: _Para | None = None, **kw: bool) -> _E:
        return self._add(_text_para(self.body, self.s[style], text, fmt, **kw))

    # -- page numbers and draft mark --------------------------------------------------------------
    def _page_headers(self) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True  # no number on page 1 (the decree)
        header = section.header
        header.is_linked_to_previous = False
        hdr = header._element
        for child in list(hdr):
            hdr.remove(child)
        if self.draft:
            self._draft_page_header(hdr)
        else:
            p = _para(hdr, self.s["header"], _CENTER)
            _field(p, "PAGE", "2")
        first = section.first_page_header
        first.is_linked_to_previous = False
        fhdr = first._element
        for child in list(fhdr):
            fhdr.remove(child)
        if self.draft:
            _text_para(fhdr, self.s["draft_mark"], _DRAFT_TEXT)
        else:
            _para(fhdr, self.s["header"])

    def _draft_page_header(self, hdr: _E) -> None:
        """Page number centred and the boxed "DỰ THẢO" at the right, on one line of every page.

        A borderless table whose columns are percentages of the text width keeps the number
        centred and the mark at the right margin in portrait and landscape sections alike, in
        Word and LibreOffice (a second paragraph would push the body down; a frame would shift
        the centred number).
        """
        tbl = _sub(hdr, "tbl")
        pr = _sub(tbl, "tblPr")
        _sub(pr, "tblW", w="5000", type="pct")
        b = _sub(pr, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _sub(b, side, val="nil")
        _sub(pr, "tblLayout", type="fixed")
        mar = _sub(pr, "tblCellMar")
        for side in ("left", "right"):
            _sub(mar, side, w="0", type="dxa")
        grid = _sub(tbl, "tblGrid")
        portions = (1250, 2500, 1250)  # fiftieths of a percent
        for part in portions:
            _sub(grid, "gridCol", w=str(self.text_w * part // 5000))
        tr = _sub(tbl, "tr")
        for i, part in enumerate(portions):
            tc = _sub(tr, "tc")
            _sub(_sub(tc, "tcPr"), "tcW", w=str(part), type="pct")
            if i == 1:
                _field(_para(tc, self.s["header"], _CENTER), "PAGE", "2")
            elif i == 2:
                _text_para(tc, self.s["draft_mark"], _DRAFT_TEXT)
            else:
                _para(tc, self.s["header"])
        # Word wants a paragraph after a table; a hairline one adds no height to the header.
        p = _para(hdr, self.s["header"])
        ppr = p.find(_W + "pPr")
        _sub(ppr, "spacing", before="0", after="0", line="20", lineRule="exact")
        rpr = _sub(ppr, "rPr")
        _sub(rpr, "sz", val="2")
        _sub(rpr, "szCs", val="2")

    # -- header block -----------------------------------------------------------------------------
    def _header_block(self) -> None:
        r = self.report
        total = self.text_w + TWIPS_PER_CM  # the block may reach 0,5 cm into each side margin
        left_w = round(total * 0.4)
        widths = [left_w, total - left_w]
        tbl = self._add(_table(self.body, None, widths, borders=False, indent=-TWIPS_PER_CM // 2))
        issuer = r.unit.name.upper()
        left: list[tuple[str, str, _Para | None, bool, bool]] = []
        if r.unit.parent_authority:
            left.append(
                (self.s["agency_parent"], r.unit.parent_authority.upper(), None, False, False)
            )
        left.append((self.s["agency_name"], issuer, None, False, False))
        left.append(self._rule(widths[0], round(text_width_twips(issuer, 13, bold=True) * 0.45)))
        right = [
            (self.s["national_title"], NATIONAL_TITLE, None, False, False),
            (self.s["national_motto"], NATIONAL_MOTTO, None, False, False),
            self._rule(widths[1], text_width_twips(NATIONAL_MOTTO, 14, bold=True)),
        ]
        _row(tbl, widths, [_Cell(left), _Cell(right)])
        number = r.number.strip()
        if number.isdigit() and len(number) < 2:
            number = number.zfill(2)  # the decree: numbers below 10 get a leading zero
        blank = "\u00a0" * 6  # the văn thư writes the number in by hand
        symbol = f"{number or blank}/{r.symbol}" if r.symbol else number
        _row(
            tbl,
            widths,
            [
                _Cell([(self.s["number"], f"Số: {symbol}", None, False, False)]),
                _Cell([(self.s["place_date"], r.place_date_line(), None, False, False)]),
            ],
        )
        subject = r.subject.strip() or r.period.default_subject()
        self._p("title", "BÁO CÁO")
        self._p("subject", subject)
        line = min(text_width_twips(subject, 14, bold=True), self.text_w)
        style, _, fmt, _, _ = self._rule(self.text_w + 2 * _CELL_MARGIN, round(line * 0.4))
        self._add(_para(self.body, style, fmt))
        if r.recipient_to.strip():
            # A báo cáo sent upward names its addressee under the trích yếu (seed 002).
            to = r.recipient_to.strip()
            if not to.lower().startswith("kính gửi"):
                to = f"Kính gửi: {to}"
            self._p("recipient_to", to)
        self._p("body", "", _Para(first_line=0))

    def _rule(self, cell_w: int, length: int) -> tuple[str, str, _Para | None, bool, bool]:
        """A short solid rule centred in a cell `cell_w` wide (the Rule style draws the line)."""
        inner = cell_w - 2 * _CELL_MARGIN
        length = max(min(length, inner), TWIPS_PER_CM)
        side = (inner - length) // 2
        return (self.s["rule"], "", _Para(left=side, right=side, first_line=0), False, False)

    # -- narrative ----------------------------------------------------------------------------------
    def _narrative(self) -> None:
        n = self.report.narrative
        self.note_for = {f.id: f for f in self.report.footnotes_in_order()}
        self.noted: set[str] = set()
        for para in n.intro:
            self._paragraph(para)
        for label, level, section in n.numbered():
            title = section.title.strip()
            if level == 1:
                title = title.upper()
            text = f"{label} {title}" if label else title
            self._p({1: "h1", 2: "h2"}.get(level, "h3"), text)
            for para in section.paragraphs:
                self._paragraph(para)
        for para in n.closing:
            self._paragraph(para)

    def _paragraph(self, para: Paragraph) -> None:
        p = self._add(_para(self.body, self.s["body"]))
        if para.style is ParagraphStyle.DASH:
            _run(p, "- ")
        for run in para.runs:
            if run.footnote_id is None:
                if run.text:
                    _run(p, run.text, bold=run.bold, italic=run.italic)
                continue
            note: Footnote | None = self.note_for.get(run.footnote_id)
            if note is None or run.footnote_id in self.noted:
                continue  # a dangling or repeated reference: the consistency checks report it
            self.noted.add(run.footnote_id)
            note_id = self.notes.add(_clean(note.text))
            p.append(self.notes.reference_run(note_id))

    # -- signature and recipients -----------------------------------------------------------------
    def _signature_block(self) -> None:
        r = self.report
        left_w = round(self.text_w * 0.45)
        widths = [left_w, self.text_w - left_w]
        tbl = self._add(_table(self.body, None, widths, borders=False))
        left: list[tuple[str, str, _Para | None, bool, bool]] = []
        if r.recipients:
            left.append((self.s["recipients_heading"], "Nơi nhận:", None, False, False))
            for entry in r.recipients:
                text = entry.strip()
                text = text[1:].lstrip() if text.startswith(("-", "–")) else text
                left.append((self.s["recipients_entry"], f"- {text}", None, False, False))
        right: list[tuple[str, str, _Para | None, bool, bool]] = []
        for line in (r.signer.authority, r.signer.title):
            if line.strip():
                right.append((self.s["signer"], line.strip().upper(), None, False, False))
        right.append((self.s["signer_name"], r.signer.name.strip(), None, False, False))
        _row(tbl, widths, [_Cell(left), _Cell(right)])

    # -- sections ---------------------------------------------------------------------------------
    def _section_break(self, sectpr: _E) -> None:
        p = self._add(_para(self.body, self.s["body"]))
        ppr = p.find(_W + "pPr")
        # A tiny paragraph mark, so the break after the signature table never adds a page.
        rpr = _sub(ppr, "rPr")
        _sub(rpr, "sz", val="2")
        _sub(rpr, "szCs", val="2")
        ppr.append(sectpr)

    def _appendix_section(self, sectpr: _E, *, landscape: bool) -> None:
        section = DocxSection(sectpr, self.doc.part)
        if landscape:
            section.orientation = WD_ORIENTATION.LANDSCAPE
            section.page_width = section.page_height
            section.page_height = Twips(self.page_w)
        pg = sectpr.find(_W + "pgNumType")
        if pg is None:
            pg = etree.Element(_W + "pgNumType")
            sectpr.insert_element_before(
                pg,
                *(f"w:{t}" for t in ("cols", "formProt", "vAlign", "noEndnote", "titlePg")),
                *(f"w:{t}" for t in ("textDirection", "bidi", "rtlGutter", "docGrid")),
                "w:printerSettings",
                "w:sectPrChange",
            )
        pg.set(_W + "start", "1")  # each appendix is numbered on its own

    # -- appendices -------------------------------------------------------------------------------
    def _appendix_heading(self, roman: str, kind: str, *, landscape: bool = False) -> None:
        layout = self.layout
        self._p("appendix_heading", _fill(layout.appendix_heading, self.report, roman=roman))
        # The decree sets appendix titles in capitals, whatever case the template wrote them in.
        title = _fill(layout.appendix_titles[kind], self.report, roman=roman).upper()
        width = self.text_w_landscape if landscape else self.text_w
        self._p("appendix_title", _balanced_lines(title, _TITLE_PT, width, bold=True))
        self._p("appendix_reference", self.report.appendix_reference())

    def _heading_cells(self, labels: Iterable[str]) -> list[_Cell]:
        return [
            _Cell([(self.s["table_heading"], label, None, False, False)], valign="center")
            for label in labels
        ]

    def _cell(self, text: str, *, center: bool = False, bold: bool = False) -> _Cell:
        fmt = _CENTER if center else None
        return _Cell(
            [(self.s["table_text"], text, fmt, bold, False)], valign="center" if center else None
        )

    def _appendix_i(self, roman: str) -> None:
        self._appendix_heading(roman, "i")
        rows = self.report.propaganda
        widths = _cm_widths((1.2, 7.3, 2.5, 2.0, 3.5), self.text_w)
        widths = _widen(widths, {2: _unit_min_width([r.unit for r in rows])}, donor=1)
        tbl = self._add(_table(self.body, self.s["table_grid"], widths))
        heads = ("TT", "Chỉ tiêu", "Đơn vị tính", "Số lượng", "Ghi chú")
        _row(tbl, widths, self._heading_cells(heads), header=True)
        unit_w = widths[2] - 2 * _CELL_MARGIN
        row: PropagandaRow
        for row in rows:
            _row(
                tbl,
                widths,
                [
                    self._cell(row.number, center=True),
                    self._cell(row.label),
                    self._cell(_unit_text(row.unit, unit_w), center=True),
                    self._cell(self._count(row.quantity), center=True),
                    self._cell(row.note),
                ],
            )

    def _appendix_ii(self, roman: str) -> None:
        r = self.report
        self._appendix_heading(roman, "ii", landscape=True)
        widths = _cm_widths((1.0, 9.6, 6.6, 2.6, 5.4), self.text_w_landscape)
        tbl = self._add(_table(self.body, self.s["table_grid"], widths))
        heads = (
            "TT",
            "Các tồn tại, hạn chế trong công tác CCHC, các tiêu chí bị trừ điểm",
            "Giải pháp khắc phục cụ thể",
            "Thời gian hoàn thành",
            "Tiến độ thực hiện",
        )
        _row(tbl, widths, self._heading_cells(heads), header=True)
        item: RemediationItem
        for item in r.remediation:
            tr = _row(
                tbl,
                widths,
                [
                    self._cell(item.number, center=True),
                    _Cell([]),
                    self._list_cell(item.remedies),
                    self._list_cell(item.deadlines, justify=False),
                    self._list_cell(item.progress, justify=False),
                ],
            )
            self._criterion_cell(tr.findall(_W + "tc")[1], item)

    def _criterion_cell(self, tc: _E, item: RemediationItem) -> None:
        for p in tc.findall(_W + "p"):
            tc.remove(p)
        p = _para(tc, self.s["table_text"], _JUSTIFY)
        _run(p, item.criterion.strip(), bold=True)
        assessment = item.assessment.strip()
        if not assessment and item.score_got is not None and item.score_max is not None:
            got, top = format_number(item.score_got), format_number(item.score_max)
            assessment = f"Đoàn thẩm định đánh giá đạt {got}/{top} điểm."
        if assessment:
            _run(p, " " + assessment)
        for finding in item.findings:
            _text_para(tc, self.s["table_text"], _dashed(finding), _JUSTIFY)

    def _list_cell(
        self, items: Sequence[str], *, center: bool = False, justify: bool = True
    ) -> _Cell:
        # Justified text in a narrow column leaves rivers of space: only wide columns justify.
        fmt = _CENTER if center else (_JUSTIFY if justify else None)
        many = len(items) > 1
        return _Cell(
            [
                (self.s["table_text"], _dashed(t) if many else t.strip(), fmt, False, False)
                for t in items
            ]
            or [(self.s["table_text"], "", None, False, False)],
            valign="center" if center else None,
        )

    def _appendix_iii(self, roman: str) -> None:
        r = self.report
        self._appendix_heading(roman, "iii")
        indicators = self.catalog.enabled(r.optional_groups)
        stt_of = _stt_labels(indicators)
        stt_min = max(
            (text_width_twips(stt_of[i.code], _TABLE_PT, bold=_bold_row(i)) for i in indicators),
            default=0,
        )
        widths = _cm_widths((1.9, 6.8, 2.7, 2.1, 3.0), self.text_w)
        widths = _widen(
            widths,
            {
                0: stt_min + 2 * _CELL_MARGIN + _SLACK,
                2: _unit_min_width([_printed_unit(i) for i in indicators]),
            },
            donor=1,
        )
        unit_w = widths[2] - 2 * _CELL_MARGIN
        tbl = self._add(_table(self.body, self.s["table_grid"], widths))
        th = self.s["table_heading"]
        label_cell = _Cell(
            [
                (th, "Chỉ tiêu thống kê", None, False, False),
                (th, "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", None, False, True),
            ],
            vmerge="restart",
            valign="center",
        )
        first = [
            _Cell([(th, "STT", None, False, False)], vmerge="restart", valign="center"),
            label_cell,
            _Cell([(th, "Kết quả thống kê", None, False, False)], span=2, valign="center"),
            _Cell([(th, "Ghi chú", None, False, False)], vmerge="restart", valign="center"),
        ]
        second = [
            _Cell([(th, "", None, False, False)], vmerge="continue"),
            _Cell([(th, "", None, False, False)], vmerge="continue"),
            _Cell([(th, "Đơn vị tính", None, False, False)], valign="center"),
            _Cell([(th, "Số liệu", None, False, False)], valign="center"),
            _Cell([(th, "", None, False, False)], vmerge="continue"),
        ]
        # LibreOffice sizes a repeated vertically merged cell from its rows alone and would clip
        # the three heading lines of "Chỉ tiêu thống kê": give the two rows that height.
        _row(tbl, widths, first, header=True, min_height=460)
        _row(tbl, widths, second, header=True, min_height=460)
        # The second heading line of "Chỉ tiêu thống kê" is italic but not bold.
        italic_p = tbl.findall(_W + "tr")[0].findall(_W + "tc")[1].findall(_W + "p")[1]
        for rpr in italic_p.iter(_W + "rPr"):
            rpr.insert(0, etree.Element(_W + "b", {_W + "val": "0"}))
            rpr.insert(1, etree.Element(_W + "bCs", {_W + "val": "0"}))
        tt = self.s["table_text"]
        indent = _Para(left=TWIPS_PER_CM // 2)
        for ind in indicators:
            bold = _bold_row(ind)
            stt = stt_of[ind.code]
            iv = r.values.get(ind.code)
            raw = iv.value if iv is not None else None
            if ind.kind is IndicatorKind.COUNT and not isinstance(raw, str):
                value = self._count(raw)
            else:
                value = ind.format_value(raw)
            note = iv.note if iv is not None else ""
            _row(
                tbl,
                widths,
                [
                    _Cell([(tt, stt, _CENTER, bold, False)], valign="center"),
                    _Cell(
                        [(tt, ind.label, indent if ind.breakdown else None, bold, False)],
                        valign="center",
                    ),
                    _Cell(
                        [(tt, _unit_text(_printed_unit(ind), unit_w), _CENTER, False, False)],
                        valign="center",
                    ),
                    _Cell([(tt, value, _CENTER, False, False)], valign="center"),
                    _Cell([(tt, note, None, False, False)], valign="center"),
                ],
            )

    def _count(self, value: Decimal | None) -> str:
        """A count as printed: "1.088", "0", and "01".."09" when the template asks (seed 004)."""
        if (
            value is not None
            and self.layout.count_leading_zero
            and value == value.to_integral_value()
            and 1 <= value <= 9
        ):
            return f"0{int(value)}"
        return format_number(value)

    # -- package properties ------------------------------------------------------------------------
    def _properties(self) -> None:
        props = self.doc.core_properties
        r = self.report
        title = r.subject.strip() or r.period.default_subject()
        props.title = _property(f"{DRAFT_MARK} - {title}" if self.draft else title)
        props.author = _property(r.unit.name)
        props.subject = "Báo cáo cải cách hành chính"
        props.comments = ""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        props.created = now
        props.modified = now
        props.last_modified_by = "CCHC Desktop"
        props.revision = 1


_TABLE_PT = 12  # the Table Text size of templates_docx/base.docx, for sizing columns
_SLACK = 60  # twips: metrics differ a little between Times New Roman and its substitutes
_UNIT_KEEP_MAX = round(2.7 * TWIPS_PER_CM)  # longer unit phrases may wrap inside themselves
_CHOICE = re.compile(r"(=\s*\d+)\s+(?=\S)")
_CHOICE_CODE = re.compile(r"\s*=\s*(\d+)$")


def _bold_row(ind: Indicator) -> bool:
    return ind.kind is IndicatorKind.GROUP or ind.level == 0


def _printed_unit(ind: Indicator) -> str:
    """The "Đơn vị tính" cell. A choice row shows the catalog's codes, which are the ones its
    figure uses: the printed form gives some choices the same code ("Đã thực hiện = 0 Chưa thực
    hiện = 0"), which the catalog corrects (its note says how)."""
    if ind.kind is IndicatorKind.CHOICE and ind.choices:
        return " ".join(f"{c.label} = {c.code}" for c in ind.choices)
    return ind.unit


def _stt_labels(indicators: Sequence[Indicator]) -> dict[str, str]:
    """The STT cell of each row: clean code with a dot; "Trong đó" on a breakdown's first row."""
    out: dict[str, str] = {}
    seen: set[str | None] = set()
    for ind in indicators:
        if ind.breakdown:
            out[ind.code] = "" if ind.parent in seen else "Trong đó"
            seen.add(ind.parent)
        else:
            out[ind.code] = f"{ind.code}."
    return out


def _unit_phrases(unit: str) -> list[list[str]]:
    """A unit cell as lines of phrases: one line per choice code ("Không = 0" / "Có = 1"), and
    within a line the comma-separated phrases ("Cơ quan", "đơn vị")."""
    text = " ".join(unit.split())
    return [line.split(", ") for line in _CHOICE.sub(r"\1\n", text).split("\n")]


def _unit_min_width(units: Iterable[str]) -> int:
    """The unit column's width so that no short phrase of a unit has to break inside."""
    phrases = [
        text_width_twips(ph, _TABLE_PT)
        for unit in units
        for line in _unit_phrases(unit)
        for ph in line
    ]
    fitting = [w for w in phrases if w <= _UNIT_KEEP_MAX]
    return max(fitting, default=0) + 2 * _CELL_MARGIN + _SLACK


def _unit_text(unit: str, inner_width: int) -> str:
    """The unit as printed: choice codes on their own lines, and each phrase that fits the column
    kept on one line (non-breaking spaces), so "Cơ quan, đơn vị" breaks after the comma."""
    lines = []
    for phrases in _unit_phrases(unit):
        # "= 0" never starts a line of its own: glue it to the choice's last word.
        line = [_CHOICE_CODE.sub("\u00a0=\u00a0\\1", ph) for ph in phrases]
        if text_width_twips(", ".join(line), _TABLE_PT) + _SLACK <= inner_width:
            lines.append(", ".join(line))  # fits as it is: plain spaces, easy to search
            continue
        kept = [
            ph.replace(" ", "\u00a0")
            if text_width_twips(ph, _TABLE_PT) + _SLACK <= inner_width
            else ph
            for ph in line
        ]
        lines.append(", ".join(kept))
    return "\n".join(lines)


def _widen(widths: Sequence[int], minima: Mapping[int, int], *, donor: int) -> list[int]:
    """Widen columns to their minimum, taking the room from the `donor` column (the wide text
    column), which never drops below half its width."""
    out = list(widths)
    floor = out[donor] // 2
    for col, least in minima.items():
        extra = min(max(0, least - out[col]), out[donor] - floor)
        out[col] += extra
        out[donor] -= extra
    return out


_TITLE_PT = 14  # the Appendix Title size of templates_docx/base.docx


def _balanced_lines(text: str, size_pt: float, width: int, *, bold: bool = False) -> str:
    """A centred title that needs several lines, broken into lines of even length (explicit
    breaks), so that no lone word ends it. A line is kept 8 % short of the width, because the
    widths are estimates."""
    words = text.split()
    room = width * 0.92
    if len(words) < 2 or text_width_twips(text, size_pt, bold=bold) <= room:
        return text
    space = text_width_twips(" ", size_pt, bold=bold)
    sizes = [text_width_twips(w, size_pt, bold=bold) for w in words]

    def fill(limit: float) -> list[list[str]]:
        lines: list[list[str]] = [[]]
        used = 0.0
        for word, size in zip(words, sizes, strict=True):
            if lines[-1] and used + space + size > limit:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0) + size
            lines[-1].append(word)
        return lines

    count = len(fill(room))
    low, high = float(max(sizes)), room
    while high - low > 20:  # the narrowest limit that still needs no more lines
        mid = (low + high) / 2
        if len(fill(mid)) <= count:
            high = mid
        else:
            low = mid
    return "\n".join(" ".join(line) for line in fill(high))


def _dashed(text: str) -> str:
    text = text.strip()
    if text.startswith(("- ", "-\u00a0", "– ")):
        return "- " + text[2:].lstrip()
    return f"- {text}"


def _cm_widths(cms: Sequence[float], total: int) -> list[int]:
    """Column widths in twips: the proportions of `cms` scaled to the text width."""
    whole = sum(cms)
    widths = [round(total * c / whole) for c in cms]
    widths[-1] = total - sum(widths[:-1])
    return widths


def _field(p: _E, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES...) whose result Word and LibreOffice compute when shown."""
    _sub(_sub(p, "r"), "fldChar", fldCharType="begin")
    instr = _sub(_sub(p, "r"), "instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    _sub(_sub(p, "r"), "fldChar", fldCharType="separate")
    _sub(_sub(p, "r"), "t").text = placeholder
    _sub(_sub(p, "r"), "fldChar", fldCharType="end")


def _resolve_styles(doc: DocxDocument) -> dict[str, str]:
    """Style ids by role, found by style name (Word localises ids, never the built-in names)."""
    by_name: dict[str, str] = {}
    for style in doc.styles.element.iterchildren(_W + "style"):
        name = style.find(_W + "name")
        sid = style.get(_W + "styleId")
        if name is not None and sid:
            by_name.setdefault(str(name.get(_W + "val", "")).casefold(), sid)
    out: dict[str, str] = {}
    missing: list[str] = []
    for role, name in STYLE_NAMES.items():
        sid = by_name.get(name.casefold())
        if sid is None:
            missing.append(name)
        else:
            out[role] = sid
    if missing:
        raise FileProblemError(
            "Mẫu Word thiếu các kiểu (style) mà bản xuất cần: "
            + ", ".join(f"“{m}”" for m in missing)
            + ". Hãy dùng mẫu templates_docx/base.docx làm gốc."
        )
    return out


def default_template() -> Path:
    try:
        return asset_path("templates_docx", "base.docx")
    except FileNotFoundError as exc:
        raise FileProblemError(str(exc)) from exc


def open_template(template: Path | None) -> DocxDocument:
    path = template if template is not None else default_template()
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblemError(
            f"Không mở được mẫu Word “{path.name}”: tệp không tồn tại hoặc không phải tệp .docx"
            f" hợp lệ ({exc})."
        ) from exc


def build_report_docx(
    report: Report,
    catalog: Catalog,
    *,
    draft: bool = False,
    template: Path | None = None,
    layout: DocxLayout | None = None,
) -> bytes:
    """The report as the bytes of a .docx file."""
    doc = open_template(template)
    _Writer(doc, report, catalog, draft, layout or default_layout()).write()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_report_docx(
    report: Report,
    catalog: Catalog,
    path: Path,
    *,
    draft: bool = False,
    template: Path | None = None,
    layout: DocxLayout | None = None,
) -> None:
    """Export `report` to `path` atomically: the old file stays intact if anything goes wrong."""
    data = build_report_docx(report, catalog, draft=draft, template=template, layout=layout)
    atomic_write_bytes(path, data)


__all__ = [
    "DRAFT_MARK",
    "STYLE_NAMES",
    "DocxLayout",
    "build_report_docx",
    "default_layout",
    "layout_from_template",
    "text_width_twips",
    "write_report_docx",
]
