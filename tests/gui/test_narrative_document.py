"""The narrative's QTextDocument conversion on its own: paragraphs in, the same paragraphs out."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from cchc_desktop.domain.report import Paragraph, ParagraphStyle, Run
from cchc_desktop.gui.pages.narrative.document import (
    FOOTNOTE_ID,
    UNNUMBERED_MARK,
    plain_format,
    read_paragraphs,
    write_paragraphs,
)


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> None:
    """QTextDocument's fonts need an application object."""


PARAGRAPHS = [
    Paragraph(
        [
            Run("Sở đã ban hành "),
            Run("Kế hoạch", bold=True),
            Run("", footnote_id="a"),
            Run(" và "),
            Run("Quyết định", italic=True),
            Run("", footnote_id="b"),
            Run("."),
        ]
    ),
    Paragraph([Run("Mục một")], ParagraphStyle.DASH),
    Paragraph([Run("Mục hai")], ParagraphStyle.DASH),
    Paragraph([Run("Đoạn thường sau danh sách.")]),
]


def test_paragraphs_round_trip_with_marks_styles_and_dash_items() -> None:
    doc = QTextDocument()
    write_paragraphs(doc, PARAGRAPHS, {"a": 1, "b": 2})
    assert doc.toPlainText().split("\n")[0] == "Sở đã ban hành Kế hoạch1 và Quyết định2."
    assert read_paragraphs(doc) == PARAGRAPHS
    # two consecutive "-" paragraphs are one list; the body paragraph after it is not in it
    blocks = [doc.findBlockByNumber(i) for i in range(4)]
    assert [b.textList() is not None for b in blocks] == [False, True, True, False]
    assert blocks[1].textList() == blocks[2].textList()


def test_a_mark_of_an_unknown_footnote_keeps_its_id() -> None:
    doc = QTextDocument()
    write_paragraphs(doc, [Paragraph([Run("x"), Run("", footnote_id="gone")])], {})
    assert doc.toPlainText() == "x" + UNNUMBERED_MARK
    assert read_paragraphs(doc)[0].footnote_ids() == ["gone"]


def test_text_typed_after_a_mark_in_its_format_stays_text() -> None:
    doc = QTextDocument()
    cursor = write_paragraphs(doc, [Paragraph([Run("A"), Run("", footnote_id="a")])], {"a": 1})
    # the cursor took the anchor's format: what is typed now carries the footnote id too
    assert cursor.charFormat().property(FOOTNOTE_ID) == "a"
    cursor.insertText(" tiếp")
    (p,) = read_paragraphs(doc)
    assert [(r.text, r.footnote_id) for r in p.runs] == [("A", None), ("", "a"), (" tiếp", None)]


def test_an_empty_document_is_an_empty_part_and_blank_lines_are_kept() -> None:
    doc = QTextDocument()
    write_paragraphs(doc, [], {})
    assert read_paragraphs(doc) == []
    cursor = QTextCursor(doc)
    cursor.insertText("một", plain_format(False, False))
    cursor.insertBlock()
    cursor.insertBlock()
    cursor.insertText("hai", plain_format(True, False))
    got = read_paragraphs(doc)
    assert [p.text for p in got] == ["một", "", "hai"]
    assert got[2].runs[0].bold
