"""The start window's table: one row per report (unit, period, year, number, status, figures
filled, last change, data cut-off, deadline marked when due soon or overdue)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from ...domain.vn import format_date_short, format_timestamp
from ...services.progress import CatalogLookup, deadline_of, summary_completeness

if TYPE_CHECKING:
    from ...domain.deadlines import DeadlineState
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
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# the roles data() answers; the others (font, icon, check state, size hint) are let go at once
_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        SORT_ROLE,
        ID_ROLE,
    )
)


# what each of the first seven columns sorts by
_SORT_KEYS: tuple[Callable[[ReportSummary], Any], ...] = (
    lambda r: r.unit,
    lambda r: r.period.year * 1000 + r.period.last_month * 10 + (12 - r.period.first_month) // 3,
    lambda r: r.period.year,
    lambda r: r.number_symbol,
    lambda r: r.status.label,
    lambda r: r.values_filled,
    lambda r: r.updated_at.isoformat(),
)


def _folded(text: str) -> str:
    """text as the filter compares it: case-insensitive, as QSortFilterProxyModel's fixed-string
    filter was (Vietnamese capitals fold to their small letters)."""
    return text.casefold()


class ReportListModel(QAbstractTableModel):
    """Sorts and filters its rows itself: a QSortFilterProxyModel in front of it asked for each of
    2,000 rows' values (rowCount, index, data) about 5,000 times before the first paint."""

    def __init__(self) -> None:
        super().__init__()
        self._all: list[ReportSummary] = []  # every report, in the sorted order
        self._rows: list[ReportSummary] = []  # the rows shown: _all, or those the filter keeps
        self._needle = ""  # the filter text, folded ("" shows every row)
        self._haystack: dict[int, tuple[str, ...]] = {}  # report id -> its texts, folded
        self._find: CatalogLookup | None = None
        self.today = dt.date.today()
        # each row's texts, sort keys and deadline, made once per report (keyed by its id, so that
        # sorting keeps them): the view asks for them thousands of times (sizing the columns,
        # painting), a strftime each time took most of a 2,000-row start
        self._display: dict[int, tuple[Any, ...]] = {}
        self._sort: dict[int, dict[int, Any]] = {}  # column -> {report id: its key}
        self._deadline: dict[int, DeadlineState] = {}
        # the model sorts its rows itself (sort()); None until the view asks for an order
        self._order: tuple[int, Qt.SortOrder] | None = None

    def set_reports(
        self,
        rows: list[ReportSummary],
        today: dt.date | None = None,
        find: CatalogLookup | None = None,
    ) -> None:
        self.beginResetModel()
        self._all = list(rows)
        if today is not None:
            self.today = today
        self._find = find
        self._forget()
        self._sort_rows()
        self._rows = self._kept()
        self.endResetModel()

    def _forget(self, report_id: int | None = None) -> None:
        for cache in (self._display, *self._sort.values(), self._deadline, self._haystack):
            if report_id is None:
                cache.clear()
            else:
                cache.pop(report_id, None)

    def update_report(self, summary: ReportSummary) -> bool:
        """Replace the line of summary's report; False when the list does not have it."""
        at = next((n for n, r in enumerate(self._all) if r.id == summary.id), -1)
        if at < 0:
            return False
        self._all[at] = summary
        self._forget(summary.id)
        row = at if self._rows is self._all else self.row_of(summary.id)
        if self._needle and (row >= 0) != self._keeps(summary):
            self._relayout()  # the filter now hides it, or now shows it
            return True
        if row < 0:
            return True  # hidden by the filter, and still hidden
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if self._order is not None and not self._in_order(row):
            self.sort(*self._order)  # its new key moved it (the last change sorts to the top)
        return True

    # --- filtering: the rows whose texts hold the filter text, in the sorted order -------------
    def set_filter(self, text: str) -> None:
        """Show only the rows with text in one of their columns' texts (any case); "" shows all."""
        needle = _folded(text)
        if needle != self._needle:
            self._needle = needle
            self._relayout()

    def _keeps(self, r: ReportSummary) -> bool:
        texts = self._haystack.get(r.id)
        if texts is None:
            texts = self._haystack[r.id] = tuple(map(_folded, self._texts(r)))
        needle = self._needle
        return any(needle in t for t in texts)

    def _kept(self) -> list[ReportSummary]:
        if not self._needle:
            return self._all
        return [r for r in self._all if self._keeps(r)]

    def _relayout(self) -> None:
        """Sort _all again (when ordered) and re-filter it; the selection follows its reports, and
        a row the filter hides leaves it."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[i.row()].id if i.isValid() else None for i in old]
        self._sort_rows()
        self._rows = self._kept()
        where = {r.id: n for n, r in enumerate(self._rows)}
        new = [
            self.index(where[rid], i.column()) if rid in where else QModelIndex()
            for rid, i in zip(ids, old, strict=True)
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # --- sorting: in Python, each row's key made once ----------------------------------------------
    # (a QSortFilterProxyModel sorting 2,000 rows asked data() 30,000 times on every start)
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = (column, order)
        self._relayout()

    def _sort_rows(self) -> None:
        """Stable, as the view's own sort: rows with equal keys keep the order they came in."""
        if self._order is None:
            return
        column, order = self._order
        if 0 <= column < len(COLUMNS):
            self._all.sort(
                key=lambda r: self.sort_key(r, column),
                reverse=order is Qt.SortOrder.DescendingOrder,
            )

    def _in_order(self, row: int) -> bool:
        assert self._order is not None
        column, order = self._order
        if not 0 <= column < len(COLUMNS):
            return True
        key = self.sort_key(self._rows[row], column)
        before = self.sort_key(self._rows[row - 1], column) if row > 0 else None
        after = self.sort_key(self._rows[row + 1], column) if row + 1 < len(self._rows) else None
        if order is Qt.SortOrder.DescendingOrder:
            before, after = after, before
        return (before is None or not key < before) and (after is None or not after < key)

    def sort_key(self, r: ReportSummary, column: int) -> Any:
        """What column sorts r by (also the SORT_ROLE data)."""
        if column >= 7:
            if column == 7:
                return r.period.cutoff_end.isoformat()
            return self._state(r).due.isoformat()
        # only the sorted column's keys are made (a start sorts 2,000 rows by the last change)
        keys = self._sort.get(column)
        if keys is None:
            keys = self._sort[column] = {}
        key = keys.get(r.id)
        if key is None:
            key = keys[r.id] = _SORT_KEYS[column](r)
        return key

    def _state(self, r: ReportSummary) -> DeadlineState:
        state = self._deadline.get(r.id)
        if state is None:
            state = self._deadline[r.id] = deadline_of(r.period, r.status, self.today)
        return state

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
        # the view asks each visible cell for eight roles on every paint and every measure of the
        # columns: the common answers come first, from the row's texts made once
        if role not in _ROLES:
            return None
        row = index.row()
        if row < 0:  # an invalid index
            return None
        r = self._rows[row]
        col = index.column()
        if role == _DISPLAY:
            return self._texts(r)[col]
        if role == _ALIGNMENT:
            return _RIGHT if col in (2, 5) else None
        if role == ID_ROLE:
            return r.id
        if role == SORT_ROLE:
            return self.sort_key(r, col)
        if col >= 7:
            return self._deadline_data(r, col, role)
        if role == _TOOLTIP:
            return f"{r.unit}: báo cáo {r.period.wording}"
        return None

    def _texts(self, r: ReportSummary) -> tuple[str, ...]:
        shown = self._display.get(r.id)
        if shown is None:
            shown = self._display[r.id] = (
                r.unit,
                r.period.label.rsplit(" ", 1)[0],
                str(r.period.year),
                r.number_symbol,
                r.status.label,
                self._filled_label(r),
                format_timestamp(r.updated_at),
                f"{format_date_short(r.period.cutoff_start)} - {format_date_short(r.period.cutoff_end)}",
                self._state(r).label,
            )
        return shown

    def _deadline_data(self, r: ReportSummary, col: int, role: int) -> Any:
        """The cut-off and deadline columns; the deadline counted from today."""
        state = self._state(r)
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
