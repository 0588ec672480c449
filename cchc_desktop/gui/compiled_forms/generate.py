"""Writes gui/compiled_forms' modules from ui/*.ui with PySide6's uic (`python -m` this module);
the test of the compiled forms compares each module with what this makes of its .ui."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from . import COMPILED, module_name

HERE = Path(__file__).resolve().parent


def uic_command() -> list[str]:
    """PySide6's uic (the wheel carries it in Qt/libexec, or beside its Python modules)."""
    import PySide6

    base = Path(PySide6.__file__).resolve().parent
    exe = ".exe" if sys.platform == "win32" else ""
    for candidate in (base / "Qt" / "libexec" / f"uic{exe}", base / f"uic{exe}"):
        if candidate.is_file():
            return [str(candidate), "-g", "python"]
    raise RuntimeError("uic not found in the PySide6 installation")


_IMPORTS = re.compile(r"^from (\S+) import \(?([^()]*?)\)?\n(?=\S|\n)", re.MULTILINE | re.DOTALL)


def _used_imports(code: str) -> str:
    """uic imports a fixed list of QtCore and QtGui names; an imported PySide class is made (with
    its enums) when imported: only the names the form uses are kept."""
    start = code.index("class Ui_")
    body = code[start:]

    def keep(match: re.Match[str]) -> str:
        names = [n.strip() for n in match.group(2).replace("\n", " ").split(",") if n.strip()]
        used = [n for n in names if re.search(rf"\b{re.escape(n)}\b", body)]
        return f"from {match.group(1)} import {', '.join(used)}\n" if used else ""

    return _IMPORTS.sub(keep, code[:start]) + body


def generate(form: str, ui_folder: Path) -> str:
    """The module's text for ui/<form>: uic's, without its header comment (it names uic's
    version), with the imports the form uses, and a line saying where it comes from."""
    done = subprocess.run(
        [*uic_command(), "-a", str(ui_folder / form)],
        capture_output=True,
        check=True,
    )
    code = done.stdout.decode("utf-8").replace("\r\n", "\n")
    code = code[code.index("\nfrom ") + 1 :]
    heading = (
        f'"""Made by pyside6-uic from ui/{form} (gui/compiled_forms): not edited by hand."""\n\n'
    )
    return heading + _used_imports(code)


def write_all(ui_folder: Path) -> None:
    for form in COMPILED:
        (HERE / f"{module_name(form)}.py").write_text(generate(form, ui_folder), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_all(HERE.parent.parent.parent / "ui")
