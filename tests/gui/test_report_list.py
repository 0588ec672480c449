"""The start window: new report, delete with confirmation, "Tạo từ kỳ trước", screenshot entry point."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.gui import messages
from cchc_desktop.gui.app import main
from cchc_desktop.gui.forms import child
from cchc_desktop.gui.main_window import CopyReportDialog, NewReportDialog, ReportListWindow
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

from .conftest import type_text


@pytest.fixture
def window(qtbot: QtBot, repo: Repository) -> ReportListWindow:
    win = ReportListWindow(repo)
    qtbot.addWidget(win)
    win.show()
    return win


def test_new_report_dialog_creates_the_report(
    qtbot: QtBot, window: ReportListWindow, repo: Repository
) -> None:
    dlg = NewReportDialog(window.service, window)
    qtbot.addWidget(dlg.dialog)
    dlg.unit.setCurrentText("Sở Tư pháp")
    type_text(child(dlg.dialog, QLineEdit, "parentEdit"), "UBND TỈNH HÀ TĨNH")
    qtbot.keyClicks(child(dlg.dialog, QLineEdit, "abbrEdit"), "STP")
    type_text(child(dlg.dialog, QLineEdit, "placeEdit"), "Hà Tĩnh")
    period = child(dlg.dialog, QComboBox, "periodCombo")
    period.setCurrentIndex(period.findData("9M"))
    child(dlg.dialog, QSpinBox, "yearSpin").setValue(2024)
    child(dlg.dialog, QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Ok
    ).click()
    assert dlg.created_id is not None
    saved = repo.load_report(dlg.created_id)
    assert saved.unit.name == "Sở Tư pháp"
    assert saved.unit.parent_authority == "UBND TỈNH HÀ TĨNH"
    assert saved.symbol == "BC-STP"
    assert saved.period == Period(2024, PeriodKind.M9)
    assert saved.subject == "Cải cách hành chính 9 tháng năm 2024"
    window.refresh(dlg.created_id)
    assert window.selected_id() == dlg.created_id
    assert window.model.rowCount() == 1


def test_delete_asks_and_respects_the_answer(
    window: ReportListWindow, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    report, _ = ReportService(repo).create_demo()
    window.refresh(report.id)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, q, *_a: asked.append(q) or False)
    window.delete_selected()
    assert asked and "Xóa báo cáo 6 tháng đầu năm 2024 của Sở Tài chính" in asked[0]
    assert [r.id for r in repo.list_reports()] == [report.id]
    monkeypatch.setattr(messages, "confirm", lambda *_a: True)
    window.delete_selected()
    assert repo.list_reports() == []
    assert window.model.rowCount() == 0


def test_copy_from_previous_copies_text_not_figures(
    qtbot: QtBot, window: ReportListWindow, repo: Repository
) -> None:
    source, _ = ReportService(repo).create_demo()
    assert source.id is not None
    window.refresh(source.id)
    dlg = CopyReportDialog(window.service, repo.list_reports(), source.id, window)
    qtbot.addWidget(dlg.dialog)
    # the next period is suggested: 6 tháng -> 9 tháng of the same year
    assert dlg.period.currentData() == "9M" and dlg.year.value() == 2024
    assert not dlg.figures.isChecked()
    child(dlg.dialog, QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Ok
    ).click()
    assert dlg.created_id is not None
    new = repo.load_report(dlg.created_id)
    assert new.period == Period(2024, PeriodKind.M9)
    assert new.subject == "Cải cách hành chính 9 tháng năm 2024"
    assert new.signer == source.signer
    assert new.recipients == source.recipients and new.recipients[-1].startswith("Lưu")
    assert new.unit.name == source.unit.name
    assert [s.title for s in new.narrative.sections] == [s.title for s in source.narrative.sections]
    assert [f.text for f in new.footnotes] == [f.text for f in source.footnotes]
    assert [r.label for r in new.propaganda] == [r.label for r in source.propaganda]
    assert all(r.quantity is None for r in new.propaganda)
    assert [m.criterion for m in new.remediation] == [m.criterion for m in source.remediation]
    assert new.values == {}
    assert new.number == "" and new.date is None


def test_copy_with_figures(qtbot: QtBot, window: ReportListWindow, repo: Repository) -> None:
    source, _ = ReportService(repo).create_demo()
    assert source.id is not None
    dlg = CopyReportDialog(window.service, repo.list_reports(), source.id, window)
    qtbot.addWidget(dlg.dialog)
    dlg.figures.setChecked(True)
    child(dlg.dialog, QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Ok
    ).click()
    assert dlg.created_id is not None
    new = repo.load_report(dlg.created_id)
    assert new.values["1.1.1"] == IndicatorValue(Decimal(38), source.values["1.1.1"].note)


def test_screenshot_of_the_list_and_of_a_page(tmp_path: Path, db_path: Path) -> None:
    engine = open_engine(db_path)
    report, _ = ReportService(Repository(engine)).create_demo()
    engine.dispose()
    shot = tmp_path / "list.png"
    assert main(["--db", str(db_path), "--screenshot", str(shot), "--size", "900x600"]) == 0
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = tmp_path / "p3.png"
    args = ["--db", str(db_path), "--open", str(report.id), "--page", "Phụ lục III"]
    assert main([*args, "--screenshot", str(page), "--size", "900x600"]) == 0
    assert page.stat().st_size > 10_000
    # an unknown report is a Vietnamese error on stderr and exit 2, never a hang on a dialog
    assert main(["--db", str(db_path), "--open", "999", "--screenshot", str(page)]) == 2
