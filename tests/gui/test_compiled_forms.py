"""The forms the report window paints first are built from uic's code (gui/compiled_forms), not
by QUiLoader: each module is what uic makes of its .ui today, and builds the same widgets, with
the same names and looks, as QUiLoader builds from the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from cchc_desktop.gui import forms
from cchc_desktop.gui.compiled_forms import COMPILED, module_name
from cchc_desktop.gui.compiled_forms.generate import HERE, generate
from cchc_desktop.gui.pages import indicators  # noqa: F401 - registers IndicatorTreeView

UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.mark.parametrize("form", COMPILED)
def test_each_compiled_form_is_what_uic_makes_of_its_ui_file(form: str) -> None:
    kept = (HERE / f"{module_name(form)}.py").read_text(encoding="utf-8")
    assert kept == generate(form, UI), (
        f"ui/{form} changed: run python -m cchc_desktop.gui.compiled_forms.generate"
    )


def _tree(widget: QWidget) -> list[tuple[str, str, str]]:
    """Every object under widget: its class, name and, for a widget, its text or title."""
    shown = []
    for obj in [widget, *widget.findChildren(QWidget)]:
        text = ""
        for getter in ("text", "title", "placeholderText", "toolTip", "styleSheet"):
            value = getattr(obj, getter, None)
            if callable(value):
                text += f"{getter}={value()!r};"
        shown.append((obj.metaObject().className(), obj.objectName(), text))
    return sorted(shown)


@pytest.mark.parametrize("form", COMPILED)
def test_a_compiled_form_builds_what_quiloader_builds(qapp: QApplication, form: str) -> None:
    host = QWidget()
    host.resize(1100, 700)
    compiled = forms.load_form(form, host)
    loaded = forms.loaded_form(form, host)
    assert _tree(compiled) == _tree(loaded)
    for built in (compiled, loaded):
        built.resize(1100, 700)
        built.ensurePolished()
        built.layout().activate()
    assert compiled.grab().toImage() == loaded.grab().toImage(), "the compiled form looks different"
    host.deleteLater()
