"""What the list's summary triggers (migration 0010's on indicator_values, 0012's on list_figures)
add to a write: one typed figure (the statements write_patch issues on Enter: the value's row
deleted and written again) and one whole report's figures written (a copy with its figures, an
import), on the 2,000-report database, with the triggers and without them (dropped from a second
copy), interleaved in the same run. Commits are not fsync'd here (synchronous=OFF): the disk's
time is the same either way and would hide the triggers' own.

Run: python benchmarks/bench_list_triggers.py [--reports 2000] [--rounds 400]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_office_db import latest_report_id, office_db


def _prepared(folder: Path, reports: int) -> Path:
    """The office database brought to the head (the cache may be older), through the app."""
    from cchc_desktop.storage.db import open_engine

    path = office_db(folder, reports, 40)
    open_engine(path).dispose()
    return path


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA foreign_keys=ON")
    return con


def one_figure(con: sqlite3.Connection, rid: int, n: int) -> float:
    """µs for one figure typed: write_patch's delete and insert of the value, one transaction."""
    start = time.perf_counter()
    con.execute("BEGIN")
    con.execute("DELETE FROM indicator_values WHERE report_id = ? AND code = '1.1.1'", (rid,))
    con.execute(
        "INSERT INTO indicator_values (report_id, code, number, text, note) VALUES (?, ?, ?, ?, ?)",
        (rid, "1.1.1", str(30 + n % 9), None, ""),
    )
    con.execute("COMMIT")
    return (time.perf_counter() - start) * 1e6


def whole_report(con: sqlite3.Connection, rid: int) -> float:
    """ms for a report's figures written again at once (deleted, then copied back)."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS saved AS SELECT * FROM indicator_values WHERE 0")
    con.execute("DELETE FROM saved")
    con.execute("INSERT INTO saved SELECT * FROM indicator_values WHERE report_id = ?", (rid,))
    columns = [r[1] for r in con.execute("PRAGMA table_info(indicator_values)") if r[1] != "mirror"]
    names = ", ".join(columns)
    start = time.perf_counter()
    con.execute("BEGIN")
    con.execute("DELETE FROM indicator_values WHERE report_id = ?", (rid,))
    con.execute(f"INSERT INTO indicator_values ({names}) SELECT {names} FROM saved")
    con.execute("COMMIT")
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kept = _prepared(folder, args.reports)
        bare = folder / "without-triggers.sqlite3"
        shutil.copyfile(kept, bare)
        con = _connect(bare)
        triggers = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND (name LIKE 'list_figures%' OR name LIKE 'code_sets%')"
        )
        for (name,) in con.execute(triggers).fetchall():
            con.execute(f"DROP TRIGGER {name}")
        con.close()
        rid = latest_report_id(kept)
        cons = {"with": _connect(kept), "without": _connect(bare)}
        figure: dict[str, list[float]] = {k: [] for k in cons}
        report: dict[str, list[float]] = {k: [] for k in cons}
        for n in range(args.rounds):  # interleaved: cache and CPU state favour neither
            for name, con in cons.items():
                figure[name].append(one_figure(con, rid, n))
        for _ in range(max(5, args.rounds // 20)):
            for name, con in cons.items():
                report[name].append(whole_report(con, rid))
        count = (
            cons["with"]
            .execute("SELECT count(*) FROM indicator_values WHERE report_id = ?", (rid,))
            .fetchone()[0]
        )
        for con in cons.values():
            con.close()
    with_f, without_f = (statistics.median(figure[k]) for k in ("with", "without"))
    with_r, without_r = (statistics.median(report[k]) for k in ("with", "without"))
    print(
        f"one figure typed (delete + insert, one transaction, no fsync): {with_f:.0f} µs with the"
        f" triggers, {without_f:.0f} µs without: +{with_f - without_f:.0f} µs"
    )
    print(
        f"one report's {count} values written again: {with_r:.1f} ms with the triggers,"
        f" {without_r:.1f} ms without: +{with_r - without_r:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
