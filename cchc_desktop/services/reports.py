"""Report use cases shared by the CLI and the GUI: create, demo, copy from a previous period, set figures."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from ..assets import report_template
from ..domain.catalog import Catalog, OptionalGroup
from ..domain.changes import ReportPatch
from ..domain.history import ChangeSource
from ..domain.period_phrases import Rewrite, apply_rewrites, propose_rewrites
from ..domain.periods import Period, PeriodKind
from ..domain.report import (
    IndicatorValue,
    Narrative,
    Paragraph,
    Report,
    Section,
    Unit,
    default_symbol,
    unit_key,
)
from ..domain.serialize import propaganda_from_dict, report_from_dict, report_to_dict
from ..domain.stored import ReportSummary
from ..domain.template import fill_template, template_fields
from ..domain.vn import NumberFormatError, clean_line, nfc
from ..errors import InvalidValueError, UserError
from .catalogs import DEFAULT_CATALOG_ID, CatalogRegistry, demo_report_data, get_catalog
from .store import ReportStore


def parse_period(kind: str, year: int | str) -> Period:
    try:
        return Period(int(year), PeriodKind.parse(kind))
    except ValueError as exc:
        raise UserError(str(exc)) from exc


def _outline(items: Iterable[Any], fields: dict[str, str]) -> list[Section]:
    return [
        Section(
            title=fill_template(nfc(str(i["title"])), fields),
            children=_outline(i.get("children", []), fields),
        )
        for i in items
    ]


def build_new_report(unit: Unit, period: Period, catalog: Catalog | None = None) -> Report:
    """A new report from the default template: outline, Phụ lục I rows, recipients, trích yếu."""
    catalog = get_catalog(DEFAULT_CATALOG_ID) if catalog is None else catalog
    tpl = report_template()
    fields = template_fields(unit.name, period)
    narrative = Narrative(
        intro=[Paragraph.of(fill_template(nfc(tpl.get("intro", "")), fields))]
        if tpl.get("intro")
        else [],
        sections=_outline(tpl.get("outline", []), fields),
        closing=[Paragraph.of(fill_template(nfc(tpl.get("closing", "")), fields))]
        if tpl.get("closing")
        else [],
    )
    return Report(
        unit=unit,
        period=period,
        catalog_id=catalog.id,
        catalog_version=catalog.version,
        symbol=default_symbol(unit.abbreviation),
        place=unit.place,
        subject=period.default_subject(),
        recipients=[nfc(r) for r in tpl.get("recipients", [])],
        narrative=narrative,
        propaganda=[propaganda_from_dict(r) for r in tpl.get("propaganda", [])],
    )


class ReportService:
    """The use cases over one database."""

    def __init__(self, repo: ReportStore) -> None:
        self.repo = repo

    def units(self) -> list[Unit]:
        return self.repo.units()

    def list_reports(self) -> list[ReportSummary]:
        """The report list; a report that cannot be read is left out and named in problems()."""
        return self.repo.list_reports()

    def report_summary(self, report_id: int) -> ReportSummary:
        """One line of the report list."""
        return self.repo.report_summary(report_id)

    def problems(self) -> list[str]:
        """What the last list_reports() could not read (a damaged row), one message each."""
        return list(getattr(self.repo, "problems", None) or [])

    def delete_report(self, report_id: int) -> None:
        self.repo.delete_report(report_id)

    def known_unit(self, name: str) -> Unit | None:
        """The unit already known by this name, however its case and spacing were typed."""
        key = unit_key(name)
        for u in self.repo.units():
            if unit_key(u.name) == key:
                return u
        return None

    def new_report(
        self,
        unit_name: str,
        period: Period,
        *,
        parent_authority: str = "",
        abbreviation: str = "",
        place: str = "",
        catalog: str | Catalog | None = None,
    ) -> Report:
        """A new report; catalog: "ID", "ID@VERSION", "none" (no Phụ lục III) or a Catalog,
        by default the newest form this unit used (services.catalogs.CatalogRegistry)."""
        name = clean_line(unit_name)
        if not name:
            raise UserError("Chưa nhập tên đơn vị báo cáo")
        unit = self.known_unit(name) or Unit(name)
        unit = Unit(
            unit.name,  # "sở tài chính" typed for the known "Sở Tài chính" is that unit
            clean_line(parent_authority) or unit.parent_authority,
            clean_line(abbreviation) or unit.abbreviation,
            clean_line(place) or unit.place,
        )
        registry = CatalogRegistry(self.repo)
        if catalog is None:
            form = registry.default_for(name, period.year)
        elif isinstance(catalog, str):
            form = registry.resolve(catalog)
        else:
            form = catalog
        report = build_new_report(unit, period, form)
        self.repo.save_report(report)
        return report

    def create_demo(self) -> tuple[Report, bool]:
        """The reference report (Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024). Returns (report,
        created); an existing one is kept."""
        report = report_from_dict(demo_report_data())
        known = self.known_unit(report.unit.name)  # "SỞ TÀI CHÍNH" typed earlier is this unit
        for rid, period in self.repo.unit_periods(known.name if known else report.unit.name):
            if period == report.period:
                return self.repo.load_report(rid), False
        self.repo.save_report(report)
        return report, True

    def copy_from_previous(
        self,
        source_id: int,
        period: Period,
        *,
        with_figures: bool = False,
        rewrite_periods: bool = False,
    ) -> Report:
        """ "Tạo từ kỳ trước": header, recipients, signer, narrative and appendix rows into a new
        period; with rewrite_periods every period phrase found is reworded for the new period
        (see plan_copy for the one-by-one review)."""
        new, proposals = self.plan_copy(
            source_id, period, with_figures=with_figures, rewrite_periods=rewrite_periods
        )
        return self.save_copy(new, proposals if rewrite_periods else ())

    def plan_copy(
        self,
        source_id: int,
        period: Period,
        *,
        with_figures: bool = False,
        rewrite_periods: bool = True,
    ) -> tuple[Report, list[Rewrite]]:
        """The copy, not saved yet, and the period phrases proposed for rewording (none without
        rewrite_periods). With them the source's own trích yếu is kept to be reworded; without,
        the new period's default one is written, as before."""
        src = self.repo.load_report(source_id)
        new = copy.deepcopy(src)
        new.id = None
        new.period = period
        new.created_at = new.updated_at = None
        new.date = None
        new.number = ""
        new.subject = src.subject if rewrite_periods else period.default_subject()
        new.status = type(src.status).DRAFT
        registry = CatalogRegistry(self.repo)
        catalog = registry.newest(src.catalog_id, period.year, fallback=src.catalog_version)
        new.catalog_version = catalog.version
        if not with_figures:
            new.values = {}
            for row in new.propaganda:
                row.quantity = None
        elif catalog.version != src.catalog_version:  # renumbered rows: through the mapping
            [aligned], _changes = registry.align_history(catalog, [src])
            new.values = dict(aligned.values)
        else:
            new.values = {c: v for c, v in new.values.items() if c in catalog}
        proposals = propose_rewrites(new, src.period, period) if rewrite_periods else []
        return new, proposals

    def save_copy(self, new: Report, accepted: Iterable[Rewrite] = ()) -> Report:
        """Save a copy made by plan_copy with the proposals the user accepted."""
        apply_rewrites(new, accepted)
        if not new.subject.strip():
            new.subject = new.period.default_subject()
        new.sending = type(new.sending)()  # the new period has not been sent
        self.repo.save_report(new, source=ChangeSource.PREVIOUS_PERIOD)
        return new

    def parse_values(
        self, report: Report, pairs: Sequence[tuple[str, str]]
    ) -> dict[str, IndicatorValue]:
        """Parse CODE VALUE pairs typed the Vietnamese way; any problem fails them all."""
        catalog = CatalogRegistry(self.repo).for_report(report)
        problems: list[str] = []
        out: dict[str, IndicatorValue] = {}
        for raw_code, raw_value in pairs:
            code = clean_line(raw_code).rstrip(".")
            ind = catalog.find(code)
            if ind is None:
                problems.append(f"không có chỉ tiêu mã “{code}” trong danh mục {catalog.id}")
                continue
            if not ind.has_value:
                problems.append(f"{code} là dòng tiêu đề nhóm, không nhập số liệu")
                continue
            try:
                value = ind.parse_value(raw_value)
            except NumberFormatError as exc:
                problems.append(str(exc))
                continue
            old = report.values.get(code, IndicatorValue())
            out[code] = IndicatorValue(value, old.note)
        if problems:
            raise InvalidValueError("Không ghi gì cả vì: " + "; ".join(problems))
        return out

    def set_values(
        self, report_id: int, pairs: Sequence[tuple[str, str]]
    ) -> dict[str, IndicatorValue]:
        return self.set_values_switching(report_id, pairs)[0]

    def set_values_switching(
        self, report_id: int, pairs: Sequence[tuple[str, str]]
    ) -> tuple[dict[str, IndicatorValue], list[OptionalGroup]]:
        """Write the figures; a figure of a form block that is switched off (e.g. 3.5.x, the
        dossier counts) switches its block on in the same write, so it is shown, checked and
        exported. Returns the values and the blocks switched on (the caller says so)."""
        report = self.repo.load_report(report_id)
        values = self.parse_values(report, pairs)
        catalog = CatalogRegistry(self.repo).for_report(report)
        needed = {catalog.get(code).optional_group for code in values}
        off = sorted(g for g in needed if g is not None and g not in report.optional_groups)
        patch = ReportPatch(values=dict(values))
        if off:
            patch.optional_groups = report.optional_groups | set(off)
        self.repo.write_patch(report_id, patch, source=ChangeSource.COMMAND)
        by_code = {g.code: g for g in catalog.optional_groups}
        return values, [by_code.get(g) or OptionalGroup(g, g) for g in off]

    def show(self, report_id: int) -> dict[str, Any]:
        """Every field and every indicator value of the enabled form (null where not reported)."""
        report = self.repo.load_report(report_id)
        data = report_to_dict(report, numbers=True)
        catalog = CatalogRegistry(self.repo).for_report(report)
        values = data["values"]
        full: dict[str, Any] = {}
        for ind in catalog.enabled(report.optional_groups):
            if ind.has_value:
                full[ind.code] = values.get(ind.code, {"value": None, "note": ""})
        for code, v in values.items():  # keep values of rows outside the enabled form visible
            full.setdefault(code, v)
        data["values"] = full
        data["signer_lines"] = report.signer.lines  # 1-3 lines above the name, as typed
        from .progress import progress_json, report_completeness

        data.update(
            progress_json(report.period, report.status, report_completeness(report, self.repo))
        )
        s = report.sending
        data["status_label"] = report.status.label
        data["sending"] = {
            "sent_on": s.sent_on.isoformat() if s.sent_on else None,
            "sent_via": s.via.value if s.via else None,
            "sent_number": s.number,
            "reopen_count": s.reopen_count,
            "reopen_reason": s.reopen_reason,
            "corrected": s.corrected,
        }
        from .merge import add_provenance  # each merged value's parts (`sources`)

        add_provenance(data, self.repo, report)
        return data
