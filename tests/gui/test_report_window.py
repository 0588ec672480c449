"""The report window: Phụ lục III typed through key events, live findings, undo/redo, reopen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from cchc_desktop.gui.models.indicator_tree_model import COL_NOTE, COL_VALUE
from cchc_desktop.gui.pages.findings import FindingsPage
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.pages.registry import page_key
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository

from .conftest import type_text


def _page3(win: ReportWindow) -> IndicatorPage:
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    return page


def _open_editor(page: IndicatorPage, index: QModelIndex, first_key: str) -> QLineEdit:
    """Select the cell and type its first key as a user does: that key opens the editor."""
    page.tree.setFocus()
    page.tree.setCurrentIndex(index)
    type_text(page.tree, first_key)  # AnyKeyPressed opens the editor with this key
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    return editor


def _type_into_cell(qtbot: QtBot, page: IndicatorPage, index: QModelIndex, text: str) -> None:
    """Select the cell and type as a user does: the first key opens the editor, Enter commits."""
    editor = _open_editor(page, index, text[:1])
    type_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_page_names() -> None:
    assert page_key("Phụ lục III") == "phu-luc-3"
    assert page_key("phu-luc-1") == "phu-luc-1"
    assert page_key("Kiểm tra") == "kiem-tra"
    assert page_key("Thông tin chung") == "thong-tin-chung"
    assert page_key("nothing") is None


def test_typed_figures_reach_the_database_and_enter_moves_on(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    _type_into_cell(qtbot, page, page.value_index("1.1.1"), "1.088")
    assert repo.load_report(report_id).value("1.1.1") == Decimal(1088)
    # Enter went on to the next value row: typing there needs no mouse
    current = page.tree.currentIndex()
    assert page.model.indicator(current).code == "1.1.2"
    assert page.tree.currentIndex().column() == COL_VALUE
    _type_into_cell(qtbot, page, page.tree.currentIndex(), "20")
    assert repo.load_report(report_id).value("1.1.2") == Decimal(20)
    assert page.model.indicator(page.tree.currentIndex()).code == "1.1.3"


def test_tab_goes_to_the_note(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    editor = _open_editor(page, page.value_index("1.1.3"), "1")
    type_text(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert page.tree.currentIndex().column() == COL_NOTE
    type_text(page.tree, "G")
    note_editor = QApplication.focusWidget()
    assert isinstance(note_editor, QLineEdit)
    type_text(note_editor, "hi chú có dấu")
    qtbot.keyClick(note_editor, Qt.Key.Key_Return)
    saved = repo.load_report(report_id).values["1.1.3"]
    assert saved.value == Decimal(17) and saved.note == "Ghi chú có dấu"


def test_finding_appears_as_typed_and_goes_when_fixed(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    findings = window.page("kiem-tra")
    assert isinstance(findings, FindingsPage)

    def rule_ids() -> set[str]:
        return {f.rule for f in findings.model.items}

    assert "1.1.2<=1.1.1" not in rule_ids()
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), "40")  # 40 done of 38 assigned
    assert "1.1.2<=1.1.1" in rule_ids()
    cell = page.value_index("1.1.2")
    tooltip = str(cell.data(Qt.ItemDataRole.ToolTipRole))
    assert "Lỗi" in tooltip and "lớn hơn" in tooltip and "(1.1.1)" in tooltip
    assert "✖" in str(cell.data(Qt.ItemDataRole.DisplayRole))
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    # the other side of the rule is marked too
    assert "lớn hơn" in str(page.value_index("1.1.1").data(Qt.ItemDataRole.ToolTipRole))
    assert "lỗi" in window.page_list.item(5).text()

    # it explains itself at once, without hovering: in the status bar (and a tooltip at the cell)
    assert "lớn hơn" in window.statusBar().currentMessage()

    _type_into_cell(qtbot, page, page.value_index("1.1.2"), "19")
    assert "1.1.2<=1.1.1" not in rule_ids()
    assert page.value_index("1.1.2").data(Qt.ItemDataRole.BackgroundRole) is None
    assert repo.load_report(report_id).value("1.1.2") == Decimal(19)


def test_a_figure_that_breaks_a_rule_says_so_before_enter(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """Each key typed re-checks the rules on the figure being typed; nothing is saved until Enter,
    and a figure that breaks a rule can still be entered (the clerk may fix the other side)."""
    page = _page3(window)
    editor = _open_editor(page, page.value_index("1.1.2"), "4")  # 4 of 38 assigned: fine
    assert editor.property("severity") == "" and editor.toolTip() == ""
    type_text(editor, "0")  # 40 of 38: an error, shown while typing
    assert editor.property("severity") == "error"
    assert "lớn hơn" in editor.toolTip() and "(1.1.1)" in editor.toolTip()
    assert editor.property("invalid") is False  # a number: Enter is allowed
    assert repo.load_report(report_id).value("1.1.2") == Decimal(19)  # nothing saved yet
    assert window.session.findings_for("1.1.2") == []  # nor counted
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.property("severity") == "" and editor.toolTip() == ""
    type_text(editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert repo.load_report(report_id).value("1.1.2") == Decimal(40)
    assert [f.rule for f in window.session.findings_for("1.1.2")] == ["1.1.2<=1.1.1"]


def test_double_click_on_a_finding_selects_the_cell(qtbot: QtBot, window: ReportWindow) -> None:
    page = _page3(window)
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), "40")
    findings = window.show_page("kiem-tra")
    assert isinstance(findings, FindingsPage)
    row = next(i for i, f in enumerate(findings.model.items) if f.rule == "1.1.2<=1.1.1")
    window.statusBar().clearMessage()
    findings.table.doubleClicked.emit(findings.model.index(row, 1))
    assert window.current_key() == "phu-luc-3"
    assert page.model.indicator(page.tree.currentIndex()).code in ("1.1.2", "1.1.1")
    # the selected cell says what is wrong with it, for a keyboard user too
    assert "lớn hơn" in window.statusBar().currentMessage()


def test_text_that_is_not_a_number_is_refused_and_kept_in_the_editor(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    editor = _open_editor(page, page.value_index("1.1.1"), "a")
    assert editor.property("invalid") is True
    assert "không phải là số" in editor.toolTip()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is editor  # still editing
    assert repo.load_report(report_id).value("1.1.1") == Decimal(38)


def test_choice_row_edits_with_a_combo_of_labels(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    index = page.value_index("1.5")
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    assert any("Có" in combo.itemText(i) for i in range(combo.count()))
    combo.setCurrentIndex(combo.findData("1"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert repo.load_report(report_id).value("1.5") == Decimal(1)
    assert "1 - Có" in str(page.value_index("1.5").data(Qt.ItemDataRole.DisplayRole))


def test_undo_and_redo(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    _type_into_cell(qtbot, page, page.value_index("1.1.1"), "50")
    assert repo.load_report(report_id).value("1.1.1") == Decimal(50)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert repo.load_report(report_id).value("1.1.1") == Decimal(38)
    assert "38" in str(page.value_index("1.1.1").data(Qt.ItemDataRole.DisplayRole))
    qtbot.keyClick(page.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert repo.load_report(report_id).value("1.1.1") == Decimal(50)


def test_close_and_reopen_finds_everything(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    _type_into_cell(qtbot, page, page.value_index("2.1"), "7")
    window.close()
    again = ReportWindow(repo, report_id)
    page2 = again.show_page("phu-luc-3")
    assert isinstance(page2, IndicatorPage)
    assert page2.value_index("2.1").data(Qt.ItemDataRole.DisplayRole) == "7"
    again.close()


def test_filter_box_hides_other_rows_and_enter_skips_them(
    qtbot: QtBot, window: ReportWindow
) -> None:
    page = _page3(window)
    page.filter.setText("hoàn thành")
    idx = page.value_index("1.1.2")
    assert not page.tree.isRowHidden(idx.row(), idx.parent())
    hidden = page.value_index("2.1")
    assert page.tree.isRowHidden(hidden.row(), hidden.parent())
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), "19")
    nxt = page.model.indicator(page.tree.currentIndex()).code
    assert "hoàn thành" in page.model.indicator(page.tree.currentIndex()).label.casefold(), nxt
    page.filter.clear()
    assert not page.tree.isRowHidden(hidden.row(), hidden.parent())


def test_a_typed_figure_repaints_its_rows_not_the_whole_tree(
    qtbot: QtBot, repo: Repository, report_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keystroke-to-finding budget (16 ms): the editor taking and giving back the focus must
    not repaint every visible row (QAbstractItemView does that on each focus change)."""
    from cchc_desktop.gui.models.indicator_tree_model import IndicatorTreeModel

    painted: set[str] = set()
    real_data = IndicatorTreeModel.data

    def data(self: IndicatorTreeModel, index: QModelIndex, role: int = 0) -> object:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            painted.add(self.indicator(index).code)
        return real_data(self, index, role)

    monkeypatch.setattr(IndicatorTreeModel, "data", data)
    win = ReportWindow(repo, report_id)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    page = _page3(win)
    QApplication.processEvents()
    editor = _open_editor(page, page.value_index("1.1.2"), "4")
    type_text(editor, "0")
    QApplication.processEvents()
    painted.clear()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    # the edited row, the row Enter moved to, and the other side of the rule 1.1.2 <= 1.1.1
    assert painted and painted <= {"1.1.1", "1.1.2", "1.1.3"}, sorted(painted)
    win.close()
