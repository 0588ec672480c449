"""Builds the Qt Designer forms in ui/ (QUiLoader; uic's code for a few) and finds their widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from ..assets import asset_path
from ..errors import FileProblemError
from .compiled_forms import COMPILED, module_name

if TYPE_CHECKING:
    from PySide6.QtUiTools import QUiLoader
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

W = TypeVar("W", bound=QObject)

_loader: QUiLoader | None = None  # made at the first form not compiled
_custom: list[type[QWidget]] = []


def register_widget(kind: type[QWidget]) -> None:
    """A QWidget subclass that .ui files name as a custom widget (<customwidgets> in Designer)."""
    if kind not in _custom:
        _custom.append(kind)
        if _loader is not None:
            _loader.registerCustomWidget(kind)


def _plain_loader() -> QUiLoader:
    """A loader without Qt Designer's widget plugins: QUiLoader() loads every plugin in the
    library paths' designer/ folders (PySide6 ships Qt Quick and WebEngine ones, which pull in
    QML and Kerberos libraries) at start; the forms use Qt's own widgets and those registered
    here."""
    from PySide6.QtUiTools import QUiLoader

    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        return QUiLoader()
    finally:
        QCoreApplication.setLibraryPaths(paths)


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of ui/<name> (a .ui file made in Qt Designer) under parent."""
    if name in COMPILED:
        return compiled_form(name, parent)
    return loaded_form(name, parent)


def compiled_form(name: str, parent: QWidget | None = None) -> QWidget:
    """ui/<name> built by the code pyside6-uic made of it (gui/compiled_forms): the widgets and
    properties QUiLoader would give, without its first load's cost."""
    import importlib

    module = importlib.import_module(f"{__package__}.compiled_forms.{module_name(name)}")
    ui = next(v for k, v in vars(module).items() if k.startswith("Ui_"))()
    widget = QWidget(parent)
    ui.setupUi(widget)
    return widget


def loaded_form(name: str, parent: QWidget | None = None) -> QWidget:
    """ui/<name> built by QUiLoader, from the file."""
    global _loader  # noqa: PLW0603 - one loader for the whole application
    from PySide6.QtCore import QFile, QIODevice

    if _loader is None:
        from . import widgets  # noqa: F401 - registers the custom widgets the forms name

        _loader = _plain_loader()
        for kind in _custom:
            _loader.registerCustomWidget(kind)
    try:
        path = asset_path("ui", name)
    except FileNotFoundError as exc:
        raise FileProblemError(str(exc)) from exc
    fh = QFile(str(path))
    if not fh.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileProblemError(f"Không mở được tệp giao diện “{name}”")
    try:
        widget = _loader.load(fh, parent)
    finally:
        fh.close()
    if widget is None:
        raise FileProblemError(f"Tệp giao diện “{name}” bị hỏng: {_loader.errorString()}")
    return widget


def child(form: QObject, kind: type[W], name: str) -> W:
    """The widget called name in a loaded form; a missing one is a broken install, said plainly."""
    found = form.findChild(kind, name)
    if found is None:
        raise FileProblemError(f"Tệp giao diện thiếu thành phần “{name}” ({kind.__name__})")
    return found


def dialog_buttons(dialog: QDialog, ok_text: str, on_ok: Callable[[], object]) -> QDialogButtonBox:
    """The form's "buttonBox" with Vietnamese labels: ok_text runs on_ok, "Hủy" closes."""
    from PySide6.QtWidgets import QDialogButtonBox  # with a dialog, not before the first paint

    buttons = child(dialog, QDialogButtonBox, "buttonBox")
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
