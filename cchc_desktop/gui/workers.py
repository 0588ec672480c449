"""Long work off the GUI thread: a QRunnable whose result or Vietnamese error comes back by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..errors import UserError

log = logging.getLogger("cchc_desktop.gui")


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """Runs fn() in the thread pool. UserError messages are passed on as they are; anything else is
    logged and turned into a plain Vietnamese message."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except UserError as exc:
            self.signals.failed.emit(exc.message)
        except PermissionError as exc:
            self.signals.failed.emit(
                f"Không ghi được tệp “{exc.filename}”: tệp đang mở trong Word hoặc thư mục chỉ "
                "đọc. Hãy đóng tệp rồi thử lại."
            )
        except OSError as exc:
            self.signals.failed.emit(f"Không ghi được tệp: {exc.strerror or exc}")
        except Exception as exc:
            log.error("Lỗi khi chạy nền:\n%s", traceback.format_exc())
            self.signals.failed.emit(f"Đã xảy ra lỗi không mong muốn: {type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)


def run_in_background(
    fn: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None]
) -> Task:
    task = Task(fn)
    task.signals.done.connect(on_done)
    task.signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(task)
    return task


def progress_dialog(parent: QWidget, text: str, title: str) -> QProgressDialog:
    """A busy indicator for background work: shown only if the work takes more than 0,3 s, no
    cancel button (a half-written file is never left behind: writes are atomic)."""
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setWindowTitle(title)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    return progress
