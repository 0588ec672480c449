"""The read commands' output of this code against an older checkout, byte for byte: `list`,
`list --json`, `show ID` and `show ID --json` (exit codes and stderr too) on the demo database and
on the 2,000-report one, and `validate ID` and `validate ID --json` of --validate reports spread
over the database. Each code base reads its own copy of the same database (the older one
cannot open a newer schema); both run in the same minute, so the deadlines count the same days.

Run: python benchmarks/compare_cli_output.py --base /path/to/old/checkout [--reports 2000]
    [--units 40] [--validate 12]
(--reports 500 --units 1: one unit's 500 reports, each validated against its other periods.)
The latest report is also validated with a figure of its unit's other reports of its year flipped
under its mirror (a damaged file a check may read).
Prints one line per comparison and exits 1 if any differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_office_db import latest_report_id, office_db_of, vary_filled

HERE = Path(__file__).resolve().parents[1]


def _cchc(code_base: Path, db: Path, *args: str) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "PYTHONPATH": str(code_base), "CCHC_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "--db", str(db), *args],
        capture_output=True,
        check=False,
        env=env,
        cwd=code_base,
    )
    return done.returncode, done.stdout, done.stderr


def _upgraded(code_base: Path, source: Path, out: Path) -> Path:
    """A copy of source opened (and upgraded, untimed) by code_base's own `cchc list`."""
    shutil.copyfile(source, out)
    _cchc(code_base, out, "list")
    return out


def _raw(db: Path, sql: str) -> None:
    con = sqlite3.connect(db)
    with con:
        con.execute(sql)
    con.close()


def _flip(db: Path, rid: str, figure: str) -> None:
    """Code 1.1.1 of the other reports of rid's unit and year becomes `figure` (SQL) with its
    mirror left as it was (the mirror's trigger is set aside for the change)."""
    con = sqlite3.connect(db)
    with con:
        (trigger,) = con.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'mirror_indicator_values_update'"
        ).fetchone()
        con.execute("DROP TRIGGER mirror_indicator_values_update")
        con.execute(
            f"UPDATE indicator_values SET number = {figure} WHERE code = '1.1.1' AND report_id IN"
            " (SELECT o.id FROM reports o JOIN reports r ON r.unit_id = o.unit_id"
            f" AND r.year = o.year WHERE r.id = {rid} AND o.id != {rid})"
        )
        con.execute(trigger)
    con.close()


def _compare(name: str, base: Path, old: Path, new: Path, commands: Any) -> int:
    differ = 0
    for argv in commands:
        was, now = _cchc(base, old, *argv), _cchc(HERE, new, *argv)
        same = was == now
        differ += not same
        print(
            f"{name}: cchc {' '.join(argv)}: {'identical' if same else 'DIFFERENT'}"
            f" (exit {now[0]}, {len(now[1])} bytes out, {len(now[2])} bytes err)"
        )
    return differ


def _validations(db: Path, count: int) -> list[list[str]]:
    """`validate ID` and `validate ID --json` for count reports spread evenly over db's ids."""
    con = sqlite3.connect(db)
    ids = [row[0] for row in con.execute("SELECT id FROM reports ORDER BY id")]
    con.close()
    step = max(1, len(ids) // max(1, count))
    picked = ids[::step][:count]
    return [
        argv
        for rid in map(str, picked)
        for argv in (["validate", rid], ["validate", rid, "--json"])
    ]


# the list's other statuses and sending columns (every report of the generator is a draft)
_SENDINGS = (
    "UPDATE reports SET status = 'final' WHERE id % 7 = 1",
    "UPDATE reports SET status = 'sent', sent_on = '2024-07-0' || (id % 9 + 1),"
    " sent_via = CASE id % 3 WHEN 0 THEN 'paper' WHEN 1 THEN 'system' ELSE 'email' END,"
    " sent_number = id || '/VP' WHERE id % 7 = 2",
    "UPDATE reports SET number = id, symbol = 'BC-SO', reopen_count = 1,"
    " reopen_reason = 'Sửa số liệu' WHERE id % 7 = 3",
    "UPDATE reports SET status = 'sent', sent_on = '2024-12-31', sent_via = NULL,"
    " sent_number = '' WHERE id % 11 = 4",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="checkout of the older code")
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--validate", type=int, default=12, help="reports validated per database")
    args = parser.parse_args()
    base = args.base.resolve()
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = folder / "demo.sqlite3"
        _cchc(base, demo, "demo")
        office = office_db_of(base, folder, args.reports, args.units)
        for name, source in (("demo", demo), (f"{args.reports} reports", office)):
            old = _upgraded(base, source, folder / f"old-{source.name}")
            new = _upgraded(HERE, source, folder / f"new-{source.name}")
            rid = str(latest_report_id(old)) if name != "demo" else "1"
            commands = (["list"], ["list", "--json"], ["show", rid], ["show", rid, "--json"])
            differ += _compare(name, base, old, new, commands)
            differ += _compare(name, base, old, new, _validations(old, args.validate))
            # a figure of the unit's other reports of that year flipped under its mirror (a
            # damaged file): in the periods a check compares (a row it does not compare, here)
            # and in those it does not read; then as it was, before the edits by hand
            for db in (old, new):
                _flip(db, rid, "number || '1'")
            validated = (["validate", rid], ["validate", rid, "--json"])
            differ += _compare(
                f"{name}, a figure of another period flipped", base, old, new, validated
            )
            for db in (old, new):
                _flip(db, rid, "substr(number, 1, length(number) - 1)")
            # then by hand in both: every report loses a few figures of its own (no two lists of
            # filled codes alike), some are finished, sent (one by each way) or sent, reopened and
            # numbered, and one figure is damaged
            for db in (old, new):
                vary_filled(db)
                for sql in _SENDINGS:
                    _raw(db, sql)
                _raw(
                    db,
                    f"UPDATE indicator_values SET number = '3x8' WHERE report_id = {rid}"
                    " AND code = '1.1.2'",
                )
            differ += _compare(f"{name}, edited by hand", base, old, new, commands[:2])
            damaged = (["validate", rid], ["validate", rid, "--json"])
            differ += _compare(f"{name}, edited by hand", base, old, new, damaged)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
