"""Tệp > Sao lưu…, Khôi phục…, Kiểm tra tệp dữ liệu, and the offer to restore a backup when the
database turns out damaged (at start or in a check). The work is services/backups.py's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.vn import format_number, format_timestamp
from ..errors import UserError
from . import messages

if TYPE_CHECKING:
    from ..services.backups import BackupInfo, RestoreResult
    from .main_window import ReportListWindow


def add_actions(window: ReportListWindow, menu: QMenu) -> list[QAction]:
    """The three items, above the menu's last one ("Thoát")."""
    last = menu.actions()[-1] if menu.actions() else None
    made = []
    for text, slot in (
        ("&Sao lưu…", lambda: backup_now(window)),
        ("&Khôi phục…", lambda: open_restore_dialog(window)),
        ("&Kiểm tra tệp dữ liệu", lambda: check_file(window)),
    ):
        action = QAction(text, window)
        action.triggered.connect(slot)
        menu.insertAction(last, action) if last is not None else menu.addAction(action)
        made.append(action)
    if last is not None:
        menu.insertSeparator(last)
    menu.insertSeparator(made[0])
    return made


def db_path(window: ReportListWindow) -> Path:
    path = getattr(window.repo, "path", None)
    if not path:
        raise UserError("Không xác định được tệp dữ liệu đang mở.")
    return Path(path)


def _flush(window: ReportListWindow) -> None:
    for win in list(window.windows.values()):
        ctrl = getattr(win, "ctrl", None)
        if ctrl is not None:
            ctrl.flush()


def _size(n: int) -> str:
    return f"{format_number(max(1, round(n / 1024)))} KB"


def backup_now(window: ReportListWindow, dest: Path | None = None) -> Path | None:
    """Tệp > Sao lưu…: a copy where the user chooses (the backups folder is offered)."""
    from ..services.backups import backup_by_hand, backup_folder

    try:
        path = db_path(window)
        _flush(window)
        if dest is None:
            folder = backup_folder(path)
            folder.mkdir(parents=True, exist_ok=True)
            chosen, _ = QFileDialog.getSaveFileName(
                window,
                "Sao lưu dữ liệu",
                str(folder / f"{path.stem}-sao-luu{path.suffix}"),
                "Cơ sở dữ liệu CCHC (*.sqlite3)",
            )
            if not chosen:
                return None
            dest = Path(chosen)
        if dest.suffix.lower() != path.suffix.lower():
            dest = dest.with_name(dest.name + path.suffix)
        made = backup_by_hand(path, dest)
    except UserError as exc:
        messages.show_error(window, exc.message)
        return None
    messages.show_info(window, f"Đã sao lưu dữ liệu vào “{made}”.")
    return made


class RestoreDialog(QDialog):
    """The backups of the database, newest first, with date, reason, size and report count."""

    COLUMNS = ("Thời điểm", "Lý do", "Cỡ", "Số báo cáo", "Tệp")

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Khôi phục dữ liệu từ bản sao lưu")
        self.backups = backups
        self.chosen: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Chọn bản sao lưu để khôi phục. Dữ liệu hiện tại được sao lưu trước khi bị thay thế,"
            " nên việc khôi phục cũng có thể hoàn tác."
            if backups
            else "Chưa có bản sao lưu nào trong thư mục backups cạnh tệp dữ liệu."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(backups), len(self.COLUMNS), self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, b in enumerate(backups):
            count = "không đọc được" if b.reports is None else format_number(b.reports)
            cells = (
                format_timestamp(b.created, seconds=True),
                b.reason_label,
                _size(b.size),
                count,
                b.path.name,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        if backups:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _i: self._restore_selected())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(self)
        restore = QPushButton("Khôi phục", self)
        restore.setObjectName("restoreButton")
        restore.setEnabled(bool(backups))
        other = QPushButton("Chọn tệp khác…", self)
        buttons.addButton(restore, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        restore.clicked.connect(self._restore_selected)
        other.clicked.connect(self._choose_file)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.chosen = self.backups[rows[0].row()].path
            self.accept()

    def _choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Chọn tệp sao lưu", "", "Cơ sở dữ liệu CCHC (*.sqlite3);;Mọi tệp (*)"
        )
        if chosen:
            self.chosen = Path(chosen)
            self.accept()


def open_restore_dialog(window: ReportListWindow) -> RestoreResult | None:
    """Tệp > Khôi phục…"""
    from ..services.backups import list_backups

    try:
        path = db_path(window)
    except UserError as exc:
        messages.show_error(window, exc.message)
        return None
    dialog = RestoreDialog(list_backups(path), window)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.chosen
    dialog.deleteLater()
    if not accepted or chosen is None:
        return None
    question = (
        f"Khôi phục dữ liệu từ “{chosen.name}”?\nCác báo cáo hiện tại sẽ được thay bằng nội dung"
        " của bản sao lưu; dữ liệu hiện tại được sao lưu trước."
    )
    if not messages.confirm(window, question, "Khôi phục"):
        return None
    return restore_into(window, chosen)


def _close_store(store: Any) -> None:
    if hasattr(store, "dispose"):
        store.dispose()
    elif hasattr(store, "engine"):
        store.engine.dispose()


def restore_into(window: ReportListWindow, backup: Path) -> RestoreResult | None:
    """Close the report windows and every connection, restore, open the database again."""
    from ..services.backups import restore

    try:
        path = db_path(window)
    except UserError as exc:
        messages.show_error(window, exc.message)
        return None
    for win in list(window.windows.values()):
        win.close()  # each saves what it holds before it goes
    store = window.repo
    _close_store(store)
    try:
        result = restore(path, backup)
    except UserError as exc:
        messages.show_error(window, exc.message)
        return None
    finally:
        _reopen(window, store)
    messages.show_info(window, restore_summary(result))
    return result


def restore_summary(result: RestoreResult) -> str:
    lines = [f"Đã khôi phục dữ liệu từ “{result.restored_from}”."]
    if result.safety_backup is not None:
        lines.append(f"Dữ liệu trước khi khôi phục được sao lưu tại “{result.safety_backup}”.")
    if result.damaged_aside is not None:
        lines.append(f"Tệp hỏng được giữ nguyên, đổi tên thành “{result.damaged_aside}”.")
    return "\n".join(lines)


def offer_restore(
    parent: QWidget | None, path: Path, message: str, before: Callable[[], None] | None = None
) -> bool:
    """A damaged database: offer the newest good backup (the damaged file is kept aside).
    True when it was restored and the database can be opened again."""
    from ..services.backups import newest_good_backup, restore

    newest = newest_good_backup(path)
    if newest is None:
        messages.show_error(parent, message + "\n\nChưa có bản sao lưu nào để khôi phục.")
        return False
    question = (
        f"{message}\n\nKhôi phục bản sao lưu tốt gần nhất, lúc"
        f" {newest.created:%H:%M ngày %d/%m/%Y} ({newest.reports} báo cáo)? Tệp hỏng được giữ"
        " nguyên, chỉ đổi tên."
    )
    if messages.choose(parent, question, ["Khôi phục"], "Tệp dữ liệu bị hỏng") != 0:
        return False
    if before is not None:
        before()  # close what has the file open
    try:
        result = restore(path, newest.path)
    except UserError as exc:
        messages.show_error(parent, exc.message)
        return False
    messages.show_info(parent, restore_summary(result))
    return True


def check_file(window: ReportListWindow) -> list[str] | None:
    """Tệp > Kiểm tra tệp dữ liệu: SQLite's full integrity check and every stored value."""
    from ..services.backups import check_everything, report_count

    try:
        path = db_path(window)
        _flush(window)
        problems = check_everything(path)
    except UserError as exc:
        messages.show_error(window, exc.message)
        return None
    if not problems:
        count = report_count(path) or 0
        messages.show_info(
            window, f"Tệp dữ liệu “{path}” nguyên vẹn ({format_number(count)} báo cáo)."
        )
        return problems
    shown = "\n".join(f"- {p}" for p in problems[:10])
    more = f"\n(và {len(problems) - 10} chỗ khác)" if len(problems) > 10 else ""
    message = f"Tệp dữ liệu “{path}” bị hỏng:\n{shown}{more}"
    store = window.repo

    def close_all() -> None:
        for win in list(window.windows.values()):
            win.close()
        _close_store(store)

    if offer_restore(window, path, message, close_all):
        _reopen(window, store)
    return problems


def _reopen(window: Any, store: object) -> None:
    """The store opened again on the restored file, and the list shown from it."""
    reopen = getattr(store, "reopen", None)
    if callable(reopen):
        try:
            reopen()
        except UserError as exc:
            messages.show_error(window, exc.message)
    window.attach(store)
