"""Finds the app's data folders (ui/, resources/, templates_docx/) wherever the app runs from."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _roots() -> list[Path]:
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller one-folder / one-file bundle
        roots.append(Path(bundle))
    roots.append(_PACKAGE_DIR / "_assets")  # installed wheel
    roots.append(_PACKAGE_DIR.parent)  # source checkout or editable install
    return roots


def asset_path(*parts: str) -> Path:
    """Return the path of an asset such as asset_path("resources", "catalogs", "x.json").

    Raises FileNotFoundError naming every place looked at, so a broken install says what is missing.
    """
    tried = []
    for root in _roots():
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
        tried.append(str(candidate))
    raise FileNotFoundError("Không tìm thấy tệp dữ liệu của ứng dụng: " + "; ".join(tried))
