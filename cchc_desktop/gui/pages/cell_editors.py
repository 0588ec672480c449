"""An open cell editor keeps what the user typed in it. Qt gives an open editor its cell's stored
value again whenever the model repaints that cell (QAbstractItemView.dataChanged calls the
delegate's setEditorData): the window's first check, a re-check after another period changed,
another writer's changes reloaded. The delegates skip an editor the user has typed in; Enter,
Tab or leaving the cell then saves what is in it."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QWidget

_CHOSEN = "cchcChosen"  # a choice picked in the combo and not yet saved


def typed_in(editor: QWidget) -> bool:
    """True once the user has changed the editor's text or choice (setting it from the model
    clears that: QLineEdit.setText, QPlainTextEdit.setPlainText)."""
    if isinstance(editor, QLineEdit):
        return editor.isModified()
    if isinstance(editor, QPlainTextEdit):
        return editor.document().isModified()
    return bool(editor.property(_CHOSEN))


def watch_choice(combo: QComboBox) -> None:
    """A combo remembers that the user picked (keyboard, mouse, wheel: `activated` is the user's
    choice only, not the model's setCurrentIndex)."""
    combo.activated.connect(lambda _row: combo.setProperty(_CHOSEN, True))


def commit_open_editor(view: QAbstractItemView) -> None:
    """What is being typed in the view's open cell editor is saved, the editor left open (a
    page's flush: before a reload of another writer's changes, when the window closes)."""
    current = view.currentIndex()
    editor = view.indexWidget(current)
    if editor is not None:
        view.itemDelegateForIndex(current).commitData.emit(editor)
