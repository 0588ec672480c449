"""Nội dung page: the section outline and an editor for each part's paragraphs, with footnotes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ....domain.outline import (
    CLOSING,
    INTRO,
    SectionPath,
    first_part_with_footnotes,
    footnote_numbers,
    paragraphs_of,
    part_key,
    path_of,
    section_at,
)
from ....domain.report import Footnote, Paragraph, Report, Section
from ....domain.vn import clean_line, nfc
from ....services import operations
from ....services.register import cite_document
from ... import messages
from ...controller import ReportController
from ...forms import child
from ..base import Page
from ..cell_editors import commit_open_editor
from ..documents import DocumentPicker, DocumentRegister
from .document import (
    FOOTNOTE_ID,
    anchor_format,
    dash_format,
    plain_format,
    read_paragraphs,
    write_paragraphs,
)

COMMIT_DELAY_MS = 500


def ask_footnote_text(parent: QWidget, title: str, text: str = "") -> str | None:
    """Ask for a footnote's text (tests replace this)."""
    value, ok = QInputDialog.getMultiLineText(parent, title, "Nội dung chú thích:", text)
    return nfc(value).strip() if ok else None


class NarrativePage(Page):
    ui_name = "narrative_page.ui"

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(ctrl, parent)
        f = self.form
        self.outline = child(f, QTreeWidget, "outlineTree")
        self.editor = child(f, QTextEdit, "paragraphEdit")
        self.section_label = child(f, QLabel, "sectionLabel")
        self.footnotes = child(f, QListWidget, "footnoteList")
        self.bold = child(f, QToolButton, "boldButton")
        self.italic = child(f, QToolButton, "italicButton")
        self.dash = child(f, QToolButton, "dashButton")
        for name in (
            "addSectionButton",
            "addChildButton",
            "renameButton",
            "deleteSectionButton",
            "upButton",
            "downButton",
        ):  # the outline's buttons fill its width, two by two
            child(f, QToolButton, name).setSizePolicy(
                QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed
            )
        splitter = child(f, QSplitter, "splitter")
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 760])
        self.editor.setUndoRedoEnabled(False)  # one undo history: the window's
        self.part = INTRO
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        # the timer has stopped by the time it fires: it commits, it does not ask flush()
        self._timer.timeout.connect(self._commit_typing)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.currentCharFormatChanged.connect(self._format_changed)

        self.outline.currentItemChanged.connect(self._part_changed)
        self.outline.itemChanged.connect(self._renamed)
        child(f, QToolButton, "addSectionButton").clicked.connect(lambda: self._add(child=False))
        child(f, QToolButton, "addChildButton").clicked.connect(lambda: self._add(child=True))
        child(f, QToolButton, "renameButton").clicked.connect(self._rename)
        child(f, QToolButton, "upButton").clicked.connect(lambda: self._move(-1))
        child(f, QToolButton, "downButton").clicked.connect(lambda: self._move(1))
        child(f, QToolButton, "deleteSectionButton").clicked.connect(self._delete_section)
        self.bold.clicked.connect(self._toggle_bold)
        self.italic.clicked.connect(self._toggle_italic)
        self.dash.clicked.connect(self._toggle_dash)
        child(f, QToolButton, "footnoteButton").clicked.connect(self.insert_footnote)
        child(f, QToolButton, "citeButton").clicked.connect(self.cite_document)
        child(f, QToolButton, "registerButton").clicked.connect(self.open_register)
        child(f, QToolButton, "editFootnoteButton").clicked.connect(self._edit_footnote)
        child(f, QToolButton, "deleteFootnoteButton").clicked.connect(self._delete_footnote)
        self.footnotes.itemDoubleClicked.connect(lambda _i: self._edit_footnote())

        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+Alt+F", self.insert_footnote),
            ("Ctrl+Alt+D", self.cite_document),
            ("Ctrl+B", self._toggle_bold),
            ("Ctrl+I", self._toggle_italic),
            ("Ctrl+Shift+L", self._toggle_dash),
        ):
            sc = QShortcut(QKeySequence(keys), self, slot)
            sc.setContext(scope)
        self._rebuild_outline(first_part_with_footnotes(self.ctrl.report))

    # --- outline -----------------------------------------------------------------------------
    def _rebuild_outline(self, select: str) -> None:
        self._loading = True
        try:
            self.outline.clear()
            intro = QTreeWidgetItem(["(Mở đầu)"])
            intro.setToolTip(0, "Các đoạn mở đầu, trước mục I")
            intro.setData(0, Qt.ItemDataRole.UserRole, INTRO)
            self.outline.addTopLevelItem(intro)
            chosen: QTreeWidgetItem | None = intro if select == INTRO else None
            labels = {id(sec): label for label, _lvl, sec in self.ctrl.report.narrative.numbered()}

            def add(
                parent: QTreeWidgetItem | None, sections: list[Section], prefix: tuple[int, ...]
            ) -> None:
                nonlocal chosen
                for i, sec in enumerate(sections):
                    path = (*prefix, i)
                    text = f"{labels.get(id(sec), '')} {sec.title}".strip()
                    item = QTreeWidgetItem([text])
                    item.setToolTip(0, text)  # long titles are cut at the outline's width
                    item.setData(0, Qt.ItemDataRole.UserRole, part_key(path))
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                    if parent is None:
                        self.outline.addTopLevelItem(item)
                    else:
                        parent.addChild(item)
                    if part_key(path) == select:
                        chosen = item
                    add(item, sec.children, path)

            add(None, self.ctrl.report.narrative.sections, ())
            closing = QTreeWidgetItem(["(Kết thúc)"])
            closing.setToolTip(0, "Các đoạn sau mục cuối cùng")
            closing.setData(0, Qt.ItemDataRole.UserRole, CLOSING)
            self.outline.addTopLevelItem(closing)
            if select == CLOSING:
                chosen = closing
            self.outline.expandAll()
            self.outline.setCurrentItem(chosen or intro)
        finally:
            self._loading = False
        item = self.outline.currentItem()
        self.part = str(item.data(0, Qt.ItemDataRole.UserRole)) if item else INTRO
        self._load_part()

    def _part_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if self._loading or current is None:
            return
        self.flush()
        self.part = str(current.data(0, Qt.ItemDataRole.UserRole))
        self._load_part()

    def current_path(self) -> SectionPath | None:
        return path_of(self.part)

    def _outline_edit(self, label: str, change: Callable[[Report], str]) -> None:
        self.flush()
        result: list[str] = []

        def apply(r: Report) -> None:
            result.append(change(r))

        if self.ctrl.edit_report(label, apply):
            self._rebuild_outline(result[0] if result else self.part)

    def _add(self, *, child: bool) -> None:
        title, ok = QInputDialog.getText(self, "Thêm mục", "Tiêu đề mục:")
        if ok and clean_line(title):
            self.add_section(title, child=child)

    def add_section(self, title: str, *, child: bool) -> None:
        path = self.current_path()

        def change(r: Report) -> str:
            new = operations.add_section(r, path, title, child=child and path is not None)
            return part_key(new)

        self._outline_edit("Thêm mục", change)

    def _rename(self) -> None:
        item = self.outline.currentItem()
        if item is not None and self.current_path() is not None:
            self.outline.editItem(item)

    def _renamed(self, item: QTreeWidgetItem, _col: int) -> None:
        if self._loading:
            return
        path = path_of(str(item.data(0, Qt.ItemDataRole.UserRole)))
        if path is None:
            return
        # the number label is shown before the title; typed text may keep or drop it
        text = clean_line(item.text(0))
        first, _, rest = text.partition(" ")
        if first.endswith(".") and rest and first[:-1].replace(".", "").isalnum():
            text = rest
        self.rename_section(path, text)

    def rename_section(self, path: SectionPath, title: str) -> None:
        def change(r: Report) -> str:
            operations.rename_section(r, path, title)
            return part_key(path)

        self._outline_edit("Đổi tên mục", change)

    def _move(self, step: int) -> None:
        path = self.current_path()
        if path is None:
            return

        def change(r: Report) -> str:
            return part_key(operations.move_section(r, path, step))

        self._outline_edit("Đổi thứ tự mục", change)

    def _delete_section(self) -> None:
        path = self.current_path()
        if path is None:
            return
        title = section_at(self.ctrl.report, path).title
        if not messages.confirm(
            self, f"Xóa mục “{title}” cùng các mục con và nội dung của nó?", "Xóa mục"
        ):
            return

        def change(r: Report) -> str:
            operations.delete_section(r, path)
            return INTRO

        self._outline_edit("Xóa mục", change)

    # --- editor: document <-> paragraphs ---------------------------------------------------------
    def _load_part(self, keep_cursor: bool = False) -> None:
        position = self.editor.textCursor().position()
        report = self.ctrl.report
        paragraphs = paragraphs_of(report, self.part)
        numbers = footnote_numbers(report)
        path = self.current_path()
        if path is None:
            self.section_label.setText("Đoạn mở đầu" if self.part == INTRO else "Đoạn kết thúc")
        else:
            self.section_label.setText(section_at(report, path).title)
        self._loading = True
        try:
            self.editor.clear()
            cursor = write_paragraphs(self.editor.document(), paragraphs, numbers)
            if keep_cursor:
                cursor.setPosition(min(position, self.editor.document().characterCount() - 1))
                self.editor.setTextCursor(cursor)
                self.editor.setCurrentCharFormat(plain_format(False, False))
        finally:
            self._loading = False
        self._load_footnotes()

    def document_paragraphs(self) -> list[Paragraph]:
        """The editor's text as domain paragraphs; footnote anchors become Run(footnote_id=...)."""
        return read_paragraphs(self.editor.document())

    def _text_changed(self) -> None:
        # started by the first unsaved change and not restarted by the next ones: a user who
        # types without pausing is saved every COMMIT_DELAY_MS too, not only when they stop
        if not self._loading and not self._timer.isActive():
            self._timer.start()

    def _format_changed(self, fmt: QTextCharFormat) -> None:
        # typing after a footnote anchor must not continue the anchor's superscript format
        if fmt.property(FOOTNOTE_ID) and not self._loading:
            self.editor.setCurrentCharFormat(plain_format(False, False))
        self.bold.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        self.italic.setChecked(fmt.fontItalic())
        self.dash.setChecked(self.editor.textCursor().currentList() is not None)

    def _commit(self, label: str, extra: Callable[[Report], None] | None = None) -> None:
        self._timer.stop()
        paragraphs = self.document_paragraphs()
        part = self.part
        if extra is None:  # the text of this part alone
            self.ctrl.edit_text(label, part, paragraphs)
            return

        def change(r: Report) -> None:
            operations.set_paragraphs(r, part, paragraphs)
            extra(r)

        self.ctrl.edit_report(label, change)

    def _commit_typing(self) -> None:
        self._commit("Sửa nội dung")

    def flush(self) -> None:
        """Save what is being typed now instead of when the timer fires (close, export, undo),
        and a section title being renamed in the outline."""
        if self._timer.isActive():
            self._commit_typing()
        commit_open_editor(self.outline)

    # --- formatting ------------------------------------------------------------------------------
    def _toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.editor.fontWeight() < QFont.Weight.DemiBold
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.editor.textCursor().mergeCharFormat(fmt)
        self.editor.mergeCurrentCharFormat(fmt)
        self._timer.start()

    def _toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.editor.fontItalic())
        self.editor.textCursor().mergeCharFormat(fmt)
        self.editor.mergeCurrentCharFormat(fmt)
        self._timer.start()

    def _toggle_dash(self) -> None:
        cursor = self.editor.textCursor()
        current = cursor.currentList()
        if current is not None:
            current.remove(cursor.block())
            block = cursor.blockFormat()
            block.setIndent(0)
            cursor.setBlockFormat(block)
        else:
            cursor.createList(dash_format())
        self._commit("Đổi kiểu đoạn")

    # --- footnotes -------------------------------------------------------------------------------
    def insert_footnote(
        self, text: str | None = None, document_id: int | None = None
    ) -> str | None:
        """Insert a footnote reference at the cursor (Ctrl+Alt+F); returns the footnote's id."""
        if text is None:
            text = ask_footnote_text(self, "Chèn chú thích")
            if not text:
                return None
        note = Footnote(nfc(text).strip(), document_id=document_id)
        cursor = self.editor.textCursor()
        self._loading = True
        try:
            cursor.insertText("*", anchor_format(note.id, "*"))
            self.editor.setCurrentCharFormat(plain_format(False, False))
        finally:
            self._loading = False

        self._commit("Chèn chú thích", lambda r: operations.add_footnote(r, note))
        self._load_part(keep_cursor=True)  # anchors renumbered in text order
        return note.id

    def cite_document(self) -> str | None:
        """Ctrl+Alt+D then Enter: a footnote citing a document of the unit's register."""
        docs = self.ctrl.session.documents()
        if not docs:
            messages.show_info(
                self,
                "Sổ văn bản của đơn vị chưa có văn bản nào. Hãy mở “Sổ văn bản…” để thêm.",
            )
            return None
        picker = DocumentPicker(docs, self)
        try:
            doc = picker.choose()
        finally:
            picker.dispose()
        if doc is None:
            return None
        return self.insert_footnote(cite_document(doc), doc.id)

    def open_register(self) -> None:
        register = DocumentRegister(self.ctrl.session, self)
        try:
            register.dialog.exec()
        finally:
            register.dispose()

    def _load_footnotes(self) -> None:
        self.footnotes.clear()
        numbers = footnote_numbers(self.ctrl.report)
        for note in sorted(self.ctrl.report.footnotes, key=lambda n: numbers.get(n.id, 10_000)):
            n = numbers.get(note.id)
            label = f"{n}. {note.text}" if n else f"(chưa dùng) {note.text}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.footnotes.addItem(item)

    def _selected_footnote(self) -> Footnote | None:
        item = self.footnotes.currentItem()
        if item is None:
            return None
        return self.ctrl.report.footnote(str(item.data(Qt.ItemDataRole.UserRole)))

    def _edit_footnote(self) -> None:
        note = self._selected_footnote()
        if note is None:
            return
        text = ask_footnote_text(self, "Sửa chú thích", note.text)
        if text:
            self.edit_footnote(note.id, text)

    def edit_footnote(self, footnote_id: str, text: str) -> None:
        self.flush()

        self.ctrl.edit_report(
            "Sửa chú thích", lambda r: operations.edit_footnote(r, footnote_id, text)
        )
        self._load_footnotes()

    def _delete_footnote(self) -> None:
        note = self._selected_footnote()
        if note is not None and messages.confirm(
            self, f"Xóa chú thích “{note.text[:80]}” và dấu chú thích trong bài?", "Xóa chú thích"
        ):
            self.delete_footnote(note.id)

    def delete_footnote(self, footnote_id: str) -> None:
        self.flush()
        self.ctrl.edit_report("Xóa chú thích", lambda r: operations.delete_footnote(r, footnote_id))
        self._load_part(keep_cursor=True)

    # --- page API ------------------------------------------------------------------------------
    def reload(self) -> None:
        # the report was replaced (undo, import, another writer's changes reloaded): what is
        # being typed is written into it first, never dropped
        self.flush()
        key = self.part
        try:
            paragraphs_of(self.ctrl.report, key)
        except IndexError:  # the part's section was removed (undo of an added section)
            key = INTRO
        self._rebuild_outline(key)

    def focus_field(self, name: str) -> None:
        self.editor.setFocus()
