"""Nội dung's undo history through the window: typing, footnotes, sections, the header, each undone
and redone with Ctrl+Z / Ctrl+Y, read back from the database and after reopening; each step keeps
only what it changed; an undo is saved before a kill."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from _child_support import killed_after_first_line, start_narrative_child
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.outline import INTRO
from cchc_desktop.domain.report import Report
from cchc_desktop.gui import messages
from cchc_desktop.gui.pages.narrative import COMMIT_DELAY_MS, NarrativePage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.gui.undo import StepCommand
from cchc_desktop.storage.repository import Repository

from .conftest import type_text

PAST_THE_TIMER_MS = COMMIT_DELAY_MS * 2 + 300


def _open(qtbot: QtBot, repo: Repository, report_id: int) -> tuple[ReportWindow, NarrativePage]:
    win = ReportWindow(repo, report_id)
    win.show()
    qtbot.waitExposed(win)
    page = win.show_page("noi-dung")
    assert isinstance(page, NarrativePage)
    return win, page


@pytest.fixture
def opened(
    qtbot: QtBot, repo: Repository, report_id: int
) -> Iterator[tuple[ReportWindow, NarrativePage]]:
    win, page = _open(qtbot, repo, report_id)
    yield win, page
    if shiboken6.isValid(win):
        win.close()


def _titles(report: Report) -> list[str]:
    return [sec.title for _label, _level, sec in report.narrative.numbered()]


def _texts(report: Report, title: str) -> list[str]:
    for _label, _level, sec in report.narrative.numbered():
        if sec.title == title:
            return [p.text for p in sec.paragraphs]
    raise AssertionError(f"no section {title}")


def _select(page: NarrativePage, key: str) -> None:
    def find(item):  # type: ignore[no-untyped-def]
        if item.data(0, Qt.ItemDataRole.UserRole) == key:
            return item
        for i in range(item.childCount()):
            if (found := find(item.child(i))) is not None:
                return found
        return None

    for i in range(page.outline.topLevelItemCount()):
        if (item := find(page.outline.topLevelItem(i))) is not None:
            page.outline.setCurrentItem(item)
            return
    raise AssertionError(key)


def _ctrl(qtbot: QtBot, win: ReportWindow, key: Qt.Key) -> None:
    qtbot.keyClick(win, key, Qt.KeyboardModifier.ControlModifier)


def test_typing_in_two_parts_undone_redone_and_reopened(
    qtbot: QtBot, opened: tuple[ReportWindow, NarrativePage], repo: Repository, report_id: int
) -> None:
    win, page = opened
    intro_before = [p.text for p in repo.load_report(report_id).narrative.intro]
    page.add_section("Mục hoàn tác", child=False)
    page.editor.setFocus()
    type_text(page.editor, "Đoạn của mục mới.")
    qtbot.wait(PAST_THE_TIMER_MS)
    _select(page, INTRO)
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    type_text(page.editor, " Thêm vào mở đầu.")
    qtbot.wait(PAST_THE_TIMER_MS)
    stored = repo.load_report(report_id)
    assert stored.narrative.intro[-1].text.endswith("Thêm vào mở đầu.")
    assert _texts(stored, "Mục hoàn tác") == ["Đoạn của mục mới."]

    _ctrl(qtbot, win, Qt.Key.Key_Z)  # the intro's typing
    qtbot.wait(PAST_THE_TIMER_MS)
    stored = repo.load_report(report_id)
    assert [p.text for p in stored.narrative.intro] == intro_before
    assert page.editor.toPlainText() == "\n".join(intro_before)
    assert _texts(stored, "Mục hoàn tác") == ["Đoạn của mục mới."]
    _ctrl(qtbot, win, Qt.Key.Key_Z)  # the new section's typing
    qtbot.wait(PAST_THE_TIMER_MS)
    assert _texts(repo.load_report(report_id), "Mục hoàn tác") == []
    _ctrl(qtbot, win, Qt.Key.Key_Z)  # the section itself
    assert "Mục hoàn tác" not in _titles(repo.load_report(report_id))
    _ctrl(qtbot, win, Qt.Key.Key_Y)
    _ctrl(qtbot, win, Qt.Key.Key_Y)
    qtbot.wait(PAST_THE_TIMER_MS)
    assert _texts(repo.load_report(report_id), "Mục hoàn tác") == ["Đoạn của mục mới."]
    assert win.undo_action.text() == "&Hoàn tác Sửa nội dung"

    win.close()
    win2, page2 = _open(qtbot, repo, report_id)
    try:
        stored = repo.load_report(report_id)
        assert _texts(stored, "Mục hoàn tác") == ["Đoạn của mục mới."]
        assert [p.text for p in stored.narrative.intro] == intro_before
        assert not win2.ctrl.undo_stack.canUndo()  # the history is the window's own
        assert page2.ctrl.report.narrative.intro[-1].text == intro_before[-1]
    finally:
        win2.close()


def test_footnote_inserted_then_deleted_undone_and_redone(
    qtbot: QtBot, opened: tuple[ReportWindow, NarrativePage], repo: Repository, report_id: int
) -> None:
    win, page = opened
    page.add_section("Mục chú thích", child=False)
    page.editor.setFocus()
    type_text(page.editor, "Theo kế hoạch")
    qtbot.wait(PAST_THE_TIMER_MS)  # saved: the footnote is a step of its own
    fid = page.insert_footnote("Kế hoạch số 9/KH-STC.")
    assert fid is not None
    stored = repo.load_report(report_id)
    assert stored.footnote(fid) is not None

    win.ctrl.undo()  # the footnote and its mark go together
    stored = repo.load_report(report_id)
    assert stored.footnote(fid) is None
    assert _texts(stored, "Mục chú thích") == ["Theo kế hoạch"]
    assert all(r.footnote_id != fid for p in stored.narrative.paragraphs() for r in p.runs)
    win.ctrl.redo()
    stored = repo.load_report(report_id)
    note = stored.footnote(fid)
    assert note is not None and note.text == "Kế hoạch số 9/KH-STC."
    assert any(r.footnote_id == fid for p in stored.narrative.paragraphs() for r in p.runs)

    page.delete_footnote(fid)
    assert repo.load_report(report_id).footnote(fid) is None
    win.ctrl.undo()
    stored = repo.load_report(report_id)
    assert stored.footnote(fid) is not None
    assert any(r.footnote_id == fid for p in stored.narrative.paragraphs() for r in p.runs)
    # the page shows it again in the footnote list
    shown = [page.footnotes.item(i).text() for i in range(page.footnotes.count())]
    assert any("Kế hoạch số 9/KH-STC." in t for t in shown)


def test_sections_added_moved_removed_undone_and_redone(
    qtbot: QtBot,
    opened: tuple[ReportWindow, NarrativePage],
    repo: Repository,
    report_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win, page = opened
    original = _titles(repo.load_report(report_id))
    _select(page, "closing")  # new sections go last
    page.add_section("Mục A", child=False)
    page.add_section("Mục B", child=False)
    page._move(-1)  # B above A
    moved = _titles(repo.load_report(report_id))
    assert moved == [*original, "Mục B", "Mục A"]
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    path = page.current_path()
    assert path is not None
    page._delete_section()
    assert _titles(repo.load_report(report_id)) == [*original, "Mục A"]

    expected = [
        [*original, "Mục B", "Mục A"],  # the removal undone
        [*original, "Mục A", "Mục B"],  # the move
        [*original, "Mục A"],  # B added
        original,  # A added
    ]
    for titles in expected:
        win.ctrl.undo()
        assert _titles(repo.load_report(report_id)) == titles
        # the outline on screen follows (the intro, the sections, the closing)
        assert (
            page.outline.topLevelItemCount()
            == len(repo.load_report(report_id).narrative.sections) + 2
        )
    for titles in [*reversed(expected[:-1]), [*original, "Mục A"]]:
        win.ctrl.redo()
        assert _titles(repo.load_report(report_id)) == titles


def test_header_field_typing_is_one_step_undone_in_the_database(
    qtbot: QtBot, opened: tuple[ReportWindow, NarrativePage], repo: Repository, report_id: int
) -> None:
    win, _page = opened
    subject = repo.load_report(report_id).subject
    header = win.show_page("thong-tin-chung")
    field = header.subject  # type: ignore[attr-defined]
    field.setFocus()
    field.selectAll()
    type_text(field, "Trích yếu gõ từng chữ")
    assert repo.load_report(report_id).subject == "Trích yếu gõ từng chữ"
    stack = win.ctrl.undo_stack
    assert stack.count() == 1  # every letter written at once, one step for the field
    assert stack.command(0).step.size() == 1  # type: ignore[attr-defined]
    _ctrl(qtbot, win, Qt.Key.Key_Z)
    assert repo.load_report(report_id).subject == subject == field.text()
    _ctrl(qtbot, win, Qt.Key.Key_Y)
    assert repo.load_report(report_id).subject == "Trích yếu gõ từng chữ" == field.text()


def test_each_step_keeps_only_what_it_changed(
    qtbot: QtBot, opened: tuple[ReportWindow, NarrativePage], repo: Repository, report_id: int
) -> None:
    """A step of typing keeps the paragraph before and after, not the report (the 800 MB case)."""
    win, page = opened
    keys = [INTRO, "s:0.1", "s:1.0", "s:2", "closing"]
    for i, key in enumerate(keys * 2):
        _select(page, key)
        page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
        page.editor.insertPlainText(f" bước {i}")
        page.flush()
    stack = win.ctrl.undo_stack
    assert stack.count() == len(keys) * 2
    commands = [stack.command(i) for i in range(stack.count())]
    assert all(isinstance(c, StepCommand) for c in commands)
    sizes = [c.step.size() for c in commands]  # type: ignore[union-attr]
    assert all(size <= 2 for size in sizes), sizes  # one paragraph before and after
    assert all(c._after is None for c in commands)  # type: ignore[union-attr]
    for _ in commands:
        win.ctrl.undo()
    assert repo.load_report(report_id).narrative == page.ctrl.report.narrative
    assert " bước" not in "".join(
        p.text for p in repo.load_report(report_id).narrative.paragraphs()
    )


# --- an undo is saved at once: killed right after it, the database has it -----------------------

# run after the window is open on Nội dung (_child_support.start_narrative_child)
CHILD = """
page.add_section("Mục bị ngắt", child=False)
page.editor.setFocus()
type_text(page.editor, "Câu đầu.")
end = time.monotonic() + 1.5  # past the save timer, as a user pausing
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
type_text(page.editor, " Câu sau.")
QTest.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
app.processEvents()
print("undone", page.editor.toPlainText(), flush=True)  # what the screen shows
app.exec()
"""


def test_an_undo_is_in_the_database_when_the_process_is_killed(
    repo: Repository, report_id: int, db_path: Path
) -> None:
    child = start_narrative_child(CHILD, db_path, report_id)
    line = killed_after_first_line(child, 1)
    # Ctrl+Z saved what was typed since the pause (the same part's typing: one step), then took
    # that step back: the screen showed the section empty, and so does the database
    assert line == "undone"
    assert _texts(repo.load_report(report_id), "Mục bị ngắt") == []
