"""“Nhập từ tệp Word…” of the report list: a .docx report read, reviewed and corrected, then saved as a
new report.

The review shows what was recognised (header, narrative, signer, appendices) and what was not
(paragraphs kept as text, Phụ lục III rows of no indicator, figures that could not be read), with
the proposed unit and period editable before "Tạo báo cáo". Nothing is written before that.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.periods import Period, PeriodKind
from ..errors import UserError
from . import messages, settings
from .forms import dialog_buttons

if TYPE_CHECKING:
    from ..domain.word_import import Recognition
    from ..services.import_docx import DocxImport

ACTION_TEXT = "Nhập từ tệp &Word…"
_FILTER = "Tài liệu Word (*.docx);;Mọi tệp (*)"


class DocxImportDialog(QDialog):
    """The review of one imported file; created_id is set once the report is saved."""

    def __init__(
        self, recognition: Recognition, importer: DocxImport, source: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        from .main_window import _fill_periods  # the list window's period names, one home

        self.recognition = recognition
        self.importer = importer
        self.created_id: int | None = None
        report = recognition.report
        self.setWindowTitle(f"Nhập từ tệp Word: {source}")
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Chưa ghi gì. Hãy xem lại những gì đọc được, sửa tên đơn vị và kỳ báo cáo nếu cần, "
            "rồi bấm “Tạo báo cáo”. Mọi phần khác sửa được sau trong cửa sổ báo cáo."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.unit = QLineEdit(report.unit.name)
        self.unit.setPlaceholderText("Tên đơn vị báo cáo, ví dụ Sở Tài chính")
        self.abbreviation = QLineEdit(report.unit.abbreviation)
        self.parent_authority = QLineEdit(report.unit.parent_authority)
        self.period = QComboBox()
        proposed = importer.proposed_period(recognition)
        _fill_periods(self.period, proposed.kind)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(proposed.year)
        form.addRow("Tên đơn vị:", self.unit)
        form.addRow("Viết tắt (ký hiệu BC-…):", self.abbreviation)
        form.addRow("Cơ quan chủ quản:", self.parent_authority)
        form.addRow("Kỳ báo cáo:", self.period)
        form.addRow("Năm:", self.year)
        layout.addLayout(form)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a4262c;")
        layout.addWidget(self.warning)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Mục", "Nội dung đọc được"])
        self.tree.setColumnWidth(0, 260)
        self.tree.setWordWrap(True)
        layout.addWidget(self.tree, 1)
        self._fill_tree()
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.setObjectName("buttonBox")
        layout.addWidget(box)
        self.buttons = dialog_buttons(self, "Tạo báo cáo", self._save)
        for edit in (self.unit,):
            edit.textChanged.connect(self._check)
        self.period.currentIndexChanged.connect(self._check)
        self.year.valueChanged.connect(self._check)
        self._check()

    def _fill_tree(self) -> None:
        review = self.recognition.review
        groups = (
            ("Đã nhận ra", [(what, value) for what, value in review.found]),
            ("Cần kiểm tra", [("", x) for x in review.guesses]),
            ("Giữ là đoạn văn (không nhận ra cấu trúc)", [("", x) for x in review.body_text]),
            ("Phụ lục III: dòng không khớp chỉ tiêu nào", [("", x) for x in review.unmatched_rows]),
            ("Số liệu không đọc được", [("", x) for x in review.problems]),
        )
        for title, items in groups:
            if not items and title != "Đã nhận ra":
                continue
            top = QTreeWidgetItem([f"{title} ({len(items)})", ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for what, value in items:
                item = QTreeWidgetItem([what, value] if what else [value, ""])
                item.setToolTip(0, value)
                top.addChild(item)
                if not what:
                    item.setFirstColumnSpanned(True)  # only once it is in the tree
            top.setFirstColumnSpanned(True)
            top.setExpanded(True)

    def chosen_period(self) -> Period:
        return Period(self.year.value(), PeriodKind(self.period.currentData()))

    def _choices(self) -> object:
        from ..services.import_docx import DocxImportChoices

        return DocxImportChoices(
            unit_name=self.unit.text(),
            abbreviation=self.abbreviation.text(),
            parent_authority=self.parent_authority.text(),
            period=self.chosen_period(),
        )

    def _check(self) -> None:
        name = self.unit.text().strip()
        message = ""
        if not name:
            message = "Chưa có tên đơn vị: hãy nhập tên đơn vị báo cáo."
        else:
            found = self.importer.existing(name, self.chosen_period())
            if found is not None:
                message = (
                    f"“{name}” đã có báo cáo {self.chosen_period().wording} (số hiệu {found.id}): "
                    "hãy chọn kỳ khác (ví dụ kỳ tiếp theo)."
                )
        self.warning.setText(message)
        self.warning.setVisible(bool(message))

    def _save(self) -> None:
        from ..services.import_docx import DocxImportChoices

        choices = self._choices()
        assert isinstance(choices, DocxImportChoices)
        try:
            report = self.importer.save(self.recognition, choices)
        except UserError as exc:
            messages.show_error(self, exc.message)
            return
        self.created_id = report.id
        self.accept()


def read_for_review(window: QWidget, path: Path, importer: DocxImport) -> DocxImportDialog | None:
    """Read path (a wait cursor meanwhile: a report reads in well under a second) and build its
    review, or say why it cannot be read."""
    from ..services.import_docx import read_docx_report

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        recognition = read_docx_report(path)
    except UserError as exc:
        QGuiApplication.restoreOverrideCursor()
        messages.show_error(window, exc.message)
        return None
    QGuiApplication.restoreOverrideCursor()
    return DocxImportDialog(recognition, importer, path.name, window)


def review_dialog(window: QMainWindow, path: Path) -> DocxImportDialog | None:
    """The review of path, shown without waiting (`cchc-desktop --import-docx F --screenshot`)."""
    from ..services.import_docx import DocxImport

    dialog = read_for_review(window, path, DocxImport(window.repo))  # type: ignore[attr-defined]
    if dialog is not None:
        dialog.show()
    return dialog


def import_docx(window: QMainWindow, path: Path | None = None) -> int | None:
    """Ask for a .docx (unless given), review it, and on "Tạo báo cáo" select and open the new
    report. Returns its id."""
    from ..services.import_docx import DocxImport

    try:
        repo = window.repo  # type: ignore[attr-defined]
    except UserError as exc:
        messages.show_error(window, exc.message)
        return None
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Nhập báo cáo từ tệp Word", settings.last_folder(), _FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
        settings.set_last_folder(path.parent)
    dialog = read_for_review(window, path, DocxImport(repo))
    if dialog is None:
        return None
    accepted = dialog.exec()
    dialog.deleteLater()
    if accepted and dialog.created_id is not None:
        window.refresh(dialog.created_id)  # type: ignore[attr-defined]
        window.open_report(dialog.created_id)  # type: ignore[attr-defined]
        return dialog.created_id
    return None


def add_action(window: QMainWindow, menu: object) -> None:
    """ "Nhập từ tệp Word…" in the Tệp menu, after "Tạo từ kỳ trước…" (Ctrl+Shift+O). A menu entry
    and not a button: the list window's button row already fills the narrowest screens."""
    action = QAction(ACTION_TEXT, window)
    action.setObjectName("importDocxAction")
    action.setShortcut(QKeySequence("Ctrl+Shift+O"))
    action.setStatusTip("Tạo báo cáo mới từ một báo cáo đã soạn bằng Word (.docx), ví dụ kỳ trước")
    action.triggered.connect(lambda: import_docx(window))
    window.addAction(action)
    actions = menu.actions()  # type: ignore[attr-defined]
    after = [i for i, a in enumerate(actions) if a.text().startswith("&Tạo từ kỳ trước")]
    if after and after[0] + 1 < len(actions):
        menu.insertAction(actions[after[0] + 1], action)  # type: ignore[attr-defined]
    else:
        menu.addAction(action)  # type: ignore[attr-defined]
