"""A Python script run in a new process with Qt offscreen, as a user's start would run it: what
its last output line says (JSON). The start-up tests read what the child noted at its first paint."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cchc_desktop.storage.repository import Repository

# For a child script (its code put in front): the report window the start opened,
# once its first check is shown (the findings come after the first paint).
CHECKED_WINDOW = """
def checked_window(app):
    window = next(w for w in app.topLevelWidgets() if hasattr(w, "session"))
    for _ in range(500):
        app.processEvents()
        if window.session.checked:
            break
    app.processEvents()
    return window
"""


def child_json(code: str, *args: str) -> Any:
    """Run `python -c code ARGS...` with Qt offscreen; its last stdout line, parsed as JSON. A child
    that fails fails the test with the end of its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def report_child_json(code: str, repo: Repository, report_id: int, *args: str) -> Any:
    """child_json with the repository's database file and the report's id as the child's first
    two arguments (`--db`, `--open`), then args."""
    db = repo.engine.url.database
    assert db is not None
    return child_json(code, db, str(report_id), *args)


def start_narrative_child(body: str, db: Path, report_id: int) -> subprocess.Popen[str]:
    """A new process with Qt offscreen that opens the report's window on its Nội dung page
    (`app`, `win`, `page`, and the tests' `type_text`) and then runs body; its stdout is a pipe.
    The tests that kill a process after typing start theirs so."""
    header = f"""
import sys, time
from PySide6.QtCore import QEventLoop, QTimer, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from cchc_desktop.gui.app import setup_application
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository
sys.path.insert(0, {str(Path(__file__).parent)!r})
from gui.conftest import type_text

app = setup_application()
win = ReportWindow(Repository(open_engine({str(db)!r})), {report_id})
win.show()
page = win.show_page("noi-dung")
"""
    return subprocess.Popen(
        [sys.executable, "-c", header + body],
        stdout=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        text=True,
    )


def killed_after_first_line(child: subprocess.Popen[str], pause: float, timeout: float = 30) -> str:
    """The child's first line (it says what it did and showed), then, `pause` seconds later (past
    the autosave's timers), the child killed as a power cut would; it must have died of the kill."""
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        time.sleep(pause)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=timeout)
    assert child.returncode == -signal.SIGKILL
    return line
