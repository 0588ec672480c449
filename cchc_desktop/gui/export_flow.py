"""“Xuất Word”: choose the file, write it off the GUI thread with a progress dialog, offer to open it."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from ..domain.rules import Finding
from ..domain.vn import clean_line
from . import messages, settings
from .controller import ReportController
from .workers import Task, progress_dialog, run_in_background


def file_name(base: str, suffix: str) -> str:
    """base as a file name ending in suffix: characters Windows refuses in a name become "-"."""
    return re.sub(r'[\\/:*?"<>|]', "-", clean_line(base)) + suffix


def suggested_name(ctrl: ReportController, *, draft: bool, suffix: str = ".docx") -> str:
    from ..domain.lifecycle import corrected_file_suffix

    r = ctrl.report
    base = f"Báo cáo CCHC {r.period.wording} - {r.unit.name}" + (" (dự thảo)" if draft else "")
    return file_name(base + corrected_file_suffix(r), suffix)


def ask_save_path(parent: QWidget | None, title: str, name: str, kind: str) -> Path | None:
    """The save dialog, opened in the last folder with name; the name's suffix is kept on what
    the user types. kind: the filter's label ("Tài liệu Word")."""
    suffix = Path(name).suffix
    start = str(Path(settings.last_folder()) / name)
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start, f"{kind} (*{suffix})")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_suffix(suffix)


def open_path(path: Path) -> None:
    """Open a file or folder with the system's default application."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class FileFlow(QObject):
    """A file written or read in the thread pool behind a busy indicator. finished carries the
    result, or None when cancelled or failed; a failure is also kept in error and shown in a
    dialog titled failure_title."""

    finished = Signal(object)
    failure_title = ""
    draft = False  # the export flows: whether the document is the draft

    def __init__(
        self, parent: QWidget, ctrl: ReportController, *, ask_to_open: bool = True
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.ctrl = ctrl
        self.ask_to_open = ask_to_open
        self.progress: QProgressDialog | None = None
        self.task: Task | None = None
        self.error: str | None = None

    def _run(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], text: str, title: str
    ) -> None:
        self.progress = progress_dialog(self.parent_widget, text, title)
        self.task = run_in_background(work, on_done, self._failed)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _written(
        self,
        path: Path,
        message: str,
        title: str,
        extra: tuple[str, Callable[[], object]] | None = None,
    ) -> None:
        """The file is written: finished, then the offer to open it or its folder (and extra,
        a further answer and what it does)."""
        self._close_progress()
        self.finished.emit(path)
        if not self.ask_to_open:
            return
        choices = ["Mở tệp", "Mở thư mục"] + ([extra[0]] if extra else [])
        answer = messages.choose(self.parent_widget, message, choices, title)
        if answer == 0:
            open_path(path)
        elif answer == 1:
            open_path(path.parent)
        elif answer == 2 and extra:
            extra[1]()

    def checked_findings(self, *, draft_on_errors: bool = False) -> list[Finding] | None:
        """The findings a document is written with, the unit's other periods read again first
        (quý I changed elsewhere since the window opened?). None when an official export is
        refused (errors left, said to the user) or the user stops at the empty Phụ lục III rows.
        draft_on_errors: a report with errors becomes the draft instead (printing)."""
        from ..services.export_docx import (
            FinalExportRefused,
            check_final_export,
            incomplete_warning,
        )
        from ..services.validation import has_errors

        self.ctrl.recheck_other_periods()
        findings = self.ctrl.session.findings()
        if draft_on_errors and has_errors(findings):
            self.draft = True
        if self.draft:
            return findings
        try:
            check_final_export(findings)
        except FinalExportRefused as exc:
            messages.show_error(self.parent_widget, exc.message)
            return None
        # an official report with empty Phụ lục III rows goes out only once the user said so
        warning = incomplete_warning(self.ctrl.report, self.ctrl.session.catalog)
        if warning and not messages.confirm(
            self.parent_widget, warning, "Vẫn xuất bản chính thức", "Phụ lục III chưa nhập đủ"
        ):
            return None
        return findings

    def _failed(self, message: str) -> None:
        self._close_progress()
        self.error = message
        self.finished.emit(None)
        messages.show_error(self.parent_widget, message, self.failure_title)


class ExportFlow(FileFlow):
    """finished carries the written Path, or None on failure or cancel."""

    failure_title = "Không xuất được báo cáo"

    def __init__(
        self,
        parent: QWidget,
        ctrl: ReportController,
        *,
        draft: bool,
        path: Path | None = None,
        ask_to_open: bool = True,
    ) -> None:
        super().__init__(parent, ctrl, ask_to_open=ask_to_open)
        self.draft = draft
        self.path = path

    def start(self) -> bool:
        try:
            from ..services.export_docx import export_docx
        except ImportError:
            messages.show_error(
                self.parent_widget, "Chức năng xuất Word chưa có trong bản cài đặt này."
            )
            return False
        findings = self.checked_findings()
        if findings is None:
            return False
        path = self.path or self._ask_path()
        if path is None:
            return False
        settings.set_last_folder(path)
        report = copy.deepcopy(self.ctrl.report)  # the worker never sees later edits half-made
        catalog = self.ctrl.session.catalog
        draft = self.draft
        frozen = list(findings)

        def work() -> Path:
            export_docx(report, catalog, path, draft=draft, findings=frozen)
            return path

        self._run(work, self._done, "Đang xuất báo cáo ra Word…", "Xuất Word")
        return True

    def _ask_path(self) -> Path | None:
        name = suggested_name(self.ctrl, draft=self.draft)
        return ask_save_path(self.parent_widget, "Lưu báo cáo Word", name, "Tài liệu Word")

    def _done(self, path: Path) -> None:
        kind = "bản dự thảo" if self.draft else "bản chính thức"
        message = f"Đã xuất {kind} ra tệp:\n{path}"
        extra = None
        panel = getattr(self.parent_widget, "status_panel", None)
        if not self.draft and panel is not None and panel.status.value == "draft":
            # the official export is the moment the report is done: offer to record it
            message += "\n\nBáo cáo đã sẵn sàng trình ký và gửi? Có thể ghi là “Hoàn thành”."
            extra = ("Ghi là Hoàn thành", panel.ask_final)
        self._written(path, message, "Xuất Word", extra)
