"""The start window's table: one row per report (unit, period, year, number, status, last change)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from ...domain.stored import ReportSummary

Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    "Đơn vị",
    "Kỳ báo cáo",
    "Năm",
    "Số, ký hiệu",
    "Trạng thái",
    "Chỉ tiêu đã nhập",
    "Sửa lần cuối",
)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ReportListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ReportSummary] = []
        # each row's texts and sort keys, made once: the view asks for them thousands of times
        # (sizing the columns, sorting), a strftime each time took most of a 2,000-row start
        self._display: dict[int, tuple[Any, ...]] = {}
        self._sort: dict[int, tuple[Any, ...]] = {}

    def set_reports(self, rows: list[ReportSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display.clear()
        self._sort.clear()
        self.endResetModel()

    def update_report(self, summary: ReportSummary) -> bool:
        """Replace the line of summary's report; False when the list does not have it."""
        row = self.row_of(summary.id)
        if row < 0:
            return False
        self._rows[row] = summary
        self._display.pop(row, None)
        self._sort.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def summary(self, row: int) -> ReportSummary:
        return self._rows[row]

    def row_of(self, report_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == report_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.DisplayRole:
            shown = self._display.get(index.row())
            if shown is not None:
                return shown[col]
            shown = self._display[index.row()] = (
                r.unit,
                r.period.label.rsplit(" ", 1)[0],
                str(r.period.year),
                r.number_symbol,
                r.status.label,
                str(r.values_filled),
                r.updated_at.strftime("%d/%m/%Y %H:%M"),
            )
            return shown[col]
        if role == SORT_ROLE:
            keys = self._sort.get(index.row())
            if keys is not None:
                return keys[col]
            keys = self._sort[index.row()] = (
                r.unit,
                r.period.year * 1000 + r.period.last_month * 10 + (12 - r.period.first_month) // 3,
                r.period.year,
                r.number_symbol,
                r.status.label,
                r.values_filled,
                r.updated_at.isoformat(),
            )
            return keys[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.unit}: báo cáo {r.period.wording}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
