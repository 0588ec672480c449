"""GUI for the Excel exchange: "Xuất Excel" and "Nhập từ Excel" with a preview of old -> new values.

The main window wires two buttons on the Phụ lục III page to export_xlsx() and import_xlsx(); the
caller saves the report import_xlsx() returns (this module never touches the database).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalog import Catalog
from ..domain.report import Report
from ..errors import UserError
from ..export.xlsx_exchange import ImportPlan, apply_plan, read_workbook, write_workbook

_FILTER = "Sổ làm việc Excel (*.xlsx)"


class ImportPreviewDialog(QDialog):
    """Shows every change (old -> new, with its cell) or every error; "Nhập" only when error-free."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Nhập số liệu từ {plan.source}")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        if plan.errors:
            summary = (
                f"Tệp có {len(plan.errors)} lỗi nên chưa nhập số liệu nào. "
                "Hãy sửa các ô dưới đây trong Excel rồi nhập lại."
            )
        elif plan.changes:
            summary = f"{len(plan.changes)} thay đổi sẽ được nhập vào báo cáo:"
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
        self.table.setHorizontalHeaderLabels(["Mã", "Chỉ tiêu", "Cũ", "Mới", "Ô"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, ch in enumerate(plan.changes):
            old = ch.old_text or "(trống)"
            new = ch.new_text or "(trống)"
            if ch.note_changed:
                old += f"\nGhi chú: {ch.old_note}" if ch.old_note else "\nGhi chú: (trống)"
                new += f"\nGhi chú: {ch.new_note}" if ch.new_note else "\nGhi chú: (trống)"
            key = ch.key if ch.appendix == "III" else f"PL I {ch.key}".strip()
            for col, text in enumerate((key, ch.label, old, new, ch.cell)):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        buttons.addButton(
            "Đóng" if not plan.changes else "Hủy", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def export_xlsx(parent: QWidget, report: Report, catalog: Catalog) -> Path | None:
    """Ask where to save and write the workbook; returns the path, or None if cancelled."""
    suggested = f"so-lieu-cchc-{report.period.code.lower()}-{report.period.year}.xlsx"
    name, _ = QFileDialog.getSaveFileName(
        parent, "Xuất tệp Excel để các đơn vị điền", suggested, _FILTER
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    try:
        write_workbook(report, catalog, path)
    except UserError as exc:
        QMessageBox.warning(parent, "Không xuất được tệp Excel", exc.message)
        return None
    return path


def import_xlsx(parent: QWidget, report: Report, catalog: Catalog) -> Report | None:
    """Pick a workbook, preview it, and return the updated report to save (None: nothing to do)."""
    name, _ = QFileDialog.getOpenFileName(parent, "Nhập số liệu từ tệp Excel", "", _FILTER)
    if not name:
        return None
    try:
        plan = read_workbook(Path(name), report, catalog)
    except UserError as exc:
        QMessageBox.warning(parent, "Không đọc được tệp Excel", exc.message)
        return None
    dialog = ImportPreviewDialog(plan, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not plan.ok or not plan.changes:
        return None
    try:
        return apply_plan(report, plan)
    except UserError as exc:
        QMessageBox.warning(parent, "Chưa nhập số liệu", exc.message)
        return None
