"""Report use cases shared by the CLI and the GUI: create, demo, copy from a previous period, set figures."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Any

from ..assets import report_template
from ..domain.catalog import Catalog
from ..domain.periods import Period, PeriodKind
from ..domain.report import (
    IndicatorValue,
    Narrative,
    Paragraph,
    Report,
    Section,
    Unit,
    default_symbol,
)
from ..domain.serialize import propaganda_from_dict, report_from_dict, report_to_dict
from ..domain.stored import ReportSummary
from ..domain.template import fill_template, template_fields
from ..domain.vn import NumberFormatError, clean_line, nfc
from ..errors import InvalidValueError, UserError
from .catalogs import DEFAULT_CATALOG_ID, demo_report_data, get_catalog
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
    catalog = catalog or get_catalog(DEFAULT_CATALOG_ID)
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
        key = clean_line(name)
        for u in self.repo.units():
            if u.name == key:
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
    ) -> Report:
        name = clean_line(unit_name)
        if not name:
            raise UserError("Chưa nhập tên đơn vị báo cáo")
        unit = self.known_unit(name) or Unit(name)
        unit = Unit(
            name,
            clean_line(parent_authority) or unit.parent_authority,
            clean_line(abbreviation) or unit.abbreviation,
            clean_line(place) or unit.place,
        )
        report = build_new_report(unit, period)
        self.repo.save_report(report)
        return report

    def create_demo(self) -> tuple[Report, bool]:
        """The reference report (Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024). Returns (report,
        created); an existing one is kept."""
        report = report_from_dict(demo_report_data())
        for rid, period in self.repo.unit_periods(report.unit.name):
            if period == report.period:
                return self.repo.load_report(rid), False
        self.repo.save_report(report)
        return report, True

    def copy_from_previous(
        self, source_id: int, period: Period, *, with_figures: bool = False
    ) -> Report:
        """ "Tạo từ kỳ trước": header, recipients, signer, narrative and appendix rows into a new period."""
        src = self.repo.load_report(source_id)
        new = copy.deepcopy(src)
        new.id = None
        new.period = period
        new.created_at = new.updated_at = None
        new.date = None
        new.number = ""
        new.subject = period.default_subject()
        new.status = type(src.status).DRAFT
        catalog = get_catalog(src.catalog_id)  # the newest version of the same form
        new.catalog_version = catalog.version
        if not with_figures:
            new.values = {}
            for row in new.propaganda:
                row.quantity = None
        else:
            new.values = {c: v for c, v in new.values.items() if c in catalog}
        self.repo.save_report(new)
        return new

    def parse_values(
        self, report: Report, pairs: Sequence[tuple[str, str]]
    ) -> dict[str, IndicatorValue]:
        """Parse CODE VALUE pairs typed the Vietnamese way; any problem fails them all."""
        catalog = get_catalog(report.catalog_id, report.catalog_version)
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
        report = self.repo.load_report(report_id)
        values = self.parse_values(report, pairs)
        self.repo.set_values(report_id, values)
        return values

    def show(self, report_id: int) -> dict[str, Any]:
        """Every field and every indicator value of the enabled form (null where not reported)."""
        report = self.repo.load_report(report_id)
        data = report_to_dict(report, numbers=True)
        catalog = get_catalog(report.catalog_id, report.catalog_version)
        values = data["values"]
        full: dict[str, Any] = {}
        for ind in catalog.enabled(report.optional_groups):
            if ind.has_value:
                full[ind.code] = values.get(ind.code, {"value": None, "note": ""})
        for code, v in values.items():  # keep values of rows outside the enabled form visible
            full.setdefault(code, v)
        data["values"] = full
        return data
