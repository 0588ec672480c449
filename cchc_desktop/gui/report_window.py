"""The report window: a list of pages (Thông tin chung ... Kiểm tra), undo/redo, export to Word."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from ..domain.rules import Finding, Severity
from ..services.editing import EditSession
from ..services.store import ReportStore
from . import settings
from .controller import ReportController
from .deadline_banner import DeadlineBanner
from .forms import child, load_form
from .help import add_help_menu
from .pages import registry
from .pages.base import Page
from .pages.registry import page_key

if TYPE_CHECKING:
    from .export_flow import ExportFlow
    from .pages.indicators import IndicatorPage
    from .pdf_export import PdfExportFlow

CHECK_ELSEWHERE_MS = 3000
CHECK_AFTER_SHOW_MS = 200


class ReportWindow(QMainWindow):
    closed = Signal(int)
    changed = Signal()

    def __init__(self, repo: ReportStore, report_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # the report is painted first and checked right after (check_now): the check
        # (rules, other periods) is not part of the wait for the window
        self.session = EditSession(repo, report_id, check=False)
        self.ctrl = ReportController(self.session, self)
        self.report_id = report_id
        self.form = load_form("report_window.ui", self)
        self.setCentralWidget(self.form)
        self.page_list = child(self.form, QListWidget, "pageList")
        self.stack = child(self.form, QStackedWidget, "pageStack")
        self.title = child(self.form, QLabel, "titleLabel")
        self.splitter = child(self.form, QSplitter, "splitter")
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([175, 1000])
        self.pages: dict[str, Page] = {}
        self._keys = list(registry.PAGE_KEYS)
        for spec in registry.PAGES:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.page_list.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder: pages are built when first shown
        self.page_list.currentRowChanged.connect(self._row_changed)
        # a report made without Phụ lục III (catalog "none") has no such page
        self.has_indicators = bool(len(self.session.catalog))
        self.page_list.setRowHidden(self._keys.index(registry.INDICATORS), not self.has_indicators)

        self.undo_button = child(self.form, QToolButton, "undoButton")
        self.redo_button = child(self.form, QToolButton, "redoButton")
        self.status_label = QLabel()
        # a fixed size: a count changing length must not re-lay out (and repaint) the window;
        # a fixed width alone still made each new count re-lay out and repaint the status bar
        self.status_label.setFixedSize(300, self.status_label.sizeHint().height())
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # stays after the transient message is gone: the user can still see that (and when) the
        # report was reloaded with another writer's changes
        self.elsewhere_label = QLabel()
        self.statusBar().addPermanentWidget(self.elsewhere_label)
        self.statusBar().addPermanentWidget(self.status_label)
        self._actions()
        add_help_menu(self, repo)
        self.ctrl.findings_changed.connect(self._update_counts)
        self.ctrl.saved.connect(self._saved)
        self.ctrl.report_reset.connect(self._update_title)
        self.ctrl.changed_elsewhere.connect(self._changed_elsewhere)
        # another window or the command line may change this report: look every few seconds
        # and whenever the window is activated (a cheap read of the report's revision)
        self._elsewhere_timer = QTimer(self)
        self._elsewhere_timer.setInterval(CHECK_ELSEWHERE_MS)
        self._elsewhere_timer.timeout.connect(self.ctrl.check_elsewhere)
        self._elsewhere_timer.start()
        from .status_panel import StatusPanel

        self.status_panel = StatusPanel(self)  # Dự thảo / Hoàn thành / Đã gửi, history, lock
        self._update_title()
        self._check_queued = False
        self._check_shown = False
        if self.session.checked:  # a sent or final report's panel has asked for the counts
            self._update_counts()
        else:
            self.status_label.setText("Đang kiểm tra…")
        self.deadline_banner = DeadlineBanner(self)  # an overdue draft says by how many days
        settings.restore_geometry(self, "report_window", (1280, 820))
        first = registry.INDICATORS if self.has_indicators else registry.HEADER
        self.page_list.setCurrentRow(self._keys.index(first))

    # --- actions --------------------------------------------------------------------------------
    def _actions(self) -> None:
        stack = self.ctrl.undo_stack
        file_menu = self.menuBar().addMenu("&Tệp")
        edit_menu = self.menuBar().addMenu("&Sửa")
        self.undo_action = QAction("&Hoàn tác", self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.ctrl.undo)
        self.redo_action = QAction("&Làm lại", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(self.ctrl.redo)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(
            lambda t: self.undo_action.setText(f"&Hoàn tác {t}" if t else "&Hoàn tác")
        )
        stack.redoTextChanged.connect(
            lambda t: self.redo_action.setText(f"&Làm lại {t}" if t else "&Làm lại")
        )
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button.setDefaultAction(self.redo_action)
        self.undo_button.setToolTip("Hoàn tác (Ctrl+Z)")
        self.redo_button.setToolTip("Làm lại (Ctrl+Y)")

        self.export_draft = QAction("Xuất Word (&dự thảo)…", self)
        self.export_draft.setShortcut(QKeySequence("Ctrl+E"))
        self.export_draft.triggered.connect(lambda: self.export_word(draft=True))
        self.export_final = QAction("Xuất Word (&chính thức)…", self)
        self.export_final.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_final.triggered.connect(lambda: self.export_word(draft=False))
        self.export_xlsx_action = QAction("Xuất &Excel Phụ lục III…", self)
        self.export_xlsx_action.triggered.connect(lambda: self._indicator_page().export_xlsx())
        self.import_xlsx_action = QAction("&Nhập số liệu từ Excel…", self)
        self.import_xlsx_action.triggered.connect(lambda: self._indicator_page().import_xlsx())
        # compiling from sub-units (#16): gui/sub_units_dialog.py, gui/merge_dialog.py
        self.export_parts_action = QAction("Xuất Excel cho đơn &vị…", self)
        self.export_parts_action.triggered.connect(lambda _c=False: self.open_sub_units())
        self.merge_action = QAction("&Tổng hợp từ đơn vị…", self)
        self.merge_action.triggered.connect(lambda _c=False: self.open_merge())
        close = QAction("Đó&ng cửa sổ", self)
        close.setShortcut(QKeySequence("Ctrl+W"))
        close.triggered.connect(self.close)
        for a in (self.export_draft, self.export_final):
            file_menu.addAction(a)
        self._pdf_actions(file_menu)  # Xuất PDF…, In… (gui/pdf_export.py)
        file_menu.addSeparator()
        for a in (
            self.export_xlsx_action,
            self.import_xlsx_action,
            self.export_parts_action,
            self.merge_action,
        ):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(close)
        child(self.form, QPushButton, "exportDraftButton").clicked.connect(
            self.export_draft.trigger
        )
        child(self.form, QPushButton, "exportFinalButton").clicked.connect(
            self.export_final.trigger
        )

        go_menu = self.menuBar().addMenu("T&rang")
        for i, spec in enumerate(registry.PAGES):
            action = QAction(spec.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, k=spec.key: self.show_page(k))
            action.setEnabled(self.has_indicators or spec.key != registry.INDICATORS)
            go_menu.addAction(action)
        for a in (self.undo_action, self.redo_action):
            self.addAction(a)

    def _pdf_actions(self, menu: QMenu) -> None:
        """Tệp > Xuất PDF (dự thảo / chính thức)…, In… (Ctrl+P). gui/pdf_export.py, and the file
        dialogs it needs, are loaded when one is chosen, not before the window's first paint."""
        for text, keys, draft, printing in (
            ("Xuất PDF (dự thảo)…", None, True, False),
            ("Xuất P&DF (chính thức)…", None, False, False),
            ("&In…", QKeySequence.StandardKey.Print, False, True),
        ):
            action = QAction(text, self)
            if keys is not None:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(
                lambda _c=False, d=draft, p=printing: self.export_pdf(draft=d, print_after=p)
            )
            menu.addAction(action)
            self.addAction(action)

    def export_pdf(self, *, draft: bool, print_after: bool = False) -> PdfExportFlow:
        from .pdf_export import export_pdf_from

        return export_pdf_from(self, draft=draft, print_after=print_after)

    def open_sub_units(self) -> QDialog:
        from .sub_units_dialog import SubUnitsDialog

        dialog = SubUnitsDialog(self.ctrl, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_merge(self, paths: list[Path] | None = None) -> QDialog:
        from .merge_dialog import open_merge_dialog

        return open_merge_dialog(self.ctrl, self, paths)

    # --- pages --------------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        """The page called key, built on first use."""
        found = self.pages.get(key)
        if found is not None:
            return found
        page = registry.spec(key).page_class()(self.ctrl)
        self.pages[key] = page
        self.status_panel.page_built(page)  # a sent report's pages are read-only
        self.ctrl.add_flusher(page.flush)
        go_to = getattr(page, "go_to", None)
        if go_to is not None:
            go_to.connect(self.go_to_finding)
        row = self._keys.index(key)
        old = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        return page

    def _indicator_page(self) -> IndicatorPage:
        from .pages.indicators import IndicatorPage

        page = self.show_page(registry.INDICATORS)
        assert isinstance(page, IndicatorPage)
        return page

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self._keys[row]
        page = self.page(key)
        self.stack.setCurrentWidget(page)

    def show_page(self, name: str) -> Page | None:
        key = page_key(name)
        if key is None:
            self.show_status(f"Không có trang “{name}”", error=True)
            return None
        if key == registry.INDICATORS and not self.has_indicators:
            self.show_status("Báo cáo này lập không có Phụ lục III", error=True)
            return None
        self.page_list.setCurrentRow(self._keys.index(key))
        return self.pages[key]

    def current_key(self) -> str:
        return self._keys[self.page_list.currentRow()]

    def go_to_finding(self, finding: Finding) -> None:
        target = registry.finding_target(finding)
        page = self.show_page(target.page)
        if page is not None and target.field:
            page.focus_field(target.field)

    # --- the first check, after the first paint ---------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._check_queued and not self._check_shown:
            self._check_queued = True
            QTimer.singleShot(0, self, self.check_now)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # a platform that paints late still gets its findings soon after the window is shown
        QTimer.singleShot(CHECK_AFTER_SHOW_MS, self, self.check_now)

    def check_now(self) -> None:
        """The report's first check shown everywhere (the marks, Kiểm tra, the counts), once. A
        page that read the findings first (Kiểm tra opened with the window) ran the check."""
        if self._check_shown:
            return
        self._check_shown = True
        if self.session.checked:
            self.ctrl.show_findings()
        else:
            self.ctrl.recheck()
        # what is alive now (the list, the report, its form and rules) lives as long as the
        # window: out of the cycle collector's reach, so that a full collection, about 110 ms at
        # 2,000 reports, does not land on an Enter; given back when a report window closes
        gc.freeze()

    # --- status -------------------------------------------------------------------------------
    def _update_title(self) -> None:
        r = self.session.report
        self.setWindowTitle(f"{r.unit.name} - Báo cáo {r.period.wording} - CCHC Desktop")
        self.title.setText(f"{r.unit.name} · Báo cáo CCHC {r.period.wording}")

    def _update_counts(self) -> None:
        c = self.session.counts()
        errors, warnings = c[Severity.ERROR], c[Severity.WARNING]
        item = self.page_list.item(self._keys.index(registry.FINDINGS))
        counts = [f"{n} {word}" for n, word in ((errors, "lỗi"), (warnings, "cảnh báo")) if n]
        item.setText(
            registry.spec(registry.FINDINGS).title + (f" ({', '.join(counts)})" if counts else "")
        )
        item.setToolTip(
            f"{errors} lỗi (chặn bản chính thức) · {warnings} cảnh báo · {c[Severity.NOTICE]} lưu ý"
        )
        self.status_label.setText(
            f"{errors} lỗi · {warnings} cảnh báo · {c[Severity.NOTICE]} lưu ý"
        )

    def _saved(self) -> None:
        from datetime import datetime

        self.statusBar().showMessage(f"Đã lưu lúc {datetime.now():%H:%M:%S}", 4000)
        self.changed.emit()

    def _changed_elsewhere(self, message: str) -> None:
        from datetime import datetime

        self.show_status(message, timeout=20000)
        self.elsewhere_label.setText(f"↻ Nạp thay đổi từ nơi khác {datetime.now():%H:%M:%S}")
        self.elsewhere_label.setToolTip(message)

    def show_status(self, message: str, *, error: bool = False, timeout: int = 8000) -> None:
        self.statusBar().showMessage(("⚠ " if error else "") + message, timeout)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.ctrl.check_elsewhere()
        super().changeEvent(event)

    # --- export ------------------------------------------------------------------------------
    def export_word(self, *, draft: bool, path: Path | None = None) -> ExportFlow:
        from .export_flow import ExportFlow

        self.ctrl.flush()
        self._export = ExportFlow(self, self.ctrl, draft=draft, path=path)
        self._export.start()
        return self._export

    # --- closing ----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        gc.unfreeze()  # what this window held can be collected again (check_now)
        self._elsewhere_timer.stop()
        self.ctrl.flush()  # never lose what is being typed; nothing to ask: it is all saved
        settings.save_geometry(self, "report_window")
        self.closed.emit(self.report_id)
        super().closeEvent(event)
