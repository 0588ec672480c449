"""The SQLite store: migrations from an empty file, connection settings, exact round trips."""

import json
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue, ReportStatus
from cchc_desktop.domain.serialize import report_from_dict, report_to_dict
from cchc_desktop.errors import FileProblemError, NotFoundError, UserError
from cchc_desktop.services.catalogs import demo_report_data
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import SCHEMA_HEAD, current_revision, head_revision, open_engine
from cchc_desktop.storage.repository import Repository

TABLES = {
    "units",
    "reports",
    "footnotes",
    "recipients",
    "propaganda_rows",
    "remediation_items",
    "indicator_values",
    "documents",
    "alembic_version",
}


def _comparable(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in {"id", "created_at", "updated_at"}}


def test_migrations_create_schema_from_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    engine = open_engine(path)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert names >= TABLES
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    con.close()


def test_connection_pragmas(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "p.sqlite3")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("pragma synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("pragma busy_timeout").scalar() == 5000
    engine.dispose()


def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "keep.sqlite3"
    repo = Repository(open_engine(path))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    repo.engine.dispose()
    again = Repository(open_engine(path))
    assert again.load_report(rid).value("1.1.1") == Decimal(38)


def test_full_report_round_trip(tmp_path: Path) -> None:
    original = report_from_dict(demo_report_data())
    repo = Repository(open_engine(tmp_path / "rt.sqlite3"))
    rid = repo.save_report(original)
    loaded = repo.load_report(rid)
    assert _comparable(report_to_dict(loaded)) == _comparable(report_to_dict(original))
    assert loaded.created_at is not None
    # saving again (an edit) replaces the children instead of duplicating them
    loaded.recipients.insert(0, "Như trên;")
    repo.save_report(loaded)
    again = repo.load_report(rid)
    assert again.recipients[0] == "Như trên;"
    assert len(again.recipients) == len(original.recipients) + 1
    assert len(again.footnotes) == len(original.footnotes)


def test_unit_fields_edited_or_cleared_are_saved(tmp_path: Path) -> None:
    repo = Repository(open_engine(tmp_path / "unit.sqlite3"))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    report = repo.load_report(rid)
    report.unit.parent_authority = "UBND TỈNH NGHỆ AN"
    report.unit.place = ""
    repo.save_report(report)
    again = repo.load_report(rid)
    assert again.unit.parent_authority == "UBND TỈNH NGHỆ AN"
    assert again.unit.place == ""  # cleared by the user, not silently kept
    assert again.unit.abbreviation == "STC"
    # a new report of the same unit starts from the unit as it now stands
    q3 = ReportService(repo).new_report("Sở Tài chính", Period(2024, PeriodKind.M9))
    assert q3.unit.parent_authority == "UBND TỈNH NGHỆ AN"
    assert q3.unit.abbreviation == "STC"
    assert repo.load_report(rid).unit.parent_authority == "UBND TỈNH NGHỆ AN"


def test_figures_stored_as_exact_text_and_empty_is_not_zero(tmp_path: Path) -> None:
    path = tmp_path / "dec.sqlite3"
    repo = Repository(open_engine(path))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    repo.set_values(
        rid,
        {
            "3.3.3": IndicatorValue(Decimal("98.73")),
            "1.1.2": IndicatorValue(Decimal(0)),
            "1.1.1": IndicatorValue(None),
        },
    )
    con = sqlite3.connect(path)
    rows = dict(con.execute("select code, number from indicator_values where report_id=?", (rid,)))
    types = dict(
        con.execute("select code, typeof(number) from indicator_values where report_id=?", (rid,))
    )
    con.close()
    assert rows["3.3.3"] == "98.73" and types["3.3.3"] == "text"
    assert rows["1.1.2"] == "0"
    assert "1.1.1" not in rows  # cleared: not reported, and not stored as 0
    loaded = repo.load_report(rid)
    assert loaded.value("1.1.1") is None
    assert loaded.value("1.1.2") == Decimal(0)


def test_one_report_per_unit_and_period(tmp_path: Path) -> None:
    repo = Repository(open_engine(tmp_path / "u.sqlite3"))
    repo.save_report(report_from_dict(demo_report_data()))
    with pytest.raises(UserError, match="Đã có báo cáo 6 tháng đầu năm 2024 của Sở Tài chính"):
        repo.save_report(report_from_dict(demo_report_data()))


def test_delete_cascades(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    repo = Repository(open_engine(path))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    repo.delete_report(rid)
    with pytest.raises(NotFoundError):
        repo.load_report(rid)
    con = sqlite3.connect(path)
    for table in (
        "footnotes",
        "recipients",
        "propaganda_rows",
        "remediation_items",
        "indicator_values",
    ):
        assert con.execute(f"select count(*) from {table}").fetchone()[0] == 0
    con.close()


def test_status_and_list(tmp_path: Path) -> None:
    repo = Repository(open_engine(tmp_path / "l.sqlite3"))
    report = report_from_dict(demo_report_data())
    report.status = ReportStatus.FINAL
    rid = repo.save_report(report)
    [summary] = repo.list_reports()
    assert summary.id == rid
    assert summary.status is ReportStatus.FINAL
    assert summary.values_filled == sum(1 for v in report.values.values() if v.value is not None)


def test_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "thesis.docx"
    path.write_bytes(b"PK\x03\x04 not a database")
    before = path.read_bytes()
    with pytest.raises(FileProblemError, match="không phải là cơ sở dữ liệu"):
        open_engine(path)
    assert path.read_bytes() == before


def test_upgrade_from_first_revision_keeps_user_data(tmp_path: Path) -> None:
    """A database made by the first release is upgraded on open without losing a figure."""
    from alembic import command
    from sqlalchemy import create_engine

    from cchc_desktop.storage.db import alembic_config

    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql("insert into units (id, name) values (1, 'Sở Tài chính')")
        conn.exec_driver_sql(
            "insert into reports (id, unit_id, period_kind, year, catalog_id, catalog_version,"
            " narrative, optional_groups, created_at, updated_at) values (7, 1, 'H1', 2024,"
            " 'phu-luc-iii-ha-tinh', '2024.1', '{}', '[]', '2024-06-01 08:00:00',"
            " '2024-06-01 08:00:00')"
        )
        conn.exec_driver_sql(
            "insert into indicator_values (report_id, code, number, note) values"
            " (7, '1.1.1', '38', 'ghi chú')"
        )
    engine.dispose()
    told: list[str] = []
    repo = Repository(open_engine(path, notify=told.append))
    assert current_revision(repo.engine) == head_revision()
    report = repo.load_report(7)
    assert report.value("1.1.1") == Decimal(38)
    assert report.values["1.1.1"].note == "ghi chú"
    [backup] = (tmp_path / "backups").glob("old-*-truoc-nang-cap-0001.sqlite3")
    assert told == [f"Đã nâng cấp cơ sở dữ liệu “{path}”; bản sao trước khi nâng cấp: “{backup}”."]


def test_schema_head_constant_matches_alembic() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "fast.sqlite3"
    open_engine(path).dispose()  # create and migrate
    code = (
        "import sys\n"
        "from cchc_desktop.storage.db import open_engine\n"
        f"open_engine({str(path)!r}).dispose()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_engine(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(FileProblemError, match="phiên bản CCHC Desktop mới hơn"):
        open_engine(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def _limit_pages(engine: Any, max_pages: int) -> None:
    def limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {max_pages}")

    engine.dispose()  # new connections get the limit
    event.listen(engine, "connect", limit)


def test_full_disk_is_a_vietnamese_error_and_loses_nothing(tmp_path: Path) -> None:
    repo = Repository(open_engine(tmp_path / "full.sqlite3"))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    before = _comparable(report_to_dict(repo.load_report(rid)))
    with repo.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    _limit_pages(repo.engine, int(pages))  # the file may not grow: SQLite says "disk is full"
    big = repo.load_report(rid)
    big.recipients = [f"Đơn vị nhận số {i} " + "x" * 400 for i in range(2000)]
    with pytest.raises(FileProblemError, match="Ổ đĩa đã đầy"):
        repo.save_report(big)
    with pytest.raises(FileProblemError, match="Ổ đĩa đã đầy"):
        repo.set_values(rid, {f"9.{i}": IndicatorValue(Decimal(i), "y" * 500) for i in range(5000)})
    assert _comparable(report_to_dict(repo.load_report(rid))) == before


def test_locked_database_is_a_vietnamese_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    repo = Repository(open_engine(path))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    repo.engine.dispose()

    def short_wait(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 50")

    event.listen(repo.engine, "connect", short_wait)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(FileProblemError, match="chương trình khác"):
            repo.set_values(rid, {"1.1.1": IndicatorValue(Decimal(1))})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert repo.load_report(rid).value("1.1.1") == Decimal(38)


def test_a_typed_figure_is_stored_as_the_orm_stores_it(tmp_path: Path) -> None:
    """write_patch runs the figure path as plain sqlite3 statements: dates, figures and the history
    come out in exactly the ORM's stored formats (so sorting, the mirror and every reader agree)."""
    repo = Repository(open_engine(tmp_path / "f.sqlite3"))
    try:
        rid = repo.save_report(report_from_dict(demo_report_data()))
        repo.set_values(
            rid,
            {
                "1.1.1": IndicatorValue(Decimal("40.50"), "ghi chú"),
                "1.1.2": IndicatorValue("không áp dụng"),
                "1.1.3": IndicatorValue(),
            },
        )
        con = sqlite3.connect(tmp_path / "f.sqlite3")
        try:
            created, updated = con.execute(
                "SELECT created_at, updated_at FROM reports WHERE id = ?", (rid,)
            ).fetchone()
            stamps = [r[0] for r in con.execute("SELECT changed_at FROM change_history")]
            rows = con.execute(
                "SELECT code, number, text, note, mirror FROM indicator_values"
                " WHERE report_id = ? AND code IN ('1.1.1', '1.1.2', '1.1.3') ORDER BY code",
                (rid,),
            ).fetchall()
        finally:
            con.close()
        # the ORM's DateTime text (microseconds included), the same for every column
        assert len(updated) == len(created) == len("2024-01-01 00:00:00.000000")
        assert stamps and {len(s) for s in stamps} == {len(created)}
        assert rows == [
            ("1.1.1", "40.50", None, "ghi chú", f"{rid}|'1.1.1'|'40.50'|NULL"),
            ("1.1.2", None, "không áp dụng", "", f"{rid}|'1.1.2'|NULL|'không áp dụng'"),
        ]
        back = repo.load_report(rid)
        assert back.values["1.1.1"] == IndicatorValue(Decimal("40.50"), "ghi chú")
        assert "1.1.3" not in back.values
        assert {e.field for e in repo.history(rid, "1.1.1")} == {"value:1.1.1", "note:1.1.1"}
    finally:
        repo.engine.dispose()


def test_a_narrative_edit_is_stored_as_the_orm_stores_it(tmp_path: Path) -> None:
    """The narrative a typed edit writes (plain sqlite3 in write_patch) is the very text the ORM
    path writes for the same narrative (save_report), so every reader of the rows sees one format."""
    from cchc_desktop.services.editing import EditSession

    path = tmp_path / "n.sqlite3"
    repo = Repository(open_engine(path))
    try:
        rid = repo.save_report(report_from_dict(demo_report_data()))
        session = EditSession(repo, rid)
        before = session.state()
        session.report.narrative.intro[0].runs[0].text = "Mở đầu “mới”\u00a0gõ thêm"
        session.save(session.report_in(before, session.state()))

        def stored() -> list[tuple[object, ...]]:
            # the narrative's rows, one per part (migration 0011)
            con = sqlite3.connect(path)
            try:
                return con.execute(
                    "SELECT position, kind, depth, title, numbered, paragraphs"
                    " FROM narrative_parts ORDER BY position"
                ).fetchall()
            finally:
                con.close()

        typed = stored()
        assert typed[0][1] == "intro"
        assert "gõ thêm" in json.loads(str(typed[0][5]))[0]["runs"][0]["text"]
        repo.save_report(repo.load_report(rid))  # the same narrative written by the ORM
        assert stored() == typed
        assert [e.new for e in repo.history(rid) if e.field == "narrative:intro"] == [
            "Mở đầu “mới”\u00a0gõ thêm"
        ]
    finally:
        repo.engine.dispose()


def test_typed_text_lands_in_its_part_after_another_writer_changed_the_outline(
    tmp_path: Path,
) -> None:
    """Another writer added a section before the one being typed in: every stored part moved one
    row down. The typed text (a one-part patch, as the Nội dung page writes it) goes into its own
    section, found by its headings, and the other writer's section stays."""
    from cchc_desktop.domain.changes import ReportPatch, outline_of, part_key_of, text_patch
    from cchc_desktop.domain.report import Paragraph, Run, Section
    from cchc_desktop.domain.serialize import narrative_to_dict
    from cchc_desktop.services.editing import EditSession

    repo = Repository(open_engine(tmp_path / "w.sqlite3"))
    try:
        rid = repo.save_report(report_from_dict(demo_report_data()))
        mine, theirs = EditSession(repo, rid), EditSession(repo, rid)
        before = theirs.state()
        theirs.report.narrative.sections.insert(0, Section("Mục của người khác"))
        theirs.save(theirs.report_in(before, theirs.state()))
        target = mine.report.narrative.sections[1].children[0].paragraphs
        outline = outline_of(mine.report.narrative)
        key = part_key_of(mine.report.narrative, target, outline)
        target.append(Paragraph([Run("Gõ ở cửa sổ này.")]))
        assert mine.save_patch(ReportPatch(narrative=text_patch(outline, {key: target})))
        stored = repo.load_report(rid).narrative
        expected = theirs.report.narrative
        expected.sections[2].children[0].paragraphs.append(Paragraph([Run("Gõ ở cửa sổ này.")]))
        assert narrative_to_dict(stored) == narrative_to_dict(expected)
        # the reloaded window holds both writers' text too
        assert narrative_to_dict(mine.report.narrative) == narrative_to_dict(expected)
    finally:
        repo.engine.dispose()
