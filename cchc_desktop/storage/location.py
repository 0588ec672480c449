"""Where the database lives, its schema revision and the first look at the file: no SQLAlchemy, so
the GUI can read a report before the ORM is imported (see quick.py)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import FileProblemError

APP_NAME = "CCHC Desktop"
DB_FILENAME = "cchc.sqlite3"
ENV_VAR = "CCHC_DB"
# The newest migration's revision. Opening an up-to-date database compares against this constant
# and never imports Alembic (about 0.4 s of a cold start); tests check it equals Alembic's head.
SCHEMA_HEAD = "0001"


def default_db_path() -> Path:
    """The database file: $CCHC_DB if set, else the user data folder (e.g. %LOCALAPPDATA%\\CCHC Desktop)."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def log_folder() -> Path:
    """Where the app writes its log (cchc-desktop.log): the user log folder."""
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def resolve_db_path(path: Path | str | None) -> Path:
    return Path(path) if path is not None else default_db_path()


def check_database_file(db_path: Path) -> None:
    """Refuse a folder, or a file that is not SQLite, before anything opens it."""
    if db_path.exists() and db_path.is_dir():
        raise FileProblemError(f"“{db_path}” là một thư mục, không phải tệp cơ sở dữ liệu")
    if db_path.exists() and db_path.stat().st_size > 0:
        with db_path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise FileProblemError(
                    f"Tệp “{db_path}” không phải là cơ sở dữ liệu của CCHC Desktop (SQLite)"
                )


def stored_revision(con: sqlite3.Connection) -> str | None:
    """The schema revision recorded in the file (None for a new file), read without Alembic."""
    has_table = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None
