"""The new-report dialog's "Mẫu Phụ lục III": a stored province form, or none (no Phụ lục III page)."""

from __future__ import annotations

from pathlib import Path

from _catalog_support import CATALOG_ID, form_2024, form_2025, rules_2025
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QSpinBox
from pytestqt.qtbot import QtBot

from cchc_desktop.gui.catalog_picker import NONE_KEY, NONE_TEXT
from cchc_desktop.gui.forms import child
from cchc_desktop.gui.main_window import NewReportDialog, ReportListWindow
from cchc_desktop.gui.pages import registry
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.services.catalogs import CatalogRegistry
from cchc_desktop.storage.repository import Repository


def _create(qtbot: QtBot, window: ReportListWindow, unit: str, year: int, form: str) -> int:
    dlg = NewReportDialog(window.service, window)
    qtbot.addWidget(dlg.dialog)
    dlg.unit.setCurrentText(unit)
    child(dlg.dialog, QSpinBox, "yearSpin").setValue(year)
    combo = child(dlg.dialog, QComboBox, "catalogCombo")
    index = combo.findData(form)
    assert index >= 0, [combo.itemData(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    child(dlg.dialog, QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Ok
    ).click()
    assert dlg.created_id is not None
    return dlg.created_id


def test_the_dialog_makes_reports_on_the_chosen_form_and_without_one(
    qtbot: QtBot, repo: Repository
) -> None:
    reg = CatalogRegistry(repo)
    reg.add(form_2024())
    reg.add(form_2025(), rules_2025())
    window = ReportListWindow(repo)
    qtbot.addWidget(window)
    window.show()

    dlg = NewReportDialog(window.service, window)
    qtbot.addWidget(dlg.dialog)
    combo = child(dlg.dialog, QComboBox, "catalogCombo")
    items = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    assert items[0] == ("Mẫu Hà Tĩnh năm 2024 (phiên bản 2024.1)", "phu-luc-iii-ha-tinh@2024.1")
    assert ("Mẫu Quảng Trị năm 2025 (phiên bản 2025.1) - đã nhập", f"{CATALOG_ID}@2025.1") in items
    assert items[-1] == (NONE_TEXT, NONE_KEY)
    assert combo.currentData() == "phu-luc-iii-ha-tinh@2024.1"  # a new unit: the shipped form

    rid = _create(qtbot, window, "Sở Nội vụ", 2025, f"{CATALOG_ID}@2025.1")
    saved = repo.load_report(rid)
    assert (saved.catalog_id, saved.catalog_version) == (CATALOG_ID, "2025.1")
    win = ReportWindow(repo, rid)
    qtbot.addWidget(win)
    win.show()
    row = registry.PAGE_KEYS.index(registry.INDICATORS)
    assert not win.page_list.isRowHidden(row) and win.current_key() == registry.INDICATORS
    assert win.session.catalog.find("1.2") is not None  # 2025's new row
    assert win.session.catalog.find("1.2").label == "Số sáng kiến CCHC"  # type: ignore[union-attr]
    win.close()

    # the unit's next report suggests its form
    again = NewReportDialog(window.service, window)
    qtbot.addWidget(again.dialog)
    again.unit.setCurrentText("Sở Nội vụ")
    again.year.setValue(2025)
    qtbot.waitUntil(
        lambda: (
            child(again.dialog, QComboBox, "catalogCombo").currentData() == f"{CATALOG_ID}@2025.1"
        )
    )

    none_id = _create(qtbot, window, "Ban Dân tộc", 2025, NONE_KEY)
    assert repo.load_report(none_id).catalog_id == ""
    bare = ReportWindow(repo, none_id)
    qtbot.addWidget(bare)
    bare.show()
    assert bare.page_list.isRowHidden(row)
    assert bare.current_key() == registry.HEADER
    assert bare.show_page("phu-luc-3") is None
    assert bare.current_key() == registry.HEADER
    bare.close()


def test_the_new_report_dialog_screenshot(tmp_path: Path, db_path: Path, repo: Repository) -> None:
    from PySide6.QtGui import QImage

    from cchc_desktop.gui.app import main

    CatalogRegistry(repo).add(form_2025())
    shot = tmp_path / "bao-cao-moi.png"
    assert main(["--db", str(db_path), "--page", "bao-cao-moi", "--screenshot", str(shot)]) == 0
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 400 and image.height() >= 200
