"""Enter in Phụ lục III as a user types down the form: a figure, Enter, the next indicator's cell,
and so on from the first figure of the form, past the first screen (the tree scrolls).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_enter_walk.py [--reports 2000] [--enters 60]
     [--keys-together]
Prints the Enter-to-painted time and the GUI thread's CPU time over it (median, 95th percentile,
worst), split by whether the Enter scrolled the tree, and how many Enters repainted the whole
viewport. The report is opened through the list window, as in bench_office_enter.py, which
types into one cell (1.1.2) again and again and so never scrolls. Target (issue 18): <= 16 ms worst.
The events are processed between a figure's keys and its Enter, as the event loop does between a
user's keystrokes; --keys-together sends them at once (as wave 9 measured): the Enter's time then
also holds the paint of the editor the figure's first key opened.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_office_enter import _fmt, open_from_list, press
from make_office_db import latest_report_id, office_db


def walk(db: Path, enters: int, pause: bool = True) -> list[tuple[float, float, bool, bool]]:
    """Per Enter: (ms to painted, CPU ms, whether the tree scrolled, whether the whole viewport
    was repainted). pause: the events are processed between a figure's keys and its Enter, as
    the event loop does between a user's keystrokes (the editor the first key opened is painted
    then); False: the keys are sent together and that paint is part of the Enter's time."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui.pages.indicators import IndicatorTreeView

    painted: list[int] = []  # heights of the tree's paints during one Enter
    paint = IndicatorTreeView.paintEvent

    def noted(self: IndicatorTreeView, event: QPaintEvent) -> None:
        painted.append(event.region().boundingRect().height())
        paint(self, event)

    IndicatorTreeView.paintEvent = noted  # type: ignore[method-assign]
    store, window, win, page = open_from_list(db, latest_report_id(db))
    win.resize(1366, 860)
    QApplication.processEvents()
    tree = page.tree
    numeric = [
        c for c in page.model.value_codes() if page.model.indicator(page.value_index(c)).numeric
    ]
    tree.setFocus()
    tree.setCurrentIndex(page.value_index(numeric[0]))
    out: list[tuple[float, float, bool, bool]] = []
    for i in range(enters):
        if page.model.indicator(tree.currentIndex()).code not in numeric:
            break  # the end of the form, or a choice cell: the walk stops there
        text = str(10 + i % 7)
        press(tree, ord(text[0]), text[0])
        editor = QApplication.focusWidget()
        press(editor, ord(text[1]), text[1])
        if pause:
            QApplication.processEvents()
        before = tree.verticalScrollBar().value()
        painted.clear()
        c0, t0 = time.thread_time(), time.perf_counter()
        press(editor, Qt.Key.Key_Return)
        QApplication.processEvents()
        elapsed = (time.perf_counter() - t0) * 1000
        used = (time.thread_time() - c0) * 1000
        whole = any(h >= tree.viewport().height() for h in painted)
        out.append((elapsed, used, tree.verticalScrollBar().value() != before, whole))
    win.close()
    window.close()
    store.dispose()
    IndicatorTreeView.paintEvent = paint  # type: ignore[method-assign]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--enters", type=int, default=60)
    parser.add_argument(
        "--keys-together",
        action="store_true",
        help="no pause between a figure's keys and its Enter (as wave 9 measured)",
    )
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CCHC_DB"] = str(Path(tmp) / "unused.sqlite3")
        db = office_db(Path(tmp), args.reports, args.units)
        rows = walk(db, args.enters, pause=not args.keys_together)
    times = [r[0] for r in rows]
    cpu = [r[1] for r in rows]
    how = "keys sent together" if args.keys_together else "events processed between keys"
    print(f"Enter typing down the form, {args.reports} reports, {len(rows)} Enters ({how})")
    print(f"  to painted: {_fmt(times)}")
    print(f"  CPU time:   {_fmt(cpu)}")
    for label, scrolled in (("tree scrolled", True), ("tree still", False)):
        part = [r for r in rows if r[2] is scrolled]
        shown = _fmt([r[0] for r in part]) if part else "none"
        print(f"  {label:13s} ({len(part):3d}): to painted {shown}")
    wholes = sum(1 for r in rows if r[3])
    print(f"  Enters that repainted the whole viewport: {wholes} of {len(rows)}")
    print(f"target: worst {max(times):.1f} ms = {max(times) / 16:.2f}x of 16 ms")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} at end")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 objects dying late can crash it
