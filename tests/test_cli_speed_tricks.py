"""The command line's speed tricks change nothing the user sees: the parser built for one command
parses as the whole one and leaves help and errors to it, word for word; the list's counts are
those of the loaded report with an optional block on and off; babel's symbols read from the user
cache are babel's, and another babel is asked again; the day's backup is recognised by its name."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _cli_support import Cli

from cchc_desktop.cli import build_parser, main, parse_arguments
from cchc_desktop.domain import vn
from cchc_desktop.storage import locale_cache
from cchc_desktop.storage.backup import DAILY, daily_backup, list_backups


def _commands() -> dict[str, Any]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return dict(sub.choices)


def _valid_argv(name: str, parser: Any) -> list[str]:
    """The command with a value for each positional and required option."""
    argv = [name]
    for action in parser._actions:
        if action.option_strings and not action.required:
            continue
        value = str(action.choices[0]) if action.choices else "7"
        if action.option_strings:
            argv.append(action.option_strings[0])
        if action.nargs in ("*", "+"):
            argv += [value, value] if name != "set" else ["1.1.1", "3"]
        elif action.nargs != 0:
            argv.append(value)
    return argv


def test_the_one_command_parser_parses_every_command_as_the_whole_one() -> None:
    commands = _commands()
    assert len(commands) >= 35
    for name, parser in commands.items():
        argv = ["--db", "x.sqlite3", *_valid_argv(name, parser)]
        whole = build_parser().parse_args(argv)
        assert vars(parse_arguments(argv)) == vars(whole), argv
        # with the command's own options too: --json where it has one
        if any("--json" in a.option_strings for a in parser._actions):
            argv.append("--json")
            assert vars(parse_arguments(argv)) == vars(build_parser().parse_args(argv)), argv


def _run(parse: Any, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            parse(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["-h"],
        ["list", "--help"],
        ["show", "-h"],
        ["export-docx", "--help"],
        ["bogus"],
        ["lisst"],
        ["show"],
        ["show", "x"],
        ["show", "0"],
        ["list", "--bogus"],
        ["new", "--unit", "A", "--period", "H2", "--year", "2024"],
        ["--db"],
        ["--db", "list"],
        ["--db", "list", "show"],
        ["header", "1", "--date", "2024-01-01", "--no-date"],
        ["--", "list"],
    ],
)
def test_help_usage_and_errors_are_the_whole_parsers_word_for_word(argv: list[str]) -> None:
    whole = _run(lambda a: build_parser().parse_args(a), argv)
    assert whole[0] == 2 or (whole[0] == 0 and whole[1]), "each case prints help or fails"
    assert _run(parse_arguments, argv) == whole
    # and through main(), as the user meets them: the same texts and exit code
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert (code, out.getvalue(), err.getvalue()) == whole


def test_the_db_option_before_the_command_is_parsed_as_before(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    for argv in (["--db", db, "list"], [f"--db={db}", "list", "--json"], ["--d", db, "list"]):
        assert vars(parse_arguments(argv)) == vars(build_parser().parse_args(argv))


def _form_counts(cli: Cli, rid: int) -> tuple[tuple[int, int], tuple[int, int], str]:
    [row] = [r for r in cli.json("list", "--json") if r["id"] == rid]  # type: ignore[union-attr]
    shown = cli.json("show", str(rid), "--json")
    assert isinstance(shown, dict)
    code, text, _ = cli("list")
    assert code == 0
    [line] = [x for x in text.splitlines() if x.split()[0] == str(rid)]
    return (row["filled"], row["total"]), (shown["filled"], shown["total"]), line


def test_list_counts_follow_the_optional_block_and_agree_with_show(cli: Cli, demo_id: int) -> None:
    rid = demo_id
    listed, shown, line = _form_counts(cli, rid)
    assert listed == shown == (80, 105) and " - 80/105 chỉ tiêu - " in line
    # figures in the optional block 3.5 switch it on: its 11 rows count, 2 of them filled
    code, _, _ = cli("set", str(rid), "3.5.1", "4", "3.5.2", "6")
    assert code == 0
    listed, shown, line = _form_counts(cli, rid)
    assert listed == shown == (82, 116) and " - 82/116 chỉ tiêu - " in line
    # switched off, its figures are kept but no longer counted
    code, _, err = cli("groups", str(rid), "--off", "hs")
    assert code == 0, err
    listed, shown, line = _form_counts(cli, rid)
    assert listed == shown == (80, 105)
    # a note alone is no figure; a cleared figure no longer counts
    code, _, _ = cli("set", str(rid), "1.1.1", "")
    assert code == 0
    listed, shown, _ = _form_counts(cli, rid)
    assert listed == shown == (79, 105)
    [row] = cli.json("list", "--json")  # type: ignore[misc]
    assert row["values_filled"] == 81  # every filled figure, the switched-off block's too


def test_a_value_outside_the_form_is_not_counted(cli: Cli, demo_id: int) -> None:
    # only a damaged or hand-edited file holds one; the count is the form's rows, as show's
    con = sqlite3.connect(cli.db)
    with con:
        con.execute(
            "INSERT INTO indicator_values (report_id, code, number, text, note)"
            " VALUES (?, '99.9', '5', NULL, '')",
            (demo_id,),
        )
    con.close()
    listed, shown, _ = _form_counts(cli, demo_id)
    assert listed == shown == (80, 105)


@pytest.fixture
def babel_record(tmp_path: Path) -> Any:
    record = locale_cache.BabelRecord(tmp_path / "babel.json")
    vn.keep_number_symbols(record)
    yield record
    vn.keep_number_symbols(None)


def test_babels_symbols_are_kept_and_read_back(babel_record: Any, tmp_path: Path) -> None:
    assert vn.number_symbols() == vn.babel_number_symbols()
    kept = json.loads((tmp_path / "babel.json").read_text(encoding="utf-8"))
    assert kept["symbols"] == list(vn.babel_number_symbols()) and kept["key"]
    # read back: what the record holds is what the next command uses (here made visible)
    kept["symbols"] = ["#", "~", "_", 2, 4]
    (tmp_path / "babel.json").write_text(json.dumps(kept), encoding="utf-8")
    vn.keep_number_symbols(babel_record)
    assert vn.format_number(-1234567) == "_1~2345~67"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        '{"key": "another babel", "symbols": ["#", "~", "_", 2, 4]}',
        '{"key": null, "symbols": ["#", "~", "_", 2, 4]}',
        "[1, 2]",
    ],
)
def test_another_babel_or_a_broken_record_asks_babel_again(
    babel_record: Any, tmp_path: Path, text: str
) -> None:
    (tmp_path / "babel.json").write_text(text, encoding="utf-8")
    vn.keep_number_symbols(babel_record)
    assert vn.format_number(1088) == "1.088" and vn.format_number(Decimal("-98.73")) == "-98,73"
    kept = json.loads((tmp_path / "babel.json").read_text(encoding="utf-8"))
    assert kept["symbols"] == list(vn.babel_number_symbols())  # written anew


def test_a_record_with_wrong_values_under_the_right_key_is_not_used(
    babel_record: Any, tmp_path: Path
) -> None:
    vn.number_symbols()  # written with the right key
    kept = json.loads((tmp_path / "babel.json").read_text(encoding="utf-8"))
    kept["symbols"] = ["", ".", "-", 0, 3]
    (tmp_path / "babel.json").write_text(json.dumps(kept), encoding="utf-8")
    vn.keep_number_symbols(babel_record)
    assert vn.format_number(1088) == "1.088"


def test_the_record_key_follows_babels_files(monkeypatch: pytest.MonkeyPatch) -> None:
    key = locale_cache._babel_key()
    assert key is not None and "vi.dat" in key
    real_stamp = locale_cache._stamp
    monkeypatch.setattr(
        locale_cache,
        "_stamp",
        lambda path, required: real_stamp(path, required=required) + "x",
    )
    assert locale_cache._babel_key() != key


def test_the_days_backup_is_recognised_by_its_name(tmp_path: Path, cli: Cli, demo_id: int) -> None:
    folder = cli.db.parent / "backups"
    for made in list_backups(cli.db):
        made.path.unlink()
    today = dt.datetime.now()
    yesterday = today - dt.timedelta(days=1)
    folder.mkdir(exist_ok=True)
    stem, suffix = cli.db.stem, cli.db.suffix
    # not today's daily copy: yesterday's, a manual one, another database's, a bad time
    for name in (
        f"{stem}-{yesterday:%Y%m%d-%H%M%S}-{DAILY}",
        f"{stem}-{today:%Y%m%d-%H%M%S}-thu-cong",
        f"other-{today:%Y%m%d-%H%M%S}-{DAILY}",
        f"{stem}-{today:%Y%m%d}-256199-{DAILY}",
    ):
        (folder / f"{name}{suffix}").write_bytes(b"")
    made = daily_backup(cli.db)
    assert made is not None and made.name.endswith(f"-{DAILY}{suffix}")
    assert daily_backup(cli.db) is None  # once a day


def test_a_file_damaged_after_its_check_was_recorded_is_still_refused(
    cli: Cli, demo_id: int
) -> None:
    from cchc_desktop.storage import quick

    code, _, _ = cli("list")  # the file is checked and found sound: the check is recorded
    assert code == 0 and quick._checked(cli.db) == quick._file_stamp(cli.db)
    code, _, _ = cli("show", str(demo_id))  # unchanged: served without checking again
    assert code == 0
    data = bytearray(cli.db.read_bytes())
    for page in range(2, len(data) // 4096):  # damaged in place: same size, a new mtime
        data[page * 4096] = 0x55
    cli.db.write_bytes(bytes(data))
    for args in (["list"], ["show", str(demo_id)], ["validate", str(demo_id)]):
        code, _out, err = cli(*args)
        assert code == 2, args
        assert "bị hỏng" in err and "Traceback" not in err


def test_commands_name_what_each_module_registers() -> None:
    from cchc_desktop import cli

    class Recorder:
        def __init__(self) -> None:
            self.names: list[str] = []

        def add_parser(self, name: str, **_kwargs: Any) -> Any:
            self.names.append(name)
            return cli._IGNORED

    listed: list[str] = []
    for name, module in zip(cli.COMMANDS, cli.command_modules(), strict=True):
        recorder = Recorder()
        module.register(recorder)
        assert tuple(recorder.names) == cli.COMMANDS[name], name
        listed += recorder.names
    assert list(_commands()) == listed  # `cchc --help` lists them in this order
