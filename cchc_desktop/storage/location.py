"""Where the database lives, its schema revision and the first look at the file: no SQLAlchemy, so
the GUI can read a report before the ORM is imported (see quick.py)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

APP_NAME = "CCHC Desktop"
DB_FILENAME = "cchc.sqlite3"
ENV_VAR = "CCHC_DB"
# The newest migration's revision. Opening an up-to-date database compares against this constant
# and never imports Alembic (about 0.4 s of a cold start); tests check it equals Alembic's head.
SCHEMA_HEAD = "0013"


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


def user_cache_file(name: str) -> Path:
    """A file of the user cache folder (what a command may forget: it is worked out again)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False)) / name


def resolve_db_path(path: Path | str | None) -> Path:
    return Path(path) if path is not None else default_db_path()


def has_table(con: sqlite3.Connection, name: str) -> bool:
    """Whether the file has this table (an older file lacks those a later migration made)."""
    found = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
    return found.fetchone() is not None


def stored_revision(con: sqlite3.Connection) -> str | None:
    """The schema revision recorded in the file (None for a new file), read without Alembic."""
    if not has_table(con, "alembic_version"):
        return None
    rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None
