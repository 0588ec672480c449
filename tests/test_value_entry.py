"""Value bounds and type refusals through the `cchc` command: values that can never be right are refused
(set and import-xlsx: exit 2, nothing written), and values that broke the app no longer do."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from test_cli import Cli

from cchc_desktop.export.xlsx.layout import COL_VALUE, SHEET_I, SHEET_III
from cchc_desktop.services.exchange_xlsx import XlsxExchange
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

PI_29 = "3,1428571428571428571428571428571"


def _stored(db: Path, report_id: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The report's rows as the database holds them: its values, and its row in reports."""
    with sqlite3.connect(db) as con:
        values = con.execute(
            "SELECT code, number, text, note FROM indicator_values WHERE report_id = ? "
            "ORDER BY code",
            (report_id,),
        ).fetchall()
        report = con.execute("SELECT * FROM reports WHERE id = ?", (report_id,)).fetchall()
    return values, report


def _write_as_an_older_version(db: Path, report_id: int, code: str, number: str) -> None:
    """What a version without entry bounds could store: the figure's text, straight in the table."""
    with sqlite3.connect(db) as con:
        con.execute(
            "INSERT OR REPLACE INTO indicator_values (report_id, code, number, text, note) "
            "VALUES (?, ?, ?, NULL, '')",
            (report_id, code, number),
        )


# --- cchc set --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("1.1.2", "-5", "Chỉ tiêu 1.1.2: “-5” là số âm; số đếm phải là số nguyên từ 0 trở lên."),
        ("1.1.2", "1,5", "Chỉ tiêu 1.1.2: “1,5” không phải số nguyên"),
        ("1.5", "7", "Chỉ tiêu 1.5: “7” không phải là mã lựa chọn (Không = 0; Có = 1)"),
        ("1.5", "Co", "không phải là mã lựa chọn"),
        ("3.3.3", "120", "Chỉ tiêu 3.3.3: “120” nằm ngoài khoảng 0-100 của tỷ lệ %."),
        ("3.3.3", "100,01%", "nằm ngoài khoảng 0-100"),
        ("1.1.1", "1 2", "có khoảng trắng giữa các chữ số"),
        ("7.1.5", PI_29, "có quá 15 chữ số"),
        ("1.1.1", "1.000.000.000.000", "quá lớn"),
    ],
)
def test_set_refuses_a_value_its_indicator_can_never_take(
    cli: Cli, demo_id: int, code: str, value: str, message: str
) -> None:
    before = _stored(cli.db, demo_id)
    status, out, err = cli("set", str(demo_id), "1.1.1", "40", code, value)
    assert status == 2, (out, err)
    assert message in err and "Traceback" not in err
    assert err.startswith("Lỗi: Không ghi gì cả vì")
    assert _stored(cli.db, demo_id) == before  # not even the good 1.1.1 pair


def test_consistency_between_fields_stays_a_finding(cli: Cli, demo_id: int) -> None:
    """40 completed of 38 assigned: each figure is a fine count, the pair is a finding."""
    status, _, err = cli("set", str(demo_id), "1.1.2", "40")
    assert status == 0, err
    status, out, _ = cli("validate", str(demo_id))
    assert status == 1 and "1.1.2" in out


# --- a figure stored by an older version -------------------------------------------------------
def test_a_long_stored_figure_shows_exports_and_clears(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    _write_as_an_older_version(cli.db, demo_id, "7.1.5", PI_29.replace(",", "."))
    _write_as_an_older_version(cli.db, demo_id, "3.3.3", "100000000000000000000000000000.5")

    status, out, err = cli("show", str(demo_id))
    assert status == 0, err
    assert PI_29 in out
    assert "100.000.000.000.000.000.000.000.000.000,5%" in out
    assert cli.json("show", str(demo_id), "--json")["values"]["7.1.5"]["value"] > 3  # type: ignore[index]

    status, out, err = cli("validate", str(demo_id))
    assert status == 1 and "Traceback" not in err
    assert "không được lớn hơn 100%" in out  # the bounds rule still flags the stored percentage

    status, _, err = cli("export-docx", str(demo_id), str(tmp_path / "r.docx"), "--draft")
    assert status == 0, err
    cells = [c.text for t in docx.Document(str(tmp_path / "r.docx")).tables for c in t._cells]
    assert PI_29 in cells

    status, _, err = cli("export-xlsx", str(demo_id), str(tmp_path / "r.xlsx"))
    assert status == 0, err

    status, out, err = cli("set", str(demo_id), "7.1.5", "", "3.3.3", "")
    assert status == 0, err
    values, _ = _stored(cli.db, demo_id)
    assert not [v for v in values if v[0] in ("7.1.5", "3.3.3")]


# --- document properties -----------------------------------------------------------------------
def test_a_long_subject_and_unit_export_and_print_whole(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    subject = "Báo cáo kết quả thực hiện công tác cải cách hành chính " * 8  # ~450 characters
    subject = subject.strip() + " hết"
    unit = "Sở Tài chính và Kế hoạch, Đầu tư, Xây dựng, Công Thương " * 5 + "cuối"
    engine = open_engine(cli.db)
    repo = Repository(engine)
    report = repo.load_report(demo_id)
    report.subject = subject
    report.unit.name = unit
    repo.save_report(report)
    engine.dispose()
    assert len(subject) > 255 and len(unit) > 255

    out = tmp_path / "long.docx"
    status, _, err = cli("export-docx", str(demo_id), str(out), "--draft")
    assert status == 0, err
    doc = docx.Document(str(out))
    props = doc.core_properties
    assert len(props.title) <= 255 and props.title.endswith("…")
    assert props.title.startswith("DỰ THẢO - Báo cáo kết quả")
    assert 200 < len(props.author) <= 255 and unit.startswith(props.author[:-1])
    printed = [p.text for p in doc.paragraphs]
    assert subject in printed  # the trích yếu is printed whole
    header = " ".join(c.text for t in doc.tables for c in t._cells)
    assert unit.upper() in " ".join(header.split()) or unit in header


# --- cchc import-xlsx --------------------------------------------------------------------------
def _row(ws: Any, code: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == code:
            return row
    raise KeyError(code)


def _filled(cli: Cli, report_id: int, tmp_path: Path, cells: dict[str, Any]) -> Path:
    """The report's workbook as exported by the CLI, with some Phụ lục III cells typed in."""
    path = tmp_path / "filled.xlsx"
    status, _, err = cli("export-xlsx", str(report_id), str(path))
    assert status == 0, err
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_III]
    for code, value in cells.items():
        ws.cell(_row(ws, code), COL_VALUE).value = value
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("1.1.2", -5, "“-5” là số âm"),
        ("1.1.2", 1.5, "“1,5” không phải số nguyên"),
        ("1.1.2", "1,5", "“1,5” không phải số nguyên"),
        ("1.5", 7, "“7” không phải là mã lựa chọn (Không = 0; Có = 1)"),
        ("1.5", "Co", "không phải là mã lựa chọn"),
        ("3.3.3", 120, "“120” nằm ngoài khoảng 0-100"),
        ("1.1.1", "1 2", "có khoảng trắng giữa các chữ số"),
        ("7.1.5", 1e28, "quá lớn"),
        ("7.1.5", 10**29, "quá lớn"),
        ("7.1.5", PI_29, "có quá 15 chữ số"),
    ],
)
def test_import_refuses_what_entry_refuses(  # noqa: PLR0917
    cli: Cli, demo_id: int, tmp_path: Path, code: str, value: Any, message: str
) -> None:
    path = _filled(cli, demo_id, tmp_path, {"1.1.1": 40, code: value})
    before = _stored(cli.db, demo_id)
    status, out, err = cli("import-xlsx", str(demo_id), str(path))
    assert status == 2, (out, err)
    assert "Traceback" not in err and "chưa nhập số liệu nào" in err
    assert f"{SHEET_III}!D" in err and f"Chỉ tiêu {code}" in err and message in err
    assert _stored(cli.db, demo_id) == before


def test_import_reads_a_float_as_the_15_digits_excel_shows(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    # a percentage pasted as a value from a formula: the file holds 17 digits of binary noise
    path = _filled(cli, demo_id, tmp_path, {"3.3.3": 98.734177215189874})
    status, _, err = cli("import-xlsx", str(demo_id), str(path))
    assert status == 0, err
    values, _ = _stored(cli.db, demo_id)
    assert ("3.3.3", "98.7341772151899") in [(v[0], v[1]) for v in values]


def test_import_keeps_a_stored_value_it_would_refuse_today(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    """An older version stored -5: the file exported from it carries -5 back, untouched."""
    _write_as_an_older_version(cli.db, demo_id, "1.1.2", "-5")
    path = _filled(cli, demo_id, tmp_path, {"1.1.1": 40})
    status, out, err = cli("import-xlsx", str(demo_id), str(path))
    assert status == 0, err
    assert "1.1.1" in out and "1.1.2" not in out
    values = {v[0]: v[1] for v in _stored(cli.db, demo_id)[0]}
    assert (values["1.1.1"], values["1.1.2"]) == ("40", "-5")


def test_import_writes_only_the_changed_values(
    cli: Cli, demo_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the whole report: a figure typed in another window meanwhile is not overwritten."""
    path = _filled(cli, demo_id, tmp_path, {"1.1.2": 20, "2.1": ""})
    engine = open_engine(cli.db)
    repo = Repository(engine)
    exchange = XlsxExchange(repo)
    plan = exchange.preview(demo_id, path)
    assert sorted(plan.changed_values()) == ["1.1.2", "2.1"]
    assert not plan.changed_values()["2.1"].is_reported  # emptying a cell clears the figure
    repo.set_values(demo_id, {"1.1.1": type(plan.changed_values()["1.1.2"])(Decimal(50))})

    def whole_report(*_a: object) -> None:
        raise AssertionError("the import saved the whole report")

    monkeypatch.setattr(repo, "save_report", whole_report)
    exchange.apply(demo_id, plan)
    report = repo.load_report(demo_id)
    engine.dispose()
    assert report.value("1.1.1") == Decimal(50)  # the other writer's figure stays
    assert report.value("1.1.2") == Decimal(20)
    assert "2.1" not in report.values


def test_import_of_phu_luc_i_quantities_is_bounded_too(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    path = _filled(cli, demo_id, tmp_path, {})
    wb = openpyxl.load_workbook(path)
    wb[SHEET_I]["D5"] = -2
    wb.save(path)
    before = _stored(cli.db, demo_id)
    status, _, err = cli("import-xlsx", str(demo_id), str(path))
    assert status == 2
    assert f"{SHEET_I}!D5" in err and "là số âm; số lượng phải là số nguyên từ 0 trở lên" in err
    assert _stored(cli.db, demo_id) == before
    wb[SHEET_I]["D5"] = 12
    wb.save(path)
    status, _, err = cli("import-xlsx", str(demo_id), str(path))
    assert status == 0, err
    engine = open_engine(cli.db)
    assert Repository(engine).load_report(demo_id).propaganda[0].quantity == Decimal(12)
    engine.dispose()
