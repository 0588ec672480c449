"""The start window: the list of reports, with new, open, delete and "Tạo từ kỳ trước".

It can be built and shown before the database layer is imported (ReportListWindow() then attach()):
the app puts a window on screen first and loads SQLAlchemy while it is already visible.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from ..domain.periods import PERIOD_CHOICES, Period, PeriodKind, next_period, period_sort_key
from ..errors import UserError
from ..services.clock import today
from . import messages, settings
from .content_header import ContentHeader
from .forms import child, dialog_buttons, load_form
from .help import add_help_menu
from .models.report_list_model import ID_ROLE, ReportListModel

if TYPE_CHECKING:
    from ..domain.report import Report
    from ..domain.stored import ReportSummary
    from ..services.reports import ReportService
    from ..services.store import ReportStore
    from .report_window import ReportWindow

# a saved edit's line of the list is read again this long after the first edit not yet shown
# there, for every edit made meanwhile: not on each Enter (about 1 ms of each at 2,000 reports)
LINE_REFRESH_MS = 1000


def _period_label(kind: PeriodKind) -> str:
    return Period(2000, kind).label.rsplit(" ", 1)[0]


def _fill_periods(combo: QComboBox, selected: PeriodKind) -> None:
    combo.clear()
    for kind in PERIOD_CHOICES:
        combo.addItem(_period_label(kind), kind.value)
    combo.setCurrentIndex(max(0, combo.findData(selected.value)))


def _default_period(today: dt.date) -> Period:
    """The period being reported around today's date (reports are sent by the 20th of its last month)."""
    month = today.month
    kind = (
        PeriodKind.Q1
        if month <= 3
        else PeriodKind.H1
        if month <= 6
        else PeriodKind.M9
        if month <= 9
        else PeriodKind.Y
    )
    return Period(today.year, kind)


class _CreateReportDialog:
    """A form that creates a report for a period ("periodCombo", "yearSpin"); created_id is the
    new report's id once "Tạo báo cáo" succeeded."""

    def __init__(self, service: ReportService, ui_name: str, parent: QWidget | None) -> None:
        self.service = service
        self.dialog: QDialog = load_form(ui_name, parent)  # type: ignore[assignment]
        self.period = child(self.dialog, QComboBox, "periodCombo")
        self.year = child(self.dialog, QSpinBox, "yearSpin")
        dialog_buttons(self.dialog, "Tạo báo cáo", self._accept)
        self.created_id: int | None = None

    def selected_period(self) -> Period:
        return Period(self.year.value(), PeriodKind(self.period.currentData()))

    def _create(self) -> Report:
        raise NotImplementedError

    def _accept(self) -> None:
        try:
            report = self._create()
        except UserError as exc:
            messages.show_error(self.dialog, exc.message)
            return
        self.created_id = report.id
        self.dialog.accept()


class NewReportDialog(_CreateReportDialog):
    """Unit, period and year of a new report; a known unit fills in its header fields."""

    def __init__(self, service: ReportService, parent: QWidget | None) -> None:
        super().__init__(service, "new_report_dialog.ui", parent)
        f = self.dialog
        self.unit = child(f, QComboBox, "unitCombo")
        self.parent_edit = child(f, QLineEdit, "parentEdit")
        self.abbr = child(f, QLineEdit, "abbrEdit")
        self.place = child(f, QLineEdit, "placeEdit")
        self.preview = child(f, QLabel, "subjectPreview")
        self.units = service.units()
        self.unit.addItems([u.name for u in self.units])
        self.unit.setCurrentText("")
        self.unit.currentTextChanged.connect(self._unit_changed)
        default = _default_period(dt.date.today())
        _fill_periods(self.period, default.kind)
        self.year.setValue(default.year)
        self.period.currentIndexChanged.connect(self._update_preview)
        self.year.valueChanged.connect(self._update_preview)
        from .catalog_picker import CatalogPicker  # the form of Phụ lục III, or none

        self.catalog = CatalogPicker(child(f, QFormLayout, "form"), 6, service.repo)
        self.unit.currentTextChanged.connect(self._suggest_catalog)
        self.year.valueChanged.connect(self._suggest_catalog)
        if self.units:
            self.unit.setCurrentIndex(0)
        self._update_preview()
        self._suggest_catalog()

    def _suggest_catalog(self) -> None:
        self.catalog.suggest(self.unit.currentText(), self.year.value())

    def _unit_changed(self, name: str) -> None:
        from ..domain.vn import clean_line

        for u in self.units:
            if u.name == clean_line(name):
                self.parent_edit.setText(u.parent_authority)
                self.abbr.setText(u.abbreviation)
                self.place.setText(u.place)
                break

    def _update_preview(self) -> None:
        self.preview.setText(f"Trích yếu: {self.selected_period().default_subject()}")

    def _create(self) -> Report:
        return self.service.new_report(
            self.unit.currentText(),
            self.selected_period(),
            parent_authority=self.parent_edit.text(),
            abbreviation=self.abbr.text(),
            place=self.place.text(),
            catalog=self.catalog.selected(),
        )


class CopyReportDialog(_CreateReportDialog):
    """ "Tạo từ kỳ trước": a source report, the new period and whether the figures come along."""

    def __init__(
        self,
        service: ReportService,
        reports: list[ReportSummary],
        selected_id: int | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(service, "copy_report_dialog.ui", parent)
        self.source = child(self.dialog, QComboBox, "sourceCombo")
        self.figures = child(self.dialog, QCheckBox, "figuresCheck")
        from .period_rewrite_dialog import add_rewrite_check  # its patterns: not at start

        self.rewrite = add_rewrite_check(self.dialog)  # period phrases reviewed, then reworded
        self.reports = sorted(reports, key=lambda r: (r.unit, period_sort_key(r.period)))
        for r in self.reports:
            self.source.addItem(f"{r.unit} - {r.period.wording}", r.id)
        if selected_id is not None:
            self.source.setCurrentIndex(max(0, self.source.findData(selected_id)))
        _fill_periods(self.period, PeriodKind.H1)
        self.source.currentIndexChanged.connect(self._suggest)
        self._suggest()

    def _suggest(self) -> None:
        idx = self.source.currentIndex()
        if idx < 0:
            return
        target = next_period(self.reports[idx].period)
        self.period.setCurrentIndex(max(0, self.period.findData(target.kind.value)))
        self.year.setValue(target.year)

    def _create(self) -> Report:
        source_id = self.source.currentData()
        if source_id is None:
            raise UserError("Chưa có báo cáo nào để chép.")
        if self.rewrite.isChecked():
            from .period_rewrite_dialog import copy_with_review

            return copy_with_review(
                self.service,
                int(source_id),
                self.selected_period(),
                with_figures=self.figures.isChecked(),
                parent=self.dialog,
            )
        return self.service.copy_from_previous(
            int(source_id), self.selected_period(), with_figures=self.figures.isChecked()
        )


class ReportListWindow(QMainWindow):
    """The window the app opens with."""

    def __init__(self, repo: ReportStore | None = None) -> None:
        super().__init__()
        self._repo = repo
        self._service: ReportService | None = None
        self.windows: dict[int, ReportWindow] = {}
        # reports edited in their windows whose lines are not read again yet (refresh_edited)
        self._edited: set[int] = set()
        self._edited_timer = QTimer(self)
        self._edited_timer.setSingleShot(True)
        self._edited_timer.setInterval(LINE_REFRESH_MS)
        self._edited_timer.timeout.connect(self.refresh_edited)
        self.setWindowTitle("CCHC Desktop - Báo cáo cải cách hành chính")
        self.form = load_form("report_list.ui", self)
        self.setCentralWidget(self.form)
        self.table = child(self.form, QTableView, "reportTable")
        # an edit re-measures its own row only, not every visible row (gui/content_header.py)
        self.table.setHorizontalHeader(ContentHeader(self.table))
        self.filter = child(self.form, QLineEdit, "filterEdit")
        # the model sorts and filters itself (no proxy model: see ReportListModel)
        self.model = ReportListModel()
        self.table.setModel(self.model)
        self.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # columns sized to the rows on screen: measuring every row again after each edit asked the
        # model 500,000 times at 2,000 reports
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.filter.textChanged.connect(self.model.set_filter)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

        child(self.form, QPushButton, "newButton").clicked.connect(self.new_report)
        child(self.form, QPushButton, "copyButton").clicked.connect(self.copy_report)
        child(self.form, QPushButton, "openButton").clicked.connect(self.open_selected)
        child(self.form, QPushButton, "deleteButton").clicked.connect(self.delete_selected)
        child(self.form, QPushButton, "demoButton").clicked.connect(self.load_demo)
        self._actions()
        add_help_menu(self, lambda: self._repo)
        settings.restore_geometry(self, "report_list", (1000, 600))
        if repo is not None:
            self.attach(repo)
        else:
            self.statusBar().showMessage("Đang mở dữ liệu…")

    def attach(self, repo: ReportStore, *, refresh: bool = True) -> None:
        """Give the window its database (the app shows the window first, then opens it);
        refresh=False leaves reading the list to the caller (the report asked for comes first)."""
        self._repo = repo
        self._service = None
        self.statusBar().clearMessage()
        if refresh:
            self.refresh()

    @property
    def repo(self) -> ReportStore:
        if self._repo is None:
            raise UserError("Dữ liệu chưa mở xong, xin thử lại sau giây lát.")
        return self._repo

    @property
    def service(self) -> ReportService:
        if self._service is None:
            from ..services.reports import ReportService

            self._service = ReportService(self.repo)
        return self._service

    def _actions(self) -> None:
        menu = self.menuBar().addMenu("&Tệp")
        for text, keys, slot in (
            ("Báo cáo &mới…", QKeySequence.StandardKey.New, self.new_report),
            ("&Tạo từ kỳ trước…", QKeySequence("Ctrl+Shift+N"), self.copy_report),
            ("&Mở báo cáo", QKeySequence(Qt.Key.Key_Return), self.open_selected),
            ("&Xóa báo cáo…", QKeySequence.StandardKey.Delete, self.delete_selected),
            ("&Thoát", QKeySequence("Ctrl+Q"), self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)
            self.addAction(action)
        summary = QAction("Tổng hợp &báo cáo các đơn vị…", self)  # #16: gui/summary_dialog.py
        summary.triggered.connect(lambda _c=False: self.open_summary())
        menu.insertAction(menu.actions()[-1], summary)
        from .backup_dialogs import add_actions
        from .catalog_import_dialog import add_action as add_catalog_import

        add_catalog_import(self, menu)  # Nhập biểu thống kê (Word, Excel)…
        add_actions(self, menu)  # Sao lưu…, Khôi phục…, Kiểm tra tệp dữ liệu
        from .docx_import_dialog import add_action as add_import_docx

        add_import_docx(self, menu)  # Nhập từ tệp Word…

    def open_summary(self) -> QDialog:
        from .summary_dialog import SummaryDialog

        dialog = SummaryDialog(self.repo, _default_period(dt.date.today()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh(dialog.saved_id))
        dialog.open()
        return dialog

    # --- list ------------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.selected_id()
        self._edited.clear()  # every line is read again
        self._edited_timer.stop()
        from ..services.progress import catalog_lookup

        # deadlines count from today; each form is resolved once for the whole list
        self.model.set_reports(
            self.service.list_reports(), today(), catalog_lookup(self.service.repo)
        )
        problems = self.service.problems()
        if problems:  # a report that cannot be read is named; the others are listed
            self.statusBar().showMessage(problems[0])
        if current is not None:
            self.select(current)
        elif self.model.rowCount() > 0:
            self.table.selectRow(0)

    def refresh_report(self, report_id: int) -> None:
        """Re-read one report's line of the list (after an edit in its window)."""
        try:
            summary = self.service.report_summary(report_id)
        except UserError:
            self.refresh()  # gone or unreadable: the whole list says what is left
            return
        if not self.model.update_report(summary):
            self.refresh()

    def edited(self, report_id: int) -> None:
        """A report's window saved an edit: its line is read again within LINE_REFRESH_MS (once
        for a burst of Enters), and at once when the list is shown or brought to the front."""
        self._edited.add(report_id)
        if not self._edited_timer.isActive():
            self._edited_timer.start()

    def refresh_edited(self) -> None:
        """The lines of the reports edited since they were last read, read again now."""
        self._edited_timer.stop()
        edited, self._edited = sorted(self._edited), set()
        for report_id in edited:
            self.refresh_report(report_id)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh_edited()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_edited()  # brought to the front: the lines are right before it is used
        super().changeEvent(event)

    def select(self, report_id: int) -> None:
        row = self.model.row_of(report_id)
        if row < 0:
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        value = self.model.data(rows[0], ID_ROLE)
        return int(value) if value is not None else None

    # --- actions ---------------------------------------------------------------------------------
    def new_report(self) -> int | None:
        return self._run_create(NewReportDialog(self.service, self))

    def copy_report(self) -> int | None:
        reports = self.service.list_reports()
        if not reports:
            messages.show_info(self, "Chưa có báo cáo nào để chép. Hãy tạo báo cáo mới trước.")
            return None
        return self._run_create(CopyReportDialog(self.service, reports, self.selected_id(), self))

    def _run_create(self, dlg: _CreateReportDialog) -> int | None:
        """Show the dialog; the report it created is selected in the list and opened."""
        accepted = dlg.dialog.exec()
        dlg.dialog.deleteLater()  # not left behind as a hidden child of the window
        if accepted and dlg.created_id is not None:
            self.refresh(dlg.created_id)
            self.open_report(dlg.created_id)
            return dlg.created_id
        return None

    def load_demo(self) -> None:
        try:
            report, _created = self.service.create_demo()
        except UserError as exc:
            messages.show_error(self, exc.message)
            return
        assert report.id is not None
        self.refresh(report.id)
        self.open_report(report.id)

    def open_selected(self) -> None:
        rid = self.selected_id()
        if rid is None:
            messages.show_info(self, "Hãy chọn một báo cáo trong danh sách.")
            return
        self.open_report(rid)

    def open_report(self, report_id: int, page: str | None = None) -> ReportWindow | None:
        from .report_window import ReportWindow

        win = self.windows.get(report_id)
        if win is None:
            try:
                win = ReportWindow(self.repo, report_id)
            except UserError as exc:
                messages.show_error(self, exc.message)
                return None
            self.adopt(win)
        if page:
            win.show_page(page)
        win.show()
        win.raise_()
        win.activateWindow()
        return win

    def adopt(self, win: ReportWindow) -> None:
        """A report window of this list's database: one opened here, or the one `--open ID`
        painted before this window was built."""
        win.closed.connect(self._report_closed)
        # an edit changes that report's line only: re-read it (soon, see edited), not the list
        win.changed.connect(lambda rid=win.report_id: self.edited(rid))
        self.windows[win.report_id] = win

    def _report_closed(self, report_id: int) -> None:
        self.windows.pop(report_id, None)
        self.refresh()

    def delete_selected(self) -> None:
        rid = self.selected_id()
        if rid is None:
            messages.show_info(self, "Hãy chọn một báo cáo để xóa.")
            return
        summary = self.model.summary(self.model.row_of(rid))
        question = (
            f"Xóa báo cáo {summary.period.wording} của {summary.unit}?\n"
            "Toàn bộ nội dung và số liệu của báo cáo sẽ bị xóa và không thể khôi phục."
        )
        if not messages.confirm(self, question, "Xóa báo cáo"):
            return
        win = self.windows.pop(rid, None)
        if win is not None:
            win.close()
        try:
            self.service.delete_report(rid)
        except UserError as exc:
            messages.show_error(self, exc.message)
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        for win in list(self.windows.values()):
            win.close()
        settings.save_geometry(self, "report_list")
        super().closeEvent(event)
