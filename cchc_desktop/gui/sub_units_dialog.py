"""“Xuất Excel cho đơn vị…”: the unit's phòng and đơn vị trực thuộc (kept in the database, edited
here) and one workbook per chosen sub-unit, its name inside, ready to send."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.provenance import SubUnit, SubUnitKind
from ..errors import UserError
from ..services.merge import MergeService
from . import messages, settings
from .controller import ReportController

_KINDS = list(SubUnitKind)


class SubUnitsDialog(QDialog):
    """The list (name, kind, whether to export now); “Lưu” keeps it, “Xuất Excel…” writes files."""

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctrl = ctrl
        self.service = MergeService(ctrl.session.repo)
        self.unit = ctrl.report.unit.name
        self.written: list[Path] = []
        self.setWindowTitle(f"Phòng, đơn vị trực thuộc - {self.unit}")
        self.resize(620, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Các phòng, đơn vị gửi số liệu cho báo cáo này. Đánh dấu những đơn vị cần "
                "gửi tệp Excel rồi bấm “Xuất Excel…”: mỗi đơn vị một tệp, có ghi tên đơn vị."
            )
        )
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Tên phòng, đơn vị", "Loại"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 170)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        add = QPushButton("Thêm")
        add.clicked.connect(lambda _c=False: self.add_row("", SubUnitKind.DEPARTMENT))
        remove = QPushButton("Xóa dòng")
        remove.clicked.connect(lambda _c=False: self.remove_current())
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lưu danh sách", QDialogButtonBox.ButtonRole.ApplyRole)
        self.export_button = buttons.addButton(
            "Xuất Excel cho đơn vị đã chọn…", QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.export_button.clicked.connect(lambda _c=False: self.export())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for sub in self.service.sub_units(self.unit):
            self.add_row(sub.name, sub.kind)

    def add_row(self, name: str, kind: SubUnitKind) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.table.setItem(row, 0, item)
        combo = QComboBox()
        combo.addItems([k.label for k in _KINDS])
        combo.setCurrentIndex(_KINDS.index(kind))
        self.table.setCellWidget(row, 1, combo)
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def sub_units(self, *, only_checked: bool = False) -> list[SubUnit]:
        out: list[SubUnit] = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            combo = self.table.cellWidget(row, 1)
            if item is None or not isinstance(combo, QComboBox) or not item.text().strip():
                continue
            if only_checked and item.checkState() != Qt.CheckState.Checked:
                continue
            out.append(SubUnit(item.text(), _KINDS[combo.currentIndex()]))
        return out

    def save(self) -> bool:
        try:
            self.service.save_sub_units(self.unit, self.sub_units())
        except UserError as exc:
            messages.show_error(self, exc.message)
            return False
        return True

    def export(self, folder: Path | None = None) -> list[Path]:
        if not self.save():
            return []
        chosen = self.sub_units(only_checked=True)
        if not chosen:
            messages.show_error(self, "Chưa đánh dấu phòng, đơn vị nào để xuất tệp Excel.")
            return []
        if folder is None:
            picked = QFileDialog.getExistingDirectory(
                self, "Chọn thư mục để lưu các tệp Excel", settings.last_folder()
            )
            if not picked:
                return []
            folder = Path(picked)
        rid = self.ctrl.report.id
        assert rid is not None
        try:
            self.written = self.service.export_for(rid, chosen, folder)
        except UserError as exc:
            messages.show_error(self, exc.message)
            return []
        messages.show_info(
            self,
            f"Đã xuất {len(self.written)} tệp Excel vào {folder}:\n"
            + "\n".join(p.name for p in self.written),
        )
        return self.written
