"""Phụ lục I and II: row tables edited in place (multi-line cells), each change saved at once."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from ...domain.appendix_tables import renumber
from ...domain.report import Report
from ...errors import UserError
from ...services import operations
from .. import messages
from ..controller import ReportController
from ..forms import child
from . import appendix_cells as cells_of
from .base import Page
from .cell_editors import commit_open_editor, typed_in

Index = QModelIndex | QPersistentModelIndex


class MultiLineDelegate(QStyledItemDelegate):
    """A plain-text editor for long cells: Enter adds a line, Tab or leaving the cell saves."""

    def __init__(self, columns: frozenset[int], parent: QWidget) -> None:
        super().__init__(parent)
        self.columns = columns

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() in self.columns:
            edit = QPlainTextEdit(parent)
            edit.setTabChangesFocus(True)
            return edit
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if typed_in(editor):
            return  # a reload (another writer's changes) keeps what is being typed
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect.setHeight(max(rect.height(), 120))
        editor.setGeometry(rect)


class RowTablePage(Page):
    """A list of report rows shown as a table; subclasses say which list and how rows <-> cells."""

    ui_name = "table_page.ui"
    title = ""
    hint = ""
    columns: Sequence[str] = ()
    multiline: frozenset[int] = frozenset()
    widths: Sequence[int] = ()
    right_aligned: frozenset[int] = frozenset()  # figures, right-aligned as in the printed table
    number_width = 1

    def rows(self, report: Report) -> list[Any]:
        raise NotImplementedError

    def cells(self, row: Any) -> list[str]:
        raise NotImplementedError

    def from_cells(self, cells: Sequence[str]) -> Any:
        raise NotImplementedError

    def set_rows(self, report: Report, rows: list[Any]) -> None:
        raise NotImplementedError

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(ctrl, parent)
        self.table = child(self.form, QTableWidget, "table")
        child(self.form, QLabel, "pageTitle").setText(self.title)
        child(self.form, QLabel, "hintLabel").setText(self.hint)
        self.table.setColumnCount(len(self.columns))
        self.table.setHorizontalHeaderLabels(list(self.columns))
        self.table.setItemDelegate(MultiLineDelegate(self.multiline, self.table))
        header = self.table.horizontalHeader()
        for col, width in enumerate(self.widths):
            if width:
                self.table.setColumnWidth(col, width)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        # some air around one-line rows (the height otherwise follows the text exactly)
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().lineSpacing() + 10)
        # row heights follow the wrapped text, which depends on the column widths: fit them again
        # once the widths are known (first show, window resized, column dragged)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_a: self._fit_timer.start())
        self._loading = False
        self.table.itemChanged.connect(self._changed)
        child(self.form, QToolButton, "addButton").clicked.connect(self.add_row)
        child(self.form, QToolButton, "removeButton").clicked.connect(self.remove_row)
        child(self.form, QToolButton, "upButton").clicked.connect(lambda: self.move_row(-1))
        child(self.form, QToolButton, "downButton").clicked.connect(lambda: self.move_row(1))
        QShortcut(QKeySequence("Ctrl+Return"), self, self.add_row)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_timer.start()

    def reload(self) -> None:
        self._loading = True
        try:
            rows = self.rows(self.ctrl.report)
            self.table.setRowCount(len(rows))
            # long multi-line cells read from their top; one-line rows sit in the middle
            vertical = (
                Qt.AlignmentFlag.AlignTop if self.multiline else Qt.AlignmentFlag.AlignVCenter
            )
            for r, row in enumerate(rows):
                cells = self.cells(row)
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    horizontal = (
                        Qt.AlignmentFlag.AlignRight
                        if c in self.right_aligned
                        else Qt.AlignmentFlag.AlignLeft
                    )
                    item.setTextAlignment(vertical | horizontal)
                    if c == 1 and not cells[0]:
                        # a row without a number is a "trong đó" line of the row above
                        font = item.font()
                        font.setItalic(True)
                        item.setFont(font)
                    self.table.setItem(r, c, item)
            self.table.resizeRowsToContents()
        finally:
            self._loading = False

    def _table_rows(self) -> list[list[str]]:
        return [
            [
                (item.text() if (item := self.table.item(r, c)) is not None else "")
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]

    def _commit(
        self, label: str, rows_cells: list[list[str]], select: int | None = None, column: int = 1
    ) -> None:
        """Save the table's rows; then the row `select` is current, at `column` (an edited cell
        stays current: its editor, open while it is saved before a reload, stays open)."""
        try:
            rows = [self.from_cells(cells) for cells in rows_cells]
        except UserError as exc:
            messages.show_error(self, exc.message)
            self.reload()
            return
        self.ctrl.edit_report(label, lambda r: self.set_rows(r, copy.deepcopy(rows)))
        self.reload()
        if select is not None and 0 <= select < self.table.rowCount():
            self.table.setCurrentCell(select, column)

    def _changed(self, _item: QTableWidgetItem) -> None:
        if not self._loading:
            self._commit(
                "Sửa " + self.title.split(":")[0],
                self._table_rows(),
                self.table.currentRow(),
                max(self.table.currentColumn(), 0),
            )

    def _renumbered(self, rows: list[list[str]]) -> list[list[str]]:
        numbers = renumber([r[0] for r in rows], width=self.number_width)
        return [[n, *r[1:]] for n, r in zip(numbers, rows, strict=True)]

    def add_row(self) -> None:
        rows = self._table_rows()
        at = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else len(rows)
        rows.insert(at, ["x"] + [""] * (len(self.columns) - 1))
        self._commit("Thêm dòng", self._renumbered(rows), at)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        rows = self._table_rows()
        label = rows[row][1][:60]
        if not messages.confirm(self, f"Xóa dòng “{label}”?", "Xóa dòng"):
            return
        del rows[row]
        self._commit("Xóa dòng", self._renumbered(rows), min(row, len(rows) - 1))

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        rows = self._table_rows()
        target = row + step
        if row < 0 or not 0 <= target < len(rows):
            return
        rows[row], rows[target] = rows[target], rows[row]
        self._commit("Đổi thứ tự dòng", self._renumbered(rows), target)

    def focus_field(self, name: str) -> None:
        self.table.setFocus()

    def flush(self) -> None:
        commit_open_editor(self.table)


class PropagandaPage(RowTablePage):
    title = "Phụ lục I: Báo cáo tuyên truyền CCHC"
    hint = "Số lượng gõ theo kiểu Việt Nam (1.088). Dòng không có TT là dòng con của dòng trên."
    columns = cells_of.PROPAGANDA_COLUMNS
    widths = (50, 0, 130, 100, 220)
    right_aligned = frozenset({3})
    number_width = 2

    def rows(self, report: Report) -> list[Any]:
        return report.propaganda

    def cells(self, row: Any) -> list[str]:
        return cells_of.propaganda_cells(row)

    def from_cells(self, cells: Sequence[str]) -> Any:
        return cells_of.propaganda_from_cells(cells)

    def set_rows(self, report: Report, rows: list[Any]) -> None:
        operations.set_propaganda(report, rows)


class RemediationPage(RowTablePage):
    title = "Phụ lục II: Kết quả khắc phục các tồn tại, hạn chế và tiêu chí bị trừ điểm"
    hint = (
        "Mỗi dòng trong ô nhiều dòng là một mục (Enter xuống dòng, Tab hoặc rời ô để lưu). "
        "Điểm viết dạng đạt/tối đa, ví dụ 6,981/10."
    )
    columns = cells_of.REMEDIATION_COLUMNS
    multiline = cells_of.MULTILINE_REMEDIATION
    widths = (32, 140, 120, 92, 250, 202, 152, 0)
    right_aligned = frozenset({3})

    def rows(self, report: Report) -> list[Any]:
        return report.remediation

    def cells(self, row: Any) -> list[str]:
        return cells_of.remediation_cells(row)

    def from_cells(self, cells: Sequence[str]) -> Any:
        return cells_of.remediation_from_cells(cells)

    def set_rows(self, report: Report, rows: list[Any]) -> None:
        operations.set_remediation(report, rows)
