"""Catalogs in and out of files: a province's Word form (inferred, reviewed, saved) and the Excel
authoring workbook (catalog + rules, exported and imported exactly). The CLI and the GUI call this.

Saving goes through the catalog registry (services/catalogs.py, CatalogRegistry.add), which checks
the catalog and its rules again and refuses an id@version that exists: nothing is saved unless the
whole file was read and every row and rule is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.catalog import catalog_to_dict
from ..domain.catalog_import import (
    KIND_NAMES,
    CatalogDraft,
    FormError,
    apply_known,
    draft_from_table,
    fold,
    pick_table,
)
from ..errors import FileProblemError, InvalidValueError
from .catalogs import CatalogRegistry
from .store import ReportStore

FORM_SUFFIXES = (".docx", ".xlsx")


@dataclass
class CatalogFile:
    """What a file holds, before it is saved: a Word form's draft (to review), or an authoring
    workbook's catalog and rules (authored: saved as written)."""

    source: str  # the file's name
    draft: CatalogDraft | None = None
    catalog_data: dict[str, Any] | None = None
    rules_data: dict[str, Any] | None = None

    def data(self) -> dict[str, Any]:
        """The catalog JSON to save; a draft is checked first (FormError -> InvalidValueError)."""
        if self.draft is not None:
            try:
                self.draft.catalog()
            except FormError as exc:
                raise InvalidValueError(f"Tệp “{self.source}”: {exc}") from None
            return self.draft.to_dict()
        assert self.catalog_data is not None
        return self.catalog_data

    def review_rows(self) -> list[dict[str, str]]:
        """One line per indicator for the review (CLI --dry-run, the GUI's table)."""
        if self.draft is not None:
            return draft_review(self.draft)
        assert self.catalog_data is not None
        return [
            {
                "row": "",
                "code": str(r["code"]),
                "printed_code": str(r.get("printed_code", "")),
                "kind": KIND_NAMES[_kind(r["kind"])],
                "unit": str(r.get("unit", "")),
                "parent": str(r.get("parent") or ""),
                "label": str(r["label"]),
                "why": "",
                "check": "",
            }
            for r in self.catalog_data["indicators"]
        ]


def _kind(value: str) -> Any:
    from ..domain.catalog import IndicatorKind

    return IndicatorKind(value)


def draft_review(draft: CatalogDraft) -> list[dict[str, str]]:
    return [
        {
            "row": str(r.row),
            "code": r.code,
            "printed_code": r.printed_code,
            "kind": KIND_NAMES[r.kind],
            "unit": r.unit,
            "parent": draft.parent_code(r) or "",
            "label": r.label,
            # the numbering fix first: it is what the reviewer must look at
            "why": "; ".join(([r.note] if r.note else []) + r.reasons),
            "check": "x" if r.note or any("trùng mã" in why for why in r.reasons) else "",
        }
        for r in draft.rows
    ]


def slug(text: str) -> str:
    """A catalog id from a file name: "Phụ lục III Hà Tĩnh 2025" -> "phu-luc-iii-ha-tinh-2025"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "danh-muc"


def read_catalog_file(
    path: Path,
    *,
    catalog_id: str | None = None,
    version: str | None = None,
    title: str | None = None,
) -> CatalogFile:
    """Read a .docx form (inferring the catalog) or an authoring .xlsx; nothing is saved."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from ..export.form_docx import read_form  # the reader parses with defusedxml

        form = read_form(path)
        try:
            table = pick_table(form.tables)
            draft = draft_from_table(
                table,
                catalog_id=catalog_id or slug(path.stem),
                version=version or "1",
                title=title or "",
                source=f"Nhập từ văn bản Word “{path.name}”, bảng {table.number}",
            )
        except FormError as exc:
            raise FileProblemError(f"Tệp “{path.name}”: {exc}") from None
        if form.known is not None:
            apply_known(draft, form.known)
        return CatalogFile(source=path.name, draft=draft)
    if suffix == ".xlsx":
        from ..export.catalog_xlsx import read_catalog_workbook

        catalog, rules = read_catalog_workbook(path)
        # the command line may rename what the workbook says (a copy for another province)
        if catalog_id:
            catalog["id"] = catalog_id
        if version:
            catalog["version"] = version
        if title:
            catalog["title"] = title
        if rules is not None:
            rules["catalog"] = {"id": catalog["id"], "version": catalog["version"]}
        return CatalogFile(source=path.name, catalog_data=catalog, rules_data=rules)
    raise FileProblemError(
        f"Tệp “{path.name}”: chỉ nhập được biểu thống kê Word (.docx) hoặc tệp danh mục "
        "Excel (.xlsx)."
    )


def save_catalog(store: ReportStore, file: CatalogFile) -> str:
    """Save through the registry (all or nothing); the new catalog's "id@version"."""
    data = file.data()
    info = _registry(store).add(data, file.rules_data)
    return info.key


def export_catalog_workbook(store: ReportStore, spec: str, out: Path) -> tuple[str, int, int]:
    """Write catalog ID[@VERSION] and its rules as an authoring workbook.
    (catalog key, indicator count, rule count)."""
    from ..export.catalog_xlsx import write_catalog_workbook

    registry = _registry(store)
    catalog = registry.resolve(spec)
    rules = registry.rules_for(catalog.id, catalog.version)
    write_catalog_workbook(catalog_to_dict(catalog), rules, out)
    return f"{catalog.id}@{catalog.version}", len(catalog), len((rules or {}).get("rules", []))


def _registry(store: ReportStore) -> CatalogRegistry:
    return CatalogRegistry(store)
