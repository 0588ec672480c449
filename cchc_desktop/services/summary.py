"""Use case: the receiving office's summary of many units' reports on the same catalog (`cchc
aggregate`, “Tổng hợp báo cáo các đơn vị…”): the same aggregation rules and provenance as a merge
of sub-units, each unit being a part, and the per-unit table (one row per indicator, one column per
unit, totals, the units whose reports have errors or are missing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.aggregate import Aggregated, Status, aggregate, shown
from ..domain.catalog import Catalog
from ..domain.changes import ReportPatch
from ..domain.periods import Period
from ..domain.provenance import Provenance
from ..domain.report import Report, Unit
from ..errors import InvalidValueError
from .catalogs import CatalogRegistry
from .merge import MergePlan, MergeService, plan_from_parts, write_with_provenance
from .reports import ReportService, build_new_report
from .store import ReportStore
from .validation import has_errors, validate_report


@dataclass
class SummaryPlan:
    target: Report  # the summary report (not yet saved when new)
    exists: bool
    catalog: Catalog
    reports: list[Report]
    merge: MergePlan
    with_errors: list[str] = field(default_factory=list)  # units whose reports have errors
    missing: list[str] = field(default_factory=list)  # expected units with no report


def _check_same(reports: Sequence[Report], period: Period) -> None:
    problems: list[str] = []
    catalogs = {(r.catalog_id, r.catalog_version) for r in reports}
    if len(catalogs) > 1:
        problems.append(
            "các báo cáo lập theo danh mục khác nhau: "
            + "; ".join(
                f"{r.unit.name} (số hiệu {r.id}): {r.catalog_id} {r.catalog_version}"
                for r in reports
            )
        )
    for r in reports:
        if r.period != period:
            problems.append(
                f"báo cáo số hiệu {r.id} ({r.unit.name}) là của {r.period.wording}, "
                f"không phải {period.wording}"
            )
    seen: dict[str, int | None] = {}
    for r in reports:
        if r.unit.name in seen:
            problems.append(f"{r.unit.name} có hai báo cáo (số hiệu {seen[r.unit.name]} và {r.id})")
        seen[r.unit.name] = r.id
    if problems:
        raise InvalidValueError("Không tổng hợp được: " + "; ".join(problems) + ".")


class SummaryService:
    def __init__(self, store: ReportStore) -> None:
        self.store = store
        self.merges = MergeService(store)

    def plan(
        self,
        unit_name: str,
        period: Period,
        report_ids: Sequence[int],
        *,
        check: bool = True,
    ) -> SummaryPlan:
        """The summary's plan; check=False leaves out running every unit's checks (with_errors
        is then empty: only the table and the dialog show it)."""
        if not report_ids:
            raise InvalidValueError("Chưa chọn báo cáo nào để tổng hợp.")
        if len(set(report_ids)) != len(report_ids):
            raise InvalidValueError("Một báo cáo được chọn hai lần.")
        repo = self.merges.repo
        loader = getattr(repo, "load_figures", None)
        reports = (
            loader(list(report_ids))  # figures only: the checks need whole reports
            if loader is not None and not check
            else [self.store.load_report(i) for i in report_ids]
        )
        _check_same(reports, period)
        if any(r.unit.name == unit_name for r in reports):
            raise InvalidValueError(f"Báo cáo tổng hợp của {unit_name} không tổng hợp chính nó.")
        catalog = CatalogRegistry(self.store).for_report(reports[0])
        target = next(
            (r for r in self.store.reports_for_unit(unit_name) if r.period == period), None
        )
        exists = target is not None
        if target is None:
            unit = ReportService(self.store).known_unit(unit_name)
            target = build_new_report(unit or Unit(unit_name), period, catalog)
            target.id, target.revision = 0, 0  # planned in memory; saved on apply
        elif (target.catalog_id, target.catalog_version) != (catalog.id, catalog.version):
            raise InvalidValueError(
                f"Báo cáo tổng hợp (số hiệu {target.id}) lập theo danh mục "
                f"{target.catalog_id} {target.catalog_version}, các báo cáo đơn vị theo "
                f"{catalog.id} {catalog.version}."
            )
        # the units' optional blocks are shown in the summary when any unit reports them
        for r in reports:
            target.optional_groups |= r.optional_groups
        known = [s.name for s in self.merges.sub_units(unit_name)]  # the expected units
        before = self.merges.provenance(target.id) if exists and target.id else None
        merge = plan_from_parts(
            target,
            catalog,
            before or Provenance(),
            [
                (r.unit.name, f"báo cáo số hiệu {r.id}", r.catalog_version, r.values)
                for r in reports
            ],
            known=known,
        )
        with_errors = (
            [r.unit.name for r in reports if has_errors(validate_report(r, catalog))]
            if check
            else []
        )
        return SummaryPlan(
            target, exists, catalog, reports, merge, with_errors, list(merge.missing)
        )

    def apply(self, plan: SummaryPlan) -> int:
        """Save the summary report (new or updated) with its figures and provenance."""
        target = plan.target
        if not plan.exists:
            target.id = None
            for code, iv in plan.merge.patch.values.items():
                if iv.is_reported:
                    target.values[code] = iv
            self.store.save_report(target)
            assert target.id is not None
            write_with_provenance(self.store, target.id, ReportPatch(), plan.merge.after)
            return target.id
        assert target.id is not None
        stored = self.store.load_report(target.id).optional_groups
        if stored != target.optional_groups:
            plan.merge.patch.optional_groups = set(target.optional_groups)
        plan.merge.report_id = target.id
        self.merges.apply(plan.merge, backup=True)
        return target.id


# --- the per-unit table -----------------------------------------------------------------------------
def table_rows(plan: SummaryPlan) -> list[list[object]]:
    """Rows of the per-unit table: code, label, unit of measure, one cell per unit, the total
    (or "cần nhập tay"). Figures stay numbers (Decimal) so that Excel can add them up."""
    units = [r.unit.name for r in plan.reports]
    results = _results(plan)
    out: list[list[object]] = []
    for ind in plan.catalog.enabled(plan.target.optional_groups):
        if not ind.has_value:
            out.append([ind.code, ind.label, ind.unit] + [None] * (len(units) + 1))
            continue
        cells: list[object] = []
        for r in plan.reports:
            v = r.value(ind.code)
            cells.append(v if v is None or not ind.choices else shown(ind, v))
        agg = results.get(ind.code)
        total: object = None
        if agg is not None:
            if agg.status is Status.MANUAL:
                total = "cần nhập tay"
            elif agg.value is not None:
                total = shown(ind, agg.value) if ind.choices else agg.value
        out.append([ind.code, ind.label, ind.unit, *cells, total])
    return out


def _results(plan: SummaryPlan) -> dict[str, Aggregated]:
    table = {r.unit.name: r.values for r in plan.reports}
    codes = [i.code for i in plan.catalog.enabled(plan.target.optional_groups) if i.has_value]
    return dict(aggregate(plan.catalog, list(table), table, codes=codes).results)


def write_table(plan: SummaryPlan, path: Path) -> None:
    from ..export.xlsx.summary import write_summary_table

    write_summary_table(
        path,
        title=f"TỔNG HỢP SỐ LIỆU CÁC ĐƠN VỊ - {plan.target.unit.name} - {plan.target.period.wording}",
        units=[r.unit.name for r in plan.reports],
        rows=table_rows(plan),
        with_errors=plan.with_errors,
        missing=plan.missing,
    )


__all__ = ["SummaryPlan", "SummaryService", "table_rows", "write_table"]
