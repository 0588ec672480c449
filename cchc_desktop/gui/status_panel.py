"""The report window's status bar of its life in the office: Dự thảo -> Hoàn thành -> Đã gửi,
"Mở lại để sửa" with a reason, "Lịch sử thay đổi…", and the read-only mode of a sent report
(every page's editors locked, and every edit that still gets through refused aloud)."""

from __future__ import annotations

import datetime as dt
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..domain.lifecycle import StatusRequest, corrected_mark, describe_sending
from ..domain.report import ReportStatus, SentVia
from ..domain.rules import Severity
from ..errors import UserError
from . import messages

if TYPE_CHECKING:
    from .report_window import ReportWindow

_CHIP_STYLE = {
    ReportStatus.DRAFT: "background:#e8eef7; color:#1f3a60;",
    ReportStatus.FINAL: "background:#e3f4e6; color:#1d5e2b;",
    ReportStatus.SENT: "background:#fff1c7; color:#6b4a00;",
}
# widgets a sent report leaves usable: looking, filtering, exporting are not edits
_KEEP_USABLE = ("filter", "export", "expand", "collapse", "preview")


class SentDialog(QDialog):
    """“Đã gửi…”: the date, how, and the number the văn thư gave it."""

    def __init__(self, parent: QWidget, number: str = "") -> None:
        # made with the dialog: their Python enums are not part of the window's start
        from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QFormLayout

        super().__init__(parent)
        self.setWindowTitle("Ghi báo cáo đã gửi")
        form = QFormLayout(self)
        self.date = QDateEdit(self)
        self.date.setObjectName("sentOnEdit")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setDate(QDate.currentDate())
        self.date.setMaximumDate(QDate.currentDate())
        self.via = QComboBox(self)
        self.via.setObjectName("sentViaCombo")
        for via in SentVia:
            self.via.addItem(via.label[:1].upper() + via.label[1:], via)
        self.number = QLineEdit(number, self)
        self.number.setObjectName("sentNumberEdit")
        self.number.setPlaceholderText("ví dụ 125/BC-STC (do văn thư cấp)")
        form.addRow("Ngày gửi:", self.date)
        form.addRow("Cách gửi:", self.via)
        form.addRow("Số văn bản:", self.number)
        note = QLabel("Báo cáo đã gửi chỉ xem được; muốn sửa phải “Mở lại để sửa” và ghi lý do.")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton("Ghi đã gửi", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def request(self) -> StatusRequest:
        d = self.date.date()
        return StatusRequest(
            ReportStatus.SENT,
            sent_on=dt.date(d.year(), d.month(), d.day()),
            via=self.via.currentData(),
            number=self.number.text(),
        )


class ReopenDialog(QDialog):
    """“Mở lại để sửa”: the reason is required; the next export says it is a corrected version."""

    def __init__(self, parent: QWidget, next_count: int) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        super().__init__(parent)
        self.setWindowTitle("Mở lại báo cáo đã gửi để sửa")
        layout = QVBoxLayout(self)
        text = QLabel(
            "Báo cáo sẽ trở về “Dự thảo” để sửa. Lý do được ghi vào lịch sử; bản Word xuất"
            f" sau đó ghi rõ là “Bản điều chỉnh lần {next_count}”, thay thế bản đã gửi."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(QLabel("Lý do mở lại:"))
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reopenReasonEdit")
        self.reason.setPlaceholderText("ví dụ: Sai số liệu mục 1.1.2, Sở Nội vụ yêu cầu gửi lại")
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("Mở lại để sửa", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("okButton")
        self.ok.setEnabled(False)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(
            lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip()))
        )
        layout.addWidget(buttons)

    def request(self) -> StatusRequest:
        return StatusRequest(ReportStatus.DRAFT, reason=self.reason.toPlainText())


class StatusPanel(QWidget):
    """Shown as a tool bar at the top of the report window."""

    def __init__(self, window: ReportWindow) -> None:
        super().__init__(window)
        # no strong reference back: the window holds this panel, and a cycle would keep a closed
        # window's Python object alive after Qt deleted it
        self._window = weakref.ref(window)
        self.ctrl = window.ctrl
        self.dialog: QDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        self.chip = QLabel(self)
        self.chip.setObjectName("statusChip")
        self.info = QLabel(self)
        self.info.setObjectName("statusInfo")
        row.addWidget(QLabel("Trạng thái:", self))
        row.addWidget(self.chip)
        row.addWidget(self.info, 1)
        self.final_button = self._button("Hoàn thành…", "finalButton", self.ask_final)
        self.draft_button = self._button("Trở lại dự thảo", "draftButton", self.back_to_draft)
        self.sent_button = self._button("Đã gửi…", "sentButton", self.ask_sent)
        self.reopen_button = self._button("Mở lại để sửa…", "reopenButton", self.ask_reopen)
        self.history_button = self._button("Lịch sử thay đổi…", "historyButton", self.show_history)
        for b in (
            self.final_button,
            self.draft_button,
            self.sent_button,
            self.reopen_button,
            self.history_button,
        ):
            row.addWidget(b)
        bar = QToolBar("Trạng thái", window)
        bar.setObjectName("statusToolBar")
        bar.setMovable(False)
        bar.addWidget(self)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self._shown: tuple[ReportStatus, str, str] | None = None  # what refresh() last showed
        self.ctrl.edit_refused.connect(self._refused)
        self.ctrl.report_reset.connect(self.refresh)
        self.ctrl.findings_changed.connect(self.refresh)
        self.refresh()

    @property
    def window_(self) -> ReportWindow:
        window = self._window()
        assert window is not None  # the panel is the window's child: it goes with it
        return window

    def _refused(self, message: str) -> None:
        self.window_.show_status(message, error=True, timeout=15000)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(lambda _c=False: slot())  # type: ignore[operator]
        return b

    # --- showing ------------------------------------------------------------------------------
    @property
    def status(self) -> ReportStatus:
        return self.ctrl.report.status

    def refresh(self) -> None:
        r = self.ctrl.report
        status = r.status
        locked = status is ReportStatus.SENT
        chip = f" {status.label.upper()} " + ("· chỉ xem " if locked else "")
        info = ""
        if locked:
            info = f"Gửi {describe_sending(r.sending)}. Muốn sửa: “Mở lại để sửa…”."
        elif r.sending.corrected:
            info = f"{corrected_mark(r)} · lý do mở lại: {r.sending.reopen_reason}"
        elif status is ReportStatus.FINAL:
            errors = self.ctrl.session.counts()[Severity.ERROR]
            info = f"Còn {errors} lỗi: sửa trước khi gửi." if errors else "Sẵn sàng gửi."
        # every figure saved calls this: an editable report whose status line is unchanged has
        # nothing to redo (restyling the chip and walking every page's editors cost a
        # millisecond per keystroke). A sent report is always locked again: a reload may have
        # rebuilt editors.
        shown = (status, chip, info)
        if not locked and shown == self._shown:
            return
        self._shown = shown
        self.chip.setText(chip)
        self.chip.setStyleSheet(_CHIP_STYLE[status] + "font-weight:bold; border-radius:3px;")
        self.info.setText(info)
        self.final_button.setVisible(status is ReportStatus.DRAFT)
        self.draft_button.setVisible(status is ReportStatus.FINAL)
        self.sent_button.setVisible(status is not ReportStatus.DRAFT)
        self.sent_button.setText("Sửa thông tin gửi…" if locked else "Đã gửi…")
        self.reopen_button.setVisible(locked)
        self.apply_read_only()

    def apply_read_only(self) -> None:
        locked = self.status is ReportStatus.SENT
        for page in self.window_.pages.values():
            set_read_only(page, locked)
        for action in (self.window_.undo_action, self.window_.redo_action):
            if locked:
                action.setEnabled(False)
        if not locked:
            stack = self.ctrl.undo_stack
            self.window_.undo_action.setEnabled(stack.canUndo())
            self.window_.redo_action.setEnabled(stack.canRedo())
        self.window_.import_xlsx_action.setEnabled(not locked)

    def page_built(self, page: QWidget) -> None:
        set_read_only(page, self.status is ReportStatus.SENT)

    # --- changing -----------------------------------------------------------------------------
    def _change(self, request: StatusRequest) -> bool:
        self.ctrl.flush()
        try:
            self.ctrl.session.change_status(request)
        except UserError as exc:
            messages.show_error(self.window_, exc.message, "Không đổi được trạng thái")
            return False
        self.ctrl.report_reset.emit()  # pages repaint (and lock or unlock)
        self.ctrl.findings_changed.emit()
        self.window_.changed.emit()
        self.window_.show_status(f"Trạng thái: {self.status.label}")
        return True

    def ask_final(self) -> bool:
        errors = self.ctrl.session.counts()[Severity.ERROR]
        if errors:
            messages.show_error(
                self.window_,
                f"Báo cáo còn {errors} lỗi nên chưa thể ghi là hoàn thành: sửa hết lỗi (trang"
                " Kiểm tra) trước.",
                "Chưa hoàn thành được",
            )
            return False
        if not messages.confirm(
            self.window_,
            "Ghi báo cáo là “Hoàn thành”: đã sửa hết lỗi, đã đọc lại và sẵn sàng trình ký, gửi?",
            "Ghi là Hoàn thành",
        ):
            return False
        return self._change(StatusRequest(ReportStatus.FINAL))

    def back_to_draft(self) -> bool:
        return self._change(StatusRequest(ReportStatus.DRAFT))

    def ask_sent(self) -> SentDialog:
        dialog = SentDialog(self.window_, self.ctrl.report.sending.number)
        if self.status is ReportStatus.SENT and self.ctrl.report.sending.sent_on:
            d = self.ctrl.report.sending.sent_on
            dialog.date.setDate(QDate(d.year, d.month, d.day))
        dialog.accepted.connect(lambda: self._change(dialog.request()))
        self._open(dialog)
        return dialog

    def ask_reopen(self) -> ReopenDialog:
        dialog = ReopenDialog(self.window_, self.ctrl.report.sending.reopen_count + 1)
        dialog.accepted.connect(lambda: self._change(dialog.request()))
        self._open(dialog)
        return dialog

    def show_history(self, code: str | None = None) -> QDialog:
        from .history_view import HistoryDialog

        dialog = HistoryDialog(self.ctrl.session, code, self.window_)
        self._open(dialog)
        return dialog

    def _open(self, dialog: QDialog) -> None:
        # window-modal without a nested event loop: the window stays responsive to its timers
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def set_read_only(root: QWidget, locked: bool) -> None:
    """Lock (or unlock) every editor under root, remembering each one's own state so that
    unlocking gives back exactly what the page had set."""
    for w in root.findChildren(QWidget):
        name = w.objectName().casefold()
        if any(k in name for k in _KEEP_USABLE):
            continue
        if isinstance(w, (QLineEdit, QTextEdit, QPlainTextEdit)):
            _remember(w, "cchc_read_only", w.isReadOnly())
            w.setReadOnly(locked or bool(w.property("cchc_read_only")))
        elif isinstance(w, QAbstractItemView):
            _remember(w, "cchc_triggers", int(w.editTriggers().value))
            own = QAbstractItemView.EditTrigger(int(w.property("cchc_triggers")))
            w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if locked else own)
        elif isinstance(w, (QAbstractButton, QComboBox, QAbstractSpinBox)):
            if locked:
                _remember(w, "cchc_enabled", w.isEnabled())
                w.setEnabled(False)
            elif w.property("cchc_enabled") is not None:
                w.setEnabled(bool(w.property("cchc_enabled")))
                w.setProperty("cchc_enabled", None)


def _remember(w: QWidget, key: str, value: object) -> None:
    if w.property(key) is None:
        w.setProperty(key, value)
