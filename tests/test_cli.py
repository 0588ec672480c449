"""The `cchc` command line: every command, its output and its error cases (exit 2, nothing written)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _cli_support import Cli

from cchc_desktop.cli import main


def test_demo_gives_the_seed_figures(cli: Cli, demo_id: int) -> None:
    data = cli.json("show", str(demo_id), "--json")
    values = data["values"]
    expected = {
        "1.1.1": 38,
        "1.1.2": 19,
        "1.3.1": 273,
        "1.3.2": 224,
        "3.1.3": 6,
        "3.1.3.1": 5,
        "4.2.1": 63,
        "4.2.2": 59,
        "4.3.1": 25,
        "4.3.2": 23,
        "3.3.3": 100,
    }
    for code, value in expected.items():
        assert values[code]["value"] == value, code
        assert isinstance(values[code]["value"], int)
    assert values["1.1.1"]["note"] == "38 nhiệm vụ trọng tâm"
    assert values["4.1.1"]["value"] is None  # printed empty: not reported, not 0
    assert data["unit"] == {
        "name": "Sở Tài chính",
        "parent_authority": "UBND TỈNH HÀ TĨNH",
        "abbreviation": "STC",
        "place": "Hà Tĩnh",
    }
    assert data["period"]["kind"] == "H1" and data["period"]["year"] == 2024
    assert data["signer"]["name"] == "Phạm Chí Hiếu"
    assert data["recipients"][-1] == "Lưu: VT, VP."
    assert len(data["footnotes"]) == 4
    assert len(data["propaganda"]) == 7
    assert len(data["remediation"]) == 7
    assert data["catalog"]["id"] == "phu-luc-iii-ha-tinh"


def test_demo_twice_keeps_the_existing_report(cli: Cli, demo_id: int) -> None:
    code, out, err = cli("demo")
    assert code == 0 and int(out) == demo_id
    assert "đã có sẵn" in err


def test_new_list_show_delete(cli: Cli) -> None:
    code, out, _ = cli(
        "new",
        "--unit",
        "Sở Nội vụ",
        "--period",
        "Q1",
        "--year",
        "2025",
        "--abbreviation",
        "SNV",
        "--place",
        "Hà Tĩnh",
    )
    assert code == 0
    rid = int(out)
    listed = cli.json("list", "--json")
    assert [(r["id"], r["unit"], r["period"], r["year"], r["status"]) for r in listed] == [
        (rid, "Sở Nội vụ", "Q1", 2025, "draft")
    ]
    data = cli.json("show", str(rid), "--json")
    assert data["subject"] == "Cải cách hành chính quý I năm 2025"
    assert data["symbol"] == "BC-SNV"
    assert data["recipients"][-1].startswith("Lưu:")
    assert len(data["propaganda"]) == 7  # the default Phụ lục I rows come from the template
    assert data["narrative"]["sections"]  # the default outline
    assert all(v["value"] is None for v in data["values"].values())
    code, out, _ = cli("show", str(rid))
    assert code == 0 and "Sở Nội vụ - quý I năm 2025" in out
    code, _, _ = cli("delete", str(rid))
    assert code == 0
    assert cli.json("list", "--json") == []


def test_new_same_unit_and_period_twice_is_a_user_error(cli: Cli) -> None:
    assert cli("new", "--unit", "Sở Y tế", "--period", "Y", "--year", "2024")[0] == 0
    code, _, err = cli("new", "--unit", "Sở Y tế", "--period", "Y", "--year", "2024")
    assert code == 2 and err.startswith("Lỗi: Đã có báo cáo năm 2024 của Sở Y tế")


def test_set_vietnamese_notation_and_clear(cli: Cli, demo_id: int) -> None:
    code, out, _ = cli(
        "set", str(demo_id), "1.1.1", "1.088", "3.3.3", "98,73%", "1.5", "Có", "1.1.3", ""
    )
    assert code == 0, out
    assert "1.1.1 = 1.088" in out and "3.3.3 = 98,73%" in out
    values = cli.json("show", str(demo_id), "--json")["values"]
    assert values["1.1.1"]["value"] == 1088
    assert values["3.3.3"]["value"] == 98.73
    assert values["1.5"]["value"] == 1
    assert values["1.1.3"]["value"] is None
    assert values["1.1.1"]["note"] == "38 nhiệm vụ trọng tâm"  # the note is kept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1.1.1", "40", "9.9.9", "1"], "không có chỉ tiêu mã “9.9.9”"),
        (["1.1.1", "40", "1.1.2", "abc"], "“abc” không phải là số hợp lệ"),
        # values the indicator's own type can never take are refused at entry
        (["1.1.1", "40", "1.5", "7"], "“7” không phải là mã lựa chọn (Không = 0; Có = 1)"),
        (["1.1.1", "40", "1.1.2", "-5"], "Chỉ tiêu 1.1.2: “-5” là số âm"),
        (["1.1.1", "40", "1.1.2", "1,5"], "“1,5” không phải số nguyên"),
        (["1.1.1", "40", "3.3.3", "120"], "“120” nằm ngoài khoảng 0-100"),
        (["1.1.1", "40", "3.3.3", "-1"], "“-1” là số âm"),
        (["1.1.1", "40", "7.1.5", "-2"], "“-2” là số âm"),
        (["1.1.1", "40", "1.1.2", "1 2"], "có khoảng trắng giữa các chữ số"),
        (["1.1.1", "40", "7.1.5", "3,1428571428571428571428571428571"], "quá 15 chữ số"),
        (["1.1.1", "40", "1.1.2", "1.000.000.000.000"], "quá lớn"),
        (["1.1.1", "40", "1.1"], "Cần các cặp MÃ GIÁ_TRỊ"),
        (["1.1.1", "40", "1.1.2", "5%"], "không phải là tỷ lệ"),
        (["1.1.1", "40", "1.1", "5"], "dòng tiêu đề nhóm"),
    ],
)
def test_bad_set_changes_nothing(
    cli: Cli, demo_id: int, args: list[str], message: str | None
) -> None:
    before = cli.json("show", str(demo_id), "--json")["values"]
    code, _, err = cli("set", str(demo_id), *args)
    if message is None:
        assert code == 0
        return
    assert code == 2
    assert message in err
    assert err.startswith("Lỗi: ") and "Traceback" not in err
    assert cli.json("show", str(demo_id), "--json")["values"] == before


def test_unknown_report_and_bad_arguments(cli: Cli) -> None:
    for args in (["show", "999"], ["list"], ["set", "999", "1.1.1", "1"]):
        code, out, err = cli(*args)  # a mistyped --db: the file does not exist, nothing created
        assert code == 2 and "Không có tệp cơ sở dữ liệu" in err and not out
        assert not cli.db.exists()
    assert cli("new", "--unit", "Sở Y tế", "--period", "Y", "--year", "2024")[0] == 0
    for args in (["show", "999"], ["delete", "999"], ["set", "999", "1.1.1", "1"]):
        code, _, err = cli(*args)
        assert code == 2 and "Không có báo cáo số hiệu 999" in err
    code, _, err = cli("show", "abc")
    assert code == 2 and "không phải là số hiệu báo cáo" in err
    code, _, err = cli("new", "--unit", "X", "--period", "H2", "--year", "2024")
    assert code == 2 and "Lỗi: tham số không hợp lệ" in err
    code, _, err = cli("new", "--unit", "X", "--period", "H1", "--year", "1800")
    assert code == 2 and "Năm báo cáo 1800 không hợp lệ" in err


def test_catalog_json_keys(cli: Cli) -> None:
    data = cli.json("catalog", "--json")
    rows = {r["code"]: r for r in data["indicators"]}
    for r in rows.values():
        assert {
            "code",
            "printed_code",
            "label",
            "unit",
            "kind",
            "choices",
            "parent",
            "cumulative",
        } <= set(r)
    assert rows["1.2.1"]["printed_code"] == "1.1.1."
    assert rows["1.5"]["choices"] == [{"code": 0, "label": "Không"}, {"code": 1, "label": "Có"}]
    assert rows["6.1"]["cumulative"] is True
    assert rows["3.1.3.1"]["parent"] == "3.1.3"
    code, out, _ = cli("catalog")
    assert code == 0 and "Số nhiệm vụ đề ra trong kế hoạch" in out


def test_db_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("hello")
    code = main(["--db", str(bad), "list"])
    err = capsys.readouterr().err
    assert code == 2 and "không phải là cơ sở dữ liệu" in err
    assert bad.read_text() == "hello"


def test_installed_entry_point_and_env_var(tmp_path: Path) -> None:
    env_db = tmp_path / "env.sqlite3"
    exe = Path(sys.executable).with_name("cchc")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cchc_desktop.cli"]
    import os

    env = {**os.environ, "CCHC_DB": str(env_db)}
    done = subprocess.run(
        [*cmd, "demo"], capture_output=True, text=True, env=env, check=False, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr
    assert env_db.exists()
    shown = subprocess.run(
        [*cmd, "show", done.stdout.strip(), "--json"], capture_output=True, env=env, check=False
    )
    assert json.loads(shown.stdout.decode("utf-8"))["values"]["1.3.2"]["value"] == 224


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["new", "--unit", "X", "--period", "H3", "--year", "2024"], "lựa chọn không hợp lệ"),
        (["show"], "thiếu tham số bắt buộc: id"),
        (["list", "--bogus"], "tham số không nhận ra: --bogus"),
    ],
)
def test_argument_errors_are_in_vietnamese(cli: Cli, args: list[str], phrase: str) -> None:
    code, _, err = cli(*args)
    assert code == 2 and phrase in err
    assert "Cách dùng: cchc" in err
    for english in ("usage:", "argument", "required", "invalid choice", "unrecognized"):
        assert english not in err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`cchc catalog --json | head -c 0`: the pipe closes under the writer; it stops quietly."""
    exe = Path(sys.executable).with_name("cchc")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cchc_desktop.cli"]
    proc = subprocess.Popen(
        [*cmd, "--db", str(tmp_path / "pipe.sqlite3"), "catalog", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    # closed before the command (still importing) writes anything: its first write finds no reader
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_the_desktop_app_parses_its_options_the_same_vietnamese_way(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cchc_desktop.gui.app import build_parser

    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--bogus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Cách dùng: cchc-desktop" in err and "tham số không nhận ra: --bogus" in err


@pytest.mark.parametrize("command", ["export-docx", "export-xlsx"])
def test_a_folder_as_the_output_is_a_user_error(
    cli: Cli, demo_id: int, tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for target in (".", str(tmp_path)):
        code, _, err = cli(command, str(demo_id), target)
        assert code == 2 and "là một thư mục" in err and "Traceback" not in err
    suffix = ".docx" if command == "export-docx" else ".xlsx"
    assert not tmp_path.with_name(tmp_path.name + suffix).exists()  # not written beside it
    code, _, _ = cli(command, str(demo_id), "bao-cao")
    assert code in (0, 1) and (tmp_path / f"bao-cao{suffix}").is_file()
