"""The report window's status panel (Hoàn thành, Đã gửi, Mở lại để sửa), the read-only mode of a
sent report on every page, and the history (dialog and Phụ lục III tooltip), driven as a user
does and read back from the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.history import ChangeSource
from cchc_desktop.domain.report import IndicatorValue, ReportStatus, SentVia
from cchc_desktop.gui import messages
from cchc_desktop.gui.history_view import HistoryDialog
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.gui.status_panel import ReopenDialog, SentDialog
from cchc_desktop.storage.repository import Repository

from .conftest import type_text


def _page3(win: ReportWindow) -> IndicatorPage:
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    return page


def _type_figure(qtbot: QtBot, page: IndicatorPage, code: str, text: str) -> None:
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.value_index(code))
    type_text(page.tree, text[:1])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    type_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _send(qtbot: QtBot, window: ReportWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hoàn thành (confirmed), then Đã gửi through its dialog, clicked as a user does."""
    panel = window.status_panel
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(panel.final_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status is ReportStatus.FINAL)
    qtbot.mouseClick(panel.sent_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, SentDialog) and panel.dialog.isVisible())
    dialog = panel.dialog
    assert isinstance(dialog, SentDialog)
    dialog.date.setDate(QDate(2024, 7, 5))
    dialog.via.setCurrentIndex(dialog.via.findData(SentVia.SYSTEM))
    dialog.number.setFocus()
    type_text(dialog.number, "125/BC-STC")
    qtbot.mouseClick(
        dialog.findChild(type(panel.final_button), "okButton"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: panel.status is ReportStatus.SENT)


def test_typed_figure_is_in_the_history_and_its_tooltip(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _page3(window)
    _type_figure(qtbot, page, "1.1.1", "40")
    qtbot.waitUntil(lambda: repo.load_report(report_id).value("1.1.1") == Decimal("40"))
    [entry] = repo.history(report_id, "1.1.1")
    assert (entry.old, entry.new, entry.source) == ("38", "40", ChangeSource.TYPED)
    tip = page.model.data(page.value_index("1.1.1"), Qt.ItemDataRole.ToolTipRole)
    assert "Lịch sử:" in tip and "nhập tay: 38 → 40" in tip
    # Ctrl+Z still undoes within the session, and the undo is recorded too
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: repo.load_report(report_id).value("1.1.1") == Decimal("38"))
    last = repo.history(report_id, "1.1.1")[-1]
    assert (last.old, last.new, last.source) == ("40", "38", ChangeSource.UNDO)


def test_final_is_refused_with_errors_and_offered_by_the_official_export(
    qtbot: QtBot,
    *,
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    shown_messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: object,
) -> None:
    from pathlib import Path

    panel = window.status_panel
    page = _page3(window)
    _type_figure(qtbot, page, "1.1.2", "999")  # completed > assigned: an error
    qtbot.waitUntil(lambda: repo.load_report(report_id).value("1.1.2") == Decimal("999"))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(panel.final_button, Qt.MouseButton.LeftButton)
    assert shown_messages and "lỗi" in shown_messages[-1]
    assert repo.load_report(report_id).status is ReportStatus.DRAFT
    _type_figure(qtbot, page, "1.1.2", "19")
    qtbot.waitUntil(lambda: repo.load_report(report_id).value("1.1.2") == Decimal("19"))
    # the official export, done, offers "Ghi là Hoàn thành" as its third answer
    asked: list[list[str]] = []

    def choose(_p: object, _m: str, buttons: list[str], *_a: object) -> int:
        asked.append(buttons)
        return 2

    monkeypatch.setattr(messages, "choose", choose)
    assert isinstance(tmp_path, Path)
    flow = window.export_word(draft=False, path=tmp_path / "bc.docx")
    with qtbot.waitSignal(flow.finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: repo.load_report(report_id).status is ReportStatus.FINAL)
    assert asked and asked[0][2] == "Ghi là Hoàn thành"
    assert panel.chip.text().strip() == "HOÀN THÀNH"


def test_a_sent_report_is_read_only_on_every_page_and_reopens_with_a_reason(
    qtbot: QtBot,
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _send(qtbot, window, monkeypatch)
    stored = repo.load_report(report_id)
    assert stored.sending.sent_on == dt.date(2024, 7, 5)
    assert stored.sending.via is SentVia.SYSTEM and stored.sending.number == "125/BC-STC"
    panel = window.status_panel
    assert "ĐÃ GỬI" in panel.chip.text() and "125/BC-STC" in panel.info.text()
    assert panel.reopen_button.isVisible()

    # every page: its editors refuse input (built before or after the sending)
    for key in ("thong-tin-chung", "noi-dung", "phu-luc-1", "phu-luc-2", "phu-luc-3"):
        page = window.show_page(key)
        assert page is not None
        usable = [w for w in page.findChildren(QWidget) if "filter" not in w.objectName().lower()]
        editors = [w for w in usable if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit))]
        views = [w for w in usable if isinstance(w, QAbstractItemView)]
        buttons = [
            w
            for w in usable
            if isinstance(w, QAbstractButton)
            and not any(k in w.objectName().lower() for k in ("export", "expand", "collapse"))
            and w.isVisibleTo(page)
        ]
        assert editors or views, key
        assert all(w.isReadOnly() for w in editors), key
        no_edit = QAbstractItemView.EditTrigger.NoEditTriggers
        assert all(v.editTriggers() == no_edit for v in views), key
        assert not [b.objectName() for b in buttons if b.isEnabled()], key
    header = window.show_page("thong-tin-chung")
    subject = header.findChild(QLineEdit, "subjectEdit")
    assert subject is not None
    before = subject.text()
    subject.setFocus()
    type_text(subject, "xyz")
    assert subject.text() == before
    assert repo.load_report(report_id).subject == stored.subject

    # Phụ lục III: typing opens no editor; an edit that gets through is refused aloud
    page = _page3(window)
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.value_index("1.1.1"))
    type_text(page.tree, "4")
    assert not isinstance(QApplication.focusWidget(), QLineEdit)
    refusal = window.ctrl.edit_value("1.1.1", "41")
    assert refusal is not None and "báo cáo đã gửi" in refusal
    assert "báo cáo đã gửi" in window.statusBar().currentMessage()
    assert repo.load_report(report_id).value("1.1.1") == Decimal("38")
    assert not window.undo_action.isEnabled() and not window.import_xlsx_action.isEnabled()

    # Mở lại để sửa: the reason is required, recorded, and the pages are editable again
    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ReopenDialog) and panel.dialog.isVisible())
    dialog = panel.dialog
    assert isinstance(dialog, ReopenDialog)
    assert not dialog.ok.isEnabled()
    dialog.reason.setFocus()
    type_text(dialog.reason, "Sai số liệu 1.1.1")
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status is ReportStatus.DRAFT)
    stored = repo.load_report(report_id)
    assert stored.status is ReportStatus.DRAFT and stored.sending.reopen_count == 1
    assert stored.sending.reopen_reason == "Sai số liệu 1.1.1"
    assert "Bản điều chỉnh lần 1" in panel.info.text()
    assert not subject.isReadOnly()
    _type_figure(qtbot, page, "1.1.1", "41")
    qtbot.waitUntil(lambda: repo.load_report(report_id).value("1.1.1") == Decimal("41"))
    from cchc_desktop.gui.export_flow import suggested_name

    assert "(bản điều chỉnh lần 1)" in suggested_name(window.ctrl, draft=False)


def test_history_dialog_lists_every_source_newest_first(
    qtbot: QtBot,
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = repo.load_report(report_id).values
    note = values["1.1.2"].note if "1.1.2" in values else ""
    repo.set_values(report_id, {"1.1.2": IndicatorValue(Decimal("20"), note)})  # `cchc set`
    window.ctrl.check_elsewhere()
    page = _page3(window)
    _type_figure(qtbot, page, "1.1.1", "40")
    qtbot.waitUntil(lambda: len(repo.history(report_id)) == 2)
    panel = window.status_panel
    qtbot.mouseClick(panel.history_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, HistoryDialog) and panel.dialog.isVisible())
    dialog = panel.dialog
    assert isinstance(dialog, HistoryDialog)
    rows = [
        [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]  # type: ignore[union-attr]
        for r in range(dialog.table.rowCount())
    ]
    assert rows[0][1] == "nhập tay" and rows[0][3:5] == ["38", "40"]
    assert rows[0][2].startswith("1.1.1 ")
    assert rows[1][1] == "dòng lệnh" and rows[1][2].startswith("1.1.2 ")
    dialog.filter.setText("1.1.2")
    assert [e.code for e in dialog.visible_entries()] == ["1.1.2"]
    dialog.close()


def test_a_report_sent_from_the_command_line_locks_the_open_window(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    from cchc_desktop.domain.lifecycle import StatusRequest

    page = _page3(window)
    repo.change_status(report_id, StatusRequest(ReportStatus.FINAL), errors=0)
    repo.change_status(report_id, StatusRequest(ReportStatus.SENT), errors=0)
    window.ctrl.check_elsewhere()  # what the 3-second timer and window activation do
    qtbot.waitUntil(lambda: window.status_panel.status is ReportStatus.SENT)
    assert page.tree.editTriggers() == page.tree.EditTrigger.NoEditTriggers
    assert window.ctrl.edit_value("1.1.1", "41") is not None
    assert repo.load_report(report_id).value("1.1.1") == Decimal("38")


def test_screenshot_of_the_history_dialog(
    repo: Repository, report_id: int, db_path: Path, tmp_path: Path
) -> None:
    from PySide6.QtGui import QImage

    from cchc_desktop.gui.app import main

    repo.set_values(report_id, {"1.1.1": IndicatorValue(Decimal("40"))})
    shot = tmp_path / "lich-su.png"
    args = ["--db", str(db_path), "--open", str(report_id), "--page", "lich-su"]
    assert main([*args, "--screenshot", str(shot)]) == 0
    image = QImage(str(shot))
    assert not image.isNull() and image.width() > 600
