"""Opens the SQLite report database: where it lives, connection settings, automatic upgrade on open."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError

from ..errors import FileProblemError

APP_NAME = "CCHC Desktop"
DB_FILENAME = "cchc.sqlite3"
ENV_VAR = "CCHC_DB"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_db_path() -> Path:
    """The database file: $CCHC_DB if set, else the user data folder (e.g. %LOCALAPPDATA%\\CCHC Desktop)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


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
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
    db_path = Path(path) if path is not None else default_db_path()
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblemError(
            f"Không tạo được thư mục chứa cơ sở dữ liệu “{db_path.parent}”: {exc.strerror}"
        ) from exc
    if db_path.exists() and db_path.is_dir():
        raise FileProblemError(f"“{db_path}” là một thư mục, không phải tệp cơ sở dữ liệu")
    if db_path.exists() and db_path.stat().st_size > 0:
        with db_path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise FileProblemError(
                    f"Tệp “{db_path}” không phải là cơ sở dữ liệu của CCHC Desktop (SQLite)"
                )
    engine = create_engine(f"sqlite:///{db_path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    if upgrade:
        try:
            rev = current_revision(engine)
            head = head_revision()
            if rev != head:
                _backup_before_upgrade(db_path, rev)
                with engine.begin() as conn:
                    cfg = alembic_config()
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            raise FileProblemError(f"Không mở được cơ sở dữ liệu “{db_path}”: {exc.orig}") from exc
    return engine
