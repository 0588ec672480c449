"""Use case: compile a report from its parts: sub-units' workbooks merged into the department's
report (`cchc merge`, “Tổng hợp từ đơn vị…”), with each value's provenance kept.

Each workbook is read exactly as the single import reads it (export/xlsx/reader.py, through the
same safety checks); the sub-unit is the one named in its hidden sheet (or chosen by the user).
The stored parts of earlier merges stay: a re-merge of one corrected file replaces only that
sub-unit's share. The plan shows every old -> new value, the values needing manual entry with
their parts, the values the user overrode (kept), the parts' own rule findings and the missing
sub-units; applying it writes the figures and their provenance in one transaction, or nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..domain.aggregate import (
    Aggregated,
    Aggregation,
    Part,
    Status,
    aggregate,
    same_value,
    shown,
)
from ..domain.catalog import Catalog, Indicator
from ..domain.changes import ReportPatch
from ..domain.history import ChangeSource
from ..domain.provenance import MergedMark, PartInfo, Provenance, SubUnit
from ..domain.report import IndicatorValue, Report
from ..domain.rules.model import Severity
from ..domain.vn import clean_line
from ..errors import InvalidValueError, UserError
from .catalogs import CatalogRegistry
from .store import ReportStore

# The change history's source of a merge's writes.
CHANGE_SOURCE = ChangeSource.MERGE


@dataclass
class PartReading:
    """One sub-unit's workbook as read: its figures, or why it cannot be taken."""

    path: Path
    name: str  # the sub-unit ("" when the file does not say and nobody chose)
    from_metadata: bool
    values: dict[str, IndicatorValue] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    catalog_version: str = ""
    checks: list[str] | None = None  # the rules run on its own figures ("(lỗi): ..."), once read

    @property
    def label(self) -> str:
        return self.name or self.path.name


@dataclass(frozen=True)
class MergeChange:
    """One indicator in the preview."""

    code: str
    label: str
    status: str  # "merged" (value written), "manual", "overridden" (kept), "cleared"
    old_text: str
    new_text: str  # what the merge writes (merged, cleared) or computed (overridden)
    parts: tuple[Part, ...]
    reason: str = ""
    rule: str = ""  # how the value is compiled, in Vietnamese ("cộng các đơn vị")
    indicator: Indicator | None = field(default=None, compare=False, repr=False)

    @property
    def parts_text(self) -> str:
        """ "Phòng Kế hoạch 12, Văn phòng 7" (formatted when shown: a hundred parts are many)."""
        ind = self.indicator
        if ind is None:
            return ", ".join(p.unit for p in self.parts)
        return ", ".join(f"{p.unit} {shown(ind, p.value)}" for p in self.parts)

    def describe(self) -> str:
        head = f"{self.code}  {self.label if len(self.label) <= 60 else self.label[:59] + '…'}"
        if self.status == "manual":
            return f"{head}: cần nhập tay ({self.reason}); các phần: {self.parts_text or '-'}"
        if self.status == "overridden":
            return (
                f"{head}: giữ số đã sửa tay {self.old_text or '(trống)'} "
                f"(tổng hợp được {self.new_text or '(trống)'}); các phần: {self.parts_text}"
            )
        return f"{head}: {self.old_text or '(trống)'} -> {self.new_text or '(trống)'}" + (
            f"  [{self.parts_text}]" if self.parts_text else ""
        )


@dataclass
class MergePlan:
    report_id: int
    revision: int  # the report's revision the plan was made at (a stale plan is refused)
    parts: list[PartReading]
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # the parts' own rule findings
    missing: list[str] = field(default_factory=list)  # sub-units with no figures merged yet
    changes: list[MergeChange] = field(default_factory=list)  # values written
    manual: list[MergeChange] = field(default_factory=list)
    overridden: list[MergeChange] = field(default_factory=list)
    patch: ReportPatch = field(default_factory=ReportPatch)
    before: Provenance = field(default_factory=Provenance)
    after: Provenance = field(default_factory=Provenance)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_message(self) -> str:
        lines = [f"Có {len(self.errors)} lỗi nên chưa tổng hợp số liệu nào:"]
        lines += [f"  {e}" for e in self.errors]
        return "\n".join(lines)

    def lines(self) -> list[str]:
        """The preview as text (the CLI prints it)."""
        out = [f"Lưu ý: {n}" for n in self.notices]
        out += [c.describe() for c in self.changes]
        out += [c.describe() for c in self.overridden]
        out += [c.describe() for c in self.manual]
        out += [f"Kiểm tra: {f}" for f in self.findings]
        if self.missing:
            out.append("Chưa có số liệu của: " + ", ".join(self.missing))
        return out


# --- reading the parts ------------------------------------------------------------------------------
def _blank(report: Report) -> Report:
    """The report as a sub-unit's workbook is read against: its rows, none of its figures (so a
    sub-unit's figure is checked like a newly typed one)."""
    blank = copy.copy(report)
    blank.values = {}
    return blank


def read_part(path: Path, report: Report, catalog: Catalog, name: str | None = None) -> PartReading:
    """Read one sub-unit's workbook with the single import's reader and checks."""
    from ..errors import FileProblemError
    from ..export.xlsx.reader import read_workbook  # openpyxl, only when a workbook is read

    try:
        reading = read_workbook(path, _blank(report), catalog)
    except FileProblemError as exc:
        return PartReading(path, clean_line(name or ""), False, errors=[exc.message])
    meta_name = clean_line(reading.meta.get("sub_unit", ""))
    chosen = clean_line(name or "")
    part = PartReading(
        path,
        chosen or meta_name,
        bool(meta_name) and not chosen,
        notices=list(reading.notices),
        catalog_version=reading.meta.get("catalog_version", ""),
    )
    part.errors = [str(e) for e in reading.errors]
    for row in reading.rows:
        if row.appendix == "III":
            iv = IndicatorValue(row.value, row.note)
            if iv.is_reported:
                part.values[row.key] = iv
    if not part.errors:
        part.checks = own_checks(part.values, report, catalog)
    return part


# Reading a workbook is openpyxl's pure-Python XML parsing (~0.07 s of CPU each): many files are
# read by several processes (a thread would hold the GIL). "spawn", never fork: the GUI has threads.
_PARALLEL_FROM = 8  # fewer files are read here: starting the processes would cost more
_worker_context: tuple[Report, Catalog] | None = None


def _workers(count: int) -> int:
    wanted = os.environ.get("CCHC_MERGE_WORKERS", "")
    if wanted.isdigit():
        return max(1, int(wanted))
    if count < _PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 8, count // 4))


def _start_worker(report: Report, catalog: Catalog) -> None:
    global _worker_context  # noqa: PLW0603 - the worker process's own copy of the inputs
    _worker_context = (report, catalog)


def _read_in_worker(job: tuple[Path, str | None]) -> PartReading:
    assert _worker_context is not None
    report, catalog = _worker_context
    return read_part(job[0], report, catalog, job[1])


def read_parts(
    paths: Sequence[Path],
    report: Report,
    catalog: Catalog,
    names: Mapping[Path, str] | None = None,
) -> list[PartReading]:
    """Every workbook read (in their order), by several processes when there are many."""
    names = names or {}
    jobs = [(p, names.get(p)) for p in paths]
    workers = _workers(len(jobs))
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            with ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(_blank(report), catalog),
            ) as pool:
                return list(pool.map(_read_in_worker, jobs, chunksize=4))
        except (BrokenProcessPool, OSError):
            pass  # no processes on this machine (policy, resources): read them here instead
    return [read_part(p, report, catalog, name) for p, name in jobs]


# --- planning -------------------------------------------------------------------------------------
def own_checks(values: Mapping[str, IndicatorValue], report: Report, catalog: Catalog) -> list[str]:
    """The consistency rules run on one part's own figures: "(lỗi): ..." for each finding."""
    from .validation import validator_for

    alone = _blank(report)
    alone.values = dict(values)
    return [
        f"({f.severity.label.lower()}): {f.message}"
        for f in validator_for(catalog).validate(alone)
        if f.severity is not Severity.NOTICE  # "not yet entered" notices are no news for parts
    ]


def part_findings(
    name: str, values: Mapping[str, IndicatorValue], report: Report, catalog: Catalog
) -> list[str]:
    """The findings on one part's own figures, named: "Phòng Kế hoạch (lỗi): ..."."""
    return [f"{name} {c}" for c in own_checks(values, report, catalog)]


def plan_from_parts(
    report: Report,
    catalog: Catalog,
    before: Provenance,
    parts: Sequence[tuple[str, str, str, Mapping[str, IndicatorValue]]],
    *,
    known: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> MergePlan:
    """The plan of merging parts (name, source, catalog version, figures) into report, whose
    earlier merges' provenance is `before`. Pure: nothing is read or written here."""
    assert report.id is not None
    plan = MergePlan(report.id, report.revision, [], before=before)
    after = before.copy()
    when = now or dt.datetime.now().replace(microsecond=0)
    order = {k: i for i, k in enumerate(known)}
    parts = sorted(parts, key=lambda p: order.get(p[0], len(order)))
    for name, source, version, values in parts:
        for by_part in after.sources.values():
            by_part.pop(name, None)  # a re-merged part replaces only its own share
        after.parts[name] = PartInfo(source, version, when)
        for code, iv in values.items():
            after.sources.setdefault(code, {})[name] = IndicatorValue(iv.value, iv.note)
    after.sources = {c: v for c, v in after.sources.items() if v}
    # the parts in the order of the unit's list of sub-units, then the others as merged
    after.parts = dict(sorted(after.parts.items(), key=lambda kv: order.get(kv[0], len(order))))
    enabled = [i.code for i in catalog.enabled(report.optional_groups) if i.has_value]
    result = aggregate(catalog, list(after.parts), after.table(), codes=enabled)
    _fill_plan(plan, report=report, catalog=catalog, before=before, after=after, result=result)
    plan.after = after
    plan.missing = [k for k in known if k not in after.parts]
    return plan


def _fill_plan(
    plan: MergePlan,
    *,
    report: Report,
    catalog: Catalog,
    before: Provenance,
    after: Provenance,
    result: Aggregation,
) -> None:
    after.merged = {}
    for code, agg in result.results.items():
        current = report.values.get(code, IndicatorValue())

        def change(
            status: str,
            new: Decimal | str | None,
            a: Aggregated = agg,
            old: IndicatorValue = current,
        ) -> MergeChange:
            i = catalog.get(a.code)
            return MergeChange(
                a.code,
                i.label,
                status,
                shown(i, old.value) if old.value is not None else "",
                shown(i, new) if new is not None else "",
                a.parts,
                a.reason,
                a.rule.describe(),
                i,
            )

        if agg.status is Status.MANUAL:
            after.merged[code] = MergedMark("manual", None)
            plan.manual.append(change("manual", None))
            continue
        if agg.status is Status.EMPTY:
            mark = before.merged.get(code)
            overridden = before.is_overridden(code, current.value)
            if mark is not None and mark.status == "merged" and not overridden:
                if current.is_reported:  # every part now reports nothing: the old sum goes
                    plan.patch.values[code] = IndicatorValue()
                    plan.changes.append(change("cleared", None))
            elif overridden:
                after.merged[code] = MergedMark("merged", None, True)
            continue
        if before.is_overridden(code, current.value):
            after.merged[code] = MergedMark("merged", agg.value, True)
            plan.overridden.append(change("overridden", agg.value))
            continue
        after.merged[code] = MergedMark("merged", agg.value)
        note = agg.note or current.note
        if not same_value(current.value, agg.value) or current.note != note:
            plan.patch.values[code] = IndicatorValue(agg.value, note)
            plan.changes.append(change("merged", agg.value))


# --- the use case -----------------------------------------------------------------------------------
def _repository(store: object) -> object:
    """The Repository behind a store (the GUI's StartupStore opens it on demand)."""
    opener = getattr(store, "repository", None)
    return opener() if callable(opener) else store


class MergeService:
    """Merging sub-units' workbooks into one report of a database; sub-units of its units."""

    def __init__(self, store: ReportStore) -> None:
        self.store = store

    @property
    def repo(self) -> object:
        return _repository(self.store)

    # sub-units
    def sub_units(self, unit_name: str) -> list[SubUnit]:
        return self.repo.sub_units(unit_name)  # type: ignore[attr-defined, no-any-return]

    def save_sub_units(self, unit_name: str, subs: Sequence[SubUnit]) -> None:
        names: set[str] = set()
        clean: list[SubUnit] = []
        for sub in subs:
            name = clean_line(sub.name)
            if not name:
                raise InvalidValueError("Tên phòng, đơn vị không được để trống.")
            if name.casefold() in names:
                raise InvalidValueError(f"“{name}” có hai lần trong danh sách.")
            names.add(name.casefold())
            clean.append(SubUnit(name, sub.kind))
        self.repo.save_sub_units(unit_name, clean)  # type: ignore[attr-defined]

    def provenance(self, report_id: int, unit_name: str | None = None) -> Provenance:
        prov: Provenance = self.repo.provenance(report_id)  # type: ignore[attr-defined]
        if unit_name is not None:
            prov.ordered([s.name for s in self.sub_units(unit_name)])
        return prov

    # export for sub-units
    def export_for(self, report_id: int, subs: Sequence[SubUnit], folder: Path) -> list[Path]:
        """One workbook per sub-unit in folder ("<report>-<sub-unit>.xlsx"), its name inside."""
        from ..export.xlsx.writer import write_workbook

        report = self.store.load_report(report_id)
        catalog = CatalogRegistry(self.store).for_report(report)
        out: list[Path] = []
        for sub in subs:
            path = folder / f"{file_stem(report, sub.name)}.xlsx"
            write_workbook(report, catalog, path, (sub.name, sub.kind.value))
            out.append(path)
        return out

    # merge
    def preview(
        self,
        report_id: int,
        paths: Sequence[Path],
        names: Mapping[Path, str] | None = None,
    ) -> MergePlan:
        report = self.store.load_report(report_id)
        catalog = CatalogRegistry(self.store).for_report(report)
        readings = read_parts(paths, report, catalog, names)
        return self.plan(report, catalog, readings)

    def plan(self, report: Report, catalog: Catalog, readings: Sequence[PartReading]) -> MergePlan:
        assert report.id is not None
        known = [s.name for s in self.sub_units(report.unit.name)]
        before = self.provenance(report.id).ordered(known)
        errors: list[str] = []
        seen: dict[str, Path] = {}
        for r in readings:
            if not r.name:
                errors.append(
                    f"{r.path.name}: tệp không ghi tên phòng, đơn vị (không phải tệp xuất cho "
                    "đơn vị); hãy chọn đơn vị cho tệp này."
                )
                continue
            errors += [f"{r.name} ({r.path.name}): {e}" for e in r.errors]
            key = r.name.casefold()
            if key in seen:
                errors.append(
                    f"{r.name}: có hai tệp ({seen[key].name} và {r.path.name}); chỉ chọn một."
                )
            seen[key] = r.path
        plan = plan_from_parts(
            report,
            catalog,
            before,
            [(r.name, r.path.name, r.catalog_version, r.values) for r in readings if r.name],
            known=known,
        )
        plan.parts = list(readings)
        plan.errors = errors
        known_keys = {k.casefold() for k in known}
        for r in readings:
            plan.notices += [f"{r.label}: {n}" for n in r.notices]
            if known and r.name and r.name.casefold() not in known_keys:
                plan.notices.append(
                    f"“{r.name}” không có trong danh sách phòng, đơn vị của {report.unit.name}."
                )
            if r.name and not r.errors:
                if r.checks is None:
                    r.checks = own_checks(r.values, report, catalog)
                plan.findings += [f"{r.name} {c}" for c in r.checks]
        return plan

    def apply(self, plan: MergePlan, *, backup: bool = True) -> Path | None:
        """Write the plan's figures and provenance in one transaction; refuses a plan with errors
        and one made before the report last changed."""
        if plan.errors:
            raise InvalidValueError(plan.error_message())
        if self.store.revision(plan.report_id) != plan.revision:
            raise UserError(
                "Báo cáo đã thay đổi kể từ khi đọc các tệp; hãy tổng hợp lại để xem trước."
            )
        saved = None
        if backup:
            from .exchange_xlsx import backup_before_import

            saved = backup_before_import(self.store)
        write_with_provenance(self.store, plan.report_id, plan.patch, plan.after)
        return saved

    def clear_overrides(self, report_id: int, codes: Sequence[str]) -> list[str]:
        """Take the merged value back for codes the user had overridden; the codes done."""
        report = self.store.load_report(report_id)
        catalog = CatalogRegistry(self.store).for_report(report)
        prov = self.provenance(report_id)
        patch = ReportPatch()
        done: list[str] = []
        for code in codes:
            mark = prov.merged.get(code)
            if mark is None or mark.status != "merged":
                ind = catalog.find(code)
                raise InvalidValueError(
                    f"Chỉ tiêu {code} chưa được tổng hợp từ các đơn vị."
                    if ind is not None
                    else f"Không có chỉ tiêu mã “{code}” trong danh mục {catalog.id}."
                )
            current = report.values.get(code, IndicatorValue())
            prov.merged[code] = MergedMark("merged", mark.value)
            parts = prov.parts_of(code)
            from ..domain.aggregate import joined_notes

            note = joined_notes(parts) or current.note
            patch.values[code] = IndicatorValue(mark.value, note)
            done.append(code)
        write_with_provenance(self.store, report_id, patch, prov)
        return done


def write_with_provenance(
    store: object,
    report_id: int,
    patch: ReportPatch,
    provenance: Provenance,
    source: ChangeSource | str = CHANGE_SOURCE,
) -> None:
    """Figures and provenance in one transaction (a merge, its undo and redo), recorded in the
    change history under source."""
    repo = _repository(store)
    repo.write_patch(report_id, patch, source=source, provenance=provenance)  # type: ignore[attr-defined]


def _json_value(value: Decimal | str | None) -> object:
    from ..domain.serialize import decimal_to_json

    return decimal_to_json(value) if isinstance(value, Decimal) else value


def _sources_json(parts: Iterable[Part]) -> list[dict[str, object]]:
    return [{"unit": p.unit, "value": _json_value(p.value)} for p in parts]


def plan_to_json(plan: MergePlan) -> dict[str, object]:
    """The plan as `cchc merge --json` prints it."""

    def rows(changes: list[MergeChange]) -> list[dict[str, object]]:
        return [
            {
                "code": c.code,
                "status": c.status,
                "old": c.old_text,
                "new": c.new_text,
                "sources": _sources_json(c.parts),
                "reason": c.reason,
            }
            for c in changes
        ]

    return {
        "report_id": plan.report_id,
        "ok": plan.ok,
        "errors": plan.errors,
        "notices": plan.notices,
        "findings": plan.findings,
        "missing": plan.missing,
        "parts": [
            {
                "name": r.name,
                "file": r.path.name,
                "catalog_version": r.catalog_version,
                "from_metadata": r.from_metadata,
                "errors": r.errors,
            }
            for r in plan.parts
        ],
        "changes": rows(plan.changes),
        "manual": rows(plan.manual),
        "overridden": rows(plan.overridden),
    }


def add_provenance(data: dict[str, object], store: object, report: Report) -> None:
    """`show --json`: each merged value's parts (`sources`: [{unit, value}]), whether it needs
    manual entry or was overridden, and the report's parts and missing sub-units (`merge`)."""
    if report.id is None:
        return
    quick = getattr(store, "has_provenance", None)
    if callable(quick) and not quick(report.id):
        return  # nothing merged: no need to open the full database layer for it
    repo = _repository(store)
    if not hasattr(repo, "provenance"):
        return
    prov: Provenance = repo.provenance(report.id)
    if prov.is_empty():
        return
    known = [sub.name for sub in repo.sub_units(report.unit.name)]  # type: ignore[attr-defined]
    prov.ordered(known)
    values = data.get("values")
    assert isinstance(values, dict)
    for code in set(prov.sources) | set(prov.merged):
        entry = values.setdefault(code, {"value": None, "note": ""})
        entry["sources"] = _sources_json(prov.parts_of(code))
        mark = prov.merged.get(code)
        if mark is not None:
            entry["merge_status"] = mark.status
            entry["overridden"] = prov.is_overridden(code, report.value(code))
    data["merge"] = {
        "parts": [
            {
                "name": name,
                "source": info.source,
                "catalog_version": info.catalog_version,
                "merged_at": info.merged_at.isoformat(),
            }
            for name, info in prov.parts.items()
        ],
        "missing": [k for k in known if k not in prov.parts],
    }


def file_stem(report: Report, sub_unit: str) -> str:
    """A file name for a sub-unit's workbook: "Sở Tài chính - Phòng Kế hoạch - 6 tháng 2024"."""
    text = f"{report.unit.name} - {sub_unit} - {report.period.code} {report.period.year}"
    return "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in text).strip(". ")


__all__ = [
    "CHANGE_SOURCE",
    "MergeChange",
    "MergePlan",
    "MergeService",
    "PartReading",
    "add_provenance",
    "file_stem",
    "plan_from_parts",
    "plan_to_json",
    "read_part",
    "write_with_provenance",
]
