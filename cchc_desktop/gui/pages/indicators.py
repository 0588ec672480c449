"""Phụ lục III page: the indicator tree with keyboard-only entry and findings marked as typed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QFocusEvent,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QRegion,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QToolButton,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalog import IndicatorKind
from ...domain.rules import Severity
from ...domain.vn import nfc
from ..controller import ReportController
from ..forms import child, register_widget
from ..models.indicator_tree_model import (
    COL_CODE,
    COL_LABEL,
    COL_NOTE,
    COL_PREVIOUS,
    COL_UNIT,
    COL_VALUE,
    TINT,
    IndicatorTreeModel,
)
from .base import Page
from .cell_editors import commit_open_editor, typed_in, watch_choice
from .indicator_completeness import CompletenessBar
from .optional_groups import OptionalGroupSwitches

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from ..xlsx_dialogs import XlsxFlow

Index = QModelIndex | QPersistentModelIndex
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVE_ON = (*_ENTER, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)  # keys that leave a cell for the next


class IndicatorTreeView(QTreeView):
    """The Phụ lục III tree. QAbstractItemView repaints its whole viewport whenever it gains or
    loses focus, which happens twice per figure typed (the cell editor takes the focus and gives it
    back): about 1.000 data() calls and most of the keystroke-to-finding time. Only the current
    cell's focus frame and the view's own frame depend on focus, so only they are repainted."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        current = self.currentIndex()
        if not current.isValid():
            super().focusInEvent(event)  # Qt picks a current cell (and repaints, this once)
            return
        # what QAbstractItemView does besides repainting: input methods (ibus-unikey) on an
        # editable cell
        editable = bool(current.flags() & Qt.ItemFlag.ItemIsEditable)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, editable)
        self._repaint_focus()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._repaint_focus()

    def viewportEvent(self, event: QEvent) -> bool:
        # A cell editor opening or closing (twice per figure typed) posts a layout request to the
        # viewport, which the scroll area answers by placing its scroll bars again and raising
        # them: that raise repaints the whole scroll bar on every Enter. The viewport has no
        # layout and its only children are the editors, which never move the scroll bars (a
        # resize or a new range places them by itself).
        if event.type() == QEvent.Type.LayoutRequest:
            return True
        return super().viewportEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        # QTreeView.drawTree paints a region of more than one rectangle as whole rows: an Enter
        # that changes a mark (the value and code cells of two rows, the next row's value cell)
        # repainted three whole rows, about 18 cells, each laying out its text. Drawn rectangle by
        # rectangle, only the columns each one covers are painted. What QTreeView.paintEvent does
        # besides drawTree is not used here: the expand animation (off) and a drop indicator
        # (no drag and drop).
        region = event.region()
        if region.rectCount() <= 1 or self.isAnimated():
            super().paintEvent(event)
            return
        self.executeDelayedItemsLayout()
        painter = QPainter(self.viewport())
        for rect in region:  # type: ignore[attr-defined]  # PySide iterates a QRegion; its stubs do not say so
            self.drawTree(painter, QRegion(rect))
        painter.end()

    def _repaint_focus(self) -> None:
        """The current cell and the frame around the view. Not QWidget's focus handling: it
        repaints the whole widget, and with it the viewport and the scroll bars inside it."""
        frame = self.frameRect()
        width = self.frameWidth()
        ring = QRegion(frame) - QRegion(frame.adjusted(width, width, -width, -width))
        if not ring.isEmpty() and self._frame_shows_focus():
            self.update(ring)
        current = self.currentIndex()
        if current.isValid():
            self.viewport().update(self.visualRect(current))

    def _frame_shows_focus(self) -> bool:
        """Whether the style draws the view's frame differently when the view has the focus (a
        platform style may; Fusion does not): found once per style by drawing a frame both ways.
        Repainting the ring for nothing cost about 0.4 ms per Enter: it lies over every widget
        the tree sits in (window, splitter, stack, page), and each painted its part again."""
        style = self.style()
        known: tuple[QStyle, bool] | None = getattr(self, "_focus_frame", None)
        if known is not None and known[0] is style:
            return known[1]
        # imported here, not with the page: making QStyle's Python enums (about 20 of them,
        # hundreds of members) cost 8-12 ms of the window's start; the focus comes after that
        from PySide6.QtWidgets import QStyle, QStyleOptionFrame

        drawn = []
        for focused in (False, True):
            option = QStyleOptionFrame()
            self.initStyleOption(option)
            option.rect = QRect(0, 0, 32, 32)
            option.state = option.state | QStyle.StateFlag.State_HasFocus
            if not focused:
                option.state = option.state & ~QStyle.StateFlag.State_HasFocus
            image = QImage(32, 32, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            painter = QPainter(image)
            style.drawControl(QStyle.ControlElement.CE_ShapedFrame, option, painter, self)
            painter.end()
            drawn.append(image)
        self._focus_frame = (style, drawn[0] != drawn[1])
        return self._focus_frame[1]


register_widget(IndicatorTreeView)


class ValueDelegate(QStyledItemDelegate):
    """Editors for the value and note cells: a combo with the labels for choice rows, a line edit
    checking the figure as it is typed; Enter and Tab move on (handled by the page)."""

    def __init__(self, page: IndicatorPage) -> None:
        super().__init__(page)
        self.page = page

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        ind = self.page.model.indicator(index)
        if index.column() == COL_VALUE and ind.kind is IndicatorKind.CHOICE:
            combo = QComboBox(parent)
            combo.addItem("(chưa nhập)", "")
            for c in ind.choices:
                combo.addItem(f"{c.code} - {c.label}", str(c.code))
            watch_choice(combo)
            return combo
        edit = QLineEdit(parent)
        edit.setFrame(False)
        if index.column() == COL_VALUE:
            persistent = QPersistentModelIndex(index)
            edit.textEdited.connect(lambda text: self._check(edit, persistent, text))
        return edit

    def _check(self, edit: QLineEdit, src: QPersistentModelIndex, text: str) -> None:
        """As each key is typed: text that is not a figure keeps the editor open (red); a figure
        that breaks a rule is tinted and says why before Enter (it may still be entered)."""
        parsed, severity, message = self.page.model.check_text(src, text)
        edit.setProperty("invalid", not parsed)
        edit.setProperty("severity", severity.value if severity else "")
        edit.setStyleSheet(f"background: {TINT[severity]};" if severity else "")
        edit.setToolTip(message)
        if message:
            QToolTip.showText(edit.mapToGlobal(edit.rect().bottomLeft()), message, edit)
        else:
            QToolTip.hideText()

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if typed_in(editor):
            return  # a repaint of the cell (a check, a reload) keeps what is being typed
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
        elif index.column() == COL_VALUE:
            self.page.announce_findings(self.page.model.indicator(index).code)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(obj, QWidget)
        ):
            key = event.key()
            if key in _MOVE_ON:
                if isinstance(obj, QLineEdit) and obj.property("invalid"):
                    # keep the editor open, with the reason, on a value the indicator can never
                    # take: Enter or Tab would otherwise close it and lose what was typed
                    return True
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                self.page.after_commit(key)
                return True
        return super().eventFilter(obj, event)


class IndicatorPage(Page):
    ui_name = "indicators_page.ui"

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(ctrl, parent)
        # the view shows the model itself: the filter hides rows instead of going through a
        # QSortFilterProxyModel, so painting the tree after each keystroke costs no index mapping
        self.model = IndicatorTreeModel(ctrl)
        self.tree = child(self.form, IndicatorTreeView, "indicatorTree")
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
        has_previous = ctrl.session.previous is not None
        for col, width in (
            (COL_CODE, 132),  # four levels of indentation and "3.1.3.1"
            (COL_UNIT, 140),
            (COL_VALUE, 110),
            (COL_NOTE, 220),
            # as wide as its header "Kỳ trước (Quý I 2024)"; narrow when there is no earlier report
            (COL_PREVIOUS, max(110, header.sectionSizeHint(COL_PREVIOUS)) if has_previous else 90),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(col, width)
        self.tree.setIndentation(16)
        self.tree.expandAll()
        self.tree.installEventFilter(self)
        self._hidden_codes: set[str] = set()
        self.filter = child(self.form, QLineEdit, "filterEdit")
        self.filter.textChanged.connect(self._filter_changed)
        self.completeness = CompletenessBar(self)  # "84/105 chỉ tiêu" and the "Chưa nhập" filter
        # rows built again (a block switched, an undo of it): what the filter hides, hidden again
        self.model.modelReset.connect(lambda: self._filter_changed(self.filter.text()))
        child(self.form, QToolButton, "expandButton").clicked.connect(self.tree.expandAll)
        child(self.form, QToolButton, "collapseButton").clicked.connect(self.tree.collapseAll)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)
        child(self.form, QPushButton, "exportXlsxButton").clicked.connect(
            lambda _checked=False: self.export_xlsx()
        )
        child(self.form, QPushButton, "importXlsxButton").clicked.connect(
            lambda _checked=False: self.import_xlsx()
        )
        self.xlsx_flow: XlsxFlow | None = None
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.switches = OptionalGroupSwitches(ctrl, self.form)
        main = self.form.layout()
        if isinstance(main, QVBoxLayout):
            main.insertWidget(1, self.switches)  # under the tool row
        codes = self.model.value_codes()
        if codes:
            self.tree.setCurrentIndex(self.model.index_of(codes[0]))

    # --- Excel exchange ----------------------------------------------------------------------------
    def export_xlsx(self, path: Path | None = None) -> XlsxFlow:
        """“Xuất Excel…”: the statistics workbook for sub-units (written off the GUI thread)."""
        from ..xlsx_dialogs import XlsxFlow  # openpyxl is loaded on first use, not at start

        self.xlsx_flow = XlsxFlow(self, self.ctrl)
        self.xlsx_flow.start_export(path)
        return self.xlsx_flow

    def import_xlsx(self, path: Path | None = None) -> XlsxFlow:
        """“Nhập Excel…”: read a filled workbook, preview old -> new, apply as one undoable step."""
        from ..xlsx_dialogs import XlsxFlow

        self.xlsx_flow = XlsxFlow(self, self.ctrl)
        self.xlsx_flow.start_import(path)
        return self.xlsx_flow

    def value_index(self, code: str, column: int = COL_VALUE) -> QModelIndex:
        return self.model.index_of(code, column)

    # --- keyboard -------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            obj is self.tree
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self.tree.state() != QAbstractItemView.State.EditingState
        ):
            if event.key() in _MOVE_ON:
                self.after_commit(event.key())
                return True
            if event.key() == Qt.Key.Key_Delete:
                current = self.tree.currentIndex()
                if current.isValid() and current.column() in (COL_VALUE, COL_NOTE):
                    self.model.setData(current, "", Qt.ItemDataRole.EditRole)
                    return True
        return super().eventFilter(obj, event)

    def after_commit(self, key: int) -> None:
        """Enter: the next indicator's value; Tab: this row's note (from the note: next value)."""
        current = self.tree.currentIndex()
        if not current.isValid():
            return
        code = self.model.indicator(current).code
        if key in (Qt.Key.Key_Tab,) and current.column() != COL_NOTE:
            target = self.value_index(code, COL_NOTE)
        elif key == Qt.Key.Key_Backtab:
            target = self.value_index(code, COL_VALUE)
        else:
            target = self._next_value(code)
        if target.isValid():
            moved = target != current
            viewport = self.tree.viewport()
            if moved and not viewport.rect().contains(self.tree.visualRect(target)):
                # the move scrolls the tree. The cell editor just closed leaves its cell to be
                # repainted, and Qt repaints the whole viewport when it scrolls with that pending
                # (about 950 data() calls, 20-40 ms per Enter while typing down the form): the
                # cell is painted now, and the scroll then repaints only the new row
                viewport.repaint(self.tree.visualRect(current))
            self.tree.setCurrentIndex(target)
            if not (moved and self.tree.hasAutoScroll()):
                # a new current cell is scrolled to by the view itself (autoScroll): asking again
                # looked the cell up twice on every Enter
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
                self._expand_to(idx)
                return idx
        return QModelIndex()

    def _expand_to(self, index: QModelIndex) -> None:
        """Open the groups above index (a collapsed group hides its rows)."""
        parent = index.parent()
        while parent.isValid():
            if not self.tree.isExpanded(parent):  # expand() asks the model first, even then
                self.tree.expand(parent)
            parent = parent.parent()

    def _show_status(self, message: str) -> None:
        """In the report window's status bar, as a problem (a page shown on its own has none)."""
        status = getattr(self.window(), "show_status", None)
        if callable(status):
            status(message, error=True)

    def show_error(self, message: str, code: str | None = None) -> None:
        """The message in a tooltip under the cell (of code, else the current one) and in the
        status bar."""

        def tip() -> None:
            index = self.value_index(code) if code else self.tree.currentIndex()
            rect = self.tree.visualRect(index)
            QToolTip.showText(
                self.tree.viewport().mapToGlobal(rect.bottomLeft()), message, self.tree
            )

        QTimer.singleShot(0, tip)
        self._show_status(message)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._current_changed(self.tree.currentIndex(), QModelIndex())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """A keyboard user reaching a marked cell reads why in the status bar (no hovering)."""
        if not current.isValid():
            return
        if not self.ctrl.session.checked:  # the window paints first, then checks: said then
            self.ctrl.findings_changed.connect(
                self._announce_current, Qt.ConnectionType.SingleShotConnection
            )
            return
        found = self._problems(self.model.indicator(current).code)
        if found:
            self._show_status(found)

    def _announce_current(self) -> None:
        if self.isVisible():  # the page the user is on
            self._current_changed(self.tree.currentIndex(), QModelIndex())

    def _problems(self, code: str) -> str:
        return "\n".join(
            f"{f.severity.label}: {f.message}"
            for f in self.ctrl.session.findings_for(code)
            if f.severity in (Severity.ERROR, Severity.WARNING)
        )

    def announce_findings(self, code: str) -> None:
        """Right after a figure is stored: an error or warning it caused explains itself at once
        (the cell is marked and keeps the same text as its tooltip)."""
        found = self._problems(code)
        if found:
            self.show_error(found, code)

    # --- page API ---------------------------------------------------------------------------------
    def _hidden(self, code: str) -> bool:
        return code in self._hidden_codes

    def _filter_changed(self, text: str) -> None:
        needle = nfc(text).strip().casefold()
        rows = self.model.rows
        keep: set[str] = set()
        narrowed = bool(needle) or self.completeness.only_empty
        if narrowed:
            by_code = {i.code: i for i in rows}
            for ind in rows:
                if self.completeness.shows(ind) and (
                    needle in ind.code.casefold() or needle in ind.label.casefold()
                ):
                    code: str | None = ind.code
                    while code is not None and code not in keep:
                        keep.add(code)
                        code = by_code[code].parent if code in by_code else None
        self._hidden_codes = {i.code for i in rows} - keep if narrowed else set()
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
        self._expand_to(idx)
        self.tree.setCurrentIndex(idx)
        self.tree.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.tree.setFocus()

    def flush(self) -> None:
        commit_open_editor(self.tree)
