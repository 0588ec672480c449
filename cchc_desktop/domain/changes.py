"""What an edit changed in a report, as a patch: written alone (so two writers of different fields
never overwrite each other) and applied to another copy of the report (undo, a reloaded report)."""

from __future__ import annotations

import copy
import functools
from collections.abc import Collection
from typing import Any, Generic, TypeVar

from .frozen import Record
from .report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    PropagandaRow,
    RemediationItem,
    Report,
    Section,
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


class TablePatch(Record, Generic[_Row]):
    """The rows of an appendix table that changed, by position, and the table's new length (rows
    past it are gone). When the length changes every row is in the patch: positions moved."""

    __match_args__ = ("length", "rows")
    length: int
    rows: dict[int, _Row]

    def __init__(
        self,
        length: int,
        rows: dict[int, _Row] | None = None,
    ) -> None:
        self.length = length
        self.rows = {} if rows is None else rows

    def apply_to(self, table: list[_Row]) -> None:
        del table[self.length :]
        for i in sorted(self.rows):
            row = copy.deepcopy(self.rows[i])
            if i < len(table):
                table[i] = row
            else:
                table.append(row)


# A part of the narrative that holds paragraphs, named so that it is found again in another
# writer's copy: ("intro",), ("closing",), or ("section", n, title, sub-title, ...) for the n-th
# section with that chain of headings (two sections may share a title).
PartKey = tuple[Any, ...]
Outline = tuple[Any, ...]


def outline_of(narrative: Narrative) -> Outline:
    """The narrative's headings and their nesting, without the text."""

    def walk(sections: list[Section]) -> Outline:
        return tuple((s.title, s.numbered, walk(s.children)) for s in sections)

    return walk(narrative.sections)


@functools.lru_cache(maxsize=16)
def section_keys(outline: Outline) -> tuple[PartKey, ...]:
    """The PartKey of each section of an outline, in document order (a parent before its
    children): the one naming of parts (part_map, the narrative's stored rows). Kept for the
    last outlines seen: every save of typed text names its part again in the same outline."""
    out: list[PartKey] = []
    seen: dict[tuple[str, ...], int] = {}

    def walk(items: Outline, titles: tuple[str, ...]) -> None:
        for title, _numbered, children in items:
            chain = (*titles, title)
            n = seen.get(chain, 0)
            out.append(("section", n, *chain))
            seen[chain] = n + 1
            walk(children, chain)

    walk(outline, ())
    return tuple(out)


def section_lists(narrative: Narrative) -> list[list[Paragraph]]:
    """Each section's paragraph list, in document order (as section_keys names them)."""
    out: list[list[Paragraph]] = []

    def walk(sections: list[Section]) -> None:
        for sec in sections:
            out.append(sec.paragraphs)
            walk(sec.children)

    walk(narrative.sections)
    return out


def part_map(narrative: Narrative) -> dict[PartKey, list[Paragraph]]:
    """Every paragraph list of the narrative by its PartKey (the lists themselves, not copies)."""
    out: dict[PartKey, list[Paragraph]] = {
        ("intro",): narrative.intro,
        ("closing",): narrative.closing,
    }
    keys = section_keys(outline_of(narrative))
    out.update(zip(keys, section_lists(narrative), strict=True))
    return out


def part_key_of(
    narrative: Narrative, paragraphs: list[Paragraph], outline: Outline | None = None
) -> PartKey:
    """The PartKey of one of the narrative's own paragraph lists (part_map's naming); outline:
    the narrative's, when the caller has it."""
    if paragraphs is narrative.intro:
        return ("intro",)
    if paragraphs is narrative.closing:
        return ("closing",)
    keys = section_keys(outline_of(narrative) if outline is None else outline)
    for key, found in zip(keys, section_lists(narrative), strict=True):
        if found is paragraphs:
            return key
    raise KeyError("not a paragraph list of this narrative")


def _outline_copy(narrative: Narrative) -> Narrative:
    """New sections and paragraph lists holding the same paragraphs (to replace parts in)."""

    def walk(sections: list[Section]) -> list[Section]:
        return [
            Section(s.title, list(s.paragraphs), walk(s.children), s.numbered) for s in sections
        ]

    return Narrative(list(narrative.intro), walk(narrative.sections), list(narrative.closing))


class OutlineConflict(Exception):
    """An outline edit written over a narrative whose outline another writer changed meanwhile."""


class NarrativePatch(Record):
    """The narrative's changed parts (paragraphs of one section, the intro...) and footnotes.

    Two writers typing in different sections both keep their text: the changed parts are put into
    the narrative as stored, found by their headings. An edit of the outline (a section added,
    renamed, moved) writes the writer's whole narrative, but the text another writer changed
    meanwhile in a part this edit did not touch is kept (a three-way merge against `base`)."""

    __match_args__ = ("whole", "outline", "base", "parts", "footnotes")
    # the writer's narrative after the edit; only an outline edit needs it (None with `parts`)
    whole: Narrative | None
    outline: Outline  # the outline as the writer read it, before the edit
    base: dict[PartKey, list[Paragraph]]  # the parts as the writer read them, before the edit
    parts: dict[PartKey, list[Paragraph]] | None  # the changed parts; None: the outline changed
    footnotes: dict[str, Footnote | None]  # id -> new, None = gone

    def __init__(
        self,
        whole: Narrative | None,
        outline: Outline,
        base: dict[PartKey, list[Paragraph]],
        parts: dict[PartKey, list[Paragraph]] | None,
        footnotes: dict[str, Footnote | None] | None = None,
    ) -> None:
        self.whole = whole
        self.outline = outline
        self.base = base
        self.parts = parts
        self.footnotes = {} if footnotes is None else footnotes

    def merged_into(self, stored: Narrative) -> Narrative:
        """The narrative to store, given the one stored now. The parts this patch leaves share
        their paragraphs with `stored` (a deep copy of a long narrative on every keystroke cost
        more than the rest of the write); neither is edited afterwards by who calls this."""
        theirs = part_map(stored)
        if self.text_only(theirs.keys()):
            assert self.parts is not None
            out = _outline_copy(stored)
            targets = part_map(out)
            for key, paragraphs in self.parts.items():
                targets[key][:] = copy.deepcopy(paragraphs)
            return out
        if self.whole is None or outline_of(stored) != self.outline:
            # another writer changed the outline too: writing this whole narrative would drop
            # their sections; the caller reloads and does the edit again on their narrative
            raise OutlineConflict
        out = copy.deepcopy(self.whole)
        mine = part_map(out)
        for key, paragraphs in theirs.items():
            base = self.base.get(key)
            if key in mine and base is not None and paragraphs != base and mine[key] == base:
                mine[key][:] = copy.deepcopy(paragraphs)
        return out

    def text_only(self, stored_parts: Collection[PartKey]) -> bool:
        """Whether the patch is only the text of parts the stored narrative (its part_map keys)
        has: then merging it replaces those parts' paragraphs and nothing else."""
        return self.parts is not None and all(k in stored_parts for k in self.parts)

    def apply_footnotes(self, footnotes: list[Footnote]) -> list[Footnote]:
        """The footnotes with this patch's changed, added and removed ones."""
        out: list[Footnote] = []
        for f in footnotes:
            if f.id not in self.footnotes:
                out.append(f)
            elif (changed := self.footnotes[f.id]) is not None:
                out.append(copy.deepcopy(changed))
        known = {f.id for f in footnotes}
        out += [copy.deepcopy(f) for k, f in self.footnotes.items() if k not in known and f]
        return out


def text_patch(outline: Outline, parts: dict[PartKey, list[Paragraph]]) -> NarrativePatch:
    """The patch of an edit that changed these parts' paragraphs and nothing else (the outline,
    the footnotes stay) in a narrative with this outline: what diff makes of it, without
    comparing the whole report."""
    return NarrativePatch(None, outline, {}, {k: copy.deepcopy(p) for k, p in parts.items()})


def _narrative_patch(old: Report, new: Report) -> NarrativePatch | None:
    if old.narrative == new.narrative and old.footnotes == new.footnotes:
        return None
    before = part_map(old.narrative)
    parts: dict[PartKey, list[Paragraph]] | None = None
    if outline_of(new.narrative) == outline_of(old.narrative):
        after = part_map(new.narrative)
        parts = {k: copy.deepcopy(p) for k, p in after.items() if before[k] != p}
    old_notes = {f.id: f for f in old.footnotes}
    new_notes = {f.id: f for f in new.footnotes}
    notes: dict[str, Footnote | None] = {
        k: copy.deepcopy(f) for k, f in new_notes.items() if old_notes.get(k) != f
    }
    notes.update(dict.fromkeys(old_notes.keys() - new_notes.keys()))
    if parts is not None:  # the text of some parts: neither the whole narrative nor the base
        return NarrativePatch(None, outline_of(old.narrative), {}, parts, notes)
    whole = copy.deepcopy(new.narrative)
    return NarrativePatch(whole, outline_of(old.narrative), copy.deepcopy(before), None, notes)


class ReportPatch(Record):
    """The parts of a report one edit changed; None (or empty) = left as it is."""

    __match_args__ = (
        "header",
        "unit",
        "narrative",
        "recipients",
        "propaganda",
        "remediation",
        "values",
        "optional_groups",
    )
    header: dict[str, Any]  # HEADER_FIELDS name -> new value
    unit: dict[str, str]  # UNIT_FIELDS name -> new value
    narrative: NarrativePatch | None
    recipients: list[str] | None
    propaganda: TablePatch[PropagandaRow] | None
    remediation: TablePatch[RemediationItem] | None
    values: dict[str, IndicatorValue]  # code -> new (maybe empty)
    optional_groups: set[str] | None

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        header: dict[str, Any] | None = None,
        unit: dict[str, str] | None = None,
        narrative: NarrativePatch | None = None,
        recipients: list[str] | None = None,
        propaganda: TablePatch[PropagandaRow] | None = None,
        remediation: TablePatch[RemediationItem] | None = None,
        values: dict[str, IndicatorValue] | None = None,
        optional_groups: set[str] | None = None,
    ) -> None:
        self.header = {} if header is None else header
        self.unit = {} if unit is None else unit
        self.narrative = narrative
        self.recipients = recipients
        self.propaganda = propaganda
        self.remediation = remediation
        self.values = {} if values is None else values
        self.optional_groups = optional_groups

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
            report.narrative = self.narrative.merged_into(report.narrative)
            report.footnotes = self.narrative.apply_footnotes(report.footnotes)
        if self.recipients is not None:
            report.recipients = list(self.recipients)
        if self.propaganda is not None:
            self.propaganda.apply_to(report.propaganda)
        if self.remediation is not None:
            self.remediation.apply_to(report.remediation)
        for code, value in self.values.items():
            if value.is_reported:
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
    patch.narrative = _narrative_patch(old, new)
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
