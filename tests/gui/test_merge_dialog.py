"""“Xuất Excel cho đơn vị…” and “Tổng hợp từ đơn vị…” driven in the report window: sub-units edited,
workbooks exported and filled, the merge previewed then applied, undone and redone in one step, and
the provenance shown in Phụ lục III's tooltip."""

from __future__ import annotations

import os
from pathlib import Path

from _merge_support import fill_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.provenance import SubUnitKind
from cchc_desktop.gui.merge_dialog import MergeDialog
from cchc_desktop.gui.models.indicator_tree_model import COL_VALUE
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.gui.sub_units_dialog import SubUnitsDialog
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository


def _value_in_db(db: Path, report_id: int, code: str) -> object:
    engine = open_engine(db)
    try:
        return Repository(engine).load_report(report_id).value(code)
    finally:
        engine.dispose()


def _export_parts(qtbot: QtBot, window: ReportWindow, folder: Path) -> list[Path]:
    dialog = window.open_sub_units()
    assert isinstance(dialog, SubUnitsDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.add_row("Phòng Kế hoạch", SubUnitKind.DEPARTMENT)
    dialog.add_row("Văn phòng", SubUnitKind.DEPARTMENT)
    row = dialog.add_row("Trung tâm", SubUnitKind.AFFILIATE)
    assert dialog.save()
    written = dialog.export(folder)
    assert len(written) == 3
    assert dialog.table.item(row, 0).checkState() == Qt.CheckState.Checked
    dialog.close()
    return written


def test_merge_dialog_previews_then_applies_as_one_undo_step(
    qtbot: QtBot, window: ReportWindow, report_id: int, db_path: Path, tmp_path: Path
) -> None:
    before_111 = window.ctrl.report.value("1.1.1")
    files = _export_parts(qtbot, window, tmp_path)
    by_name = {p.name.split(" - ")[1]: p for p in files}
    fill_workbook(by_name["Phòng Kế hoạch"], {"1.1.1": 12, "1.1.2": 10, "1.4.2": "Trực tuyến"})
    fill_workbook(by_name["Văn phòng"], {"1.1.1": 7, "1.1.2": 7, "1.4.2": "Kết hợp"})
    fill_workbook(by_name["Trung tâm"], {"1.1.1": 3, "1.1.2": 4})  # breaks 1.1.2 <= 1.1.1

    dialog = window.open_merge(files)
    assert isinstance(dialog, MergeDialog)
    qtbot.waitUntil(dialog.isVisible)
    # the files and their sub-units, recognised from the workbooks
    assert [dialog.combo(r).currentText() for r in range(3)] == [
        "Phòng Kế hoạch",
        "Văn phòng",
        "Trung tâm",
    ]
    # the preview: old -> new with the parts, a choice needing manual entry, the parts' checks
    rows = {
        dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(6)]
        for r in range(dialog.table.rowCount())
    }
    assert rows["1.1.1"][3] == "22"
    assert rows["1.1.1"][5] == "Phòng Kế hoạch 12, Văn phòng 7, Trung tâm 3"
    assert rows["1.4.2"][3] == "cần nhập tay"
    checks = [dialog.checks.item(i).text() for i in range(dialog.checks.count())]
    assert any(c.startswith("Kiểm tra: Trung tâm (lỗi)") and "1.1.2" in c for c in checks)
    assert dialog.apply_button.isEnabled()
    # nothing is written before “Tổng hợp”
    assert _value_in_db(db_path, report_id, "1.1.1") == before_111
    if os.environ.get("CCHC_MERGE_SCREENSHOT"):
        dialog.grab().save(os.environ["CCHC_MERGE_SCREENSHOT"])

    dialog.apply_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.ctrl.report.value("1.1.1") == 22
    assert _value_in_db(db_path, report_id, "1.1.1") == 22
    assert _value_in_db(db_path, report_id, "1.1.2") == 21

    # the provenance in Phụ lục III's tooltip
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    tip = page.model.data(page.value_index("1.1.1", COL_VALUE), Qt.ItemDataRole.ToolTipRole)
    assert "Tổng hợp từ: Phòng Kế hoạch 12, Văn phòng 7, Trung tâm 3" in tip
    tip = page.model.data(page.value_index("1.4.2", COL_VALUE), Qt.ItemDataRole.ToolTipRole)
    assert "Cần nhập tay; các đơn vị ghi: Phòng Kế hoạch Trực tuyến, Văn phòng Kết hợp" in tip

    # one undo step takes the whole merge back, figures and provenance; redo puts it again
    stack = window.ctrl.undo_stack
    assert stack.undoText() == "Tổng hợp từ 3 đơn vị"
    window.undo_action.trigger()
    assert window.ctrl.report.value("1.1.1") == before_111
    assert _value_in_db(db_path, report_id, "1.1.1") == before_111
    engine = open_engine(db_path)
    assert Repository(engine).provenance(report_id).is_empty()
    engine.dispose()
    window.redo_action.trigger()
    assert _value_in_db(db_path, report_id, "1.1.1") == 22
    engine = open_engine(db_path)
    assert [p.unit for p in Repository(engine).provenance(report_id).parts_of("1.1.1")] == [
        "Phòng Kế hoạch",
        "Văn phòng",
        "Trung tâm",
    ]
    engine.dispose()


def test_a_bad_workbook_is_named_and_blocks_the_merge(
    qtbot: QtBot, window: ReportWindow, report_id: int, db_path: Path, tmp_path: Path
) -> None:
    files = _export_parts(qtbot, window, tmp_path)
    fill_workbook(files[0], {"1.1.1": -1})
    dialog = window.open_merge(files)
    assert isinstance(dialog, MergeDialog)
    errors = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert errors and "Phòng Kế hoạch (" in errors[0] and "Phụ lục III!D" in errors[0]
    assert not dialog.apply_button.isEnabled()
    dialog.close()


def test_choosing_the_sub_unit_of_a_plain_workbook(
    qtbot: QtBot, window: ReportWindow, report_id: int, db_path: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "chung.xlsx"
    from cchc_desktop.services.exchange_xlsx import XlsxExchange

    XlsxExchange(window.ctrl.session.repo).export(report_id, plain)
    fill_workbook(plain, {"1.1.1": 5})
    dialog = window.open_merge([plain])
    assert isinstance(dialog, MergeDialog)
    assert not dialog.apply_button.isEnabled()  # which sub-unit's file is it?
    combo = dialog.combo(0)
    assert isinstance(combo, QComboBox)
    combo.setCurrentText("Phòng Pháp chế")
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _value_in_db(db_path, report_id, "1.1.1") == 5
