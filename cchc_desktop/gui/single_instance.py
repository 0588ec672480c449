"""One running app per database: a second `cchc-desktop` on the same file brings the first to the front.

The first instance listens on a local socket (a named pipe on Windows) whose name is derived from the
user and the database path; a later launch connects, sends its --open request and exits. Two copies
on one database would each keep reports open whose edits the other cannot see.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QDir, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

# QtNetwork is imported where a socket is made: its import and its Python enums cost about 10 ms,
# and on Unix a start with no copy running never needs it before the window's first paint
# (gui/app.py starts listening after that paint).

CONNECT_MS = 1000
# a busy first instance (a Word export on a slow PC) may take a while to answer; after this the
# launch goes ahead as a separate copy rather than seem to do nothing
REPLY_MS = 5000


def server_name(db_path: Path) -> str:
    """A name unique to (user, database file); a name, not a path, so it is valid on every OS."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name known to the system
        user = ""
    path = str(db_path.expanduser().resolve())
    if sys.platform == "win32":
        path = path.lower()  # Windows paths are case-insensitive
    # Qt's SHA-256, the same digest as hashlib's: hashlib would load OpenSSL at every start
    sha256 = QCryptographicHash.Algorithm.Sha256
    digest = QCryptographicHash.hash(f"{user}\0{path}".encode(), sha256).toHex().data()
    return f"cchc-desktop-{bytes(digest).decode()[:20]}"


def nobody_listens(name: str) -> bool:
    """True when surely no instance listens on name. On Unix QLocalServer listens on the socket
    file QDir.tempPath()/name (a relative name), and connecting without that file fails at once;
    Windows' named pipes are not asked this way (opening one to look connects to it)."""
    if sys.platform == "win32":
        return False
    return not (Path(QDir.tempPath()) / name).exists()


def notify_running(db_path: Path, request: dict[str, object]) -> bool:
    """True when an instance already runs on db_path and received the request (it then shows itself)."""
    name = server_name(db_path)
    if nobody_listens(name):
        return False
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(json.dumps(request).encode() + b"\n")
    socket.flush()
    # the first instance acknowledges: only then is the request known to have arrived
    acknowledged = socket.waitForReadyRead(REPLY_MS) and bytes(socket.readAll().data()).startswith(
        b"ok"
    )
    socket.disconnectFromServer()
    return bool(acknowledged)


class InstanceServer(QObject):
    """Listens for later launches on the same database; requested carries each one's request."""

    requested = Signal(object)  # dict[str, object]

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        name = server_name(db_path)
        if not self.server.listen(name):
            # left behind by an instance that crashed (nobody answered notify_running): take it over
            QLocalServer.removeServer(name)
            self.server.listen(name)

    def close(self) -> None:
        """Stop answering (the app is quitting); the next launch becomes the running copy."""
        self.server.close()

    def is_listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(self._ready)
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)  # the request may have arrived with the connection

    def _ready(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            request = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            request = {}
        socket.write(b"ok\n")
        socket.flush()
        self.requested.emit(request if isinstance(request, dict) else {})
