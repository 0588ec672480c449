"""The history of a report's figures and fields: the "Lịch sử thay đổi" dialog (the whole report,
or one Phụ lục III figure) and the lines the figure's tooltip shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.history import HistoryEntry, field_label, value_text
from ..domain.vn import format_timestamp
from ..errors import UserError
from ..services.editing import EditSession

TOOLTIP_ENTRIES = 5
COLUMNS = ("Thời gian", "Nguồn", "Mục", "Giá trị cũ", "Giá trị mới", "Ghi thêm")


def figure_history_lines(session: EditSession, code: str) -> list[str]:
    """The figure's last changes, newest first, for its tooltip in Phụ lục III."""
    try:
        entries = session.change_history(code)
    except UserError:
        return []  # a tooltip stays quiet; the next save says what is wrong with the file
    if not entries:
        return []
    lines = ["Lịch sử:"]
    for e in reversed(entries[-TOOLTIP_ENTRIES:]):
        old = value_text(e.field, e.old, session.catalog)
        new = value_text(e.field, e.new, session.catalog)
        what = " (ghi chú)" if e.field.startswith("note:") else ""
        lines.append(f"  {format_timestamp(e.at)} {e.source.label}{what}: {old} → {new}")
    if len(entries) > TOOLTIP_ENTRIES:
        lines.append(
            f"  … và {len(entries) - TOOLTIP_ENTRIES} thay đổi trước đó (Lịch sử thay đổi…)"
        )
    return lines


class HistoryDialog(QDialog):
    """Every recorded change of the report (or of one figure), newest first, with a filter."""

    def __init__(
        self, session: EditSession, code: str | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.session = session
        r = session.report
        what = f"chỉ tiêu {code}" if code else "báo cáo"
        self.setWindowTitle(f"Lịch sử thay đổi - {r.unit.name} - {r.period.wording}")
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("historyFilter")
        self.filter.setPlaceholderText("Lọc theo mã chỉ tiêu, mục, nguồn hoặc giá trị (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col, width in ((0, 150), (1, 130), (3, 140), (4, 140)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.entries = list(reversed(session.change_history(code)))
        self._fill()
        self.summary.setText(
            f"{len(self.entries)} thay đổi đã ghi lại của {what} (mới nhất ở trên). Hoàn tác"
            " (Ctrl+Z) chỉ dùng được khi cửa sổ còn mở; lịch sử này còn mãi."
            if self.entries
            else f"Chưa có thay đổi nào của {what} được ghi lại."
        )

    def _fill(self) -> None:
        catalog = self.session.catalog
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            cells = (
                format_timestamp(e.at, seconds=True),
                e.source.label,
                field_label(e.field, catalog),
                _short(value_text(e.field, e.old, catalog)),
                _short(value_text(e.field, e.new, catalog)),
                e.detail,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (3, 4):
                    item.setToolTip(value_text(e.field, e.old if col == 3 else e.new, catalog))
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()

    def _filter(self, text: str) -> None:
        key = text.strip().casefold()
        for row, e in enumerate(self.entries):
            items = [self.table.item(row, c) for c in range(len(COLUMNS))]
            cells = [i.text() for i in items if i is not None]
            hit = not key or any(key in c.casefold() for c in cells) or key == (e.code or "")
            self.table.setRowHidden(row, not hit)

    def visible_entries(self) -> list[HistoryEntry]:
        return [e for row, e in enumerate(self.entries) if not self.table.isRowHidden(row)]


def _short(text: str, limit: int = 120) -> str:
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
