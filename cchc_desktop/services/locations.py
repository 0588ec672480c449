"""Where the app keeps its files (the database, its backups, the log), for the GUI's Giới thiệu and
start-up: the knowledge is storage/location.py's and storage/backup.py's."""

from __future__ import annotations

from ..storage.backup import backup_folder
from ..storage.location import log_folder, resolve_db_path

__all__ = ["backup_folder", "log_folder", "resolve_db_path"]
