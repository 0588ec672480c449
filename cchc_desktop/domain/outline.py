"""The narrative's outline: sections by path, footnote numbers, paragraphs as typed (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence

from .report import Paragraph, Report, Run, Section, append_text
from .vn import nfc

# A section's place in the outline: (2,) is the third top-level section, (2, 0) its first child.
SectionPath = tuple[int, ...]


def siblings(report: Report, path: SectionPath) -> list[Section]:
    """The list the section at path is in (to insert, move or remove it)."""
    items = report.narrative.sections
    for i in path[:-1]:
        items = items[i].children
    return items


def section_at(report: Report, path: SectionPath) -> Section:
    return siblings(report, path)[path[-1]]


def footnote_ids_in(section: Section) -> set[str]:
    """The footnotes referenced in a section and its sub-sections."""
    ids = {fid for p in section.paragraphs for fid in p.footnote_ids()}
    for c in section.children:
        ids |= footnote_ids_in(c)
    return ids


def footnote_numbers(report: Report) -> dict[str, int]:
    """The number Word will print for each footnote (order of first reference in the text)."""
    return {f.id: i + 1 for i, f in enumerate(report.footnotes_in_order())}


def clean_paragraphs(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Paragraphs as typed: NFC runs, adjacent runs of the same format merged, empty runs dropped."""
    out: list[Paragraph] = []
    for p in paragraphs:
        runs: list[Run] = []
        for r in p.runs:
            if r.footnote_id is not None:
                runs.append(Run("", footnote_id=r.footnote_id))
                continue
            append_text(runs, nfc(r.text).replace("\n", " "), bold=r.bold, italic=r.italic)
        out.append(Paragraph(runs, p.style))
    return out


# A narrative part as one string (what an editor keeps current and an edit names): the opening
# paragraphs, the closing paragraphs, or a section's "s:<path>" ("s:1.0" = mục 2, first child).
INTRO, CLOSING = "intro", "closing"


def part_key(path: SectionPath | None) -> str:
    """The part key of a section (INTRO for None)."""
    return "s:" + ".".join(str(i) for i in path) if path is not None else INTRO


def path_of(key: str) -> SectionPath | None:
    """The section path of a part key; None for the opening and closing paragraphs."""
    if not key.startswith("s:"):
        return None
    return tuple(int(p) for p in key[2:].split("."))


def paragraphs_of(report: Report, key: str) -> list[Paragraph]:
    """The paragraph list of a part (the report's own list: changing it changes the report).
    IndexError when the part's section no longer exists."""
    if key == INTRO:
        return report.narrative.intro
    if key == CLOSING:
        return report.narrative.closing
    path = path_of(key)
    if path is None:
        raise IndexError(f"no narrative part {key!r}")
    return section_at(report, path).paragraphs


def first_part_with_footnotes(report: Report) -> str:
    """The first part citing a document (where the footnote tools matter), else INTRO."""
    if any(p.footnote_ids() for p in report.narrative.intro):
        return INTRO

    def find(sections: list[Section], prefix: SectionPath) -> str | None:
        for i, sec in enumerate(sections):
            path = (*prefix, i)
            if any(p.footnote_ids() for p in sec.paragraphs):
                return part_key(path)
            found = find(sec.children, path)
            if found:
                return found
        return None

    return find(report.narrative.sections, ()) or INTRO
