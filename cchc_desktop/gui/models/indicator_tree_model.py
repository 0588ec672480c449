"""Phụ lục III as a tree (QAbstractItemModel over the catalog): code, label, unit, value, note, kỳ trước."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.catalog import Indicator, IndicatorKind
from ...domain.rules import Severity
from ...errors import UserError
from ..controller import ReportController

Index = QModelIndex | QPersistentModelIndex

COL_CODE, COL_LABEL, COL_UNIT, COL_VALUE, COL_NOTE, COL_PREVIOUS = range(6)
HEADERS = ("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú", "Kỳ trước")

# a value cell with an error or a warning is tinted, and so is its editor while the figure is typed
TINT = {Severity.ERROR: "#f8d4d2", Severity.WARNING: "#fff0c2"}
_BACKGROUND = {severity: QColor(color) for severity, color in TINT.items()}
_FOREGROUND = {Severity.ERROR: QColor("#a4262c"), Severity.WARNING: QColor("#8a5a00")}
# made once: the view asks every visible cell for its flags on each paint, and or-ing Python
# enum flags there cost a tenth of the page's first paint
# the roles as ints: comparing with Qt's Python enum members costs a microsecond each, and data()
# is asked 1,300 times for the first paint
_BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole)
_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_EDIT_ROLE = int(Qt.ItemDataRole.EditRole)
_FONT_ROLE = int(Qt.ItemDataRole.FontRole)
_FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
_TEXT_ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOL_TIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
_ANSWERED_ROLES = frozenset(
    (
        _BACKGROUND_ROLE,
        _DISPLAY_ROLE,
        _EDIT_ROLE,
        _FONT_ROLE,
        _FOREGROUND_ROLE,
        _TEXT_ALIGNMENT_ROLE,
        _TOOL_TIP_ROLE,
    )
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable
_MARK = {Severity.ERROR: "✖ ", Severity.WARNING: "⚠ ", Severity.NOTICE: ""}
# more changed cells than this are told to the view as ranges (codes_changed): an Enter changes 2-5
CELLS_ONE_BY_ONE = 12
# what a figure, its note and its findings change in a cell: not its size (a range naming no
# roles would make the tree measure every row of it again)
_CELL_ROLES = [
    _DISPLAY_ROLE,
    _EDIT_ROLE,
    _TOOL_TIP_ROLE,
    _BACKGROUND_ROLE,
    _FOREGROUND_ROLE,
]


class IndicatorTreeModel(QAbstractItemModel):
    """Rows are the indicators of the report's catalog (its enabled groups); ids are list positions."""

    def __init__(self, ctrl: ReportController) -> None:
        super().__init__()
        self.ctrl = ctrl
        self.last_error: str | None = None
        self._build()
        self._bold = QFont()
        self._bold.setBold(True)
        self._display: dict[str, str] = {}
        # each code's mark and note as last repainted (codes_changed repaints what differs)
        self._shown: dict[str, tuple[Severity | None, str]] = {}
        self._previous_title = self.headerData(COL_PREVIOUS, Qt.Orientation.Horizontal)
        ctrl.values_changed.connect(self.codes_changed)
        ctrl.previous_changed.connect(self.previous_changed)
        ctrl.report_reset.connect(self.reset)

    def _build(self, rows: list[Indicator] | None = None) -> None:
        """The rows (the catalog's enabled for the report, unless given) and their tree."""
        session = self.ctrl.session
        self.rows: list[Indicator] = (
            rows if rows is not None else session.catalog.enabled(session.report.optional_groups)
        )
        self._pos = {ind.code: i for i, ind in enumerate(self.rows)}
        # the order Enter walks through: found once per catalog shown, not on every Enter
        self._value_codes = tuple(i.code for i in self.rows if i.has_value)
        self._children: dict[int, list[int]] = {-1: []}
        self._row_in_parent: dict[int, int] = {}
        self._parent: dict[int, int] = {}
        for i, ind in enumerate(self.rows):
            parent = self._pos.get(ind.parent, -1) if ind.parent is not None else -1
            siblings = self._children.setdefault(parent, [])
            self._row_in_parent[i] = len(siblings)
            self._parent[i] = parent
            siblings.append(i)
            self._children.setdefault(i, [])

    # --- structure ------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        pid = parent.internalId() - 1 if parent.isValid() else -1
        kids = self._children.get(pid, [])
        if not 0 <= row < len(kids) or not 0 <= column < len(HEADERS):
            return QModelIndex()
        return self.createIndex(row, column, kids[row] + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        pid = self._parent.get(child.internalId() - 1, -1)
        if pid < 0:
            return QModelIndex()
        return self.createIndex(self._row_in_parent[pid], 0, pid + 1)

    def sibling(self, row: int, column: int, idx: Index) -> QModelIndex:
        """The cell at row, column beside idx. QTreeView asks for the column-0 sibling of a cell
        each time it looks a cell up (visualRect, dataChanged, the current cell): Qt's own
        sibling() asks parent() and index() here, two calls into Python; a cell of the same row
        is the same indicator (its id is the row's), told without either."""
        if row == idx.row() and 0 <= column < len(HEADERS) and idx.isValid():
            return self.createIndex(row, column, idx.internalId())
        return super().sibling(row, column, idx)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._children.get(parent.internalId() - 1, []))
        return len(self._children[-1])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == COL_PREVIOUS and self.ctrl.session.previous is not None:
                return f"Kỳ trước ({self.ctrl.session.previous.period.label})"
            return HEADERS[section]
        return None

    def indicator(self, index: Index) -> Indicator:
        return self.rows[index.internalId() - 1]

    def index_of(self, code: str, column: int = COL_VALUE) -> QModelIndex:
        pos = self._pos.get(code)
        if pos is None:
            return QModelIndex()
        return self.createIndex(self._row_in_parent[pos], column, pos + 1)

    def value_codes(self) -> tuple[str, ...]:
        """Codes with a value, in the order of the form (the order Enter walks through)."""
        return self._value_codes

    # --- data ---------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        ind = self.indicator(index)
        if (index.column() == COL_VALUE and ind.has_value) or index.column() == COL_NOTE:
            return _EDITABLE
        return _SELECTABLE

    def _value_text(self, ind: Indicator) -> str:
        text = self._display.get(ind.code)
        if text is None:
            value = self.ctrl.session.value(ind.code).value
            text = ind.format_value(value)
            if (
                ind.kind is IndicatorKind.CHOICE
                and value is not None
                and not isinstance(value, str)
            ):
                label = ind.choice_label(value)
                if label is not None:
                    text = f"{text} - {label}"
            self._display[ind.code] = text
        return text

    def _worst(self, code: str) -> Severity | None:
        """The cell's mark; none while the report's first check has not run (the window paints
        first and checks right after: painting must not run it)."""
        session = self.ctrl.session
        return session.worst(code) if session.checked else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the view asks each painted cell for 7 roles; 2 of them (decoration, check state) are
        # never answered here, and go back before the index is looked at
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        ind = self.indicator(index)
        col = index.column()
        session = self.ctrl.session
        if role == _DISPLAY_ROLE:
            if col == COL_CODE:
                return ind.code
            if col == COL_LABEL:
                return ind.label
            if col == COL_UNIT:
                return ind.unit
            if col == COL_VALUE:
                if not ind.has_value:
                    return ""
                severity = self._worst(ind.code)
                mark = _MARK[severity] if severity is not None else ""
                return mark + self._value_text(ind)
            if col == COL_NOTE:
                return session.value(ind.code).note
            if col == COL_PREVIOUS:
                return ind.format_value(session.previous_value(ind.code)) if ind.has_value else ""
        if role == _EDIT_ROLE:
            if col == COL_VALUE:
                value = session.value(ind.code).value
                if ind.kind is IndicatorKind.CHOICE:
                    return "" if value is None else str(value)
                return ind.format_value(value)
            if col == COL_NOTE:
                return session.value(ind.code).note
            return None
        if role == _TOOL_TIP_ROLE:
            return self._tooltip(ind, col)
        if role == _BACKGROUND_ROLE and col in (COL_VALUE, COL_CODE):
            s = self._worst(ind.code)
            color = _BACKGROUND.get(s) if s is not None else None
            return QBrush(color) if color is not None else None
        if role == _FOREGROUND_ROLE and col == COL_VALUE:
            s = self._worst(ind.code)
            color = _FOREGROUND.get(s) if s is not None else None
            return QBrush(color) if color is not None else None
        if role == _FONT_ROLE and (ind.kind is IndicatorKind.GROUP or ind.level == 0):
            return self._bold
        if role == _TEXT_ALIGNMENT_ROLE and col in (COL_VALUE, COL_PREVIOUS) and ind.numeric:
            return _RIGHT
        return None

    def _tooltip(self, ind: Indicator, col: int) -> str | None:
        lines: list[str] = []
        if col in (COL_VALUE, COL_CODE, COL_LABEL):
            for f in self.ctrl.session.findings_for(ind.code):
                lines.append(f"{f.severity.label}: {f.message}")
        if col == COL_CODE and ind.printed_code.strip().rstrip(".") != ind.code:
            lines.append(f"Trên mẫu in ghi: {ind.printed_code or '(trống)'}")
        if col == COL_LABEL:
            lines.insert(0, ind.label)
            if ind.note:
                lines.append(ind.note)
        if col == COL_VALUE and ind.has_value:
            from ..provenance_view import provenance_lines  # the merged value's parts (#16)

            lines += provenance_lines(self.ctrl, ind)
        if col == COL_VALUE and ind.kind is IndicatorKind.CHOICE:
            lines.append("Chọn: " + "; ".join(f"{c.label} = {c.code}" for c in ind.choices))
        if col in (COL_VALUE, COL_NOTE) and ind.has_value:
            from ..history_view import figure_history_lines  # the figure's recorded changes

            lines += figure_history_lines(self.ctrl.session, ind.code)
        if col == COL_UNIT and ind.unit:
            lines.append(ind.unit)
        if col == COL_NOTE:
            note = self.ctrl.session.value(ind.code).note
            if note:
                lines.append(note)
        if col == COL_PREVIOUS and ind.has_value:
            previous = self.ctrl.session.previous
            if previous is None:
                lines.append("Đơn vị chưa có báo cáo kỳ trước trong máy")
            else:
                lines.append(f"Số liệu báo cáo {previous.period.wording}")
        return "\n".join(lines) or None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        ind = self.indicator(index)
        text = "" if value is None else str(value)
        if index.column() == COL_VALUE:
            error = self.ctrl.edit_value(ind.code, text)
            self.last_error = error
            return error is None
        if index.column() == COL_NOTE:
            self.ctrl.edit_note(ind.code, text)
            return True
        return False

    def check_text(self, index: Index, text: str) -> tuple[bool, Severity | None, str]:
        """While typing: (whether text is a value of the indicator, worst severity, messages).
        Text that is not a value: (False, ERROR, why). A value: what storing it would bring, the
        errors and warnings it causes, or (True, None, "") when none; nothing is stored."""
        session = self.ctrl.session
        code = self.indicator(index).code
        try:
            value = session.parse(code, text)
        except UserError as exc:
            return False, Severity.ERROR, exc.message
        found = session.preview(code, value)
        if not found:
            return True, None, ""
        return True, found[0].severity, "\n".join(f.message for f in found)

    # --- updates --------------------------------------------------------------------------------
    def codes_changed(self, codes: set[str]) -> None:
        """Repaint the cells a figure, its note and its findings show: the value (text, mark,
        tint) always; the code cell when its tint changed; the note when it changed. Not the
        whole row: each cell painted costs about 0.1-0.2 ms per Enter, and the label, the unit
        and "Kỳ trước" never change with this report's figures (previous_changed repaints that
        one). Many cells at once (the first check, a reload) are told as one range per group
        of sibling rows instead: one dataChanged per cell was 315 signals through the view."""
        cells: list[tuple[int, int, int]] = []  # (row, column, position)
        for code in codes:
            self._display.pop(code, None)
            pos = self._pos.get(code)
            if pos is None:
                continue
            row = self._row_in_parent[pos]
            shown = (self._worst(code), self.ctrl.session.value(code).note)
            before = self._shown.get(code)
            self._shown[code] = shown
            if before is None or before[0] != shown[0]:
                cells.append((row, COL_CODE, pos))
            cells.append((row, COL_VALUE, pos))
            if before is None or before[1] != shown[1]:
                cells.append((row, COL_NOTE, pos))
        if len(cells) <= CELLS_ONE_BY_ONE:
            for row, column, pos in cells:
                cell = self.createIndex(row, column, pos + 1)
                self.dataChanged.emit(cell, cell)
            return
        # rows by parent: a range of the view's model spans sibling rows only
        spans: dict[int, tuple[int, int, int, int]] = {}  # parent -> (first, last) rows, positions
        for row, _column, pos in cells:
            parent = self._parent[pos]
            known = spans.get(parent)
            if known is None:
                spans[parent] = (row, row, pos, pos)
                continue
            first, last, first_pos, last_pos = known
            if row < first:
                first, first_pos = row, pos
            if row > last:
                last, last_pos = row, pos
            spans[parent] = (first, last, first_pos, last_pos)
        for first, last, first_pos, last_pos in spans.values():
            self.dataChanged.emit(
                self.createIndex(first, COL_CODE, first_pos + 1),
                self.createIndex(last, COL_NOTE, last_pos + 1),
                _CELL_ROLES,
            )

    def previous_changed(self) -> None:
        """The other periods were read again: the "Kỳ trước" column repainted, and its header when
        it names another period (a header change makes the view lay out its columns again)."""
        self._columns_changed(COL_PREVIOUS, COL_PREVIOUS)

    def _columns_changed(self, left: int, right: int) -> None:
        """Every row's cells from column left to right repainted, one range per group of sibling
        rows; and the "Kỳ trước" header when it names another period than it did."""
        title = self.headerData(COL_PREVIOUS, Qt.Orientation.Horizontal)
        if title != self._previous_title:
            self._previous_title = title
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_PREVIOUS, COL_PREVIOUS)
        for kids in self._children.values():
            if kids:
                first, last = kids[0], kids[-1]
                self.dataChanged.emit(
                    self.createIndex(self._row_in_parent[first], left, first + 1),
                    self.createIndex(self._row_in_parent[last], right, last + 1),
                )

    def reset(self) -> None:
        """The report was replaced (another writer's changes reloaded, an undo of a document
        edit). With the same rows every cell is repainted in place: the current cell, the scroll
        position and an editor being typed in stay (a model reset closes the editor and clears
        the current cell). Other rows (optional groups switched): the model is built again."""
        shape = [(ind.code, ind.parent) for ind in self.rows]
        self._display.clear()
        self._shown.clear()
        session = self.ctrl.session
        rows = session.catalog.enabled(session.report.optional_groups)
        if [(ind.code, ind.parent) for ind in rows] != shape:
            self.beginResetModel()
            self._build(rows)
            self.endResetModel()
            return
        self._build(rows)  # the same rows, perhaps of another catalog version (labels)
        self._columns_changed(0, len(HEADERS) - 1)
