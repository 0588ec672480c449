"""The receiving office: units' reports sent as JSON files (`export-json` / `import-json`) and the
summary of them (`aggregate --table`), its totals and per-unit table checked cell by cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli_support import Cli
from openpyxl import load_workbook

from cchc_desktop.cli import main

PERIOD = ("--period", "H1", "--year", "2024")
UNITS = {
    "Sở Tài chính": {"1.1.1": "38", "1.1.2": "36", "1.5": "Có", "3.3.3": "90", "7.1.1": "Đảm bảo"},
    "Sở Nội vụ": {"1.1.1": "20", "1.1.2": "20", "1.5": "Không", "3.3.3": "80"},
    "Sở Y tế": {"1.1.1": "1.088", "1.1.2": "", "1.5": "Không", "7.1.1": "Đảm bảo"},
}


def run(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """Each unit makes its report on its own computer and exports it to a file."""
    files: dict[str, Path] = {}
    for k, (unit, values) in enumerate(UNITS.items()):
        db = tmp_path / f"may-{k}.sqlite3"
        code, out, err = run(db, capsys, "new", "--unit", unit, *PERIOD)
        assert code == 0, err
        rid = out.strip()
        pairs = [x for code_value in values.items() for x in code_value]
        assert run(db, capsys, "set", rid, *pairs)[0] == 0
        files[unit] = tmp_path / f"{k}.json"
        code, out, err = run(db, capsys, "export-json", rid, str(files[unit]))
        assert code == 0, err
    return files


def test_export_json_wraps_the_report_with_format_and_catalog(sent: dict[str, Path]) -> None:
    data = json.loads(sent["Sở Tài chính"].read_text(encoding="utf-8"))
    assert data["format"] == "cchc-desktop/report"
    assert data["format_version"] == 1
    assert data["catalog"] == {"id": "phu-luc-iii-ha-tinh", "version": "2024.1"}
    assert data["report"]["values"]["1.1.1"] == {"value": "38", "note": ""}
    assert data["report"]["unit"]["name"] == "Sở Tài chính"
    assert set(data["report"]) >= {"narrative", "footnotes", "propaganda", "remediation", "signer"}


def test_import_then_aggregate_three_units_with_the_table(
    cli: Cli, sent: dict[str, Path], tmp_path: Path
) -> None:
    ids = []
    for unit, path in sent.items():
        code, out, err = cli("import-json", str(path))
        assert code == 0, err
        ids.append(out.strip().splitlines()[-1])
        assert cli.json("show", ids[-1], "--json")["unit"]["name"] == unit  # type: ignore[index]
    # the province expects a fourth unit too
    assert cli("new", "--unit", "UBND tỉnh Hà Tĩnh", *PERIOD)[0] == 0
    assert (
        cli(
            "sub-units",
            "--unit",
            "UBND tỉnh Hà Tĩnh",
            "--add",
            "Sở Tài chính",
            "--add",
            "Sở Nội vụ",
            "--add",
            "Sở Y tế",
            "--add",
            "Sở Xây dựng",
        )[0]
        == 0
    )
    table = tmp_path / "bang.xlsx"
    code, out, err = cli(
        "aggregate", "--unit", "UBND tỉnh Hà Tĩnh", *PERIOD, *ids, "--table", str(table)
    )
    assert code == 0, err
    summary_id = out.strip().splitlines()[-1]
    data = cli.json("show", summary_id, "--json")
    values = data["values"]  # type: ignore[index]
    assert values["1.1.1"]["value"] == 38 + 20 + 1088
    assert values["1.1.2"]["value"] == 36 + 20
    assert values["1.5"]["value"] == 1
    assert values["3.3.3"]["value"] is None and values["3.3.3"]["merge_status"] == "manual"
    assert values["7.1.1"]["value"] == "Đảm bảo"
    assert values["1.1.1"]["sources"] == [
        {"unit": "Sở Tài chính", "value": 38},
        {"unit": "Sở Nội vụ", "value": 20},
        {"unit": "Sở Y tế", "value": 1088},
    ]
    assert data["merge"]["missing"] == ["Sở Xây dựng"]  # type: ignore[index]

    ws = load_workbook(table)["Tổng hợp"]
    assert [c.value for c in ws[3]] == [
        "Mã",
        "Chỉ tiêu thống kê",
        "Đơn vị tính",
        "Sở Tài chính",
        "Sở Nội vụ",
        "Sở Y tế",
        "Tổng hợp",
    ]
    rows = {ws.cell(r, 1).value: [c.value for c in ws[r]] for r in range(4, ws.max_row + 1)}
    assert rows["1.1.1"][2:] == ["Nhiệm vụ", 38, 20, 1088, 1146]
    assert rows["1.1.2"][3:] == [36, 20, None, 56]
    assert rows["1.5"][3:] == ["Có", "Không", "Không", "Có"]
    assert rows["3.3.3"][3:] == [90, 80, None, "cần nhập tay"]
    assert rows["7.1.1"][3:] == ["Đảm bảo", None, "Đảm bảo", "Đảm bảo"]
    assert rows["1"][3:] == [None, None, None, None]  # a group heading
    assert rows["4.2.1"][3:] == [None, None, None, None]
    tail = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(4, ws.max_row + 1)}
    assert tail["Đơn vị chưa gửi báo cáo:"] == "Sở Xây dựng"
    # new reports lack a date and a signer: the checks say so, and the table lists them
    assert tail["Đơn vị có báo cáo còn lỗi:"] == "Sở Tài chính, Sở Nội vụ, Sở Y tế"


def test_reaggregating_one_corrected_unit_replaces_its_share(
    cli: Cli, sent: dict[str, Path]
) -> None:
    ids = [cli("import-json", str(p))[1].strip().splitlines()[-1] for p in sent.values()]
    code, out, _ = cli("aggregate", "--unit", "UBND tỉnh", *PERIOD, *ids)
    summary_id = out.strip().splitlines()[-1]
    assert cli("set", ids[1], "1.1.1", "25")[0] == 0
    code, out, err = cli("aggregate", "--unit", "UBND tỉnh", *PERIOD, ids[1])
    assert code == 0, err
    assert out.strip().splitlines()[-1] == summary_id  # the same summary report, updated
    values = cli.json("show", summary_id, "--json")["values"]  # type: ignore[index]
    assert values["1.1.1"]["value"] == 38 + 25 + 1088
    assert [s["unit"] for s in values["1.1.1"]["sources"]] == [
        "Sở Tài chính",
        "Sở Nội vụ",
        "Sở Y tế",
    ]


def test_aggregate_refuses_mixed_periods_and_the_same_unit_twice(
    cli: Cli, sent: dict[str, Path]
) -> None:
    a = cli("import-json", str(sent["Sở Tài chính"]))[1].strip().splitlines()[-1]
    other = cli("new", "--unit", "Sở Nội vụ", "--period", "Y", "--year", "2024")[1].strip()
    code, _, err = cli("aggregate", "--unit", "UBND tỉnh", *PERIOD, a, other)
    assert code == 2 and "năm 2024" in err and "Traceback" not in err
    code, _, err = cli("aggregate", "--unit", "UBND tỉnh", *PERIOD, a, a)
    assert code == 2 and "hai lần" in err


def test_import_refuses_an_existing_report_unless_replace(cli: Cli, sent: dict[str, Path]) -> None:
    path = sent["Sở Tài chính"]
    first = cli("import-json", str(path))[1].strip().splitlines()[-1]
    code, _, err = cli("import-json", str(path))
    assert code == 2 and "--replace" in err
    code, out, err = cli("import-json", str(path), "--replace")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == first


@pytest.mark.parametrize(
    ("spoil", "needle"),
    [
        (lambda t: t[: len(t) // 2], "bị hỏng"),
        (lambda t: t.replace('"38"', '"39"'), "mã kiểm tra"),
        (lambda t: t.replace('"format_version": 1', '"format_version": 2'), "phiên bản mới hơn"),
        (lambda t: t.replace('"format": "cchc-desktop/report"', '"format": "khac"'), "không phải"),
        (lambda t: "\ufeff" * 0 + "\x00\xff", "bị hỏng"),
        (lambda t: "[]", "không phải tệp báo cáo"),
    ],
)
def test_import_refuses_a_bad_file_clearly(
    cli: Cli,
    sent: dict[str, Path],
    tmp_path: Path,
    spoil,
    needle,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "hong.json"
    bad.write_text(
        spoil(sent["Sở Tài chính"].read_text(encoding="utf-8")),
        encoding="latin-1" if needle == "bị hỏng" and "\xff" in spoil("") else "utf-8",
    )
    code, out, err = cli("import-json", str(bad))
    assert code == 2, out
    assert needle in err and "Traceback" not in err
    assert cli.json("list", "--json") == []


def test_import_refuses_an_unknown_catalog_and_a_bad_value(
    cli: Cli, sent: dict[str, Path], tmp_path: Path
) -> None:
    from cchc_desktop.services.report_exchange import _checksum

    data = json.loads(sent["Sở Tài chính"].read_text(encoding="utf-8"))
    data["catalog"] = data["report"]["catalog"] = {"id": "phu-luc-iii-nghe-an", "version": "2030.1"}
    data["checksum"] = _checksum(data["report"])
    bad = tmp_path / "nghe-an.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli("import-json", str(bad))
    assert code == 2 and "phu-luc-iii-nghe-an" in err and "2030.1" in err

    data = json.loads(sent["Sở Tài chính"].read_text(encoding="utf-8"))
    data["report"]["values"]["1.1.2"] = {"value": "-5", "note": ""}
    data["checksum"] = _checksum(data["report"])
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli("import-json", str(bad))
    assert code == 2 and "1.1.2" in err
    assert cli.json("list", "--json") == []
