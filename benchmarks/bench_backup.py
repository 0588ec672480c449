"""The daily backup of a 500-report database (VACUUM INTO, storage/backup.py), and what the checks
on open cost on it: quick_check (every open), integrity_check (`cchc check`). Also shows that the
GUI's daily backup runs on a thread: the time the calling (GUI) thread is held.

Usage: python benchmarks/bench_backup.py [REPORTS] [RUNS]   (prints its figures)
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path


def build(path: Path, reports: int) -> None:
    """reports copies of the reference report (each with its figures, narrative, appendices)."""
    from cchc_desktop.domain.serialize import report_from_dict
    from cchc_desktop.services.catalogs import demo_report_data
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    repo = Repository(open_engine(path))
    data = demo_report_data()
    for i in range(reports):
        report = report_from_dict(data)
        report.unit.name = f"Đơn vị số {i // 7 + 1}"
        report.period = type(report.period)(2000 + i % 7 * 3 + (i % 3), report.period.kind)
        repo.save_report(report)
    repo.engine.dispose()


def timed(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from cchc_desktop.storage import backup
    from cchc_desktop.storage.quick import StartupStore

    reports = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cchc.sqlite3"
        build(db, reports)
        con = sqlite3.connect(db)
        count = con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        con.close()
        size = db.stat().st_size

        def daily() -> None:
            for b in backup.list_backups(db):
                b.path.unlink()
            assert backup.daily_backup(db) is not None

        def check(pragma: str) -> None:
            c = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
            assert c.execute(f"PRAGMA {pragma}").fetchone()[0] == "ok"
            c.close()

        t_daily = timed(daily, runs)
        t_quick = timed(lambda: check("quick_check"), runs)
        t_full = timed(lambda: check("integrity_check"), runs)
        for b in backup.list_backups(db):
            b.path.unlink()
        store = StartupStore(db)
        start = time.perf_counter()
        thread = store.backup_in_background()
        held = time.perf_counter() - start
        thread.join()
        store.dispose()
        made = backup.list_backups(db)
    print(f"database: {count} reports, {size / 1e6:.1f} MB")
    print(f"daily backup (VACUUM INTO + prune), median of {runs}: {t_daily * 1000:.0f} ms")
    print(f"GUI thread held while the daily backup starts on its thread: {held * 1000:.2f} ms")
    print(f"  backup written by the thread: {len(made)} file ({made[0].size / 1e6:.1f} MB)")
    print(f"quick_check (every open): {t_quick * 1000:.0f} ms")
    print(f"integrity_check (cchc check): {t_full * 1000:.0f} ms")


if __name__ == "__main__":
    main()
