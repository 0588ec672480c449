"""Thông tin chung: typed fields saved at once, one undo history with Ctrl+Z / Ctrl+Y; Xuất Word."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.report import Report, Signer
from cchc_desktop.gui import messages
from cchc_desktop.gui.pages.header import HeaderPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.repository import Repository

from .conftest import type_text


def _header(win: ReportWindow) -> HeaderPage:
    page = win.show_page("thong-tin-chung")
    assert isinstance(page, HeaderPage)
    return page


def test_typed_header_fields_are_saved_at_once(
    window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _header(window)
    page.number.setFocus()
    type_text(page.number, "123")
    page.signer_name.selectAll()
    type_text(page.signer_name, "Nguyễn Văn Ân")
    page.no_date.setChecked(False)
    page.date.setDate(QDate(2024, 6, 18))
    saved = repo.load_report(report_id)
    assert saved.number == "123"
    assert saved.signer.name == "Nguyễn Văn Ân"
    assert saved.date == dt.date(2024, 6, 18)
    assert "Số: 123/BC-STC" in page.preview.text()


def test_unit_parent_authority_and_period_are_shown_and_editable(
    window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _header(window)
    assert page.unit_label.text() == "Sở Tài chính"
    assert page.parent_edit.text() == "UBND TỈNH HÀ TĨNH"
    period = page.period_label.text()
    assert period.startswith("6 tháng đầu năm 2024")
    assert "15/12/2023" in period and "14/6/2024" in period and "20/6/2024" in period
    assert page.abbr.text() == "STC" and page.symbol.text() == "BC-STC"
    # a new abbreviation carries the symbol made from the old one with it
    page.abbr.selectAll()
    type_text(page.abbr, "stc-ht")
    assert page.symbol.text() == "BC-STC-HT" and page.abbr.text() == "STC-HT"
    page.parent_edit.selectAll()
    type_text(page.parent_edit, "UBND TỈNH NGHỆ AN")
    page.place.selectAll()
    type_text(page.place, "Vinh")
    saved = repo.load_report(report_id)
    assert saved.symbol == "BC-STC-HT" and saved.unit.abbreviation == "STC-HT"
    assert saved.unit.parent_authority == "UBND TỈNH NGHỆ AN"
    assert saved.place == "Vinh" and saved.unit.place == "Vinh"
    assert "Vinh, ngày" in page.preview.text()
    # the unit's next new report starts from the corrected header
    unit = next(u for u in repo.units() if u.name == "Sở Tài chính")
    assert (unit.parent_authority, unit.abbreviation, unit.place) == (
        "UBND TỈNH NGHỆ AN",
        "STC-HT",
        "Vinh",
    )
    # a cleared field is saved cleared, not silently kept from before
    page.parent_edit.selectAll()
    QTest.keyClick(page.parent_edit, Qt.Key.Key_Delete)
    assert page.parent_edit.text() == ""
    assert repo.load_report(report_id).unit.parent_authority == ""


def test_a_save_that_fails_puts_the_edit_back_and_says_why(
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    shown_messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk while saving an edit: a Vietnamese message, the report on screen back as it is
    in the database, nothing to undo; the failed save is not tried a second time."""
    from cchc_desktop.errors import FileProblemError

    attempts: list[str] = []

    def full_disk(*_args: object) -> int:
        attempts.append("save")
        raise FileProblemError("Ổ đĩa đã đầy: thay đổi vừa rồi chưa được lưu.")

    before = repo.load_report(report_id).subject
    monkeypatch.setattr(repo, "write_patch", full_disk)
    ok = window.ctrl.edit_report("Sửa trích yếu", lambda r: setattr(r, "subject", "Mới"))
    assert ok is False and attempts == ["save"]
    assert any("Ổ đĩa đã đầy" in m for m in shown_messages)
    assert window.session.report.subject == before
    assert not window.ctrl.undo_stack.canUndo()
    monkeypatch.undo()
    assert repo.load_report(report_id).subject == before


def test_recipients_keep_the_archive_line_last(
    window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _header(window)
    type_text(page.new_recipient, "UBND tỉnh (b/c);")
    page._add_recipient()
    saved = repo.load_report(report_id).recipients
    assert saved[-1].startswith("Lưu") and "UBND tỉnh (b/c);" in saved
    assert page.recipients.currentItem().text() == "UBND tỉnh (b/c);"  # the new entry is selected
    page.recipients.setCurrentRow(0)
    page._move(1)
    assert repo.load_report(report_id).recipients[1] == saved[0]
    page.recipients.setCurrentRow(len(saved) - 2)
    page._move(1)  # cannot go below the "Lưu" line
    assert repo.load_report(report_id).recipients[-1].startswith("Lưu")
    before = repo.load_report(report_id).recipients
    page.recipients.setCurrentRow(0)
    page._remove_recipient()
    assert repo.load_report(report_id).recipients == before[1:]
    assert page.recipients.count() == len(saved) - 1


def _preview_lines(html_text: str) -> list[list[str]]:
    """The text lines of the preview's two cells (recipients, signer), as the user reads them."""
    out = []
    for cell in re.findall(r"<td[^>]*>(.*?)</td>", html_text, re.S):
        divs = re.findall(r"<div[^>]*>(.*?)</div>", cell)
        texts = [html.unescape(re.sub(r"<[^>]+>", "", d)).strip() for d in divs]
        out.append([t for t in texts if t.strip("\xa0 ")])  # not the room left for the signature
    return out


def test_signature_preview_shows_the_lines_the_word_export_prints(
    qtbot: QtBot, window: ReportWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def change(r: Report) -> None:  # as a report copied from an older file may hold them
        r.recipients = [
            "–UBND tỉnh Hà Tĩnh;",
            "  - Sở Nội vụ (b/c);",
            "-- Ban Giám đốc;",
            "Lưu: VT.",
        ]
        r.signer = Signer("kt. giám đốc", "phó giám đốc", " Phạm Chí Hiếu ")

    window.ctrl.edit_report("Sửa nơi nhận", change)
    page = _header(window)
    page.reload()
    left, right = _preview_lines(page.signature_preview.text())
    assert left == [
        "Nơi nhận:",
        "- UBND tỉnh Hà Tĩnh;",
        "- Sở Nội vụ (b/c);",
        "- - Ban Giám đốc;",
        "- Lưu: VT.",
    ]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Chí Hiếu"]

    monkeypatch.setattr(messages, "choose", lambda *_a: -1)
    target = tmp_path / "bao-cao.docx"
    flow = window.export_word(draft=True, path=target)
    with qtbot.waitSignal(flow.finished, timeout=20_000):
        pass
    signature = Document(str(target)).element.body.findall(qn("w:tbl"))[1]
    printed = [
        ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
        for tc in signature.iter(qn("w:tc"))
    ]
    assert printed == [left, right]


def test_undo_redo_of_typing_in_a_field(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    page = _header(window)
    before = repo.load_report(report_id).subject
    page.subject.setFocus()
    page.subject.selectAll()
    type_text(page.subject, "Trích yếu mới")
    assert repo.load_report(report_id).subject == "Trích yếu mới"
    # Ctrl+Z in the field undoes the whole typing step (merged), through the window's history
    qtbot.keyClick(page.subject, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert repo.load_report(report_id).subject == before
    assert page.subject.text() == before
    qtbot.keyClick(page.subject, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert repo.load_report(report_id).subject == "Trích yếu mới"
    assert page.subject.text() == "Trích yếu mới"


def test_export_word_runs_in_the_background_and_offers_to_open(
    qtbot: QtBot, window: ReportWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[list[str]] = []
    monkeypatch.setattr(
        messages, "choose", lambda _p, _m, buttons, *_a: offered.append(buttons) or -1
    )
    target = tmp_path / "bao-cao.docx"
    flow = window.export_word(draft=True, path=target)
    with qtbot.waitSignal(flow.finished, timeout=20_000) as blocker:
        pass
    assert blocker.args == [target]
    assert target.read_bytes()[:2] == b"PK"
    assert offered == [["Mở tệp", "Mở thư mục"]]


def test_export_errors_are_vietnamese_dialogs(
    qtbot: QtBot, window: ReportWindow, tmp_path: Path, shown_messages: list[str]
) -> None:
    folder = tmp_path / "khong-ghi-duoc"
    folder.mkdir()
    target = folder / "x.docx"
    target.mkdir()  # a folder where the file should go: the write fails
    flow = window.export_word(draft=True, path=target)
    with qtbot.waitSignal(flow.finished, timeout=20_000) as blocker:
        pass
    assert blocker.args == [None]
    assert shown_messages and "Traceback" not in shown_messages[-1]
    assert flow.error == shown_messages[-1]
