"""Editing one open report: every edit is written at once and re-checked at once (the GUI's use cases)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..domain.appendix_tables import PROPAGANDA_HEADINGS, REMEDIATION_EDIT_COLUMNS
from ..domain.catalog import Catalog, Indicator
from ..domain.changes import ReportPatch, diff
from ..domain.periods import Period, PeriodKind
from ..domain.report import (
    IndicatorValue,
    Paragraph,
    PropagandaRow,
    RemediationItem,
    Report,
    Run,
    Section,
)
from ..domain.rules import Finding, Severity
from ..domain.vn import NumberFormatError, clean_line, format_date_short, nfc, parse_number
from ..errors import InvalidValueError
from ..storage.records import CitedDocument, ReportStore
from .catalogs import get_catalog

Value = Decimal | str | None

# How the list of periods is offered in the GUI, in the order of a year.
PERIOD_CHOICES: tuple[PeriodKind, ...] = (
    PeriodKind.Q1,
    PeriodKind.H1,
    PeriodKind.Q2,
    PeriodKind.M9,
    PeriodKind.Q3,
    PeriodKind.Y,
    PeriodKind.Q4,
)

SIGNER_AUTHORITIES: tuple[str, ...] = (
    "",
    "KT. GIÁM ĐỐC",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "TL. GIÁM ĐỐC",
    "Q. GIÁM ĐỐC",
    "TUQ. GIÁM ĐỐC",
)


def period_sort_key(period: Period) -> tuple[int, int, int]:
    """Chronological order of report periods: by year, then by the last month covered, shorter first."""
    return (period.year, period.last_month, -period.first_month)


def previous_report(report: Report, others: Iterable[Report]) -> Report | None:
    """The unit's report of the period just before this one (for the "kỳ trước" column)."""
    key = period_sort_key(report.period)
    earlier = [r for r in others if r.id != report.id and period_sort_key(r.period) < key]
    return max(earlier, key=lambda r: period_sort_key(r.period)) if earlier else None


def next_period(period: Period) -> Period:
    """The period a "Tạo từ kỳ trước" most likely targets: Q1 -> 6 tháng -> 9 tháng -> năm -> Q1."""
    chain = {
        PeriodKind.Q1: PeriodKind.H1,
        PeriodKind.H1: PeriodKind.M9,
        PeriodKind.M9: PeriodKind.Y,
        PeriodKind.Q2: PeriodKind.Q3,
        PeriodKind.Q3: PeriodKind.Q4,
    }
    if period.kind in chain:
        return Period(period.year, chain[period.kind])
    return Period(period.year + 1, PeriodKind.Q1)


def is_archive_line(text: str) -> bool:
    return clean_line(text).lstrip("-–• ").casefold().startswith("lưu")


def normalize_recipients(items: Sequence[str]) -> list[str]:
    """Recipients as entered, NFC and trimmed, blanks dropped, the "Lưu: VT, ..." line kept last."""
    cleaned = [clean_line(t).lstrip("-–• ").strip() for t in items]
    cleaned = [t for t in cleaned if t]
    archive = [t for t in cleaned if is_archive_line(t)]
    return [t for t in cleaned if not is_archive_line(t)] + archive


def cite_document(doc: CitedDocument) -> str:
    """The footnote text citing a document of the register:
    "Kế hoạch số 191/KH-STC ngày 11/01/2024 của Sở Tài chính về công tác CCHC năm 2024."."""
    parts = [clean_line(doc.kind) or "Văn bản"]
    ref = "/".join(p for p in (clean_line(doc.number), clean_line(doc.symbol)) if p)
    if ref:
        parts.append(f"số {ref}")
    if doc.issued_on is not None:
        parts.append(f"ngày {format_date_short(doc.issued_on)}")
    if clean_line(doc.issuer):
        parts.append(f"của {clean_line(doc.issuer)}")
    subject = clean_line(doc.subject)
    if subject:
        parts.append(subject if subject.startswith("về ") else f"về {subject}")
    text = " ".join(parts)
    return text if text.endswith(".") else text + "."


def document_label(doc: CitedDocument) -> str:
    """A short line for pick lists: "Kế hoạch 191/KH-STC (11/01/2024) - công tác CCHC năm 2024"."""
    ref = "/".join(p for p in (doc.number, doc.symbol) if p)
    when = f" ({format_date_short(doc.issued_on)})" if doc.issued_on else ""
    subject = f" - {doc.subject}" if doc.subject else ""
    return f"{doc.kind} {ref}{when}{subject}".strip()


_SCORE_RE = re.compile(r"^\s*([0-9.,]+)\s*(?:đ|điểm)?\s*/\s*([0-9.,]+)\s*(?:đ|điểm)?\s*$")


def parse_score(text: str) -> tuple[Decimal | None, Decimal | None]:
    """ "6,981/10" -> (6.981, 10); "" -> (None, None). Raises InvalidValueError otherwise."""
    raw = clean_line(text)
    if not raw:
        return None, None
    m = _SCORE_RE.match(raw)
    if m is None:
        raise InvalidValueError(f"“{raw}” không phải là điểm dạng đạt/tối đa (ví dụ 6,981/10)")
    try:
        got, top = parse_number(m.group(1)), parse_number(m.group(2))
    except NumberFormatError as exc:
        raise InvalidValueError(str(exc)) from None
    return got, top


def format_score(got: Decimal | None, top: Decimal | None) -> str:
    from ..domain.vn import format_number

    if got is None and top is None:
        return ""
    return f"{format_number(got)}/{format_number(top)}"


@dataclass(frozen=True)
class FieldTarget:
    """Where the GUI takes the user for a finding: a page and a field (or an indicator code)."""

    page: str
    field: str = ""


# report-level rule ids (report.<name>) -> the page and field they are about
_REPORT_RULE_TARGETS: dict[str, FieldTarget] = {
    "symbol": FieldTarget("thong-tin-chung", "symbol"),
    "number": FieldTarget("thong-tin-chung", "number"),
    "place": FieldTarget("thong-tin-chung", "place"),
    "date": FieldTarget("thong-tin-chung", "date"),
    "subject": FieldTarget("thong-tin-chung", "subject"),
    "signer": FieldTarget("thong-tin-chung", "signer_title"),
    "signer-name": FieldTarget("thong-tin-chung", "signer_name"),
    "recipients": FieldTarget("thong-tin-chung", "recipients"),
    "appendix-reference": FieldTarget("thong-tin-chung", "number"),
}


def finding_target(finding: Finding) -> FieldTarget:
    if finding.codes:
        return FieldTarget("phu-luc-3", finding.codes[0])
    name = finding.rule.removeprefix("report.")
    if name in _REPORT_RULE_TARGETS:
        return _REPORT_RULE_TARGETS[name]
    for prefix, target in _REPORT_RULE_TARGETS.items():
        if name.startswith(prefix):
            return target
    if name.startswith(("footnote", "section", "appendix")):
        return FieldTarget("noi-dung")
    return FieldTarget("thong-tin-chung")


class EditSession:
    """An open report: the domain object, its catalog, the unit's other reports and live findings.

    Each edit method changes the report, writes it to the database in the same call and updates the
    findings; it returns what the GUI must repaint. Pure of Qt: the GUI wraps these calls in undo
    commands."""

    def __init__(self, repo: ReportStore, report_id: int) -> None:
        from .validation import validate_report  # the rules engine is loaded with the first report

        self._validate_report = validate_report
        self.repo = repo
        self.report = repo.load_report(report_id)
        # the revision this session's copy of the report matches; a write that finds the stored
        # revision moved on (another window, the command line) reloads the other writer's changes
        self.revision = self.report.revision
        self.reloaded = False  # whether the last write found and reloaded another writer's changes
        self.catalog: Catalog = get_catalog(self.report.catalog_id, self.report.catalog_version)
        self.history = [
            r for r in repo.reports_for_unit(self.report.unit.name) if r.id != self.report.id
        ]
        self.previous = previous_report(self.report, self.history)
        self._by_rule: dict[str, Finding] = {}
        self._by_code: dict[str, list[Finding]] = {}
        self.refresh()

    @property
    def report_id(self) -> int:
        assert self.report.id is not None
        return self.report.id

    # --- findings ------------------------------------------------------------------------------
    def refresh(self) -> list[Finding]:
        """Validate the whole report again (on open and after an undo of a whole-report edit)."""
        found = self._validate_report(self.report, self.catalog, self.history)
        self._by_rule = {f.rule: f for f in found}
        self._index()
        return self.findings()

    def _index(self) -> None:
        by_code: dict[str, list[Finding]] = {}
        for f in self._by_rule.values():
            for code in f.codes:
                by_code.setdefault(code, []).append(f)
        for items in by_code.values():
            items.sort(key=lambda f: f.severity.rank)
        self._by_code = by_code

    def findings(self) -> list[Finding]:
        return sorted(self._by_rule.values(), key=lambda f: f.severity.rank)

    def findings_for(self, code: str) -> list[Finding]:
        return self._by_code.get(code, [])

    def worst(self, code: str) -> Severity | None:
        items = self._by_code.get(code)
        return items[0].severity if items else None

    def counts(self) -> dict[Severity, int]:
        out = dict.fromkeys(Severity, 0)
        for f in self._by_rule.values():
            out[f.severity] += 1
        return out

    def _recheck_report_level(self) -> None:
        from ..domain.rules import report_findings

        self._by_rule = {k: f for k, f in self._by_rule.items() if not k.startswith("report.")}
        for f in report_findings(self.report):
            self._by_rule[f.rule] = f
        self._index()

    # --- Phụ lục III -------------------------------------------------------------------------
    def indicator(self, code: str) -> Indicator:
        return self.catalog.get(code)

    def value(self, code: str) -> IndicatorValue:
        return self.report.values.get(code) or IndicatorValue()

    def previous_value(self, code: str) -> Value:
        return None if self.previous is None else self.previous.value(code)

    def parse(self, code: str, text: str) -> Value:
        """What the user typed as the stored value; InvalidValueError with a Vietnamese message."""
        try:
            return self.catalog.get(code).parse_value(text)
        except NumberFormatError as exc:
            raise InvalidValueError(str(exc)) from None

    def preview(self, code: str, value: Value) -> list[Finding]:
        """The errors and warnings about code if value were stored, worst first, while the user is
        still typing it: nothing is written and the report is left as it is."""
        from .validation import recheck_value

        trial = copy.copy(self.report)
        trial.values = dict(self.report.values)
        _put_value(trial.values, code, IndicatorValue(value, self.value(code).note))
        result = recheck_value(trial, self.catalog, code, self.history)
        found = [f for f in result.findings if f.severity is not Severity.NOTICE]
        return sorted(found, key=lambda f: f.severity.rank)

    def set_value(self, code: str, new: IndicatorValue) -> set[str]:
        """Store one indicator's value and note; returns the codes whose findings changed (every
        code when another writer's changes were reloaded: see `reloaded`)."""
        from .validation import recheck_value

        old_codes = {c for f in self._by_code.get(code, []) for c in f.codes}
        _put_value(self.report.values, code, new)
        if self._write(ReportPatch(values={code: IndicatorValue(new.value, new.note)})):
            return {i.code for i in self.catalog} | set(self.report.values)
        result = recheck_value(self.report, self.catalog, code, self.history)
        changed = {code} | old_codes
        for rule_id in result.rules:
            gone = self._by_rule.pop(rule_id, None)
            if gone is not None:
                changed.update(gone.codes)
        for f in result.findings:
            self._by_rule[f.rule] = f
            changed.update(f.codes)
        self._index()
        return changed

    # --- writing what changed ---------------------------------------------------------------------
    def _write(self, patch: ReportPatch) -> bool:
        """Write the patch (nothing when it is empty); True when another writer had changed the
        report since this session read it: the report is then reloaded with both writers'
        changes (this one's are in the database already) and fully re-checked."""
        if patch.is_empty():
            return False
        result = self.repo.write_patch(self.report_id, patch, self.revision)
        self.revision = result.revision
        self.reloaded = result.conflict
        if result.conflict:
            self.reload()
        return result.conflict

    def reload(self) -> None:
        """Read the report again from the database (in place: pages hold this object)."""
        fresh = self.repo.load_report(self.report_id)
        self.report.__dict__.update(fresh.__dict__)
        self.revision = fresh.revision
        self.refresh()

    def changed_elsewhere(self) -> bool:
        """Whether another writer changed the report since this session last read or wrote it."""
        return self.repo.revision(self.report_id) != self.revision

    # --- the rest of the report -----------------------------------------------------------------
    def snapshot(self) -> Report:
        return copy.deepcopy(self.report)

    def apply(self, patch: ReportPatch) -> bool:
        """Apply a patch (undo/redo of an edit, an import) to the report and write it; only the
        parts it names are touched, so another writer's changes elsewhere stay. True when another
        writer's changes were reloaded."""
        patch.apply_to(self.report)
        conflict = self._write(patch)
        if not conflict:
            self.refresh()
        return conflict

    def restore(self, state: Report) -> bool:
        """Make the report equal to state (writing only the parts that differ)."""
        return self.apply(diff(self.report, state))

    def revert(self, state: Report) -> None:
        """Put the report in memory back to a snapshot without writing: after a save that failed,
        the database still holds that state (the failed transaction changed nothing)."""
        fresh = copy.deepcopy(state)
        fresh.id = self.report.id
        fresh.revision = self.report.revision
        self.report.__dict__.update(fresh.__dict__)
        self.refresh()

    def save(self, before: Report) -> bool:
        """Write what changed since `before` (header fields, narrative, rows, figures) and
        re-check the document. True when another writer's changes were reloaded."""
        conflict = self._write(diff(before, self.report))
        if not conflict:
            self._recheck_report_level()
        return conflict

    def set_date(self, date: dt.date | None) -> None:
        self.report.date = date

    # --- register of cited documents -----------------------------------------------------------
    def documents(self) -> list[CitedDocument]:
        return self.repo.documents(self.report.unit.name)

    def save_document(self, doc: CitedDocument) -> int:
        doc.kind, doc.number, doc.symbol = (
            clean_line(doc.kind),
            clean_line(doc.number),
            clean_line(doc.symbol),
        )
        doc.issuer, doc.subject = clean_line(doc.issuer), clean_line(doc.subject)
        if not doc.kind:
            raise InvalidValueError("Chưa nhập loại văn bản (ví dụ “Kế hoạch”)")
        return self.repo.save_document(self.report.unit, doc)


def _put_value(values: dict[str, IndicatorValue], code: str, new: IndicatorValue) -> None:
    """Store a copy of new under code; a value with neither figure nor note is not reported."""
    if new.is_reported:
        values[code] = IndicatorValue(new.value, new.note)
    else:
        values.pop(code, None)


# --- the narrative's outline and footnotes (pure functions over the report) -------------------------
SectionPath = tuple[int, ...]


def _siblings(report: Report, path: SectionPath) -> list[Section]:
    items = report.narrative.sections
    for i in path[:-1]:
        items = items[i].children
    return items


def section_at(report: Report, path: SectionPath) -> Section:
    return _siblings(report, path)[path[-1]]


def add_section(
    report: Report, after: SectionPath | None, title: str, *, child: bool
) -> SectionPath:
    """A new section after `after` (same level) or as its last child; returns the new path."""
    new = Section(title=clean_line(title) or "Mục mới")
    if after is None:
        report.narrative.sections.append(new)
        return (len(report.narrative.sections) - 1,)
    if child:
        parent = section_at(report, after)
        parent.children.append(new)
        return (*after, len(parent.children) - 1)
    siblings = _siblings(report, after)
    siblings.insert(after[-1] + 1, new)
    return (*after[:-1], after[-1] + 1)


def rename_section(report: Report, path: SectionPath, title: str) -> None:
    section_at(report, path).title = clean_line(title)


def move_section(report: Report, path: SectionPath, step: int) -> SectionPath:
    siblings = _siblings(report, path)
    i, j = path[-1], path[-1] + step
    if not 0 <= j < len(siblings):
        return path
    siblings[i], siblings[j] = siblings[j], siblings[i]
    return (*path[:-1], j)


def delete_section(report: Report, path: SectionPath) -> None:
    """Remove a section with its sub-sections; footnotes referenced only there go with it."""
    removed = _siblings(report, path).pop(path[-1])
    _drop_unreferenced_footnotes(report, _footnote_ids_in(removed))


def _footnote_ids_in(section: Section) -> set[str]:
    ids = {fid for p in section.paragraphs for fid in p.footnote_ids()}
    for c in section.children:
        ids |= _footnote_ids_in(c)
    return ids


def _drop_unreferenced_footnotes(report: Report, candidates: set[str]) -> None:
    used = {fid for p in report.narrative.paragraphs() for fid in p.footnote_ids()}
    report.footnotes = [f for f in report.footnotes if f.id not in candidates or f.id in used]


def delete_footnote(report: Report, footnote_id: str) -> None:
    """Remove a footnote and its reference marks from the text."""
    report.footnotes = [f for f in report.footnotes if f.id != footnote_id]
    for p in report.narrative.paragraphs():
        p.runs = [r for r in p.runs if r.footnote_id != footnote_id]


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
            text = nfc(r.text).replace("\n", " ")
            if not text:
                continue
            last = runs[-1] if runs else None
            if (
                last is not None
                and last.footnote_id is None
                and (last.bold, last.italic) == (r.bold, r.italic)
            ):
                last.text += text
            else:
                runs.append(Run(text, bold=r.bold, italic=r.italic))
        out.append(Paragraph(runs, p.style))
    return out


# --- Phụ lục I and II as table cells -------------------------------------------------------------
PROPAGANDA_COLUMNS = PROPAGANDA_HEADINGS
REMEDIATION_COLUMNS = REMEDIATION_EDIT_COLUMNS
MULTILINE_REMEDIATION = frozenset({1, 2, 4, 5, 6, 7})


def _lines(text: str) -> list[str]:
    return [clean_line(t) for t in nfc(text).splitlines() if clean_line(t)]


def propaganda_cells(row: PropagandaRow) -> list[str]:
    from ..domain.vn import format_number

    return [row.number, row.label, row.unit, format_number(row.quantity), row.note]


def propaganda_from_cells(cells: Sequence[str]) -> PropagandaRow:
    number, label, unit, quantity, note = (list(cells) + [""] * 5)[:5]
    try:
        value = parse_number(quantity)
    except NumberFormatError as exc:
        raise InvalidValueError(f"Phụ lục I, dòng “{clean_line(label)}”: {exc}") from None
    return PropagandaRow(
        clean_line(number), nfc(label).strip(), clean_line(unit), value, nfc(note).strip()
    )


def remediation_cells(item: RemediationItem) -> list[str]:
    return [
        item.number,
        item.criterion,
        item.assessment,
        format_score(item.score_got, item.score_max),
        "\n".join(item.findings),
        "\n".join(item.remedies),
        "\n".join(item.deadlines),
        "\n".join(item.progress),
    ]


def remediation_from_cells(cells: Sequence[str]) -> RemediationItem:
    c = (list(cells) + [""] * 8)[:8]
    got, top = parse_score(c[3])
    return RemediationItem(
        number=clean_line(c[0]),
        criterion=clean_line(c[1]),
        assessment=clean_line(c[2]),
        score_got=got,
        score_max=top,
        findings=_lines(c[4]),
        remedies=_lines(c[5]),
        deadlines=_lines(c[6]),
        progress=_lines(c[7]),
    )


def renumber(numbers: Sequence[str], *, width: int) -> list[str]:
    """ "01", "02", ... for rows that had a number (sub-rows without one keep it empty)."""
    out, n = [], 0
    for number in numbers:
        if number.strip():
            n += 1
            out.append(str(n).zfill(width))
        else:
            out.append("")
    return out
