"""A second `cchc-desktop` on the same database brings the running window to the front and exits."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QProcess, QProcessEnvironment, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cchc_desktop.gui.app import main
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.single_instance import InstanceServer, notify_running, server_name
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

LAUNCH = "import sys; from cchc_desktop.gui.app import main; sys.exit(main(sys.argv[1:]))"


def _second_launch(*args: str) -> QProcess:
    """`cchc-desktop ARGS` in a new process, as the user's second double-click starts it."""
    process = QProcess()
    env = QProcessEnvironment.systemEnvironment()
    env.insert("QT_QPA_PLATFORM", "offscreen")
    process.setProcessEnvironment(env)
    process.start(sys.executable, ["-c", LAUNCH, *args])
    return process


def test_a_second_launch_raises_the_first_and_opens_the_report_it_asked_for(
    qtbot: QtBot, db_path: Path
) -> None:
    engine = open_engine(db_path)
    report, _ = ReportService(Repository(engine)).create_demo()
    engine.dispose()
    outcome: dict[str, object] = {}

    def launch_second() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReportListWindow)]
        if not windows or not windows[0].isVisible():
            QTimer.singleShot(50, launch_second)
            return
        first = windows[0]
        first.showMinimized()
        outcome["started"] = time.monotonic()
        process = _second_launch("--db", str(db_path), "--open", str(report.id))
        outcome["process"] = process  # kept alive until it finishes

        def finished() -> None:
            outcome["seconds"] = time.monotonic() - float(str(outcome["started"]))
            outcome["code"] = process.exitCode()
            outcome["stderr"] = bytes(process.readAllStandardError().data()).decode()
            # let the first instance handle the request, then look and quit
            QTimer.singleShot(300, look_and_quit)

        def look_and_quit() -> None:
            outcome["minimized"] = first.isMinimized()
            outcome["opened"] = sorted(first.windows)
            for win in list(first.windows.values()):
                win.close()
            first.close()
            QApplication.quit()

        process.finished.connect(finished)

    QTimer.singleShot(0, launch_second)
    QTimer.singleShot(60_000, QApplication.quit)  # never hangs, whatever goes wrong
    assert main(["--db", str(db_path)]) == 0  # the real first launch, until it quits
    assert outcome.get("code") == 0, outcome.get("stderr")
    assert outcome["opened"] == [report.id]
    assert outcome["minimized"] is False
    assert float(str(outcome["seconds"])) < 30


def test_another_database_is_another_instance(qtbot: QtBot, tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert server_name(a) != server_name(b)
    assert server_name(a) == server_name(tmp_path / "." / "a.sqlite3")
    server = InstanceServer(a)
    try:
        assert server.is_listening()
        assert not notify_running(b, {})
    finally:
        server.close()


def test_a_socket_left_by_a_crashed_instance_is_taken_over(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite3"
    if os.name == "posix":  # a crash leaves the socket file behind; nobody answers on it
        import socket as pysocket

        from PySide6.QtCore import QDir

        stale = Path(QDir.tempPath()) / server_name(db)
        sock = pysocket.socket(pysocket.AF_UNIX)
        sock.bind(str(stale))
        sock.close()
    assert not notify_running(db, {})
    server = InstanceServer(db)
    received: list[dict[str, object]] = []
    server.requested.connect(received.append)
    try:
        assert server.is_listening()
        process = _second_launch("--db", str(db))
        qtbot.waitUntil(lambda: received == [{"open": None, "page": None}], timeout=30_000)
        assert process.waitForFinished(30_000) and process.exitCode() == 0
    finally:
        server.close()
