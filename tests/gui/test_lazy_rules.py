"""The rules engine is loaded with a report's first check, after its first paint: the window that
`cchc-desktop --open ID` paints first has not imported the rules loader, the engine, the
cross-period checks or the validation service, and the check right after the paint still finds
the error; the rules package still gives every name it lists."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from _child_support import CHECKED_WINDOW, report_child_json

from cchc_desktop.domain import rules
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.storage.repository import Repository

# The real entry point; at the first paint (main() starts the background ORM load right after it)
# the modules loaded are noted; exec() waits for the check and reports the status line.
CHILD = (
    CHECKED_WINDOW
    + """
import json, sys, os
from PySide6.QtWidgets import QApplication
from cchc_desktop.storage.quick import StartupStore

at_paint = []
load = StartupStore.load_in_background

def noted(self):
    at_paint.extend(m for m in sys.modules if m.startswith("cchc_desktop."))
    return load(self)

def exec_(self=None):
    window = checked_window(QApplication.instance())
    print(json.dumps({"at_paint": at_paint, "after": sorted(sys.modules),
                      "status": window.status_label.text()}))
    sys.stdout.flush()
    os._exit(0)

StartupStore.load_in_background = noted
QApplication.exec = exec_
import cchc_desktop.gui.app as gui_app
gui_app.main(["--db", sys.argv[1], "--open", sys.argv[2], "--page", "phu-luc-3"])
"""
)

LOADED_WITH_THE_CHECK = (
    "cchc_desktop.domain.rules.loader",
    "cchc_desktop.domain.rules.engine",
    "cchc_desktop.domain.rules.crossperiod",
    "cchc_desktop.services.validation",
)


def test_the_first_paint_comes_before_the_rules_engine_and_the_check_still_finds_the_error(
    tmp_path: Path, repo: Repository, report_id: int
) -> None:
    repo.set_values(report_id, {"1.1.2": IndicatorValue(Decimal(40))})  # 40 > 38: an error
    seen = report_child_json(CHILD, repo, report_id)
    assert seen["at_paint"], "the first paint was not noted"
    assert "cchc_desktop.gui.report_window" in seen["at_paint"]
    for name in LOADED_WITH_THE_CHECK:
        assert name not in seen["at_paint"], name
        assert name in seen["after"], name
    assert seen["status"].startswith("1 lỗi"), seen["status"]


def test_the_rules_package_gives_every_name_it_lists_from_its_module() -> None:
    from cchc_desktop.domain.rules import engine, live, loader, model

    # the names mypy and `import *` read are the names the package gives, each from its module
    assert sorted(rules.__all__) == sorted(rules._HOMES)
    for name in rules.__all__:
        assert getattr(rules, name) is not None
        assert name in dir(rules)
    assert rules.Severity is model.Severity
    assert rules.LiveFindings is live.LiveFindings
    assert rules.Validator is engine.Validator
    assert rules.rules_from_dict is loader.rules_from_dict
    with pytest.raises(AttributeError):
        _ = rules.no_such_name  # type: ignore[attr-defined]
