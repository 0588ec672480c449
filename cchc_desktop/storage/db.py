"""Opens the SQLite report database: connection settings, checks on open, safe automatic upgrade."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event

from ..errors import FileProblemError
from .health import FileState, examine, folder_writable, readonly_uri, translate
from .location import (
    APP_NAME,
    DB_FILENAME,
    ENV_VAR,
    SCHEMA_HEAD,
    default_db_path,
    resolve_db_path,
)

__all__ = [
    "APP_NAME",
    "DB_FILENAME",
    "ENV_VAR",
    "SCHEMA_HEAD",
    "default_db_path",
    "open_engine",
]

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    # WAL survives a crash mid-write without a torn database; FULL fsyncs each commit, so a
    # keystroke the GUI saved is on disk even if the machine loses power right after.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _set_readonly_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA busy_timeout=5000")


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _known_revisions(cfg: Config | None = None) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(cfg or alembic_config())
    return {s.revision for s in script.walk_revisions()}


class MigrationFailed(FileProblemError):
    """An upgrade that failed; the database was left exactly as it was."""


def migrate(
    db_path: Path, rev: str | None, *, target: str = "head", cfg: Config | None = None
) -> Path | None:
    """Bring the file from revision rev to target; returns the backup taken first (None for a
    new file). All migrations run in one transaction with foreign keys off: a batch migration's
    DROP TABLE cannot cascade into the child tables, and a failure rolls everything back."""
    from alembic import command
    from sqlalchemy.pool import NullPool

    cfg = cfg or alembic_config()
    if rev is not None and rev not in _known_revisions(cfg):
        raise FileProblemError(
            f"Cơ sở dữ liệu “{db_path}” được tạo bởi một phiên bản CCHC Desktop mới hơn"
            f" (lược đồ {rev}). Hãy cài phiên bản mới nhất của ứng dụng; tệp không bị thay đổi."
        )
    backup = None
    if rev is not None:
        from .backup import make_backup

        backup = make_backup(db_path, f"truoc-nang-cap-{rev}")
    engine = create_engine(f"sqlite:///{db_path}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _autocommit(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy's documented pysqlite recipe for transactional DDL: the driver issues no
        # BEGIN of its own (it would not before DDL), we issue one ourselves
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # only outside a transaction
        dbapi_connection.execute("PRAGMA busy_timeout=5000")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise MigrationFailed(
                    f"Nâng cấp cơ sở dữ liệu “{db_path}” bị hủy: {len(broken)} dòng mất liên kết"
                    f" (bảng {broken[0][0]}). Tệp không bị thay đổi."
                )
    except FileProblemError:
        raise
    except Exception as exc:
        # the transaction was rolled back: the file is as it was
        raise MigrationFailed(
            f"Nâng cấp cơ sở dữ liệu “{db_path}” không thành công ({translate(exc)}); tệp không"
            " bị thay đổi" + (f", bản sao trước khi nâng cấp: “{backup}”." if backup else ".")
        ) from exc
    finally:
        cfg.attributes.pop("connection", None)
        engine.dispose()
    return backup


def open_engine(
    path: Path | str | None = None,
    *,
    upgrade: bool = True,
    create: bool = True,
    notify: Callable[[str], None] | None = None,
) -> Engine:
    """Open the database at path and bring its schema up to date.

    A missing file is created only when create is true (the CLI's read commands pass False: a
    mistyped --db must not look like a database whose reports are all gone). A file that fails
    SQLite's integrity_check is refused before any write; a read-only folder opens read-only. notify
    receives what the user should be told (the upgrade's backup file)."""
    db_path = resolve_db_path(path)
    if not db_path.exists():
        if db_path.is_symlink() or not create:
            raise FileProblemError(
                f"Không có tệp cơ sở dữ liệu “{db_path}”. Hãy kiểm tra lại đường dẫn (--db);"
                " tạo tệp mới bằng “cchc new” hoặc “cchc demo”."
            )
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileProblemError(
                f"Không tạo được thư mục chứa cơ sở dữ liệu “{db_path.parent}”: {exc.strerror}"
            ) from exc
        state = FileState(db_path, writable=folder_writable(db_path))
    else:
        # the full integrity_check (80 ms on 500 reports, quick_check 51 ms): quick_check misses
        # a damaged index, and this connection is the one that writes
        state = examine(db_path, full=True)
    if upgrade and state.revision != SCHEMA_HEAD:
        if not state.writable:
            raise FileProblemError(
                f"Cơ sở dữ liệu “{db_path}” cần được nâng cấp nhưng thư mục chứa nó chỉ cho phép"
                " đọc. Hãy chép tệp sang thư mục khác rồi mở lại."
            )
        try:
            backup = migrate(db_path, state.revision)
        except MigrationFailed:
            raise
        except sqlite3.Error as exc:
            raise FileProblemError(
                f"Không mở được cơ sở dữ liệu “{db_path}”: {translate(exc)}"
            ) from exc
        if backup is not None and notify is not None:
            notify(
                f"Đã nâng cấp cơ sở dữ liệu “{db_path}”; bản sao trước khi nâng cấp: “{backup}”."
            )
    if state.writable:
        engine = create_engine(f"sqlite:///{db_path}", future=True)
        event.listen(engine, "connect", _set_pragmas)
    else:
        # a read-only folder (a CD, a share without write access): SQLite cannot create the WAL
        # files, so it reads the file as it is; every write says the file is read-only
        uri = readonly_uri(db_path)
        engine = create_engine(
            f"sqlite:///{db_path}",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        )
        event.listen(engine, "connect", _set_readonly_pragmas)
    return engine
