"""What an edit changed in a report, as a patch: written alone (so two writers of different fields
never overwrite each other) and applied to another copy of the report (undo, a reloaded report)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .report import (
    Footnote,
    IndicatorValue,
    Narrative,
    PropagandaRow,
    RemediationItem,
    Report,
    Unit,
)

# The header's own fields, each written on its own (the signer as one field of three lines).
HEADER_FIELDS: tuple[str, ...] = (
    "number",
    "symbol",
    "place",
    "date",
    "subject",
    "recipient_to",
    "signer",
    "status",
)
# The unit's fields a report's header edits (its name is the unit's identity and is not edited).
UNIT_FIELDS: tuple[str, ...] = ("parent_authority", "abbreviation", "place")

_Row = TypeVar("_Row", PropagandaRow, RemediationItem)


def is_reported(value: IndicatorValue) -> bool:
    """A value with neither a figure nor a note is "not reported": it is not stored at all."""
    return value.value is not None or bool(value.note)


@dataclass
class TablePatch(Generic[_Row]):
    """The rows of an appendix table that changed, by position, and the table's new length (rows
    past it are gone). When the length changes every row is in the patch: positions moved."""

    length: int
    rows: dict[int, _Row] = field(default_factory=dict)

    def apply_to(self, table: list[_Row]) -> None:
        del table[self.length :]
        for i in sorted(self.rows):
            row = copy.deepcopy(self.rows[i])
            if i < len(table):
                table[i] = row
            else:
                table.append(row)


@dataclass
class ReportPatch:
    """The parts of a report one edit changed; None (or empty) = left as it is."""

    header: dict[str, Any] = field(default_factory=dict)  # HEADER_FIELDS name -> new value
    unit: dict[str, str] = field(default_factory=dict)  # UNIT_FIELDS name -> new value
    # the narrative and its footnotes go together: a footnote lives at its mark in the text
    narrative: tuple[Narrative, list[Footnote]] | None = None
    recipients: list[str] | None = None
    propaganda: TablePatch[PropagandaRow] | None = None
    remediation: TablePatch[RemediationItem] | None = None
    values: dict[str, IndicatorValue] = field(default_factory=dict)  # code -> new (maybe empty)
    optional_groups: set[str] | None = None

    def is_empty(self) -> bool:
        return not (
            self.header
            or self.unit
            or self.values
            or self.narrative is not None
            or self.recipients is not None
            or self.propaganda is not None
            or self.remediation is not None
            or self.optional_groups is not None
        )

    def apply_to(self, report: Report) -> None:
        """Make these parts of report what the patch says (copies: the patch stays reusable)."""
        for name, value in self.header.items():
            setattr(report, name, copy.deepcopy(value))
        if self.unit:
            report.unit = Unit(
                report.unit.name,
                **{f: self.unit.get(f, getattr(report.unit, f)) for f in UNIT_FIELDS},
                id=report.unit.id,
            )
        if self.narrative is not None:
            narrative, footnotes = copy.deepcopy(self.narrative)
            report.narrative, report.footnotes = narrative, footnotes
        if self.recipients is not None:
            report.recipients = list(self.recipients)
        if self.propaganda is not None:
            self.propaganda.apply_to(report.propaganda)
        if self.remediation is not None:
            self.remediation.apply_to(report.remediation)
        for code, value in self.values.items():
            if is_reported(value):
                report.values[code] = IndicatorValue(value.value, value.note)
            else:
                report.values.pop(code, None)
        if self.optional_groups is not None:
            report.optional_groups = set(self.optional_groups)


def _table_patch(old: list[_Row], new: list[_Row]) -> TablePatch[_Row] | None:
    if old == new:
        return None
    if len(old) != len(new):
        return TablePatch(len(new), {i: copy.deepcopy(r) for i, r in enumerate(new)})
    changed = {i: copy.deepcopy(r) for i, (a, r) in enumerate(zip(old, new, strict=True)) if a != r}
    return TablePatch(len(new), changed)


def diff(old: Report, new: Report) -> ReportPatch:
    """The patch that turns old into new, part by part (what to write, what to undo)."""
    patch = ReportPatch()
    for name in HEADER_FIELDS:
        if getattr(old, name) != getattr(new, name):
            patch.header[name] = copy.deepcopy(getattr(new, name))
    for name in UNIT_FIELDS:
        if getattr(old.unit, name) != getattr(new.unit, name):
            patch.unit[name] = getattr(new.unit, name)
    if old.narrative != new.narrative or old.footnotes != new.footnotes:
        patch.narrative = copy.deepcopy((new.narrative, new.footnotes))
    if old.recipients != new.recipients:
        patch.recipients = list(new.recipients)
    patch.propaganda = _table_patch(old.propaganda, new.propaganda)
    patch.remediation = _table_patch(old.remediation, new.remediation)
    empty = IndicatorValue()
    for code in old.values.keys() | new.values.keys():
        before, after = old.values.get(code, empty), new.values.get(code, empty)
        if (before.value, before.note) != (after.value, after.note) or type(
            before.value
        ) is not type(after.value):
            patch.values[code] = IndicatorValue(after.value, after.note)
    if old.optional_groups != new.optional_groups:
        patch.optional_groups = set(new.optional_groups)
    return patch
