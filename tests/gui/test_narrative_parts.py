"""The narrative stored part by part (migration 0011): text typed in the real window into several
parts (the opening, a sub-section, the closing) is in the database after the process is killed,
each in its own part and every other part unchanged; undo and redo of typing write that part."""

from __future__ import annotations

from pathlib import Path

from _child_support import killed_after_first_line, start_narrative_child
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.outline import CLOSING, INTRO, paragraphs_of
from cchc_desktop.domain.report import Paragraph, Run
from cchc_desktop.domain.serialize import narrative_to_dict
from cchc_desktop.gui.pages.narrative import COMMIT_DELAY_MS, NarrativePage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository

from .conftest import type_text

PAST_THE_TIMER_MS = COMMIT_DELAY_MS * 2 + 300
# the parts typed in: the opening, the second child of section II, the closing
PARTS = {INTRO: "Mở đầu thêm.", "s:1.1": "Mục con thêm “có ngoặc”.", CLOSING: "Kết thúc thêm."}

# run after the window is open on Nội dung (_child_support.start_narrative_child)
CHILD = """
items = []
def walk(item):
    items.append(item)
    for i in range(item.childCount()):
        walk(item.child(i))
for i in range(page.outline.topLevelItemCount()):
    walk(page.outline.topLevelItem(i))
by_part = {{str(it.data(0, Qt.ItemDataRole.UserRole)): it for it in items}}
for part, text in {parts!r}.items():
    page.outline.setCurrentItem(by_part[part])
    page.editor.setFocus()
    page.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(page.editor, " " + text)
    loop = QEventLoop()
    QTimer.singleShot({wait}, loop.quit)  # past the save timer: saved by itself, no flush
    loop.exec()
print("typed", flush=True)
app.exec()
"""


def _expected(repo: Repository, report_id: int) -> dict[str, object]:
    """The narrative as stored now with each part's typed text at the end of its last paragraph."""
    report = repo.load_report(report_id)
    for part, text in PARTS.items():
        paragraphs = paragraphs_of(report, part)
        if paragraphs:
            paragraphs[-1].runs.append(Run(" " + text))
        else:
            paragraphs.append(Paragraph([Run(" " + text)]))
    return narrative_to_dict(report.narrative)


def test_typing_in_three_parts_then_a_kill_keeps_each_part(
    repo: Repository, report_id: int, db_path: Path
) -> None:
    before = narrative_to_dict(repo.load_report(report_id).narrative)
    expected = _expected(repo, report_id)
    child = start_narrative_child(
        CHILD.format(parts=PARTS, wait=PAST_THE_TIMER_MS), db_path, report_id
    )
    assert killed_after_first_line(child, 1, timeout=60) == "typed"
    # reopened from the file: the three parts hold their typed text, every other part and the
    # outline are as they were (the runs the editor writes may be merged: compare the text)
    after = repo.load_report(report_id)
    stored = narrative_to_dict(after.narrative)
    assert stored != before
    for part, text in PARTS.items():
        assert paragraphs_of(after, part)[-1].text.endswith(" " + text), part
    assert _texts_by_part(stored) == _texts_by_part(expected)


def _texts_by_part(narrative: dict[str, object]) -> list[tuple[str, list[str]]]:
    """Each part's heading and its paragraphs' text, in document order."""
    out: list[tuple[str, list[str]]] = []

    def text(p: dict[str, object]) -> str:
        runs = p["runs"]
        assert isinstance(runs, list)
        return "".join(r.get("text", "") for r in runs)

    def walk(sections: object) -> None:
        assert isinstance(sections, list)
        for s in sections:
            out.append((s["title"], [text(p) for p in s["paragraphs"]]))
            walk(s["children"])

    intro, closing = narrative["intro"], narrative["closing"]
    assert isinstance(intro, list) and isinstance(closing, list)
    out.append(("(mở đầu)", [text(p) for p in intro]))
    walk(narrative["sections"])
    out.append(("(kết thúc)", [text(p) for p in closing]))
    return out


def test_undo_and_redo_of_typing_write_that_part_alone(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = window.show_page("noi-dung")
    assert isinstance(page, NarrativePage)
    original = _texts_by_part(narrative_to_dict(repo.load_report(report_id).narrative))
    closing = page.outline.topLevelItem(page.outline.topLevelItemCount() - 1)
    page.outline.setCurrentItem(closing)
    page.editor.setFocus()
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    type_text(page.editor, " cuối")
    qtbot.wait(PAST_THE_TIMER_MS)
    typed = _texts_by_part(narrative_to_dict(repo.load_report(report_id).narrative))
    assert typed[:-1] == original[:-1]
    assert typed[-1][1][-1] == original[-1][1][-1] + " cuối"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            _texts_by_part(narrative_to_dict(repo.load_report(report_id).narrative)) == original
        ),
        timeout=5000,
    )
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: _texts_by_part(narrative_to_dict(repo.load_report(report_id).narrative)) == typed,
        timeout=5000,
    )
