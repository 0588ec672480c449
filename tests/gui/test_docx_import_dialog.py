"""“Nhập từ tệp Word…” in the report list: the menu entry opens the file chooser, the review shows what
was and was not recognised, the next period is proposed when the unit reported this one, and
“Tạo báo cáo” saves the new report and opens it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.gui import docx_import_dialog
from cchc_desktop.gui.docx_import_dialog import DocxImportDialog
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.services.catalogs import get_catalog
from cchc_desktop.services.export_docx import export_docx
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.repository import Repository

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


@pytest.fixture
def demo_docx(repo: Repository, tmp_path: Path) -> Path:
    report, _ = ReportService(repo).create_demo()
    path = tmp_path / "ky-truoc.docx"
    export_docx(report, get_catalog(report.catalog_id), path, draft=True, findings=[])
    return path


def _press_ok_in_modal(seen: list[DocxImportDialog], tries: int = 50) -> None:
    """Find the review dialog once its modal loop runs and press “Tạo báo cáo”; close it a second
    later if it is still open, so the test can never hang."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, DocxImportDialog):
        if tries > 0:
            QTimer.singleShot(50, lambda: _press_ok_in_modal(seen, tries - 1))
        return
    seen.append(dialog)
    dialog.findChild(QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Ok
    ).click()
    # bound to the dialog: the timer dies with it instead of firing into the next test
    QTimer.singleShot(1000, dialog, lambda: dialog.reject() if dialog.isVisible() else None)


def test_the_list_menu_imports_last_periods_report_into_the_next_period(
    qtbot: QtBot, repo: Repository, demo_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = ReportListWindow(repo)
    qtbot.addWidget(window)
    window.show()
    monkeypatch.setattr(
        docx_import_dialog.QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_a, **_k: (str(demo_docx), "")),
    )
    seen: list[DocxImportDialog] = []
    QTimer.singleShot(0, lambda: _press_ok_in_modal(seen))
    action = window.findChild(QAction, "importDocxAction")
    assert (
        action.text() == "Nhập từ tệp &Word…"
        and action in window.menuBar().actions()[0].menu().actions()
    )
    action.trigger()
    qtbot.waitUntil(lambda: len(repo.list_reports()) == 2, timeout=5000)

    assert seen, "the review dialog was not shown"
    review = seen[0]
    # the unit reported 6 tháng 2024 already: the review proposed 9 tháng 2024
    assert review.chosen_period() == Period(2024, PeriodKind.M9)
    assert review.unit.text() == "Sở Tài chính" and review.abbreviation.text() == "STC"
    tops = [review.tree.topLevelItem(i).text(0) for i in range(review.tree.topLevelItemCount())]
    assert tops[0] == "Đã nhận ra (11)"
    assert any(t.startswith("Giữ là đoạn văn") for t in tops)
    new = [s for s in repo.list_reports() if s.period == Period(2024, PeriodKind.M9)]
    assert len(new) == 1
    report = repo.load_report(new[0].id)
    assert report.subject == "Cải cách hành chính 9 tháng năm 2024"
    assert len(report.footnotes) == 4 and len(report.values) == 84
    assert report.signer.name == "Phạm Chí Hiếu"
    assert new[0].id in window.windows  # opened
    for win in list(window.windows.values()):
        win.close()


def test_the_review_warns_before_saving_over_a_reported_period(
    qtbot: QtBot, repo: Repository, demo_docx: Path
) -> None:
    window = ReportListWindow(repo)
    qtbot.addWidget(window)
    dialog = docx_import_dialog.review_dialog(window, demo_docx)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.period.setCurrentIndex(dialog.period.findData("H1"))
    assert "đã có báo cáo 6 tháng đầu năm 2024" in dialog.warning.text()
    dialog.unit.setText("")
    assert "Chưa có tên đơn vị" in dialog.warning.text()
    dialog.unit.setText("Sở Tài chính thử")
    assert dialog.warning.isHidden()


def test_a_broken_file_is_explained_and_nothing_is_written(
    qtbot: QtBot, repo: Repository, tmp_path: Path, shown_messages: list[str]
) -> None:
    window = ReportListWindow(repo)
    qtbot.addWidget(window)
    bad = tmp_path / "cu.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert docx_import_dialog.import_docx(window, bad) is None
    assert any("Word 97-2003 (.doc)" in m for m in shown_messages)
    assert repo.list_reports() == []
