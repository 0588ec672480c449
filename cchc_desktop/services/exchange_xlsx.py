"""Use case: exchange Phụ lục III (with I and II) with sub-units through an Excel workbook.

Export writes the workbook (export/xlsx). Import reads it, plans every change against the report
(old -> new, nothing applied: the preview the CLI prints and the GUI shows) and applies it all or
nothing: a plan with any error offers no change. Shared by `cchc export-xlsx/import-xlsx` and the
“Xuất Excel…”/“Nhập Excel…” buttons. An empty cell means "not reported", and emptying a filled
cell clears the figure.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..domain.catalog import Catalog
from ..domain.changes import diff
from ..domain.report import IndicatorValue, Report
from ..domain.vn import format_number, nfc
from ..errors import InvalidValueError, UserError
from ..export.xlsx.reader import ImportProblem, WorkbookReading, label_key, read_workbook
from ..export.xlsx.writer import write_workbook
from .catalogs import CatalogRegistry
from .store import ReportStore


# --- the import plan --------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One row whose figure or note the workbook changes."""

    appendix: str  # "III" (a Phụ lục III indicator) or "I" (a Phụ lục I row)
    key: str  # the indicator code ("1.1.1"), or the Phụ lục I row number ("01")
    label: str
    old_value: Decimal | str | None
    new_value: Decimal | str | None
    old_note: str
    new_note: str
    cell: str  # where the new value is: "Phụ lục III!D14"
    old_text: str  # values as printed in the report ("1.088", "98,73%")
    new_text: str
    index: int | None = None  # position in report.propaganda (Phụ lục I)

    @property
    def value_changed(self) -> bool:
        return not _same_value(self.old_value, self.new_value)

    @property
    def note_changed(self) -> bool:
        return _norm_note(self.old_note) != _norm_note(self.new_note)

    def describe(self) -> str:
        """ "1.1.1  Số nhiệm vụ đề ra trong kế hoạch: 38 -> 40" (and the note, when it changes)."""
        key = self.key if self.appendix == "III" else f"PL I {self.key or '-'}"
        label = self.label if len(self.label) <= 70 else self.label[:69] + "…"
        parts = []
        if self.value_changed:
            parts.append(f"{self.old_text or '(trống)'} -> {self.new_text or '(trống)'}")
        if self.note_changed:
            parts.append(f"ghi chú “{self.old_note}” -> “{self.new_note}”")
        return f"{key}  {label}: " + "; ".join(parts)


@dataclass
class ImportPlan:
    """What importing a workbook would do: every change and every problem, nothing applied yet."""

    source: str
    report_id: int | None
    changes: list[Change] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_message(self) -> str:
        lines = [f"Tệp “{self.source}” có {len(self.errors)} lỗi nên chưa nhập số liệu nào:"]
        lines += [f"  {e}" for e in self.errors]
        return "\n".join(lines)

    def changed_values(self) -> dict[str, IndicatorValue]:
        """The Phụ lục III values the plan changes, code -> new value (an empty IndicatorValue
        clears one): what Repository.set_values writes, and nothing else."""
        if self.errors:
            raise InvalidValueError(self.error_message())
        return {
            ch.key: IndicatorValue(ch.new_value, ch.new_note)
            for ch in self.changes
            if ch.appendix == "III"
        }


def _norm_note(note: str) -> str:
    return nfc(note).strip()


def _same_value(a: Decimal | str | None, b: Decimal | str | None) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return nfc(a).strip() == nfc(b).strip()
    return a is None and b is None


def _format_quantity(value: Decimal | str | None) -> str:
    return value if isinstance(value, str) else format_number(value)


def plan_import(reading: WorkbookReading, report: Report, catalog: Catalog) -> ImportPlan:
    """Compare what the workbook holds with the report: the changes, or the errors (then no
    change at all: all or nothing)."""
    plan = ImportPlan(
        source=reading.source,
        report_id=report.id,
        errors=list(reading.errors),
        notices=list(reading.notices),
    )
    if plan.errors:
        return plan
    for row in reading.rows:
        old_value: Decimal | str | None
        if row.appendix == "III":
            ind = catalog.get(row.key)
            old = report.values.get(row.key, IndicatorValue())
            old_value, old_note, label = old.value, old.note, ind.label
            show = ind.format_value
        else:
            assert row.index is not None
            prow = report.propaganda[row.index]
            old_value, old_note, label = prow.quantity, prow.note, prow.label
            show = _format_quantity
        new_value = old_value if _same_value(old_value, row.value) else row.value
        change = Change(
            appendix=row.appendix,
            key=row.key,
            label=label,
            old_value=old_value,
            new_value=new_value,  # the stored form is kept when equal (38 vs 38.0)
            old_note=old_note,
            new_note=row.note if _norm_note(row.note) != _norm_note(old_note) else old_note,
            cell=row.cell,
            old_text=show(old_value),
            new_text=show(new_value),
            index=row.index,
        )
        if change.value_changed or change.note_changed:
            plan.changes.append(change)
    return plan


def read_plan(path: Path, report: Report, catalog: Catalog) -> ImportPlan:
    """Read a workbook into a plan of changes to the report; the report itself is not touched.
    Hostile or unreadable files raise FileProblemError; cell problems are in plan.errors."""
    return plan_import(read_workbook(path, report, catalog), report, catalog)


# --- apply ------------------------------------------------------------------------------------
def apply_plan(report: Report, plan: ImportPlan) -> Report:
    """The report with the plan's changes applied (a new object; the caller saves it).

    Refuses a plan with errors, one made for another report, and one made before the report last
    changed (a stale preview), so nothing is ever half-applied or applied over newer figures.
    """
    if plan.errors:
        raise InvalidValueError(plan.error_message())
    if plan.report_id is not None and report.id is not None and plan.report_id != report.id:
        raise UserError(
            f"Kế hoạch nhập số liệu được lập cho báo cáo {plan.report_id}, không phải {report.id}."
        )
    new = copy.deepcopy(report)
    stale = UserError(
        "Báo cáo đã thay đổi kể từ khi đọc tệp Excel; hãy đọc lại tệp để xem trước các thay đổi."
    )
    for ch in plan.changes:
        if ch.appendix == "III":
            cur = new.values.get(ch.key, IndicatorValue())
            if not _same_value(cur.value, ch.old_value) or _norm_note(cur.note) != _norm_note(
                ch.old_note
            ):
                raise stale
            value = IndicatorValue(ch.new_value, ch.new_note)
            if value.is_reported:
                new.values[ch.key] = value
            else:
                new.values.pop(ch.key, None)
        else:
            if ch.index is None or not 0 <= ch.index < len(new.propaganda):
                raise stale
            prow = new.propaganda[ch.index]
            if (
                label_key(prow.label) != label_key(ch.label)
                or not _same_value(prow.quantity, ch.old_value)
                or _norm_note(prow.note) != _norm_note(ch.old_note)
            ):
                raise stale
            quantity = ch.new_value
            prow.quantity = quantity if isinstance(quantity, Decimal) else None
            prow.note = ch.new_note
    return new


# --- the use cases of the CLI (the GUI applies through its controller, one undoable step) ---------
@dataclass(frozen=True)
class ExportSummary:
    path: Path
    indicators: int  # Phụ lục III rows that take a value
    propaganda: int
    remediation: int


def export_workbook(report: Report, catalog: Catalog, path: Path) -> ExportSummary:
    """Write the exchange workbook of report; the file appears whole or not at all."""
    write_workbook(report, catalog, path)
    return ExportSummary(
        path=path,
        indicators=sum(1 for i in catalog.enabled(report.optional_groups) if i.has_value),
        propaganda=len(report.propaganda),
        remediation=len(report.remediation),
    )


def backup_before_import(store: object) -> Path | None:
    """A copy of the database before an Excel import changes it (every import can be undone from
    a file); the path, or None for a store without a file."""
    from ..storage.backup import backup_store

    return backup_store(store, "truoc-nhap-excel")


class XlsxExchange:
    """The exchange of one database's reports: export, preview an import, apply it."""

    def __init__(self, repo: ReportStore) -> None:
        self.repo = repo

    def _catalog(self, report: Report) -> Catalog:
        catalog = CatalogRegistry(self.repo).for_report(report)
        if not len(catalog):
            raise UserError(
                "Báo cáo này không có Phụ lục III: không có số liệu để trao đổi qua Excel"
            )
        return catalog

    def export(self, report_id: int, path: Path) -> ExportSummary:
        report = self.repo.load_report(report_id)
        return export_workbook(report, self._catalog(report), path)

    def preview(self, report_id: int, path: Path) -> ImportPlan:
        """The plan of importing path into the report; InvalidValueError when the file has errors."""
        report = self.repo.load_report(report_id)
        plan = read_plan(path, report, self._catalog(report))
        if plan.errors:
            raise InvalidValueError(plan.error_message())
        return plan

    def apply(self, report_id: int, plan: ImportPlan) -> Path | None:
        """Write the plan's changes, and only them (a figure typed meanwhile in another window
        is not overwritten); refuses a plan made before the report last changed."""
        if not plan.changes:
            return None
        report = self.repo.load_report(report_id)
        updated = apply_plan(report, plan)  # checks the plan is this report's and not stale
        backup = backup_before_import(self.repo)
        # figures and Phụ lục I rows, each on its own: nothing else of the report is written
        self.repo.write_patch(report_id, diff(report, updated))
        return backup


__all__ = [
    "Change",
    "ExportSummary",
    "ImportPlan",
    "ImportProblem",
    "XlsxExchange",
    "apply_plan",
    "export_workbook",
    "plan_import",
    "read_plan",
]
