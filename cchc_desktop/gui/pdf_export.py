"""“Xuất PDF…” and “In…”: the report's Word file converted by Word or LibreOffice, off the GUI thread."""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ..errors import UserError
from . import messages, settings
from .controller import ReportController
from .export_flow import FileFlow, ask_save_path, open_path, suggested_name

if TYPE_CHECKING:
    from .report_window import ReportWindow


def print_file(path: Path) -> bool:
    """Hand the file to the system's printing: Windows prints it with the program that opens it
    (“print” verb); elsewhere the viewer opens and the user prints from it. True when printed
    directly."""
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # type: ignore[attr-defined]
        return True
    open_path(path)
    return False


class PdfExportFlow(FileFlow):
    """finished carries the written PDF, or None. With print_after the PDF goes to a temp folder
    and then to the printer (a report with errors prints as the draft)."""

    failure_title = "Không xuất được PDF"

    def __init__(
        self,
        parent: QWidget,
        ctrl: ReportController,
        *,
        draft: bool,
        path: Path | None = None,
        print_after: bool = False,
        ask_to_open: bool = True,
    ) -> None:
        super().__init__(parent, ctrl, ask_to_open=ask_to_open and not print_after)
        self.draft = draft
        self.path = path
        self.print_after = print_after

    def start(self) -> bool:
        from ..services.export_pdf import export_pdf

        # printing a report with errors: the draft, marked as such
        findings = self.checked_findings(draft_on_errors=self.print_after)
        if findings is None:
            return False
        try:
            from ..services.export_pdf import find_converter

            converter = find_converter()  # say what to install before asking for a file name
        except UserError as exc:  # PdfUnavailableError: says what to install
            messages.show_error(self.parent_widget, exc.message)
            return False
        path = self.path or self._ask_path()
        if path is None:
            return False
        if not self.print_after:
            settings.set_last_folder(path)
        report = copy.deepcopy(self.ctrl.report)  # the worker never sees later edits half-made
        catalog = self.ctrl.session.catalog
        draft, frozen = self.draft, list(findings)

        def work() -> Path:
            return export_pdf(
                report, catalog, path, draft=draft, findings=frozen, converter=converter
            )

        title = "In báo cáo" if self.print_after else "Xuất PDF"
        self._run(work, self._done, f"Đang chuyển báo cáo sang PDF ({converter.name})…", title)
        return True

    def _ask_path(self) -> Path | None:
        name = suggested_name(self.ctrl, draft=self.draft, suffix=".pdf")
        if self.print_after:
            return Path(tempfile.mkdtemp(prefix="cchc-in-")) / name
        return ask_save_path(self.parent_widget, "Lưu báo cáo PDF", name, "Tệp PDF")

    def _done(self, path: Path) -> None:
        if self.print_after:
            self._close_progress()
            self.finished.emit(path)
            try:
                direct = print_file(path)
            except OSError as exc:
                messages.show_error(self.parent_widget, f"Không mở được lệnh in: {exc}")
                return
            if not direct:
                messages.show_info(
                    self.parent_widget,
                    "Đã mở bản PDF của báo cáo; chọn In (Ctrl+P) trong cửa sổ vừa mở để in."
                    + (" Báo cáo còn lỗi nên in bản dự thảo." if self.draft else ""),
                    "In báo cáo",
                )
            return
        kind = "bản dự thảo" if self.draft else "bản chính thức"
        self._written(path, f"Đã xuất {kind} PDF ra tệp:\n{path}", "Xuất PDF")


def export_pdf_from(
    window: ReportWindow, *, draft: bool, path: Path | None = None, print_after: bool = False
) -> PdfExportFlow:
    window.ctrl.flush()
    flow = PdfExportFlow(window, window.ctrl, draft=draft, path=path, print_after=print_after)
    setattr(window, "_pdf_flow", flow)  # noqa: B010  # kept referenced while it runs
    flow.start()
    return flow
