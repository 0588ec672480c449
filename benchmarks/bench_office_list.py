"""The report list at office scale: GUI start to the painted list, and `cchc list`, at 2,000 reports
against the same with one report, measured in the same run (time and peak memory).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_office_list.py [--reports 2000] [--runs 5]
     [--only gui|cli] [--varied | --retyped] [--compare DIR]
--compare DIR: the same pairs also run by the code of another checkout (e.g. an older revision),
interleaved with this code's, so that both ratios come from the same minutes.
--varied: every report first loses a few figures of its own (make_office_db.vary_filled), so that
no two reports fill the same rows and nothing the list shares between equal reports flatters it.
--retyped: every report has a few figures typed again (make_office_db.retype_some): the same
codes filled, written in another order per report, as in an office where figures get corrected.
Target: <= 1.3x the one-report figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_office_db import office_db, office_db_of, retype_some, vary_filled

# `cchc-desktop --db DB` to the painted list; QApplication.exec is replaced by "paint what is
# pending, report (seconds since spawned, peak RSS MB), leave".
GUI = """
import os, resource, sys, time
spawned = float(sys.argv[1])
from PySide6.QtWidgets import QApplication
def exec_(self=None):
    QApplication.instance().processEvents()
    use = resource.getrusage(resource.RUSAGE_SELF)
    print(time.time() - spawned, use.ru_maxrss // 1024, use.ru_utime + use.ru_stime)
    sys.stdout.flush()
    os._exit(0)
QApplication.exec = exec_
import cchc_desktop.gui.app as gui_app
gui_app.main(["--db", sys.argv[2]])
"""

CLI = """
import os, resource, sys, time
spawned = float(sys.argv[1])
from cchc_desktop.cli import main
out = sys.stdout
sys.stdout = open(os.devnull, "w")
code = main(["--db", sys.argv[2], *sys.argv[3:]])
use = resource.getrusage(resource.RUSAGE_SELF)
print(time.time() - spawned, use.ru_maxrss // 1024, use.ru_utime + use.ru_stime, file=out)
out.flush()
os._exit(0)
"""

_CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(code: str, *args: str, source: Path | None = None) -> tuple[float, int, float]:
    """(seconds, peak MB, CPU seconds) of one child; source: the checkout whose cchc_desktop the
    child imports (None: this one)."""
    env = _CHILD_ENV if source is None else {**_CHILD_ENV, "PYTHONPATH": str(source)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(time.time()), *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=source,
    ).stdout.split()
    return float(out[0]), int(out[1]), float(out[2])


def paired(
    code: str,
    dbs: dict[Path | None, tuple[Path, Path]],
    runs: int,
    *extra: str,
    source: Path | None = None,
) -> dict[str, list[float]]:
    """Each run: this code's 1-report and big figures and, with source, the other checkout's,
    interleaved, so disk cache and CPU state favour neither. dbs: each code base's (1-report,
    big) files."""
    bases = [None] if source is None else [None, source]
    for base in bases:  # untimed: bytecode written, files in the disk cache
        for db in dbs[base]:
            run(code, str(db), *extra, source=base)
    out: dict[str, list[float]] = {}
    for _ in range(runs):
        for base in bases:
            tag = "" if base is None else "old_"
            for size, db in zip(("one", "big"), dbs[base], strict=True):
                t, m, cpu = run(code, str(db), *extra, source=base)
                out.setdefault(f"{tag}{size}", []).append(t)
                out.setdefault(f"{tag}{size}_mb", []).append(m)
                out.setdefault(f"{tag}{size}_cpu", []).append(cpu)
    return out


def _line(r: dict[str, list[float]], tag: str, reports: int) -> str:
    one, big = statistics.median(r[f"{tag}one"]), statistics.median(r[f"{tag}big"])
    one_mb, big_mb = max(r[f"{tag}one_mb"]), max(r[f"{tag}big_mb"])
    # the ratio of each pair (1 report, then big, run one after the other), their median
    ratios = [b / o for o, b in zip(r[f"{tag}one"], r[f"{tag}big"], strict=True)]
    # CPU time (user + system, all threads): less moved by other processes than the wall clock
    one_cpu, big_cpu = statistics.median(r[f"{tag}one_cpu"]), statistics.median(r[f"{tag}big_cpu"])
    return (
        f"1 report {one * 1000:.0f} ms {one_mb:.0f} MB; {reports} reports {big * 1000:.0f} ms"
        f" {big_mb:.0f} MB; ratio {big / one:.2f}x time (median of pairs"
        f" {statistics.median(ratios):.2f}x), {big_mb / one_mb:.2f}x memory;"
        f" CPU {one_cpu * 1000:.0f} vs {big_cpu * 1000:.0f} ms = {big_cpu / one_cpu:.2f}x;"
        # the fastest run of each: what a busy machine disturbed least
        f" fastest {min(r[f'{tag}one']) * 1000:.0f} vs {min(r[f'{tag}big']) * 1000:.0f} ms"
        f" = {min(r[f'{tag}big']) / min(r[f'{tag}one']):.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", choices=["gui", "cli"], help="measure only the GUI start or only `cchc list`"
    )
    parser.add_argument(
        "--varied",
        action="store_true",
        help="each report first loses a few figures of its own (no two fill the same rows)",
    )
    parser.add_argument(
        "--retyped",
        action="store_true",
        help="each report first has a few figures typed again (the same codes, in another order)",
    )
    parser.add_argument(
        "--compare", type=Path, help="another checkout measured in the same pairs (older code)"
    )
    args = parser.parse_args()
    source = args.compare.resolve() if args.compare else None
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CCHC_DB"] = str(Path(tmp) / "unused.sqlite3")
        _CHILD_ENV["CCHC_DB"] = os.environ["CCHC_DB"]
        one = office_db(Path(tmp), 1, 1)
        big = office_db(Path(tmp), args.reports, args.units)
        # the other checkout reads files of its own schema, made by its own code
        other = Path(tmp) / "other"
        other.mkdir()
        dbs: dict[Path | None, tuple[Path, Path]] = {None: (one, big)}
        if source is not None:
            dbs[source] = (
                office_db_of(source, other, 1, 1),
                office_db_of(source, other, args.reports, args.units),
            )
        change = vary_filled if args.varied else retype_some if args.retyped else None
        if change is not None:  # upgraded first by the code measured, then changed as any writer
            for base, pair in dbs.items():
                for db in pair:
                    run(CLI, str(db), "list", source=base)
                    change(db)
        for name, code, extra in (
            ("GUI start to the painted list", GUI, ()),
            ("cchc list", CLI, ("list",)),
            ("cchc list --json", CLI, ("list", "--json")),
        ):
            if args.only and (code is GUI) != (args.only == "gui"):
                continue
            r = paired(code, dbs, args.runs, *extra, source=source)
            print(f"{name}: {_line(r, '', args.reports)} (target <= 1.3x)", flush=True)
            if source is not None:
                print(f"  the same from {source}: {_line(r, 'old_', args.reports)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
