"""Opens the SQLite report database: where it lives, connection settings, automatic upgrade on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError

from ..errors import FileProblemError
from .location import (
    APP_NAME,
    DB_FILENAME,
    ENV_VAR,
    SCHEMA_HEAD,
    check_database_file,
    default_db_path,
    resolve_db_path,
    stored_revision,
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


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
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


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        return stored_revision(raw)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _upgrade(engine: Engine, db_path: Path, rev: str | None) -> None:
    from alembic import command

    if rev is not None and rev not in _known_revisions():
        raise FileProblemError(
            f"Cơ sở dữ liệu “{db_path}” được tạo bởi một phiên bản CCHC Desktop mới hơn"
            f" (lược đồ {rev}). Hãy cài phiên bản mới nhất của ứng dụng; tệp không bị thay đổi."
        )
    _backup_before_upgrade(db_path, rev)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _backup_before_upgrade(path: Path, revision: str | None) -> None:
    """Copy the database aside before a schema upgrade, so a failed upgrade can never lose data."""
    if revision is None or not path.exists():
        return
    backup = path.with_name(f"{path.stem}.truoc-nang-cap-{revision}{path.suffix}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(backup))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def open_engine(path: Path | str | None = None, *, upgrade: bool = True) -> Engine:
    """Open (creating if needed) the database at path and bring its schema up to date."""
    db_path = resolve_db_path(path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblemError(
            f"Không tạo được thư mục chứa cơ sở dữ liệu “{db_path.parent}”: {exc.strerror}"
        ) from exc
    check_database_file(db_path)
    engine = create_engine(f"sqlite:///{db_path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    if upgrade:
        try:
            rev = _stored_revision(engine)
            if rev != SCHEMA_HEAD:
                _upgrade(engine, db_path, rev)
        except FileProblemError:
            engine.dispose()
            raise
        except (OperationalError, DatabaseError, sqlite3.DatabaseError) as exc:
            engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise FileProblemError(f"Không mở được cơ sở dữ liệu “{db_path}”: {reason}") from exc
    return engine
