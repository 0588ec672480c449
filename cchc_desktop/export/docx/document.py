"""The whole document: the order of its parts, page headers (number, draft mark), the sections that
turn the appendices landscape and number them on their own, and the package properties."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

from docx.enum.section import WD_ORIENTATION
from docx.section import Section as DocxSection
from docx.shared import Twips
from lxml import etree
from lxml.etree import _Element as E

from ...atomic import atomic_write_bytes
from ...domain.appendix_tables import printed_appendices
from ...domain.catalog import Catalog
from ...domain.report import ROMAN, Report
from .appendices import appendix_i, appendix_ii, appendix_iii
from .body import header_block, narrative
from .catalog_part import attach_catalog
from .context import DocContext
from .layout import DocxLayout, default_layout, open_template
from .ooxml import CENTER, W, clean, field, para, sub, text_para
from .signature import write_signature

DRAFT_MARK = "DỰ THẢO"
# En spaces pad the box that the Draft Mark style draws round the text (LibreOffice draws a
# stray extra edge round a no-break space inside a table cell).
_DRAFT_TEXT = f"\u2002{DRAFT_MARK}\u2002"
CORE_PROPERTY_MAX = 255  # characters: the OPC core properties refuse longer text


def write(ctx: DocContext) -> None:
    _clear_body(ctx)
    _page_headers(ctx)
    pristine = copy.deepcopy(ctx.final_sectpr)
    header_block(ctx)
    narrative(ctx)
    write_signature(ctx)
    r = ctx.report
    form = [i.code for i in ctx.catalog.enabled(r.optional_groups) if i.has_value]
    present = printed_appendices(r, form)  # an appendix with nothing entered is left out
    appendices = [
        (builder, landscape)
        for kind, builder, landscape in (
            ("i", appendix_i, False),
            ("ii", appendix_ii, True),
            ("iii", appendix_iii, False),
        )
        if kind in present
    ]  # numbered I, II, III in the order they are present
    _no_stretched_breaks(ctx)
    _properties(ctx)
    attach_catalog(ctx.doc, r, ctx.catalog)  # so that import-catalog reads the catalog back exactly
    if not appendices:
        return  # the narrative's section is the document's last: no appendix page at all
    # A section's properties close it: the narrative's own, then one per appendix, the last
    # appendix using the body's final sectPr.
    _section_break(ctx, copy.deepcopy(pristine))
    for i, (builder, landscape) in enumerate(appendices):
        builder(ctx, ROMAN[i])
        if i < len(appendices) - 1:
            sect = copy.deepcopy(pristine)
            _appendix_section(ctx, sect, landscape=landscape)
            _section_break(ctx, sect)
        else:
            _appendix_section(ctx, ctx.final_sectpr, landscape=landscape)


# Children of w:compat that come before doNotExpandShiftReturn in the schema's order.
_COMPAT_BEFORE = {
    W + t
    for t in (
        "useSingleBorderforContiguousCells",
        "wpJustification",
        "noTabHangInd",
        "noLeading",
        "spaceForUL",
        "noColumnBalance",
        "balanceSingleByteDoubleByteWidth",
        "noExtraLineSpacing",
        "doNotLeaveBackslashAlone",
        "ulTrailSpace",
    )
}


def _no_stretched_breaks(ctx: DocContext) -> None:
    """A justified line ending in a manual line break is set like a last line, not stretched
    across the page (Word's and LibreOffice's doNotExpandShiftReturn)."""
    settings = ctx.doc.settings.element
    compat = settings.find(W + "compat")
    if compat is None:
        compat = etree.SubElement(settings, W + "compat")
    if compat.find(W + "doNotExpandShiftReturn") is not None:
        return
    at = 0
    while at < len(compat) and compat[at].tag in _COMPAT_BEFORE:
        at += 1
    compat.insert(at, etree.Element(W + "doNotExpandShiftReturn"))


def _clear_body(ctx: DocContext) -> None:
    for child in list(ctx.body):
        if child is not ctx.final_sectpr:
            ctx.body.remove(child)


# -- page numbers and draft mark ------------------------------------------------------------------
def _page_headers(ctx: DocContext) -> None:
    section = ctx.doc.sections[0]
    section.different_first_page_header_footer = True  # no number on page 1 (the decree)
    header = section.header
    header.is_linked_to_previous = False
    hdr = header._element
    for child in list(hdr):
        hdr.remove(child)
    if ctx.draft:
        _draft_page_header(ctx, hdr)
    else:
        p = para(hdr, ctx.s["header"], CENTER)
        field(p, "PAGE", "2")
    first = section.first_page_header
    first.is_linked_to_previous = False
    fhdr = first._element
    for child in list(fhdr):
        fhdr.remove(child)
    if ctx.draft:
        text_para(fhdr, ctx.s["draft_mark"], _DRAFT_TEXT)
    else:
        para(fhdr, ctx.s["header"])


def _draft_page_header(ctx: DocContext, hdr: E) -> None:
    """Page number centred and the boxed "DỰ THẢO" at the right, on one line of every page.

    A borderless table whose columns are percentages of the text width keeps the number
    centred and the mark at the right margin in portrait and landscape sections alike, in
    Word and LibreOffice (a second paragraph would push the body down; a frame would shift
    the centred number).
    """
    tbl = sub(hdr, "tbl")
    pr = sub(tbl, "tblPr")
    sub(pr, "tblW", w="5000", type="pct")
    b = sub(pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(b, side, val="nil")
    sub(pr, "tblLayout", type="fixed")
    mar = sub(pr, "tblCellMar")
    for side in ("left", "right"):
        sub(mar, side, w="0", type="dxa")
    grid = sub(tbl, "tblGrid")
    portions = (1250, 2500, 1250)  # fiftieths of a percent
    for part in portions:
        sub(grid, "gridCol", w=str(ctx.text_w * part // 5000))
    tr = sub(tbl, "tr")
    for i, part in enumerate(portions):
        tc = sub(tr, "tc")
        sub(sub(tc, "tcPr"), "tcW", w=str(part), type="pct")
        if i == 1:
            field(para(tc, ctx.s["header"], CENTER), "PAGE", "2")
        elif i == 2:
            text_para(tc, ctx.s["draft_mark"], _DRAFT_TEXT)
        else:
            para(tc, ctx.s["header"])
    # Word wants a paragraph after a table; a hairline one adds no height to the header.
    p = para(hdr, ctx.s["header"])
    ppr = p.find(W + "pPr")
    sub(ppr, "spacing", before="0", after="0", line="20", lineRule="exact")
    rpr = sub(ppr, "rPr")
    sub(rpr, "sz", val="2")
    sub(rpr, "szCs", val="2")


# -- sections -------------------------------------------------------------------------------------
def _section_break(ctx: DocContext, sectpr: E) -> None:
    p = ctx.p("body")
    ppr = p.find(W + "pPr")
    # A tiny paragraph mark, so the break after the signature table never adds a page.
    rpr = sub(ppr, "rPr")
    sub(rpr, "sz", val="2")
    sub(rpr, "szCs", val="2")
    ppr.append(sectpr)


def _appendix_section(ctx: DocContext, sectpr: E, *, landscape: bool) -> None:
    section = DocxSection(sectpr, ctx.doc.part)
    if landscape:
        section.orientation = WD_ORIENTATION.LANDSCAPE
        section.page_width = section.page_height
        section.page_height = Twips(ctx.page_w)
    pg = sectpr.find(W + "pgNumType")
    if pg is None:
        pg = etree.Element(W + "pgNumType")
        sectpr.insert_element_before(
            pg,
            *(f"w:{t}" for t in ("cols", "formProt", "vAlign", "noEndnote", "titlePg")),
            *(f"w:{t}" for t in ("textDirection", "bidi", "rtlGutter", "docGrid")),
            "w:printerSettings",
            "w:sectPrChange",
        )
    pg.set(W + "start", "1")  # each appendix is numbered on its own


# -- package properties ---------------------------------------------------------------------------
def core_text(text: str) -> str:
    """Text fit for a core property: cleaned and clipped to 255 characters (an ellipsis ends a
    clipped one). Only the file's properties are clipped; the printed text stays whole."""
    text = clean(text)
    if len(text) > CORE_PROPERTY_MAX:
        text = text[: CORE_PROPERTY_MAX - 1].rstrip() + "…"
    return text


def _properties(ctx: DocContext) -> None:
    props = ctx.doc.core_properties
    r = ctx.report
    title = r.subject.strip() or r.period.default_subject()
    if r.sending.corrected:
        title = f"{title} (bản điều chỉnh lần {r.sending.reopen_count})"
    props.title = core_text(f"{DRAFT_MARK} - {title}" if ctx.draft else title)
    props.author = core_text(r.unit.name)
    props.subject = "Báo cáo cải cách hành chính"
    props.comments = ""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    props.created = now
    props.modified = now
    props.last_modified_by = "CCHC Desktop"
    props.revision = 1


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
    write(DocContext(doc, report, catalog, draft, layout or default_layout()))
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
