"""Keeps None alive where the Qt binding drops a reference to it on every call returning nothing.

PySide6 6.12.0 on Python 3.11 (where None is not yet immortal) gives back a reference to None it
never took, once per call of a method returning nothing (setText, insertText, an undo...). None's
count starts near 33,000: the window lost ~170 per Ctrl+Z and ~100 per section clicked and typed
in, and the process aborted ("none_dealloc") after some 190 undos. Where the bug is seen
(measured, not guessed from version numbers), the app holds references of its own and tops them
up every second: 8 bytes per reference lost.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer

LOW, TARGET = 100_000, 200_000  # topped up to TARGET when None's count falls under LOW
_held: list[None] = []
_timers: list[QTimer] = []  # the one timer topping up, once installed
_kept: list[bool] = []  # whether _held has been given its reference of its own


def _keep_forever() -> None:
    """_held, once it holds anything, is never freed, not even when Python exits (one reference
    of its own that nothing gives back): freeing it would give back references the binding
    already took away, and abort on quitting. Taken when first needed: ctypes costs the start
    about 10 ms to import, and a binding without the bug never needs it."""
    if _kept:
        return
    import ctypes

    ctypes.pythonapi.Py_IncRef(ctypes.py_object(_held))
    _kept.append(True)


def top_up(low: int = LOW, target: int = TARGET) -> int:
    """Hold more references to None when its count is under low; returns how many were added."""
    count = sys.getrefcount(None)
    if count >= low:
        return 0
    _keep_forever()
    _held.extend([None] * (target - count))
    return target - count


def affected() -> bool:
    """Whether this binding drops a reference to None on a call returning nothing."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(20):
        probe.setObjectName("x")
    return sys.getrefcount(None) <= before - 20


def install(parent: QObject) -> QTimer | None:
    """Keep None alive for the life of the app when the binding needs it (the timer, or None);
    once per process."""
    if _timers or not affected():
        return _timers[0] if _timers else None
    top_up()
    timer = QTimer(parent)
    timer.setInterval(1000)
    timer.timeout.connect(top_up)
    timer.start()
    _timers.append(timer)
    return timer
