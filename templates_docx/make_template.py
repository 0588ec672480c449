"""Builds templates_docx/base.docx: the page setup and named styles the Word export fills.

Run from the checkout:  .venv/bin/python templates_docx/make_template.py
The styles follow Nghị định 30/2020/NĐ-CP, Phụ lục I (Times New Roman, body 14 pt, A4, margins).
A unit may ship its own template instead: it must define styles with the same names (w:name).
Every style sets all four font slots (ascii, hAnsi, eastAsia, cs): Word falls back to another font
for the slot that is missing, which shows as odd glyphs for some Vietnamese letters.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.enum.section import WD_ORIENTATION
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Mm

FONT = "Times New Roman"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Page: A4 portrait; margins inside the decree's ranges (top 20-25, bottom 20-25, left 30-35,
# right 15-20 mm). The page number sits in the top margin, 10 mm from the edge.
PAGE = {"top": 20, "bottom": 20, "left": 30, "right": 15, "header": 10, "footer": 10}


@dataclass(frozen=True)
class StyleSpec:
    style_id: str
    name: str
    kind: str = "paragraph"  # paragraph | character | table
    based_on: str | None = "Normal"
    size: float | None = None  # points
    bold: bool = False
    italic: bool = False
    align: str | None = None  # both | center | left | right
    first_line_cm: float | None = 0.0  # None: inherit
    left_cm: float | None = None
    before_pt: float | None = 0.0
    after_pt: float | None = 0.0
    line_exact_pt: float | None = None
    keep_next: bool = False
    outline: int | None = None
    top_rule: bool = False  # a solid rule drawn as the paragraph's top border
    boxed: bool = False  # a box drawn round the characters
    superscript: bool = False
    next_style: str | None = None


def cm(value: float) -> int:
    return round(value * 567)  # twips


STYLES: list[StyleSpec] = [
    # Body: 14 pt, justified, first-line indent 1,27 cm, 6 pt after, single line spacing.
    StyleSpec(
        "Normal", "Normal", based_on=None, size=14, align="both", first_line_cm=1.27, after_pt=6
    ),
    # "I. TITLE" bold capitals; "1. Title" bold; "4.1. Title" bold italic. Indented like the body.
    StyleSpec(
        "Heading1",
        "heading 1",
        bold=True,
        first_line_cm=None,
        before_pt=6,
        after_pt=6,
        keep_next=True,
        outline=0,
        next_style="Normal",
    ),
    StyleSpec(
        "Heading2",
        "heading 2",
        bold=True,
        first_line_cm=None,
        before_pt=None,
        after_pt=None,
        keep_next=True,
        outline=1,
        next_style="Normal",
    ),
    StyleSpec(
        "Heading3",
        "heading 3",
        bold=True,
        italic=True,
        first_line_cm=None,
        before_pt=None,
        after_pt=None,
        keep_next=True,
        outline=2,
        next_style="Normal",
    ),
    # Page number: 14 pt, centred in the top margin.
    StyleSpec("Header", "header", size=14, align="center"),
    StyleSpec("Footer", "footer", size=12, align="center"),
    # The two-column header block.
    StyleSpec("AgencyParent", "Agency Parent", size=13, align="center"),
    StyleSpec("AgencyName", "Agency Name", size=13, bold=True, align="center"),
    StyleSpec("DocumentNumber", "Document Number", size=13, align="center", before_pt=6),
    StyleSpec("NationalTitle", "National Title", size=13, bold=True, align="center"),
    StyleSpec("NationalMotto", "National Motto", size=14, bold=True, align="center"),
    StyleSpec("PlaceDate", "Place Date", size=14, italic=True, align="center", before_pt=6),
    # A rule under a line of the header or under the trích yếu; the export sets its length.
    StyleSpec("Rule", "Rule", size=1, align="center", before_pt=3, line_exact_pt=2, top_rule=True),
    StyleSpec("RecipientTo", "Recipient To", size=14, align="center", before_pt=6, after_pt=6),
    StyleSpec("ReportTitle", "Report Title", size=14, bold=True, align="center", before_pt=12),
    StyleSpec("ReportSubject", "Report Subject", size=14, bold=True, align="center"),
    # Signature block (right) and recipients (left), side by side in a borderless table.
    StyleSpec("Signer", "Signer", size=14, bold=True, align="center"),
    StyleSpec("SignerName", "Signer Name", size=14, bold=True, align="center", before_pt=84),
    StyleSpec("RecipientsHeading", "Recipients Heading", size=12, bold=True, italic=True),
    StyleSpec("RecipientsEntry", "Recipients Entry", size=11, align="left"),
    # Appendices.
    StyleSpec("AppendixHeading", "Appendix Heading", size=14, bold=True, align="center"),
    StyleSpec("AppendixTitle", "Appendix Title", size=14, bold=True, align="center"),
    StyleSpec(
        "AppendixReference", "Appendix Reference", size=14, italic=True, align="center", after_pt=12
    ),
    StyleSpec("TableText", "Table Text", size=12, align="left", before_pt=2, after_pt=2),
    StyleSpec(
        "TableHeading",
        "Table Heading",
        size=12,
        bold=True,
        align="center",
        before_pt=2,
        after_pt=2,
        keep_next=True,
    ),
    # "DỰ THẢO" in a box at the top right of a draft's first pages: black, so it prints anywhere.
    StyleSpec("DraftMark", "Draft Mark", size=14, bold=True, align="right", boxed=True),
    # Footnotes: 12 pt, justified, no indent; the mark is a superscript.
    StyleSpec("FootnoteText", "footnote text", size=12, align="both"),
    StyleSpec(
        "FootnoteReference",
        "footnote reference",
        kind="character",
        based_on="DefaultParagraphFont",
        first_line_cm=None,
        before_pt=None,
        after_pt=None,
        superscript=True,
    ),
]

# Styles of python-docx's default template that the export relies on; the rest are dropped so the
# template stays small and readable.
KEEP_BUILTIN = {"DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}


def _fonts_xml() -> str:
    f = quoteattr(FONT)
    return f"<w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f}/>"


def _ppr_xml(s: StyleSpec) -> str:
    parts: list[str] = []
    if s.keep_next:
        parts.append("<w:keepNext/>")
    if s.top_rule:
        parts.append(
            '<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
        )
    spacing: list[str] = []
    if s.before_pt is not None:
        spacing.append(f'w:before="{round(s.before_pt * 20)}"')
    if s.after_pt is not None:
        spacing.append(f'w:after="{round(s.after_pt * 20)}"')
    if s.line_exact_pt is not None:
        spacing.append(f'w:line="{round(s.line_exact_pt * 20)}" w:lineRule="exact"')
    elif s.based_on is None:
        spacing.append('w:line="240" w:lineRule="auto"')
    if spacing:
        parts.append(f"<w:spacing {' '.join(spacing)}/>")
    ind: list[str] = []
    if s.left_cm is not None:
        ind.append(f'w:left="{cm(s.left_cm)}"')
    if s.first_line_cm is not None:
        ind.append(f'w:firstLine="{cm(s.first_line_cm)}"')
    if ind:
        parts.append(f"<w:ind {' '.join(ind)}/>")
    if s.align:
        parts.append(f'<w:jc w:val="{s.align}"/>')
    if s.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{s.outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def _rpr_xml(s: StyleSpec) -> str:
    parts = [_fonts_xml()]
    if s.bold:
        parts.append("<w:b/><w:bCs/>")
    if s.italic:
        parts.append("<w:i/><w:iCs/>")
    if s.boxed:
        parts.append('<w:bdr w:val="single" w:sz="12" w:space="1" w:color="000000"/>')
    parts.append('<w:color w:val="000000"/>')
    if s.size is not None:
        half = round(s.size * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if s.superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    if s.style_id == "Normal":
        parts.append('<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


def style_xml(s: StyleSpec) -> str:
    default = ' w:default="1"' if s.style_id == "Normal" else ""
    based = f'<w:basedOn w:val="{s.based_on}"/>' if s.based_on else ""
    nxt = f'<w:next w:val="{s.next_style}"/>' if s.next_style else ""
    ppr = _ppr_xml(s) if s.kind == "paragraph" else ""
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="{s.kind}"{default} w:styleId="{s.style_id}">'
        f'<w:name w:val="{s.name}"/>{based}{nxt}<w:qFormat/>{ppr}{_rpr_xml(s)}</w:style>'
    )


TABLE_GRID_XML = f"""<w:style xmlns:w="{W_NS}" w:type="table" w:styleId="TableGrid">
<w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>
<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:rPr>{_fonts_xml()}</w:rPr>
<w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>
<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>
<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>
<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>
<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>
<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>
</w:tblBorders></w:tblPr></w:style>"""


def build(path: Path) -> None:
    doc = Document()
    styles = doc.styles.element

    # docDefaults: Times New Roman in all four slots, 14 pt, Vietnamese proofing.
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>{_fonts_xml()}'
            '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US"'
            ' w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            "</w:docDefaults>"
        ),
    )
    ours = {s.style_id for s in STYLES}
    for style in list(styles.iterchildren(qn("w:style"))):
        sid = style.get(qn("w:styleId"))
        if sid in ours or sid == "TableGrid" or sid not in KEEP_BUILTIN:
            styles.remove(style)
        else:
            for link in style.findall(qn("w:link")):
                style.remove(link)
    for spec in STYLES:
        styles.append(parse_xml(style_xml(spec)))
    styles.append(parse_xml(TABLE_GRID_XML))

    section = doc.sections[0]
    section.orientation = WD_ORIENTATION.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(PAGE["top"])
    section.bottom_margin = Mm(PAGE["bottom"])
    section.left_margin = Mm(PAGE["left"])
    section.right_margin = Mm(PAGE["right"])
    section.header_distance = Mm(PAGE["header"])
    section.footer_distance = Mm(PAGE["footer"])
    section.different_first_page_header_footer = True  # no page number on page 1

    props = doc.core_properties
    props.title = "Mẫu báo cáo cải cách hành chính"
    props.author = "CCHC Desktop"
    props.language = "vi-VN"
    props.comments = "Tạo bởi templates_docx/make_template.py"
    props.revision = 1
    doc.save(str(path))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "base.docx"
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
