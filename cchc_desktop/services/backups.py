"""Copies of the database, putting one back, and the full check of the file: the use cases behind
Tệp > Sao lưu…, Khôi phục…, Kiểm tra tệp dữ liệu. The work is storage/backup.py's and
storage/health.py's; the GUI reaches them only through here."""

from __future__ import annotations

from pathlib import Path

from ..storage.backup import (
    BackupInfo,
    RestoreResult,
    backup_folder,
    list_backups,
    make_backup,
    newest_good_backup,
    prune,
    restore,
)
from ..storage.health import check_everything, report_count

__all__ = [
    "BackupInfo",
    "RestoreResult",
    "backup_by_hand",
    "backup_folder",
    "check_everything",
    "list_backups",
    "newest_good_backup",
    "report_count",
    "restore",
]


def backup_by_hand(db_path: Path, dest: Path) -> Path:
    """Sao lưu…: a copy at dest; one chosen inside the backups folder is named the usual way (so
    that Khôi phục… lists it) and the oldest copies beyond the kept number go."""
    if dest.parent == backup_folder(db_path):
        made = make_backup(db_path, "thu-cong")
        prune(db_path)
        return made
    return make_backup(db_path, "thu-cong", dest)
