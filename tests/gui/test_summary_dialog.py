"""“Tổng hợp báo cáo các đơn vị…” from the report list: preview, the per-unit table, apply."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.summary_dialog import SummaryDialog
from cchc_desktop.services.reports import ReportService, parse_period
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.quick import StartupStore
from cchc_desktop.storage.repository import Repository

UNITS = {"Sở A": (10, 1), "Sở B": (20, 0), "Sở C": (5, 0)}


@pytest.fixture
def units_db(tmp_path: Path) -> Path:
    path = tmp_path / "cchc.sqlite3"
    engine = open_engine(path)
    repo = Repository(engine)
    for name, (count, choice) in UNITS.items():
        r = ReportService(repo).new_report(name, parse_period("H1", 2024))
        assert r.id is not None
        repo.set_values(
            r.id, {"1.1.1": IndicatorValue(Decimal(count)), "1.5": IndicatorValue(Decimal(choice))}
        )
    engine.dispose()
    return path


@pytest.fixture
def list_window(qtbot: QtBot, units_db: Path) -> Iterator[ReportListWindow]:
    store = StartupStore(units_db)
    win = ReportListWindow(store)
    qtbot.addWidget(win)
    win.show()
    yield win
    store.dispose()


def test_summary_dialog_previews_writes_the_table_and_applies(
    qtbot: QtBot, list_window: ReportListWindow, units_db: Path, tmp_path: Path
) -> None:
    dialog = list_window.open_summary()
    assert isinstance(dialog, SummaryDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.kind.setCurrentIndex(dialog.kind.findData("H1"))
    dialog.year.setValue(2024)
    dialog.unit.setCurrentText("UBND tỉnh")
    assert not dialog.apply_button.isEnabled()
    plan = dialog.preview()
    assert plan is not None
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text()
        for r in range(dialog.table.rowCount())
    }
    assert rows["1.1.1"] == "35"
    assert rows["1.5"] == "Có"
    table = dialog.export_table(tmp_path / "bang.xlsx")
    assert table is not None
    ws = load_workbook(table)["Tổng hợp"]
    found = {ws.cell(r, 1).value: [c.value for c in ws[r]][3:] for r in range(4, ws.max_row + 1)}
    header = [c.value for c in ws[3]][3:]
    assert dict(zip(header, found["1.1.1"], strict=True)) == {
        "Sở A": 10,
        "Sở B": 20,
        "Sở C": 5,
        "Tổng hợp": 35,
    }
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    engine = open_engine(units_db)
    repo = Repository(engine)
    [summary] = [r for r in repo.list_reports() if r.unit == "UBND tỉnh"]
    assert repo.load_report(summary.id).value("1.1.1") == 35
    parts = repo.provenance(summary.id).parts_of("1.1.1")
    assert sorted((p.unit, p.value) for p in parts) == [
        ("Sở A", 10),
        ("Sở B", 20),
        ("Sở C", 5),
    ]
    engine.dispose()


def test_summary_dialog_says_why_it_cannot(qtbot: QtBot, list_window: ReportListWindow) -> None:
    dialog = list_window.open_summary()
    assert isinstance(dialog, SummaryDialog)
    dialog.unit.setCurrentText("")
    assert dialog.preview() is None
    assert "Chưa nhập tên đơn vị" in dialog.summary.text()
    dialog.close()
