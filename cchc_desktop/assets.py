"""Finds and reads the app's data (ui/, resources/, templates_docx/) wherever the app runs from.

The lowest layer: export/ and services/ both read the report template through here, once.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from .errors import FileProblemError

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


def data_path(*parts: str) -> Path:
    """asset_path for data the app cannot run without: a missing file is a FileProblemError."""
    try:
        return asset_path(*parts)
    except FileNotFoundError as exc:
        raise FileProblemError(str(exc)) from exc


def read_json(path: Path, what: str = "dữ liệu") -> Any:
    """A JSON file of resources/; FileProblemError naming the file ("tệp {what}") if unreadable."""
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise FileProblemError(f"Không đọc được tệp {what} “{path.name}”: {exc}") from exc


@cache
def report_template() -> dict[str, Any]:
    """The default report template (section outline, Phụ lục I rows, recipients, appendix titles)
    as data, read once."""
    path = data_path("resources", "templates", "bao-cao-cchc.json")
    data = read_json(path, "mẫu báo cáo")
    if not isinstance(data, dict):
        raise FileProblemError(f"Mẫu báo cáo “{path.name}” không hợp lệ.")
    return data
