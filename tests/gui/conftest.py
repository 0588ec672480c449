"""GUI tests: Qt offscreen, a fresh database per test, no modal dialog ever blocks."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cchc_desktop.gui import messages
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from cchc_desktop.gui.report_window import ReportWindow


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings in a file of this test's own; message boxes answer without a modal loop."""
    from cchc_desktop.gui import settings

    monkeypatch.setenv(settings.ENV_VAR, str(tmp_path / "settings.ini"))
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, m, *_a, **_k: shown.append(m))
    monkeypatch.setattr(messages, "show_info", lambda _p, m, *_a, **_k: shown.append(m))
    monkeypatch.setattr(messages, "choose", lambda _p, m, *_a, **_k: shown.append(m) or -1)
    # a question nobody answers would wait forever: unanswered, the safe answer (no)
    monkeypatch.setattr(messages, "confirm", lambda _p, m, *_a, **_k: shown.append(m) and False)
    # "Tạo từ kỳ trước"'s review of the period phrases is modal too: unanswered, the wording is kept
    from cchc_desktop.gui import period_rewrite_dialog

    monkeypatch.setattr(period_rewrite_dialog, "review_rewrites", lambda *_a, **_k: [])


@pytest.fixture
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, m, *_a, **_k: shown.append(m))
    monkeypatch.setattr(messages, "show_info", lambda _p, m, *_a, **_k: shown.append(m))
    return shown


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.sqlite3"


@pytest.fixture
def repo(db_path: Path) -> Iterator[Repository]:
    engine = open_engine(db_path)
    yield Repository(engine)
    engine.dispose()


@pytest.fixture
def report_id(repo: Repository) -> int:
    """The reference report (Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024) in the test's database."""
    report, _ = ReportService(repo).create_demo()
    assert report.id is not None
    return report.id


@pytest.fixture
def window(qtbot: QtBot, repo: Repository, report_id: int) -> Iterator[ReportWindow]:
    """The reference report's window, shown; it deletes itself on close (WA_DeleteOnClose)."""
    import shiboken6

    from cchc_desktop.gui.report_window import ReportWindow

    win = ReportWindow(repo, report_id)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if shiboken6.isValid(win):
        win.close()


def type_text(widget: object, text: str) -> None:
    """Type text as key events, one character each (QTest.keyClicks aborts on non-Latin-1 letters
    such as “Ĩ”, which Vietnamese needs)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        key = ord(ch.upper()) if ch.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget,  # type: ignore[arg-type]
                QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch),
            )
