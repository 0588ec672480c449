"""Phụ lục III's "Bật khối …" switch and the three signer lines of Thông tin chung, driven as a user
does, read back from the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.completeness import counted_codes
from cchc_desktop.gui.forms import child
from cchc_desktop.gui.pages.header import HeaderPage
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository

from .conftest import type_text


def _codes(page: IndicatorPage) -> set[str]:
    return {i.code for i in page.model.rows}


def test_switching_the_dossier_block_on_shows_checks_and_saves_it(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    box = page.findChild(QCheckBox, "optionalGroup_hs")
    assert box is not None and box.isVisible() and not box.isChecked()
    assert box.text().startswith("Bật khối “Tình hình giải quyết hồ sơ TTHC")
    assert "3.5.1" not in _codes(page)

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: repo.load_report(report_id).optional_groups == {"hs"})
    assert box.isChecked() and {"3.5", "3.5.1", "3.5.3.2"} <= _codes(page)
    # the block's figures are checked: seed 002's dossier counts that do not add up
    for code, text in (("3.5.1", "19.855"), ("3.5.2", "17.755"), ("3.5.3", "2.127")):
        page.model.setData(page.value_index(code), text, Qt.ItemDataRole.EditRole)
    qtbot.waitUntil(
        lambda: any(f.rule == "hs:3.5.1=3.5.2+3.5.3" for f in window.ctrl.session.findings())
    )
    assert repo.load_report(report_id).value("3.5.1") == 19855

    # off again: rows gone, figures kept; Ctrl+Z brings the block back, box in step
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: repo.load_report(report_id).optional_groups == set())
    assert "3.5.1" not in _codes(page)
    assert not any(f.rule.startswith("hs:") for f in window.ctrl.session.findings())
    assert repo.load_report(report_id).value("3.5.1") == 19855
    window.ctrl.undo_stack.undo()
    qtbot.waitUntil(lambda: repo.load_report(report_id).optional_groups == {"hs"})
    assert box.isChecked() and "3.5.1" in _codes(page)


def test_three_signer_lines_are_edited_in_the_header_page(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = window.show_page("thong-tin-chung")
    assert isinstance(page, HeaderPage)
    page.authority.setCurrentText("TM. ỦY BAN NHÂN DÂN")
    page.authority2.setFocus()
    type_text(page.authority2, "KT. CHỦ TỊCH")
    page.signer_title.selectAll()
    type_text(page.signer_title, "PHÓ CHỦ TỊCH")
    qtbot.waitUntil(
        lambda: (
            repo.load_report(report_id).signer.lines
            == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        )
    )
    preview = page.signature_preview.text()
    assert preview.index("TM. ỦY BAN NHÂN DÂN") < preview.index("KT. CHỦ TỊCH")
    assert preview.index("KT. CHỦ TỊCH") < preview.index("PHÓ CHỦ TỊCH")
    # the second line cleared: two lines again; a reopened window shows what is stored
    page.authority2.selectAll()
    QTest.keyClick(page.authority2, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: repo.load_report(report_id).signer.authority == "TM. ỦY BAN NHÂN DÂN")
    window.close()
    again = ReportWindow(repo, report_id)
    again.show()
    try:
        header = again.show_page("thong-tin-chung")
        assert isinstance(header, HeaderPage)
        assert header.authority.currentText() == "TM. ỦY BAN NHÂN DÂN"
        assert header.authority2.text() == "" and header.signer_title.text() == "PHÓ CHỦ TỊCH"
    finally:
        again.close()


def test_the_count_follows_the_block_switched_on_and_off(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """“80/105 chỉ tiêu” counts the switched-on block's rows too, and its figures; switched off
    again, the count is the form's own (the form's counted rows are found again on a switch)."""
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    label = child(page.form, QLabel, "completenessLabel")
    assert label.text() == "80/105 chỉ tiêu"
    with_block = len(counted_codes(window.session.catalog, {"hs"}))
    assert with_block > 105
    box = page.findChild(QCheckBox, "optionalGroup_hs")
    assert box is not None
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: label.text() == f"80/{with_block} chỉ tiêu")
    page.model.setData(page.value_index("3.5.1"), "12", Qt.ItemDataRole.EditRole)
    assert label.text() == f"81/{with_block} chỉ tiêu"
    assert label.toolTip().startswith(f"Đã nhập 81 trên {with_block} chỉ tiêu")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: label.text() == "80/105 chỉ tiêu")
    assert label.toolTip().startswith("Đã nhập 80 trên 105 chỉ tiêu")


def test_the_filter_still_applies_after_the_dossier_block_is_switched(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """Rows narrowed by the filter box, then the block switched on (the rows are built again):
    the rows shown are still those the filter names, the block's own included."""
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    page.filter.setText("3.5")

    def shown() -> set[str]:
        return {
            i.code
            for i in page.model.rows
            if not page.tree.isRowHidden(
                page.model.index_of(i.code, 0).row(), page.model.index_of(i.code, 0).parent()
            )
        }

    assert "1.1.1" not in shown()
    box = page.findChild(QCheckBox, "optionalGroup_hs")
    assert box is not None
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: repo.load_report(report_id).optional_groups == {"hs"})
    assert page.filter.text() == "3.5"
    assert "1.1.1" not in shown() and "2.1" not in shown()
    assert {"3.5", "3.5.1", "3.5.3.2"} <= shown()
