"""Nội dung: typing, a footnote inserted at the cursor, citing the register in two keystrokes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.outline import section_at
from cchc_desktop.domain.report import ParagraphStyle
from cchc_desktop.domain.stored import CitedDocument
from cchc_desktop.gui.pages.documents import DocumentPicker
from cchc_desktop.gui.pages.narrative import NarrativePage
from cchc_desktop.gui.pages.narrative import page as narrative_page
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository

from .conftest import type_text


@pytest.fixture
def page(qtbot: QtBot, repo: Repository, report_id: int) -> Iterator[NarrativePage]:
    win = ReportWindow(repo, report_id)
    win.show()
    qtbot.waitExposed(win)
    found = win.show_page("noi-dung")
    assert isinstance(found, NarrativePage)
    found.add_section("Mục thử nghiệm", child=False)
    yield found
    if shiboken6.isValid(win):
        win.close()


def _section(repo: Repository, report_id: int, title: str):  # type: ignore[no-untyped-def]
    for _label, _lvl, sec in repo.load_report(report_id).narrative.numbered():
        if sec.title == title:
            return sec
    raise AssertionError(title)


def test_typed_paragraphs_are_saved(page: NarrativePage, repo: Repository, report_id: int) -> None:
    assert page.section_label.text() == "Mục thử nghiệm"
    page.editor.setFocus()
    type_text(page.editor, "Đoạn thứ nhất có dấu tiếng Việt.")
    page.flush()  # what the 0,5 s timer, a page switch or closing the window does
    sec = _section(repo, report_id, "Mục thử nghiệm")
    assert [p.text for p in sec.paragraphs] == ["Đoạn thứ nhất có dấu tiếng Việt."]


def test_footnote_inserted_at_the_cursor(
    qtbot: QtBot,
    page: NarrativePage,
    repo: Repository,
    report_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        narrative_page, "ask_footnote_text", lambda *_a: "Kế hoạch số 1/KH-STC ngày 02/01/2024."
    )
    page.editor.setFocus()
    type_text(page.editor, "Sở đã ban hành Kế hoạch. Tiếp theo")
    cursor = page.editor.textCursor()
    cursor.setPosition(len("Sở đã ban hành Kế hoạch"))
    page.editor.setTextCursor(cursor)
    qtbot.keyClick(
        page.editor,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    type_text(page.editor, " mới")  # typing right after the mark is plain text
    page.flush()
    report = repo.load_report(report_id)
    sec = _section(repo, report_id, "Mục thử nghiệm")
    runs = sec.paragraphs[0].runs
    fid = next(r.footnote_id for r in runs if r.footnote_id)
    assert runs[0].text == "Sở đã ban hành Kế hoạch" and runs[1].footnote_id == fid
    assert sec.paragraphs[0].text == "Sở đã ban hành Kế hoạch mới. Tiếp theo"
    note = report.footnote(fid)  # type: ignore[arg-type]
    assert note is not None and note.text == "Kế hoạch số 1/KH-STC ngày 02/01/2024."
    # the report's footnotes are numbered in text order; the new one comes after the demo's first
    assert note in report.footnotes_in_order()


def test_cite_from_the_register_in_two_keystrokes(
    qtbot: QtBot,
    page: NarrativePage,
    repo: Repository,
    report_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = page.ctrl.session
    doc_id = session.save_document(
        CitedDocument(
            "Kế hoạch",
            "191",
            "KH-STC",
            dt.date(2024, 1, 11),
            "Sở Tài chính",
            "công tác CCHC năm 2024",
        )
    )

    def choose(self: DocumentPicker) -> object:
        # the picker opens with the filter focused and the first document highlighted: Enter
        assert self.list.currentRow() == 0
        return self.selected()

    monkeypatch.setattr(DocumentPicker, "choose", choose)
    page.editor.setFocus()
    qtbot.keyClick(
        page.editor,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    report = repo.load_report(report_id)
    cited = [f for f in report.footnotes if f.document_id == doc_id]
    assert [f.text for f in cited] == [
        "Kế hoạch số 191/KH-STC ngày 11/01/2024 của Sở Tài chính về công tác CCHC năm 2024."
    ]
    assert cited[0].id in _section(repo, report_id, "Mục thử nghiệm").paragraphs[0].footnote_ids()


def test_dash_bold_and_delete_footnote(
    page: NarrativePage, repo: Repository, report_id: int
) -> None:
    page.editor.setFocus()
    type_text(page.editor, "Một gạch đầu dòng")
    page._toggle_dash()
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    page._toggle_bold()
    type_text(page.editor, " đậm")
    fid = page.insert_footnote("Chú thích sẽ xóa.")
    assert fid is not None
    page.flush()
    para = _section(repo, report_id, "Mục thử nghiệm").paragraphs[0]
    assert para.style is ParagraphStyle.DASH
    assert any(r.bold and "đậm" in r.text for r in para.runs)
    page.delete_footnote(fid)
    report = repo.load_report(report_id)
    assert report.footnote(fid) is None
    assert fid not in _section(repo, report_id, "Mục thử nghiệm").paragraphs[0].footnote_ids()


def test_outline_rename_move_and_undo(
    page: NarrativePage, repo: Repository, report_id: int
) -> None:
    path = page.current_path()
    assert path is not None and path[-1] > 0
    page.rename_section(path, "Mục đã đổi tên")
    assert section_at(repo.load_report(report_id), path).title == "Mục đã đổi tên"
    page._move(-1)
    moved = (*path[:-1], path[-1] - 1)
    assert page.current_path() == moved
    assert section_at(repo.load_report(report_id), moved).title == "Mục đã đổi tên"
    page.ctrl.undo()
    page.ctrl.undo()
    assert section_at(repo.load_report(report_id), path).title == "Mục thử nghiệm"
    page.ctrl.redo()
    assert section_at(repo.load_report(report_id), path).title == "Mục đã đổi tên"
