"""Reading a Word report (.docx) into the neutral picture domain/word_import.py recognises.

The file is untrusted (last year's report from a colleague's USB stick): it passes the same
byte-level checks as an Excel import (size, zip bombs, XML entities; export/xlsx_safety.py) before
python-docx sees it, and the footnotes part is parsed with entities and network off. Text typed in
the old TCVN3 / VNI fonts is turned into Unicode here, where the font of each run is known.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from lxml.etree import _Element as E

from ..domain.legacy_fonts import (
    LegacyEncoding,
    encoding_of_font,
    guess_encoding,
    is_capitals_font,
    to_unicode,
)
from ..domain.vn import nfc
from ..domain.word_import import WordDocument, WordParagraph, WordRun, WordTable
from ..errors import FileProblemError
from .xlsx_safety import DOCX, read_file_checked

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_OFF = {"0", "false", "off", "none"}
# Containers whose runs are the paragraph's text (links, tracked insertions, content controls,
# simple fields); deleted text (w:del) and the properties are not text.
_RUN_CONTAINERS = {
    W + t for t in ("hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml")
}
_MAX_BLOCKS = 50_000  # a report has a few hundred paragraphs and rows


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    font: str | None = None


@dataclass
class _Reader:
    styles: dict[str, _Style]
    default_font: str | None
    footnotes: dict[str, E] = field(default_factory=dict)
    converted: int = 0
    encodings: set[str] = field(default_factory=set)
    blocks: int = 0

    # -- styles ----------------------------------------------------------------------------
    def _inherit(self, style_id: str | None, attr: str) -> Any:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            st = self.styles.get(style_id)
            if st is None:
                return None
            value = getattr(st, attr)
            if value is not None:
                return value
            style_id = st.based_on
        return None

    # -- body ------------------------------------------------------------------------------
    def body(self, element: E) -> list[WordParagraph | WordTable]:
        out: list[WordParagraph | WordTable] = []
        for child in element:
            self.blocks += 1
            if self.blocks > _MAX_BLOCKS:
                raise FileProblemError(
                    "Văn bản có quá nhiều đoạn, bảng (hơn 50.000): không phải một báo cáo CCHC."
                )
            if child.tag == W + "p":
                out.append(self.paragraph(child))
            elif child.tag == W + "tbl":
                out.append(self.table(child))
            elif child.tag in (W + "sdt", W + "customXml"):
                content = child.find(W + "sdtContent")
                out.extend(self.body(content if content is not None else child))
        return out

    def table(self, tbl: E) -> WordTable:
        rows = []
        for tr in tbl.iter(W + "tr"):
            if tr.getparent() is not tbl:
                continue  # a nested table's rows are read with their cell
            cells = []
            for tc in tr.findall(W + "tc"):
                paras = [self.paragraph(p) for p in tc.iter(W + "p")]
                cells.append(paras)
            rows.append(cells)
        return WordTable(rows)

    def paragraph(self, p: E) -> WordParagraph:
        ppr = p.find(W + "pPr")
        style_id = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            if ps is not None:
                style_id = ps.get(W + "val")
        style = self.styles.get(style_id or "")
        runs: list[tuple[WordRun, str | None]] = []
        for r in self._runs(p):
            runs.extend(self._run(r, style_id))
        legacy = [(run, font) for run, font in runs if encoding_of_font(font) is not None]
        converted = False
        for run, font in legacy:
            enc = encoding_of_font(font)
            assert enc is not None
            run.text = to_unicode(run.text, enc, capitals=is_capitals_font(font))
            self.encodings.add(enc.value)
            converted = True
        if not converted:
            text = "".join(run.text for run, _ in runs)
            enc2: LegacyEncoding | None = guess_encoding(text)
            if enc2 is not None:
                for run, _ in runs:
                    run.text = to_unicode(run.text, enc2)
                self.encodings.add(enc2.value)
                converted = True
        if converted:
            self.converted += 1
        for run, _ in runs:
            run.text = nfc(run.text)
        return WordParagraph([run for run, _ in runs], style.name if style else "")

    def _runs(self, element: E) -> list[E]:
        out: list[E] = []
        for child in element:
            if child.tag == W + "r":
                out.append(child)
            elif child.tag in _RUN_CONTAINERS:
                out.extend(self._runs(child))
        return out

    def _run(self, r: E, style_id: str | None) -> list[tuple[WordRun, str | None]]:
        rpr = r.find(W + "rPr")
        bold = self._flag(rpr, "b", style_id, "bold")
        italic = self._flag(rpr, "i", style_id, "italic")
        font = None
        if rpr is not None:
            fonts = rpr.find(W + "rFonts")
            if fonts is not None:
                font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
        if font is None:
            font = self._inherit(style_id, "font") or self.default_font
        out: list[tuple[WordRun, str | None]] = []
        current = WordRun("", bold, italic)
        for child in r:
            tag = child.tag
            if tag == W + "t":
                current.text += child.text or ""
            elif tag == W + "tab":
                current.text += "\t"
            elif tag in (W + "br", W + "cr"):
                current.text += "\n"
            elif tag == W + "noBreakHyphen":
                current.text += "-"
            elif tag == W + "footnoteReference":
                if current.text:
                    out.append((current, font))
                    current = WordRun("", bold, italic)
                note = self.footnotes.get(child.get(W + "id") or "")
                if note is not None:
                    out.append((WordRun("", footnote=self.note_text(note)), None))
        if current.text:
            out.append((current, font))
        return out

    def _flag(self, rpr: E | None, tag: str, style_id: str | None, attr: str) -> bool:
        if rpr is not None:
            el = rpr.find(W + tag)
            if el is not None:
                return (el.get(W + "val") or "true").lower() not in _OFF
        return bool(self._inherit(style_id, attr))

    def note_text(self, note: E) -> str:
        parts = []
        for p in note.iter(W + "p"):
            para = self.paragraph(p)
            parts.append(para.text)
        return " ".join(x.strip() for x in parts if x.strip())


def _styles(doc: Any) -> tuple[dict[str, _Style], str | None]:
    root = doc.styles.element
    out: dict[str, _Style] = {}
    for st in root.iterchildren(W + "style"):
        sid = st.get(W + "styleId")
        if not sid:
            continue
        name = st.find(W + "name")
        based = st.find(W + "basedOn")
        info = _Style(
            name=(name.get(W + "val") or "") if name is not None else "",
            based_on=based.get(W + "val") if based is not None else None,
        )
        rpr = st.find(W + "rPr")
        if rpr is not None:
            for tag, attr in (("b", "bold"), ("i", "italic")):
                el = rpr.find(W + tag)
                if el is not None:
                    setattr(info, attr, (el.get(W + "val") or "true").lower() not in _OFF)
            fonts = rpr.find(W + "rFonts")
            if fonts is not None:
                info.font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
        out[sid] = info
    default_font = None
    fonts = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    if fonts is not None:
        default_font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
    return out, default_font


def _footnotes(doc: Any, name: str) -> dict[str, E]:
    for rel in doc.part.rels.values():
        if rel.reltype != _FOOTNOTES_REL or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, _safe_parser())
        except etree.XMLSyntaxError:
            raise FileProblemError(
                f"Phần chú thích (footnotes) của tệp “{name}” bị hỏng, không đọc được."
            ) from None
        return {
            str(n.get(W + "id")): n
            for n in root.iter(W + "footnote")
            if n.get(W + "type") not in ("separator", "continuationSeparator", "continuationNotice")
        }
    return {}


def read_word_report(path: Path) -> WordDocument:
    """The document's paragraphs, tables and footnotes, checked and converted to Unicode."""
    data = read_file_checked(path, DOCX)
    name = path.name
    try:
        from docx import Document

        doc = Document(io.BytesIO(data))
        styles, default_font = _styles(doc)
        reader = _Reader(styles, default_font)
        reader.footnotes = _footnotes(doc, name)
        blocks = reader.body(doc.element.body)
    except FileProblemError:
        raise
    except Exception as exc:  # untrusted input: any parser failure is "this file is broken"
        raise FileProblemError(
            f"Tệp “{name}” bị hỏng, không đọc được nội dung văn bản ({type(exc).__name__}). "
            "Hãy mở tệp trong Word, lưu lại dưới dạng .docx rồi nhập lại."
        ) from None
    return WordDocument(blocks, reader.converted, reader.encodings)
