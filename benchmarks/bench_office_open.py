"""Opening a report and `validate` when its unit has 500 reports, against a unit with one report,
measured in the same run: the report opened through the list window (its EditSession, the rules
run, Phụ lục III painted), and `cchc validate` in process.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_office_open.py [--reports 500] [--runs 5]
Target: <= 1.2x the one-report times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_office_db import latest_report_id, office_db


def open_ms(db: Path, report_id: int, runs: int) -> float:
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui.app import setup_application
    from cchc_desktop.gui.main_window import ReportListWindow
    from cchc_desktop.storage.quick import StartupStore

    app = QApplication.instance() or setup_application()
    store = StartupStore(db)
    store.repository()
    window = ReportListWindow(store)
    window.show()
    app.processEvents()
    times = []
    for i in range(runs + 1):
        window.select(report_id)
        t0 = time.perf_counter()
        window.open_selected()
        app.processEvents()
        if i:  # the first run loads the rules and the pages' code
            times.append((time.perf_counter() - t0) * 1000)
        window.windows[report_id].close()
        app.processEvents()
    window.close()
    store.dispose()
    return statistics.median(times)


def validate_ms(db: Path, report_id: int, runs: int) -> float:
    from cchc_desktop.cli import main

    out = sys.stdout
    times = []
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        for i in range(runs + 1):
            t0 = time.perf_counter()
            main(["--db", str(db), "validate", str(report_id)])
            if i:
                times.append((time.perf_counter() - t0) * 1000)
    finally:
        sys.stdout.close()
        sys.stdout = out
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CCHC_DB"] = str(Path(tmp) / "unused.sqlite3")
        one = office_db(Path(tmp), 1, 1)
        big = office_db(Path(tmp), args.reports, 1)
        one_id, big_id = latest_report_id(one), latest_report_id(big)
        for name, fn in (("open from the list", open_ms), ("cchc validate", validate_ms)):
            fn(one, one_id, 1)  # warm: imports, caches
            a = fn(one, one_id, args.runs)
            b = fn(big, big_id, args.runs)
            print(
                f"{name}: 1 report {a:.0f} ms; {args.reports} reports of the unit {b:.0f} ms;"
                f" ratio {b / a:.2f}x (target <= 1.2x)"
            )
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
