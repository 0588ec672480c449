"""“Nhập biểu thống kê…”: a province's form (Word or the Excel authoring file) shown row by row
for review (kind, unit and parent can be changed) before “Lưu” saves it as a new catalog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalog import IndicatorKind
from ..errors import UserError
from . import messages, settings

if TYPE_CHECKING:
    from ..services.catalog_exchange import CatalogFile
    from ..services.store import ReportStore
    from .main_window import ReportListWindow

_FILTER = "Biểu thống kê (*.docx *.xlsx);;Văn bản Word (*.docx);;Sổ làm việc Excel (*.xlsx)"
COLUMNS = ("Dòng", "Mã", "Số in", "Chỉ tiêu", "Loại", "Đơn vị tính", "Dòng cha", "Vì sao")
COL_ROW, COL_CODE, COL_PRINTED, COL_LABEL, COL_KIND, COL_UNIT, COL_PARENT, COL_WHY = range(8)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CHECK = QColor("#fff3c4")


class CatalogReviewDialog(QDialog):
    """The inferred rows of a form. For a Word form the kind, unit and parent of each row can be
    changed (the codes follow); an authoring workbook is shown as written. “Lưu” saves (all or
    nothing) and closes; a refusal is shown in the dialog and nothing is saved."""

    def __init__(self, found: CatalogFile, store: ReportStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.found = found
        self.store = store
        self.saved_key: str | None = None
        self._filling = False
        self.setWindowTitle(f"Nhập biểu thống kê từ {found.source}")
        self.resize(1200, 680)
        layout = QVBoxLayout(self)
        data = found.draft.to_dict() if found.draft is not None else found.catalog_data or {}
        form = QFormLayout()
        self.id_edit = QLineEdit(str(data.get("id", "")))
        self.version_edit = QLineEdit(str(data.get("version", "")))
        self.title_edit = QLineEdit(str(data.get("title", "")))
        form.addRow("Mã danh mục:", self.id_edit)
        form.addRow("Phiên bản:", self.version_edit)
        form.addRow("Tên biểu:", self.title_edit)
        layout.addLayout(form)
        editable = found.draft is not None
        rules = len((found.rules_data or {}).get("rules", []))
        self.summary = QLabel(
            "Kiểm tra từng dòng: loại, đơn vị tính và dòng cha sửa được ngay trong bảng "
            "(gõ mã của dòng cha; mã các dòng tự đánh lại). Số in và tên chỉ tiêu giữ nguyên "
            "như trên biểu."
            if editable
            else f"Danh mục soạn sẵn trong Excel ({rules} quy tắc kiểm tra): lưu đúng như tệp."
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((0, 50), (1, 80), (2, 70), (3, 420), (4, 100), (5, 170), (6, 80)):
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        layout.addWidget(self.table)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemChanged.connect(self._item_changed)
        self.fill()

    # --- the table ------------------------------------------------------------------------------
    def fill(self) -> None:
        self._filling = True
        try:
            rows = self.found.review_rows()
            self.table.setRowCount(len(rows))
            editable = self.found.draft is not None
            for r, line in enumerate(rows):
                values = (
                    line["row"],
                    line["code"],
                    line["printed_code"],
                    line["label"],
                    line["kind"],
                    line["unit"],
                    line["parent"],
                    line["why"],
                )
                for c, value in enumerate(values):
                    if c == COL_KIND and editable:
                        continue
                    item = QTableWidgetItem(value)
                    if not (editable and c in (COL_UNIT, COL_PARENT)):
                        item.setFlags(_READ_ONLY)
                    if c == COL_WHY:
                        item.setToolTip(value)
                    if line["check"] and c in (COL_CODE, COL_PRINTED, COL_WHY):
                        item.setBackground(_CHECK)  # a number the import corrected: look at it
                    self.table.setItem(r, c, item)
                if editable:
                    self._kind_combo(r)
        finally:
            self._filling = False

    def _kind_combo(self, r: int) -> None:
        # domain.catalog_import (its patterns) is imported where the dialog uses it: this module
        # is imported at start, for its menu action
        from ..domain.catalog_import import KIND_NAMES

        assert self.found.draft is not None
        kinds = list(KIND_NAMES)
        combo = self.table.cellWidget(r, COL_KIND)
        if not isinstance(combo, QComboBox):
            combo = QComboBox()
            for kind in kinds:
                combo.addItem(KIND_NAMES[kind], kind.value)
            combo.currentIndexChanged.connect(lambda _i, row=r: self._kind_changed(row))
            self.table.setCellWidget(r, COL_KIND, combo)
        combo.blockSignals(True)
        combo.setCurrentIndex(kinds.index(self.found.draft.rows[r].kind))
        combo.blockSignals(False)

    def kind_combo(self, r: int) -> QComboBox:
        combo = self.table.cellWidget(r, COL_KIND)
        assert isinstance(combo, QComboBox)
        return combo

    def _kind_changed(self, r: int) -> None:
        from ..domain.catalog_import import FormError

        assert self.found.draft is not None
        kind = IndicatorKind(self.kind_combo(r).currentData())
        try:
            self.found.draft.set_kind(r, kind)
            self.problem.setText("")
        except FormError as exc:
            self.problem.setText(str(exc))
        self.fill()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        from ..domain.catalog_import import FormError

        if self._filling or self.found.draft is None:
            return
        draft = self.found.draft
        r, c = item.row(), item.column()
        try:
            if c == COL_UNIT:
                draft.set_unit(r, item.text())
            elif c == COL_PARENT:
                code = item.text().strip()
                parent = None
                if code:
                    found = [i for i, row in enumerate(draft.rows) if row.code == code]
                    if not found:
                        raise FormError(f"Dòng {draft.rows[r].row}: không có dòng mã “{code}”")
                    parent = found[0]
                draft.set_parent(r, parent)
            self.problem.setText("")
        except FormError as exc:
            self.problem.setText(str(exc))
        self.fill()

    # --- saving --------------------------------------------------------------------------------------
    def save(self) -> None:
        from ..services.catalog_exchange import save_catalog

        catalog_id = self.id_edit.text().strip()
        version = self.version_edit.text().strip()
        title = self.title_edit.text().strip()
        if not catalog_id or not version:
            self.problem.setText("Cần mã danh mục và phiên bản.")
            return
        if self.found.draft is not None:
            self.found.draft.id, self.found.draft.version = catalog_id, version
            self.found.draft.title = title
        elif self.found.catalog_data is not None:
            self.found.catalog_data.update(id=catalog_id, version=version, title=title)
            if self.found.rules_data is not None:
                self.found.rules_data["catalog"] = {"id": catalog_id, "version": version}
        try:
            self.saved_key = save_catalog(self.store, self.found)
        except UserError as exc:
            self.problem.setText(exc.message)
            return
        self.accept()


def import_catalog(window: ReportListWindow, path: Path | None = None) -> str | None:
    """Choose a file, review it, save it: the new catalog's "id@version" (None if cancelled)."""
    from ..services.catalog_exchange import read_catalog_file

    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Nhập biểu thống kê (danh mục chỉ tiêu)", settings.last_folder(), _FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
    try:
        found = read_catalog_file(path)
    except UserError as exc:
        messages.show_error(window, exc.message, "Không nhập được biểu")
        return None
    dialog = CatalogReviewDialog(found, window.repo, window)
    dialog.exec()
    key = dialog.saved_key
    dialog.deleteLater()
    if key:
        window.statusBar().showMessage(f"Đã lưu danh mục chỉ tiêu {key}", 8000)
    return key


def add_action(window: ReportListWindow, menu: QMenu) -> QAction:
    """“Nhập biểu thống kê…” above the menu's last item (“Thoát”)."""
    action = QAction("Nhập &biểu thống kê (Word, Excel)…", window)
    action.triggered.connect(lambda: import_catalog(window))
    last = menu.actions()[-1] if menu.actions() else None
    menu.insertAction(last, action) if last is not None else menu.addAction(action)
    menu.insertSeparator(action)
    return action
