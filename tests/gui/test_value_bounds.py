"""Phụ lục III editor: a value its indicator can never take keeps the editor open with the reason;
a long figure stored by an older version paints and can be cleared."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository

from .conftest import type_text

PI_29 = "3,1428571428571428571428571428571"


def _page3(win: ReportWindow) -> IndicatorPage:
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    return page


def _type_in(page: IndicatorPage, code: str, text: str) -> QLineEdit:
    """Select the cell and type as a user does: the first key opens the editor."""
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.value_index(code))
    type_text(page.tree, text[:1])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    type_text(editor, text[1:])
    return editor


@pytest.mark.parametrize(
    ("code", "text", "reason"),
    [
        ("1.1.2", "-5", "là số âm; số đếm phải là số nguyên từ 0 trở lên"),
        ("1.1.2", "1,5", "không phải số nguyên"),
        ("3.3.3", "120", "nằm ngoài khoảng 0-100 của tỷ lệ %"),
        ("3.3.3", "-1%", "là số âm"),
        ("7.1.5", "-0,5", "là số âm"),
        ("1.1.1", "1 2", "có khoảng trắng giữa các chữ số"),
        ("7.1.5", PI_29, "có quá 15 chữ số"),
    ],
)
@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_the_editor_stays_open_with_the_reason(  # noqa: PLR0917
    qtbot: QtBot,
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    code: str,
    text: str,
    reason: str,
    key: Qt.Key,
) -> None:
    page = _page3(window)
    before = repo.load_report(report_id).values.get(code)
    editor = _type_in(page, code, text)
    assert editor.property("invalid") is True
    assert reason in editor.toolTip() and f"Chỉ tiêu {code}" in editor.toolTip()
    assert editor.property("severity") == "error"
    qtbot.keyClick(editor, key)
    assert QApplication.focusWidget() is editor  # still editing: what was typed is kept
    assert editor.text() == text
    assert repo.load_report(report_id).values.get(code) == before  # nothing written
    # Escape leaves the cell as it was
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor)
    assert repo.load_report(report_id).values.get(code) == before


def test_a_fine_value_after_a_refused_one_is_entered(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    editor = _type_in(page, "1.1.2", "-5")
    assert editor.property("invalid") is True
    editor.selectAll()
    type_text(editor, "25")
    assert editor.property("invalid") is False
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert repo.load_report(report_id).value("1.1.2") == Decimal(25)


@pytest.fixture
def old_window(
    qtbot: QtBot, repo: Repository, report_id: int, db_path: Path
) -> Iterator[ReportWindow]:
    """The reference report after an older version stored a 31-digit figure and a huge percentage,
    opened in its window."""
    import shiboken6

    with sqlite3.connect(db_path) as con:
        con.executemany(
            "INSERT OR REPLACE INTO indicator_values (report_id, code, number, text, note) "
            "VALUES (?, ?, ?, NULL, '')",
            [
                (report_id, "7.1.5", PI_29.replace(",", ".")),
                (report_id, "3.3.3", "100000000000000000000000000000.5"),
            ],
        )
    win = ReportWindow(repo, report_id)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if shiboken6.isValid(win):
        win.close()


def test_a_long_stored_figure_paints_and_can_be_cleared(
    qtbot: QtBot, old_window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(old_window)
    page.tree.scrollTo(page.value_index("7.1.5"))
    assert not old_window.grab().isNull()  # a full repaint of the page
    shown = str(page.value_index("7.1.5").data(Qt.ItemDataRole.DisplayRole))
    assert PI_29 in shown
    assert "100.000.000.000.000.000.000.000.000.000,5%" in str(
        page.value_index("3.3.3").data(Qt.ItemDataRole.DisplayRole)
    )
    old_window.show_page("kiem-tra")
    assert not old_window.grab().isNull()
    page = _page3(old_window)

    # clearing it as a user does: type over it, erase, Enter
    editor = _type_in(page, "7.1.5", "1")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.text() == "" and editor.property("invalid") is False
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "7.1.5" not in repo.load_report(report_id).values
    assert not old_window.grab().isNull()
