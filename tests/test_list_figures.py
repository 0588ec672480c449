"""The list's figure summary (migration 0010: list_figures, kept by triggers; 0012: its codes
read through code_sets, one row per distinct set) stays what the report's values say, whoever
writes them: the app's commands, a hand-made INSERT, UPDATE or DELETE in SQLite, a value moved to
another report, a report deleted. A figure damaged by hand after it was written is still named
by `cchc list`, and the list's counts are show's."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from _cli_support import Cli

from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.quick import QuickReader
from cchc_desktop.storage.records import read_summaries

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "db"

# what the triggers must have written: the summary worked out again from the values
RECOUNT = (
    "SELECT v.report_id, SUM(v.number GLOB '*[^0-9.-]*'"
    " OR typeof(v.number) NOT IN ('null', 'text', 'integer') OR v.number = ''),"
    " group_concat(v.code, char(31)) FROM indicator_values v"
    " WHERE v.number IS NOT NULL OR v.text IS NOT NULL GROUP BY v.report_id"
)


def _kept(db: Path) -> dict[int, tuple[int, set[str]]]:
    """The summary as the list reads it: each report's codes through its set (0012), which
    must be its codes in code order; code_sets holds no set that no report names."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT f.report_id, f.odd, f.codes, s.codes FROM list_figures f"
            " LEFT JOIN code_sets s ON s.id = f.set_id"
        ).fetchall()
        unnamed = con.execute(
            "SELECT count(*) FROM code_sets WHERE id NOT IN (SELECT set_id FROM list_figures)"
        ).fetchone()[0]
    finally:
        con.close()
    # the set holds the codes in code order; the summary, in the order they were written
    assert [
        (rid, codes)
        for rid, _odd, codes, in_set in rows
        if in_set != "\x1f".join(sorted(codes.split("\x1f")))
    ] == []
    assert unnamed == 0
    return {rid: (odd, set(codes.split("\x1f"))) for rid, odd, _codes, codes in rows}


def _recounted(db: Path) -> dict[int, tuple[int, set[str]]]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute(RECOUNT).fetchall()
    finally:
        con.close()
    return {rid: (odd, set(codes.split("\x1f"))) for rid, odd, codes in rows}


def _raw(db: Path, sql: str, *params: object) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=ON")
    with con:
        con.execute(sql, params)
    con.close()


def _listed(cli: Cli, rid: int) -> dict[str, object]:
    [row] = [r for r in cli.json("list", "--json") if r["id"] == rid]  # type: ignore[union-attr]
    assert isinstance(row, dict)
    return row


def _shown_filled(cli: Cli, rid: int) -> tuple[int, int, int]:
    shown = cli.json("show", str(rid), "--json")
    assert isinstance(shown, dict)
    values = shown["values"]
    filled = sum(1 for v in values.values() if v.get("value") is not None or v.get("text"))
    return shown["filled"], shown["total"], filled


def test_the_summary_follows_every_write_of_the_app(cli: Cli, demo_id: int) -> None:
    assert _kept(cli.db) == _recounted(cli.db) and demo_id in _kept(cli.db)
    steps: list[tuple[str, ...]] = [
        ("set", str(demo_id), "1.1.1", "41", "3.5.1", "4"),
        ("set", str(demo_id), "1.1.2", ""),  # a cleared figure
        ("groups", str(demo_id), "--off", "hs"),
        ("new", "--unit", "Sở Nội vụ", "--period", "Q1", "--year", "2025"),
        ("copy", str(demo_id), "--period", "Y", "--year", "2024", "--with-figures"),
    ]
    for argv in steps:
        code, _out, err = cli(*argv)
        assert code == 0, (argv, err)
        assert _kept(cli.db) == _recounted(cli.db), argv
    rows = cli.json("list", "--json")
    assert isinstance(rows, list) and len(rows) == 3
    for row in rows:
        filled, total, values = _shown_filled(cli, row["id"])
        assert (row["filled"], row["total"]) == (filled, total)
        assert row["values_filled"] == values
    code, _out, err = cli("delete", str(demo_id))
    assert code == 0, err
    assert demo_id not in _kept(cli.db) and _kept(cli.db) == _recounted(cli.db)


def test_hand_made_writes_in_sqlite_are_counted(cli: Cli, demo_id: int) -> None:
    before = _listed(cli, demo_id)
    assert (before["filled"], before["total"]) == (80, 105)
    # a figure removed, one added, a text cleared: each through SQLite, not the app
    _raw(cli.db, "DELETE FROM indicator_values WHERE report_id = ? AND code = '1.1.1'", demo_id)
    assert _listed(cli, demo_id)["filled"] == 79
    _raw(
        cli.db,
        "INSERT INTO indicator_values (report_id, code, number, text, note)"
        " VALUES (?, '1.1.1', '38', NULL, '')",
        demo_id,
    )
    assert _listed(cli, demo_id)["filled"] == 80
    _raw(
        cli.db,
        "UPDATE indicator_values SET number = NULL, text = NULL"
        " WHERE report_id = ? AND code = '1.1.2'",
        demo_id,
    )
    row = _listed(cli, demo_id)
    assert row["filled"] == 79 and row["values_filled"] == before["values_filled"] - 1  # type: ignore[operator]
    assert (row["filled"], row["total"], row["values_filled"]) == _shown_filled(cli, demo_id)
    assert _kept(cli.db) == _recounted(cli.db)
    # INSERT OR REPLACE drops the old row without a delete trigger: still counted right
    replace = (
        "INSERT OR REPLACE INTO indicator_values (report_id, code, number, text, note)"
        " VALUES (?, ?, ?, NULL, '')"
    )
    _raw(cli.db, replace, demo_id, "1.1.3", None)  # a figure replaced by an empty value
    assert _listed(cli, demo_id)["filled"] == 78
    _raw(cli.db, replace, demo_id, "1.1.3", "7")
    assert _listed(cli, demo_id)["filled"] == 79
    assert _kept(cli.db) == _recounted(cli.db)
    _raw(cli.db, replace, demo_id, "1.1.3", "7x")  # damaged by a replace
    code, out, err = cli("list")
    assert code == 2 and "chỉ tiêu 1.1.3" in err and f"{demo_id:>4}  " not in out
    _raw(
        cli.db,
        "UPDATE OR REPLACE indicator_values SET code = '1.1.3'"
        " WHERE report_id = ? AND code = '1.1.1'",
        demo_id,
    )  # 1.1.1's figure moved onto 1.1.3, replacing the damaged one
    assert _kept(cli.db) == _recounted(cli.db)
    assert _listed(cli, demo_id)["filled"] == 78


def test_a_value_moved_to_another_report_by_hand_leaves_both_counted(
    cli: Cli, demo_id: int
) -> None:
    code, out, _err = cli("new", "--unit", "Sở Nội vụ", "--period", "Q1", "--year", "2025")
    assert code == 0
    other = int(out)
    assert _listed(cli, other)["values_filled"] == 0
    _raw(
        cli.db,
        "UPDATE indicator_values SET report_id = ? WHERE report_id = ? AND code = '1.1.1'",
        other,
        demo_id,
    )
    assert _listed(cli, other)["values_filled"] == 1
    assert _listed(cli, demo_id)["filled"] == 79
    assert _kept(cli.db) == _recounted(cli.db)


@pytest.mark.parametrize("stored", ["'3x8'", "'1e5'", "''", "X'00'", "4.5"])
def test_a_figure_damaged_by_hand_after_it_was_written_is_named_by_the_list(
    cli: Cli, demo_id: int, stored: str
) -> None:
    code, _out, _err = cli("list")
    assert code == 0
    _raw(
        cli.db,
        f"UPDATE indicator_values SET number = {stored} WHERE report_id = ? AND code = '1.1.1'",
        demo_id,
    )
    code, out, err = cli("list")
    if stored in ("'1e5'", "4.5"):  # odd, but a figure: decoded and listed
        assert code == 0 and f"{demo_id:>4}  " in out, err
        return
    assert code == 2, (stored, out, err)  # damaged is exit 2, never 1
    assert f"{demo_id:>4}  " not in out
    assert "chỉ tiêu 1.1.1" in err and "Traceback" not in err
    code, out, err = cli("list", "--json")
    assert code == 2 and f'"id": {demo_id},' not in out and "chỉ tiêu 1.1.1" in err


def test_the_upgrade_fills_the_summary_of_every_report(tmp_path: Path) -> None:
    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / "rev-0009.sqlite3", path)
    open_engine(path).dispose()
    kept = _kept(path)
    assert kept and kept == _recounted(path)
    con = sqlite3.connect(path)
    try:
        reports = {r[0] for r in con.execute("SELECT DISTINCT report_id FROM indicator_values")}
    finally:
        con.close()
    assert set(kept) == reports


def test_cchc_check_names_a_report_whose_list_summary_went_around_the_triggers(
    cli: Cli, demo_id: int
) -> None:
    code, out, _err = cli("check")
    assert code == 0 and "nguyên vẹn" in out
    # what no trigger sees: the summary itself changed (a changed byte, a hand-made UPDATE)
    _raw(cli.db, "UPDATE list_figures SET codes = '1.1.1' WHERE report_id = ?", demo_id)
    # the list reads the report's set, which its values name (0012): it still counts right
    assert _listed(cli, demo_id)["filled"] == _shown_filled(cli, demo_id)[0]
    code, _out, err = cli("check")
    assert code == 2
    assert f"số hiệu {demo_id}" in err and "list_figures" in err
    # the summary counted again by hand: sound again
    _raw(cli.db, "DELETE FROM list_figures")
    _raw(
        cli.db,
        "INSERT INTO list_figures (report_id, odd, codes) SELECT v.report_id, 0,"
        " group_concat(v.code, char(31)) FROM indicator_values v"
        " WHERE v.number IS NOT NULL OR v.text IS NOT NULL GROUP BY v.report_id",
    )
    code, _out, _err = cli("check")
    assert code == 0
    # a trigger dropped by hand, then a figure deleted: the summary falls behind, check says so
    _raw(cli.db, "DROP TRIGGER list_figures_delete")
    _raw(cli.db, "DELETE FROM indicator_values WHERE report_id = ? AND code = '1.1.1'", demo_id)
    code, _out, err = cli("check")
    assert code == 2 and f"số hiệu {demo_id}" in err


def _set_ids(db: Path) -> dict[int, int]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT report_id, set_id FROM list_figures").fetchall())
    finally:
        con.close()


def test_reports_filling_the_same_codes_share_one_set_and_part_when_one_changes(
    cli: Cli, demo_id: int
) -> None:
    code, _out, err = cli("copy", str(demo_id), "--period", "Y", "--year", "2024", "--with-figures")
    assert code == 0, err
    [copy_id] = set(_set_ids(cli.db)) - {demo_id}
    ids = _set_ids(cli.db)
    assert ids[demo_id] == ids[copy_id]  # the same codes: one set
    shared = _listed(cli, copy_id)
    assert shared["values_filled"] == _listed(cli, demo_id)["values_filled"]
    code, _out, err = cli("set", str(copy_id), "1.1.1", "")  # the copy fills one code fewer
    assert code == 0, err
    ids = _set_ids(cli.db)
    assert ids[demo_id] != ids[copy_id] and _kept(cli.db) == _recounted(cli.db)
    assert _listed(cli, copy_id)["values_filled"] == shared["values_filled"] - 1  # type: ignore[operator]
    assert _listed(cli, demo_id)["values_filled"] == shared["values_filled"]
    # the same codes again, typed in another order (1.1.1 now last in the copy's summary): the
    # same set again, as reports filling the same codes share one whatever order they were typed
    code, _out, err = cli("set", str(copy_id), "1.1.1", "38")
    assert code == 0, err
    assert _kept(cli.db) == _recounted(cli.db)
    ids = _set_ids(cli.db)
    assert ids[demo_id] == ids[copy_id]
    assert _listed(cli, copy_id)["values_filled"] == shared["values_filled"]
    for rid in (demo_id, copy_id):
        code, _out, err = cli("delete", str(rid))
        assert code == 0, err
        assert _kept(cli.db) == _recounted(cli.db)  # a set no report names is gone (_kept)
    con = sqlite3.connect(cli.db)
    try:
        assert con.execute("SELECT count(*) FROM code_sets").fetchone()[0] == 0
    finally:
        con.close()


def test_the_upgrade_to_0012_names_each_report_s_set(tmp_path: Path) -> None:
    path = tmp_path / "cchc.sqlite3"
    shutil.copyfile(FIXTURES / "rev-0011.sqlite3", path)
    before = _recounted(path)
    open_engine(path).dispose()
    assert before and _kept(path) == before == _recounted(path)


def test_cchc_check_names_a_report_whose_set_was_changed_by_hand(cli: Cli, demo_id: int) -> None:
    code, out, err = cli("new", "--unit", "Sở Nội vụ", "--period", "Q1", "--year", "2025")
    assert code == 0, err
    other = int(out)
    cli("set", str(other), "1.1.1", "5")
    ids = _set_ids(cli.db)
    # the demo report pointed at the other report's set: the list would count 1 code
    _raw(cli.db, "UPDATE list_figures SET set_id = ? WHERE report_id = ?", ids[other], demo_id)
    assert _listed(cli, demo_id)["values_filled"] == 1
    code, _out, err = cli("check")
    assert code == 2 and f"số hiệu {demo_id}" in err and "list_figures" in err
    assert f"số hiệu {other}" not in err
    # the set's text changed by hand: both reports naming it are named
    _raw(cli.db, "UPDATE code_sets SET codes = '1.1.2' WHERE id = ?", ids[other])
    code, _out, err = cli("check")
    assert code == 2 and f"số hiệu {demo_id}" in err and f"số hiệu {other}" in err
    # any write of the report's figures names its set again
    _raw(cli.db, "UPDATE code_sets SET codes = '1.1.1' WHERE id = ?", ids[other])
    cli("set", str(demo_id), "1.1.1", "39")
    code, _out, err = cli("check")
    assert code == 0, err


def test_a_set_dropped_between_the_list_s_reads_gives_the_report_s_codes_now(
    cli: Cli, demo_id: int
) -> None:
    """The whole list reads the sets, then its rows (as they come); a writer in between may have
    changed a report's codes, making a new set: the list then reads that report's codes as they
    are, never another set's (ids are not reused). One report's line is one statement."""
    reader = QuickReader.open(cli.db)
    assert reader is not None
    calls: list[str] = []

    def execute(sql: str, params: tuple[object, ...]) -> tuple[list[str], list[object]]:
        if len(calls) == 1:  # between the first two reads, another writer clears a figure
            code, _out, err = cli("set", str(demo_id), "1.1.1", "")
            assert code == 0, err
        calls.append(sql)
        return reader._execute(sql, params)

    try:
        [line] = read_summaries(execute)
        assert any("list_figures WHERE report_id" in sql for sql in calls)
        assert line.values_filled == _listed(cli, demo_id)["values_filled"]
        assert "1.1.1" not in line.filled_codes and len(line.filled_codes) == line.values_filled
        calls.clear()
        assert read_summaries(execute, report_id=demo_id) == [line] and len(calls) == 1
    finally:
        reader.close()


def test_the_whole_list_read_as_it_comes_is_the_list_read_at_once(cli: Cli, demo_id: int) -> None:
    """QuickReader reads the whole list's rows a chunk at a time (quick._CHUNK), other queries
    running between chunks: the lines are those of the rows read at once (the ORM's way)."""
    for period in ("Q1", "Q2", "Q3", "Q4", "9M", "Y"):
        code, _out, err = cli("copy", str(demo_id), "--period", period, "--year", "2024")
        assert code == 0, err
    for rid in (2, 5):  # odd figures: the list decodes them with a query between chunks
        _raw(cli.db, "UPDATE indicator_values SET number = '1e5' WHERE report_id = ?", rid)
    reader = QuickReader.open(cli.db)
    assert reader is not None
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("cchc_desktop.storage.quick._CHUNK", 2)
            streamed = reader.list_reports()
        at_once = read_summaries(reader._execute)
    finally:
        reader.close()
    assert len(streamed) == 7 and streamed == at_once


def test_a_file_whose_list_index_was_dropped_by_hand_is_listed_as_before(
    cli: Cli, demo_id: int
) -> None:
    """The list reads odd and set_id through ix_list_figures_list by name (0012); a file without
    it (dropped by hand) is listed the same, through the rows."""
    cli("new", "--unit", "Sở Nội vụ", "--period", "Q1", "--year", "2025")
    before = [cli("list"), cli("list", "--json")]
    _raw(cli.db, "DROP INDEX ix_list_figures_list")
    assert [cli("list"), cli("list", "--json")] == before
    assert before[0][0] == 0 and f"{demo_id:>4}  " in before[0][1]


def test_a_list_stopped_by_a_damaged_figure_leaves_the_quick_reader_usable(
    cli: Cli, demo_id: int
) -> None:
    """A damaged figure stops the quick reader's list part way through its rows (the full way
    then names it); the rows left unread are let go, and the reader answers the next read."""
    for period in ("Q1", "Q2", "Q3"):
        code, _out, err = cli(
            "copy", str(demo_id), "--period", period, "--year", "2024", "--with-figures"
        )
        assert code == 0, err
    _raw(cli.db, "UPDATE indicator_values SET number = '3x8' WHERE report_id = 3")
    reader = QuickReader.open(cli.db)
    assert reader is not None
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr("cchc_desktop.storage.quick._CHUNK", 1)
            with pytest.raises((ValueError, ArithmeticError)):  # "3x8": decimal's InvalidOperation
                reader.list_reports()
        assert reader.report_summary(demo_id).id == demo_id
        assert reader.revision(3) >= 1
    finally:
        reader.close()
    code, out, err = cli("list")
    assert code == 2 and "chỉ tiêu" in err and f"{demo_id:>4}  " in out
