"""Opening a report and `validate` when its unit has 500 reports, against a unit with one report,
measured in the same run: the report opened through the list window (its EditSession, the rules
run, Phụ lục III painted), and `cchc validate` in process.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_office_open.py [--reports 500] [--runs 9]
     [--validate-only] [--compare DIR]
The two databases are measured in turn within each round (paired). Target: <= 1.2x the
one-report times.

--compare DIR: `validate` is also measured for this checkout and for the code of another one
(e.g. /tmp/w7/old, an older revision) in child processes taken in turn, a few rounds each, on
the same three files: each checkout's figures and ratios, and the new against the old.

The unit's newest report in the 500-report database is not the one-report database's report:
its figures are shifted (percentages at 104%), so it has 12 more findings to word. `validate` is
therefore also measured against that very report alone in its unit (a copy of the database with
the unit's other reports deleted): the same figures and findings, nothing to compare with, so the
ratio is what the 499 other reports cost.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_office_db import latest_report_id, office_db, office_db_of


def open_times(dbs: list[tuple[Path, int]], runs: int) -> list[list[float]]:
    """ms to open each database's report through its list window, the databases taken in turn
    in each round (paired: a load change on the machine touches both alike)."""
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui.app import setup_application
    from cchc_desktop.gui.main_window import ReportListWindow
    from cchc_desktop.storage.quick import StartupStore

    app = QApplication.instance() or setup_application()
    opened = []
    for db, report_id in dbs:
        store = StartupStore(db)
        store.repository()
        window = ReportListWindow(store)
        window.show()
        opened.append((store, window, report_id))
    app.processEvents()
    times: list[list[float]] = [[] for _ in dbs]
    for i in range(runs + 1):
        for k, (_store, window, report_id) in enumerate(opened):
            window.select(report_id)
            t0 = time.perf_counter()
            window.open_selected()
            app.processEvents()
            if i:  # the first round loads the rules and the pages' code
                times[k].append((time.perf_counter() - t0) * 1000)
            window.windows[report_id].close()
            app.processEvents()
    for store, window, _rid in opened:
        window.close()
        store.dispose()
    return times


def validate_times(
    dbs: list[tuple[Path, int]], runs: int, cpu: list[list[float]] | None = None
) -> list[list[float]]:
    """ms of `cchc validate` in process, the databases taken in turn in each round (cpu: the
    same runs' CPU time, which a busy machine's waiting for a processor does not inflate)."""
    from cchc_desktop.cli import main

    out = sys.stdout
    times: list[list[float]] = [[] for _ in dbs]
    if cpu is not None:
        cpu[:] = [[] for _ in dbs]
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        for i in range(runs + 1):
            for k, (db, report_id) in enumerate(dbs):
                t0, c0 = time.perf_counter(), time.process_time()
                main(["--db", str(db), "validate", str(report_id)])
                if i:  # the first round upgrades a cached file and warms the imports
                    times[k].append((time.perf_counter() - t0) * 1000)
                    if cpu is not None:
                        cpu[k].append((time.process_time() - c0) * 1000)
    finally:
        sys.stdout.close()
        sys.stdout = out
    return times


def alone(db: Path, report_id: int, out: Path) -> Path:
    """A copy of db holding only report_id: the same report with no other report to compare with."""
    return _keeping(db, {report_id}, out)


def _keeping(db: Path, keep: set[int], out: Path) -> Path:
    """A copy of db (at out) holding only the reports whose ids are in keep."""
    shutil.copyfile(db, out)
    con = sqlite3.connect(out)
    try:
        con.execute("PRAGMA foreign_keys = ON")  # their values, rows and history go with them
        marks = ",".join("?" * len(keep))
        con.execute(f"DELETE FROM reports WHERE id NOT IN ({marks})", tuple(keep))
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    return out


def compared_only(db: Path, report_id: int, out: Path) -> Path:
    """A copy of db holding report_id and only the reports `validate` reads with it (its
    compared periods and the period before it, services/store.py related_ids): what the
    unit's other reports cost, none of which is read, is the rest of the 500 against this."""
    from cchc_desktop.services.store import related_ids
    from cchc_desktop.storage.quick import StartupStore

    store = StartupStore(db)
    try:
        ids, previous = related_ids(store, store.load_report(report_id))
    finally:
        store.dispose()
    return _keeping(db, {report_id, *ids, *([previous] if previous is not None else [])}, out)


def _worker(argv: list[str]) -> int:
    """--worker RUNS DB ID ...: validate_times of the databases, printed as JSON (run by
    compared_validate with the code of one checkout on its PYTHONPATH)."""
    runs, rest = int(argv[0]), argv[1:]
    dbs = [(Path(rest[i]), int(rest[i + 1])) for i in range(0, len(rest), 2)]
    times = validate_times(dbs, runs)
    sys.stdout.write(json.dumps(times) + "\n")
    return 0


def compared_validate(
    dbs: dict[str, list[tuple[Path, int]]], other: Path, rounds: int, runs: int
) -> dict[str, list[list[float]]]:
    """validate_times by this checkout ("new") and by the code of `other` ("old"), each in a
    child process on the files of its own schema (dbs[name]), the two taken in turn `rounds`
    times (a load change touches both alike)."""
    here = Path(__file__).resolve()
    sources = {"new": here.parent.parent, "old": other.resolve()}
    out: dict[str, list[list[float]]] = {k: [[] for _ in dbs[k]] for k in sources}
    for _ in range(rounds):
        for name, source in sources.items():
            args = [str(x) for db, rid in dbs[name] for x in (db, rid)]
            env = {**os.environ, "PYTHONPATH": str(source)}
            done = subprocess.run(
                [sys.executable, str(here), "--worker", str(runs), *args],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            for k, t in enumerate(json.loads(done.stdout.splitlines()[-1])):
                out[name][k] += t
    return out


def main() -> int:
    if sys.argv[1:2] == ["--worker"]:
        return _worker(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--validate-only", action="store_true", help="skip opening the window")
    parser.add_argument(
        "--compare", type=Path, help="another checkout whose `validate` is measured in turn"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CCHC_DB"] = str(Path(tmp) / "unused.sqlite3")
        one = office_db(Path(tmp), 1, 1)
        big = office_db(Path(tmp), args.reports, 1)
        dbs = [(one, latest_report_id(one)), (big, latest_report_id(big))]
        if not args.validate_only:
            a, b = (statistics.median(t) for t in open_times(dbs, args.runs))
            print(
                f"open from the list: 1 report {a:.0f} ms; {args.reports} reports of the unit"
                f" {b:.0f} ms; ratio {b / a:.2f}x (target <= 1.2x)"
            )
        same = (alone(big, dbs[1][1], Path(tmp) / "alone.sqlite3"), dbs[1][1])
        read = (compared_only(big, dbs[1][1], Path(tmp) / "compared.sqlite3"), dbs[1][1])
        cpu: list[list[float]] = []
        a, b, c, d = (
            statistics.median(t) for t in validate_times([*dbs, same, read], args.runs * 3, cpu)
        )
        ca, cb, cc, _cd = (min(t) for t in cpu)
        print(
            f"cchc validate: 1 report {a:.1f} ms; {args.reports} reports of the unit {b:.1f} ms;"
            f" ratio {b / a:.2f}x (target <= 1.2x)"
        )
        print(
            f"cchc validate, the same report alone in its unit: {c:.1f} ms;"
            f" {args.reports} reports of the unit {b / c:.2f}x that (target <= 1.2x)"
        )
        print(
            f"cchc validate, the same report with only the reports it reads in its unit:"
            f" {d:.1f} ms; {args.reports} reports of the unit {b / d:.2f}x that (the unit's other"
            " reports, never read)"
        )
        print(
            f"  the same runs' CPU time (least): 1 report {ca:.1f} ms, alone {cc:.1f} ms,"
            f" {args.reports} reports {cb:.1f} ms; ratios {cb / ca:.2f}x and {cb / cc:.2f}x"
        )
        if args.compare:
            # the other checkout reads files of its own schema, made by its own code (an older
            # code base cannot open a newer schema's file)
            folder = Path(tmp) / "other"
            folder.mkdir()
            theirs = [office_db_of(args.compare, folder, 1, 1)]
            theirs.append(office_db_of(args.compare, folder, args.reports, 1))
            old_dbs = [(db, latest_report_id(db)) for db in theirs]
            old_dbs.append((alone(*old_dbs[1], folder / "alone.sqlite3"), old_dbs[1][1]))
            mine = [*dbs, same]
            both = compared_validate({"new": mine, "old": old_dbs}, args.compare, 6, args.runs)
            for name, times in both.items():
                a, b, c = (statistics.median(t) for t in times)
                print(
                    f"  {name} code ({args.compare if name == 'old' else 'this checkout'},"
                    f" child processes in turn): 1 report {a:.1f} ms, alone {c:.1f} ms,"
                    f" {args.reports} reports {b:.1f} ms; ratios {b / a:.2f}x and {b / c:.2f}x"
                )
            new_b, old_b = (statistics.median(both[k][1]) for k in ("new", "old"))
            print(f"  {args.reports} reports, new / old: {new_b / old_b:.2f}x")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
