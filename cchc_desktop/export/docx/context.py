"""What every part of the writer shares: the document being written, the report, the style ids by
role, the page's text width, and appending to the body before its final section properties."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from lxml.etree import _Element as E

from ...domain.catalog import Catalog
from ...domain.report import Report
from .footnotes import Footnotes, footnotes_of
from .layout import DocxLayout, resolve_styles
from .ooxml import Para, W, text_para

_EMU_PER_TWIP = 635


class DocContext:
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
        self.s = resolve_styles(doc)
        self.body: E = doc.element.body
        self.final_sectpr: E = self.body.find(W + "sectPr")
        self.notes: Footnotes = footnotes_of(doc)
        section = doc.sections[0]
        self.page_w = int(section.page_width or 0) // _EMU_PER_TWIP
        self.page_h = int(section.page_height or 0) // _EMU_PER_TWIP
        margins = int(section.left_margin or 0) + int(section.right_margin or 0)
        self.text_w = (int(section.page_width or 0) - margins) // _EMU_PER_TWIP
        self.text_w_landscape = (int(section.page_height or 0) - margins) // _EMU_PER_TWIP
        vertical = int(section.top_margin or 0) + int(section.bottom_margin or 0)
        self.margins_vertical = vertical // _EMU_PER_TWIP

    def add(self, element: E) -> E:
        """Move an element built under the body to just before the final sectPr."""
        self.final_sectpr.addprevious(element)
        return element

    def p(self, style: str, text: str = "", fmt: Para | None = None, **kw: bool) -> E:
        """A paragraph of the style with role `style`, appended to the body."""
        return self.add(text_para(self.body, self.s[style], text, fmt, **kw))
