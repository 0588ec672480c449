"""Tests for the footnote module: the part, its relationship and content type, styles, references."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from cchc_desktop.export.docx.footnotes import add_footnote, footnotes_of

NOTE_1 = "Kế hoạch số 191/KH-STC ngày 11/01/2024 của Sở Tài chính về công tác CCHC năm 2024."
NOTE_2 = "Quyết định số 3433/QĐ-UBND ngày 25/12/2023 của UBND tỉnh."


def _saved(doc: object) -> bytes:
    out = io.BytesIO()
    doc.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def test_first_footnote_creates_part_with_separators_rel_and_content_type() -> None:
    doc = Document()
    p = doc.add_paragraph("Sở đã ban hành Kế hoạch CCHC năm 2024")
    note_id = add_footnote(p, NOTE_1)
    assert note_id == 1
    data = _saved(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert "word/footnotes.xml" in names
        types = z.read("[Content_Types].xml").decode()
        assert 'PartName="/word/footnotes.xml"' in types
        assert CT.WML_FOOTNOTES in types
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert RT.FOOTNOTES in rels and 'Target="footnotes.xml"' in rels
        notes_xml = z.read("word/footnotes.xml").decode()
        assert 'w:type="separator" w:id="-1"' in notes_xml
        assert 'w:type="continuationSeparator" w:id="0"' in notes_xml
        settings = z.read("word/settings.xml").decode()
        assert "<w:footnotePr>" in settings
        body = z.read("word/document.xml").decode()
        assert body.count("<w:footnoteReference ") == 1
        assert '<w:footnoteReference w:id="1"/>' in body


def test_reference_run_is_styled_and_note_holds_the_exact_text() -> None:
    doc = Document()
    p = doc.add_paragraph("Văn bản")
    add_footnote(p, NOTE_1)
    run = p._p.findall(qn("w:r"))[-1]
    assert run.find(qn("w:rPr")).find(qn("w:rStyle")).get(qn("w:val")) == "FootnoteReference"
    notes = footnotes_of(doc)
    assert notes.texts() == {1: NOTE_1}
    styles = {s.style_id for s in doc.styles}
    assert {"FootnoteText", "FootnoteReference"} <= styles


def test_ids_are_sequential_and_each_note_is_referenced_once() -> None:
    doc = Document()
    ids = [add_footnote(doc.add_paragraph(f"Đoạn {i}"), f"Ghi chú {i}") for i in range(5)]
    assert ids == [1, 2, 3, 4, 5]
    body = doc.element.body
    refs = [int(e.get(qn("w:id"))) for e in body.iter(qn("w:footnoteReference"))]
    assert refs == ids


def test_reopened_document_keeps_its_notes_and_continues_numbering(tmp_path: Path) -> None:
    doc = Document()
    add_footnote(doc.add_paragraph("Một"), NOTE_1)
    path = tmp_path / "a.docx"
    doc.save(str(path))

    again = Document(str(path))  # python-docx loads footnotes.xml as an opaque part
    note_id = add_footnote(again.add_paragraph("Hai"), NOTE_2)
    assert note_id == 2
    assert footnotes_of(again).texts() == {1: NOTE_1, 2: NOTE_2}
    again.save(str(path))
    with zipfile.ZipFile(path) as z:
        assert [n for n in z.namelist() if n.endswith("footnotes.xml")] == ["word/footnotes.xml"]
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert rels.count(RT.FOOTNOTES) == 1
        xml = z.read("word/footnotes.xml").decode("utf-8")
    assert NOTE_1 in xml and NOTE_2 in xml


def test_vietnamese_text_survives_as_nfc() -> None:
    doc = Document()
    add_footnote(doc.add_paragraph("x"), NOTE_2)
    with zipfile.ZipFile(io.BytesIO(_saved(doc))) as z:
        xml = z.read("word/footnotes.xml").decode("utf-8")
    assert unicodedata.is_normalized("NFC", xml)
    assert "\ufffd" not in xml
    assert "Quyết định số 3433/QĐ-UBND" in xml
