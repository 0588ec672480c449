"""The start window's list reads each report's figure summary kept by triggers (migration 0010):
a figure added or damaged by hand in SQLite, after the app wrote it, shows in the list as the
report's values say (the count of its "Chỉ tiêu đã nhập" cell; a damaged report named in the
status bar and left out), in the window the app opens with."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.models.report_list_model import COLUMNS
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.quick import StartupStore
from cchc_desktop.storage.repository import Repository

FILLED = COLUMNS.index("Chỉ tiêu đã nhập")


@pytest.fixture
def two_reports(tmp_path: Path) -> tuple[Path, int, int]:
    path = tmp_path / "cchc.sqlite3"
    engine = open_engine(path)
    service = ReportService(Repository(engine))
    demo, _ = service.create_demo()
    assert demo.id is not None
    from cchc_desktop.domain.periods import Period, PeriodKind

    other = service.copy_from_previous(demo.id, Period(2024, PeriodKind.Y), with_figures=True)
    assert other.id is not None
    engine.dispose()
    return path, demo.id, other.id


def _raw(db: Path, sql: str, *params: object) -> None:
    con = sqlite3.connect(db)
    with con:
        con.execute(sql, params)
    con.close()


@pytest.fixture
def opened(qtbot: QtBot, two_reports: tuple[Path, int, int]) -> Iterator[ReportListWindow]:
    store = StartupStore(two_reports[0])
    win = ReportListWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    store.dispose()


def _cells(win: ReportListWindow) -> dict[int, str]:
    model = win.model
    return {
        int(model.index(row, 0).data(Qt.ItemDataRole.UserRole + 2)): str(
            model.index(row, FILLED).data(Qt.ItemDataRole.DisplayRole)
        )
        for row in range(model.rowCount())
    }


def test_a_figure_cleared_by_hand_shows_in_the_list(
    qtbot: QtBot, two_reports: tuple[Path, int, int]
) -> None:
    path, demo, other = two_reports
    _raw(path, "DELETE FROM indicator_values WHERE report_id = ? AND code = '1.1.1'", demo)
    store = StartupStore(path)
    try:
        win = ReportListWindow(store)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        assert _cells(win) == {demo: "79/105 chỉ tiêu", other: "80/105 chỉ tiêu"}
    finally:
        store.dispose()


def test_a_figure_damaged_by_hand_is_named_and_its_report_left_out(
    opened: ReportListWindow, two_reports: tuple[Path, int, int]
) -> None:
    path, demo, other = two_reports
    assert set(_cells(opened)) == {demo, other}
    assert not opened.statusBar().currentMessage()
    _raw(
        path,
        "UPDATE indicator_values SET number = '3x8' WHERE report_id = ? AND code = '1.1.2'",
        demo,
    )
    opened.refresh()  # as after any change the window hears of
    assert set(_cells(opened)) == {other}
    message = opened.statusBar().currentMessage()
    assert f"báo cáo số hiệu {demo}" in message and "chỉ tiêu 1.1.2" in message
