"""Phụ lục III page: the indicator tree with keyboard-only entry and findings marked as typed."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QToolTip,
    QTreeView,
    QWidget,
)

from ...domain.catalog import IndicatorKind
from ...domain.vn import nfc
from ..controller import ReportController
from ..forms import child
from ..models.indicator_tree_model import (
    COL_CODE,
    COL_LABEL,
    COL_NOTE,
    COL_PREVIOUS,
    COL_UNIT,
    COL_VALUE,
    IndicatorTreeModel,
)
from .base import Page

Index = QModelIndex | QPersistentModelIndex
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ValueDelegate(QStyledItemDelegate):
    """Editors for the value and note cells: a combo with the labels for choice rows, a line edit
    checking the figure as it is typed; Enter and Tab move on (handled by the page)."""

    def __init__(self, page: IndicatorPage) -> None:
        super().__init__(page)
        self.page = page

    def _indicator_index(self, index: Index) -> QModelIndex:
        return self.page.to_source(index)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        src = self._indicator_index(index)
        ind = self.page.model.indicator(src)
        if index.column() == COL_VALUE and ind.kind is IndicatorKind.CHOICE:
            combo = QComboBox(parent)
            combo.addItem("(chưa nhập)", "")
            for c in ind.choices:
                combo.addItem(f"{c.code} - {c.label}", str(c.code))
            return combo
        edit = QLineEdit(parent)
        edit.setFrame(False)
        if index.column() == COL_VALUE:
            persistent = QPersistentModelIndex(src)
            edit.textEdited.connect(lambda text: self._check(edit, persistent, text))
        return edit

    def _check(self, edit: QLineEdit, src: QPersistentModelIndex, text: str) -> None:
        error = self.page.model.check_text(src, text)
        edit.setProperty("invalid", error is not None)
        edit.setStyleSheet("background: #f8d4d2;" if error else "")
        edit.setToolTip(error or "")
        if error:
            QToolTip.showText(edit.mapToGlobal(edit.rect().bottomLeft()), error, edit)
        else:
            QToolTip.hideText()

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(str(value or ""))))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = str(editor.currentData() or "")
        elif isinstance(editor, QLineEdit):
            text = editor.text()
        else:  # pragma: no cover
            return
        if not model.setData(index, text, Qt.ItemDataRole.EditRole):
            error = self.page.model.last_error
            if error:
                self.page.show_error(error)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(obj, QWidget)
        ):
            key = event.key()
            if key in _ENTER or key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                if isinstance(obj, QLineEdit) and obj.property("invalid") and key in _ENTER:
                    return True  # keep the editor open on a figure that is not a number
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                self.page.after_commit(key)
                return True
        return super().eventFilter(obj, event)


class IndicatorPage(Page):
    ui_name = "phu_luc_3_page.ui"

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(ctrl, parent)
        self.model = IndicatorTreeModel(ctrl)
        # the filter hides rows instead of going through a QSortFilterProxyModel: painting the
        # tree after each keystroke then costs no index mapping
        self.proxy = self.model
        self.tree = child(self.form, QTreeView, "indicatorTree")
        self.tree.setModel(self.model)
        self.delegate = ValueDelegate(self)
        self.tree.setItemDelegate(self.delegate)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (COL_CODE, 150),
            (COL_UNIT, 150),
            (COL_VALUE, 120),
            (COL_NOTE, 220),
            (COL_PREVIOUS, 120),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(col, width)
        self.tree.expandAll()
        self.tree.installEventFilter(self)
        self._hidden_codes: set[str] = set()
        self.filter = child(self.form, QLineEdit, "filterEdit")
        self.filter.textChanged.connect(self._filter_changed)
        child(self.form, QToolButton, "expandButton").clicked.connect(self.tree.expandAll)
        child(self.form, QToolButton, "collapseButton").clicked.connect(self.tree.collapseAll)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)
        codes = self.model.value_codes()
        if codes:
            self.tree.setCurrentIndex(self.from_source(self.model.index_of(codes[0])))

    # --- index mapping --------------------------------------------------------------------------
    def to_source(self, index: Index) -> QModelIndex:
        if isinstance(index, QPersistentModelIndex):
            return self.model.index(index.row(), index.column(), index.parent())
        return index

    def from_source(self, index: QModelIndex) -> QModelIndex:
        return index

    def value_index(self, code: str, column: int = COL_VALUE) -> QModelIndex:
        return self.from_source(self.model.index_of(code, column))

    # --- keyboard -------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            obj is self.tree
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self.tree.state() != QAbstractItemView.State.EditingState
        ):
            if event.key() in _ENTER:
                self.after_commit(event.key())
                return True
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.after_commit(event.key())
                return True
            if event.key() == Qt.Key.Key_Delete:
                current = self.tree.currentIndex()
                if current.isValid() and current.column() in (COL_VALUE, COL_NOTE):
                    self.proxy.setData(current, "", Qt.ItemDataRole.EditRole)
                    return True
        return super().eventFilter(obj, event)

    def after_commit(self, key: int) -> None:
        """Enter: the next indicator's value; Tab: this row's note (from the note: next value)."""
        current = self.tree.currentIndex()
        if not current.isValid():
            return
        src = self.to_source(current)
        code = self.model.indicator(src).code
        if key in (Qt.Key.Key_Tab,) and current.column() != COL_NOTE:
            target = self.value_index(code, COL_NOTE)
        elif key == Qt.Key.Key_Backtab:
            target = self.value_index(code, COL_VALUE)
        else:
            target = self._next_value(code)
        if target.isValid():
            self.tree.setCurrentIndex(target)
            self.tree.scrollTo(target)
        self.tree.setFocus()

    def _next_value(self, code: str) -> QModelIndex:
        codes = self.model.value_codes()
        try:
            start = codes.index(code) + 1
        except ValueError:
            start = 0
        for nxt in codes[start:]:
            idx = self.value_index(nxt)
            if idx.isValid() and not self._hidden(nxt):  # skipped when filtered out
                parent = idx.parent()
                while parent.isValid():
                    self.tree.expand(parent)
                    parent = parent.parent()
                return idx
        return QModelIndex()

    def show_error(self, message: str) -> None:
        QTimer.singleShot(
            0,
            lambda: QToolTip.showText(
                self.tree.viewport().mapToGlobal(
                    self.tree.visualRect(self.tree.currentIndex()).bottomLeft()
                ),
                message,
                self.tree,
            ),
        )
        win = self.window()
        status = getattr(win, "show_status", None)
        if callable(status):
            status(message, error=True)

    # --- page API ---------------------------------------------------------------------------------
    def _hidden(self, code: str) -> bool:
        return code in self._hidden_codes

    def _filter_changed(self, text: str) -> None:
        needle = nfc(text).strip().casefold()
        rows = self.model.rows
        keep: set[str] = set()
        if needle:
            by_code = {i.code: i for i in rows}
            for ind in rows:
                if needle in ind.code.casefold() or needle in ind.label.casefold():
                    code: str | None = ind.code
                    while code is not None and code not in keep:
                        keep.add(code)
                        code = by_code[code].parent if code in by_code else None
        self._hidden_codes = {i.code for i in rows} - keep if needle else set()
        for ind in rows:
            idx = self.model.index_of(ind.code, 0)
            self.tree.setRowHidden(idx.row(), idx.parent(), ind.code in self._hidden_codes)
        self.tree.expandAll()

    def reload(self) -> None:
        self.tree.expandAll()

    def focus_field(self, name: str) -> None:
        if self._hidden(name):
            self.filter.clear()
        idx = self.value_index(name)
        if not idx.isValid():
            return
        parent = idx.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(idx)
        self.tree.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.tree.setFocus()

    def flush(self) -> None:
        editor = self.tree.indexWidget(self.tree.currentIndex())
        if editor is not None:
            self.delegate.commitData.emit(editor)
