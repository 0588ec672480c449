"""Nội dung saves what was typed by itself: the tests type, wait past the save timer (never calling a
flush), then close, switch, export or undo, and read the database back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
import shiboken6
from _child_support import killed_after_first_line, start_narrative_child
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.gui.pages.narrative import COMMIT_DELAY_MS, NarrativePage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository

from .conftest import type_text

PAST_THE_TIMER_MS = COMMIT_DELAY_MS * 2 + 300
TITLE = "Mục tự lưu"


@pytest.fixture
def page(qtbot: QtBot, window: ReportWindow) -> Iterator[NarrativePage]:
    found = window.show_page("noi-dung")
    assert isinstance(found, NarrativePage)
    found.add_section(TITLE, child=False)
    found.editor.setFocus()
    yield found


def _texts(repo: Repository, report_id: int, title: str = TITLE) -> list[str]:
    for _label, _level, sec in repo.load_report(report_id).narrative.numbered():
        if sec.title == title:
            return [p.text for p in sec.paragraphs]
    raise AssertionError(f"no section {title}")


def test_typed_text_is_saved_after_a_pause_without_closing(
    qtbot: QtBot, page: NarrativePage, repo: Repository, report_id: int
) -> None:
    type_text(page.editor, "Đã nhập rồi dừng tay.")
    qtbot.wait(PAST_THE_TIMER_MS)
    assert _texts(repo, report_id) == ["Đã nhập rồi dừng tay."]


def test_a_pause_then_closing_the_window_keeps_the_text(
    qtbot: QtBot, window: ReportWindow, page: NarrativePage, repo: Repository, report_id: int
) -> None:
    type_text(page.editor, "Gõ, chờ hai giây, đóng cửa sổ.")
    qtbot.wait(PAST_THE_TIMER_MS)
    window.close()
    assert _texts(repo, report_id) == ["Gõ, chờ hai giây, đóng cửa sổ."]


def test_a_pause_then_another_section_keeps_the_text(
    qtbot: QtBot, page: NarrativePage, repo: Repository, report_id: int
) -> None:
    type_text(page.editor, "Chuyển mục sau khi dừng.")
    qtbot.wait(PAST_THE_TIMER_MS)
    page.outline.setCurrentItem(page.outline.topLevelItem(0))
    qtbot.wait(PAST_THE_TIMER_MS)
    assert _texts(repo, report_id) == ["Chuyển mục sau khi dừng."]


def test_a_pause_then_word_export_prints_the_text(
    qtbot: QtBot, window: ReportWindow, page: NarrativePage, tmp_path: Path
) -> None:
    type_text(page.editor, "Câu này phải có trong tệp Word.")
    qtbot.wait(PAST_THE_TIMER_MS)
    out = tmp_path / "bao-cao.docx"
    flow = window.export_word(draft=True, path=out)
    with qtbot.waitSignal(flow.finished, timeout=20_000):
        pass
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Câu này phải có trong tệp Word." in text


def test_bold_after_a_pause_and_undo_after_a_pause_are_saved(
    qtbot: QtBot, window: ReportWindow, page: NarrativePage, repo: Repository, report_id: int
) -> None:
    type_text(page.editor, "đậm")
    qtbot.wait(PAST_THE_TIMER_MS)
    page.editor.selectAll()
    page.bold.click()
    qtbot.wait(PAST_THE_TIMER_MS)
    runs = next(
        sec.paragraphs[0].runs
        for _l, _v, sec in repo.load_report(report_id).narrative.numbered()
        if sec.title == TITLE
    )
    assert [(r.text, r.bold) for r in runs] == [("đậm", True)]
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    type_text(page.editor, " thêm")
    qtbot.wait(PAST_THE_TIMER_MS)
    assert _texts(repo, report_id) == ["đậm thêm"]
    # typing in one part is one undo step: Ctrl+Z takes the part back to before it, on screen
    # and in the database; Ctrl+Y brings it back the same way
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(PAST_THE_TIMER_MS)
    assert page.editor.toPlainText() == ""
    assert _texts(repo, report_id) == []
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(PAST_THE_TIMER_MS)
    assert page.editor.toPlainText() == "đậm thêm"
    assert _texts(repo, report_id) == ["đậm thêm"]


def test_typing_without_a_pause_is_saved_as_it_goes(
    qtbot: QtBot, page: NarrativePage, repo: Repository, report_id: int
) -> None:
    """A user who never pauses for the timer is saved too: what was typed a second ago is stored."""
    words = [f"từ{i}" for i in range(16)]
    for word in words:
        type_text(page.editor, word + " ")
        qtbot.wait(120)  # shorter than the timer: a debounce would never fire
    saved = " ".join(_texts(repo, report_id))
    # everything typed at least a second before now (the last ~8 words may still be in flight)
    assert all(w in saved for w in words[:8]), saved


# --- killed: the process is gone 2 s after typing, and the text is in the database --------------

# run after the window is open on Nội dung (_child_support.start_narrative_child)
CHILD = """
page.add_section("Mục bị ngắt", child=False)
page.editor.setFocus()
type_text(page.editor, "Văn bản gõ trước khi mất điện.")
app.processEvents()
print("typed", flush=True)
app.exec()
"""


def test_text_typed_2_s_before_a_kill_is_in_the_database(
    repo: Repository, report_id: int, db_path: Path
) -> None:
    child = start_narrative_child(CHILD, db_path, report_id)
    assert killed_after_first_line(child, 2) == "typed"
    assert _texts(repo, report_id, "Mục bị ngắt") == ["Văn bản gõ trước khi mất điện."]


@pytest.fixture(autouse=True)
def _windows_closed(qtbot: QtBot, window: ReportWindow) -> Iterator[None]:
    yield
    if shiboken6.isValid(window):
        window.close()


def test_a_figure_that_could_not_be_saved_is_not_shown_as_entered(
    qtbot: QtBot,
    *,
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    shown_messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk while a figure is entered: the message says so and the cell shows what the
    database holds, never the figure that was not written."""
    from cchc_desktop.errors import FileProblemError
    from cchc_desktop.gui.pages.indicators import IndicatorPage

    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    before = page.model.data(page.value_index("1.1.3"))

    def full_disk(*_args: object) -> object:
        raise FileProblemError("Ổ đĩa đã đầy: thay đổi vừa rồi chưa được lưu.")

    monkeypatch.setattr(repo, "write_patch", full_disk)
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.value_index("1.1.3"))
    type_text(page.tree, "9")
    editor = page.focusWidget()
    type_text(editor, "99")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert shown_messages and "đầy" in shown_messages[-1]
    assert page.model.data(page.value_index("1.1.3")) == before
    assert window.session.report.value("1.1.3") == repo.load_report(report_id).value("1.1.3")
