"""WordprocessingML building blocks: runs, paragraphs, tables, fields, as lxml elements.

Built directly rather than through python-docx's object API: several times faster for a hundred-row
table, and full control of table properties (repeated header rows, rows that never split).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element as E

from ...domain.vn import nfc

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def sub(parent: E, tag: str, **attrs: str) -> E:
    return etree.SubElement(parent, W + tag, {W + k: v for k, v in attrs.items()})


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # surrogates (category Cs), U+FFFE/U+FFFF


def clean(text: str) -> str:
    """NFC and nothing XML cannot hold (lxml refuses surrogates and U+FFFE/U+FFFF)."""
    return _NOT_XML.sub("", nfc(text))


def _add_text(run: E, text: str) -> None:
    for i, line in enumerate(text.split("\n")):
        if i:
            sub(run, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                sub(run, "tab")
            if piece:
                t = sub(run, "t")
                t.set(XML_SPACE, "preserve")
                t.text = piece


def run(p: E, text: str, *, bold: bool = False, italic: bool = False) -> E:
    r = sub(p, "r")
    if bold or italic:
        rpr = sub(r, "rPr")
        if bold:
            sub(rpr, "b")
            sub(rpr, "bCs")
        if italic:
            sub(rpr, "i")
            sub(rpr, "iCs")
    _add_text(r, clean(text))
    return r


@dataclass(frozen=True)
class Para:
    """Paragraph properties the export sets on top of a style."""

    align: str | None = None
    left: int | None = None  # twips
    right: int | None = None
    first_line: int | None = None
    keep_next: bool = False


CENTER = Para(align="center")
JUSTIFY = Para(align="both")


def para(parent: E, style_id: str, fmt: Para | None = None) -> E:
    p = sub(parent, "p")
    ppr = sub(p, "pPr")
    sub(ppr, "pStyle", val=style_id)
    if fmt is not None:
        if fmt.keep_next:
            sub(ppr, "keepNext")
        if fmt.left is not None or fmt.right is not None or fmt.first_line is not None:
            ind = sub(ppr, "ind")
            if fmt.left is not None:
                ind.set(W + "left", str(fmt.left))
            if fmt.right is not None:
                ind.set(W + "right", str(fmt.right))
            if fmt.first_line is not None:
                ind.set(W + "firstLine", str(fmt.first_line))
        if fmt.align is not None:
            sub(ppr, "jc", val=fmt.align)
    return p


def text_para(
    parent: E,
    style_id: str,
    text: str,
    fmt: Para | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
) -> E:
    p = para(parent, style_id, fmt)
    if text:
        run(p, text, bold=bold, italic=italic)
    return p


# A cell paragraph: style id, text, format, bold, italic.
CellPara = tuple[str, str, Para | None, bool, bool]


@dataclass
class Cell:
    """A table cell to write: its paragraphs, span, merge and alignment."""

    paragraphs: list[CellPara]
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue"
    valign: str | None = None


def table(
    parent: E,
    style_id: str | None,
    widths: Sequence[int],
    *,
    borders: bool = True,
    indent: int | None = None,
) -> E:
    tbl = sub(parent, "tbl")
    pr = sub(tbl, "tblPr")
    if style_id:
        sub(pr, "tblStyle", val=style_id)
    sub(pr, "tblW", w=str(sum(widths)), type="dxa")
    if indent is not None:
        sub(pr, "tblInd", w=str(indent), type="dxa")
    b = sub(pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            sub(b, side, val="single", sz="4", space="0", color="000000")
        else:
            sub(b, side, val="nil")
    sub(pr, "tblLayout", type="fixed")
    sub(pr, "tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
        noHBand="1", noVBand="1")  # fmt: skip
    grid = sub(tbl, "tblGrid")
    for w in widths:
        sub(grid, "gridCol", w=str(w))
    return tbl


def row(
    tbl: E,
    widths: Sequence[int],
    cells: Sequence[Cell],
    *,
    header: bool = False,
    min_height: int | None = None,
    cant_split: bool = True,
) -> E:
    tr = sub(tbl, "tr")
    trpr = sub(tr, "trPr")
    if cant_split:
        sub(trpr, "cantSplit")  # a row never breaks across pages
    if min_height is not None:
        sub(trpr, "trHeight", val=str(min_height), hRule="atLeast")
    if header:
        sub(trpr, "tblHeader")  # repeated at the top of every page
    col = 0
    for cell in cells:
        tc = sub(tr, "tc")
        tcpr = sub(tc, "tcPr")
        sub(tcpr, "tcW", w=str(sum(widths[col : col + cell.span])), type="dxa")
        if cell.span > 1:
            sub(tcpr, "gridSpan", val=str(cell.span))
        if cell.vmerge == "restart":
            sub(tcpr, "vMerge", val="restart")
        elif cell.vmerge == "continue":
            sub(tcpr, "vMerge")
        if cell.valign:
            sub(tcpr, "vAlign", val=cell.valign)
        col += cell.span
        for style_id, text, fmt, bold, italic in cell.paragraphs:
            text_para(tc, style_id, text, fmt, bold=bold, italic=italic)
        if not cell.paragraphs:
            para(tc, "TableText")  # Word requires a paragraph in every cell
    return tr


def keep_with_next(element: E) -> None:
    """Keep a paragraph, or every paragraph of a table row, on the page of what follows it (a
    row whose paragraphs all keep with the next stays with the next row, in Word and LibreOffice)."""
    paragraphs = [element] if element.tag == W + "p" else list(element.iter(W + "p"))
    for p in paragraphs:
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = etree.Element(W + "pPr")
            p.insert(0, ppr)
        if ppr.find(W + "keepNext") is None:
            keep = etree.Element(W + "keepNext")
            style = ppr.find(W + "pStyle")
            # pStyle comes first in pPr, keepNext right after it
            ppr.insert(0 if style is None else 1, keep)


def release_keep_with_next(p: E) -> None:
    """Turn off a keep-with-next the paragraph's style sets (headings keep with the next)."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        p.insert(0, ppr)
    for old in ppr.findall(W + "keepNext"):
        ppr.remove(old)
    keep = etree.Element(W + "keepNext")
    keep.set(W + "val", "0")
    style = ppr.find(W + "pStyle")
    ppr.insert(0 if style is None else 1, keep)


def field(p: E, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES...) whose result Word and LibreOffice compute when shown."""
    sub(sub(p, "r"), "fldChar", fldCharType="begin")
    instr = sub(sub(p, "r"), "instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    sub(sub(p, "r"), "fldChar", fldCharType="separate")
    sub(sub(p, "r"), "t").text = placeholder
    sub(sub(p, "r"), "fldChar", fldCharType="end")
