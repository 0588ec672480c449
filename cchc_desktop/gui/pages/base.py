"""What every page of the report window offers: reload after undo, go to a field, commit typing."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QTextEdit, QVBoxLayout, QWidget

from ..controller import ReportController
from ..forms import load_form


class Page(QWidget):
    """A page built from ui/<ui_name>; subclasses wire the form's widgets to the controller."""

    ui_name = ""

    def __init__(self, ctrl: ReportController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctrl = ctrl
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.form = load_form(self.ui_name, self)
        layout.addWidget(self.form)
        ctrl.report_reset.connect(self.reload)
        for edit in [*self.form.findChildren(QLineEdit), *self.form.findChildren(QTextEdit)]:
            edit.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Ctrl+Z / Ctrl+Y in a text field undo the report's edits (the window's undo stack), not
        # the field's private history: one undo history for the whole window.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Y")
            )
        ):
            event.ignore()
            return True
        return super().eventFilter(obj, event)

    def reload(self) -> None:
        """Show the report's current state (after an undo/redo replaced it)."""

    def focus_field(self, name: str) -> None:
        """Put the cursor in a field named by a finding."""

    def flush(self) -> None:
        """Commit what is being typed."""
