"""PySide's check of each newly imported module, answered from the file instead of `inspect`.

PySide (6.4 to at least 6.11) replaces `__import__`: every module an import statement hands back
after PySide is loaded, and not seen before, is asked whether it uses PySide (the `__feature__`
switches apply only to such modules). `shibokensupport.feature._mod_uses_pyside` answers with
`"PySide6" in inspect.getsource(module)`: about 120 modules before the first paint, 89 M of the
1,519 M instructions to the painted report (valgrind; 30-37 ms of CPU under load). Answered from
the bytes of the .py file, the same modules cost a few milliseconds (issue 18). That function is
private: it is replaced only on the PySide versions checked here, only where it still exists, and
every module the fast read cannot answer exactly (no .py file, not UTF-8) is passed on to PySide's
own function.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6

# the versions whose `shibokensupport/feature.py` was read for this: it asks `_mod_uses_pyside`
# through a module global, and the answer is `"PySide6" in inspect.getsource(module)`
CHECKED_VERSIONS = ((6, 4), (6, 11))
MARK = "_cchc_reads_file"


def _version() -> tuple[int, int]:
    info = getattr(PySide6, "__version_info__", (0, 0))
    return int(info[0]), int(info[1])


def fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """original's answer for module, from the bytes of its .py file where they settle it."""

    def _mod_uses_pyside(module: ModuleType) -> bool:
        # the file inspect.getsource reads for a module (a package's is its __init__.py)
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return original(module)  # PySide's own answer (and error handling) for the rare case
        if b"PySide6" not in data:
            # source encodings are ASCII-compatible: the text has no "PySide6" either (and one
            # that does not decode is answered False by PySide too)
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return original(module)  # another encoding: PySide's own reading of it
        return True

    setattr(_mod_uses_pyside, MARK, True)
    return _mod_uses_pyside


def install() -> bool:
    """Replace PySide's check by fast_check on a checked PySide version; False: left as it was."""
    feature = sys.modules.get("shibokensupport.feature")
    low, high = CHECKED_VERSIONS
    if feature is None or not low <= _version() <= high:
        return False
    original = getattr(feature, "_mod_uses_pyside", None)
    if not callable(original) or not callable(getattr(feature, "feature_imported", None)):
        return False
    if getattr(original, MARK, False):
        return True
    feature._mod_uses_pyside = fast_check(original)  # type: ignore[attr-defined]
    return True
