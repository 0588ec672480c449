"""Upgrades never lose data: every revision's fixture database (tests/fixtures/db, data in every
table) is upgraded to head with every stored value intact; a failing migration leaves the file
byte for byte as it was; a batch migration (a table rebuilt) does not cascade into its children."""

import json
import os
import shutil
import sqlite3
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cchc_desktop.domain.serialize import narrative_to_dict
from cchc_desktop.errors import FileProblemError
from cchc_desktop.storage.db import (
    SCHEMA_HEAD,
    MigrationFailed,
    alembic_config,
    current_revision,
    migrate,
    open_engine,
)
from cchc_desktop.storage.repository import Repository

FIXTURES = Path(__file__).parent / "fixtures" / "db"
TABLES = (
    "units",
    "documents",
    "reports",
    "footnotes",
    "recipients",
    "propaganda_rows",
    "remediation_items",
    "indicator_values",
)
# derived from the tables above and rebuilt by the migrations that add them (the list's figures,
# the filled codes' sets): every other table a fixture has keeps its rows too (the catalogs the
# reports were made with, the change history, the narrative's parts)
DERIVED = {"alembic_version", "list_figures", "code_sets"}


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    return [s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


def _dump(path: Path, *, every: bool = False) -> dict[str, dict[int, dict[str, Any]]]:
    """TABLES' rows by rowid; every=True: those of every table the file has but DERIVED."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        names = TABLES
        if every:
            found = con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            names = tuple(n for (n,) in found if n not in DERIVED and not n.startswith("sqlite_"))
        return {
            t: {r["rowid"]: dict(r) for r in con.execute(f"SELECT rowid AS rowid, * FROM {t}")}
            for t in names
        }
    finally:
        con.close()


def _narratives(dump: dict[str, dict[int, dict[str, Any]]]) -> dict[int, Any]:
    """Each report's narrative as a file from before 0011 held it (one JSON column)."""
    return {
        row["id"]: json.loads(row["narrative"])
        for row in dump["reports"].values()
        if "narrative" in row
    }


def test_there_is_a_fixture_for_every_revision() -> None:
    assert {p.stem.removeprefix("rev-") for p in FIXTURES.glob("rev-*.sqlite3")} == set(
        _revisions()
    )


@pytest.mark.parametrize("revision", sorted(_revisions()))
def test_every_value_of_every_revision_survives_the_upgrade(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / f"rev-{revision}.sqlite3", path)
    before = _dump(path, every=True)
    assert all(before[t] for t in TABLES), "the fixture has data in every table"
    told: list[str] = []
    repo = Repository(open_engine(path, notify=told.append))
    try:
        assert current_revision(repo.engine) == SCHEMA_HEAD
        after = _dump(path, every=True)
        assert set(after) >= set(before)  # no table dropped
        for table in before:
            assert set(after[table]) == set(before[table]), table
            for rowid, row in before[table].items():
                # the narrative moved to its own rows in 0011: compared below, as read back
                kept = {k: after[table][rowid][k] for k in row if k != "narrative"}
                assert kept == {k: v for k, v in row.items() if k != "narrative"}, (table, rowid)
        narratives = _narratives(before)
        for summary in repo.list_reports():  # and every report reads as a report
            report = repo.load_report(summary.id)
            assert report.values and report.footnotes and report.remediation
            # the narrative reads back as the old column held it, every part, text for text
            if summary.id in narratives:
                assert narrative_to_dict(report.narrative) == narratives[summary.id]
                assert len(report.narrative.sections) > 2
        assert narratives or revision >= "0011"
    finally:
        repo.engine.dispose()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    if revision == SCHEMA_HEAD:
        assert told == [] and backups == []
    else:
        [backup] = backups
        assert str(backup) in told[0]
        # the copy taken before the upgrade is the old file
        assert _dump(backup, every=True) == before


def _extra_migration(folder: Path, body: str) -> Any:
    """An alembic config whose head is a test migration 9001 after the real head."""
    folder.mkdir()
    (folder / "9001_test.py").write_text(
        textwrap.dedent(
            f"""
            import sqlalchemy as sa
            from alembic import op

            revision = "9001"
            down_revision = {SCHEMA_HEAD!r}
            branch_labels = None
            depends_on = None


            def upgrade():
            """
        )
        + textwrap.indent(textwrap.dedent(body), "    "),
        encoding="utf-8",
    )
    cfg = alembic_config()
    versions = Path(cfg.get_main_option("script_location") or "") / "versions"
    cfg.set_main_option("version_locations", os.pathsep.join([str(versions), str(folder)]))
    return cfg


BATCH_REBUILD = """
with op.batch_alter_table("reports", recreate="always") as batch:
    batch.add_column(sa.Column("extra", sa.Text(), nullable=True))
"""


@pytest.mark.parametrize("revision", sorted(_revisions()))
def test_a_batch_migration_keeps_every_child_row(tmp_path: Path, revision: str) -> None:
    """render_as_batch rebuilds a table (CREATE, copy, DROP, RENAME): with foreign keys on, the
    DROP TABLE reports cascaded into every figure, footnote, recipient and appendix row."""
    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / f"rev-{revision}.sqlite3", path)
    before = _dump(path)
    cfg = _extra_migration(tmp_path / "versions", BATCH_REBUILD)
    migrate(path, revision, cfg=cfg)
    after = _dump(path)
    for table in TABLES:
        assert len(after[table]) == len(before[table]), table
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("9001",)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()


@pytest.mark.parametrize("revision", sorted(_revisions()))
def test_a_failing_migration_leaves_the_file_byte_for_byte(tmp_path: Path, revision: str) -> None:
    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / f"rev-{revision}.sqlite3", path)
    original = path.read_bytes()
    cfg = _extra_migration(
        tmp_path / "versions",
        BATCH_REBUILD + 'op.execute("DELETE FROM indicator_values")\nraise RuntimeError("x")\n',
    )
    with pytest.raises(MigrationFailed, match=r"không thành công.*tệp không bị thay đổi"):
        migrate(path, revision, cfg=cfg)
    assert path.read_bytes() == original
    assert not path.with_name(path.name + "-wal").exists() or not (
        path.with_name(path.name + "-wal").stat().st_size
    )
    # and the release that has no such migration still opens it
    repo = Repository(open_engine(path))
    assert len(repo.list_reports()) == 2
    repo.engine.dispose()


def test_a_migration_that_breaks_a_link_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / f"rev-{SCHEMA_HEAD}.sqlite3", path)
    original = path.read_bytes()
    cfg = _extra_migration(tmp_path / "versions", 'op.execute("DELETE FROM units")\n')
    with pytest.raises(MigrationFailed, match="mất liên kết"):
        migrate(path, SCHEMA_HEAD, cfg=cfg)
    assert path.read_bytes() == original


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.execute("INSERT INTO contacts VALUES ('An')")
    con.commit()
    con.close()
    original = path.read_bytes()
    with pytest.raises(FileProblemError, match="không phải của CCHC Desktop"):
        open_engine(path)
    assert path.read_bytes() == original
    assert not (tmp_path / "backups").exists()


def _members(path: Path) -> dict[str, bytes]:
    """A .docx's parts but its dates (docProps/core.xml holds the time it was written)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_the_upgraded_narrative_exports_to_the_same_word_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 0010 file upgraded by `cchc export-docx` prints, part for part, the narrative its old
    column held: the .docx equals one written from that column's narrative (dates aside)."""
    from cchc_desktop.cli import main
    from cchc_desktop.domain.serialize import narrative_from_dict
    from cchc_desktop.services.export_docx import export_docx
    from cchc_desktop.services.validation import load_validated

    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / "rev-0010.sqlite3", path)
    narratives = _narratives(_dump(path))
    rid = min(narratives)
    exported = tmp_path / "upgraded.docx"
    assert main(["--db", str(path), "export-docx", str(rid), str(exported), "--draft"]) == 0
    capsys.readouterr()
    repo = Repository(open_engine(path))
    try:
        report, catalog, findings = load_validated(repo, rid)
    finally:
        repo.engine.dispose()
    report.narrative = narrative_from_dict(narratives[rid])  # as the old column held it
    expected = tmp_path / "expected.docx"
    export_docx(report, catalog, expected, draft=True, findings=findings)
    assert _members(exported) == _members(expected)
    text = b"".join(_members(exported).values()).decode("utf-8", "replace")
    assert narratives[rid]["sections"][-1]["title"] in text  # the narrative is in it


@pytest.mark.parametrize("damage", ["brace gone", "not UTF-8"])
def test_a_narrative_that_cannot_be_read_is_kept_whole_and_named_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    """A damaged narrative in a 0010 file (a byte gone from its JSON, bytes that are not UTF-8)
    is moved as it was into the opening part: nothing of it is lost, the report names it,
    `cchc check` says where."""
    from cchc_desktop.cli import main

    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / "rev-0010.sqlite3", path)
    con = sqlite3.connect(path)
    rid, stored = con.execute("SELECT id, narrative FROM reports ORDER BY id").fetchone()
    damaged: str | bytes = stored[:-1]  # the closing brace gone
    if damage == "not UTF-8":
        damaged = stored.encode()[:100] + b"\xff\xfe" + stored.encode()[102:]
    con.execute("UPDATE reports SET narrative = CAST(? AS TEXT) WHERE id = ?", (damaged, rid))
    con.commit()
    con.close()
    assert main(["--db", str(path), "show", str(rid)]) == 2
    _out, err = capsys.readouterr()
    assert "phần nội dung" in err and "Traceback" not in err
    con = sqlite3.connect(path)
    con.text_factory = bytes
    kept = con.execute(
        "SELECT kind, paragraphs FROM narrative_parts WHERE report_id = ? ORDER BY position",
        (rid,),
    ).fetchall()
    con.close()
    as_bytes = damaged.encode() if isinstance(damaged, str) else damaged
    assert kept == [(b"intro", as_bytes), (b"closing", b"[]")]
    assert main(["--db", str(path), "check"]) == 2
    _out, err = capsys.readouterr()
    assert f"báo cáo số hiệu {rid}" in err and "phần nội dung: giá trị lưu" in err
    assert "bản ghi kiểm tra" not in err  # the narrative has no mirror to disagree with
