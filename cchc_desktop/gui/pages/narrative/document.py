"""A narrative part in a QTextDocument and back: paragraphs, bold/italic runs, "-" items, footnote marks.

Footnote references are one-character-or-more anchors carrying the footnote's id; the text they show
is the number Word will print. Kept apart from the page so the conversion is tested on its own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
)

from ....domain.outline import clean_paragraphs
from ....domain.report import Paragraph, ParagraphStyle, Run

FOOTNOTE_ID = QTextFormat.Property.UserProperty + 1  # the id of the footnote an anchor stands for
FOOTNOTE_MARK = QTextFormat.Property.UserProperty + 2  # the number text the anchor shows
UNNUMBERED_MARK = "?"  # an anchor whose footnote the report does not hold


def dash_format() -> QTextListFormat:
    """A "- ..." paragraph (ParagraphStyle.DASH) in the editor: an indented list item."""
    fmt = QTextListFormat()
    fmt.setStyle(QTextListFormat.Style.ListDisc)
    fmt.setIndent(1)
    return fmt


def plain_format(bold: bool, italic: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setFontItalic(italic)
    return fmt


def anchor_format(footnote_id: str, mark: str) -> QTextCharFormat:
    """A footnote reference: superscript, coloured, carrying the footnote's id."""
    fmt = QTextCharFormat()
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    fmt.setForeground(QColor("#0b57d0"))
    fmt.setProperty(FOOTNOTE_ID, footnote_id)
    fmt.setProperty(FOOTNOTE_MARK, mark)
    fmt.setToolTip("Chú thích")
    return fmt


def write_paragraphs(
    document: QTextDocument, paragraphs: Sequence[Paragraph], numbers: Mapping[str, int]
) -> QTextCursor:
    """Replace the document's text with the paragraphs; footnote anchors show numbers[id].
    Returns a cursor at the end of the text."""
    document.clear()
    cursor = QTextCursor(document)
    list_fmt = dash_format()
    current_list = None
    for i, p in enumerate(paragraphs):
        block = QTextBlockFormat()
        block.setAlignment(Qt.AlignmentFlag.AlignJustify)
        block.setBottomMargin(4)
        if i == 0:
            cursor.setBlockFormat(block)
        else:
            cursor.insertBlock(block)
        if p.style is ParagraphStyle.DASH:
            if current_list is None:
                current_list = cursor.createList(list_fmt)
            else:
                current_list.add(cursor.block())
        else:
            current_list = None
        for run in p.runs:
            if run.footnote_id is not None:
                mark = str(numbers.get(run.footnote_id, UNNUMBERED_MARK))
                cursor.insertText(mark, anchor_format(run.footnote_id, mark))
            else:
                cursor.insertText(run.text, plain_format(run.bold, run.italic))
    return cursor


def read_paragraphs(document: QTextDocument) -> list[Paragraph]:
    """The document's text as domain paragraphs; footnote anchors become Run(footnote_id=...)."""
    out: list[Paragraph] = []
    block = document.begin()
    while block.isValid():
        text = block.text()
        runs: list[Run] = []
        for rng in block.textFormats():
            piece = text[rng.start : rng.start + rng.length]
            fmt = rng.format
            fid = fmt.property(FOOTNOTE_ID)
            if fid:
                runs.append(Run("", footnote_id=str(fid)))
                mark = str(fmt.property(FOOTNOTE_MARK) or "")
                # text typed right after an anchor may have taken its format: keep it as text
                extra = piece[len(mark) :] if piece.startswith(mark) else ""
                if extra:
                    runs.append(Run(extra))
                continue
            runs.append(
                Run(
                    piece,
                    bold=fmt.fontWeight() >= QFont.Weight.DemiBold,
                    italic=fmt.fontItalic(),
                )
            )
        style = ParagraphStyle.DASH if block.textList() is not None else ParagraphStyle.BODY
        out.append(Paragraph(runs, style))
        block = block.next()
    # a lone empty paragraph is an empty part
    return [p for p in clean_paragraphs(out) if p.runs or len(out) > 1]
