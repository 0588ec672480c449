"""What is being typed in a cell is never replaced behind the user's back: the window's first
check, a re-check after another period changed, another writer's changes reloaded. Each of them
repaints the cells; the open editor keeps what was typed and Enter (or Tab, or leaving the cell)
saves it. Before a reload, a page's flush saves what an open editor holds (Phụ lục I/II, a
"Nơi nhận" line, a section title being renamed). The first check runs right after the window's
first paint, before a user can type; it repaints the cells as a re-check does. Driven through
the real window, read back from the database."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
)
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.gui.models.indicator_tree_model import COL_NOTE, COL_PREVIOUS
from cchc_desktop.gui.pages.appendix_tables import RemediationPage
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.report_window import CHECK_ELSEWHERE_MS, ReportWindow
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.repository import Repository

from .conftest import type_text
from .test_report_window import _open_editor


def _cchc(db: Path, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def _cli_sets(qtbot: QtBot, win: ReportWindow, db_path: Path, code: str, figure: int) -> None:
    """Another writer, the command line, sets a figure of the window's report; the window picks
    it up by itself (its check every few seconds) and reloads."""
    _cchc(db_path, "set", str(win.report_id), code, str(figure))
    qtbot.waitUntil(
        lambda: win.session.report.value(code) == Decimal(figure),
        timeout=CHECK_ELSEWHERE_MS * 2 + 2000,
    )
    qtbot.wait(50)  # the reload's repaints are done


def _window(qtbot: QtBot, repo: Repository, report_id: int) -> ReportWindow:
    win = ReportWindow(repo, report_id)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # the keys go to it
    return win


def _with_quarter(repo: Repository, report_id: int) -> int:
    q1 = ReportService(repo).copy_from_previous(report_id, Period(2024, PeriodKind.Q1)).id
    assert q1 is not None
    return q1


def test_a_figure_being_typed_survives_a_recheck_after_another_period_changed(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """A colleague changes quý I (the "Kỳ trước") while the user is typing a figure: the window's
    re-check repaints every cell; the figure half typed stays and is saved by Enter."""
    q1 = _with_quarter(repo, report_id)
    win = _window(qtbot, repo, report_id)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    qtbot.waitUntil(lambda: win.session.checked)
    editor = _open_editor(page, page.value_index("1.1.2"), "7")
    type_text(editor, "7")
    repo.set_values(q1, {"1.1.1": IndicatorValue(Decimal(1234))})  # another writer, quý I
    previous = page.value_index("1.1.1", COL_PREVIOUS)
    qtbot.waitUntil(
        lambda: previous.data(Qt.ItemDataRole.DisplayRole) == "1.234",
        timeout=CHECK_ELSEWHERE_MS * 2 + 2000,
    )
    assert QApplication.focusWidget() is editor
    type_text(editor, "8")  # still typing
    assert editor.text() == "778"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert repo.load_report(report_id).value("1.1.2") == Decimal(778)


def test_a_figure_being_typed_survives_another_writers_change_to_the_report(
    qtbot: QtBot, repo: Repository, report_id: int, db_path: Path
) -> None:
    """The command line changes another figure of this report while the user types one: the
    window reloads the report; the cell stays current and open with what was typed, the user
    goes on typing and Enter saves the whole figure, beside the other writer's."""
    win = _window(qtbot, repo, report_id)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    qtbot.waitUntil(lambda: win.session.checked)
    editor = _open_editor(page, page.value_index("1.1.2"), "7")
    scrolled = page.tree.verticalScrollBar().value()
    _cli_sets(qtbot, win, db_path, "2.1", 654)
    assert "nơi khác" in win.elsewhere_label.text()  # the reload is said
    # what has the keyboard is still the cell's editor, with what was typed
    typing = QApplication.focusWidget()
    assert typing is editor and editor.text() == "7"
    assert page.model.indicator(page.tree.currentIndex()).code == "1.1.2"
    assert page.tree.verticalScrollBar().value() == scrolled
    type_text(editor, "78")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    stored = repo.load_report(report_id)
    assert (stored.value("1.1.2"), stored.value("2.1")) == (Decimal(778), Decimal(654))
    assert page.model.data(page.value_index("2.1")) == "654"


def test_a_note_and_a_choice_being_edited_survive_the_recheck(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """The same for the note cell (a line edit without the figure check) and a choice cell (a
    combo whose choice is not yet committed)."""
    q1 = _with_quarter(repo, report_id)
    win = _window(qtbot, repo, report_id)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    qtbot.waitUntil(lambda: win.session.checked)
    tree = page.tree

    tree.setFocus()
    tree.setCurrentIndex(page.value_index("1.1.2", COL_NOTE))
    tree.edit(tree.currentIndex())
    note = QApplication.focusWidget()
    assert isinstance(note, QLineEdit)
    note.selectAll()
    type_text(note, "Ghi chú đang gõ")
    repo.set_values(q1, {"1.1.1": IndicatorValue(Decimal(4321))})
    previous = page.value_index("1.1.1", COL_PREVIOUS)
    qtbot.waitUntil(
        lambda: previous.data(Qt.ItemDataRole.DisplayRole) == "4.321",
        timeout=CHECK_ELSEWHERE_MS * 2 + 2000,
    )
    assert note.text() == "Ghi chú đang gõ"
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert repo.load_report(report_id).values["1.1.2"].note == "Ghi chú đang gõ"

    choice = page.value_index("1.4.2")
    stored = repo.load_report(report_id).value("1.4.2")
    tree.setFocus()
    tree.setCurrentIndex(choice)
    tree.edit(choice)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    picked = next(
        i for i in range(1, combo.count()) if combo.itemData(i) != str(stored or "")
    )  # a choice other than the stored one, picked from the keyboard
    while combo.currentIndex() != picked:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < picked else Qt.Key.Key_Up)
    repo.set_values(q1, {"1.1.1": IndicatorValue(Decimal(5678))})
    qtbot.waitUntil(
        lambda: previous.data(Qt.ItemDataRole.DisplayRole) == "5.678",
        timeout=CHECK_ELSEWHERE_MS * 2 + 2000,
    )
    assert combo.currentIndex() == picked
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert str(repo.load_report(report_id).value("1.4.2")) == combo.itemData(picked)


def _typing_a_remedy(
    qtbot: QtBot, repo: Repository, report_id: int, text: str
) -> tuple[ReportWindow, RemediationPage, QPlainTextEdit]:
    """The window on Phụ lục II, text typed at the end of the first row's remedies cell, the
    cell's editor still open."""
    win = _window(qtbot, repo, report_id)
    page = win.show_page("phu-luc-2")
    assert isinstance(page, RemediationPage)
    table = page.table
    table.setFocus()
    table.setCurrentCell(0, 5)
    table.editItem(table.item(0, 5))
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QPlainTextEdit)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(editor, text)
    return win, page, editor


def _remedies(repo: Repository, report_id: int) -> str:
    return "\n".join(repo.load_report(report_id).remediation[0].remedies)


def test_a_remediation_cell_being_typed_survives_another_writers_change(
    qtbot: QtBot, repo: Repository, report_id: int, db_path: Path
) -> None:
    """Typing in a Phụ lục II cell while the command line changes a figure: what was typed is
    saved before the window reloads the report, the cell's editor stays open with it, and
    leaving the cell saves what is typed after, beside the other writer's figure."""
    win, page, editor = _typing_a_remedy(qtbot, repo, report_id, " thêm đang gõ")
    typed = editor.toPlainText()
    _cli_sets(qtbot, win, db_path, "2.1", 654)
    assert _remedies(repo, report_id) == typed
    assert page.table.indexWidget(page.table.currentIndex()) is editor
    assert editor.toPlainText() == typed
    type_text(editor, " tiếp")
    page.table.setCurrentCell(1, 1)  # leaving the cell saves it
    qtbot.wait(50)
    assert _remedies(repo, report_id) == typed + " tiếp"
    assert repo.load_report(report_id).value("2.1") == Decimal(654)


def test_closing_the_window_while_typing_in_a_table_cell_saves_it(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    win, _page, editor = _typing_a_remedy(qtbot, repo, report_id, " gõ rồi đóng")
    typed = editor.toPlainText()
    win.close()
    assert _remedies(repo, report_id) == typed


def test_a_recipient_being_edited_survives_another_writers_change(
    qtbot: QtBot, repo: Repository, report_id: int, db_path: Path
) -> None:
    """Editing a "Nơi nhận" line in place while the command line changes a figure: the reload
    saves the line as typed so far and leaves its editor open; Enter saves the rest."""
    from PySide6.QtWidgets import QListWidget

    from cchc_desktop.gui.pages.header import HeaderPage

    win = _window(qtbot, repo, report_id)
    page = win.show_page("thong-tin-chung")
    assert isinstance(page, HeaderPage)
    listed: QListWidget = page.recipients
    before = list(repo.load_report(report_id).recipients)
    listed.setFocus()
    listed.setCurrentRow(0)
    listed.editItem(listed.item(0))
    editor = listed.indexWidget(listed.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.end(False)
    type_text(editor, " (bản sao)")
    _cli_sets(qtbot, win, db_path, "2.1", 321)
    assert repo.load_report(report_id).recipients[0] == before[0] + " (bản sao)"
    assert listed.indexWidget(listed.currentIndex()) is editor  # still open, still typing
    type_text(editor, " gửi")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt's delegate commits an Enter on the next turn of the event loop
    qtbot.waitUntil(lambda: listed.state() != QAbstractItemView.State.EditingState)
    stored = repo.load_report(report_id)
    assert stored.recipients == [before[0] + " (bản sao) gửi", *before[1:]]
    assert stored.value("2.1") == Decimal(321)
    assert listed.item(0).text() == before[0] + " (bản sao) gửi"


def test_a_section_title_being_renamed_is_saved_before_another_writers_change(
    qtbot: QtBot, repo: Repository, report_id: int, db_path: Path
) -> None:
    """Renaming a section of Nội dung in the outline (F2) while the command line changes a
    figure: the reload rebuilds the outline; the title typed so far is saved first."""
    from PySide6.QtWidgets import QTreeWidget

    from cchc_desktop.gui.pages.narrative import NarrativePage

    win = _window(qtbot, repo, report_id)
    page = win.show_page("noi-dung")
    assert isinstance(page, NarrativePage)
    outline: QTreeWidget = page.outline
    item = outline.topLevelItem(1)  # section I
    outline.setFocus()
    outline.setCurrentItem(item)
    qtbot.keyClick(outline, Qt.Key.Key_F2)
    editor = outline.indexWidget(outline.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, "Tên mục mới đang gõ")
    _cli_sets(qtbot, win, db_path, "2.1", 432)
    stored = repo.load_report(report_id)
    assert stored.narrative.sections[0].title == "Tên mục mới đang gõ"
    assert stored.value("2.1") == Decimal(432)
    assert outline.topLevelItem(1).text(0).endswith("Tên mục mới đang gõ")
