"""An edit as a small reversible step (the undo history): what it changed, before and after, nothing else.

A whole copy of the report per step cost up to 1.6 MB (two deep copies of a long narrative) and a
deep copy took most of a keystroke's save. Here a report is read into a ReportState: immutable values
that share the report's strings (cheap to take, never mutated). A Step keeps only the fields that
differ between two states, and the narrative as one splice of its document-order nodes (typing in a
paragraph keeps that paragraph before and after; adding a section keeps one heading). What to write
is still computed by domain.changes.diff, between the report as it is and the state wanted, so an
undo writes exactly the parts the edit changed, as before.
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Iterator
from typing import Any

from ..errors import ConflictError
from .changes import (
    HEADER_FIELDS,
    UNIT_FIELDS,
    Outline,
    PartKey,
    ReportPatch,
    diff,
    outline_of,
    part_map,
)
from .frozen import Frozen, field_names
from .report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    ParagraphStyle,
    PropagandaRow,
    RemediationItem,
    Report,
    Run,
    Section,
    Signer,
    Unit,
)

# A paragraph as a value: (style, ((text, bold, italic, footnote_id), ...)).
Node = tuple[Any, ...]
# The narrative's text: each part's paragraphs (domain.changes.part_map's keys) as values.
Parts = dict[PartKey, tuple[Node, ...]]


class _Missing:
    """The value of a key a state does not have (a figure not reported, a footnote not there)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

_CONTEXT_LOST = (
    "Không hoàn tác / làm lại được bước này: phần nội dung đó vừa được sửa ở nơi khác (cửa sổ"
    " khác, dòng lệnh). Báo cáo giữ nguyên như đang hiển thị."
)


# --- the narrative as values -------------------------------------------------------------------
_RUN = operator.attrgetter("text", "bold", "italic", "footnote_id")  # a run as a tuple, in C


def _paragraph_node(p: Paragraph) -> Node:
    return (p.style, tuple(map(_RUN, p.runs)))


def _paragraph(node: Node) -> Paragraph:
    runs = [Run(t, bold=b, italic=i, footnote_id=fid) for t, b, i, fid in node[1]]
    return Paragraph(runs, ParagraphStyle(node[0]))


def narrative_parts(narrative: Narrative) -> Parts:
    """Each part's paragraphs as immutable values sharing the narrative's strings."""
    return {
        key: tuple(_paragraph_node(p) for p in paragraphs)
        for key, paragraphs in part_map(narrative).items()
    }


def narrative_of(
    outline: Outline, parts: Parts, like: tuple[Narrative, Parts] | None = None
) -> Narrative:
    """The narrative with this outline and these parts' paragraphs. With `like` (a narrative
    and its parts), a part equal to that narrative's takes its paragraph objects (shared, not
    copied: for reading and diffing, not to be edited); the others are new objects."""

    def sections(items: Outline) -> list[Section]:
        return [
            Section(title, numbered=numbered, children=sections(c)) for title, numbered, c in items
        ]

    narrative = Narrative(sections=sections(outline))
    known, known_parts = (part_map(like[0]), like[1]) if like is not None else ({}, {})
    for key, paragraphs in part_map(narrative).items():  # one naming of parts: part_map's
        nodes = parts.get(key, ())
        if key in known and known_parts.get(key) == nodes:
            paragraphs.extend(known[key])
        else:
            paragraphs.extend(_paragraph(n) for n in nodes)
    return narrative


class Splice(Frozen):
    """A part's paragraphs [start:start + len(old)] were old and are new; `length` is the part's
    paragraph count after the edit (with it an undo knows the part is the one the edit left)."""

    __match_args__ = ("start", "old", "new", "length")
    start: int
    old: tuple[Node, ...]
    new: tuple[Node, ...]
    length: int

    def __init__(
        self, start: int, old: tuple[Node, ...], new: tuple[Node, ...], length: int
    ) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)
        object.__setattr__(self, "length", length)

    def apply(self, nodes: tuple[Node, ...], forward: bool) -> tuple[Node, ...]:
        """The paragraphs with this splice done (forward) or taken back; ConflictError when they
        are not what it expects (another writer changed that text meanwhile)."""
        have, put = (self.old, self.new) if forward else (self.new, self.old)
        expected = self.length - len(self.new) + len(self.old) if forward else self.length
        end = self.start + len(have)
        if len(nodes) != expected or nodes[self.start : end] != have:
            raise ConflictError(_CONTEXT_LOST)
        return nodes[: self.start] + put + nodes[end:]


def splice_between(old: tuple[Node, ...], new: tuple[Node, ...]) -> Splice | None:
    """The one splice that turns old into new (common start and end left out); None if equal."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return Splice(start, old[start : len(old) - end], new[start : len(new) - end], len(new))


# --- every other editable field as keyed values ------------------------------------------------
def _row(row: Any) -> tuple[Any, ...]:
    """A table row (a flat Record) as a tuple; its lists of lines as tuples."""
    return tuple(
        tuple(v) if isinstance(v, list) else v
        for v in (getattr(row, name) for name in field_names(row))
    )


def _row_of(cls: Any, values: tuple[Any, ...]) -> Any:
    return cls(*(list(v) if isinstance(v, tuple) else v for v in values))


def _fields(report: Report) -> Iterator[tuple[str, Any]]:
    """(key, immutable value) for every field an edit may change, the narrative's text aside."""
    for name in HEADER_FIELDS:
        value = getattr(report, name)
        if isinstance(value, Signer):
            value = (value.authority, value.title, value.name)
        yield f"header:{name}", value
    for name in UNIT_FIELDS:
        yield f"unit:{name}", getattr(report.unit, name)
    yield "recipients", tuple(report.recipients)
    yield "propaganda", tuple(_row(r) for r in report.propaganda)
    yield "remediation", tuple(_row(r) for r in report.remediation)
    yield "optional_groups", frozenset(report.optional_groups)
    for code, iv in report.values.items():
        yield f"value:{code}", (iv.value, iv.note, type(iv.value))
    for f in report.footnotes:
        yield f"footnote:{f.id}", (f.text, f.document_id)


class ReportState(Frozen):
    """What a report's edits can change, as immutable values (not a copy: strings are shared).

    `fields` maps keys ("header:subject", "value:1.1", "footnote:<id>" ...) to values; a key not
    there is a figure not reported or a footnote that does not exist. The narrative is its
    outline (headings) and each part's paragraphs."""

    __match_args__ = ("fields", "outline", "parts")
    fields: dict[str, Any]
    outline: Outline
    parts: Parts

    def __init__(self, fields: dict[str, Any], outline: Outline, parts: Parts) -> None:
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "outline", outline)
        object.__setattr__(self, "parts", parts)

    def onto(self, report: Report, now: ReportState | None = None) -> Report:
        """A new report: `report` (its identity, period, status history) with this state's
        fields and narrative, for diffing against it (domain.changes.diff) or reverting to it.
        The narrative's parts equal to the report's are shared with it, not rebuilt: nothing
        edits the result in place. `now` is the report's state when the caller has it."""
        out = copy.copy(report)
        get = self.fields.__getitem__  # a state has every key but figures and footnotes
        for name in HEADER_FIELDS:
            value = get(f"header:{name}")
            setattr(out, name, Signer(*value) if name == "signer" else value)
        out.unit = Unit(
            report.unit.name, **{n: get(f"unit:{n}") for n in UNIT_FIELDS}, id=report.unit.id
        )
        out.recipients = list(get("recipients"))
        out.propaganda = [_row_of(PropagandaRow, r) for r in get("propaganda")]
        out.remediation = [_row_of(RemediationItem, r) for r in get("remediation")]
        out.optional_groups = set(get("optional_groups"))
        out.values, out.footnotes = {}, []
        for key, value in self.fields.items():
            kind, _, name = key.partition(":")
            if kind == "value":
                out.values[name] = IndicatorValue(value[0], value[1])
            elif kind == "footnote":
                out.footnotes.append(Footnote(value[0], id=name, document_id=value[1]))
        now = now or capture(report)
        if self.outline == now.outline and self.parts == now.parts:
            out.narrative = report.narrative
        else:
            out.narrative = narrative_of(self.outline, self.parts, (report.narrative, now.parts))
        return out


def part_state(key: PartKey, paragraphs: list[Paragraph]) -> ReportState:
    """One narrative part's paragraphs alone, for the step of an edit that changes that part's
    text and nothing else (typing): Step.between two of them is the step two whole states give
    (the other keys and parts are equal on both sides and left out), without reading the whole
    report. Only for steps: it has no fields or outline to put onto a report."""
    return ReportState({}, (), {key: tuple(map(_paragraph_node, paragraphs))})


def capture(report: Report) -> ReportState:
    """The report's editable state now (cheap: tuples over the report's own strings)."""
    narrative = report.narrative
    return ReportState(dict(_fields(report)), outline_of(narrative), narrative_parts(narrative))


# A part's change: a splice of its paragraphs, or (before, after) when it appears or goes with
# an outline edit (MISSING on the side where it does not exist).
PartChange = Splice | tuple[Any, Any]


# --- a step ------------------------------------------------------------------------------------
class Step(Frozen):
    """What one edit changed: each changed key's (before, after), the outline's (before, after)
    when it changed, and each changed part's paragraphs as a splice."""

    __match_args__ = ("changed", "outline", "parts")
    changed: dict[str, tuple[Any, Any]]
    outline: tuple[Outline, Outline] | None
    parts: dict[PartKey, PartChange]

    def __init__(
        self,
        changed: dict[str, tuple[Any, Any]],
        outline: tuple[Outline, Outline] | None,
        parts: dict[PartKey, PartChange],
    ) -> None:
        object.__setattr__(self, "changed", changed)
        object.__setattr__(self, "outline", outline)
        object.__setattr__(self, "parts", parts)

    @classmethod
    def between(cls, old: ReportState, new: ReportState) -> Step:
        a, b = old.fields, new.fields
        changed = {
            k: (a.get(k, MISSING), b.get(k, MISSING))
            for k in (*a, *(k for k in b if k not in a))
            if a.get(k, MISSING) != b.get(k, MISSING)
        }
        outline = None if old.outline == new.outline else (old.outline, new.outline)
        parts: dict[PartKey, PartChange] = {}
        pa, pb = old.parts, new.parts
        for key in (*pa, *(k for k in pb if k not in pa)):
            before, after = pa.get(key, MISSING), pb.get(key, MISSING)
            if before is MISSING or after is MISSING:
                parts[key] = (before, after)
            elif (splice := splice_between(before, after)) is not None:
                parts[key] = splice
        return cls(changed, outline, parts)

    def is_empty(self) -> bool:
        return not self.changed and self.outline is None and not self.parts

    def moved(self, state: ReportState, forward: bool) -> ReportState:
        """The state with this step done (forward) or taken back. Only the step's own keys,
        outline and parts are touched: another writer's changes elsewhere stay. ConflictError
        when what this step changed is no longer as it left it."""
        fields = dict(state.fields)
        for key, (before, after) in self.changed.items():
            value = after if forward else before
            if value is MISSING:
                fields.pop(key, None)
            else:
                fields[key] = value
        outline = state.outline
        if self.outline is not None:
            have, put = self.outline if forward else self.outline[::-1]
            if outline != have:  # another writer changed the headings meanwhile
                raise ConflictError(_CONTEXT_LOST)
            outline = put
        parts = dict(state.parts)
        for part, change in self.parts.items():
            if isinstance(change, Splice):
                if part not in parts:
                    raise ConflictError(_CONTEXT_LOST)
                parts[part] = change.apply(parts[part], forward)
            elif (paragraphs := change[1] if forward else change[0]) is MISSING:
                parts.pop(part, None)
            else:
                parts[part] = paragraphs
        return ReportState(fields, outline, parts)

    def patch(self, report: Report, forward: bool) -> ReportPatch:
        """What to write to take this step back (or do it again) on the report as it is now:
        the step's own fields and text, nothing else (domain.changes.diff makes the patch)."""
        now = capture(report)
        return diff(report, self.moved(now, forward).onto(report, now))

    def then(self, later: Step, end: ReportState) -> Step:
        """This step and the later one as one (typing in one field: one undo step); `end` is
        the state after the later one."""
        middle = later.moved(end, forward=False)
        return Step.between(self.moved(middle, forward=False), end)

    def size(self) -> int:
        """How many values and paragraphs the step keeps (for tests and the benchmark)."""
        count = len(self.changed) + (self.outline is not None)
        for change in self.parts.values():
            sides = (change.old, change.new) if isinstance(change, Splice) else change
            count += sum(len(side) for side in sides if side is not MISSING)
        return count
