"""Builds office-scale databases for the benchmarks: many units, years and periods of the demo report.

Run: python benchmarks/make_office_db.py OUT.sqlite3 [--reports 2000] [--units 40]
The benchmarks call office_db(), which builds each size once into a cache folder and hands out a
fresh copy (a benchmark that types figures must not change the next one's database).

A unit has at most one report per period (7 periods a year), so 2,000 reports over 40 units take
50 periods per unit: the 5 latest years full (35) and 15 more of the years before. One unit with
500 reports (`--units 1`) spans 72 years. Every report is the demo report (narrative, footnotes,
Phụ lục I-III) with its figures shifted a little per period, written through the Repository, as
the app writes it.
"""

from __future__ import annotations

import argparse
import copy
import shutil
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
    """The `count` latest periods up to the end of LAST_YEAR, newest first."""
    out: list[Period] = []
    year = LAST_YEAR
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
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    path.unlink(missing_ok=True)
    engine = open_engine(path, create=True)
    repo = Repository(engine)
    demo = report_from_dict(demo_report_data())
    per_unit = -(-reports // units)
    periods = _periods(per_unit)
    made = 0
    with engine.connect() as con:  # generating is not a keystroke: no fsync per report
        con.exec_driver_sql("PRAGMA synchronous=OFF")
    for u in range(units):
        unit = Unit(f"Sở Ngành số {u + 1:02d}", "UBND TỈNH HÀ TĨNH", f"SN{u + 1:02d}", "Hà Tĩnh")
        for i, period in enumerate(reversed(periods)):
            if made >= reports:
                break
            repo.save_report(_variant(demo, unit, period, i + u))
            made += 1
    engine.dispose()
    return path


def office_db(folder: Path, reports: int = 2000, units: int = 40) -> Path:
    """A fresh copy of the cached database with `reports` reports over `units` units."""
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"office-{reports}-{units}.sqlite3"
    if not cached.exists():
        print(f"(tạo cơ sở dữ liệu {reports} báo cáo, {units} đơn vị...)", file=sys.stderr)
        make_office_db(cached.with_suffix(".tmp"), reports, units)
        cached.with_suffix(".tmp").replace(cached)
    out = folder / f"office-{reports}-{units}.sqlite3"
    shutil.copyfile(cached, out)
    return out


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
