"""“Xuất Excel…” and “Nhập Excel…” of Phụ lục III: files off the GUI thread, a preview of old -> new.

The workbook module (openpyxl) is imported only when one of the buttons is used, so it costs nothing
at start. Importing applies the plan through the controller as one undoable step; errors are
Vietnamese dialogs (messages.show_error), never tracebacks.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..errors import UserError
from . import settings
from .controller import ReportController
from .export_flow import FileFlow, file_name

if TYPE_CHECKING:
    from ..services.exchange_xlsx import ImportPlan

_FILTER = "Sổ làm việc Excel (*.xlsx)"


class ImportPreviewDialog(QDialog):
    """Shows every change (old -> new, with its cell) or every error; "Nhập" only when error-free."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Nhập số liệu từ {plan.source}")
        self.resize(960, 560)
        layout = QVBoxLayout(self)
        if plan.errors:
            summary = (
                f"Tệp có {len(plan.errors)} lỗi nên chưa nhập số liệu nào. "
                "Hãy sửa các ô dưới đây trong Excel rồi nhập lại."
            )
        elif plan.changes:
            summary = (
                f"{len(plan.changes)} thay đổi sẽ được nhập vào báo cáo (có thể hoàn tác bằng "
                "Ctrl+Z). Hãy xem lại giá trị cũ và mới:"
            )
        else:
            summary = "Không có thay đổi nào: số liệu trong tệp trùng với báo cáo."
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.errors = QListWidget()
        self.errors.addItems([str(e) for e in plan.errors])
        self.errors.setVisible(bool(plan.errors))
        layout.addWidget(self.errors)

        self.table = QTableWidget(len(plan.changes), 5)
        self.table.setHorizontalHeaderLabels(
            ["Mã", "Chỉ tiêu", "Giá trị cũ", "Giá trị mới", "Ô trong tệp"]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for row, ch in enumerate(plan.changes):
            old = ch.old_text or "(trống)"
            new = ch.new_text or "(trống)"
            if ch.note_changed:
                old += f"\nGhi chú: {ch.old_note or '(trống)'}"
                new += f"\nGhi chú: {ch.new_note or '(trống)'}"
            key = ch.key if ch.appendix == "III" else f"PL I {ch.key}".strip()
            for col, text in enumerate((key, ch.label, old, new, ch.cell)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 3:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                else:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((2, 150), (3, 150), (4, 130)):
            self.table.setColumnWidth(col, width)
        # row heights follow the wrapped text: fit them once the columns have their widths
        fit = QTimer(self)
        fit.setSingleShot(True)
        fit.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_a: fit.start(0))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(plan.changes))
        layout.addWidget(self.table)

        self.notices = QListWidget()
        self.notices.addItems(plan.notices)
        self.notices.setVisible(bool(plan.notices))
        self.notices.setMaximumHeight(90)
        layout.addWidget(self.notices)

        buttons = QDialogButtonBox()
        self.apply_button = None
        if plan.ok and plan.changes:
            self.apply_button = buttons.addButton(
                f"Nhập {len(plan.changes)} thay đổi", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.apply_button.setDefault(True)
        buttons.addButton(
            "Hủy" if plan.ok and plan.changes else "Đóng", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def suggested_xlsx_name(ctrl: ReportController) -> str:
    r = ctrl.report
    return file_name(f"Số liệu CCHC {r.period.wording} - {r.unit.name}", ".xlsx")


class XlsxFlow(FileFlow):
    """One export or import: the file dialog, the work in the thread pool, then the answer.

    finished carries the written Path (export), the number of changes applied (import), or None
    when cancelled or failed."""

    failure_title = "Không xử lý được tệp Excel"

    # --- export ------------------------------------------------------------------------------
    def start_export(self, path: Path | None = None) -> bool:
        self.ctrl.flush()
        path = path or self._ask_save_path()
        if path is None:
            return False
        settings.set_last_folder(path)
        report = copy.deepcopy(self.ctrl.report)  # the worker never sees later edits half-made
        catalog = self.ctrl.session.catalog

        def work() -> Path:
            from ..services.exchange_xlsx import export_workbook

            return export_workbook(report, catalog, path).path

        self._run(work, self._exported, "Đang xuất tệp Excel…", "Xuất Excel")
        return True

    def _ask_save_path(self) -> Path | None:
        start = str(Path(settings.last_folder()) / suggested_xlsx_name(self.ctrl))
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent_widget, "Xuất tệp Excel để các đơn vị điền số liệu", start, _FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def _exported(self, path: Path) -> None:
        self._written(
            path,
            f"Đã xuất số liệu Phụ lục III ra tệp:\n{path}\n\n"
            "Gửi tệp cho đơn vị điền vào các ô màu vàng, rồi dùng “Nhập Excel…” để nhập lại.",
            "Xuất Excel",
        )

    # --- import ------------------------------------------------------------------------------
    def start_import(self, path: Path | None = None) -> bool:
        self.ctrl.flush()
        path = path or self._ask_open_path()
        if path is None:
            return False
        settings.set_last_folder(path)
        report = copy.deepcopy(self.ctrl.report)
        catalog = self.ctrl.session.catalog

        def work() -> ImportPlan:
            from ..services.exchange_xlsx import read_plan

            return read_plan(path, report, catalog)

        self._run(work, self._read, "Đang đọc tệp Excel…", "Nhập Excel")
        return True

    def _ask_open_path(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Nhập số liệu từ tệp Excel", settings.last_folder(), _FILTER
        )
        return Path(chosen) if chosen else None

    def _read(self, plan: ImportPlan) -> None:
        self._close_progress()
        dialog = ImportPreviewDialog(plan, self.parent_widget)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted or not plan.ok or not plan.changes:
            self.finished.emit(None)
            return
        from ..services.exchange_xlsx import apply_plan, backup_before_import

        try:
            backup_before_import(self.ctrl.session.repo)
            updated = apply_plan(self.ctrl.report, plan)
        except UserError as exc:
            self._failed(exc.message)
            return
        label = f"Nhập {len(plan.changes)} số liệu từ Excel"
        from ..domain.history import ChangeSource

        if not self.ctrl.replace_report(label, updated, ChangeSource.XLSX_IMPORT):
            self.finished.emit(None)
            return
        status = getattr(self.parent_widget.window(), "show_status", None)
        if callable(status):
            status(f"Đã nhập {len(plan.changes)} thay đổi từ “{plan.source}” (Ctrl+Z để hoàn tác)")
        self.finished.emit(len(plan.changes))
