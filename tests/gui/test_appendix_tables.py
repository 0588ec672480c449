"""Phụ lục I and II: cells edited in place are saved; rows added, moved, removed; bad figures refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from cchc_desktop.gui import messages
from cchc_desktop.gui.pages.appendix_tables import PropagandaPage, RemediationPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository


def test_propaganda_rows(
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    shown_messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = window.show_page("phu-luc-1")
    assert isinstance(page, PropagandaPage)
    n = len(repo.load_report(report_id).propaganda)
    page.table.item(0, 3).setText("1.088")
    assert repo.load_report(report_id).propaganda[0].quantity == Decimal(1088)
    page.table.item(0, 3).setText("mười")
    assert shown_messages and "không phải là số" in shown_messages[-1]
    assert repo.load_report(report_id).propaganda[0].quantity == Decimal(1088)
    page.table.setCurrentCell(0, 1)
    page.add_row()
    rows = repo.load_report(report_id).propaganda
    assert len(rows) == n + 1 and rows[1].label == "" and rows[1].number == "02"
    page.table.item(1, 1).setText("Chỉ tiêu mới")
    page.move_row(1)
    assert repo.load_report(report_id).propaganda[2].label == "Chỉ tiêu mới"
    monkeypatch.setattr(messages, "confirm", lambda *_a: True)
    page.remove_row()
    assert len(repo.load_report(report_id).propaganda) == n


def test_remediation_multiline_cells_and_score(
    window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = window.show_page("phu-luc-2")
    assert isinstance(page, RemediationPage)
    page.table.item(0, 3).setText("7,5/10")
    page.table.item(0, 5).setText("Giải pháp một\nGiải pháp hai")
    item = repo.load_report(report_id).remediation[0]
    assert (item.score_got, item.score_max) == (Decimal("7.5"), Decimal(10))
    assert item.remedies == ["Giải pháp một", "Giải pháp hai"]


def test_rows_fit_their_text_once_the_columns_have_their_widths(
    qtbot: QtBot, window: ReportWindow
) -> None:
    """Row heights measured before the first layout (narrow columns) left tall empty rows."""
    window.resize(1366, 860)
    page = window.show_page("phu-luc-1")
    assert isinstance(page, PropagandaPage)
    qtbot.waitExposed(window)
    line = page.table.fontMetrics().lineSpacing()

    def heights() -> list[int]:
        return [page.table.rowHeight(r) for r in range(page.table.rowCount())]

    # every Phụ lục I label of the demo fits on one line at this width
    qtbot.waitUntil(lambda: max(heights()) < 2 * line + 8)


def test_tab_saves_the_cell_and_goes_on_to_the_next_one(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """A cell typed in and left with Tab: saved, and the cell to its right is the current one
    (the save re-reads the table; the cell being edited stays where the user is)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    from .conftest import type_text

    page = window.show_page("phu-luc-1")
    assert isinstance(page, PropagandaPage)
    table = page.table
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table.setFocus()
    table.setCurrentCell(0, 2)
    table.editItem(table.item(0, 2))
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, "Cuộc")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: repo.load_report(report_id).propaganda[0].unit == "Cuộc")
    assert (table.currentRow(), table.currentColumn()) == (0, 3)
    assert table.state() == QAbstractItemView.State.EditingState  # editing goes on there
