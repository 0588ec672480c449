"""The Kiểm tra page's table: severity, message and the fields each finding is about."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.rules import Finding, Severity
from ..controller import ReportController

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Mức độ", "Nội dung", "Chỉ tiêu / mục")
_COLOR = {
    Severity.ERROR: QColor("#a4262c"),
    Severity.WARNING: QColor("#8a5a00"),
    Severity.NOTICE: QColor("#005a9e"),
}
_FIELD_LABEL = {
    "symbol": "Ký hiệu",
    "number": "Số văn bản",
    "place": "Địa danh",
    "date": "Ngày",
    "subject": "Trích yếu",
    "signer": "Người ký",
    "signer-name": "Người ký",
    "recipients": "Nơi nhận",
    "footnote": "Chú thích",
    "section": "Nội dung",
    "appendix": "Phụ lục",
}


def fields_label(f: Finding) -> str:
    if f.codes:
        return ", ".join(f.codes)
    name = f.rule.removeprefix("report.")
    for prefix, label in _FIELD_LABEL.items():
        if name.startswith(prefix):
            return label
    return ""


class FindingsModel(QAbstractTableModel):
    def __init__(self, ctrl: ReportController) -> None:
        super().__init__()
        self.ctrl = ctrl
        self.items: list[Finding] = ctrl.session.findings()
        self._bold = QFont()
        self._bold.setBold(True)
        ctrl.findings_changed.connect(self.refresh)

    def refresh(self) -> None:
        self.beginResetModel()
        self.items = self.ctrl.session.findings()
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self.items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f.severity.label, f.message, fields_label(f))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f.message + "\n(Nhấp đúp để đến ô liên quan)"
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QBrush(_COLOR[f.severity])
        if role == Qt.ItemDataRole.FontRole and col == 0 and f.severity is Severity.ERROR:
            return self._bold
        return None
