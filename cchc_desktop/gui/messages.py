"""Vietnamese message boxes. Tests replace these functions to answer without a modal loop."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from ..errors import UserError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("cchc_desktop.gui")

# Set by `--screenshot`: nobody is there to click a dialog, so messages go to stderr.
HEADLESS = False


def _headless(message: str) -> bool:
    if HEADLESS:
        sys.stderr.write(message + "\n")
    return HEADLESS


def _box(parent: QWidget | None, icon: str, title: str, message: str) -> QMessageBox:
    """A message box with no buttons yet; icon: a QMessageBox.Icon name."""
    from PySide6.QtWidgets import QMessageBox  # made when a box opens: its enums

    return QMessageBox(
        QMessageBox.Icon[icon], title, message, QMessageBox.StandardButton.NoButton, parent
    )


def show_error(parent: QWidget | None, message: str, title: str = "Lỗi") -> None:
    if _headless(f"Lỗi: {message}"):
        return
    box = _box(parent, "Warning", title, message)
    box.addButton("Đóng", box.ButtonRole.AcceptRole)
    box.exec()


def show_info(parent: QWidget | None, message: str, title: str = "Thông báo") -> None:
    if _headless(message):
        return
    box = _box(parent, "Information", title, message)
    box.addButton("Đóng", box.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, message: str, yes: str, title: str = "Xác nhận") -> bool:
    """Ask before something that cannot be undone; the safe button is the default."""
    if _headless(message):
        return False
    box = _box(parent, "Question", title, message)
    ok = box.addButton(yes, box.ButtonRole.DestructiveRole)
    cancel = box.addButton("Hủy", box.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def choose(parent: QWidget | None, message: str, buttons: list[str], title: str = "") -> int:
    """A message with several answers; returns the index of the one clicked (-1 if closed)."""
    if _headless(message):
        return -1
    box = _box(parent, "Information", title or "Thông báo", message)
    made = [box.addButton(b, box.ButtonRole.ActionRole) for b in buttons]
    box.addButton("Đóng", box.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    for i, b in enumerate(made):
        if b is clicked:
            return i
    return -1


def report_exception(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """sys.excepthook of the GUI: a Vietnamese dialog and a log entry, never a bare traceback."""
    if isinstance(exc, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if isinstance(exc, UserError):
        message = exc.message
    else:
        log.error("Lỗi không mong muốn:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        message = (
            "Đã xảy ra lỗi không mong muốn. Dữ liệu đã nhập vẫn được lưu.\n"
            f"Chi tiết kỹ thuật đã được ghi vào nhật ký: {type(exc).__name__}: {exc}"
        )
    if QApplication.instance() is not None:
        try:
            show_error(QApplication.activeWindow(), message)
        except Exception:
            sys.__excepthook__(kind, exc, tb)
    else:
        sys.stderr.write(message + "\n")
