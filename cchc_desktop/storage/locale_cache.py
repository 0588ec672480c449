"""What babel resolved for the Vietnamese numbers, kept in the user cache between commands.

Importing babel and loading its locale data took a command such as `cchc show` 30-45 ms to learn
five things (decimal sign, group sign, minus sign, digit grouping). babel stays their source: the
record holds what babel answered, under a key made of babel's own files (its locale data, its
code), so that another babel (an upgrade, a reinstall) is asked again. A record that is missing,
unreadable or from another babel is ignored and written anew.
"""

from __future__ import annotations

import contextlib
import json
import os
from importlib.util import find_spec
from pathlib import Path

from ..domain.vn import LOCALE, NumberSymbols, keep_number_symbols
from .location import user_cache_file

RECORD_FILE = "so-lieu-babel.json"


def _babel_key() -> str | None:
    """Size and modification time of babel's files that decide the symbols; None when babel's
    folder cannot be found (then babel is always asked)."""
    spec = find_spec("babel")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if not folders:
        return None
    root = Path(folders[0])
    parts = [LOCALE]
    for f in ("__init__.py", "numbers.py", "core.py"):
        parts.append(_stamp(root / f, required=False))
    for f in (f"{LOCALE}.dat", "root.dat"):
        stamp = _stamp(root / "locale-data" / f, required=True)
        if not stamp:
            return None
        parts.append(stamp)
    return "|".join(parts)


def _stamp(path: Path, *, required: bool) -> str:
    try:
        st = path.stat()
    except OSError:
        return "" if required else "-"
    return f"{path.name}:{st.st_size}:{st.st_mtime_ns}"


class BabelRecord:
    """The vn.SymbolsRecord of the user cache (vn.keep_number_symbols)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._key: str | None = None

    def _file(self) -> Path:
        if self._path is None:
            self._path = user_cache_file(RECORD_FILE)
        return self._path

    def load(self) -> NumberSymbols | None:
        self._key = _babel_key()
        if self._key is None:
            return None
        try:
            data = json.loads(self._file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != self._key:
            return None
        symbols = data.get("symbols")
        if (
            isinstance(symbols, list)
            and len(symbols) == 5
            and all(isinstance(s, str) and s for s in symbols[:3])
            and all(type(n) is int and n > 0 for n in symbols[3:])
        ):
            return (symbols[0], symbols[1], symbols[2], symbols[3], symbols[4])
        return None

    def save(self, symbols: NumberSymbols) -> None:
        key = self._key if self._key is not None else _babel_key()
        if key is None:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written: babel next time
            target = self._file()
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            tmp.write_text(
                json.dumps({"key": key, "symbols": list(symbols)}, ensure_ascii=False),
                encoding="utf-8",
            )
            os.replace(tmp, target)


def keep_babel_symbols() -> None:
    """Let vn.number_symbols read babel's answer from the user cache (the `cchc` commands)."""
    keep_number_symbols(BabelRecord())
