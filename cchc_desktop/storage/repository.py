"""Reads and writes domain reports in the database; every write is one transaction.

It implements services.store.ReportStore; the values it hands out live in domain.stored."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.changes import NarrativePatch, OutlineConflict, ReportPatch, TablePatch, part_map
from ..domain.history import (
    ChangeSource,
    FieldChange,
    HistoryEntry,
    footnote_changes,
    mapping_changes,
    narrative_changes,
    part_changes,
    report_changes,
    row_changes,
    value_changes,
)
from ..domain.lifecycle import StatusRequest, TransitionRefused, locked_message, plan_transition
from ..domain.periods import Period
from ..domain.provenance import Provenance, SubUnit
from ..domain.report import (
    IndicatorValue,
    PropagandaRow,
    RemediationItem,
    Report,
    ReportStatus,
    Signer,
    Unit,
    unit_key,
)
from ..domain.stored import CitedDocument, ReportSummary, StoredCatalog, WriteResult
from ..errors import (
    ConflictError,
    FileProblemError,
    InvalidValueError,
    NotFoundError,
    ReportLockedError,
    UserError,
)
from .health import UnreadableRowError, connect_readonly, translate, unreadable_report_error
from .models import (
    CatalogRow,
    ChangeRow,
    DocumentRow,
    FootnoteRow,
    IndicatorValueRow,
    NarrativePartRow,
    PropagandaRowRow,
    RecipientRow,
    RemediationRow,
    ReportRow,
    UnitRow,
)
from .provenance import load_provenance, load_sub_units, replace_provenance, replace_sub_units
from .records import (
    NARRATIVE_COLUMNS,
    PartRow,
    UnreadableRow,
    decode_stored,
    document_from_row,
    has_provenance,
    narrative_from_rows,
    narrative_rows,
    outline_keys,
    outline_rows,
    paragraphs_json,
    part_paragraphs,
    propaganda_from_row,
    read_figures,
    read_form,
    read_periods,
    read_revisions,
    read_summaries,
    remediation_from_row,
    report_from_rows,
    sending_from_row,
    stored_row,
    unit_from_row,
)

__all__ = ["Repository", "database_problem"]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


_P = ParamSpec("_P")
_T = TypeVar("_T")


def database_problem(exc: DatabaseError | sqlite3.DatabaseError) -> FileProblemError:
    """A Vietnamese message for what SQLite reports; the transaction was rolled back."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "disk full" in text:
        return FileProblemError(
            "Ổ đĩa đã đầy: thay đổi vừa rồi chưa được lưu. Dữ liệu đã lưu trước đó vẫn nguyên vẹn;"
            " hãy giải phóng bớt dung lượng rồi thử lại."
        )
    if "locked" in text or "busy" in text:
        return FileProblemError(
            "Cơ sở dữ liệu đang được một chương trình khác (có thể là một cửa sổ CCHC Desktop khác)"
            " ghi; thay đổi vừa rồi chưa được lưu. Hãy thử lại sau giây lát."
        )
    if "readonly" in text or "read-only" in text:
        return FileProblemError(
            "Tệp cơ sở dữ liệu chỉ cho phép đọc: thay đổi vừa rồi chưa được lưu. Hãy kiểm tra quyền"
            " ghi của tệp hoặc chọn tệp khác bằng --db."
        )
    if "malformed" in text or "not a database" in text or "decode" in text:
        return FileProblemError(
            "Tệp cơ sở dữ liệu bị hỏng; thay đổi vừa rồi chưa được lưu. Hãy chạy “cchc check”"
            " (Tệp > Kiểm tra tệp dữ liệu) và khôi phục bản sao lưu gần nhất (thư mục backups"
            " cạnh tệp dữ liệu)."
        )
    # SQLite's English never reaches the user: health.translate names the cause in Vietnamese
    return FileProblemError(
        f"Lỗi cơ sở dữ liệu ({translate(exc)}); thay đổi vừa rồi chưa được lưu."
    )


# What decoding a damaged stored value raises (InvalidOperation is an ArithmeticError,
# JSONDecodeError a ValueError; a flipped record header gives TypeError/KeyError downstream).
_UNREADABLE = (ValueError, ArithmeticError, TypeError, KeyError, AttributeError)


def _guarded(method: Callable[_P, _T]) -> Callable[_P, _T]:
    """SQLite failures (full disk, locked or read-only file) become Vietnamese FileProblemErrors."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(*args, **kwargs)
        except (IntegrityError, sqlite3.IntegrityError):
            raise
        # sqlite3's own: the statements every typed figure runs go to the driver (write_patch)
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            raise database_problem(exc) from exc

    return wrapper


def _is_unreadable(exc: Exception) -> bool:
    return not isinstance(exc, DatabaseError) or "decode" in str(exc).lower()


def _reading(method: Callable[_P, _T]) -> Callable[_P, _T]:
    """A read that meets a value it cannot decode names the report and field (health.py)."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(*args, **kwargs)
        except (*_UNREADABLE, DatabaseError) as exc:
            if not _is_unreadable(exc):
                raise
            repo = args[0]
            assert isinstance(repo, Repository)
            raise repo.unreadable(args[1] if len(args) > 1 else None) from exc

    return wrapper


class Repository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # reports the last list_reports() could not read (named); the others were listed
        self.problems: list[str] = []

    @property
    def path(self) -> Path:
        return Path(self.engine.url.database or "")

    def unreadable(self, report_id: object) -> FileProblemError:
        """The named error for a report whose stored values cannot be read."""
        if isinstance(report_id, int):
            return unreadable_report_error(self.path, report_id)
        return UnreadableRowError(
            "Không đọc được một giá trị lưu trong tệp dữ liệu; tệp có thể bị hỏng. Hãy chạy"
            " “cchc check” (Tệp > Kiểm tra tệp dữ liệu).",
            [],
        )

    # --- units ------------------------------------------------------------------------------
    @staticmethod
    def _unit_named(s: Session, name: str) -> UnitRow | None:
        """The unit of that name, whatever its case and spacing ("SỞ TÀI CHÍNH" is "Sở Tài
        chính"): SQLite's lower() folds ASCII only, so the few units are compared here."""
        row = s.scalar(select(UnitRow).where(UnitRow.name == name))
        if row is not None:
            return row
        key = unit_key(name)
        return next((u for u in s.scalars(select(UnitRow)) if unit_key(u.name) == key), None)

    def _unit_row(self, s: Session, unit: Unit) -> UnitRow:
        row = self._unit_named(s, unit.name)
        if row is None:
            row = UnitRow(
                name=unit.name,
                parent_authority=unit.parent_authority,
                abbreviation=unit.abbreviation,
                place=unit.place,
            )
            s.add(row)
            s.flush()
        else:
            # the latest report's header wins: a renamed parent authority is a fact, not a
            # conflict, and a field the user cleared is cleared (every caller passes the whole
            # unit: new reports start from the known unit's fields)
            for attr in ("parent_authority", "abbreviation", "place"):
                new = getattr(unit, attr)
                if new != getattr(row, attr):
                    setattr(row, attr, new)
        return row

    @_guarded
    def rename_unit(self, report_id: int, name: str) -> None:
        """Write the name of a report's unit (cơ quan ban hành) another way ("Sở Tài chính" for
        "SỞ TÀI CHÍNH"): the unit's other reports follow. A name that is another unit's is
        refused: that would merge two units."""
        with self._sessions.begin() as s:
            row = s.get(ReportRow, report_id)
            if row is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            other = self._unit_named(s, name)
            if other is not None and other.id != row.unit_id:
                raise UserError(
                    f"Đã có đơn vị “{other.name}”: không đổi tên đơn vị “{row.unit.name}” thành"
                    " tên của một đơn vị khác."
                )
            row.unit.name = name
            row.revision = (row.revision or 0) + 1
            row.updated_at = _now()

    @_guarded
    def units(self) -> list[Unit]:
        with self._sessions() as s:
            return [unit_from_row(r) for r in s.scalars(select(UnitRow).order_by(UnitRow.name))]

    # --- reports ----------------------------------------------------------------------------
    @_guarded
    def save_report(self, report: Report, *, source: ChangeSource | str | None = None) -> int:
        """Insert or replace the whole report in one transaction; returns its id. Replacing is
        refused (ConflictError) when the stored report is newer than the revision it was read at:
        a whole-report write must never overwrite another writer (edits write patches), and
        (ReportLockedError) when the stored report was sent. With a source, each field of a new
        report is recorded in its history as coming from there ("Tạo từ kỳ trước")."""
        now = _now()
        try:
            with self._sessions.begin() as s:
                unit = self._unit_row(s, report.unit)
                if report.id is None:
                    row = ReportRow(created_at=now)
                    s.add(row)
                else:
                    found = s.get(ReportRow, report.id)
                    if found is None:
                        raise NotFoundError(f"Không có báo cáo số hiệu {report.id}")
                    if found.status == ReportStatus.SENT.value:
                        raise ReportLockedError(locked_message(found.id, sending_from_row(found)))
                    if found.revision != report.revision:
                        raise ConflictError(
                            f"Báo cáo số hiệu {report.id} đã được sửa ở nơi khác sau khi đọc"
                            " (một cửa sổ khác hoặc dòng lệnh): chưa ghi gì. Hãy mở lại báo cáo"
                            " rồi làm lại thao tác."
                        )
                    row = found
                    for table in (
                        NarrativePartRow,
                        FootnoteRow,
                        RecipientRow,
                        PropagandaRowRow,
                        RemediationRow,
                        IndicatorValueRow,
                    ):
                        s.execute(delete(table).where(table.report_id == report.id))
                self._fill_row(row, report, unit.id, now)
                row.revision = (row.revision or 0) + 1
                s.flush()
                rid, revision = row.id, row.revision
                self._write_children(s, rid, report)
                if source is not None and report.id is None:
                    empty = Report(Unit(report.unit.name), report.period, report.catalog_id, "")
                    _record(s, rid, report_changes(empty, report), source, now)
        except IntegrityError as exc:
            raise UserError(
                f"Đã có báo cáo {report.period.wording} của {report.unit.name}; "
                "mở báo cáo đó thay vì tạo báo cáo mới"
            ) from exc
        report.id = rid
        report.updated_at = now
        report.created_at = report.created_at or now
        report.revision = revision
        return rid

    @staticmethod
    def _fill_row(row: ReportRow, r: Report, unit_id: int, now: dt.datetime) -> None:
        row.unit_id = unit_id
        row.period_kind = r.period.code
        row.year = r.period.year
        row.catalog_id = r.catalog_id
        row.catalog_version = r.catalog_version
        row.status = r.status.value
        row.sent_on = r.sending.sent_on
        row.sent_via = r.sending.via.value if r.sending.via else None
        row.sent_number = r.sending.number
        row.reopen_count = r.sending.reopen_count
        row.reopen_reason = r.sending.reopen_reason
        row.number = r.number
        row.symbol = r.symbol
        row.place = r.place
        row.issue_date = r.date
        row.subject = r.subject
        row.recipient_to = r.recipient_to
        row.signer_authority = r.signer.authority
        row.signer_title = r.signer.title
        row.signer_name = r.signer.name
        row.optional_groups = sorted(r.optional_groups)
        row.updated_at = now

    @staticmethod
    def _write_children(s: Session, rid: int, r: Report) -> None:
        _insert_parts(s, rid, enumerate(narrative_rows(r.narrative)))
        _add_footnotes(s, rid, r.footnotes)
        _add_recipients(s, rid, r.recipients)
        for i, p in enumerate(r.propaganda):
            s.add(_propaganda_row(rid, i, p))
        for i, m in enumerate(r.remediation):
            s.add(_remediation_row(rid, i, m))
        for code, iv in r.values.items():
            if not iv.is_reported:
                continue
            s.add(_value_row(rid, code, iv))

    @_guarded
    @_reading
    def load_report(self, report_id: int) -> Report:
        with self._sessions() as s:
            row = s.get(ReportRow, report_id)
            if row is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            return self._to_domain(s, row)

    def _to_domain(self, s: Session, row: ReportRow) -> Report:
        rid = row.id

        def children(model: Any) -> list[Any]:
            return list(
                s.scalars(select(model).where(model.report_id == rid).order_by(model.position))
            )

        return report_from_rows(
            row,
            row.unit,
            narrative=_narrative_parts(s, rid),
            recipients=children(RecipientRow),
            footnotes=children(FootnoteRow),
            propaganda=children(PropagandaRowRow),
            remediation=children(RemediationRow),
            values=s.scalars(select(IndicatorValueRow).where(IndicatorValueRow.report_id == rid)),
        )

    @_guarded
    def list_reports(self) -> list[ReportSummary]:
        self.problems = []
        try:
            return self._list_reports()
        except (*_UNREADABLE, DatabaseError) as exc:
            if not _is_unreadable(exc):
                raise
        # one row cannot be read: list the others one by one and name the unreadable ones
        good: list[ReportSummary] = []
        con = connect_readonly(self.path)
        try:
            ids = [r[0] for r in con.execute("SELECT id FROM reports")]
        finally:
            con.close()
        for rid in ids:
            try:
                good.extend(self._list_reports(rid))
            except (*_UNREADABLE, DatabaseError) as exc:
                if not _is_unreadable(exc):
                    raise
                self.problems.append(unreadable_report_error(self.path, rid).message)
        good.sort(key=lambda r: (r.updated_at, r.id), reverse=True)
        return good

    def _list_reports(self, only: int | None = None) -> list[ReportSummary]:
        return read_summaries(self._execute, report_id=only)

    def _execute(self, sql: str, params: tuple[Any, ...]) -> tuple[list[str], list[Any]]:
        # the driver's raw values, decoded by records.py exactly as the quick reader decodes them
        with self.engine.connect() as con:
            result = con.exec_driver_sql(sql, params)
            return list(result.keys()), list(result.fetchall())

    @_guarded
    @_reading
    def report_summary(self, report_id: int) -> ReportSummary:
        """One line of the report list (after an edit the list refreshes only that row)."""
        found = read_summaries(self._execute, report_id=report_id)
        if not found:
            raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
        return found[0]

    @_guarded
    @_reading
    def report_form(self, report_id: int) -> tuple[str, str]:
        """(catalog id, catalog version) of the report's form, without its list line."""
        found = read_form(self._execute, report_id)
        if found is None:
            raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
        return found

    @_guarded
    def unit_periods(
        self, unit_name: str, around: Period | None = None
    ) -> list[tuple[int, Period]]:
        """(id, period) of the unit's reports, oldest first, without loading them (with around:
        only those a check of a report of that period may read, records.read_periods)."""
        try:
            return read_periods(self._execute, unit_name, around)
        except UnreadableRow as exc:  # one of them has a damaged period: named, no traceback
            raise self.unreadable(exc.report_id) from exc

    @_guarded
    def unit_summaries(self, unit_name: str) -> list[ReportSummary]:
        """The list lines of one unit's reports (which periods it has, without loading them)."""
        return read_summaries(self._execute, unit_name=unit_name)

    @_guarded
    @_reading
    def reports_for_unit(self, unit_name: str) -> list[Report]:
        """All reports of a unit, for the cross-period checks and "Tạo từ kỳ trước"."""
        with self._sessions() as s:
            rows = s.scalars(
                select(ReportRow)
                .join(UnitRow)
                .where(UnitRow.name == unit_name)
                .order_by(ReportRow.year, ReportRow.id)
            ).all()
            return [self._to_domain(s, r) for r in rows]

    @_guarded
    def has_provenance(self, report_id: int) -> bool:
        return has_provenance(self._execute, report_id)

    @_guarded
    def unit_revisions(self, unit_name: str, around: Period | None = None) -> dict[int, int]:
        """{report id: revision} of a unit's reports (records.read_revisions): a cheap query
        telling an open window whether the other periods it checks against changed."""
        return read_revisions(self._execute, unit_name, around)

    @_guarded
    def delete_report(self, report_id: int) -> None:
        with self._sessions.begin() as s:
            row = s.get(ReportRow, report_id)
            if row is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            s.delete(row)  # child rows go with it: ON DELETE CASCADE, foreign keys are on

    @_guarded
    def set_values(
        self,
        report_id: int,
        values: dict[str, IndicatorValue],
        *,
        source: ChangeSource | str = ChangeSource.COMMAND,
    ) -> int:
        """Write several Phụ lục III values at once: all are written or none (one transaction).
        Returns the report's new revision."""
        return self.write_patch(report_id, ReportPatch(values=dict(values)), source=source).revision

    @_guarded
    def revision(self, report_id: int) -> int:
        """The report's revision as stored now (a window compares it with the one it read)."""
        with self._sessions() as s:
            found = s.scalar(select(ReportRow.revision).where(ReportRow.id == report_id))
            if found is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            return found

    @_guarded
    def checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the database file, without waiting for any
        reader or writer (PASSIVE). The window calls it when typing pauses: otherwise SQLite does
        it inside the commit that crosses 1,000 logged pages, every 125 or so figures typed, and
        that Enter waited for it (about 15 ms). Every commit is durable in the log (FULL) either way."""
        with self.engine.connect() as con:
            con.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    @_guarded
    def write_patch(
        self,
        report_id: int,
        patch: ReportPatch,
        expected_revision: int | None = None,
        source: ChangeSource | str = ChangeSource.TYPED,
        *,
        provenance: Provenance | None = None,
    ) -> WriteResult:
        """Write only what the patch changed, in one transaction, and raise the revision. When
        the stored revision is not the expected one another writer changed the report since it
        was read: the patch is written all the same (it holds only this writer's own fields) and
        the result says so, for the caller to reload the other writer's changes.

        Every field the patch changes is recorded in the report's history (old -> new, source)
        in the same transaction. A sent report refuses every patch (ReportLockedError), whoever
        writes it: the window, `cchc set`, an Excel import, any later command."""
        now = _now()
        with self._sessions.begin() as s:
            # an UPDATE, not s.get(): loading the row would decode its narrative on every keystroke.
            # It changes only the revision, so what it returns is the header as it was. The
            # statements every typed figure runs are plain sqlite3 on the session's own connection
            # (same transaction): SQLAlchemy built, cache-keyed and compiled each of them again on
            # every Enter, which cost more than SQLite did. Values are bound as the models' column
            # types store them (_Binds) and read back by records.stored_row, as the quick reader.
            db = _driver(s)
            binds = _binds(s)
            cur = db.execute(_BUMP_SQL, (binds.stamp(now), report_id))
            raw = cur.fetchone()
            found = None if raw is None else stored_row("reports", _PATCH_NAMES, raw)
            cur.close()
            if found is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            if found.status == ReportStatus.SENT.value:
                # the transaction is rolled back: not even the revision moved
                raise ReportLockedError(locked_message(report_id, sending_from_row(found)))
            revision, unit_id = found.revision, found.unit_id
            changes = self._patch_changes(s, found, patch)
            columns: dict[str, Any] = {}
            for name, value in patch.header.items():
                columns.update(_HEADER_COLUMNS[name](value))
            if patch.optional_groups is not None:
                columns["optional_groups"] = sorted(patch.optional_groups)
            if columns:
                s.execute(update(ReportRow).where(ReportRow.id == report_id).values(**columns))
            if patch.unit:
                s.execute(update(UnitRow).where(UnitRow.id == unit_id).values(**patch.unit))
            if patch.narrative is not None:
                changes += _write_narrative(s, report_id, patch.narrative)
            if patch.recipients is not None:
                s.execute(delete(RecipientRow).where(RecipientRow.report_id == report_id))
                _add_recipients(s, report_id, patch.recipients)
            if patch.propaganda is not None:
                _write_table(s, PropagandaRowRow, report_id, patch.propaganda, _propaganda_row)
            if patch.remediation is not None:
                _write_table(s, RemediationRow, report_id, patch.remediation, _remediation_row)
            if patch.values:
                # plain statements, not ORM objects: this is every figure typed in the window
                codes = list(patch.values)
                db.execute(
                    "DELETE FROM indicator_values WHERE report_id = ? AND code IN"
                    f" ({','.join('?' * len(codes))})",
                    (report_id, *codes),
                )
                reported = [
                    binds.value_row(_value_columns(report_id, code, iv))
                    for code, iv in patch.values.items()
                    if iv.is_reported
                ]
                if reported:
                    db.executemany(_INSERT_VALUE_SQL, reported)
            _record(s, report_id, changes, source, now)
            if provenance is not None:  # a merge (or its undo): the figures' sources with them
                replace_provenance(s, report_id, provenance)
        expected = None if expected_revision is None else expected_revision + 1
        return WriteResult(revision, conflict=expected is not None and revision != expected)

    @staticmethod
    def _patch_changes(s: Session, row: Any, patch: ReportPatch) -> list[FieldChange]:
        """What the patch changes, field by field, read from the rows as they are before it is
        written (only the parts it touches; the narrative's are found when it is merged)."""
        rid = row.id
        stored_header = {
            "number": row.number,
            "symbol": row.symbol,
            "place": row.place,
            "date": row.issue_date,
            "subject": row.subject,
            "recipient_to": row.recipient_to,
            "signer": Signer(row.signer_authority, row.signer_title, row.signer_name),
            "status": ReportStatus(row.status),
        }
        out = mapping_changes("header:", stored_header, patch.header)
        if patch.unit:
            unit = s.get(UnitRow, row.unit_id)
            assert unit is not None
            out += mapping_changes("unit:", {n: getattr(unit, n) for n in patch.unit}, patch.unit)
        if patch.optional_groups is not None:
            out += mapping_changes(
                "",
                {"optional_groups": set(row.optional_groups or [])},
                {"optional_groups": patch.optional_groups},
            )
        if patch.recipients is not None:
            old = list(
                s.scalars(
                    select(RecipientRow.text)
                    .where(RecipientRow.report_id == rid)
                    .order_by(RecipientRow.position)
                )
            )
            out += mapping_changes("", {"recipients": old}, {"recipients": patch.recipients})
        tables: tuple[tuple[str, Any, TablePatch[Any] | None, Callable[[Any], Any]], ...] = (
            ("propaganda", PropagandaRowRow, patch.propaganda, propaganda_from_row),
            ("remediation", RemediationRow, patch.remediation, remediation_from_row),
        )
        for name, model, table, to_domain in tables:
            if table is None:
                continue
            rows = s.scalars(
                select(model).where(
                    model.report_id == rid,
                    (model.position >= table.length) | model.position.in_(list(table.rows)),
                )
            )
            out += row_changes(name, {r.position: to_domain(r) for r in rows}, table.rows)
        if patch.values:
            codes = list(patch.values)
            stored = {
                code: IndicatorValue(
                    decode_stored("indicator_values", "number", number)
                    if number is not None
                    else text,
                    note,
                )
                for code, number, text, note in _driver(s).execute(
                    "SELECT code, number, text, note FROM indicator_values"
                    f" WHERE report_id = ? AND code IN ({','.join('?' * len(codes))})",
                    (rid, *codes),
                )
            }
            for code, iv in patch.values.items():
                out += value_changes(code, stored.get(code, IndicatorValue()), iv)
        return out

    @_guarded
    def record_history(
        self, report_id: int, changes: list[FieldChange], source: ChangeSource | str
    ) -> None:
        """Record changes made outside write_patch (a restored backup: the file itself was
        replaced) in the report's history."""
        with self._sessions.begin() as s:
            _record(s, report_id, changes, source, _now())

    @_guarded
    def history(self, report_id: int, code: str | None = None) -> list[HistoryEntry]:
        """The report's recorded changes, oldest first; with code, those of one Phụ lục III
        figure (its value and its note)."""
        with self._sessions() as s:
            # plain columns, not ORM objects (nor the report row's narrative): a tooltip asks this
            if s.scalar(select(ReportRow.id).where(ReportRow.id == report_id)) is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            query = select(*_HISTORY_COLUMNS).where(ChangeRow.report_id == report_id)
            if code is not None:
                query = query.where(ChangeRow.code == code)
            rows = s.execute(query.order_by(ChangeRow.changed_at, ChangeRow.id))
            return [_entry(r) for r in rows]

    @_guarded
    def change_status(
        self,
        report_id: int,
        request: StatusRequest,
        *,
        errors: int,
        source: ChangeSource | str = ChangeSource.TYPED,
        today: dt.date | None = None,
    ) -> Report:
        """Move the report to request.target (domain/lifecycle.py says what is allowed), record
        the move in its history with the reason or sending details, and return the report as
        stored. errors: the error-level findings of the report as the caller checked it."""
        from ..domain.lifecycle import describe_sending

        now = _now()
        with self._sessions.begin() as s:
            row = s.get(ReportRow, report_id)
            if row is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            current, sending = ReportStatus(row.status), sending_from_row(row)
            try:
                after = plan_transition(
                    current, sending, request, errors=errors, today=today or now.date()
                )
            except TransitionRefused as exc:
                raise InvalidValueError(str(exc)) from None
            if current is request.target and after == sending:
                return self._to_domain(s, row)
            row.status = request.target.value
            row.sent_on, row.sent_number = after.sent_on, after.number
            row.sent_via = after.via.value if after.via else None
            row.reopen_count, row.reopen_reason = after.reopen_count, after.reopen_reason
            row.revision = (row.revision or 0) + 1
            row.updated_at = now
            if request.target is ReportStatus.SENT:
                detail = "gửi " + describe_sending(after)
            elif after.reopen_count != sending.reopen_count:
                detail = f"mở lại để sửa, lý do: {after.reopen_reason}"
            else:
                detail = ""
            _record(
                s,
                report_id,
                [FieldChange("status", current.value, request.target.value, detail=detail)],
                source,
                now,
            )
            s.flush()
            return self._to_domain(s, row)

    # --- cited documents register -----------------------------------------------------------
    @_guarded
    def documents(self, unit_name: str) -> list[CitedDocument]:
        with self._sessions() as s:
            rows = s.scalars(
                select(DocumentRow)
                .join(UnitRow)
                .where(UnitRow.name == unit_name)
                .order_by(DocumentRow.issued_on, DocumentRow.id)
            )
            return [document_from_row(d) for d in rows]

    @_guarded
    def save_document(self, unit: Unit, doc: CitedDocument) -> int:
        with self._sessions.begin() as s:
            unit_row = self._unit_row(s, unit)
            row = s.get(DocumentRow, doc.id) if doc.id is not None else None
            if row is None:
                row = DocumentRow(unit_id=unit_row.id)
                s.add(row)
            row.kind, row.number, row.symbol = doc.kind, doc.number, doc.symbol
            row.issued_on, row.issuer, row.subject = doc.issued_on, doc.issuer, doc.subject
            s.flush()
            doc.id = row.id
            return row.id

    # --- user catalogs (migration 0004) ---------------------------------------------------
    @_guarded
    def stored_catalogs(self) -> list[StoredCatalog]:
        with self._sessions() as s:
            rows = s.scalars(select(CatalogRow).order_by(CatalogRow.catalog_id, CatalogRow.id))
            return [_stored_catalog(r) for r in rows]

    @_guarded
    def add_catalog(self, catalog: StoredCatalog) -> None:
        """Store a user catalog; a second one with the same id and version is refused."""
        try:
            with self._sessions.begin() as s:
                s.add(
                    CatalogRow(
                        catalog_id=catalog.catalog_id,
                        version=catalog.version,
                        title=catalog.title,
                        province=catalog.province,
                        year=catalog.year,
                        data=catalog.data,
                        rules=catalog.rules,
                        mapping=catalog.mapping,
                        added_at=catalog.added_at or _now(),
                    )
                )
        except IntegrityError as exc:
            raise UserError(
                f"Đã có danh mục “{catalog.catalog_id}” phiên bản {catalog.version} trong tệp dữ"
                " liệu: hãy đặt phiên bản khác."
            ) from exc

    @_guarded
    def set_catalog_mapping(self, catalog_id: str, version: str, mapping: str | None) -> None:
        with self._sessions.begin() as s:
            row = s.scalar(
                select(CatalogRow).where(
                    CatalogRow.catalog_id == catalog_id, CatalogRow.version == version
                )
            )
            if row is None:
                raise NotFoundError(
                    f"Không có danh mục “{catalog_id}” phiên bản {version} trong tệp dữ liệu"
                )
            row.mapping = mapping

    @_guarded
    def catalog_usage(self) -> dict[tuple[str, str], int]:
        """How many reports use each catalog id and version."""
        from sqlalchemy import func

        with self._sessions() as s:
            rows = s.execute(
                select(ReportRow.catalog_id, ReportRow.catalog_version, func.count()).group_by(
                    ReportRow.catalog_id, ReportRow.catalog_version
                )
            ).all()
            return {(cid, ver): int(n) for cid, ver, n in rows}

    @_guarded
    def delete_catalog(self, catalog_id: str, version: str) -> None:
        """Remove a user catalog; refused while a report was made with it (checked in the same
        transaction, so a report created meanwhile cannot lose its form)."""
        with self._sessions.begin() as s:
            row = s.scalar(
                select(CatalogRow).where(
                    CatalogRow.catalog_id == catalog_id, CatalogRow.version == version
                )
            )
            if row is None:
                raise NotFoundError(
                    f"Không có danh mục “{catalog_id}” phiên bản {version} trong tệp dữ liệu"
                )
            used = s.scalar(
                select(ReportRow.id)
                .where(ReportRow.catalog_id == catalog_id, ReportRow.catalog_version == version)
                .limit(1)
            )
            if used is not None:
                raise UserError(
                    f"Không xóa được danh mục “{catalog_id}” phiên bản {version}: còn báo cáo"
                    f" (số hiệu {used}) được lập theo danh mục này."
                )
            s.delete(row)

    # --- compiling from parts: sub-units and provenance (migration 0006) ----------------------
    @_guarded
    def sub_units(self, unit_name: str) -> list[SubUnit]:
        with self._sessions() as s:
            return load_sub_units(s, unit_name)

    @_guarded
    def save_sub_units(self, unit_name: str, subs: list[SubUnit]) -> None:
        """The unit's sub-units become subs, in that order (one transaction)."""
        with self._sessions.begin() as s:
            unit_id = s.scalar(select(UnitRow.id).where(UnitRow.name == unit_name))
            if unit_id is None:
                raise NotFoundError(f"Không có đơn vị “{unit_name}”")
            replace_sub_units(s, unit_id, subs)

    @_guarded
    def load_figures(self, report_ids: Sequence[int]) -> list[Report]:
        """Many reports at once: header row, unit and Phụ lục III values only (no narrative,
        appendix rows, recipients or footnotes), in three queries (records.read_figures): a
        summary's parts, the unit's other periods the checks compare with."""
        try:
            found = read_figures(self._execute, report_ids)
        except (*_UNREADABLE, DatabaseError) as exc:
            if not _is_unreadable(exc):
                raise
            # one of them cannot be read: loading each names the report and the field (health.py)
            return [self.load_report(rid) for rid in report_ids]
        missing = sorted(set(report_ids) - {r.id for r in found if r.id is not None})
        if missing:
            raise NotFoundError(f"Không có báo cáo số hiệu {missing[0]}")
        return found

    @_guarded
    def provenance(self, report_id: int) -> Provenance:
        with self._sessions() as s:
            return load_provenance(s, report_id)


def _stored_catalog(row: CatalogRow) -> StoredCatalog:
    return StoredCatalog(
        catalog_id=row.catalog_id,
        version=row.version,
        title=row.title,
        province=row.province,
        year=row.year,
        data=row.data,
        rules=row.rules,
        mapping=row.mapping,
        added_at=row.added_at,
    )


# what write_patch reads of the report row as it updates it (not the narrative: decoding it on
# every keystroke is what the UPDATE avoids)
_PATCH_COLUMNS = (
    ReportRow.id,
    ReportRow.revision,
    ReportRow.unit_id,
    ReportRow.status,
    ReportRow.number,
    ReportRow.symbol,
    ReportRow.place,
    ReportRow.issue_date,
    ReportRow.subject,
    ReportRow.recipient_to,
    ReportRow.signer_authority,
    ReportRow.signer_title,
    ReportRow.signer_name,
    ReportRow.optional_groups,
    ReportRow.sent_on,
    ReportRow.sent_via,
    ReportRow.sent_number,
    ReportRow.reopen_count,
    ReportRow.reopen_reason,
)

# write_patch's statements as plain SQL on the driver (see there), with the columns above
_PATCH_NAMES = tuple(c.expression.name for c in _PATCH_COLUMNS)
_BUMP_SQL = (
    "UPDATE reports SET updated_at = ?, revision = revision + 1 WHERE id = ?"
    f" RETURNING {', '.join(_PATCH_NAMES)}"
)
_VALUE_NAMES = ("report_id", "code", "number", "text", "note")  # as _value_columns names them
_INSERT_VALUE_SQL = (
    f"INSERT INTO indicator_values ({', '.join(_VALUE_NAMES)})"
    f" VALUES ({', '.join('?' * len(_VALUE_NAMES))})"
)
_INSERT_CHANGE_SQL = (
    "INSERT INTO change_history (report_id, changed_at, source, field, code, old, new, detail)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _driver(s: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection: what runs on it is in the session's transaction."""
    driver = s.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


class _Binds:
    """How the models' column types store a value (their SQLAlchemy bind processors), for the
    plain statements of write_patch: a date and time, a figure as decimal text."""

    def __init__(self, dialect: Any) -> None:
        def bind(column: Any) -> Any:
            # the dialect's own type (SQLite's DATETIME writes its text format), as a statement
            return column.type.dialect_impl(dialect).bind_processor(dialect)

        self._updated = bind(ReportRow.__table__.c.updated_at)
        self._changed = bind(ChangeRow.__table__.c.changed_at)
        columns = IndicatorValueRow.__table__.c
        self._value = tuple(bind(columns[n]) for n in _VALUE_NAMES)

    def stamp(self, when: dt.datetime) -> Any:
        """reports.updated_at as stored."""
        return when if self._updated is None else self._updated(when)

    def changed_at(self, when: dt.datetime) -> Any:
        return when if self._changed is None else self._changed(when)

    def value_row(self, columns: dict[str, Any]) -> tuple[Any, ...]:
        """_value_columns' row in _INSERT_VALUE_SQL's order, as stored."""
        return tuple(
            columns[n] if bind is None else bind(columns[n])
            for n, bind in zip(_VALUE_NAMES, self._value, strict=True)
        )


# per dialect class, not per engine (a process may open many files; the processors are the same)
_BINDS: dict[type, _Binds] = {}


def _binds(s: Session) -> _Binds:
    dialect = s.get_bind().dialect
    found = _BINDS.get(type(dialect))
    if found is None:
        found = _BINDS[type(dialect)] = _Binds(dialect)
    return found


def _signer_columns(signer: Any) -> dict[str, Any]:
    return {
        "signer_authority": signer.authority,
        "signer_title": signer.title,
        "signer_name": signer.name,
    }


# each header field of the domain report -> its columns in the reports table
_HEADER_COLUMNS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "number": lambda v: {"number": v},
    "symbol": lambda v: {"symbol": v},
    "place": lambda v: {"place": v},
    "date": lambda v: {"issue_date": v},
    "subject": lambda v: {"subject": v},
    "recipient_to": lambda v: {"recipient_to": v},
    "signer": _signer_columns,
    "status": lambda v: {"status": v.value},
}


def _add_footnotes(s: Session, rid: int, footnotes: list[Any]) -> None:
    for i, f in enumerate(footnotes):
        s.add(
            FootnoteRow(report_id=rid, key=f.id, position=i, text=f.text, document_id=f.document_id)
        )


_PARTS_SQL = (
    f"SELECT {', '.join(NARRATIVE_COLUMNS)} FROM narrative_parts WHERE report_id = ?"
    " ORDER BY position"
)
# the outline alone, read from the index ix_narrative_parts_outline (0011), never from the rows
# with their paragraphs (at 20 times the demo's sections, 140 pages)
_OUTLINE_SQL = _PARTS_SQL.replace(", paragraphs", "")
_STORED_OUTLINE_SQL = _OUTLINE_SQL.replace("position, ", "", 1)
_INSERT_PART_SQL = (
    "INSERT INTO narrative_parts (report_id, position, kind, depth, title, numbered, paragraphs)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _narrative_parts(s: Session, rid: int, sql: str = _PARTS_SQL) -> list[Any]:
    """The report's narrative_parts rows, decoded, in position order (records.narrative_from_rows
    reads them)."""
    cur = _driver(s).execute(sql, (rid,))
    names = [d[0] for d in cur.description]
    return [stored_row("narrative_parts", names, r) for r in cur.fetchall()]


def _insert_parts(s: Session, rid: int, rows: Iterable[tuple[int, tuple[Any, ...]]]) -> None:
    _driver(s).executemany(_INSERT_PART_SQL, [(rid, i, *row) for i, row in rows])


def _rewrite_parts(s: Session, rid: int, old: list[PartRow], new: list[PartRow]) -> None:
    """The rows of narrative `new` in place of `old`'s: only the positions that differ."""
    db = _driver(s)
    db.execute("DELETE FROM narrative_parts WHERE report_id = ? AND position >= ?", (rid, len(new)))
    db.executemany(
        "UPDATE narrative_parts SET kind = ?, depth = ?, title = ?, numbered = ?, paragraphs = ?"
        " WHERE report_id = ? AND position = ?",
        [(*row, rid, i) for i, row in enumerate(new[: len(old)]) if row != old[i]],
    )
    _insert_parts(s, rid, list(enumerate(new))[len(old) :])


def _write_narrative(s: Session, rid: int, patch: NarrativePatch) -> list[FieldChange]:
    """The changed parts put into the narrative as stored now (the UPDATE before this holds the
    write lock, so nobody changes it in between), and the changed footnotes one by one; returns
    what changed, part by part, for the history. Typing writes the row of the part typed in
    alone; an outline edit writes the rows that differ (migration 0011)."""
    # plain sqlite3 on the session's connection, as the figures (write_patch): the ORM's
    # statement and result layers cost more than SQLite did
    db = _driver(s)
    mine = outline_rows(patch.outline)
    if tuple(db.execute(_STORED_OUTLINE_SQL, (rid,)).fetchall()) == mine:
        # the outline stored is the one the writer read: its parts are where the writer's are
        part_at = {key: i for i, key in enumerate(outline_keys(patch.outline))}
    else:  # changed meanwhile (or not stored as this writer would): each part found by its key
        outline, lists = narrative_from_rows(_narrative_parts(s, rid, _OUTLINE_SQL), text=False)
        at_list = {id(paragraphs): i for i, paragraphs in enumerate(lists)}
        part_at = {key: at_list[id(p)] for key, p in part_map(outline).items()}
    if patch.text_only(part_at.keys()):
        assert patch.parts is not None
        # the parts' paragraphs before (for the history), then each part's row written again
        wanted = tuple(part_at[key] for key in patch.parts)
        marks = ",".join("?" * len(wanted))
        sql = _PARTS_SQL.replace(" ORDER BY", f" AND position IN ({marks}) ORDER BY")
        cur = db.execute(sql, (rid, *wanted))
        names = [d[0] for d in cur.description]
        old = {r.position: r for r in (stored_row("narrative_parts", names, raw) for raw in cur)}
        before = {key: part_paragraphs(old[part_at[key]].paragraphs) for key in patch.parts}
        db.executemany(
            "UPDATE narrative_parts SET paragraphs = ? WHERE report_id = ? AND position = ?",
            [(paragraphs_json(p), rid, part_at[key]) for key, p in patch.parts.items()],
        )
        changes = part_changes(before, patch.parts)
    else:
        stored_before = narrative_from_rows(_narrative_parts(s, rid))[0]
        try:
            merged = patch.merged_into(stored_before)
        except OutlineConflict:
            raise ConflictError(  # the transaction is rolled back: nothing of the patch is written
                "Mục lục của phần nội dung vừa được sửa ở nơi khác (một cửa sổ khác hoặc dòng lệnh);"
                " thay đổi mục lục vừa rồi chưa được ghi."
            ) from None
        _rewrite_parts(s, rid, narrative_rows(stored_before), narrative_rows(merged))
        changes = narrative_changes(stored_before, merged)
    if not patch.footnotes:
        return changes
    rows = s.execute(
        select(FootnoteRow.key, FootnoteRow.position, FootnoteRow.text).where(
            FootnoteRow.report_id == rid
        )
    ).all()
    positions: dict[str, int] = {key: position for key, position, _ in rows}
    changes += footnote_changes({key: text for key, _, text in rows}, patch.footnotes)
    s.execute(
        delete(FootnoteRow).where(
            FootnoteRow.report_id == rid, FootnoteRow.key.in_(list(patch.footnotes))
        )
    )
    s.flush()
    last = max(positions.values(), default=-1)
    for key, note in patch.footnotes.items():
        if note is None:
            continue
        if key not in positions:
            last += 1
        s.add(
            FootnoteRow(
                report_id=rid,
                key=key,
                position=positions.get(key, last),
                text=note.text,
                document_id=note.document_id,
            )
        )
    return changes


# Text typed in the narrative is written every half second: one history entry per field per
# source for a stretch of typing, not one per write.
_COALESCE = dt.timedelta(minutes=10)
_COALESCED = ("narrative:", "footnote:")


_LAST_CHANGE = ("id", "source", "changed_at", "old")
_LAST_CHANGE_SQL = (
    f"SELECT {', '.join(_LAST_CHANGE)} FROM change_history WHERE report_id = ? AND field = ?"
    " ORDER BY id DESC LIMIT 1"
)


def _record(
    s: Session,
    rid: int,
    changes: list[FieldChange],
    source: ChangeSource | str,
    now: dt.datetime,
) -> None:
    """Add the changes to the report's history (in the caller's transaction)."""
    source_value = ChangeSource.of(source).value
    # new rows go in as plain sqlite3 INSERTs on the session's connection (an ORM flush per
    # keystroke cost a millisecond, SQLAlchemy Core's statement building most of another), in
    # order, written before a coalescing lookup so that it sees them
    pending: list[tuple[Any, ...]] = []
    stamp = _binds(s).changed_at(now)

    def write_pending() -> None:
        if pending:
            _driver(s).executemany(_INSERT_CHANGE_SQL, pending)
            pending.clear()

    for c in changes:
        if c.field.startswith(_COALESCED):
            write_pending()
            # plain sqlite3 too: the ORM's query and object for this lookup cost more than the
            # rest of a typed save's statements together
            db = _driver(s)
            raw = db.execute(_LAST_CHANGE_SQL, (rid, c.field)).fetchone()
            last = None if raw is None else stored_row("change_history", _LAST_CHANGE, raw)
            if (
                last is not None
                and last.source == source_value
                and now - last.changed_at < _COALESCE
            ):
                if (last.old or None) == (c.new or None):
                    # typed and taken back: nothing changed
                    db.execute("DELETE FROM change_history WHERE id = ?", (last.id,))
                else:
                    db.execute(
                        "UPDATE change_history SET new = ?, changed_at = ? WHERE id = ?",
                        (c.new, stamp, last.id),
                    )
                continue
        pending.append((rid, stamp, source_value, c.field, c.code, c.old, c.new, c.detail))
    write_pending()


_HISTORY_COLUMNS = (
    ChangeRow.id,
    ChangeRow.changed_at,
    ChangeRow.source,
    ChangeRow.field,
    ChangeRow.old,
    ChangeRow.new,
    ChangeRow.code,
    ChangeRow.detail,
)


def _entry(r: Any) -> HistoryEntry:
    try:
        source = ChangeSource(r.source)
    except ValueError:  # a source a newer release wrote: shown as typed rather than failing
        source = ChangeSource.TYPED
    return HistoryEntry(r.id, r.changed_at, source, r.field, r.old, r.new, r.code, r.detail)


def _add_recipients(s: Session, rid: int, recipients: list[str]) -> None:
    for i, text in enumerate(recipients):
        s.add(RecipientRow(report_id=rid, position=i, text=text))


def _propaganda_row(rid: int, i: int, p: PropagandaRow) -> PropagandaRowRow:
    return PropagandaRowRow(
        report_id=rid,
        position=i,
        number=p.number,
        label=p.label,
        unit=p.unit,
        quantity=p.quantity,
        note=p.note,
    )


def _remediation_row(rid: int, i: int, m: RemediationItem) -> RemediationRow:
    return RemediationRow(
        report_id=rid,
        position=i,
        number=m.number,
        criterion=m.criterion,
        assessment=m.assessment,
        score_got=m.score_got,
        score_max=m.score_max,
        findings=list(m.findings),
        remedies=list(m.remedies),
        deadlines=list(m.deadlines),
        progress=list(m.progress),
    )


def _write_table(
    s: Session, model: Any, rid: int, patch: TablePatch[Any], make: Callable[[int, int, Any], Any]
) -> None:
    """Replace the changed rows of an appendix table and drop those past its new length."""
    s.execute(
        delete(model).where(
            model.report_id == rid,
            (model.position >= patch.length) | model.position.in_(list(patch.rows)),
        )
    )
    s.flush()
    for i, row in sorted(patch.rows.items()):
        s.add(make(rid, i, row))


def _value_columns(report_id: int, code: str, iv: IndicatorValue) -> dict[str, Any]:
    number = iv.value if isinstance(iv.value, Decimal) else None
    text = iv.value if isinstance(iv.value, str) else None
    return {"report_id": report_id, "code": code, "number": number, "text": text, "note": iv.note}


def _value_row(report_id: int, code: str, iv: IndicatorValue) -> IndicatorValueRow:
    return IndicatorValueRow(**_value_columns(report_id, code, iv))
