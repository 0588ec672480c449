"""A table header whose columns fit their contents, widened for one changed row instead of re-measured.

QHeaderView in ResizeToContents mode measures every visible row of every column again whenever any
cell changes, and the table then repaints whole: about 20 ms per figure typed in a report window,
spent on the list window behind it (its row of the report changes with each save). A change of
one row only needs that row measured: a column is widened when the new text does not fit. A
column never narrows for one row's change; it is measured again whole, as before, whenever the
rows themselves change (the list reloaded, sorted, filtered), e.g. when the report window closes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

Index = QModelIndex | QPersistentModelIndex


class ContentHeader(QHeaderView):
    """The horizontal header of a QTableView (install with setHorizontalHeader before setModel)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, table)
        self.table = table
        # what QTableView gives its own header, for the same look and behaviour
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._widths: dict[tuple[object, ...], int] = {}

    def dataChanged(self, topLeft: Index, bottomRight: Index, roles: Sequence[int] = ()) -> None:
        if not (topLeft.isValid() and topLeft.row() == bottomRight.row()):
            super().dataChanged(topLeft, bottomRight, list(roles))
            return
        model = topLeft.model()
        row, parent = topLeft.row(), topLeft.parent()
        for column in range(topLeft.column(), bottomRight.column() + 1):
            if self.sectionResizeMode(column) is not QHeaderView.ResizeMode.ResizeToContents:
                continue
            wanted = self._width(model.index(row, column, parent))
            if wanted > self.sectionSize(column):
                self.resizeSection(column, wanted)

    def _width(self, index: QModelIndex) -> int:
        """The width index's cell asks for, as QTableView.sizeHintForColumn counts it (with the
        grid line). Measured once per text and font: a list's cells repeat their texts."""
        key: tuple[object, ...] | None = (
            index.column(),
            index.data(Qt.ItemDataRole.DisplayRole),
            index.data(Qt.ItemDataRole.FontRole),
        )
        try:
            found = self._widths.get(key)  # type: ignore[arg-type]
        except TypeError:  # data that cannot be a key (not hashable): measured each time
            found, key = None, None
        if found is None:
            found = self.table.sizeHintForIndex(index).width() + (1 if self.table.showGrid() else 0)
            if key is not None:
                if len(self._widths) > 1000:
                    self._widths.clear()
                self._widths[key] = found
        return found
