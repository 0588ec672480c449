"""“Tổng hợp từ đơn vị…”: merge sub-units' workbooks into the open report, previewed, one undo step.

The dialog lists the chosen files with the sub-unit each one is for (read from the file, or chosen
here), then the preview: every value old -> new with its parts, the values needing manual entry,
those the user overrode (kept), the parts' own rule findings and the missing sub-units. “Tổng hợp”
writes the figures and their provenance in one transaction; Ctrl+Z takes both back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.history import ChangeSource
from ..domain.provenance import Provenance
from ..domain.steps import Step
from ..errors import UserError
from ..services.merge import MergeChange, MergePlan, MergeService, PartReading
from . import messages, settings
from .controller import ReportController

_FILTER = "Sổ làm việc Excel (*.xlsx)"
_STATUS = {
    "merged": "Tổng hợp",
    "cleared": "Xóa (các đơn vị không ghi)",
    "overridden": "Giữ số đã sửa tay",
    "manual": "Cần nhập tay",
}
_MANUAL = QColor("#fff4ce")
_KEPT = QColor("#e8f0fe")


class MergeCommand(QUndoCommand):
    """A merge as one undo step: the figures and their provenance, back and forth together."""

    def __init__(
        self,
        ctrl: ReportController,
        service: MergeService,
        text: str,
        states: tuple[Step, Provenance, Provenance],
    ) -> None:
        super().__init__(text)
        self.ctrl, self.service = ctrl, service
        self.step, self.prov_before, self.prov_after = states
        self._first = True

    def _write(self, forward: bool, provenance: Provenance) -> None:
        from ..services.merge import write_with_provenance

        rid = self.ctrl.report.id
        assert rid is not None
        try:
            patch = self.step.patch(self.ctrl.report, forward)
            write_with_provenance(self.service.store, rid, patch, provenance, ChangeSource.UNDO)
            self.ctrl.session.reload()
        except UserError as exc:
            messages.show_error(None, exc.message)
            return
        self.ctrl.report_reset.emit()
        self.ctrl.findings_changed.emit()
        self.ctrl.saved.emit()

    def redo(self) -> None:
        if self._first:  # the merge itself wrote it
            self._first = False
            return
        self._write(True, self.prov_after)

    def undo(self) -> None:
        self._write(False, self.prov_before)


def apply_merge(ctrl: ReportController, service: MergeService, plan: MergePlan) -> bool:
    """Write the plan (a backup first) and push it on the undo stack; False when refused."""
    ctrl.flush()
    before = ctrl.session.state()
    try:
        service.apply(plan)
        ctrl.session.reload()
    except UserError as exc:
        messages.show_error(None, exc.message)
        return False
    step = Step.between(before, ctrl.session.state())
    label = f"Tổng hợp từ {len(plan.parts)} đơn vị"
    states = (step, plan.before, plan.after)
    ctrl.undo_stack.push(MergeCommand(ctrl, service, label, states))
    ctrl.report_reset.emit()
    ctrl.findings_changed.emit()
    ctrl.saved.emit()
    return True


def preview_table(parts_title: str) -> QTableWidget:
    """The preview's table: one row per indicator the merge changes, keeps or leaves to the user."""
    table = QTableWidget(0, 6)
    table.setHorizontalHeaderLabels(
        ["Mã", "Chỉ tiêu", "Hiện có", "Sau tổng hợp", "Cách tính", parts_title]
    )
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    th = table.horizontalHeader()
    th.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    th.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    th.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    for col, width in ((2, 90), (3, 100), (4, 130)):
        table.setColumnWidth(col, width)
    return table


def fill_preview(table: QTableWidget, plan: MergePlan) -> None:
    rows = plan.changes + plan.overridden + plan.manual
    table.setRowCount(len(rows))
    for r, ch in enumerate(rows):
        _preview_row(table, r, ch)
    table.resizeRowsToContents()


def _preview_row(table: QTableWidget, r: int, ch: MergeChange) -> None:
    new = ch.new_text or "(trống)"
    if ch.status == "manual":
        new = "cần nhập tay"
    elif ch.status == "overridden":
        new = f"{ch.old_text} (giữ; tổng hợp được {ch.new_text or '(trống)'})"
    how = (
        f"{_STATUS['manual']}: {ch.reason}"
        if ch.status == "manual"
        else (ch.rule[:1].upper() + ch.rule[1:] if ch.status == "merged" else _STATUS[ch.status])
    )
    cells = (ch.code, ch.label, ch.old_text or "(trống)", new, how, ch.parts_text or "-")
    for col, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if ch.status == "manual":
            item.setBackground(_MANUAL)
        elif ch.status == "overridden":
            item.setBackground(_KEPT)
        table.setItem(r, col, item)


class MergeDialog(QDialog):
    """Files and their sub-units, the preview, and “Tổng hợp”."""

    def __init__(
        self,
        ctrl: ReportController,
        paths: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctrl = ctrl
        ctrl.flush()  # what is being typed is written first: the plan is made at that revision
        self.service = MergeService(ctrl.session.repo)
        self.report = ctrl.report
        self.known = [s.name for s in self.service.sub_units(self.report.unit.name)]
        self.readings: list[PartReading] = []
        self.plan: MergePlan | None = None
        self.applied = False
        self.setWindowTitle(f"Tổng hợp số liệu từ các phòng, đơn vị - {self.report.unit.name}")
        self.resize(1000, 680)
        layout = QVBoxLayout(self)

        layout.addWidget(QLabel("Các tệp Excel của phòng, đơn vị:"))
        self.files = QTableWidget(0, 3)
        self.files.setHorizontalHeaderLabels(["Tệp", "Phòng, đơn vị", "Tình trạng"])
        self.files.verticalHeader().setVisible(False)
        self.files.setMaximumHeight(170)
        fh = self.files.horizontalHeader()
        fh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.files.setColumnWidth(1, 220)
        layout.addWidget(self.files)
        row = QHBoxLayout()
        self.add_button = QPushButton("Thêm tệp…")
        self.add_button.clicked.connect(lambda _c=False: self.add_files())
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.errors = QListWidget()
        self.errors.setMaximumHeight(110)
        layout.addWidget(self.errors)
        self.table = preview_table("Các phòng, đơn vị")
        layout.addWidget(self.table, 1)
        self.checks = QListWidget()
        self.checks.setMaximumHeight(110)
        layout.addWidget(self.checks)

        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("Tổng hợp", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if paths:
            self.add_files(paths)
        else:
            self._show()

    # --- files ------------------------------------------------------------------------------------
    def add_files(self, paths: list[Path] | None = None) -> None:
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(
                self, "Chọn các tệp Excel của phòng, đơn vị", settings.last_folder(), _FILTER
            )
            paths = [Path(p) for p in chosen]
        known = {r.path for r in self.readings}
        new = [p for p in paths if p not in known]
        if not new:
            return
        from ..services.merge import read_parts

        catalog = self.ctrl.session.catalog
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.readings += read_parts(new, self.report, catalog)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._fill_files()
        self.preview()

    def _fill_files(self) -> None:
        self.files.setRowCount(len(self.readings))
        for row, reading in enumerate(self.readings):
            self.files.setItem(row, 0, QTableWidgetItem(reading.path.name))
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(self.known)
            combo.setCurrentText(reading.name)
            combo.currentTextChanged.connect(lambda text, r=reading: self._rename(r, text))
            self.files.setCellWidget(row, 1, combo)
            state = (
                f"{len(reading.errors)} lỗi"
                if reading.errors
                else f"{len(reading.values)} chỉ tiêu có số liệu"
                + ("" if reading.from_metadata else " (chọn đơn vị)" if not reading.name else "")
            )
            self.files.setItem(row, 2, QTableWidgetItem(state))

    def combo(self, row: int) -> QComboBox:
        widget = self.files.cellWidget(row, 1)
        assert isinstance(widget, QComboBox)
        return widget

    def _rename(self, reading: PartReading, text: str) -> None:
        from ..domain.vn import clean_line

        reading.name = clean_line(text)
        reading.from_metadata = False
        self.preview()

    # --- preview ------------------------------------------------------------------------------------
    def preview(self) -> None:

        if not self.readings:
            self.plan = None
            self._show()
            return
        catalog = self.ctrl.session.catalog
        try:
            self.plan = self.service.plan(self.ctrl.report, catalog, self.readings)
        except UserError as exc:
            self.plan = None
            messages.show_error(self, exc.message)
        self._show()

    def _show(self) -> None:
        plan = self.plan
        self.errors.clear()
        self.checks.clear()
        if plan is None:
            self.summary.setText("Chọn các tệp Excel đã điền của phòng, đơn vị (nút “Thêm tệp…”).")
            self.table.setRowCount(0)
            self.errors.setVisible(False)
            self.checks.setVisible(False)
            self.apply_button.setEnabled(False)
            return
        if plan.errors:
            self.summary.setText(
                f"Có {len(plan.errors)} lỗi nên chưa tổng hợp được; sửa tệp (hoặc chọn đơn vị) "
                "rồi thêm lại."
            )
        else:
            self.summary.setText(
                f"{len(plan.changes)} giá trị sẽ thay đổi, {len(plan.manual)} cần nhập tay, "
                f"{len(plan.overridden)} giữ số đã sửa tay. Có thể hoàn tác bằng Ctrl+Z."
            )
        self.errors.addItems(plan.errors)
        self.errors.setVisible(bool(plan.errors))
        fill_preview(self.table, plan)
        extra = [f"Kiểm tra: {f}" for f in plan.findings] + [f"Lưu ý: {n}" for n in plan.notices]
        if plan.missing:
            extra.insert(0, "Chưa có số liệu của: " + ", ".join(plan.missing))
        self.checks.addItems(extra)
        self.checks.setVisible(bool(extra))
        self.apply_button.setEnabled(plan.ok and bool(plan.changes or plan.after.parts))

    # --- apply ----------------------------------------------------------------------------------------
    def apply(self) -> None:
        if self.plan is None or not self.plan.ok:
            return
        if apply_merge(self.ctrl, self.service, self.plan):
            self.applied = True
            self.accept()


def open_merge_dialog(
    ctrl: ReportController, parent: QWidget | None = None, paths: list[Path] | None = None
) -> MergeDialog:
    """“Tổng hợp từ đơn vị…”: the dialog, shown (not modal to the tests: they drive it)."""
    dialog = MergeDialog(ctrl, paths, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
