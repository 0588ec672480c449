"""Vietnamese for Qt's own texts (context menus, dialog buttons): loads resources/translations/qt_vi.qm.

Qt ships no Vietnamese translation, so the app carries its own (qt_vi.ts, the source of truth). The
bundle gets qt_vi.qm compiled by build.spec; run from source or a wheel, the .ts is compiled once by
PySide6's lrelease into the user cache folder, under a name that changes whenever the .ts does.
"""

from __future__ import annotations

import logging
import sys
import zlib  # loaded by PySide6 already (hashlib would load OpenSSL at each start)
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from ..assets import asset_path

log = logging.getLogger(__name__)

TS_NAME = "qt_vi.ts"
QM_NAME = "qt_vi.qm"


def lrelease_command() -> list[str] | None:
    """PySide6's lrelease (the wheel carries it beside its Python modules, or in Qt's libexec)."""
    import PySide6

    base = Path(PySide6.__file__).resolve().parent
    exe = ".exe" if sys.platform == "win32" else ""
    candidates = [
        base / f"lrelease{exe}",
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibraryExecutablesPath)) / f"lrelease{exe}",
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.BinariesPath)) / f"lrelease{exe}",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return [str(candidate)]
    return None


def compile_ts(ts: Path, qm: Path) -> None:
    """Compile a .ts to a .qm with lrelease; RuntimeError when lrelease is missing or fails."""
    import subprocess  # only here: the bundle, and every start after the first, never compile

    command = lrelease_command()
    if command is None:
        raise RuntimeError("lrelease not found in the PySide6 installation")
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_suffix(".tmp.qm")
    # no console window flashing up when the windowed app compiles it on Windows
    no_window = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    done = subprocess.run(
        [*command, "-silent", str(ts), "-qm", str(tmp)],
        capture_output=True,
        check=False,
        creationflags=no_window,
    )
    if done.returncode != 0 or not tmp.is_file():
        raise RuntimeError(f"lrelease failed: {done.stderr.decode(errors='replace')}")
    tmp.replace(qm)  # atomic: a second instance never loads a half-written file


def _compiled_from_source() -> Path:
    from platformdirs import user_cache_dir

    ts = asset_path("resources", "translations", TS_NAME)
    data = ts.read_bytes()
    digest = f"{zlib.crc32(data):08x}{len(data):x}"  # a new name whenever the .ts changes
    qm = (
        Path(user_cache_dir("CCHC Desktop", appauthor=False))
        / "translations"
        / f"qt_vi-{digest}.qm"
    )
    if not qm.is_file():
        compile_ts(ts, qm)
    return qm


def qm_path() -> Path:
    """The compiled translation: shipped with the bundle, else compiled from the .ts."""
    try:
        return asset_path("resources", "translations", QM_NAME)
    except FileNotFoundError:
        return _compiled_from_source()


def install_translator(app: QCoreApplication) -> QTranslator | None:
    """Load the Vietnamese Qt translation into the app; None (English Qt texts) if it cannot be had."""
    existing = app.findChild(QTranslator, "qt_vi")
    if isinstance(existing, QTranslator):
        return existing
    try:
        path = qm_path()
    except (OSError, RuntimeError) as exc:
        log.warning("Vietnamese Qt translation unavailable: %s", exc)
        return None
    translator = QTranslator(app)
    translator.setObjectName("qt_vi")
    if not translator.load(str(path)):
        log.warning("Vietnamese Qt translation unavailable: cannot load %s", path)
        return None
    app.installTranslator(translator)
    return translator
