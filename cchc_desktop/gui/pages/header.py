"""Thông tin chung page: header, number and date, trích yếu, Kính gửi, signer and recipients."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QWidget,
)

from ...domain.report import Report
from ...domain.signature import (
    RECIPIENTS_HEADING,
    SIGNER_AUTHORITIES,
    is_archive_line,
    signature_block,
)
from ...domain.vn import clean_line, format_date_short
from ...services import operations
from ..controller import ReportController
from ..forms import child
from .base import Page
from .cell_editors import commit_open_editor

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


_SERIF = "font-family: 'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif;"


def signature_block_html(r: Report) -> str:
    """The "Nơi nhận" and signature block laid out as the Word export prints it (left: recipients,
    each "- ...", right: authority, title, room for the signature, name)."""
    esc = html.escape
    block = signature_block(r)
    left = ""
    if block.recipients:
        entries = "".join(
            f"<div style='font-size: 8.5pt'>{esc(line)}</div>" for line in block.recipients
        )
        left = f"<div><b><i>{esc(RECIPIENTS_HEADING)}</i></b></div>{entries}"
    right = "".join(f"<div><b>{esc(line)}</b></div>" for line in block.signer_lines)
    name = esc(block.signer_name) or "<span style='color:#999'>(chưa có họ tên)</span>"
    right += f"<div style='height: 48px'>&nbsp;</div><br/><br/><div><b>{name}</b></div>"
    return (
        f"<table width='100%' style=\"{_SERIF}\"><tr>"
        f"<td width='50%' valign='top'>{left}</td>"
        f"<td width='50%' valign='top' align='center'>{right}</td>"
        "</tr></table>"
    )


class HeaderPage(Page):
    ui_name = "header_page.ui"

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(ctrl, parent)
        f = self.form
        self.parent_edit = child(f, QLineEdit, "parentEdit")
        self.unit_label = child(f, QLabel, "unitLabel")
        self.abbr = child(f, QLineEdit, "abbrEdit")
        self.period_label = child(f, QLabel, "periodLabel")
        self.number = child(f, QLineEdit, "numberEdit")
        self.symbol = child(f, QLineEdit, "symbolEdit")
        self.place = child(f, QLineEdit, "placeEdit")
        self.date = child(f, QDateEdit, "dateEdit")
        self.no_date = child(f, QCheckBox, "noDateCheck")
        self.preview = child(f, QLabel, "previewLabel")
        self.signature_preview = child(f, QLabel, "signaturePreview")
        self.subject = child(f, QLineEdit, "subjectEdit")
        self.recipient_to = child(f, QLineEdit, "recipientToEdit")
        self.authority = child(f, QComboBox, "authorityCombo")
        self.authority2 = child(f, QLineEdit, "authority2Edit")  # "KT. CHỦ TỊCH" under "TM. ..."
        self.signer_title = child(f, QLineEdit, "signerTitleEdit")
        self.signer_name = child(f, QLineEdit, "signerNameEdit")
        self.recipients = child(f, QListWidget, "recipientsList")
        self.new_recipient = child(f, QLineEdit, "newRecipientEdit")
        self.date.setLocale(VIETNAMESE)
        self.date.calendarWidget().setLocale(VIETNAMESE)
        self.authority.addItems(list(SIGNER_AUTHORITIES))
        self._loading = False

        def text_field(
            edit: QLineEdit, key: str, label: str, apply: Callable[[Report, str], None]
        ) -> None:
            edit.textEdited.connect(lambda text: self._edit(label, key, lambda r: apply(r, text)))

        text_field(
            self.parent_edit, "parent", "Sửa cơ quan chủ quản", operations.set_parent_authority
        )
        self.abbr.textEdited.connect(self._abbreviation_edited)
        text_field(self.number, "number", "Sửa số văn bản", operations.set_number)
        text_field(self.symbol, "symbol", "Sửa ký hiệu", operations.set_symbol)
        text_field(self.place, "place", "Sửa địa danh", operations.set_place)
        text_field(self.subject, "subject", "Sửa trích yếu", operations.set_subject)
        text_field(self.recipient_to, "to", "Sửa Kính gửi", operations.set_recipient_to)
        text_field(
            self.signer_title, "signer_title", "Sửa chức vụ người ký", operations.set_signer_title
        )
        text_field(self.signer_name, "signer_name", "Sửa tên người ký", operations.set_signer_name)
        self.authority.currentTextChanged.connect(self._authority_changed)
        self.authority2.textEdited.connect(self._authority_changed)
        self.date.dateChanged.connect(self._date_changed)
        self.no_date.toggled.connect(self._date_changed)
        child(f, QToolButton, "suggestButton").clicked.connect(self._suggest_subject)

        self.recipients.itemChanged.connect(self._recipients_edited)
        self.new_recipient.returnPressed.connect(self._add_recipient)
        child(f, QToolButton, "addRecipientButton").clicked.connect(self._add_recipient)
        child(f, QToolButton, "removeRecipientButton").clicked.connect(self._remove_recipient)
        child(f, QToolButton, "upButton").clicked.connect(lambda: self._move(-1))
        child(f, QToolButton, "downButton").clicked.connect(lambda: self._move(1))
        self.reload()

    # --- edits -------------------------------------------------------------------------------
    def _edit(self, label: str, key: str, change: Callable[[Report], None]) -> None:
        if self._loading:
            return
        self.ctrl.edit_report(label, change, merge_key=f"header:{key}")
        self._update_preview()

    def _abbreviation_edited(self, text: str) -> None:
        """The unit's abbreviation; a symbol still made from the old one follows it (BC-STC)."""
        if text != text.upper():  # abbreviations are capitals: show what is stored
            pos = self.abbr.cursorPosition()
            self.abbr.setText(text.upper())
            self.abbr.setCursorPosition(pos)
        self._edit(
            "Sửa chữ viết tắt", "abbreviation", lambda r: operations.set_abbreviation(r, text)
        )
        self._set_text(self.symbol, self.ctrl.report.symbol)

    def _authority_changed(self, _text: str = "") -> None:
        # one or two lines above the title: "TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH"
        text = f"{self.authority.currentText()}\n{self.authority2.text()}"
        self._edit(
            "Sửa quyền hạn ký",
            "signer_authority",
            lambda r: operations.set_signer_authority(r, text),
        )

    def _date_changed(self) -> None:
        self.date.setEnabled(not self.no_date.isChecked())
        if self._loading:
            return
        value: dt.date | None = None
        if not self.no_date.isChecked():
            q = self.date.date()
            value = dt.date(q.year(), q.month(), q.day())

        self._edit("Sửa ngày ban hành", "date", lambda r: operations.set_date(r, value))

    def _suggest_subject(self) -> None:
        self.ctrl.edit_report("Đặt trích yếu theo kỳ", operations.suggest_subject)
        self.subject.setText(self.ctrl.report.subject)
        self._update_preview()

    def _edit_recipients(
        self, label: str, change: Callable[[Report], None], select: int | None = None
    ) -> None:
        self.ctrl.edit_report(label, change)
        self._load_recipients(select)
        self._update_preview()

    def _recipients_edited(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        items = [self.recipients.item(i).text() for i in range(self.recipients.count())]
        self._edit_recipients("Sửa nơi nhận", lambda r: operations.set_recipients(r, items))

    def _add_recipient(self) -> None:
        text = clean_line(self.new_recipient.text())
        if not text:
            return
        rows: list[int] = []

        def add(r: Report) -> None:
            rows.append(operations.add_recipient(r, text))

        self.new_recipient.clear()
        self._edit_recipients("Thêm nơi nhận", add)
        if rows:
            self.recipients.setCurrentRow(rows[0])

    def _remove_recipient(self) -> None:
        row = self.recipients.currentRow()
        if row < 0:
            return
        left = self.recipients.count() - 1
        self._edit_recipients(
            "Xóa nơi nhận", lambda r: operations.remove_recipient(r, row), min(row, left - 1)
        )

    def _move(self, step: int) -> None:
        row = self.recipients.currentRow()
        target = operations.recipient_move_target(self.ctrl.report.recipients, row, step)
        if target is None:
            return
        self._edit_recipients(
            "Đổi thứ tự nơi nhận", lambda r: operations.move_recipient(r, row, step), target
        )

    # --- page API ----------------------------------------------------------------------------
    def flush(self) -> None:
        commit_open_editor(self.recipients)  # a "Nơi nhận" line being edited in place

    def _load_recipients(self, select: int | None = None) -> None:
        shown = [self.recipients.item(i).text() for i in range(self.recipients.count())]
        if shown == self.ctrl.report.recipients:
            # the same lines: left as they are, with a line's editor open and what it holds
            if select is not None and select >= 0:
                self.recipients.setCurrentRow(select)
            return
        self._loading = True
        try:
            self.recipients.clear()
            for text in self.ctrl.report.recipients:
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                if is_archive_line(text):
                    item.setToolTip("Dòng lưu văn thư luôn đứng cuối danh sách")
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                    item.setForeground(QColor("#555555"))
                self.recipients.addItem(item)
            if select is not None and select >= 0:
                self.recipients.setCurrentRow(select)
        finally:
            self._loading = False

    def _update_preview(self) -> None:
        r = self.ctrl.report
        self.preview.setText(
            f"Số: {r.number_symbol}    {r.place_date_line()}\n{r.appendix_reference()}"
        )
        self.signature_preview.setText(signature_block_html(r))

    def reload(self) -> None:
        r = self.ctrl.report
        self._loading = True
        try:
            for edit, value in (
                (self.parent_edit, r.unit.parent_authority),
                (self.abbr, r.unit.abbreviation),
                (self.number, r.number),
                (self.symbol, r.symbol),
                (self.place, r.place),
                (self.subject, r.subject),
                (self.recipient_to, r.recipient_to),
                (self.signer_title, r.signer.title),
                (self.signer_name, r.signer.name),
            ):
                self._set_text(edit, value)
            self.unit_label.setText(r.unit.name)
            p = r.period
            self.period_label.setText(
                f"{p.wording[:1].upper()}{p.wording[1:]} · số liệu từ "
                f"{format_date_short(p.cutoff_start)} đến {format_date_short(p.cutoff_end)} · "
                f"hạn gửi {format_date_short(p.deadline)}"
            )
            lines = r.signer.authority.split("\n")
            self.authority.setCurrentText(lines[0])
            self._set_text(self.authority2, lines[1] if len(lines) > 1 else "")
            self.no_date.setChecked(r.date is None)
            self.date.setEnabled(r.date is not None)
            day = r.date or dt.date(r.period.year, r.period.last_month, 15)
            self.date.setDate(QDate(day.year, day.month, day.day))
        finally:
            self._loading = False
        self._load_recipients()
        self._update_preview()

    @staticmethod
    def _set_text(edit: QLineEdit, value: str) -> None:
        if edit.text() != value:  # setText moves the cursor: only when it really changed
            edit.setText(value)

    def focus_field(self, name: str) -> None:
        widget = {
            "number": self.number,
            "symbol": self.symbol,
            "place": self.place,
            "date": self.date,
            "subject": self.subject,
            "signer_title": self.signer_title,
            "signer_name": self.signer_name,
            "signer_authority": self.authority,
            "signer_authority_2": self.authority2,
            "recipients": self.recipients,
            "parent": self.parent_edit,
            "abbreviation": self.abbr,
        }.get(name)
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()
