"""The `cchc-desktop` entry point: the app started with Python's cycle collector paused until its first paint."""

from __future__ import annotations

import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """`cchc-desktop`: gui.app.main, with the cycle collector off from before PySide's import.

    Importing PySide builds its Python enum classes (tens of thousands of objects, about 44,000
    frozen at the paint, that all live as long as the app), and the collector would scan them
    again and again while nothing of the start can be garbage: about 26 M instructions of the
    cold start (valgrind), 2% of it. gui.app.main turns the collector back on right after the
    first paint (with what the start made frozen out of its reach); the `finally` covers every
    return before that paint (a second launch, a screenshot, an error) and a caller whose
    collector was off stays so.
    This module lives outside `gui` because that package imports PySide as it loads.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from .gui.app import main as run_app

        return run_app(argv, collector_paused=was_enabled)
    finally:
        if was_enabled:
            gc.enable()
