"""What the GUI start leaves out or does differently for speed still happens: PySide's check of each
imported module gives the answers PySide's own gives (through `cchc-desktop --open` and alone,
on a checked PySide version and on one that is not); the day's first backup, started after the
report is painted, is still made; what the report window loads only after its first paint (the
help dialogs, the PDF export flow, QStyle) still comes when the user reaches it."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from _child_support import CHECKED_WINDOW, child_json, report_child_json

from cchc_desktop.gui import pyside_feature
from cchc_desktop.storage.repository import Repository

# The real entry point; at the first paint (main() starts the background ORM load right after
# it) the child notes PySide's answers and whether the fast check answered them.
CHILD = """
import json, sys, os
from cchc_desktop.storage.quick import StartupStore

def noted(self):
    feature = sys.modules["shibokensupport.feature"]
    print(json.dumps({
        "fast": bool(getattr(feature._mod_uses_pyside, "_cchc_reads_file", False)),
        "answers": feature.pyside_feature_dict,
    }))
    sys.stdout.flush()
    os._exit(0)

StartupStore.load_in_background = noted
import cchc_desktop.gui.app as gui_app
gui_app.main(["--db", sys.argv[1], "--open", sys.argv[2], "--page", "phu-luc-3"])
"""


# At the first paint the child notes whether the backup had begun, then waits for it.
BACKUP_CHILD = """
import json, sys, os
from PySide6.QtWidgets import QApplication
from cchc_desktop.storage.quick import StartupStore

at_paint = {}
load = StartupStore.load_in_background

def noted(self):
    at_paint["backup started"] = getattr(self, "_backup", None) is not None
    at_paint["backup imported"] = "cchc_desktop.storage.backup" in sys.modules
    return load(self)

def exec_(self=None):
    app = QApplication.instance()
    app.processEvents()
    store = next(w for w in app.topLevelWidgets() if hasattr(w, "session")).session.repo
    store._backup.join(60)
    print(json.dumps(at_paint))
    sys.stdout.flush()
    os._exit(0)

StartupStore.load_in_background = noted
QApplication.exec = exec_
import cchc_desktop.gui.app as gui_app
gui_app.main(["--db", sys.argv[1], "--open", sys.argv[2]])
"""


def test_the_days_first_backup_is_made_after_the_report_is_painted(
    repo: Repository, report_id: int
) -> None:
    from cchc_desktop.storage.backup import DAILY, list_backups

    db = repo.engine.url.database
    assert db is not None
    assert not list_backups(Path(db))
    seen = child_json(BACKUP_CHILD, db, str(report_id))
    assert seen == {"backup started": False, "backup imported": False}
    made = list_backups(Path(db))
    assert [b.reason for b in made] == [DAILY], made


def _pyside_original() -> object:
    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    # the fast check keeps PySide's function as the one it passes the rare cases to
    return check.__closure__[0].cell_contents if hasattr(check, pyside_feature.MARK) else check


def test_the_app_start_classifies_every_module_as_pyside_does(
    repo: Repository, report_id: int
) -> None:
    seen = report_child_json(CHILD, repo, report_id)
    assert seen["fast"], "the start did not install the fast check"
    answers: dict[str, int] = seen["answers"]
    # the modules asked about at the start: PySide's own function gives each the same answer
    original = _pyside_original()
    asked = [n for n in answers if n != "__main__" and (n in sys.modules or _importable(n))]
    assert len(asked) > 50
    for name in asked:
        expected = 0 if original(sys.modules[name]) else -1  # type: ignore[operator]
        assert answers[name] == expected, name
    assert answers["cchc_desktop.gui.report_window"] == 0  # it imports PySide6
    assert answers["cchc_desktop.domain.report"] == -1


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except Exception:  # a name the child had that this process cannot import
        return False
    return True


def _odd_modules(tmp_path: Path) -> list[ModuleType]:
    """Modules the fast read passes on: not UTF-8, no file, an extension, a vanished file."""
    latin = tmp_path / "latin_mod.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\n# \xe9 PySide6\nX = 1\n")
    utf8 = tmp_path / "utf8_mod.py"
    utf8.write_text("# dùng PySide6\nY = 2\n", encoding="utf-8")
    gone = ModuleType("gone_mod")
    gone.__file__ = str(tmp_path / "gone_mod.py")
    made = []
    for path in (latin, utf8):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        made.append(module)
    return [*made, gone, ModuleType("no_file"), sys, json]


def test_the_fast_check_answers_as_pysides_own(tmp_path: Path) -> None:
    import PySide6.QtCore

    import cchc_desktop.domain.report
    import cchc_desktop.gui.report_window

    original = _pyside_original()
    fast = pyside_feature.fast_check(original)  # type: ignore[arg-type]
    modules = [
        cchc_desktop.gui.report_window,
        cchc_desktop.domain.report,
        importlib.import_module("cchc_desktop.gui"),  # a package: its __init__.py
        PySide6.QtCore,  # an extension module: PySide's own function answers
        *_odd_modules(tmp_path),
    ]
    for module in modules:
        assert fast(module) == original(module), module.__name__  # type: ignore[operator]
    assert fast(cchc_desktop.gui.report_window) is True
    assert fast(cchc_desktop.domain.report) is False


def test_an_unchecked_pyside_version_keeps_its_own_check(monkeypatch: pytest.MonkeyPatch) -> None:
    feature = sys.modules["shibokensupport.feature"]
    original = _pyside_original()
    monkeypatch.setattr(feature, "_mod_uses_pyside", original)
    monkeypatch.setattr(pyside_feature, "_version", lambda: (6, 12))
    assert pyside_feature.install() is False
    assert feature._mod_uses_pyside is original
    monkeypatch.setattr(pyside_feature, "_version", lambda: (6, 3))
    assert pyside_feature.install() is False
    assert feature._mod_uses_pyside is original
    # a checked version: replaced once, by the check that passes the rare cases to PySide's own
    monkeypatch.setattr(pyside_feature, "_version", lambda: (6, 11))
    assert pyside_feature.install() is True
    replaced = feature._mod_uses_pyside
    assert replaced is not original and getattr(replaced, pyside_feature.MARK)
    assert pyside_feature.install() is True
    assert feature._mod_uses_pyside is replaced
    # a PySide that renamed its function: nothing replaced
    monkeypatch.delattr(feature, "_mod_uses_pyside")
    assert pyside_feature.install() is False
    assert not hasattr(feature, "_mod_uses_pyside")


# At the first paint the child notes which of the deferred modules were loaded; then, the way a
# user would, it waits for the findings, opens "Giới thiệu" from the Trợ giúp menu and moves the
# focus into the tree (the focus frame's style check), and lists the Tệp menu.
DEFERRED_CHILD = (
    CHECKED_WINDOW
    + """
import json, sys, os
from PySide6.QtWidgets import QApplication, QDialog
from cchc_desktop.storage.quick import StartupStore

DEFERRED = sys.argv[3].split(",")
at_paint = []
load = StartupStore.load_in_background

def noted(self):
    at_paint.extend(m for m in DEFERRED if m in sys.modules)
    return load(self)

def exec_(self=None):
    app = QApplication.instance()
    win = checked_window(app)
    page = win.pages["phu-luc-3"]
    cell = page.value_index("1.1.2").data()
    win.activateWindow()
    page.tree.setFocus()
    app.processEvents()
    focus_known = hasattr(page.tree, "_focus_frame")
    about = next(a for a in win.findChildren(type(win.undo_action)) if a.objectName() == "action-gioi-thieu")
    about.trigger()
    app.processEvents()
    dialog = win.findChild(QDialog, "help-gioi-thieu")
    tep = win.menuBar().actions()[0].menu()
    from cchc_desktop.gui.single_instance import InstanceServer
    servers = app.findChildren(InstanceServer)
    print(json.dumps({
        "listening": len(servers) == 1 and servers[0].is_listening(),
        "at_paint": at_paint,
        "after": [m for m in DEFERRED if m in sys.modules],
        "cell": cell,
        "focus_known": focus_known,
        "about": dialog is not None and dialog.isVisible(),
        "file_menu": [(a.text(), a.shortcut().toString()) for a in tep.actions()],
    }))
    sys.stdout.flush()
    os._exit(0)

StartupStore.load_in_background = noted
QApplication.exec = exec_
import cchc_desktop.gui.app as gui_app
gui_app.main(["--db", sys.argv[1], "--open", sys.argv[2], "--page", "phu-luc-3"])
"""
)


def test_what_the_first_paint_leaves_out_comes_when_the_user_reaches_it(
    repo: Repository, report_id: int
) -> None:
    """`cchc-desktop --open ID --page phu-luc-3`: the help dialogs, the PDF and Word export flows
    and QStyle (with its Python enums) are not loaded before the report is painted; after it the
    finding is drawn next to its field, "Giới thiệu" opens from the menu, the tree's focus frame
    is looked at with the focus, the Tệp menu still offers the PDF export and printing, and the
    copy listens for later launches (QtNetwork, on Unix, loaded only then)."""
    from decimal import Decimal

    from cchc_desktop.domain.report import IndicatorValue

    repo.set_values(report_id, {"1.1.2": IndicatorValue(Decimal(40))})  # 40 > 38: an error
    deferred = (
        "cchc_desktop.gui.help_dialogs",
        "cchc_desktop.gui.pdf_export",
        "cchc_desktop.gui.export_flow",
        "dataclasses",
        *(("PySide6.QtNetwork",) if os.name == "posix" else ()),  # nobody_listens
    )
    seen = report_child_json(DEFERRED_CHILD, repo, report_id, ",".join(deferred))
    assert seen["at_paint"] == [], seen["at_paint"]
    assert "cchc_desktop.gui.help_dialogs" in seen["after"]
    assert str(seen["cell"]).startswith("✖ "), seen["cell"]
    assert seen["focus_known"]
    assert seen["about"]
    assert seen["listening"], "the copy does not answer later launches"
    texts = [text for text, _keys in seen["file_menu"]]
    assert "Xuất PDF (dự thảo)…" in texts and "Xuất P&DF (chính thức)…" in texts, texts
    assert ("&In…", "Ctrl+P") in [tuple(a) for a in seen["file_menu"]], seen["file_menu"]
