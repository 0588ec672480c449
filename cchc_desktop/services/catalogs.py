"""The catalogs (Phụ lục III forms) a report can be made with: shipped defaults plus the user's own.

Shipped catalogs are the read-only files of resources/catalogs (their rules: resources/rules). A
user's catalog (a province's form imported from Word or an authoring workbook) lives in the
database (table ``catalogs``, migration 0004) with its authored rules and its cross-version mapping,
so a database moved to another PC keeps its forms. A report records the exact catalog id and
version it was made with; ``catalog_id == ""`` is a report without Phụ lục III (NO_CATALOG, a
catalog with no rows).

The API (the GUI, the CLI and the importers call only this)::

    registry = CatalogRegistry(store)            # store: a ReportStore (Repository, StartupStore)
    registry.list() -> list[CatalogInfo]         # shipped + stored: id, version, title, province,
                                                 # year, shipped, in_use (reports made with it)
    registry.get(id, version=None) -> Catalog    # without a version: the newest of that id
    registry.rules_for(id, version) -> dict|None # the authored rules (resources/rules format)
    registry.add(catalog_data, rules_data=None, mapping=None) -> CatalogInfo
        # catalog_data: the resources/catalogs JSON (optional "province", "year"); validated with
        # catalog_from_dict, rules_data with rules_from_dict; InvalidValueError if either is bad,
        # UserError for an id+version that exists (shipped or stored)
    registry.remove(id, version)                 # UserError while a report uses it; shipped: refused
    registry.for_report(report) -> Catalog       # the report's own version; NO_CATALOG for ""
    registry.resolve("ID" | "ID@VER" | "none") -> Catalog      # `cchc new --catalog`
    registry.default_for(unit_name, year) -> Catalog            # the newest the unit used
    registry.mapping(id, version) -> dict[str, dict[str, str | None]]
    registry.set_mapping(id, version, previous_key, {new_code: old_code | None})
    registry.match(old, new) -> IndicatorMatch   # code, then label, with the stored overrides

``get_catalog(id, version=None)`` and ``list_catalogs()`` are the shipped catalogs only (no store).
The mapping of a stored catalog is ``{"OLDID@OLDVER": {"new code": "old code" or null}}``: the
user's corrections of the automatic match with that earlier form (null: no counterpart).
"""

from __future__ import annotations

import builtins
import copy
import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from ..assets import data_path, read_json
from ..domain.catalog import Catalog, catalog_from_dict
from ..domain.frozen import Frozen
from ..domain.periods import period_sort_key
from ..domain.report import Report
from ..domain.stored import StoredCatalog
from ..domain.template import version_key
from ..domain.vn import clean_line
from ..errors import FileProblemError, InvalidValueError, NotFoundError, UserError

if TYPE_CHECKING:
    from ..domain.catalog_match import IndicatorMatch
    from .store import ReportStore  # annotations only: store.py imports the write side's types

DEFAULT_CATALOG_ID = "phu-luc-iii-ha-tinh"
NO_CATALOG_ID = ""
# A report without the statistics appendix: a catalog with no rows (nothing to enter, check or print)
NO_CATALOG = Catalog(id=NO_CATALOG_ID, version="", title="Không có Phụ lục III", indicators=[])
NO_CATALOG_WORDS = {"none", "khong", "không"}


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
    """The shipped catalogs."""
    return list(_all_catalogs().values())


def _newest(matches: list[Catalog]) -> Catalog:
    return max(matches, key=lambda c: version_key(c.version))


def _not_found(catalog_id: str, version: str | None, where: str) -> NotFoundError:
    wanted = catalog_id + (f" phiên bản {version}" if version else "")
    return NotFoundError(f"Không có danh mục chỉ tiêu “{wanted}” {where}")


def get_catalog(catalog_id: str = DEFAULT_CATALOG_ID, version: str | None = None) -> Catalog:
    """A shipped catalog; without a version, the newest one of that id."""
    if catalog_id == NO_CATALOG_ID:
        return NO_CATALOG
    matches = [c for (cid, _), c in _all_catalogs().items() if cid == catalog_id]
    if version is not None:
        matches = [c for c in matches if c.version == version]
    if not matches:
        raise _not_found(catalog_id, version, "trong thư mục resources/catalogs")
    return _newest(matches)


class CatalogInfo(Frozen):
    """One line of `cchc catalogs`: a catalog version and how many reports were made with it."""

    __match_args__ = ("id", "version", "title", "province", "year", "shipped", "in_use", "rows")
    id: str
    version: str
    title: str
    province: str
    year: int | None
    shipped: bool
    in_use: int
    rows: int

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        id: str,
        version: str,
        title: str,
        province: str,
        year: int | None,
        shipped: bool,
        in_use: int = 0,
        rows: int = 0,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "version", version)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "province", province)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "shipped", shipped)
        object.__setattr__(self, "in_use", in_use)
        object.__setattr__(self, "rows", rows)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "province": self.province,
            "year": self.year,
            "shipped": self.shipped,
            "in_use": self.in_use,
            "rows": self.rows,
        }


def _info(catalog: Catalog, *, shipped: bool, in_use: int) -> CatalogInfo:
    return CatalogInfo(
        id=catalog.id,
        version=catalog.version,
        title=catalog.title,
        province=catalog.province,
        year=catalog.year,
        shipped=shipped,
        in_use=in_use,
        rows=len(catalog),
    )


# Parsed stored catalogs, by their id, version and content: a catalog read twice is the same object
# (validation.validator_for builds its validator once per catalog object).
_parsed: dict[tuple[str, str, str], tuple[Catalog, dict[str, Any] | None]] = {}
_rules_by_catalog: dict[int, dict[str, Any]] = {}


def _digest(*texts: str | None) -> str:
    import hashlib  # here: loading OpenSSL cost every command a few ms, and few read user forms

    h = hashlib.sha256()
    for t in texts:
        h.update((t or "").encode("utf-8") + b"\0")
    return h.hexdigest()


def _parse(stored: StoredCatalog) -> Catalog:
    key = (stored.catalog_id, stored.version, _digest(stored.data, stored.rules))
    found = _parsed.get(key)
    if found is None:
        where = f"danh mục “{stored.catalog_id}” phiên bản {stored.version} lưu trong tệp dữ liệu"
        try:
            catalog = catalog_from_dict(json.loads(stored.data))
            rules = json.loads(stored.rules) if stored.rules else None
        except ValueError as exc:
            raise FileProblemError(f"Không đọc được {where}: {exc}") from exc
        found = (catalog, rules)
        _parsed[key] = found
        if rules is not None:
            _rules_by_catalog[id(catalog)] = rules
    return found[0]


def authored_rules(catalog: Catalog) -> dict[str, Any] | None:
    """The rules stored with a user catalog (resources/rules format), None for any other."""
    return _rules_by_catalog.get(id(catalog))


def parse_catalog_key(text: str) -> tuple[str, str | None]:
    """ "ID@VERSION" -> (ID, VERSION); "ID" -> (ID, None); "none" -> ("", None)."""
    raw = clean_line(text)
    if raw.casefold() in NO_CATALOG_WORDS:
        return NO_CATALOG_ID, None
    cid, sep, version = raw.partition("@")
    if not cid or (sep and not version):
        raise UserError(
            f"“{text}” không phải là danh mục: ghi MÃ hoặc MÃ@PHIÊN_BẢN (xem: cchc catalogs),"
            " hoặc none (không có Phụ lục III)"
        )
    return cid, version or None


class CatalogRegistry:
    """Shipped and stored catalogs of one database (see the module docstring)."""

    def __init__(self, store: ReportStore | None) -> None:
        self.store = store

    # --- reading ----------------------------------------------------------------------------
    def _stored(self) -> list[StoredCatalog]:
        return self.store.stored_catalogs() if self.store is not None else []

    def _stored_catalogs(self) -> list[Catalog]:
        return [_parse(s) for s in self._stored()]

    def catalogs(self) -> list[Catalog]:
        """Every catalog: shipped first, then the stored ones."""
        return list_catalogs() + self._stored_catalogs()

    def list(self) -> list[CatalogInfo]:
        usage = self.store.catalog_usage() if self.store is not None else {}
        out = [
            _info(c, shipped=True, in_use=usage.get((c.id, c.version), 0)) for c in list_catalogs()
        ]
        out += [
            _info(c, shipped=False, in_use=usage.get((c.id, c.version), 0))
            for c in self._stored_catalogs()
        ]
        return out

    def is_shipped(self, catalog_id: str, version: str) -> bool:
        return (catalog_id, version) in _all_catalogs()

    def get(self, catalog_id: str, version: str | None = None) -> Catalog:
        """A catalog by id and version; without a version, the newest of that id."""
        if catalog_id == NO_CATALOG_ID:
            return NO_CATALOG
        if version is not None and (catalog_id, version) in _all_catalogs():
            return _all_catalogs()[(catalog_id, version)]  # no database read for shipped forms
        matches = [c for c in self.catalogs() if c.id == catalog_id]
        if version is not None:
            matches = [c for c in matches if c.version == version]
        if not matches:
            raise _not_found(catalog_id, version, "(xem: cchc catalogs)")
        return _newest(matches)

    def for_report(self, report: Report) -> Catalog:
        """The catalog version the report was made with (NO_CATALOG for a report without one)."""
        return self.get(report.catalog_id, report.catalog_version or None)

    def resolve(self, spec: str) -> Catalog:
        """`--catalog ID`, `ID@VERSION` or `none`."""
        cid, version = parse_catalog_key(spec)
        return self.get(cid, version)

    def rules_for(self, catalog_id: str, version: str) -> dict[str, Any] | None:
        """The authored rules of a catalog version (resources/rules format), None when it has none
        (its derived rules are then all it is checked with)."""
        catalog = self.get(catalog_id, version)
        if self.is_shipped(catalog_id, version):
            from .validation import shipped_rules_data

            return shipped_rules_data(catalog_id, version)
        return authored_rules(catalog)

    def default_for(self, unit_name: str, year: int | None = None) -> Catalog:
        """The form of a unit's new report: the newest version (for that year, when versions say
        their year) of the form of the unit's latest report; the shipped default for a new unit."""
        reports: list[Report] = []
        if self.store is not None:
            reports = self.store.reports_for_unit(clean_line(unit_name))
        if not reports:
            return self.get(DEFAULT_CATALOG_ID)
        latest = max(reports, key=lambda r: period_sort_key(r.period))
        return self.newest(latest.catalog_id, year, fallback=latest.catalog_version)

    def newest(self, catalog_id: str, year: int | None = None, *, fallback: str = "") -> Catalog:
        """The newest version of a form for a year (versions that name a later first year are
        skipped); NO_CATALOG for ""."""
        if catalog_id == NO_CATALOG_ID:
            return NO_CATALOG
        versions = [c for c in self.catalogs() if c.id == catalog_id]
        if year is not None:
            fitting = [c for c in versions if c.year is None or c.year <= year]
            versions = fitting or versions
        if not versions:
            return self.get(catalog_id, fallback or None)
        return _newest(versions)

    # --- writing ----------------------------------------------------------------------------
    def _writable(self) -> ReportStore:
        if self.store is None:
            raise UserError("Chưa mở tệp dữ liệu: không lưu được danh mục")
        return self.store

    def add(
        self,
        catalog_data: Mapping[str, Any],
        rules_data: Mapping[str, Any] | None = None,
        mapping: Mapping[str, Mapping[str, str | None]] | None = None,
    ) -> CatalogInfo:
        """Store a user catalog (and its authored rules); nothing is stored if either is invalid."""
        from ..domain.rules import RulesError, rules_from_dict

        store = self._writable()
        try:
            catalog = catalog_from_dict(catalog_data)
        except ValueError as exc:
            raise InvalidValueError(str(exc)) from exc
        if not catalog.id.strip() or not catalog.version.strip():
            raise InvalidValueError("Danh mục chỉ tiêu phải có mã (id) và phiên bản (version)")
        if "@" in catalog.id or catalog.id.casefold() in NO_CATALOG_WORDS:
            raise InvalidValueError(f"Mã danh mục “{catalog.id}” không dùng được")
        if self.is_shipped(catalog.id, catalog.version):
            raise UserError(
                f"Danh mục “{catalog.id}” phiên bản {catalog.version} là danh mục có sẵn của"
                " chương trình: hãy đặt phiên bản khác."
            )
        if rules_data is not None:
            try:
                rules_from_dict(rules_data, catalog)
            except RulesError as exc:
                raise InvalidValueError(f"Quy tắc của danh mục không hợp lệ: {exc}") from exc
        store.add_catalog(
            StoredCatalog(
                catalog_id=catalog.id,
                version=catalog.version,
                title=catalog.title,
                province=catalog.province,
                year=catalog.year,
                data=json.dumps(catalog_data, ensure_ascii=False),
                rules=None if rules_data is None else json.dumps(rules_data, ensure_ascii=False),
                mapping=None if not mapping else json.dumps(mapping, ensure_ascii=False),
            )
        )
        return _info(catalog, shipped=False, in_use=0)

    def remove(self, catalog_id: str, version: str) -> None:
        if self.is_shipped(catalog_id, version):
            raise UserError(
                f"Danh mục “{catalog_id}” phiên bản {version} là danh mục có sẵn của chương trình,"
                " không xóa được."
            )
        self._writable().delete_catalog(catalog_id, version)

    # --- across versions ----------------------------------------------------------------------
    def mapping(self, catalog_id: str, version: str) -> dict[str, dict[str, str | None]]:
        """The stored corrections of the automatic match, by earlier form ("ID@VER")."""
        for s in self._stored():
            if s.catalog_id == catalog_id and s.version == version:
                if not s.mapping:
                    return {}
                try:
                    data = json.loads(s.mapping)
                except ValueError as exc:
                    raise FileProblemError(
                        f"Không đọc được bảng đối chiếu của danh mục “{catalog_id}” phiên bản"
                        f" {version}: {exc}"
                    ) from exc
                return {str(k): dict(v) for k, v in data.items()}
        return {}

    def set_mapping(
        self,
        catalog_id: str,
        version: str,
        previous_key: str,
        overrides: Mapping[str, str | None],
    ) -> None:
        """Record the user's corrections for new codes against an earlier form (merged into those
        already stored; a code mapped to "" or None has no counterpart)."""
        new = self.get(catalog_id, version)
        old_id, old_version = parse_catalog_key(previous_key)
        old = self.get(old_id, old_version)
        problems = [f"“{c}” không có trong {new.key}" for c in overrides if c not in new]
        problems += [
            f"“{o}” không có trong {old.key}" for o in overrides.values() if o and o not in old
        ]
        if problems:
            raise InvalidValueError("Không ghi bảng đối chiếu vì: " + "; ".join(problems))
        if self.is_shipped(catalog_id, version):
            raise UserError(
                f"Danh mục “{catalog_id}” phiên bản {version} là danh mục có sẵn: bảng đối chiếu"
                " chỉ ghi cho danh mục người dùng thêm vào."
            )
        current = self.mapping(catalog_id, version)
        merged = dict(current.get(old.key, {}))
        merged.update({k: (v or None) for k, v in overrides.items()})
        current[old.key] = merged
        self._writable().set_catalog_mapping(
            catalog_id, version, json.dumps(current, ensure_ascii=False)
        )

    def match(self, old: Catalog, new: Catalog) -> IndicatorMatch:
        """How the rows of an earlier form correspond to a newer one (code, then label), with the
        corrections stored with the newer one."""
        from ..domain.catalog_match import match_indicators

        overrides = self.mapping(new.id, new.version).get(old.key, {})
        return match_indicators(old, new, overrides)

    def align_history(
        self, catalog: Catalog, history: Sequence[Report]
    ) -> tuple[builtins.list[Report], builtins.list[tuple[IndicatorMatch, Catalog]]]:
        """The unit's other reports with their figures under this form's codes: a report made with
        another version of the same form is copied with its values moved through match() (what has
        no counterpart is left out of the comparison, and named by the returned matches)."""
        out: builtins.list[Report] = []
        changes: builtins.list[tuple[IndicatorMatch, Catalog]] = []
        for other in history:
            if aligned_as_is(catalog, other.catalog_id, other.catalog_version):
                out.append(other)
                continue
            try:
                old = self.get(other.catalog_id, other.catalog_version)
            except NotFoundError:
                out.append(other)  # its form was removed meanwhile: compared code by code
                continue
            found = self.match(old, catalog)
            moved = copy.copy(other)
            moved.values, _lost = found.carry(other.values)
            out.append(moved)
            changes.append((found, old))
        return out, changes


def aligned_as_is(catalog: Catalog, catalog_id: str, catalog_version: str) -> bool:
    """Whether align_history keeps a report made with this form as it is (compared code by code,
    nothing to say about another version of the form): another form, or this very version."""
    return not catalog.id or catalog_id != catalog.id or catalog_version == catalog.version


def demo_report_data() -> dict[str, Any]:
    """The reference report (Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024) as report JSON."""
    data: dict[str, Any] = read_json(
        data_path("resources", "demo", "bao-cao-stc-ha-tinh-6-thang-2024.json")
    )
    return data
