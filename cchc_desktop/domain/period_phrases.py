"""Finding the phrases that name a report's period ("6 tháng đầu năm 2024", "quý III/2024") and
proposing their wording for another period, for "Tạo từ kỳ trước" (pure: text in, proposals out).

A phrase means one of three things, and each is rewritten differently:
- the report's OWN period ("báo cáo CCHC 6 tháng đầu năm 2024"): the new period's wording;
- the NEXT period ("nhiệm vụ trọng tâm trong quý III/2024" in a 6-month report, "6 tháng cuối
  năm"): the period after the new one ("quý IV/2024" for 9 tháng, "năm 2025" for năm);
- a bare YEAR ("Kế hoạch CCHC năm 2024", "năm 2023"): shifted only when the year changes.
Anything else (an earlier quarter, a date "ngày 04 tháng 4 năm 2014") is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import TYPE_CHECKING

from .frozen import Frozen
from .periods import Period, PeriodKind

if TYPE_CHECKING:
    from .report import Paragraph, Report, Section


class Meaning(Enum):
    OWN = "own"
    NEXT = "next"
    YEAR = "year"

    @property
    def label(self) -> str:
        return {"own": "kỳ báo cáo", "next": "kỳ tới", "year": "năm"}[self.value]


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OF = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTERS = (PeriodKind.Q1, PeriodKind.Q2, PeriodKind.Q3, PeriodKind.Q4)

# Longest first at one position: "6 tháng đầu năm 2024" before a bare "năm 2024".
_PHRASE = re.compile(
    r"(?<!\w)(?:"
    r"(?P<quarter>quý\s+(?P<qn>IV|III|II|I|[1-4])(?!\w)"
    r"(?:\s*/\s*(?P<qys>\d{4})(?!\d)|\s+năm\s+(?P<qy>\d{4})(?!\d))?)"
    r"|(?P<months>(?P<m>\d{1,2})\s+tháng\s+(?P<part>đầu\s+năm|cuối\s+năm|năm)"
    r"(?:\s+(?P<my>\d{4})(?!\d))?)"
    r"|(?P<year>(?P<ca>cả\s+)?năm\s+(?P<y>\d{4})(?!\d))"
    r")",
    re.IGNORECASE,
)
# "... tháng 4 năm 2014" is a date, not a year named on its own.
_DATE_BEFORE = re.compile(r"(?:tháng|ngày)\s+\d{1,2}\s+$", re.IGNORECASE)


class _Parsed(Frozen):
    """What a phrase names: a period kind ("H2" = the second half, "YEAR" = a bare year) and how
    it was written, so that the replacement is written the same way."""

    __match_args__ = ("kind", "year", "has_year", "slash", "padded")
    kind: PeriodKind | str
    year: int
    has_year: bool
    slash: bool  # "quý III/2024"
    padded: bool  # "06 tháng"

    def __init__(
        self,
        kind: PeriodKind | str,
        year: int,
        has_year: bool,
        slash: bool = False,
        padded: bool = False,
    ) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "has_year", has_year)
        object.__setattr__(self, "slash", slash)
        object.__setattr__(self, "padded", padded)


class PhraseEdit(Frozen):
    """One proposed replacement inside one text."""

    __match_args__ = ("start", "end", "old", "new", "meaning")
    start: int
    end: int
    old: str
    new: str
    meaning: Meaning

    def __init__(
        self,
        start: int,
        end: int,
        old: str,
        new: str,
        meaning: Meaning,
    ) -> None:
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)
        object.__setattr__(self, "meaning", meaning)


def _parse(m: re.Match[str], source: Period) -> _Parsed | None:
    if m.group("quarter"):
        n = _ROMAN[m.group("qn").upper()]
        y = m.group("qys") or m.group("qy")
        return _Parsed(
            _QUARTERS[n - 1], int(y) if y else source.year, bool(y), bool(m.group("qys"))
        )
    if m.group("months"):
        months = int(m.group("m"))
        part = " ".join(m.group("part").lower().split())
        y = m.group("my")
        if part == "năm" and not y:
            return None  # "6 tháng năm" alone names nothing
        kinds: dict[tuple[str, int], PeriodKind | str] = {
            ("đầu năm", 3): PeriodKind.Q1,
            ("đầu năm", 6): PeriodKind.H1,
            ("đầu năm", 9): PeriodKind.M9,
            ("năm", 3): PeriodKind.Q1,
            ("năm", 6): PeriodKind.H1,
            ("năm", 9): PeriodKind.M9,
            ("đầu năm", 12): PeriodKind.Y,
            ("năm", 12): PeriodKind.Y,
            ("cuối năm", 6): "H2",
            ("cuối năm", 3): PeriodKind.Q4,
        }
        kind = kinds.get((part, months))
        if kind is None:
            return None
        padded = m.group("m").startswith("0")
        return _Parsed(kind, int(y) if y else source.year, bool(y), padded=padded)
    if m.group("ca"):
        return _Parsed(PeriodKind.Y, int(m.group("y")), True)
    return _Parsed("YEAR", int(m.group("y")), True)


def _next_of(period: Period) -> _Parsed:
    """The period after `period`, as the narrative names it (Period.next_period_phrase)."""
    if period.last_month == 12:
        return _Parsed("YEAR", period.year + 1, True)
    return _Parsed(_QUARTERS[period.last_month // 3], period.year, True)


def _meaning(p: _Parsed, source: Period, target: Period) -> Meaning | None:
    if isinstance(p.kind, PeriodKind) and p.year == source.year and p.kind is source.kind:
        return Meaning.OWN
    nxt = _next_of(source)
    if p.kind == nxt.kind and p.year == nxt.year:
        return Meaning.NEXT
    if source.kind is PeriodKind.H1 and p.kind == "H2" and p.year == source.year:
        return Meaning.NEXT
    if source.last_month == 12 and p.kind is PeriodKind.Y and p.year == source.year + 1:
        return Meaning.NEXT  # "cả năm 2025" after a year report of 2024
    if p.kind == "YEAR" and target.year != source.year and p.year in (source.year, source.year - 1):
        return Meaning.YEAR
    return None


def _own_words(target: Period, like: _Parsed) -> str:
    kind, y = target.kind, target.year
    if kind in _QUARTERS:
        roman = _ROMAN_OF[_QUARTERS.index(kind) + 1]
        if not like.has_year:
            return f"quý {roman}"
        return f"quý {roman}/{y}" if like.slash else f"quý {roman} năm {y}"
    if kind is PeriodKind.Y:
        return f"năm {y}" if like.has_year else "năm"
    months = "06" if kind is PeriodKind.H1 and like.padded else "6"
    if kind is PeriodKind.M9:
        months = "09" if like.padded else "9"
        return f"{months} tháng năm {y}" if like.has_year else f"{months} tháng đầu năm"
    return f"{months} tháng đầu năm {y}" if like.has_year else f"{months} tháng đầu năm"


def _next_words(target: Period, like: _Parsed) -> str:
    nxt = _next_of(target)
    if nxt.kind == "YEAR":
        return f"năm {nxt.year}"
    assert isinstance(nxt.kind, PeriodKind)
    roman = _ROMAN_OF[_QUARTERS.index(nxt.kind) + 1]
    if like.slash:
        return f"quý {roman}/{nxt.year}"
    if like.has_year or like.kind == "H2":
        return f"quý {roman} năm {nxt.year}"
    return f"quý {roman}"


def _same_case(new: str, old: str) -> str:
    letters = [c for c in old if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def find_edits(text: str, source: Period, target: Period) -> list[PhraseEdit]:
    """The period phrases of text and what each becomes in a report of `target` copied from one
    of `source`; phrases that would stay the same are not proposed."""
    out: list[PhraseEdit] = []
    for m in _PHRASE.finditer(text):
        if m.group("year") and _DATE_BEFORE.search(text, 0, m.start()):
            continue
        parsed = _parse(m, source)
        if parsed is None:
            continue
        meaning = _meaning(parsed, source, target)
        if meaning is None:
            continue
        if meaning is Meaning.OWN:
            new = _own_words(target, parsed)
        elif meaning is Meaning.NEXT:
            new = _next_words(target, parsed)
        else:
            prefix = "cả năm" if m.group("ca") else "năm"
            new = f"{prefix} {parsed.year + target.year - source.year}"
        old = m.group(0)
        new = _same_case(new, old)
        if new != old:
            out.append(PhraseEdit(m.start(), m.end(), old, new, meaning))
    return out


def apply_edits(text: str, edits: Iterable[PhraseEdit]) -> str:
    """text with the given edits (found in that same text) made."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.new + text[e.end :]
    return text


def rewrite_text(text: str, source: Period, target: Period) -> str:
    """Every proposed edit made (the "accept all" of the review)."""
    return apply_edits(text, find_edits(text, source, target))


# --- a whole report -------------------------------------------------------------------------------


class Rewrite(Frozen):
    """One proposal in the review list: where (a slot of the report), what and why."""

    __match_args__ = ("slot", "place", "edit", "context")
    slot: tuple[object, ...]  # where the text lives (see _slots); stable while the report is
    place: str  # "Trích yếu", "Mục II.1, đoạn 3", "Phụ lục II, dòng 2"
    edit: PhraseEdit
    context: str  # the words around the phrase, to judge it by

    def __init__(
        self,
        slot: tuple[object, ...],
        place: str,
        edit: PhraseEdit,
        context: str,
    ) -> None:
        object.__setattr__(self, "slot", slot)
        object.__setattr__(self, "place", place)
        object.__setattr__(self, "edit", edit)
        object.__setattr__(self, "context", context)

    @property
    def key(self) -> tuple[object, ...]:
        return (*self.slot, self.edit.start)


class _Slot:
    """A text of the report that can be read and replaced."""

    def __init__(
        self, key: tuple[object, ...], place: str, obj: object, attr: str, index: int | None = None
    ) -> None:
        self.key, self.place, self.obj, self.attr, self.index = key, place, obj, attr, index

    def get(self) -> str:
        value = getattr(self.obj, self.attr)
        return str(value if self.index is None else value[self.index])

    def set(self, text: str) -> None:
        if self.index is None:
            setattr(self.obj, self.attr, text)
        else:
            getattr(self.obj, self.attr)[self.index] = text


def _paragraph_slots(
    paragraphs: list[Paragraph], key: tuple[object, ...], where: str
) -> Iterator[_Slot]:
    for i, p in enumerate(paragraphs):
        for j, run in enumerate(p.runs):
            if run.footnote_id is None and run.text:
                yield _Slot((*key, i, j), f"{where}, đoạn {i + 1}", run, "text")


def _section_slots(
    sections: list[Section], key: tuple[object, ...], numbers: list[str]
) -> Iterator[_Slot]:
    for i, s in enumerate(sections):
        number = numbers[i] if i < len(numbers) else str(i + 1)
        where = f"Mục {number}"
        yield _Slot((*key, i, "title"), f"{where} (tiêu đề)", s, "title")
        yield from _paragraph_slots(s.paragraphs, (*key, i, "p"), where)
        yield from _section_slots(
            s.children, (*key, i, "c"), [f"{number}.{k + 1}" for k in range(len(s.children))]
        )


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _slots(report: Report) -> Iterator[_Slot]:
    yield _Slot(("subject",), "Trích yếu", report, "subject")
    n = report.narrative
    yield from _paragraph_slots(n.intro, ("intro",), "Mở đầu")
    yield from _section_slots(
        n.sections, ("sections",), [_roman(i + 1) for i in range(len(n.sections))]
    )
    yield from _paragraph_slots(n.closing, ("closing",), "Kết thúc")
    for i, row in enumerate(report.propaganda):
        for attr in ("label", "note"):
            yield _Slot(("propaganda", i, attr), f"Phụ lục I, dòng {i + 1}", row, attr)
    for i, item in enumerate(report.remediation):
        for attr in ("criterion", "assessment"):
            yield _Slot(("remediation", i, attr), f"Phụ lục II, mục {i + 1}", item, attr)
        for attr in ("findings", "remedies", "progress"):
            for k in range(len(getattr(item, attr))):
                yield _Slot(("remediation", i, attr, k), f"Phụ lục II, mục {i + 1}", item, attr, k)


def _context(text: str, edit: PhraseEdit, width: int = 40) -> str:
    start, end = max(0, edit.start - width), min(len(text), edit.end + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def propose_rewrites(report: Report, source: Period, target: Period) -> list[Rewrite]:
    """Every period phrase of the report's trích yếu, narrative (not the footnotes: they cite
    documents as issued) and appendix texts, with its wording for `target`, in document order.
    The appendix titles need none: they are written from the report's period at export."""
    out: list[Rewrite] = []
    for slot in _slots(report):
        text = slot.get()
        for edit in find_edits(text, source, target):
            out.append(Rewrite(slot.key, slot.place, edit, _context(text, edit)))
    return out


def apply_rewrites(report: Report, accepted: Iterable[Rewrite]) -> int:
    """Make the accepted proposals (made by propose_rewrites on this same report's text) in
    place; returns how many were made."""
    by_slot: dict[tuple[object, ...], list[PhraseEdit]] = {}
    for r in accepted:
        by_slot.setdefault(r.slot, []).append(r.edit)
    done = 0
    for slot in _slots(report):
        edits = by_slot.get(slot.key)
        if edits:
            text = slot.get()
            # a proposal is made only where its text is still what it was proposed on
            good = [e for e in edits if text[e.start : e.end] == e.old]
            slot.set(apply_edits(text, good))
            done += len(good)
    return done
