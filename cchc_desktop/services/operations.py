"""Named edits of a report: each a pure change of the Report, the same for the GUI and the CLI.

The GUI passes them to ReportController.edit_report (one undoable step, written at once); a script
applies them to a loaded report and writes the difference (domain.changes.diff). Text is cleaned
here, at the entry point, whoever typed it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..domain.outline import (
    SectionPath,
    footnote_ids_in,
    paragraphs_of,
    section_at,
    siblings,
)
from ..domain.report import (
    Footnote,
    Paragraph,
    PropagandaRow,
    RemediationItem,
    Report,
    Section,
    Signer,
    default_symbol,
)
from ..domain.signature import is_archive_line, normalize_recipients
from ..domain.vn import clean_line, nfc

NEW_SECTION_TITLE = "Mục mới"


# --- Thông tin chung ---------------------------------------------------------------------------
def set_parent_authority(report: Report, text: str) -> None:
    report.unit.parent_authority = clean_line(text)


def set_abbreviation(report: Report, text: str) -> None:
    """The unit's abbreviation, in capitals; a symbol still made from the old one follows it
    (BC-STC), a symbol typed by hand stays."""
    value = clean_line(text).upper()
    old = report.unit.abbreviation
    if report.symbol in ("", default_symbol(""), default_symbol(old)):
        report.symbol = default_symbol(value)
    report.unit.abbreviation = value


def set_number(report: Report, text: str) -> None:
    report.number = clean_line(text)


def set_symbol(report: Report, text: str) -> None:
    report.symbol = clean_line(text)


def set_place(report: Report, text: str) -> None:
    """The place of issue; the unit's place follows it: its next new report starts with it."""
    value = clean_line(text)
    report.place = value
    if value:
        report.unit.place = value


def set_date(report: Report, date: dt.date | None) -> None:
    """The date of issue; None leaves day and month blank for the văn thư."""
    report.date = date


def set_subject(report: Report, text: str) -> None:
    report.subject = clean_line(text)


def suggest_subject(report: Report) -> None:
    """ "Theo kỳ": the trích yếu the period suggests ("Cải cách hành chính 6 tháng đầu năm 2024")."""
    report.subject = report.period.default_subject()


def set_recipient_to(report: Report, text: str) -> None:
    report.recipient_to = clean_line(text)


def set_signer_authority(report: Report, text: str) -> None:
    """The quyền hạn ký: one line, or two ("TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH")."""
    lines = [clean_line(t) for t in nfc(text).split("\n")]
    report.signer.authority = "\n".join(t for t in lines if t)


def set_signer_lines(report: Report, lines: Sequence[str]) -> None:
    """The 1-3 lines above the signature: the last is the chức vụ, those before it the quyền hạn
    ký. More than three lines is a mistake the caller reports (see MAX_SIGNER_LINES)."""
    report.signer.authority, report.signer.title = Signer.split_lines(list(lines))


def set_signer_title(report: Report, text: str) -> None:
    report.signer.title = clean_line(text)


def set_signer_name(report: Report, text: str) -> None:
    report.signer.name = clean_line(text)


def set_recipients(report: Report, items: Sequence[str]) -> None:
    """The "Nơi nhận" list: trimmed, blanks dropped, the "Lưu: VT, ..." line kept last."""
    report.recipients = normalize_recipients(items)


def add_recipient(report: Report, text: str) -> int:
    """A new "Nơi nhận" entry, before the "Lưu: ..." line (which stays last); returns its row."""
    items = normalize_recipients(report.recipients)
    pos = next((i for i, t in enumerate(items) if is_archive_line(t)), len(items))
    items.insert(pos, text)
    report.recipients = normalize_recipients(items)
    return min(pos, len(report.recipients) - 1)


def remove_recipient(report: Report, index: int) -> None:
    if 0 <= index < len(report.recipients):
        del report.recipients[index]


def recipient_move_target(recipients: Sequence[str], index: int, step: int) -> int | None:
    """Where the entry at index goes when moved by step; None when it cannot move (an end of the
    list, or the archive line, which stays last)."""
    target = index + step
    if index < 0 or not 0 <= target < len(recipients):
        return None
    if is_archive_line(recipients[index]) or is_archive_line(recipients[target]):
        return None
    return target


def move_recipient(report: Report, index: int, step: int) -> None:
    target = recipient_move_target(report.recipients, index, step)
    if target is not None:
        items = report.recipients
        items[index], items[target] = items[target], items[index]


# --- Nội dung: outline -------------------------------------------------------------------------
def add_section(
    report: Report, after: SectionPath | None, title: str, *, child: bool
) -> SectionPath:
    """A new section after `after` (same level) or as its last child; returns the new path."""
    new = Section(title=clean_line(title) or NEW_SECTION_TITLE)
    if after is None:
        report.narrative.sections.append(new)
        return (len(report.narrative.sections) - 1,)
    if child:
        parent = section_at(report, after)
        parent.children.append(new)
        return (*after, len(parent.children) - 1)
    siblings(report, after).insert(after[-1] + 1, new)
    return (*after[:-1], after[-1] + 1)


def rename_section(report: Report, path: SectionPath, title: str) -> None:
    section_at(report, path).title = clean_line(title)


def move_section(report: Report, path: SectionPath, step: int) -> SectionPath:
    """Swap a section with its neighbour step places away; returns its new path (unchanged at
    either end of its level)."""
    items = siblings(report, path)
    i, j = path[-1], path[-1] + step
    if not 0 <= j < len(items):
        return path
    items[i], items[j] = items[j], items[i]
    return (*path[:-1], j)


def delete_section(report: Report, path: SectionPath) -> None:
    """Remove a section with its sub-sections; footnotes referenced only there go with it."""
    removed = siblings(report, path).pop(path[-1])
    candidates = footnote_ids_in(removed)
    used = {fid for p in report.narrative.paragraphs() for fid in p.footnote_ids()}
    report.footnotes = [f for f in report.footnotes if f.id not in candidates or f.id in used]


# --- Nội dung: paragraphs and footnotes -----------------------------------------------------------
def set_paragraphs(report: Report, part: str, paragraphs: Sequence[Paragraph]) -> None:
    """Replace the paragraphs of a narrative part (domain.outline part key)."""
    paragraphs_of(report, part)[:] = list(paragraphs)


def add_footnote(report: Report, note: Footnote) -> None:
    """A footnote whose reference mark the text already holds (Run(footnote_id=note.id))."""
    report.footnotes.append(
        Footnote(nfc(note.text).strip(), id=note.id, document_id=note.document_id)
    )


def edit_footnote(report: Report, footnote_id: str, text: str) -> None:
    found = report.footnote(footnote_id)
    if found is not None:
        found.text = nfc(text).strip()


def delete_footnote(report: Report, footnote_id: str) -> None:
    """Remove a footnote and its reference marks from the text."""
    report.footnotes = [f for f in report.footnotes if f.id != footnote_id]
    for p in report.narrative.paragraphs():
        p.runs = [r for r in p.runs if r.footnote_id != footnote_id]


# --- Phụ lục I and II ---------------------------------------------------------------------------
def set_propaganda(report: Report, rows: Sequence[PropagandaRow]) -> None:
    report.propaganda = list(rows)


def set_remediation(report: Report, items: Sequence[RemediationItem]) -> None:
    report.remediation = list(items)


# --- Phụ lục III ---------------------------------------------------------------------------------
def set_optional_group(report: Report, code: str, on: bool) -> None:
    """Switch an optional block of the form (e.g. "hs", the dossier counts) on or off. Figures
    already entered in it are kept either way: switched off they are neither shown nor checked."""
    if on:
        report.optional_groups.add(code)
    else:
        report.optional_groups.discard(code)
