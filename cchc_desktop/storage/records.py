"""The mapping from stored rows to domain values, with no SQLAlchemy: the ORM repository and the
quick start-up reader (quick.py) share it."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import itertools
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from decimal import Decimal
from functools import partial
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

from ..domain.changes import Outline, PartKey, outline_of, section_keys, section_lists
from ..domain.periods import Period, PeriodKind
from ..domain.report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    PropagandaRow,
    RemediationItem,
    Report,
    ReportStatus,
    Section,
    Sending,
    SentVia,
    Signer,
    Unit,
)
from ..domain.serialize import paragraph_from_dict, paragraph_to_dict
from ..domain.stored import FILLED_SEPARATOR, CitedDocument, ReportSummary
from ..domain.vn import nfc

# How SQLAlchemy stores the columns that are not plain text or integers (see models.py).
_DECIMAL = {
    "indicator_values": {"number"},
    "propaganda_rows": {"quantity"},
    "remediation_items": {"score_got", "score_max"},
}
_JSON = {"paragraphs", "optional_groups", "findings", "remedies", "deadlines", "progress"}
_DATE = {"issue_date", "issued_on", "sent_on"}
_DATETIME = {"created_at", "updated_at", "changed_at"}


def decode_stored(table: str, name: str, value: Any) -> Any:
    """A stored column value as the ORM would return it; a value that cannot be read raises."""
    if value is None:
        return None
    decode = column_decoder(table, name)
    return value if decode is None else decode(value)


def stored_row(
    table: str, names: Sequence[str], raw: Iterable[Any], *, unread: Collection[str] = ()
) -> SimpleNamespace:
    """A fetched row with its columns decoded (decode_stored) by name; the unread columns are
    left None, not decoded."""
    return SimpleNamespace(
        **{
            n: None if n in unread else decode_stored(table, n, v)
            for n, v in zip(names, raw, strict=True)
        }
    )


def column_decoder(table: str, name: str) -> Callable[[Any], Any] | None:
    """How decode_stored reads a non-NULL value of the column (None: as stored), looked up once
    per column by the list's query rather than per value."""
    if name in _DECIMAL.get(table, ()):
        return _figure
    if name in _JSON:
        return json.loads
    if name in _DATE:
        return dt.date.fromisoformat
    if name in _DATETIME:
        return dt.datetime.fromisoformat
    return None


def _figure(value: Any) -> Decimal:
    number = Decimal(str(value))  # "3x8" raises InvalidOperation
    if not number.is_finite():
        raise ValueError(f"not a figure: {value!r}")
    return number


# The figures written twice (migration 0003's triggers write the mirror with SQLite's quote()).
MIRRORED = {
    "indicator_values": ("report_id", "code", "number", "text"),
    "propaganda_rows": ("report_id", "position", "quantity"),
    "remediation_items": ("report_id", "position", "score_got", "score_max"),
}


def _quote(value: Any) -> str:
    """SQLite's quote() of a stored value (figures are stored as decimal text)."""
    if value is None:
        return "NULL"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = str(value)  # Decimal: str() gives back the stored text exactly
    return "'" + text.replace("'", "''") + "'"


# the mirrored columns of a row, read at once (opening a report checks hundreds of values)
_MIRROR_COLUMNS = {table: attrgetter(*columns) for table, columns in MIRRORED.items()}


def mirror_matches(table: str, row: Any) -> bool:
    """Whether the row's figures agree with the mirror written beside them."""
    columns = _MIRROR_COLUMNS.get(table)
    if columns is None or not hasattr(row, "mirror"):
        return True  # a table without a mirror, or a file from before 0003 being read
    return mirror_agrees(row.mirror, columns(row))


def mirror_agrees(mirror: Any, values: Iterable[Any]) -> bool:
    """Whether a mirror holds the values (a row's MIRRORED columns, decoded) as the triggers
    wrote them with SQLite's quote()."""
    return bool(mirror == "|".join(map(_quote, values)))


class UnreadableRow(ValueError):
    """A stored value of the report report_id cannot be read (the store names it, health.py)."""

    def __init__(self, report_id: int) -> None:
        super().__init__(f"report {report_id} holds a value that cannot be read")
        self.report_id = report_id


def _mirror_error(table: str) -> ValueError:
    return ValueError(f"a figure of {table} does not match its mirror")


def _mirrored(table: str, rows: Iterable[Any]) -> list[Any]:
    checked = list(rows)
    for row in checked:
        if not mirror_matches(table, row):
            raise _mirror_error(table)
    return checked


# --- the narrative, part by part (migration 0011) ------------------------------------------------
# A report's narrative is its rows of narrative_parts in position order: the opening paragraphs
# ("intro"), each section ("section", its heading and its depth in the outline: a child follows
# its parent one level deeper) in document order, the closing paragraphs ("closing").
INTRO, SECTION, CLOSING = "intro", "section", "closing"
NARRATIVE_COLUMNS = ("position", "kind", "depth", "title", "numbered", "paragraphs")
# (kind, depth, title, numbered, paragraphs as stored): a row without its report and position
PartRow = tuple[str, int, str, int, str]


def paragraphs_json(paragraphs: Iterable[Paragraph]) -> str:
    """A part's paragraphs as stored (JSON; the one encoder of narrative_parts.paragraphs)."""
    return json.dumps(
        [paragraph_to_dict(p) for p in paragraphs], ensure_ascii=False, separators=(",", ":")
    )


@functools.lru_cache(maxsize=16)
def outline_rows(outline: Outline) -> tuple[tuple[str, int, str, int], ...]:
    """(kind, depth, title, numbered) of each row of a narrative with this outline (kept for
    the last outlines seen, as changes.section_keys; not to be changed by the caller)."""
    rows = [(INTRO, 0, "", 1)]

    def walk(items: Outline, depth: int) -> None:
        for title, numbered, children in items:
            rows.append((SECTION, depth, title, int(numbered)))
            walk(children, depth + 1)

    walk(outline, 0)
    rows.append((CLOSING, 0, "", 1))
    return tuple(rows)


def narrative_rows(narrative: Narrative) -> list[PartRow]:
    """The narrative's rows of narrative_parts, in position order."""
    lists = [narrative.intro, *section_lists(narrative), narrative.closing]
    return [
        (*row, paragraphs_json(paragraphs))
        for row, paragraphs in zip(outline_rows(outline_of(narrative)), lists, strict=True)
    ]


def outline_keys(outline: Outline) -> list[PartKey]:
    """The PartKey of each row of a narrative with this outline, in position order."""
    return [(INTRO,), *section_keys(outline), (CLOSING,)]


def _damaged_narrative() -> ValueError:
    return ValueError("narrative parts out of order")


def part_paragraphs(stored: Any) -> list[Paragraph]:
    """A part's paragraphs from narrative_parts.paragraphs, decoded (decode_stored)."""
    if not isinstance(stored, list):
        raise _damaged_narrative()
    return [paragraph_from_dict(p) for p in stored]


def narrative_from_rows(
    rows: Iterable[Any], *, text: bool = True
) -> tuple[Narrative, list[list[Paragraph]]]:
    """The narrative from its rows (NARRATIVE_COLUMNS, paragraphs decoded, in position order)
    and each position's paragraph list (the narrative's own lists); with text=False only the
    outline is read (the lists are left empty). Rows that are not a narrative as narrative_rows
    wrote it (a position or part missing, a depth that skips a level) raise ValueError."""
    narrative = Narrative()
    lists: list[list[Paragraph]] = []
    levels: list[list[Section]] = [narrative.sections]  # the list each depth appends to
    for i, row in enumerate(rows):
        kind = row.kind
        if row.position != i or (lists and lists[-1] is narrative.closing):
            raise _damaged_narrative()  # a part missing, or a part after the closing one
        if kind == INTRO and i == 0:
            target = narrative.intro
        elif kind == CLOSING and i > 0:
            target = narrative.closing
        elif (
            kind == SECTION
            and i > 0
            and isinstance(row.depth, int)
            and 0 <= row.depth < len(levels)
        ):
            sec = Section(nfc(str(row.title)), numbered=bool(row.numbered))
            del levels[row.depth + 1 :]
            levels[row.depth].append(sec)
            levels.append(sec.children)
            target = sec.paragraphs
        else:
            raise _damaged_narrative()
        if text:
            target.extend(part_paragraphs(row.paragraphs))
        lists.append(target)
    if not lists or lists[-1] is not narrative.closing:
        raise _damaged_narrative()
    return narrative, lists


def _year(value: Any) -> int:
    # a damaged record header can turn the stored integer into text or a float
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"not a year: {value!r}")
    return value


# The rows below are any objects with the tables' column names as attributes: ORM rows, or the
# decoded sqlite3 rows of the quick reader.


def unit_from_row(u: Any) -> Unit:
    return Unit(u.name, u.parent_authority, u.abbreviation, u.place, u.id)


def document_from_row(d: Any) -> CitedDocument:
    return CitedDocument(d.kind, d.number, d.symbol, d.issued_on, d.issuer, d.subject, d.id)


def propaganda_from_row(p: Any) -> PropagandaRow:
    return PropagandaRow(p.number, p.label, p.unit, p.quantity, p.note)


def remediation_from_row(m: Any) -> RemediationItem:
    return RemediationItem(
        m.number,
        m.criterion,
        m.assessment,
        m.score_got,
        m.score_max,
        list(m.findings),
        list(m.remedies),
        list(m.deadlines),
        list(m.progress),
    )


def sending_from_row(r: Any) -> Sending:
    """The sending columns (0005); a file read before its upgrade has none."""
    return _sending(
        getattr(r, "sent_on", None),
        getattr(r, "sent_via", None),
        getattr(r, "sent_number", None),
        getattr(r, "reopen_count", None),
        getattr(r, "reopen_reason", None),
    )


def _sending(sent_on: Any, via: Any, number: Any, reopen_count: Any, reason: Any) -> Sending:
    return Sending(
        sent_on=sent_on,
        via=SentVia(via) if via else None,
        number=number or "",
        reopen_count=reopen_count or 0,
        reopen_reason=reason or "",
    )


# The report list's query, shared by the ORM repository and the quick reader: only the columns a
# list row shows, read from two indexes and never from the rows (migration 0009): no narrative,
# no figure (2,000 reports decoded in Python took seconds). A new list column adds its column or
# subquery here, under the name of its ReportSummary field, the field to ReportSummary, and the
# column to ix_reports_list (a migration), or the list walks every narrative again.
# `odd` and `set_id` are the report's row of list_figures, which triggers on its values keep
# (migrations 0010, 0012): how many stored figures hold anything but digits, "." and "-" (a
# damaged "3x8", an exponent; never an empty value), and the code_sets row holding the codes of
# its filled values (a figure or a text) joined by char(31), each distinct text once; the list
# reads each set once (_ALL_SETS_SQL, _WITH_OWN), not ~500 bytes per report. `values_filled` is the
# codes' count (read_summaries). Only the odd figures are decoded in Python, so that a damaged one
# is named as before (health.py) without decoding every figure. Reading every value's index entry
# instead took a third of the list's time; a join, not a subquery per row, so that the sort does
# not carry each row's codes; through the index holding odd and set_id (0012), not the rows that
# hold the codes (SQLite would look the rows up by their key). The units' names are read once
# (_UNITS_SQL), not decoded again for each of a unit's reports.
SUMMARY_SQL = (
    "SELECT r.id, r.unit_id, r.year, r.period_kind, r.status, r.number, r.symbol,"
    " r.updated_at, f.odd, f.set_id,"
    " r.catalog_id, r.catalog_version, r.optional_groups,"
    " r.sent_on, r.sent_via, r.sent_number, r.reopen_count, r.reopen_reason"
    " FROM reports r"
    " LEFT JOIN list_figures f INDEXED BY ix_list_figures_list ON f.report_id = r.id"
)
# a file whose index was dropped by hand is listed as before, through the rows (SQLite refuses a
# query naming an index that is not there)
_THROUGH_INDEX = " INDEXED BY ix_list_figures_list"
SUMMARY_ORDER = " ORDER BY r.updated_at DESC, r.id DESC"
_FIGURES_SQL = "SELECT number FROM indicator_values WHERE report_id = ? AND number IS NOT NULL"
_ALL_SETS_SQL = "SELECT id, codes FROM code_sets"
_UNITS_SQL = "SELECT id, name FROM units"
# a few rows (one report's, one unit's: a line refreshed after each save) read their unit's name
# and their set's codes with them, in the one statement
_WITH_OWN = (
    ", (SELECT name FROM units WHERE id = r.unit_id) AS unit_name,"
    " (SELECT codes FROM code_sets WHERE id = f.set_id) AS codes FROM reports r"
)
_ONE_UNIT = " WHERE r.unit_id = (SELECT id FROM units WHERE name = ?)"
# a set missing from what the list read of code_sets (a writer made or dropped it between the
# list's reads; ids are never reused: 0012): the report's codes as they are now
_CODES_SQL = "SELECT codes FROM list_figures WHERE report_id = ?"

# (sql, parameters) -> (column names, rows): a query through sqlite3 or SQLAlchemy's driver
Execute = Callable[[str, tuple[Any, ...]], tuple[list[str], list[Any]]]
# the same, its rows read as they are iterated
Stream = Callable[[str, tuple[Any, ...]], tuple[list[str], Iterable[Any]]]


# what the rows of one list share, made once: (what, value...) -> the immutable value made
Memo = dict[tuple[Any, ...], Any]


# SUMMARY_SQL's columns, in its order: read_summaries unpacks them by position
_SUMMARY_COLUMNS = (
    "id",
    "unit_id",
    "year",
    "period_kind",
    "status",
    "number",
    "symbol",
    "updated_at",
    "odd",
    "set_id",
    "catalog_id",
    "catalog_version",
    "optional_groups",
    "sent_on",
    "sent_via",
    "sent_number",
    "reopen_count",
    "reopen_reason",
)


def read_summaries(
    execute: Execute,
    *,
    report_id: int | None = None,
    unit_name: str | None = None,
    stream: Stream | None = None,
) -> list[ReportSummary]:
    """The lines of the report list: every report, one report, or one unit's reports, newest
    first. A value that cannot be read raises (ValueError and its kin), as loading it would.
    stream: how the whole list's rows are read, a few at a time (QuickReader._stream), so that
    2,000 rows are never all held at once; by default execute's list."""
    # A long list makes thousands of objects that hold no cycle (rows, lines, their sendings):
    # made with the cyclic collector on, each 700 of them started a walk of the young objects,
    # and the lines kept made it walk the whole process's objects too. It runs again after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _summaries(execute, report_id, unit_name, stream)
    finally:
        if enabled:
            gc.enable()


def _summaries(
    execute: Execute, report_id: int | None, unit_name: str | None, stream: Stream | None
) -> list[ReportSummary]:
    # the filled codes of each set the rows name, with their count, read and counted once, and
    # the units' names: for the whole list every set (code_sets holds the sets in use) and unit
    # before the rows, which are then read as they come (a set made in between is missing:
    # _codes_now; a unit renamed in between: either name); a few rows read theirs with them
    sets: dict[Any, tuple[str, int]] = {None: ("", 0)}
    units: dict[Any, Any] = {}
    rows: Iterable[Any]
    if report_id is None and unit_name is None:
        sets.update((i, _counted(codes)) for i, codes in execute(_ALL_SETS_SQL, ())[1])
        units.update(execute(_UNITS_SQL, ())[1])
        names, rows = _listed(stream or execute, SUMMARY_SQL, ())
    else:
        sql = SUMMARY_SQL.replace(" FROM reports r", _WITH_OWN, 1)
        params: tuple[Any, ...] = (report_id,)
        if report_id is not None:
            sql += " WHERE r.id = ?"
        else:
            sql, params = sql + _ONE_UNIT, (unit_name,)
        names, fetched = _listed(execute, sql, params)
        if tuple(names[-2:]) != ("unit_name", "codes"):
            raise AssertionError(f"_WITH_OWN's columns are not unit_name, codes: {names}")
        names, rows = names[:-2], []
        for *row, unit, codes in fetched:
            units.setdefault(row[1], unit)
            if codes is not None:
                sets.setdefault(row[_SET_AT], _counted(codes))
            rows.append(row)
    if tuple(names) != _SUMMARY_COLUMNS:
        raise AssertionError(f"SUMMARY_SQL's columns are not _SUMMARY_COLUMNS: {names}")
    # what many reports share is decoded once per list (the same period, status, form, blocks):
    # all of it immutable. Per row only its own values are read: at 2,000 reports each
    # microsecond per row is a millisecond of every `cchc list` and every GUI start.
    memo: Memo = {}
    shared: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    updated = column_decoder("reports", "updated_at")
    assert updated is not None
    unsent = Sending()
    out: list[ReportSummary] = []
    append = out.append
    summary = ReportSummary
    for row in rows:
        (
            rid,
            unit_id,
            year,
            kind,
            status,
            number,
            symbol,
            updated_at,
            odd,
            set_id,
            catalog_id,
            catalog_version,
            groups,
            sent_on,
            sent_via,
            sent_number,
            reopen_count,
            reopen_reason,
        ) = row
        unit = units.get(unit_id)
        if unit is None:
            unit = _unit_name(execute, unit_id)
            if unit is None:  # no such unit (a file whose foreign keys broke): not listed
                continue
            units[unit_id] = unit
        if odd:
            for (figure,) in execute(_FIGURES_SQL, (rid,))[1]:
                decode_stored("indicator_values", "number", figure)
        codes = sets.get(set_id)
        if codes is None:  # a set the list did not read (a writer made or dropped it meanwhile)
            codes = _codes_now(execute, rid)
        # the period, status, form and blocks: one lookup for the row; each value is made once
        # for the list, so that rows share the very objects (the CLI finds a line's words by
        # the period's and status's identity)
        key = (year, kind, status, catalog_id, catalog_version, groups)
        found = shared.get(key)
        if found is None:
            found = shared[key] = (
                _once(memo, ("period", year, kind), partial(_period, year, kind)),
                _once(memo, ("status", status), partial(ReportStatus, status)),
                _once(memo, ("text", catalog_id), partial(_same, catalog_id)),
                _once(memo, ("text", catalog_version), partial(_same, catalog_version)),
                _once(memo, ("groups", groups), partial(_blocks, groups)),
            )
        stamp: Any = None if updated_at is None else updated(updated_at)  # NULL: as stored
        # never sent: what _sending gives them, one for the list's such reports (no code changes
        # a sending in place: lifecycle.py makes a new one)
        if sent_on is None and not (sent_via or sent_number or reopen_count or reopen_reason):
            sending = unsent
        else:
            sent = (
                None if sent_on is None else _once(memo, ("day", sent_on), partial(_day, sent_on))
            )
            sending = _sending(sent, sent_via, sent_number, reopen_count, reopen_reason)
        append(
            summary(
                rid,
                unit,
                found[0],
                found[1],
                f"{number}/{symbol}" if symbol else number,
                stamp,
                codes[1],
                found[2],
                found[3],
                found[4],
                codes[0],
                sending,
            )
        )
    return out


_SET_AT = _SUMMARY_COLUMNS.index("set_id")


def _listed(execute: Stream, sql: str, params: tuple[Any, ...]) -> tuple[list[str], Iterable[Any]]:
    try:
        return execute(sql + SUMMARY_ORDER, params)
    except Exception as exc:  # sqlite3's or SQLAlchemy's OperationalError: both say it so
        if "no such index" not in str(exc):
            raise
    return execute(sql.replace(_THROUGH_INDEX, "") + SUMMARY_ORDER, params)


def _unit_name(execute: Execute, unit_id: Any) -> Any:
    found = execute("SELECT name FROM units WHERE id = ?", (unit_id,))[1]
    return found[0][0] if found else None


def _codes_now(execute: Execute, report_id: int) -> tuple[str, int]:
    found = execute(_CODES_SQL, (report_id,))[1]
    return _counted(found[0][0] if found else None)


def _counted(codes: str | None) -> tuple[str, int]:
    codes = codes or ""
    return codes, codes.count(FILLED_SEPARATOR) + 1 if codes else 0


def _same(value: Any) -> Any:
    return value


def _period(year: Any, kind: Any) -> Period:
    return Period(_year(year), PeriodKind(kind))


def _blocks(stored: str | None) -> frozenset[str]:
    """The optional blocks switched on (a JSON list, NULL for none)."""
    return frozenset(json.loads(stored) or ()) if stored is not None else frozenset()


def _day(stored: str) -> dt.date:
    return dt.date.fromisoformat(stored)


def _once(memo: Memo, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    """memo[key], made the first time it is asked for (a list's rows share what is equal)."""
    found = memo.get(key)
    if found is None:
        found = memo[key] = make()
    return found


# whether a report has any merge provenance (0006), asked before loading it with the ORM
PROVENANCE_SQL = (
    "SELECT EXISTS (SELECT 1 FROM merge_parts WHERE report_id = ?)"
    " OR EXISTS (SELECT 1 FROM value_sources WHERE report_id = ?)"
    " OR EXISTS (SELECT 1 FROM merged_values WHERE report_id = ?)"
)


def has_provenance(execute: Execute, report_id: int) -> bool:
    return bool(execute(PROVENANCE_SQL, (report_id,) * 3)[1][0][0])


_UNIT_REPORTS = " FROM reports r JOIN units u ON u.id = r.unit_id WHERE u.name = ?"
# Only the years a check of a report of year Y may read (`around`): Y and Y - 1 (the periods
# compared), and back to the latest earlier year that has a report (the "kỳ trước" of a unit that
# skipped years). Read per call, so a report appearing in between widens it.
_AROUND = (
    " AND r.year <= ? AND r.year >= min(?, coalesce((SELECT max(r2.year) FROM reports r2"
    " WHERE r2.unit_id = (SELECT id FROM units WHERE name = ?) AND r2.year < ?), ?))"
)
# The same reports when year Y - 1 has one (the usual case), found through the unique index on
# (unit_id, period_kind, year): each kind's two years looked up, where _AROUND walks the unit's
# every report twice (500 of them, a fifth of a millisecond of each validate). Only while every
# report of the unit has one of PeriodKind's kinds (each gap between them is an index range, empty
# unless a row is damaged): else it gives nothing, and _AROUND reads (and refuses) the damaged row
# as before. ?1 is the unit's name, ?2 and ?3 the years Y - 1 and Y.
_KINDS = sorted(kind.value for kind in PeriodKind)
_UNIT_ID = "(SELECT id FROM units WHERE name = ?1)"
_GAPS = (
    "period_kind IS NULL",
    f"period_kind < '{_KINDS[0]}'",
    *(f"period_kind > '{a}' AND period_kind < '{b}'" for a, b in itertools.pairwise(_KINDS)),
    f"period_kind > '{_KINDS[-1]}'",
)
_NEAR = (
    f" FROM reports r WHERE r.unit_id = {_UNIT_ID}"
    f" AND r.period_kind IN ({','.join(repr(k) for k in _KINDS)}) AND r.year BETWEEN ?2 AND ?3"
    " AND NOT EXISTS ("
    + " UNION ALL ".join(f"SELECT 1 FROM reports WHERE unit_id = {_UNIT_ID} AND {g}" for g in _GAPS)
    + ")"
)


def _unit_query(select: str, unit_name: str, around: Period | None) -> tuple[str, tuple[Any, ...]]:
    if around is None:
        return select + _UNIT_REPORTS, (unit_name,)
    y = around.year
    return select + _UNIT_REPORTS + _AROUND, (unit_name, y, y - 1, unit_name, y, y - 1)


def _unit_rows(
    execute: Execute, columns: str, unit_name: str, around: Period | None, order: str = ""
) -> list[Any]:
    """The rows (columns, then the year) of _unit_query's reports: those of years Y and Y - 1
    through _NEAR when Y - 1 has one, else _unit_query's own."""
    select = f"SELECT {columns}, r.year"
    if around is not None:
        y = around.year
        rows = execute(select + _NEAR + order, (unit_name, y - 1, y))[1]
        if any(row[-1] == y - 1 for row in rows):
            return rows
    sql, params = _unit_query(select, unit_name, around)
    return execute(sql + order, params)[1]


def read_periods(
    execute: Execute, unit_name: str, around: Period | None = None
) -> list[tuple[int, Period]]:
    """(id, period) of each of a unit's reports, from the list index alone: which periods it has,
    for loading only those a check reads (a unit may have years of reports). With around, only
    those a check of a report of that period may read (_AROUND), not the unit's whole history."""
    out = []
    for rid, k, y in _unit_rows(
        execute, "r.id, r.period_kind", unit_name, around, " ORDER BY r.year, r.id"
    ):
        try:
            out.append((rid, Period(_year(y), PeriodKind(k))))
        except (ValueError, TypeError) as exc:  # a damaged kind or year: which report it is
            raise UnreadableRow(rid) from exc
    return out


def read_revisions(
    execute: Execute, unit_name: str, around: Period | None = None
) -> dict[int, int]:
    """{report id: revision} of a unit's reports (with around: those read_periods gives): a cheap
    query telling an open window whether the other periods it checks against changed."""
    return {
        int(rid): int(rev)
        for rid, rev, _ in _unit_rows(execute, "r.id, r.revision", unit_name, around)
    }


def read_form(execute: Execute, report_id: int) -> tuple[Any, Any] | None:
    """(catalog id, catalog version) of a report's form, its row found by its id (None: no such
    report): what validate asks of the "kỳ trước" report it does not compare with, instead of
    its list line (read_summaries joins its figure counts and unit)."""
    rows = execute("SELECT catalog_id, catalog_version FROM reports WHERE id = ?", (report_id,))[1]
    return (rows[0][0], rows[0][1]) if rows else None


# indicator_values' columns in the order of the table (SELECT *), read_figures' usual case
_VALUE_COLUMNS = ("report_id", "code", "number", "text", "note", "mirror")


def read_figures(execute: Execute, report_ids: Iterable[int]) -> list[Report]:
    """Reports as the checks compare with them: header, period, form and Phụ lục III figures
    (mirror-checked), in the order of report_ids; their narrative, tables, recipients and
    footnotes are left empty, unread. A missing id is left out; a value that cannot be read
    raises, as loading it would."""
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    names, raw = execute(f"SELECT * FROM reports WHERE id IN ({marks})", tuple(ids))
    # the narrative (another table) is not read: the comparisons never read it
    rows = {row.id: row for row in (stored_row("reports", names, r) for r in raw)}
    unit_ids = tuple({row.unit_id for row in rows.values()})
    names, raw = execute(
        f"SELECT * FROM units WHERE id IN ({','.join('?' * len(unit_ids))})", unit_ids
    )
    units = {u.id: u for u in (stored_row("units", names, r) for r in raw)}
    names, raw = execute(f"SELECT * FROM indicator_values WHERE report_id IN ({marks})", tuple(ids))
    values: dict[int, dict[str, IndicatorValue]] = {rid: {} for rid in rows}
    if tuple(names) == _VALUE_COLUMNS:
        _check_values(raw, values)
    else:  # another order of the columns, or a file from before 0003 (no mirror)
        _check_any_values(names, raw, values)
    out = []
    for rid in ids:
        if rid in rows:
            found = report_from_rows(
                rows[rid],
                units[rows[rid].unit_id],
                narrative=None,
                recipients=(),
                footnotes=(),
                propaganda=(),
                remediation=(),
                values=(),
            )
            found.values = values[rid]
            out.append(found)
    return out


def _check_values(raw: Iterable[Any], values: dict[int, dict[str, IndicatorValue]]) -> None:
    """read_figures' pass over the fetched rows (_VALUE_COLUMNS): decode each figure, check it
    against its mirror, keep it. A handful of reports hold hundreds of values, read each time
    a report is opened or validated."""
    figure = column_decoder("indicator_values", "number")
    assert figure is not None
    assert MIRRORED["indicator_values"] == _VALUE_COLUMNS[:4]
    # a figure's text -> (its Decimal, the end of its mirror after the code, the value kept
    # for it without a note), decoded once (reports repeat figures: 4 reports' 336 hold about
    # 35 texts). A value without a note is one object for all the rows holding that figure:
    # nothing changes a value in place (an edit stores a new one), and these reports are only
    # compared with.
    decoded: dict[str, tuple[Decimal, str, IndicatorValue]] = {}
    last: Any = object()  # the rows come report by report (the primary key's order)
    mine: dict[str, IndicatorValue] = {}
    head: str | None = None  # the start of the report's mirrors (an id: None when not an int)
    for rid, key, stored, written, note, mirror in raw:
        if rid != last or type(rid) is not type(last):
            last = rid
            mine = values.setdefault(rid, {})
            head = f"{rid}|'" if type(rid) is int else None
        # the usual figure (an id, a code without a quote, a figure as text, no text): its
        # mirror written here as _quote writes each part, without the call per part
        if written is None and head is not None and type(key) is str and "'" not in key:
            # only text is ever a key (a figure stored as a number is not: 1 == 1.0 == True)
            found = decoded.get(stored)
            if found is None and type(stored) is str:
                number = figure(stored)
                found = decoded[stored] = (
                    number,
                    f"'|'{number!s}'|NULL",
                    IndicatorValue(number, ""),
                )
            if found is not None:
                if mirror != f"{head}{key}{found[1]}":
                    raise _mirror_error("indicator_values")
                mine[key] = found[2] if note == "" else IndicatorValue(found[0], note)
                continue
        number = None if stored is None else figure(stored)
        if not mirror_agrees(mirror, (rid, key, number, written)):
            raise _mirror_error("indicator_values")
        mine[key] = _indicator_value(number, written, note)


def _check_any_values(
    names: Sequence[str],
    raw: Iterable[Any],
    values: dict[int, dict[str, IndicatorValue]],
) -> None:
    """_check_values for columns in another order, or without a mirror (checked: none)."""
    at = {name: i for i, name in enumerate(names)}
    mirror = at.get("mirror")
    order = [at[c] for c in _VALUE_COLUMNS[:5]]
    rows = ((*(r[i] for i in order), None if mirror is None else r[mirror]) for r in raw)
    if mirror is not None:
        _check_values(rows, values)
        return
    figure = column_decoder("indicator_values", "number")
    assert figure is not None
    for rid, key, stored, written, note, _ in rows:
        number = None if stored is None else figure(stored)
        values.setdefault(rid, {})[key] = _indicator_value(number, written, note)


def _indicator_value(number: Any, text: Any, note: Any) -> IndicatorValue:
    return IndicatorValue(number if number is not None else text, note)


def report_from_rows(
    row: Any,
    unit: Any,
    *,
    narrative: Iterable[Any] | None,
    recipients: Iterable[Any],
    footnotes: Iterable[Any],
    propaganda: Iterable[Any],
    remediation: Iterable[Any],
    values: Iterable[Any],
) -> Report:
    """The domain report from its row, its unit's row and its child rows (each in position order;
    narrative: its narrative_parts rows, None = not read, left empty). A figure that does not match
    its mirror, or narrative rows out of order, raise ValueError (a damaged file, health.py)."""
    propaganda = _mirrored("propaganda_rows", propaganda)
    remediation = _mirrored("remediation_items", remediation)
    values = _mirrored("indicator_values", values)
    return Report(
        id=row.id,
        unit=unit_from_row(unit),
        period=Period(_year(row.year), PeriodKind(row.period_kind)),
        catalog_id=row.catalog_id,
        catalog_version=row.catalog_version,
        status=ReportStatus(row.status),
        sending=sending_from_row(row),
        number=row.number,
        symbol=row.symbol,
        place=row.place,
        date=row.issue_date,
        subject=row.subject,
        recipient_to=row.recipient_to,
        signer=Signer(row.signer_authority, row.signer_title, row.signer_name),
        recipients=[r.text for r in recipients],
        narrative=Narrative() if narrative is None else narrative_from_rows(narrative)[0],
        footnotes=[Footnote(f.text, f.key, f.document_id) for f in footnotes],
        propaganda=[propaganda_from_row(p) for p in propaganda],
        remediation=[remediation_from_row(m) for m in remediation],
        values={v.code: _indicator_value(v.number, v.text, v.note) for v in values},
        optional_groups=set(row.optional_groups or []),
        created_at=row.created_at,
        updated_at=row.updated_at,
        revision=row.revision,
    )
