"""The start window's table: one row per report (unit, period, year, number, status, figures
filled, last change, data cut-off, deadline marked when due soon or overdue)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.vn import format_date_short
from ...services.progress import CatalogLookup, deadline_of, summary_completeness

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
    "Số liệu tính đến",
    "Hạn gửi",
)
COL_DUE = 8
# the marks of the deadline column: overdue red, due within a week amber (as findings are)
_OVERDUE = QColor("#fde2e1"), QColor("#a11a12")
_DUE_SOON = QColor("#fff1cc"), QColor("#7a5200")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ReportListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ReportSummary] = []
        self._find: CatalogLookup | None = None
        self.today = dt.date.today()
        # each row's texts and sort keys, made once: the view asks for them thousands of times
        # (sizing the columns, sorting), a strftime each time took most of a 2,000-row start
        self._display: dict[int, tuple[Any, ...]] = {}
        self._sort: dict[int, tuple[Any, ...]] = {}

    def set_reports(
        self,
        rows: list[ReportSummary],
        today: dt.date | None = None,
        find: CatalogLookup | None = None,
    ) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if today is not None:
            self.today = today
        self._find = find
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

    def _filled_label(self, r: ReportSummary) -> str:
        """ "80/105 chỉ tiêu"; "—" for a report without Phụ lục III."""
        done = summary_completeness(r, self._find)
        return done.label if done else "—" if not r.catalog_id else str(r.values_filled)

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
        if col >= 7:
            return self._deadline_data(r, col, role)
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
                self._filled_label(r),
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

    def _deadline_data(self, r: ReportSummary, col: int, role: int) -> Any:
        """The cut-off and deadline columns; the deadline counted from today."""
        state = deadline_of(r.period, r.status, self.today)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 7:
                return f"{format_date_short(r.period.cutoff_start)} - {format_date_short(r.period.cutoff_end)}"
            return state.label
        if role == SORT_ROLE:
            return r.period.cutoff_end.isoformat() if col == 7 else state.due.isoformat()
        if col != COL_DUE:
            return None
        colours = _OVERDUE if state.overdue else _DUE_SOON if state.due_soon else None
        if colours is not None and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(colours[0])
        if colours is not None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(colours[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            if state.overdue:
                return f"Quá hạn gửi {state.days_overdue} ngày (hạn {format_date_short(state.due)})"
            if state.due_soon:
                return f"Sắp đến hạn gửi: còn {state.days_left} ngày"
            if state.done:
                return f"Đã hoàn thành (hạn gửi {format_date_short(state.due)})"
            return f"Hạn gửi {format_date_short(state.due)}: còn {state.days_left} ngày"
        return None
