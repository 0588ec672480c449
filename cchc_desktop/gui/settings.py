"""Remembered between runs (QSettings): window geometry, splitter sizes and the last folder used."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

ORGANIZATION = "CCHC Desktop"
APPLICATION = "CCHC Desktop"


# An INI file that replaces the user's settings (tests and scripts set it, so that a run never reads
# or writes the real user's settings and two runs never share theirs).
ENV_VAR = "CCHC_SETTINGS"


def store() -> QSettings:
    """The one place settings are opened: the user's native settings, or $CCHC_SETTINGS if set."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return QSettings(override, QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def restore_geometry(widget: QWidget, key: str, default: tuple[int, int]) -> None:
    data = store().value(f"geometry/{key}")
    if isinstance(data, QByteArray) and not data.isEmpty() and widget.restoreGeometry(data):
        return
    widget.resize(*default)


def save_geometry(widget: QWidget, key: str) -> None:
    store().setValue(f"geometry/{key}", widget.saveGeometry())


def last_folder() -> str:
    value = store().value("paths/last_folder", "")
    folder = str(value) if value else ""
    if folder and Path(folder).is_dir():
        return folder
    docs = Path.home() / "Documents"
    return str(docs if docs.is_dir() else Path.home())


def set_last_folder(path: str | Path) -> None:
    p = Path(path)
    store().setValue("paths/last_folder", str(p if p.is_dir() else p.parent))
