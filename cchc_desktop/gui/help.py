"""The "Trợ giúp" menu: the user guide shipped with the app, and "Giới thiệu" (version, data folders)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow

GUIDE = ("resources", "help", "huong-dan.html")
# The `--page` names that open these dialogs over the report list (for screenshots).
DIALOG_PAGES = ("huong-dan", "gioi-thieu")


def db_path_of(store: object) -> Path:
    """The database file a window works on: StartupStore.path, a Repository's engine URL, else the
    default location."""
    path = getattr(store, "path", None)
    if path is None:
        engine = getattr(store, "engine", None)
        database = getattr(getattr(engine, "url", None), "database", None)
        path = Path(database) if database else None
    if path is not None:
        return Path(path)
    from ..services.locations import resolve_db_path

    return resolve_db_path(None)


def open_dialog(window: QMainWindow, name: str, store: object) -> QDialog:
    """Show "huong-dan" or "gioi-thieu" (non-modal, one of each per window) and return it."""
    from .help_dialogs import AboutDialog, GuideDialog  # loaded when a dialog first opens

    existing = window.findChild(QDialog, f"help-{name}")
    dialog: QDialog
    if isinstance(existing, QDialog):
        dialog = existing
    elif name == "huong-dan":
        dialog = GuideDialog(window)
    else:
        dialog = AboutDialog(db_path_of(store), window)
    dialog.setObjectName(f"help-{name}")
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def add_help_menu(window: QMainWindow, store: object | None = None) -> None:
    """Add "Trợ giúp" (Hướng dẫn sử dụng, F1; Giới thiệu) to a window's menu bar. store is read
    when "Giới thiệu" opens, so the window may get its database later (a callable returning it)."""
    menu = window.menuBar().addMenu("Trợ &giúp")
    for text, name, keys in (
        ("&Hướng dẫn sử dụng", "huong-dan", QKeySequence(QKeySequence.StandardKey.HelpContents)),
        ("&Giới thiệu", "gioi-thieu", QKeySequence()),
    ):
        action = QAction(text, window)
        action.setObjectName(f"action-{name}")
        action.setShortcut(keys)
        action.triggered.connect(
            lambda _c=False, n=name: open_dialog(window, n, store() if callable(store) else store)
        )
        menu.addAction(action)
