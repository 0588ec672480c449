"""Writes a report as a Word document: header block, narrative with footnotes, signature, appendices.

The look comes from the template's named styles (templates_docx/base.docx, or a unit's own .docx
with the same style names); this package only decides structure and wording:

- ooxml: WordprocessingML elements (runs, paragraphs, tables, fields), built directly;
- metrics: font metrics and the column widths and line breaks that follow from them;
- layout: the Word template's styles and the report template's wording (DocxLayout);
- footnotes: real Word footnotes (python-docx has none);
- body, signature, appendices: the parts of the report; document: their order, the page headers,
  sections and package properties.
"""

from __future__ import annotations

from .document import DRAFT_MARK, build_report_docx, write_report_docx
from .layout import (
    STYLE_NAMES,
    DocxLayout,
    default_layout,
    default_template,
    layout_from_template,
    open_template,
)
from .metrics import text_width_twips

__all__ = [
    "DRAFT_MARK",
    "STYLE_NAMES",
    "DocxLayout",
    "build_report_docx",
    "default_layout",
    "default_template",
    "layout_from_template",
    "open_template",
    "text_width_twips",
    "write_report_docx",
]
