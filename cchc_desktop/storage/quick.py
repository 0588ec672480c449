"""Start-up without waiting for SQLAlchemy.

Importing SQLAlchemy's ORM takes about 0.4 s, more than Python and PySide6 together. The GUI's
first screen only reads, so `StartupStore` answers the reads through plain sqlite3 (`QuickReader`,
mapping rows to reports with the same code as the ORM repository, records.py) while the ORM is
imported in the background; every write, and every call once the ORM is ready, goes through
`Repository`, the only code that writes. A file that is missing, from another schema revision or
unreadable is not read quickly at all: it is opened the full way at once, which creates, upgrades
or explains it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from _thread import allocate_lock  # threading.Lock itself
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain.periods import Period
from ..domain.report import IndicatorValue, Report, Unit
from ..domain.stored import CitedDocument, ReportSummary, StoredCatalog, WriteResult
from ..errors import NotFoundError
from .health import connect_readonly
from .location import SCHEMA_HEAD, resolve_db_path, stored_revision, user_cache_file
from .records import (
    document_from_row,
    has_provenance,
    read_figures,
    read_form,
    read_periods,
    read_revisions,
    read_summaries,
    report_from_rows,
    stored_row,
    unit_from_row,
)

if TYPE_CHECKING:
    import threading  # imported when a thread is started: a command never starts one

    from ..domain.changes import ReportPatch
    from ..domain.history import ChangeSource, FieldChange, HistoryEntry
    from ..domain.lifecycle import StatusRequest
    from .repository import Repository

_T = TypeVar("_T")
# rows of a long query read at a time (QuickReader._stream): a few pages of memory, used again
_CHUNK = 128


class QuickReader:
    """Read-only sqlite3 access to an up-to-date database, returning what Repository returns."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._con = connection
        self._lock = allocate_lock()

    @classmethod
    def open(cls, path: Path) -> QuickReader | None:
        """The reader, or None when the file should be opened the full way (missing, empty, from
        another schema revision, locked or unreadable)."""
        try:
            if not path.is_file() or path.stat().st_size == 0:
                return None
            con = connect_readonly(path)
        except (OSError, ValueError, sqlite3.Error):
            return None
        try:
            # a damaged file is never read quickly: the full way refuses it and offers a backup
            stamp = _file_stamp(path)
            known = stamp == _checked(path)
            sound = known or con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
            if sound and stored_revision(con) == SCHEMA_HEAD:
                if not known:
                    _remember_checked(path, stamp)
                return cls(con)
        except (sqlite3.Error, ValueError):  # a damaged page may hold bytes that are not UTF-8
            pass
        con.close()
        return None

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _rows(
        self, table: str, where: str = "", params: tuple[Any, ...] = (), order: str = ""
    ) -> list[Any]:
        # table, where and order are this module's constants; values go in as parameters
        sql = f"SELECT * FROM {table}"
        if where:
            sql += f" WHERE {where}"
        if order:
            sql += f" ORDER BY {order}"
        with self._lock:
            cur = self._con.execute(sql, params)
            names = [d[0] for d in cur.description]
            raw = cur.fetchall()
        return [stored_row(table, names, r) for r in raw]

    def _report(self, row: Any, unit: Any) -> Report:
        def children(table: str) -> list[Any]:
            return self._rows(table, "report_id = ?", (row.id,), "position")

        return report_from_rows(
            row,
            unit,
            narrative=children("narrative_parts"),
            recipients=children("recipients"),
            footnotes=children("footnotes"),
            propaganda=children("propaganda_rows"),
            remediation=children("remediation_items"),
            values=self._rows("indicator_values", "report_id = ?", (row.id,)),
        )

    def units(self) -> list[Unit]:
        return [unit_from_row(u) for u in self._rows("units", order="name")]

    def load_report(self, report_id: int) -> Report:
        found = self._rows("reports", "id = ?", (report_id,))
        if not found:
            raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
        row = found[0]
        return self._report(row, self._rows("units", "id = ?", (row.unit_id,))[0])

    def revision(self, report_id: int) -> int:
        with self._lock:
            found = self._con.execute(
                "SELECT revision FROM reports WHERE id = ?", (report_id,)
            ).fetchone()
        if found is None:
            raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
        return int(found[0])

    def unit_revisions(self, unit_name: str, around: Period | None = None) -> dict[int, int]:
        return read_revisions(self._execute, unit_name, around)

    def has_provenance(self, report_id: int) -> bool:
        return has_provenance(self._execute, report_id)

    def _execute(self, sql: str, params: tuple[Any, ...]) -> tuple[list[str], list[Any]]:
        with self._lock:
            cur = self._con.execute(sql, params)
            return [d[0] for d in cur.description], cur.fetchall()

    def _stream(self, sql: str, params: tuple[Any, ...]) -> tuple[list[str], Iterator[Any]]:
        """_execute's rows read a chunk at a time as they are iterated (the lock held for each
        chunk only: the reader of the rows may run other queries meanwhile); the statement
        ends when they are all read, or when the iterator is dropped."""
        with self._lock:
            cur = self._con.execute(sql, params)
            names = [d[0] for d in cur.description]

        def rows() -> Iterator[Any]:
            try:
                while True:
                    with self._lock:
                        chunk = cur.fetchmany(_CHUNK)
                    if not chunk:
                        return
                    yield from chunk
            finally:
                # without the lock: an iterator dropped unread may be let go while this thread
                # holds it (the lock is not reentrant); SQLite serialises the connection itself.
                # Let go after the reader was closed: nothing is left to end
                with contextlib.suppress(sqlite3.Error):
                    cur.close()

        return names, rows()

    def list_reports(self) -> list[ReportSummary]:
        return read_summaries(self._execute, stream=self._stream)

    def report_summary(self, report_id: int) -> ReportSummary:
        found = read_summaries(self._execute, report_id=report_id)
        if not found:
            raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
        return found[0]

    def report_form(self, report_id: int) -> tuple[str, str]:
        found = read_form(self._execute, report_id)
        if found is None:
            raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
        return found

    def unit_summaries(self, unit_name: str) -> list[ReportSummary]:
        return read_summaries(self._execute, unit_name=unit_name)

    def unit_periods(
        self, unit_name: str, around: Period | None = None
    ) -> list[tuple[int, Period]]:
        return read_periods(self._execute, unit_name, around)

    def load_figures(self, report_ids: Sequence[int]) -> list[Report]:
        return read_figures(self._execute, report_ids)

    def reports_for_unit(self, unit_name: str) -> list[Report]:
        units = self._rows("units", "name = ?", (unit_name,))
        if not units:
            return []
        rows = self._rows("reports", "unit_id = ?", (units[0].id,), "year, id")
        return [self._report(r, units[0]) for r in rows]

    def documents(self, unit_name: str) -> list[CitedDocument]:
        units = self._rows("units", "name = ?", (unit_name,))
        if not units:
            return []
        rows = self._rows("documents", "unit_id = ?", (units[0].id,), "issued_on, id")
        return [document_from_row(d) for d in rows]


# quick_check reads the whole file (1.7 s at 2,000 reports): a file that has not changed since it
# was found sound today (same size and modification time, its -wal too) is not checked again
# before a read. Any write changes the stamp; the first read of each day checks again; writes
# always go through open_engine's full integrity_check.
CHECKED_FILE = "kiem-tra-nhanh.txt"


def _file_stamp(path: Path) -> str:
    parts = [dt.date.today().isoformat()]
    for f in (path, path.with_name(path.name + "-wal")):
        try:
            st = f.stat()
        except OSError:
            st = None
        # an empty -wal holds nothing (opening the file to read creates one): as if missing
        parts.append(f"{st.st_size}:{st.st_mtime_ns}" if st is not None and st.st_size else "-")
    return " ".join(parts)


def _checked_file() -> Path:
    return user_cache_file(CHECKED_FILE)


def _checked(path: Path) -> str | None:
    """The stamp the file had when it was last found sound (None when unknown)."""
    try:
        lines = _checked_file().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    key = str(path.resolve()) + "\t"
    return next((line[len(key) :] for line in lines if line.startswith(key)), None)


def _remember_checked(path: Path, stamp: str) -> None:
    with contextlib.suppress(OSError, UnicodeDecodeError):  # a cache that cannot be written
        target = _checked_file()
        key = str(path.resolve()) + "\t"
        old = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
        kept = [line for line in old if not line.startswith(key)][-50:]
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_text("\n".join([*kept, key + stamp]) + "\n", encoding="utf-8")
        os.replace(tmp, target)


class StartupStore:
    """A ReportStore for the GUI: quick reads until the ORM Repository is ready, the Repository
    for every write and for everything after."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        create: bool = True,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.path = resolve_db_path(path)
        # the GUI's first start creates the database and says where; an upgrade names its backup
        # (the command line's read commands pass create=False and print what they are told)
        self.created = not self.path.exists()
        self.notices: list[str] = []
        self._create = create
        self._notify = notify or self.notices.append
        self._quick = QuickReader.open(self.path)
        self._repo: Repository | None = None
        self._open_lock = allocate_lock()
        self._loader: threading.Thread | None = None
        self._after_load: list[Callable[[], object]] = []  # run by load_in_background's thread
        self._backup: threading.Thread | None = None
        if self._quick is None:
            # new, older or odd file (a folder, not SQLite): open_engine creates, upgrades or
            # explains it now
            self.repository()

    @property
    def quick(self) -> bool:
        """Whether reads are still answered without the ORM."""
        return self._repo is None and self._quick is not None

    def repository(self) -> Repository:
        """The ORM repository, opened (and SQLAlchemy imported) on first need."""
        with self._open_lock:
            if self._repo is None:
                from .db import open_engine
                from .repository import Repository

                engine = open_engine(self.path, create=self._create, notify=self._notify)
                self._repo = Repository(engine)
            return self._repo

    def load_in_background(self) -> None:
        """Import SQLAlchemy and open the Repository on a thread while the user looks at the
        window; a write made before it is done waits for it (repository() takes the same lock)."""
        if self._repo is not None or self._loader is not None:
            return

        import threading

        def load() -> None:
            # a failure here is met again, and reported, by the next call that needs the ORM
            with contextlib.suppress(Exception):
                self.repository()
                for then in self._after_load:
                    then()

        self._loader = threading.Thread(target=load, name="cchc-orm-loader", daemon=True)
        self._loader.start()

    def when_loaded(self, then: Callable[[], object]) -> None:
        """then() on load_in_background's thread, once it has opened the Repository (to be asked
        before that load starts)."""
        self._after_load.append(then)

    def dispose(self) -> None:
        if self._loader is not None:
            self._loader.join()
        if self._backup is not None:
            self._backup.join()
        if self._quick is not None:
            self._quick.close()
            self._quick = None
        if self._repo is not None:
            self._repo.engine.dispose()

    def reopen(self) -> None:
        """Open the file again after dispose() (a backup was restored in between)."""
        self._loader = None
        self._backup = None
        self._repo = None
        self._quick = QuickReader.open(self.path)
        if self._quick is None:
            self.repository()

    def _read(self, quick: Callable[[QuickReader], _T], full: Callable[[Repository], _T]) -> _T:
        reader = self._quick
        if self._repo is None and reader is not None:
            try:
                return quick(reader)
            except (sqlite3.Error, ValueError, ArithmeticError, TypeError, KeyError):
                pass  # locked, a value that cannot be read...: the full way names what is wrong
        return full(self.repository())

    # --- reads --------------------------------------------------------------------------------
    def units(self) -> list[Unit]:
        return self._read(lambda q: q.units(), lambda r: r.units())

    def load_report(self, report_id: int) -> Report:
        return self._read(lambda q: q.load_report(report_id), lambda r: r.load_report(report_id))

    def list_reports(self) -> list[ReportSummary]:
        return self._read(lambda q: q.list_reports(), lambda r: r.list_reports())

    @property
    def problems(self) -> list[str]:
        """Reports the last list could not read (named); the others were listed."""
        return self._repo.problems if self._repo is not None else []

    def backup_in_background(self) -> threading.Thread:
        """The first open of the day copies the database (backup.daily_backup) on a thread, so the
        window never waits for it."""
        import threading

        from .backup import daily_backup

        def run() -> None:
            with contextlib.suppress(Exception):  # a backup that cannot be made never stops work
                daily_backup(self.path)

        thread = threading.Thread(target=run, name="cchc-daily-backup", daemon=True)
        thread.start()
        self._backup = thread
        return thread

    def reports_for_unit(self, unit_name: str) -> list[Report]:
        return self._read(
            lambda q: q.reports_for_unit(unit_name), lambda r: r.reports_for_unit(unit_name)
        )

    def report_summary(self, report_id: int) -> ReportSummary:
        return self._read(
            lambda q: q.report_summary(report_id), lambda r: r.report_summary(report_id)
        )

    def report_form(self, report_id: int) -> tuple[str, str]:
        return self._read(lambda q: q.report_form(report_id), lambda r: r.report_form(report_id))

    def unit_summaries(self, unit_name: str) -> list[ReportSummary]:
        return self._read(
            lambda q: q.unit_summaries(unit_name), lambda r: r.unit_summaries(unit_name)
        )

    def unit_periods(
        self, unit_name: str, around: Period | None = None
    ) -> list[tuple[int, Period]]:
        return self._read(
            lambda q: q.unit_periods(unit_name, around), lambda r: r.unit_periods(unit_name, around)
        )

    def load_figures(self, report_ids: Sequence[int]) -> list[Report]:
        return self._read(
            lambda q: q.load_figures(report_ids), lambda r: r.load_figures(report_ids)
        )

    def documents(self, unit_name: str) -> list[CitedDocument]:
        return self._read(lambda q: q.documents(unit_name), lambda r: r.documents(unit_name))

    # --- writes: always the ORM ---------------------------------------------------------------
    def save_report(self, report: Report, *, source: ChangeSource | str | None = None) -> int:
        return self.repository().save_report(report, source=source)

    def delete_report(self, report_id: int) -> None:
        self.repository().delete_report(report_id)

    def set_values(
        self,
        report_id: int,
        values: dict[str, IndicatorValue],
        *,
        # ChangeSource's plain values, as the Repository accepts them: a read never imports
        # domain/history.py (test_quick_start checks they are the Repository's defaults)
        source: ChangeSource | str = "command",
    ) -> int:
        return self.repository().set_values(report_id, values, source=source)

    def write_patch(
        self,
        report_id: int,
        patch: ReportPatch,
        expected_revision: int | None = None,
        source: ChangeSource | str = "typed",
    ) -> WriteResult:
        return self.repository().write_patch(report_id, patch, expected_revision, source=source)

    def change_status(
        self,
        report_id: int,
        request: StatusRequest,
        *,
        errors: int,
        source: ChangeSource | str = "typed",
    ) -> Report:
        return self.repository().change_status(report_id, request, errors=errors, source=source)

    def history(self, report_id: int, code: str | None = None) -> list[HistoryEntry]:
        return self.repository().history(report_id, code)

    def record_history(
        self, report_id: int, changes: list[FieldChange], source: ChangeSource | str
    ) -> None:
        self.repository().record_history(report_id, changes, source)

    def revision(self, report_id: int) -> int:
        return self._read(lambda q: q.revision(report_id), lambda r: r.revision(report_id))

    def checkpoint(self) -> None:
        if self._repo is not None:  # nothing was written before the ORM was opened
            self._repo.checkpoint()

    def unit_revisions(self, unit_name: str, around: Period | None = None) -> dict[int, int]:
        return self._read(
            lambda q: q.unit_revisions(unit_name, around),
            lambda r: r.unit_revisions(unit_name, around),
        )

    def has_provenance(self, report_id: int) -> bool:
        """Whether show must read the report's merge provenance (with the ORM)."""
        return self._read(
            lambda q: q.has_provenance(report_id), lambda r: r.has_provenance(report_id)
        )

    def save_document(self, unit: Unit, doc: CitedDocument) -> int:
        return self.repository().save_document(unit, doc)

    # --- user catalogs: the ORM (rarely read, never at start-up) ------------------------------
    def stored_catalogs(self) -> list[StoredCatalog]:
        return self.repository().stored_catalogs()

    def catalog_usage(self) -> dict[tuple[str, str], int]:
        return self.repository().catalog_usage()

    def add_catalog(self, catalog: StoredCatalog) -> None:
        self.repository().add_catalog(catalog)

    def set_catalog_mapping(self, catalog_id: str, version: str, mapping: str | None) -> None:
        self.repository().set_catalog_mapping(catalog_id, version, mapping)

    def delete_catalog(self, catalog_id: str, version: str) -> None:
        self.repository().delete_catalog(catalog_id, version)
