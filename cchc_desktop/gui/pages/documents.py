"""The unit's register of cited documents: a picker (Ctrl+Alt+D, Enter) and an editor dialog."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...domain.stored import CitedDocument
from ...domain.vn import format_date_short, nfc, parse_date
from ...errors import UserError
from ...services.editing import EditSession
from ...services.register import cite_document, document_label
from .. import messages
from ..forms import child, dialog_buttons, load_form

DOCUMENT_KINDS = (
    "Kế hoạch",
    "Quyết định",
    "Công văn",
    "Báo cáo",
    "Thông báo",
    "Chỉ thị",
    "Nghị định",
    "Thông tư",
    "Nghị quyết",
    "Kết luận",
)


class DocumentPicker(QObject):
    """A filter box over the register; Enter inserts the highlighted (first) document."""

    def __init__(self, docs: list[CitedDocument], parent: QWidget) -> None:
        super().__init__(parent)
        self.docs = docs
        self.dialog: QDialog = load_form("document_picker.ui", parent)  # type: ignore[assignment]
        self.filter = child(self.dialog, QLineEdit, "filterEdit")
        self.list = child(self.dialog, QListWidget, "documentList")
        dialog_buttons(self.dialog, "Chèn chú thích", self.dialog.accept)
        self.list.itemActivated.connect(lambda _i: self.dialog.accept())
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self._filter("")

    def _filter(self, text: str) -> None:
        needle = nfc(text).casefold().strip()
        self.list.clear()
        for i, doc in enumerate(self.docs):
            label = document_label(doc)
            if needle and needle not in label.casefold():
                continue
            item = QListWidgetItem(label)
            item.setToolTip(cite_document(doc))
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # arrows in the filter box move the highlight in the list
        if (
            obj is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ) and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return True
        return super().eventFilter(obj, event)

    def selected(self) -> CitedDocument | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self.docs[int(item.data(Qt.ItemDataRole.UserRole))]

    def dispose(self) -> None:
        """Delete the dialog now: a used dialog left as a hidden child of the page crashed Qt
        when the report window was closed and its children destroyed."""
        self.filter.removeEventFilter(self)
        self.dialog.deleteLater()
        self.deleteLater()

    def choose(self) -> CitedDocument | None:
        self.filter.setFocus()
        if self.dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.selected()


class DocumentRegister(QObject):
    """View, add and correct the documents the unit cites."""

    def __init__(self, session: EditSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog: QDialog = load_form("document_register.ui", parent)  # type: ignore[assignment]
        d = self.dialog
        self.table = child(d, QTableWidget, "documentTable")
        self.kind = child(d, QComboBox, "kindCombo")
        self.kind.addItems(list(DOCUMENT_KINDS))
        self.number = child(d, QLineEdit, "numberEdit")
        self.symbol = child(d, QLineEdit, "symbolEdit")
        self.date = child(d, QLineEdit, "dateEdit")
        self.issuer = child(d, QLineEdit, "issuerEdit")
        self.subject = child(d, QLineEdit, "subjectEdit")
        self.preview = child(d, QLabel, "previewLabel")
        child(d, QPushButton, "newButton").clicked.connect(self.clear)
        child(d, QPushButton, "saveButton").clicked.connect(self.save)
        child(d, QPushButton, "closeButton").clicked.connect(d.accept)
        self.table.setColumnCount(5)
        self.table.setHorizontalHeaderLabels(
            ["Loại", "Số, ký hiệu", "Ngày", "Cơ quan", "Trích yếu"]
        )
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.currentCellChanged.connect(lambda row, *_a: self._show(row))
        for edit in (self.number, self.symbol, self.date, self.issuer, self.subject):
            edit.textChanged.connect(self._update_preview)
        self.kind.currentTextChanged.connect(self._update_preview)
        self.current_id: int | None = None
        self.issuer.setText(session.report.unit.name)
        self.refresh()

    def dispose(self) -> None:
        self.dialog.deleteLater()
        self.deleteLater()

    def refresh(self) -> None:
        self.docs = self.session.documents()
        self.table.setRowCount(len(self.docs))
        for row, doc in enumerate(self.docs):
            ref = "/".join(p for p in (doc.number, doc.symbol) if p)
            when = format_date_short(doc.issued_on) if doc.issued_on else ""
            for col, text in enumerate((doc.kind, ref, when, doc.issuer, doc.subject)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.docs):
            return
        doc = self.docs[row]
        self.current_id = doc.id
        self.kind.setCurrentText(doc.kind)
        self.number.setText(doc.number)
        self.symbol.setText(doc.symbol)
        self.date.setText(format_date_short(doc.issued_on) if doc.issued_on else "")
        self.issuer.setText(doc.issuer)
        self.subject.setText(doc.subject)

    def clear(self) -> None:
        self.current_id = None
        for edit in (self.number, self.symbol, self.date, self.subject):
            edit.clear()
        self.issuer.setText(self.session.report.unit.name)
        self.number.setFocus()

    def _document(self) -> CitedDocument:
        try:
            issued = parse_date(self.date.text())
        except ValueError as exc:
            raise UserError(str(exc)) from None
        return CitedDocument(
            kind=self.kind.currentText(),
            number=self.number.text(),
            symbol=self.symbol.text(),
            issued_on=issued,
            issuer=self.issuer.text(),
            subject=self.subject.text(),
            id=self.current_id,
        )

    def _update_preview(self) -> None:
        try:
            self.preview.setText("Chú thích: " + cite_document(self._document()))
        except UserError as exc:
            self.preview.setText(exc.message)

    def save(self) -> int | None:
        try:
            doc_id = self.session.save_document(self._document())
        except UserError as exc:
            messages.show_error(self.dialog, exc.message)
            return None
        self.current_id = doc_id
        self.refresh()
        return doc_id
