"""“Tổng hợp báo cáo các đơn vị…” (the report list): the receiving office's summary of many units'
reports of one period, previewed like a merge, with the per-unit table to Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.periods import Period, PeriodKind
from ..domain.vn import clean_line
from ..errors import UserError
from ..services.store import ReportStore
from ..services.summary import SummaryPlan, SummaryService, write_table
from . import messages, settings
from .merge_dialog import fill_preview, preview_table


class SummaryDialog(QDialog):
    """The summary's unit and period, the units' reports to take, the preview, “Tổng hợp”."""

    def __init__(self, store: ReportStore, period: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.service = SummaryService(store)
        self.plan: SummaryPlan | None = None
        self.saved_id: int | None = None
        self.setWindowTitle("Tổng hợp báo cáo các đơn vị")
        self.resize(1000, 700)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems([u.name for u in store.units()])
        self.unit.setCurrentText("")
        line = self.unit.lineEdit()
        if line is not None:
            line.setPlaceholderText("Đơn vị tổng hợp, ví dụ “UBND tỉnh Hà Tĩnh”")
        form.addRow("Đơn vị tổng hợp:", self.unit)
        self.kind = QComboBox()
        for kind in PeriodKind:
            self.kind.addItem(Period(2000, kind).label.rsplit(" ", 1)[0], kind.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(period.kind.value)))
        form.addRow("Kỳ báo cáo:", self.kind)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(period.year)
        form.addRow("Năm:", self.year)
        layout.addLayout(form)
        layout.addWidget(QLabel("Báo cáo của các đơn vị (đánh dấu những báo cáo cần tổng hợp):"))
        self.reports = QListWidget()
        self.reports.setMaximumHeight(160)
        for r in store.list_reports():
            item = QListWidgetItem(f"{r.unit} - {r.period.wording} (số hiệu {r.id})")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, (r.period.kind.value, r.period.year))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if r.period == period else Qt.CheckState.Unchecked
            )
            self.reports.addItem(item)
        layout.addWidget(self.reports)
        # the reports of the chosen period are ticked, the others not (the user may change it)
        self.kind.currentIndexChanged.connect(lambda _i: self._tick_period())
        self.year.valueChanged.connect(lambda _v: self._tick_period())
        self.preview_button = QPushButton("Xem trước")
        self.preview_button.clicked.connect(lambda _c=False: self.preview())
        layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = preview_table("Các đơn vị")
        layout.addWidget(self.table, 1)
        self.notes = QListWidget()
        self.notes.setMaximumHeight(90)
        layout.addWidget(self.notes)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("Tổng hợp", QDialogButtonBox.ButtonRole.AcceptRole)
        self.table_button = buttons.addButton(
            "Xuất bảng Excel…", QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.apply)
        self.table_button.clicked.connect(lambda _c=False: self.export_table())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._enable()

    def period(self) -> Period:
        return Period(self.year.value(), PeriodKind(self.kind.currentData()))

    def _tick_period(self) -> None:
        wanted = (self.kind.currentData(), self.year.value())
        for i in range(self.reports.count()):
            item = self.reports.item(i)
            same = tuple(item.data(Qt.ItemDataRole.UserRole + 1)) == wanted
            item.setCheckState(Qt.CheckState.Checked if same else Qt.CheckState.Unchecked)

    def chosen(self) -> list[int]:
        out: list[int] = []
        for i in range(self.reports.count()):
            item = self.reports.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _enable(self) -> None:
        ok = self.plan is not None
        self.apply_button.setEnabled(ok)
        self.table_button.setEnabled(ok)

    def preview(self) -> SummaryPlan | None:
        self.plan = None
        self.notes.clear()
        unit = clean_line(self.unit.currentText())
        try:
            if not unit:
                raise UserError("Chưa nhập tên đơn vị tổng hợp.")
            self.plan = self.service.plan(unit, self.period(), self.chosen())
        except UserError as exc:
            self.summary.setText(exc.message)
            self.table.setRowCount(0)
            self._enable()
            return None
        merge = self.plan.merge
        where = "cập nhật báo cáo đã có" if self.plan.exists else "tạo báo cáo mới"
        self.summary.setText(
            f"{len(self.plan.reports)} đơn vị ({where}): {len(merge.changes)} giá trị, "
            f"{len(merge.manual)} cần nhập tay, {len(merge.overridden)} giữ số đã sửa tay."
        )
        fill_preview(self.table, merge)
        if self.plan.with_errors:
            self.notes.addItem("Báo cáo còn lỗi: " + ", ".join(self.plan.with_errors))
        if self.plan.missing:
            self.notes.addItem("Chưa gửi báo cáo: " + ", ".join(self.plan.missing))
        self._enable()
        return self.plan

    def export_table(self, path: Path | None = None) -> Path | None:
        if self.plan is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Lưu bảng tổng hợp", settings.last_folder(), "Sổ làm việc Excel (*.xlsx)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            write_table(self.plan, path)
        except UserError as exc:
            messages.show_error(self, exc.message)
            return None
        return path

    def apply(self) -> None:
        if self.plan is None:
            return
        try:
            self.saved_id = self.service.apply(self.plan)
        except UserError as exc:
            messages.show_error(self, exc.message)
            return
        self.accept()
