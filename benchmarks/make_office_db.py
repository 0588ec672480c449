"""Builds office-scale databases for the benchmarks: many units, years and periods of the demo report.

Run: python benchmarks/make_office_db.py OUT.sqlite3 [--reports 2000] [--units 40]
The benchmarks call office_db(), which builds each size once into a cache folder and hands out a
fresh copy (a benchmark that types figures must not change the next one's database).

A unit has at most one report per period (7 periods a year), so 2,000 reports over 40 units take
50 periods per unit: the 5 latest years full (35) and 15 more of the years before. One unit with
500 reports (`--units 1`) spans 72 years (2000-2071). Every report is the demo report (narrative, footnotes,
Phụ lục I-III) with its figures shifted a little per period, written through the Repository, as
the app writes it.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from cchc_desktop.domain.periods import PERIOD_CHOICES, Period, period_sort_key
from cchc_desktop.domain.report import IndicatorValue, Report, Unit
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.services.catalogs import demo_report_data

LAST_YEAR = 2024
CACHE = Path(tempfile.gettempdir()) / "cchc-bench-cache"


def _periods(count: int) -> list[Period]:
    """The `count` latest periods up to the end of LAST_YEAR (or later), newest first."""
    out: list[Period] = []
    # years run from 2000 (the first the app accepts): 500 periods end in 2071
    year = max(LAST_YEAR, 2000 + -(-count // len(PERIOD_CHOICES)) - 1)
    while len(out) < count:
        year_periods = sorted((Period(year, k) for k in PERIOD_CHOICES), key=period_sort_key)
        out.extend(reversed(year_periods))
        year -= 1
    return out[:count]


def _variant(demo: Report, unit: Unit, period: Period, shift: int) -> Report:
    r = copy.deepcopy(demo)
    r.id = None
    r.unit = unit
    r.period = period
    r.subject = period.default_subject()
    for code, iv in list(r.values.items()):
        if isinstance(iv.value, Decimal) and iv.value >= 10 and iv.value == iv.value.to_integral():
            r.values[code] = IndicatorValue(iv.value + shift % 5, iv.note)
    return r


def make_office_db(path: Path, reports: int = 2000, units: int = 40) -> Path:
    from sqlalchemy import event

    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    path.unlink(missing_ok=True)
    engine = open_engine(path, create=True)
    # generating is not a keystroke: no fsync per report (set after the app's own pragmas)
    engine.dispose()
    event.listen(engine, "connect", lambda con, _r: con.execute("PRAGMA synchronous=OFF"))
    repo = Repository(engine)
    demo = report_from_dict(demo_report_data())
    per_unit = -(-reports // units)
    periods = list(reversed(_periods(per_unit)))
    for i, period in enumerate(periods):  # the first unit through the Repository, as the app
        repo.save_report(_variant(demo, _unit(0), period, i))
    engine.dispose()
    _copy_units(path, units, reports - per_unit)
    return path


def _unit(u: int) -> Unit:
    return Unit(f"Sở Ngành số {u + 1:02d}", "UBND TỈNH HÀ TĨNH", f"SN{u + 1:02d}", "Hà Tĩnh")


# narrative_parts: the narrative's rows since migration 0011 (a table an older schema lacks)
_CHILDREN = (
    "narrative_parts",
    "recipients",
    "footnotes",
    "propaganda_rows",
    "remediation_items",
    "indicator_values",
)


def _copy_units(path: Path, units: int, remaining: int) -> None:
    """The other units' reports: the first unit's rows copied in SQL (the Repository takes
    ~0.1 s a report; 2,000 of them would take minutes), the migration's mirror triggers firing as
    for any insert. Figures shift by the unit's number so the units differ."""
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    cols = {
        t: [r[1] for r in con.execute(f"PRAGMA table_info({t})") if r[1] not in ("id", "mirror")]
        for t in ("reports", *_CHILDREN)
    }
    source = [r[0] for r in con.execute("SELECT id FROM reports ORDER BY id")]
    with con:
        for u in range(1, units):
            if remaining <= 0:
                break
            unit = _unit(u)
            unit_id = con.execute(
                "INSERT INTO units (name, parent_authority, abbreviation, place) VALUES (?,?,?,?)",
                (unit.name, unit.parent_authority, unit.abbreviation, unit.place),
            ).lastrowid
            for rid in source[:remaining]:
                rc = [c for c in cols["reports"] if c != "unit_id"]
                new_id = con.execute(
                    f"INSERT INTO reports (unit_id, {', '.join(rc)})"
                    f" SELECT ?, {', '.join(rc)} FROM reports WHERE id = ?",
                    (unit_id, rid),
                ).lastrowid
                for t in _CHILDREN:
                    if not cols[t]:
                        continue  # not in this schema
                    cc = [c for c in cols[t] if c != "report_id"]
                    shifted = (  # whole figures shift by the unit's number, others are kept
                        "CASE WHEN number GLOB '[0-9]*' AND number NOT GLOB '*[^0-9]*'"
                        f" THEN CAST(number + {u % 7} AS TEXT) ELSE number END"
                    )
                    picked = [
                        shifted if t == "indicator_values" and c == "number" else c for c in cc
                    ]
                    con.execute(
                        f"INSERT INTO {t} (report_id, {', '.join(cc)})"
                        f" SELECT ?, {', '.join(picked)} FROM {t} WHERE report_id = ?",
                        (new_id, rid),
                    )
            remaining -= len(source[:remaining])
    con.close()


def office_db(folder: Path, reports: int = 2000, units: int = 40) -> Path:
    """A fresh copy of the cached database with `reports` reports over `units` units."""
    CACHE.mkdir(exist_ok=True)
    from cchc_desktop.storage.location import SCHEMA_HEAD

    # one file per schema: a code base cannot open a newer schema's (the folder is shared)
    cached = CACHE / f"office-{reports}-{units}-{SCHEMA_HEAD}.sqlite3"
    if not cached.exists():
        print(f"(tạo cơ sở dữ liệu {reports} báo cáo, {units} đơn vị...)", file=sys.stderr)
        make_office_db(cached.with_suffix(".tmp"), reports, units)
        cached.with_suffix(".tmp").replace(cached)
    out = folder / f"office-{reports}-{units}.sqlite3"
    shutil.copyfile(cached, out)
    return out


def office_db_of(code_base: Path, folder: Path, reports: int = 2000, units: int = 40) -> Path:
    """office_db made by the code of another checkout, in a child process: its schema (an older
    code base cannot open a newer schema's file; its app would stop on a message)."""
    here = Path(__file__).resolve().parent
    script = (
        f"import sys; sys.path.insert(0, {str(here)!r});"
        "from make_office_db import office_db;"
        f"print(office_db(__import__('pathlib').Path({str(folder)!r}), {reports}, {units}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(code_base)},
        cwd=code_base,  # `python -c` puts the working folder first on sys.path
    )
    return Path(done.stdout.split()[-1])


def _picked(shift: int, one_in: int) -> str:
    """SQL: whether a filled figure is one of about 1 in `one_in` picked by a hash of its report's
    id and its code (each report its own few)."""
    return (
        "number IS NOT NULL AND ((report_id * (length(code) * 131 + unicode(substr(code, -1)) * 31"
        f" + unicode(substr(code, -3)) * 7) * 2654435761) >> {shift}) % {one_in} = 0"
    )


def _write(db: Path, sql: str) -> None:
    """One statement on the file, in SQL, triggers firing as for any write."""
    import sqlite3

    con = sqlite3.connect(db)
    with con:
        con.execute(sql)
    con.close()


def vary_filled(db: Path) -> None:
    """Each report loses the figures of a few codes picked by its id, so that no two reports
    fill the same rows (the generated reports are copies: a list sharing one set of filled codes
    among 2,000 reports would flatter it)."""
    _write(db, f"DELETE FROM indicator_values WHERE {_picked(13, 10)}")


def retype_some(db: Path) -> None:
    """Each report has a few of its figures typed again (the same value, as a user correcting a
    figure and typing it back), picked by a hash of the report's id and the code: they fill the
    same codes as before, but the list summary (migration 0010) then holds them in another order
    per report, as a real office's reports, typed and corrected one by one, do."""
    _write(db, f"UPDATE indicator_values SET number = number WHERE {_picked(11, 8)}")


def latest_report_id(db: Path, unit_index: int = 0) -> int:
    """The newest period's report of the given unit (the one a user opens)."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        unit = f"Sở Ngành số {unit_index + 1:02d}"
        row = con.execute(
            "SELECT r.id FROM reports r JOIN units u ON u.id = r.unit_id WHERE u.name = ?"
            " ORDER BY r.year DESC, r.id DESC LIMIT 1",
            (unit,),
        ).fetchone()
        return int(row[0])
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--units", type=int, default=40)
    args = parser.parse_args()
    make_office_db(args.out, args.reports, args.units)
    print(f"{args.out}: {args.reports} báo cáo, {args.units} đơn vị")


if __name__ == "__main__":
    main()
