"""Tệp > Nhập biểu thống kê…: the review dialog of a province's Word form, driven as a user does
(menu, file chooser, a kind changed in the table, Lưu); the stored catalog has the change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from _form_support import EXPECTED, write_form
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog

from cchc_desktop.gui.catalog_import_dialog import (
    COL_CODE,
    COL_KIND,
    COL_PARENT,
    COL_PRINTED,
    CatalogReviewDialog,
)
from cchc_desktop.gui.main_window import ReportListWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from cchc_desktop.storage.repository import Repository


def _menu_action(window: ReportListWindow) -> QAction:
    for action in window.findChildren(QAction):
        if action.text().replace("&", "") == "Nhập biểu thống kê (Word, Excel)…":
            return action
    raise AssertionError("no menu action")


def test_change_a_kind_in_the_review_and_save(
    qtbot: QtBot, repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = write_form(tmp_path / "Bieu Ha Tinh 2025.docx")
    window = ReportListWindow(repo)
    qtbot.addWidget(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(form), ""))
    seen: dict[str, object] = {}
    tries: list[int] = []

    def review() -> None:
        # acts only; the assertions run after the modal loop has returned
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CatalogReviewDialog):
            if len(tries) < 250:
                tries.append(1)
                QTimer.singleShot(20, review)
            return
        try:
            act(dialog)
        finally:
            if dialog.isVisible():  # whatever went wrong, the modal loop ends: no test hangs
                dialog.reject()

    def act(dialog: CatalogReviewDialog) -> None:
        table = dialog.table
        seen["rows"] = table.rowCount()
        seen["codes"] = [table.item(r, COL_CODE).text() for r in range(table.rowCount())]
        seen["printed"] = table.item(5, COL_PRINTED).text()
        seen["parent"] = table.item(5, COL_PARENT).text()
        # row 2.1 (printed unit "Theo QĐ 2394/QĐ-UBND") was read as text: the user makes it a score
        combo = dialog.kind_combo(11)
        seen["before"] = combo.currentText()
        combo.setCurrentIndex(combo.findText("số"))
        seen["after"] = dialog.kind_combo(11).currentText()
        dialog.id_edit.setText("ha-tinh-2025")
        dialog.version_edit.setText("2025.1")
        dialog.save_button.click()

    QTimer.singleShot(20, review)
    _menu_action(window).trigger()
    qtbot.waitUntil(
        lambda: "ha-tinh-2025@2025.1" in window.statusBar().currentMessage(), timeout=5000
    )
    assert seen["rows"] == len(EXPECTED)
    assert seen["codes"] == [e[0] for e in EXPECTED]
    assert (seen["printed"], seen["parent"]) == ("1.1.1.", "1.2")  # broken number, right parent
    assert (seen["before"], seen["after"]) == ("văn bản", "số")

    from cchc_desktop.services.catalogs import CatalogRegistry

    saved = CatalogRegistry(repo).get("ha-tinh-2025", "2025.1")
    assert saved.get("2.1").kind.value == "decimal"
    assert [(i.code, i.parent) for i in saved] == [(e[0], e[2]) for e in EXPECTED]


def test_a_refused_save_keeps_the_dialog_open_and_saves_nothing(
    qtbot: QtBot, repo: Repository, tmp_path: Path
) -> None:
    from cchc_desktop.services.catalog_exchange import read_catalog_file
    from cchc_desktop.services.catalogs import CatalogRegistry

    found = read_catalog_file(write_form(tmp_path / "form.docx"))
    dialog = CatalogReviewDialog(found, repo)
    qtbot.addWidget(dialog)
    before = {(i.id, i.version) for i in CatalogRegistry(repo).list()}
    dialog.id_edit.setText("phu-luc-iii-ha-tinh")  # the shipped catalog's id and version
    dialog.version_edit.setText("2024.1")
    dialog.save_button.click()
    assert dialog.saved_key is None and dialog.problem.text()
    assert {(i.id, i.version) for i in CatalogRegistry(repo).list()} == before
    # a kind that the unit cannot support is refused in place, the row keeps its kind
    combo = dialog.kind_combo(2)
    combo.setCurrentIndex(combo.findText("lựa chọn"))
    assert "Không = 0 Có = 1" in dialog.problem.text()
    assert dialog.kind_combo(2).currentText() == "số đếm"
    assert dialog.table.item(2, COL_KIND) is None  # the kind is the combo box, not a text cell
