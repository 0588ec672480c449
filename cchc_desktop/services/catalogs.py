"""Loads the versioned data in resources/: indicator catalogs and the default report template."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..assets import data_path, read_json
from ..domain.catalog import Catalog, catalog_from_dict
from ..domain.template import version_key
from ..errors import FileProblemError, NotFoundError

DEFAULT_CATALOG_ID = "phu-luc-iii-ha-tinh"


@cache
def _all_catalogs() -> dict[tuple[str, str], Catalog]:
    out: dict[tuple[str, str], Catalog] = {}
    folder = data_path("resources", "catalogs")
    for path in sorted(folder.glob("*.json")):
        try:
            cat = catalog_from_dict(read_json(path))
        except ValueError as exc:
            raise FileProblemError(f"{path.name}: {exc}") from exc
        out[(cat.id, cat.version)] = cat
    return out


def list_catalogs() -> list[Catalog]:
    return list(_all_catalogs().values())


def get_catalog(catalog_id: str = DEFAULT_CATALOG_ID, version: str | None = None) -> Catalog:
    """The catalog a report was entered against; without a version, the newest one of that id."""
    matches = [c for (cid, _), c in _all_catalogs().items() if cid == catalog_id]
    if version is not None:
        matches = [c for c in matches if c.version == version]
    if not matches:
        wanted = catalog_id + (f" phiên bản {version}" if version else "")
        raise NotFoundError(
            f"Không có danh mục chỉ tiêu “{wanted}” trong thư mục resources/catalogs"
        )
    return max(matches, key=lambda c: version_key(c.version))


def demo_report_data() -> dict[str, Any]:
    """The reference report (Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024) as report JSON."""
    data: dict[str, Any] = read_json(
        data_path("resources", "demo", "bao-cao-stc-ha-tinh-6-thang-2024.json")
    )
    return data
