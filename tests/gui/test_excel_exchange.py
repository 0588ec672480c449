"""Phụ lục III's “Xuất Excel…” / “Nhập Excel…”: export, edit the workbook, preview, import, undo."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from cchc_desktop.gui import messages, settings, xlsx_dialogs
from cchc_desktop.gui.forms import child
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[xlsx_dialogs.ImportPreviewDialog]:
    """The preview dialog answers “Nhập” without a modal loop when it offers the button."""
    seen: list[xlsx_dialogs.ImportPreviewDialog] = []

    def exec_(self: xlsx_dialogs.ImportPreviewDialog) -> int:
        seen.append(self)
        accepted = QDialog.DialogCode.Accepted.value
        return accepted if self.apply_button is not None else QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(xlsx_dialogs.ImportPreviewDialog, "exec", exec_)
    return seen


def _page3(win: ReportWindow) -> IndicatorPage:
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    return page


def _edit(path: Path, changes: dict[str, Any]) -> None:
    """Change figures the way a sub-unit's Excel does: the value column (D) of the code's row."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Phụ lục III"]
    rows = {str(ws.cell(r, 1).value).strip(): r for r in range(1, ws.max_row + 1)}
    for code, value in changes.items():
        ws.cell(rows[code], 4).value = value
    wb.save(path)


def _run(qtbot: QtBot, flow: xlsx_dialogs.XlsxFlow) -> Any:
    with qtbot.waitSignal(flow.finished, timeout=20_000) as blocker:
        pass
    return blocker.args[0]


def test_export_then_import_an_edited_workbook(
    qtbot: QtBot,
    window: ReportWindow,
    *,
    repo: Repository,
    report_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    previews: list[xlsx_dialogs.ImportPreviewDialog],
) -> None:
    page = _page3(window)
    target = tmp_path / "so-lieu.xlsx"
    asked: list[str] = []

    def save_name(_parent: object, title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "so-lieu"), _filter  # no extension typed: .xlsx is added

    offered: list[list[str]] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(messages, "choose", lambda _p, _m, b, *_a: offered.append(b) or -1)
    # the button on the page, as the user clicks it
    flow_holder: list[xlsx_dialogs.XlsxFlow] = []
    real_start = xlsx_dialogs.XlsxFlow.start_export
    monkeypatch.setattr(
        xlsx_dialogs.XlsxFlow,
        "start_export",
        lambda self, path=None: flow_holder.append(self) or real_start(self, path),
    )
    child(page.form, QPushButton, "exportXlsxButton").click()
    assert _run(qtbot, flow_holder[0]) == target
    assert asked and asked[0].endswith(".xlsx") and "6 tháng đầu năm 2024" in asked[0]
    assert offered == [["Mở tệp", "Mở thư mục"]]
    assert settings.last_folder() == str(tmp_path)

    _edit(target, {"1.1.1": 40, "2.1": "5"})
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(target), ""))
    flow = page.import_xlsx()
    assert _run(qtbot, flow) == 2
    # the preview showed old -> new before anything was applied
    table = previews[0].table
    rows = {
        table.item(r, 0).text(): (table.item(r, 2).text(), table.item(r, 3).text())
        for r in range(table.rowCount())
    }
    assert rows["1.1.1"] == ("38", "40")
    assert rows["2.1"][1] == "5"
    saved = repo.load_report(report_id)
    assert saved.value("1.1.1") == Decimal(40) and saved.value("2.1") == Decimal(5)
    # the database as it was before the import is kept in backups/ (it held 38)
    [backup] = (repo.path.parent / "backups").glob("*-truoc-nhap-excel.sqlite3")
    before_import = Repository(open_engine(backup, create=False))
    assert before_import.load_report(report_id).value("1.1.1") == Decimal(38)
    before_import.engine.dispose()
    # the tree shows the imported figures, and the import is one undoable step
    assert "40" in str(page.value_index("1.1.1").data())
    assert window.ctrl.undo_stack.undoText().startswith("Nhập 2 số liệu")
    window.ctrl.undo()
    assert repo.load_report(report_id).value("1.1.1") == Decimal(38)
    assert "38" in str(page.value_index("1.1.1").data())
    window.ctrl.redo()
    assert repo.load_report(report_id).value("1.1.1") == Decimal(40)


def test_import_with_errors_changes_nothing(
    qtbot: QtBot,
    window: ReportWindow,
    *,
    repo: Repository,
    report_id: int,
    tmp_path: Path,
    previews: list[xlsx_dialogs.ImportPreviewDialog],
) -> None:
    page = _page3(window)
    path = tmp_path / "x.xlsx"
    assert _run(qtbot, page.export_xlsx(path)) == path
    _edit(path, {"1.1.1": -3, "2.1": 9})  # one bad figure: all or nothing
    flow = page.import_xlsx(path)
    assert _run(qtbot, flow) is None
    dialog = previews[0]
    assert dialog.apply_button is None and dialog.errors.count() == 1
    assert "Phụ lục III!D" in dialog.errors.item(0).text()
    saved = repo.load_report(report_id)
    assert saved.value("1.1.1") == Decimal(38) and saved.value("2.1") != Decimal(9)
    assert not window.ctrl.undo_stack.canUndo()


def test_a_file_that_is_not_a_workbook_is_a_vietnamese_dialog(
    qtbot: QtBot,
    window: ReportWindow,
    *,
    repo: Repository,
    report_id: int,
    tmp_path: Path,
    shown_messages: list[str],
    previews: list[xlsx_dialogs.ImportPreviewDialog],
) -> None:
    page = _page3(window)
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"this is not a zip file")
    flow = page.import_xlsx(path)
    assert _run(qtbot, flow) is None
    assert not previews
    assert shown_messages and flow.error == shown_messages[-1]
    assert "Traceback" not in flow.error and "hong.xlsx" in flow.error
    assert repo.load_report(report_id).value("1.1.1") == Decimal(38)
