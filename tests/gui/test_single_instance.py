"""A second `cchc-desktop` on the same database brings the running window to the front and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QProcess, QProcessEnvironment
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from cchc_desktop.gui.single_instance import (
    InstanceServer,
    nobody_listens,
    notify_running,
    server_name,
)
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


def _wait_for_server(db_path: Path, first: subprocess.Popen[bytes]) -> None:
    socket = QLocalSocket()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None:
        socket.connectToServer(server_name(db_path))
        if socket.waitForConnected(200):
            socket.disconnectFromServer()
            return
        time.sleep(0.2)
    raise AssertionError("the first cchc-desktop never started listening")


def test_a_second_launch_raises_the_first_and_opens_the_report_it_asked_for(
    tmp_path: Path, db_path: Path
) -> None:
    """Both launches are real `cchc-desktop` processes; the first one's log says what it did."""
    engine = open_engine(db_path)
    report, _ = ReportService(Repository(engine)).create_demo()
    engine.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    first = subprocess.Popen([sys.executable, "-c", LAUNCH, "--db", str(db_path)], env=env)
    try:
        _wait_for_server(db_path, first)
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-c", LAUNCH, "--db", str(db_path), "--open", str(report.id)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        seconds = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        assert seconds < 20  # it handed over and left; it did not open a window of its own
        logs = list((tmp_path / "state").rglob("cchc-desktop.log"))
        expected = f"second launch: window brought to the front; report {report.id} opened"

        def logged() -> bool:
            return any(expected in p.read_text(encoding="utf-8") for p in logs)

        deadline = time.monotonic() + 10
        while not logged() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert logged()
        assert first.poll() is None  # the first copy is still running
    finally:
        first.kill()
        first.wait(timeout=30)


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


def test_the_name_is_the_one_earlier_versions_listen_on(tmp_path: Path) -> None:
    """A copy of an earlier version still running on the file is found: the name is the first 20
    hex digits of SHA-256 over user and path, whichever library computes it."""
    import getpass
    import hashlib

    db = tmp_path / "a.sqlite3"
    path = str(db.resolve()).lower() if sys.platform == "win32" else str(db.resolve())
    expected = hashlib.sha256(f"{getpass.getuser()}\0{path}".encode()).hexdigest()[:20]
    assert server_name(db) == f"cchc-desktop-{expected}"


def test_the_look_for_a_running_copy_without_a_socket_agrees_with_connecting(
    tmp_path: Path,
) -> None:
    """nobody_listens spares a start QtNetwork when no copy runs: it must never say so while one
    listens (the second copy would open the database beside the first), and on Unix it says so
    when none does."""
    db = tmp_path / "d.sqlite3"
    name = server_name(db)
    if os.name == "posix":
        assert nobody_listens(name)
    assert not notify_running(db, {})
    server = InstanceServer(db)
    try:
        assert server.is_listening()
        assert not nobody_listens(name)
        socket = QLocalSocket()
        socket.connectToServer(name)
        assert socket.waitForConnected(5000)
        socket.disconnectFromServer()
    finally:
        server.close()
    if os.name == "posix":
        assert nobody_listens(name)  # closed: its socket file is gone
