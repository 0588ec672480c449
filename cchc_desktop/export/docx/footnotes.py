"""Real Word footnotes for python-docx documents (python-docx has no footnote API of its own).

A footnote lives in two places: a run holding ``<w:footnoteReference w:id="N"/>`` in the text, and a
``<w:footnote w:id="N">`` in the footnotes part (/word/footnotes.xml), which the main document part
reaches through a relationship of type ``…/relationships/footnotes``. Word numbers the marks itself in
order of appearance, so the ids only have to be unique. Ids -1 and 0 are the separator and the
continuation separator that Word requires before the first real note.

Built on python-docx's public OPC layer (``XmlPart``, ``Part.relate_to``), no fork.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement

if TYPE_CHECKING:
    from docx.document import Document
    from docx.parts.document import DocumentPart
    from docx.text.paragraph import Paragraph

FOOTNOTE_TEXT_STYLE = "FootnoteText"  # style ids, as Word names its built-in footnote styles
FOOTNOTE_REFERENCE_STYLE = "FootnoteReference"
FOOTNOTES_PARTNAME = "/word/footnotes.xml"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_EMPTY_FOOTNOTES_XML = f"""<w:footnotes xmlns:w="{_W}" xmlns:r="{_R}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""

# Word writes these to settings.xml to name the separator notes; some readers look for them.
_SETTINGS_AFTER_FOOTNOTEPR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)

_STYLES_XML = {
    FOOTNOTE_TEXT_STYLE: f"""<w:style xmlns:w="{_W}" w:type="paragraph" w:styleId="FootnoteText">
<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>
<w:unhideWhenUsed/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>
<w:ind w:firstLine="0"/><w:jc w:val="both"/></w:pPr>
<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"
 w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>
</w:style>""",
    FOOTNOTE_REFERENCE_STYLE: f"""<w:style xmlns:w="{_W}" w:type="character"
 w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:uiPriority w:val="99"/>
<w:unhideWhenUsed/><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"
 w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:vertAlign w:val="superscript"/></w:rPr>
</w:style>""",
}


class Footnotes:
    """The footnotes part of one document: adds notes and makes the runs that reference them."""

    def __init__(self, document: Document) -> None:
        self._part = _footnotes_part(document)
        self._root = cast(BaseOxmlElement, self._part.element)
        ids = [int(n.get(qn("w:id"), "0")) for n in self._root.iterchildren(qn("w:footnote"))]
        self._next_id = max([0, *ids]) + 1
        _ensure_settings(document)
        _ensure_styles(document)

    @property
    def part(self) -> XmlPart:
        return self._part

    def add(self, text: str) -> int:
        """Add a note with `text` to the footnotes part and return its id (not yet referenced)."""
        note_id = self._next_id
        self._next_id += 1
        note = _el("w:footnote", {"w:id": str(note_id)})
        p = _sub(note, "w:p")
        ppr = _sub(p, "w:pPr")
        _sub(ppr, "w:pStyle", {"w:val": FOOTNOTE_TEXT_STYLE})
        mark = _sub(p, "w:r")
        _sub(_sub(mark, "w:rPr"), "w:rStyle", {"w:val": FOOTNOTE_REFERENCE_STYLE})
        _sub(mark, "w:footnoteRef")
        run = _sub(p, "w:r")
        t = _sub(run, "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = " " + text  # Word puts a space between the number and the note
        self._root.append(note)
        return note_id

    def reference_run(self, note_id: int) -> BaseOxmlElement:
        """A new ``w:r`` holding the superscript reference mark of note `note_id`."""
        run = _el("w:r")
        _sub(_sub(run, "w:rPr"), "w:rStyle", {"w:val": FOOTNOTE_REFERENCE_STYLE})
        _sub(run, "w:footnoteReference", {"w:id": str(note_id)})
        return run

    def texts(self) -> dict[int, str]:
        """The text of every real note by id (separators left out)."""
        out: dict[int, str] = {}
        for note in self._root.iterchildren(qn("w:footnote")):
            note_id = int(note.get(qn("w:id")))
            if note_id > 0:
                out[note_id] = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
        return out


def footnotes_of(document: Document) -> Footnotes:
    """The document's footnotes, creating the part, its styles and settings when missing."""
    cached = getattr(document, "_cchc_footnotes", None)
    if isinstance(cached, Footnotes):
        return cached
    notes = Footnotes(document)
    document._cchc_footnotes = notes  # type: ignore[attr-defined]
    return notes


def add_footnote(paragraph: Paragraph, text: str) -> int:
    """Append a footnote reference to `paragraph` and the note `text` to the footnotes part.

    Returns the note's id; Word shows the number from the note's position in the document.
    """
    document = cast("DocumentPart", paragraph.part).document
    notes = footnotes_of(document)
    note_id = notes.add(text)
    paragraph._p.append(notes.reference_run(note_id))
    return note_id


def _footnotes_part(document: Document) -> XmlPart:
    main = document.part
    try:
        existing: Part = main.part_related_by(RT.FOOTNOTES)
    except KeyError:
        existing = None  # type: ignore[assignment]
    if isinstance(existing, XmlPart):
        return existing
    if existing is not None:
        # python-docx loads parts it has no class for as opaque blobs: parse the template's notes
        # into an XmlPart and re-point the relationship (the rId is not referenced from the text).
        element = parse_xml(existing.blob)
        for rid, rel in list(main.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                del main.rels[rid]
                main.rels.related_parts.pop(rid, None)
        partname = existing.partname
    else:
        element = parse_xml(_EMPTY_FOOTNOTES_XML)
        partname = PackURI(FOOTNOTES_PARTNAME)
    part = XmlPart(partname, CT.WML_FOOTNOTES, element, main.package)
    main.relate_to(part, RT.FOOTNOTES)
    return part


def _ensure_settings(document: Document) -> None:
    settings = cast(BaseOxmlElement, document.settings.element)
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = _el("w:footnotePr")
    _sub(pr, "w:footnote", {"w:id": "-1"})
    _sub(pr, "w:footnote", {"w:id": "0"})
    settings.insert_element_before(pr, *_SETTINGS_AFTER_FOOTNOTEPR)


def _ensure_styles(document: Document) -> None:
    styles = cast(BaseOxmlElement, document.styles.element)
    have = {st.get(qn("w:styleId")) for st in styles.iterchildren(qn("w:style"))}
    for style_id, xml in _STYLES_XML.items():
        if style_id not in have:
            styles.append(parse_xml(xml))


def _el(tag: str, attrs: dict[str, str] | None = None) -> BaseOxmlElement:
    element = OxmlElement(tag, {qn(k): v for k, v in (attrs or {}).items()})
    return cast(BaseOxmlElement, element)


def _sub(parent: BaseOxmlElement, tag: str, attrs: dict[str, str] | None = None) -> BaseOxmlElement:
    child = _el(tag, attrs)
    parent.append(child)
    return child
