"""Damaged files, backups and restore through the `cchc` command, as a user meets them: a damaged
file is exit 2 with a Vietnamese message and is never written; one unreadable value is named and
the other reports stay usable; a missing or 0-byte file is not turned into a new database."""

import json
import sqlite3
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from cchc_desktop.storage.backup import list_backups, make_backup, prune

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import damage_corpus


def _cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def base(tmp_path: Path) -> tuple[Path, list[int]]:
    return damage_corpus.make_base(tmp_path)


def test_a_small_damaged_corpus_gives_no_traceback_and_no_write(tmp_path: Path) -> None:
    tally = damage_corpus.run(24, seed=5, folder=tmp_path)
    assert tally.files == 24
    assert tally.tracebacks == 0, tally.examples
    assert tally.english == 0, tally.examples
    assert tally.exit_one == 0
    assert tally.writes_to_failed == 0, tally.examples
    assert tally.failed_integrity > 0 and tally.refused > 0  # the corpus does damage files


def test_one_bad_stored_value_is_named_and_the_other_report_stays_usable(
    base: tuple[Path, list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, (first, second) = base
    con = sqlite3.connect(path)
    con.execute(
        "UPDATE indicator_values SET number = '3x8' WHERE report_id = ? AND code = '1.1.1'",
        (first,),
    )
    con.commit()
    con.close()
    code, out, err = _cli(capsys, path, "show", str(first))
    assert code == 2 and not out
    assert f"báo cáo số hiệu {first}" in err and "chỉ tiêu 1.1.1" in err and "3x8" in err
    assert "Traceback" not in err and "InvalidOperation" not in err
    code, out, err = _cli(capsys, path, "show", str(second), "--json")
    assert code == 0 and json.loads(out)["values"]["1.1.1"]["value"] == 41
    code, out, err = _cli(capsys, path, "list")
    assert code == 2  # damaged is exit 2, never 1
    assert f"{second:>4}" in out and f"{first:>4}  " not in out
    assert "chỉ tiêu 1.1.1" in err
    code, _out, _err = _cli(capsys, path, "set", str(second), "1.1.3", "9")
    assert code == 0  # the readable report can still be edited
    code, _out, err = _cli(capsys, path, "check")
    assert code == 2 and "chỉ tiêu 1.1.1" in err


def test_a_structurally_damaged_file_is_refused_and_never_written(
    base: tuple[Path, list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, (first, _second) = base
    make_backup(path, "hang-ngay")
    data = bytearray(path.read_bytes())
    for page in range(2, len(data) // 4096):  # every b-tree page header after the first
        data[page * 4096] = 0x55
    path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    for args in (["list"], ["show", str(first)], ["set", str(first), "1.1.1", "5"], ["check"]):
        code, out, err = _cli(capsys, path, *args)
        assert code == 2, args
        assert "bị hỏng" in err and "Traceback" not in err and "malformed" not in err
    assert path.read_bytes() == damaged
    assert "cchc restore moi-nhat" in err  # `check` names the newest good backup
    code, out, err = _cli(capsys, path, "restore", "moi-nhat")
    assert code == 0, err
    [aside] = path.parent.glob("base.hong-*.sqlite3")
    assert aside.read_bytes() == damaged  # kept aside, untouched
    assert "Tệp hỏng được giữ nguyên" in out
    code, out, _err = _cli(capsys, path, "list", "--json")
    assert code == 0 and out.count('"id"') == 2


def test_missing_and_empty_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typo = tmp_path / "typo" / "x.sqlite3"
    for args in (["list"], ["show", "1"], ["check"], ["backup"]):
        code, out, err = _cli(capsys, typo, *args)
        assert code == 2 and "Không có tệp cơ sở dữ liệu" in err and not out, args
    assert not typo.parent.exists()  # no folders, no empty database
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    for args in (["list"], ["new", "--unit", "X", "--period", "Y", "--year", "2024"]):
        code, _out, err = _cli(capsys, empty, *args)
        assert code == 2 and "0 byte" in err
    assert empty.read_bytes() == b""
    code, out, _err = _cli(capsys, typo, "demo")  # new and demo create it
    assert code == 0 and typo.exists()


def test_backup_restore_and_the_daily_copy(
    base: tuple[Path, list[int]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, (first, second) = base
    code, out, _err = _cli(capsys, path, "list")  # the day's first open makes the daily copy
    assert code == 0
    assert [b.reason for b in list_backups(path)] == ["hang-ngay"]
    _cli(capsys, path, "list")
    assert len(list_backups(path)) == 1  # once a day
    code, out, _err = _cli(capsys, path, "backup")
    made = Path(out.strip())
    assert code == 0 and made.parent == path.parent / "backups" and made.is_file()
    code, out, _err = _cli(capsys, path, "backup", "--to", str(path.parent / "usb" / "copy"))
    assert code == 0 and Path(out.strip()) == path.parent / "usb" / "copy.sqlite3"
    _cli(capsys, path, "delete", str(second))
    _cli(capsys, path, "set", str(first), "1.1.1", "99")
    code, out, err = _cli(capsys, path, "restore", str(made))
    assert code == 0, err
    assert "Dữ liệu trước khi khôi phục được sao lưu" in out
    code, out, _err = _cli(capsys, path, "show", str(first), "--json")
    assert code == 0 and '"1.1.1"' in out
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    repo = Repository(open_engine(path, create=False))
    assert repo.load_report(first).value("1.1.1") == Decimal(38)
    assert len(repo.list_reports()) == 2
    repo.engine.dispose()
    # the copy taken before the restore holds the state that was replaced
    [safety] = [b for b in list_backups(path) if b.reason == "truoc-khoi-phuc"]
    assert safety.reports == 1
    code, out, _err = _cli(capsys, path, "backups")
    assert code == 0 and str(safety.path) in out
    # a backup that is not one is refused before anything is replaced
    junk = path.parent / "junk.sqlite3"
    junk.write_bytes(b"not a database")
    before = path.read_bytes()
    code, _out, err = _cli(capsys, path, "restore", str(junk))
    assert code == 2 and "không phải" in err
    assert path.read_bytes() == before
    monkeypatch.setenv("CCHC_BACKUP_KEEP", "2")
    for _ in range(3):
        make_backup(path, "thu-cong")
    prune(path)
    assert len(list_backups(path)) == 2


def test_a_read_only_folder_still_reads_and_says_why_it_cannot_write(
    base: tuple[Path, list[int]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As SQLite meets a folder it may not write (no -wal/-shm can be made); root ignores the
    permission bits, so the check is made to say so."""
    import os

    from cchc_desktop.storage import health

    path, (first, _second) = base
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        health.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    code, out, err = _cli(capsys, path, "show", str(first), "--json")
    assert code == 0 and json.loads(out)["values"]["1.1.1"]["value"] == 38
    code, out, err = _cli(capsys, path, "set", str(first), "1.1.1", "5")
    assert code == 2 and "chỉ cho phép đọc" in err and "readonly" not in err
    assert path.read_bytes() == before
    assert not (path.parent / "backups").exists()  # nothing written beside it either


def test_a_figure_that_no_longer_matches_its_mirror_is_named_not_shown(
    base: tuple[Path, list[int]], capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged byte can turn 38 into 39, still a valid figure; the mirror written beside it by
    migration 0003's triggers no longer agrees, so the figure is refused, named."""
    path, (first, second) = base
    con = sqlite3.connect(path)
    # what a flipped byte in the figure does: the value changes, the mirror beside it does not
    con.execute(
        "UPDATE indicator_values SET mirror = replace(mirror, '''38''', '''39''')"
        " WHERE report_id = ? AND code = '1.1.1'",
        (first,),
    )
    con.execute(
        "UPDATE propaganda_rows SET quantity = '17' WHERE report_id = ? AND position = 0", (second,)
    )  # a writer that changes a figure the ordinary way keeps its mirror true (the trigger)
    con.commit()
    con.close()
    code, out, err = _cli(capsys, path, "show", str(first), "--json")
    assert code == 2 and not out
    assert "chỉ tiêu 1.1.1" in err and "không khớp" in err
    code, out, _err = _cli(capsys, path, "show", str(second), "--json")
    assert code == 0 and json.loads(out)["propaganda"][0]["quantity"] == 17
    code, _out, err = _cli(capsys, path, "check")
    assert code == 2 and "chỉ tiêu 1.1.1" in err


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        # one part's paragraphs cut short
        (
            "UPDATE narrative_parts SET paragraphs = substr(paragraphs, 1, 20)"
            " WHERE report_id = {rid} AND position = 3",
            "phần nội dung: giá trị lưu",
        ),
        # a section's row gone, or one that skips a level of the outline
        ("DELETE FROM narrative_parts WHERE report_id = {rid} AND position = 3", "thứ tự"),
        ("UPDATE narrative_parts SET depth = 4 WHERE report_id = {rid} AND position = 3", "thứ tự"),
        ("DELETE FROM narrative_parts WHERE report_id = {rid} AND kind = 'closing'", "thứ tự"),
    ],
)
def test_damaged_narrative_parts_are_named_and_the_other_report_stays_usable(
    base: tuple[Path, list[int]], capsys: pytest.CaptureFixture[str], damage: str, named: str
) -> None:
    path, (first, second) = base
    con = sqlite3.connect(path)
    con.execute(damage.format(rid=first))
    con.commit()
    con.close()
    code, out, err = _cli(capsys, path, "show", str(first))
    assert code == 2 and not out
    assert f"báo cáo số hiệu {first}" in err and "phần nội dung" in err
    assert "Traceback" not in err and "ValueError" not in err
    code, out, _err = _cli(capsys, path, "show", str(second), "--json")
    assert code == 0 and json.loads(out)["narrative"]["sections"]
    code, _out, err = _cli(capsys, path, "check")
    assert code == 2 and f"báo cáo số hiệu {first}" in err and named in err
    assert f"báo cáo số hiệu {second}" not in err
