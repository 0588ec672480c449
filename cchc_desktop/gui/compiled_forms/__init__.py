"""The forms the report window paints first, as Python made by pyside6-uic from their ui/*.ui files.

QUiLoader's first load makes about 60 of QtWidgets' Python classes with their enums, every widget
class it could build (12 ms before the window's first paint, 10 ms more than building the same
two forms from code). gui/forms.py builds the forms named here from these modules and every other
form with QUiLoader. The .ui files stay the source: `python -m cchc_desktop.gui.compiled_forms.
generate` writes the modules again; tests/gui/test_compiled_forms.py fails when a module is not
what its .ui gives, and compares both ways of building on screen.
"""

from __future__ import annotations

COMPILED = ("report_window.ui", "indicators_page.ui")


def module_name(form: str) -> str:
    """The module built from ui/<form>: ui_report_window for report_window.ui."""
    return "ui_" + form.removesuffix(".ui")
