"""The "Trợ giúp" menu's dialogs: the user guide and "Giới thiệu" (version, data folders).

Not in gui/help.py, which every window imports for its menu: these widgets and their Qt enums are
loaded when a dialog first opens, not before a window's first paint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..assets import asset_path
from . import messages
from .help import GUIDE


class GuideDialog(QDialog):
    """The Vietnamese user guide (resources/help/huong-dan.html and its pictures)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hướng dẫn sử dụng - CCHC Desktop")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        page = asset_path(*GUIDE)
        self.browser.setSearchPaths([str(page.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(page)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(920, 720)


class AboutDialog(QDialog):
    """Version, and where the reports, the backups and the log are, with buttons to open them."""

    def __init__(self, db_path: Path, parent: QWidget | None) -> None:
        # imported when the dialog opens: not with every window's "Trợ giúp" menu at start
        from ..services.locations import backup_folder, log_folder

        super().__init__(parent)
        db_path = db_path.absolute()  # a relative --db names no folder the user can find
        self.setWindowTitle("Giới thiệu - CCHC Desktop")
        title = QLabel(
            f"<h2>CCHC Desktop</h2><p>Phiên bản {__version__}</p>"
            "<p>Soạn, kiểm tra và xuất báo cáo cải cách hành chính định kỳ.<br>"
            "Mọi dữ liệu nằm trên máy này; ứng dụng chạy không cần mạng.</p>",
            self,
        )
        self.folders = {
            "data": db_path.parent,
            "backups": backup_folder(db_path),
            "log": log_folder(),
        }
        form = QFormLayout()
        self.open_buttons: dict[str, QPushButton] = {}
        for key, label, shown, button_text in (
            ("data", "Tệp dữ liệu:", db_path, "Mở thư mục dữ liệu"),
            ("backups", "Bản sao lưu:", self.folders["backups"], "Mở thư mục sao lưu"),
            ("log", "Nhật ký:", self.folders["log"] / "cchc-desktop.log", "Mở thư mục nhật ký"),
        ):
            path_label = QLabel(str(shown), self)
            path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QPushButton(button_text, self)
            button.clicked.connect(lambda _c=False, k=key: self.open_folder(k))
            self.open_buttons[key] = button
            row = QHBoxLayout()
            row.addWidget(path_label, 1)
            row.addWidget(button)
            form.addRow(label, row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(760, 300)

    def open_folder(self, key: str) -> None:
        from .export_flow import open_path

        folder = self.folders[key]
        if not folder.is_dir():
            text = "Chưa có bản sao lưu nào." if key == "backups" else "Thư mục này chưa được tạo."
            messages.show_info(self, f"{text}\n{folder}")
            return
        open_path(folder)
