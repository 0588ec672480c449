"""Backups of the report database in a `backups/` folder beside it: daily, before every schema
upgrade, Excel import and restore; listing, pruning (the newest KEEP stay) and restoring.

Every copy is made by SQLite itself (VACUUM INTO from a read-only connection: a consistent snapshot
even while another window writes), never by copying the file's bytes, which could catch a write
half-way and, on POSIX, would drop this process's SQLite locks (see health.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..domain.frozen import Frozen
from ..errors import FileProblemError
from .health import (
    DamagedDatabaseError,
    connect_readonly,
    examine,
    folder_writable,
    report_count,
    translate,
)

BACKUP_FOLDER = "backups"
KEEP_ENV = "CCHC_BACKUP_KEEP"
DEFAULT_KEEP = 20
DAILY = "hang-ngay"
# <stem>-YYYYmmdd-HHMMSS[-n]-<reason>.sqlite3
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?-(?P<reason>[a-z0-9-]+)$")

REASONS = {
    DAILY: "hằng ngày",
    "thu-cong": "sao lưu thủ công",
    "truoc-nhap-excel": "trước khi nhập Excel",
    "truoc-khoi-phuc": "trước khi khôi phục",
    "truoc-nang-cap": "trước khi nâng cấp",
}


class BackupInfo(Frozen):
    """One backup file, for the restore dialog and `cchc restore`."""

    __match_args__ = ("path", "created", "reason", "size", "reports")
    path: Path
    created: dt.datetime
    reason: str
    size: int
    reports: int | None  # None: the file cannot be read

    def __init__(
        self,
        path: Path,
        created: dt.datetime,
        reason: str,
        size: int,
        reports: int | None,
    ) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "created", created)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "reports", reports)

    @property
    def reason_label(self) -> str:
        base = self.reason.split("-0")[0] if self.reason.startswith("truoc-nang-cap") else None
        return REASONS.get(base or self.reason, self.reason)


def keep_count() -> int:
    """How many backups stay (the setting $CCHC_BACKUP_KEEP, default 20; at least 1)."""
    try:
        return max(1, int(os.environ.get(KEEP_ENV, DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def _fsync(path: Path) -> None:
    # the backup file has no SQLite connection open: opening it by hand is harmless here
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of source at target (written beside it, then renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    partial.unlink(missing_ok=True)
    try:
        con = connect_readonly(source, timeout=30)
        try:
            con.execute("VACUUM INTO ?", (str(partial),))
        finally:
            con.close()
        _fsync(partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        reason = translate(exc) if isinstance(exc, sqlite3.Error) else exc.strerror or str(exc)
        raise FileProblemError(f"Không sao lưu được vào “{target}”: {reason}") from exc
    return target


def make_backup(db_path: Path, reason: str, dest: Path | None = None) -> Path:
    """Copy the database into backups/ (or to dest); returns the file written."""
    if dest is None:
        folder = backup_folder(db_path)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = folder / f"{db_path.stem}-{stamp}-{reason}{db_path.suffix}"
        n = 1
        while dest.exists():
            dest = folder / f"{db_path.stem}-{stamp}-{n}-{reason}{db_path.suffix}"
            n += 1
    return copy_database(db_path, dest)


def backup_store(store: object, reason: str) -> Path | None:
    """A backup of the database behind a ReportStore (StartupStore, Repository); None for a store
    without a file (tests' in-memory fakes)."""
    path = getattr(store, "path", None)
    return make_backup(Path(path), reason) if path else None


def _named_backups(db_path: Path) -> Iterator[tuple[Path, str, dt.datetime]]:
    """The backups folder's copies of the database, by their names alone: (file, reason, time)."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return
    for path in folder.glob(f"*{db_path.suffix}"):
        m = _NAME.match(path.stem)
        if not m or m["stem"] != db_path.stem:
            continue
        try:
            created = _stamp_time(m["stamp"])
        except ValueError:
            continue
        yield path, m["reason"], created


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The database's backups, newest first."""
    found: list[BackupInfo] = []
    for path, reason, created in _named_backups(db_path):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, created, reason, size, report_count(path)))
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def prune(db_path: Path, keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups; returns the files deleted."""
    keep = keep_count() if keep is None else max(1, keep)
    removed = []
    for info in list_backups(db_path)[keep:]:
        with contextlib.suppress(OSError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def daily_backup(db_path: Path) -> Path | None:
    """The first open of each day copies the database (then prunes); None when today's copy
    exists, the file holds no report yet, or the folder cannot be written (reading still works)."""
    if not db_path.is_file() or db_path.stat().st_size == 0 or not folder_writable(db_path):
        return None
    today = dt.date.today()
    # by the names alone: every command that reads asks this, and list_backups opens each backup
    if _has_daily(db_path, today):
        return None
    if not report_count(db_path):  # a new database: an empty copy would take today's place
        return None
    try:
        made = make_backup(db_path, DAILY)
    except FileProblemError:
        return None
    prune(db_path)
    return made


def _has_daily(db_path: Path, day: dt.date) -> bool:
    """Whether the backups folder holds the day's daily copy of the database (by the names
    alone, as list_backups reads them, without opening each copy)."""
    return any(
        reason == DAILY and created.date() == day for _, reason, created in _named_backups(db_path)
    )


def _stamp_time(stamp: str) -> dt.datetime:
    """YYYYmmdd-HHMMSS as a time (strptime's module costs a command a few ms to import)."""
    return dt.datetime(
        int(stamp[0:4]),
        int(stamp[4:6]),
        int(stamp[6:8]),
        int(stamp[9:11]),
        int(stamp[11:13]),
        int(stamp[13:15]),
    )


def verify_backup(path: Path) -> None:
    """Refuse a file that is missing, not a CCHC database or damaged, before it replaces anything."""
    if not path.is_file():
        raise FileProblemError(f"Không có tệp sao lưu “{path}”")
    state = examine(path, full=True)
    if state.revision is None:
        raise FileProblemError(f"Tệp “{path}” không phải bản sao lưu của CCHC Desktop")


def _aside_name(db_path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.hong-{stamp}{db_path.suffix}")


def move_aside(db_path: Path) -> Path:
    """Rename a damaged database (with its -wal and -shm) out of the way, contents untouched."""
    aside = _aside_name(db_path)
    try:
        os.replace(db_path, aside)
        for ext in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + ext)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + ext))
    except OSError as exc:
        raise FileProblemError(
            f"Không đổi tên được tệp hỏng “{db_path}” (có thể đang mở ở chương trình khác):"
            f" {exc.strerror}"
        ) from exc
    return aside


def _write_into(backup: Path, db_path: Path) -> None:
    """Copy the backup's pages into the live database through SQLite (its locks and WAL): a
    window or command that has the file open sees the restored reports, never a swapped file."""
    try:
        src = connect_readonly(backup, timeout=30)
        try:
            dst = sqlite3.connect(str(db_path), timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise FileProblemError(f"Không khôi phục được vào “{db_path}”: {translate(exc)}") from exc


class RestoreResult(Frozen):
    """What a restore did: the backup used, the copy of what it replaced."""

    __match_args__ = ("restored_from", "safety_backup", "damaged_aside")
    restored_from: Path
    safety_backup: Path | None  # the database as it was, when it could be read
    damaged_aside: Path | None  # the damaged database, renamed, when it could not

    def __init__(
        self,
        restored_from: Path,
        safety_backup: Path | None,
        damaged_aside: Path | None,
    ) -> None:
        object.__setattr__(self, "restored_from", restored_from)
        object.__setattr__(self, "safety_backup", safety_backup)
        object.__setattr__(self, "damaged_aside", damaged_aside)


def restore(db_path: Path, backup: Path) -> RestoreResult:
    """Replace the database with a verified backup. A sound current database is backed up first;
    a damaged one is renamed aside untouched. Close every connection of this process first."""
    verify_backup(backup)
    safety: Path | None = None
    aside: Path | None = None
    if db_path.exists():
        try:
            examine(db_path)
            safety = make_backup(db_path, "truoc-khoi-phuc")
        except DamagedDatabaseError:
            aside = move_aside(db_path)
        except FileProblemError:
            aside = move_aside(db_path)
    if safety is not None:
        _write_into(backup, db_path)
    else:
        staged = db_path.with_name(db_path.name + ".khoi-phuc")
        copy_database(backup, staged)
        try:
            os.replace(staged, db_path)
        except OSError as exc:
            staged.unlink(missing_ok=True)
            raise FileProblemError(
                f"Không thay được tệp “{db_path}” (có thể đang mở ở chương trình khác):"
                f" {exc.strerror}"
            ) from exc
    prune(db_path)
    if safety is not None:
        _record_restore(db_path, safety)
    return RestoreResult(backup, safety, aside)


def _record_restore(db_path: Path, safety: Path) -> None:
    from .restore_history import record_restore

    try:
        record_restore(db_path, safety)
    except Exception:  # the restore is done and sound; its history is a record, not the data
        import logging  # here: every read command imports this module for daily_backup

        logging.getLogger(__name__).exception(
            "the restore's changes were not recorded in the history"
        )


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    for info in list_backups(db_path):
        if info.reports is None:
            continue
        try:
            verify_backup(info.path)
        except FileProblemError:
            continue
        return info
    return None
