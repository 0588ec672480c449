"""Reads and writes domain reports in the database; every write is one transaction.

It implements services.store.ReportStore; the values it hands out live in domain.stored."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.changes import NarrativePatch, OutlineConflict, ReportPatch, TablePatch
from ..domain.periods import Period
from ..domain.report import (
    IndicatorValue,
    PropagandaRow,
    RemediationItem,
    Report,
    Unit,
)
from ..domain.serialize import narrative_from_dict, narrative_to_dict
from ..domain.stored import CitedDocument, ReportSummary, WriteResult
from ..errors import ConflictError, FileProblemError, NotFoundError, UserError
from .health import UnreadableRowError, connect_readonly, translate, unreadable_report_error
from .models import (
    DocumentRow,
    FootnoteRow,
    IndicatorValueRow,
    PropagandaRowRow,
    RecipientRow,
    RemediationRow,
    ReportRow,
    UnitRow,
)
from .records import (
    document_from_row,
    read_periods,
    read_summaries,
    report_from_rows,
    unit_from_row,
)

__all__ = ["Repository", "database_problem"]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


_P = ParamSpec("_P")
_T = TypeVar("_T")


def database_problem(exc: DatabaseError) -> FileProblemError:
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
        except IntegrityError:
            raise
        except DatabaseError as exc:
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
    def _unit_row(self, s: Session, unit: Unit) -> UnitRow:
        row = s.scalar(select(UnitRow).where(UnitRow.name == unit.name))
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
    def units(self) -> list[Unit]:
        with self._sessions() as s:
            return [unit_from_row(r) for r in s.scalars(select(UnitRow).order_by(UnitRow.name))]

    # --- reports ----------------------------------------------------------------------------
    @_guarded
    def save_report(self, report: Report) -> int:
        """Insert or replace the whole report in one transaction; returns its id. Replacing is
        refused (ConflictError) when the stored report is newer than the revision it was read at:
        a whole-report write must never overwrite another writer (edits write patches)."""
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
                    if found.revision != report.revision:
                        raise ConflictError(
                            f"Báo cáo số hiệu {report.id} đã được sửa ở nơi khác sau khi đọc"
                            " (một cửa sổ khác hoặc dòng lệnh): chưa ghi gì. Hãy mở lại báo cáo"
                            " rồi làm lại thao tác."
                        )
                    row = found
                    for table in (
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
        row.number = r.number
        row.symbol = r.symbol
        row.place = r.place
        row.issue_date = r.date
        row.subject = r.subject
        row.recipient_to = r.recipient_to
        row.signer_authority = r.signer.authority
        row.signer_title = r.signer.title
        row.signer_name = r.signer.name
        row.narrative = narrative_to_dict(r.narrative)
        row.optional_groups = sorted(r.optional_groups)
        row.updated_at = now

    @staticmethod
    def _write_children(s: Session, rid: int, r: Report) -> None:
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
    def unit_periods(self, unit_name: str) -> list[tuple[int, Period]]:
        """(id, period) of the unit's reports, oldest first, without loading them."""
        return read_periods(self._execute, unit_name)

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
    def delete_report(self, report_id: int) -> None:
        with self._sessions.begin() as s:
            row = s.get(ReportRow, report_id)
            if row is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            s.delete(row)  # child rows go with it: ON DELETE CASCADE, foreign keys are on

    @_guarded
    def set_values(self, report_id: int, values: dict[str, IndicatorValue]) -> int:
        """Write several Phụ lục III values at once: all are written or none (one transaction).
        Returns the report's new revision."""
        return self.write_patch(report_id, ReportPatch(values=dict(values))).revision

    @_guarded
    def revision(self, report_id: int) -> int:
        """The report's revision as stored now (a window compares it with the one it read)."""
        with self._sessions() as s:
            found = s.scalar(select(ReportRow.revision).where(ReportRow.id == report_id))
            if found is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            return found

    @_guarded
    def write_patch(
        self, report_id: int, patch: ReportPatch, expected_revision: int | None = None
    ) -> WriteResult:
        """Write only what the patch changed, in one transaction, and raise the revision. When
        the stored revision is not the expected one another writer changed the report since it
        was read: the patch is written all the same (it holds only this writer's own fields) and
        the result says so, for the caller to reload the other writer's changes."""
        columns: dict[str, Any] = {"updated_at": _now(), "revision": ReportRow.revision + 1}
        for name, value in patch.header.items():
            columns.update(_HEADER_COLUMNS[name](value))
        if patch.optional_groups is not None:
            columns["optional_groups"] = sorted(patch.optional_groups)
        with self._sessions.begin() as s:
            # an UPDATE, not s.get(): loading the row would decode its narrative on every keystroke
            found = s.execute(
                update(ReportRow)
                .where(ReportRow.id == report_id)
                .values(**columns)
                .returning(ReportRow.revision, ReportRow.unit_id)
            ).one_or_none()
            if found is None:
                raise NotFoundError(f"Không có báo cáo số hiệu {report_id}")
            revision, unit_id = found
            if patch.unit:
                s.execute(update(UnitRow).where(UnitRow.id == unit_id).values(**patch.unit))
            if patch.narrative is not None:
                _write_narrative(s, report_id, patch.narrative)
            if patch.recipients is not None:
                s.execute(delete(RecipientRow).where(RecipientRow.report_id == report_id))
                _add_recipients(s, report_id, patch.recipients)
            if patch.propaganda is not None:
                _write_table(s, PropagandaRowRow, report_id, patch.propaganda, _propaganda_row)
            if patch.remediation is not None:
                _write_table(s, RemediationRow, report_id, patch.remediation, _remediation_row)
            for code, iv in patch.values.items():
                s.execute(
                    delete(IndicatorValueRow).where(
                        IndicatorValueRow.report_id == report_id, IndicatorValueRow.code == code
                    )
                )
                if iv.is_reported:
                    s.add(_value_row(report_id, code, iv))
        expected = None if expected_revision is None else expected_revision + 1
        return WriteResult(revision, conflict=expected is not None and revision != expected)

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


def _write_narrative(s: Session, rid: int, patch: NarrativePatch) -> None:
    """The changed parts put into the narrative as stored now (the UPDATE before this holds the
    write lock, so nobody changes it in between), and the changed footnotes one by one."""
    stored = s.scalar(select(ReportRow.narrative).where(ReportRow.id == rid))
    try:
        merged = patch.merged_into(narrative_from_dict(stored or {}))
    except OutlineConflict:
        raise ConflictError(  # the transaction is rolled back: nothing of the patch is written
            "Mục lục của phần nội dung vừa được sửa ở nơi khác (một cửa sổ khác hoặc dòng lệnh);"
            " thay đổi mục lục vừa rồi chưa được ghi."
        ) from None
    s.execute(
        update(ReportRow).where(ReportRow.id == rid).values(narrative=narrative_to_dict(merged))
    )
    if not patch.footnotes:
        return
    rows = s.execute(
        select(FootnoteRow.key, FootnoteRow.position).where(FootnoteRow.report_id == rid)
    )
    positions: dict[str, int] = dict(rows.all())
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


def _value_row(report_id: int, code: str, iv: IndicatorValue) -> IndicatorValueRow:
    number = iv.value if isinstance(iv.value, Decimal) else None
    text = iv.value if isinstance(iv.value, str) else None
    return IndicatorValueRow(report_id=report_id, code=code, number=number, text=text, note=iv.note)
