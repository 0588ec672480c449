"""Enter in Phụ lục III at office scale: the report opened from the list window, as a user does.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_office_enter.py [--reports 2000] [--rounds 40]
     [--old REV] [--pairs 2] [--keys-together]
Prints the Enter-to-painted time (figure saved, rules re-run, the list window's row updated, pending
paints processed) with the office database, and the same with a one-report database measured in the
same run; and how much of it is the save itself (its commit fsyncs: synchronous=FULL, so it depends
on the disk). With --old (default 4ce20bd, the code before wave 6's Enter work; '' = none) the same
driver runs on that revision's code (`git archive`), each code base in its own process, the runs
interleaved so that load and disk favour neither. Target: <= 16 ms worst at 2,000 reports.

Each figure is given as median, 95th percentile and worst over all runs, then the worst of each
run: one slow Enter in one run (a descheduled process, a slow fsync) shows as such, not as the
code's figure.

A figure's keys are typed with the events processed between them and the Enter, as the event
loop does between a user's keystrokes; --keys-together sends them at once, as waves 6-9 did, so
that the Enter's time also holds the paint of the editor its first key opened.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_undo import old_code  # the older revision's code, as bench_undo takes it
from make_office_db import latest_report_id, office_db


def press(widget: object, k: int, text: str = "") -> None:
    """A key pressed and released on widget, as the keyboard sends it."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, k, Qt.KeyboardModifier.NoModifier, text)
        QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


def open_from_list(db: Path, report_id: int) -> tuple[Any, Any, Any, Any]:
    """The report opened through the list window on Phụ lục III, as a user opens it: the
    StartupStore (its ORM loaded, as the app loads it right after the first paint), the list
    window, the report window and its Phụ lục III page."""
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui.app import setup_application
    from cchc_desktop.gui.main_window import ReportListWindow
    from cchc_desktop.gui.pages.indicators import IndicatorPage
    from cchc_desktop.storage.quick import StartupStore

    app = QApplication.instance() or setup_application()
    store = StartupStore(db)
    store.repository()  # the app loads the ORM in the background right after the first paint
    window = ReportListWindow(store)
    window.show()
    window.select(report_id)
    window.open_selected()
    win = window.windows[report_id]
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    app.processEvents()
    wait_for_first_check(win)
    return store, window, win, page


def wait_for_first_check(win: Any) -> None:
    """The report window's first check runs right after its first paint, with the repaint of
    the cells it marks: done before a user's first key, so not part of an Enter (an older code
    base without it: nothing to wait for)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + 5
    while not getattr(win.session, "checked", True) and time.perf_counter() < deadline:
        QApplication.processEvents()
    QApplication.processEvents()


def enter_times(
    db: Path, report_id: int, rounds: int, pause: bool = True
) -> tuple[list[float], list[float], list[float], list[float]]:
    """ms from Enter to painted, per round, with the report opened through the list window; of
    each the save alone (the write and its commit, fsync'd: synchronous=FULL); and the GUI
    thread's CPU time over it (what neither a slow disk nor other processes change much); and
    the first Enter of the run (a user's first figure after opening, caches still cold).
    pause: the events are processed between a figure's keys and its Enter, as the event loop
    does between a user's keystrokes; False: the keys are sent together, and the paint of the
    editor the first key opened is part of the Enter's time (as waves 6-9 measured)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.services.editing import EditSession

    saves: list[float] = []
    write = EditSession._write

    def timed_write(self: EditSession, patch: object) -> bool:
        t0 = time.perf_counter()
        try:
            return write(self, patch)  # type: ignore[arg-type]
        finally:
            saves.append((time.perf_counter() - t0) * 1000)

    EditSession._write = timed_write  # type: ignore[method-assign]

    store, window, win, page = open_from_list(db, report_id)

    times: list[float] = []
    firsts: list[float] = []
    saved: list[float] = []
    cpu: list[float] = []
    for i in range(rounds + 2):
        text = "95" if i % 2 == 0 else "19"  # 95 > 1.1.1 (assigned): an error; 19: it goes
        page.tree.setFocus()
        page.tree.setCurrentIndex(page.value_index("1.1.2"))
        press(page.tree, ord(text[0]), text[0])
        editor = QApplication.focusWidget()
        press(editor, ord(text[1]), text[1])
        if pause:
            QApplication.processEvents()
        c0, t0 = time.thread_time(), time.perf_counter()
        saves.clear()
        press(editor, Qt.Key.Key_Return)
        QApplication.processEvents()
        elapsed = (time.perf_counter() - t0) * 1000
        used = (time.thread_time() - c0) * 1000
        if i == 0:  # a user's first figure after opening: what is done once is in it
            firsts.append(elapsed)
        if i >= 2:  # the first two warm caches (rules compiled, statements prepared)
            times.append(elapsed)
            saved.append(sum(saves))
            cpu.append(used)
    row = window.model.row_of(report_id)
    assert window.model.summary(row).updated_at is not None
    win.close()
    window.close()
    store.dispose()
    EditSession._write = write  # type: ignore[method-assign]
    return times, saved, cpu, firsts


def child(reports: int, units: int, rounds: int, pause: int = 1) -> dict[str, list[float]]:
    """One code base (the one on sys.path), one database size: its Enter times and saves. Each
    code base builds and caches its own databases (an older one refuses a newer schema)."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CCHC_DB"] = str(Path(tmp) / "unused.sqlite3")
        db = office_db(Path(tmp), reports, units)
        times, saves, cpu, first = enter_times(db, latest_report_id(db), rounds, bool(pause))
    return {"times": times, "saves": saves, "cpu": cpu, "first": first}


def run(
    code: Path | None, cache: Path, reports: int, units: int, rounds: int, *, pause: bool = True
) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if code is not None:  # the old code base, with databases of its own
        env["PYTHONPATH"], env["TMPDIR"] = str(code), str(cache)
        cache.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, __file__, "--child", str(reports), str(units), str(rounds)]
    args.append(str(int(pause)))
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _p95(ms: list[float]) -> float:
    return sorted(ms)[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]


def _fmt(ms: list[float], runs: list[list[float]] | None = None) -> str:
    text = f"{statistics.median(ms):6.1f} ms median, {_p95(ms):6.1f} p95, {max(ms):6.1f} worst"
    if runs:
        text += " (worst per run: " + ", ".join(f"{max(r):.1f}" for r in runs if r) + ")"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--old", default="4ce20bd", help="baseline revision ('' = none)")
    parser.add_argument("--pairs", type=int, default=2, help="interleaved runs per code base")
    parser.add_argument(
        "--keys-together",
        action="store_true",
        help="no pause between a figure's keys and its Enter (as waves 6-9 measured)",
    )
    parser.add_argument("--child", nargs=4, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)), flush=True)
        return 0
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start")
    sizes = {"1 report": (1, 1), f"{args.reports} reports": (args.reports, args.units)}
    with tempfile.TemporaryDirectory() as tmp:
        old = old_code(args.old, Path(tmp)) if args.old else None
        codes: dict[str, Path | None] = {"new": None, **({f"old {args.old}": old} if old else {})}
        cache = Path(tempfile.gettempdir()) / f"cchc-bench-old-{args.old}"
        times: dict[tuple[str, str], list[float]] = {(c, z): [] for c in codes for z in sizes}
        saves: dict[tuple[str, str], list[float]] = {(c, z): [] for c in codes for z in sizes}
        cpu: dict[tuple[str, str], list[float]] = {(c, z): [] for c in codes for z in sizes}
        runs: dict[tuple[str, str], list[list[float]]] = {(c, z): [] for c in codes for z in sizes}
        firsts: dict[tuple[str, str], list[float]] = {(c, z): [] for c in codes for z in sizes}
        for _ in range(args.pairs):  # interleaved: load and disk favour neither
            for size, (reports, units) in sizes.items():
                for name, code in codes.items():
                    result = run(
                        code, cache, reports, units, args.rounds, pause=not args.keys_together
                    )
                    times[name, size] += result["times"]
                    saves[name, size] += result["saves"]
                    cpu[name, size] += result["cpu"]
                    runs[name, size].append(result["times"])
                    firsts[name, size] += result["first"]
    big = f"{args.reports} reports"
    for name in codes:
        for size in sizes:
            print(
                f"{name}: Enter in Phụ lục III, {size:13s} {_fmt(times[name, size], runs[name, size])}"
            )
            print(f"{name}:   of which the save (write + fsync'd commit) {_fmt(saves[name, size])}")
            print(f"{name}:   the GUI thread's CPU time                 {_fmt(cpu[name, size])}")
            first = ", ".join(f"{ms:.1f}" for ms in firsts[name, size])
            print(f"{name}:   the first Enter after opening (one per run, not above): {first} ms")
        one, many = times[name, "1 report"], times[name, big]
        print(
            f"{name}: ratio {big} / 1 report: {max(many) / max(one):.2f}x worst,"
            f" {statistics.median(many) / statistics.median(one):.2f}x median"
        )
    new = times["new", big]
    print(
        f"target: worst {max(new):.1f} ms = {max(new) / 16:.2f}x of 16 ms, p95 {_p95(new):.1f} ms"
        f" = {_p95(new) / 16:.2f}x ({args.pairs * args.rounds} Enters)"
    )
    if old is not None:
        was = times[f"old {args.old}", big]
        print(
            f"new / old at {big}: {statistics.median(new) / statistics.median(was):.2f}x median,"
            f" {_p95(new) / _p95(was):.2f}x p95, {max(new) / max(was):.2f}x worst"
        )
        used, used_was = cpu["new", big], cpu[f"old {args.old}", big]
        print(
            f"new / old CPU time at {big}: {statistics.median(used) / statistics.median(used_was):.2f}x"
            f" median, {max(used) / max(used_was):.2f}x worst"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} at end")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 objects dying late can crash it
