"""Every unit, every form, every year, from the command line: `cchc catalogs`, `catalog-add`,
`new --catalog ID@VER | none`, a report without Phụ lục III through validate and Word, and a 2025
form that renumbered 2024's rows, compared with last year through the mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _catalog_support import CATALOG_ID, form_2024, form_2025, rules_2025
from _cli_support import Cli
from docx import Document

SHIPPED = "phu-luc-iii-ha-tinh@2024.1"


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for r in t.rows:
            parts += [c.text for c in r.cells]
    return "\n".join(parts)


def _findings(cli: Cli, rid: str) -> Any:
    """`cchc validate --json` (exit 0 or 1: a new report's header has findings of its own)."""
    code, out, err = cli("validate", rid, "--json")
    assert code in (0, 1), err
    return json.loads(out)


def _write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def forms(cli: Cli, tmp_path: Path) -> None:
    """Both versions of the province form added the way a user adds them."""
    assert cli("catalog-add", _write(tmp_path, "2024.json", form_2024()))[0] == 0
    code, out, err = cli(
        "catalog-add",
        _write(tmp_path, "2025.json", form_2025()),
        "--rules",
        _write(tmp_path, "2025-rules.json", rules_2025()),
    )
    assert code == 0, err
    assert out.strip() == f"{CATALOG_ID}@2025.1"


def test_a_report_without_phu_luc_iii(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli(
        "new", "--unit", "Ban Dân tộc", "--period", "H1", "--year", "2024", "--catalog", "none"
    )
    assert code == 0, err
    rid = out.strip()
    shown: Any = cli.json("show", rid, "--json")
    assert shown["catalog"] == {"id": "", "version": ""} and shown["values"] == {}
    code, _, err = cli("set", rid, "1.1.1", "5")
    assert code == 2 and "không có chỉ tiêu" in err
    code, out, _ = cli("validate", rid, "--json")
    findings = json.loads(out)
    assert findings and not any(f["codes"] for f in findings)  # no indicator checked
    out_docx = tmp_path / "khong-phu-luc-3.docx"
    code, _, err = cli("export-docx", rid, str(out_docx), "--draft")
    assert code == 0, err
    text = _docx_text(out_docx)
    # no Phụ lục III, and the template's Phụ lục I rows with nothing entered print no appendix
    assert "PHỤ LỤC" not in text
    assert "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ" not in text
    code, _, err = cli("export-xlsx", rid, str(tmp_path / "x.xlsx"))
    assert code == 2 and "không có Phụ lục III" in err
    # the unit's next report keeps to no appendix by default
    code, out, _ = cli("new", "--unit", "Ban Dân tộc", "--period", "Y", "--year", "2024")
    assert cli.json("show", out.strip(), "--json")["catalog"]["id"] == ""  # type: ignore[index]


def test_catalogs_lists_shipped_and_stored(cli: Cli, forms: None) -> None:
    listed: Any = cli.json("catalogs", "--json")
    by_key = {f"{c['id']}@{c['version']}": c for c in listed}
    assert set(by_key) == {SHIPPED, f"{CATALOG_ID}@2024.1", f"{CATALOG_ID}@2025.1"}
    assert by_key[SHIPPED]["shipped"] is True and by_key[SHIPPED]["province"] == "Hà Tĩnh"
    mine = by_key[f"{CATALOG_ID}@2025.1"]
    assert (mine["shipped"], mine["province"], mine["year"], mine["in_use"]) == (
        False,
        "Quảng Trị",
        2025,
        0,
    )
    code, out, _ = cli("catalogs")
    assert (
        code == 0
        and "Mẫu" not in out
        and f"{CATALOG_ID}@2024.1" in out
        and "người dùng thêm" in out
    )


def test_bad_catalog_input_is_a_user_error(cli: Cli, forms: None, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    for args, said in (
        (("catalog-add", str(junk)), "không phải JSON"),
        (("catalog-add", str(tmp_path / "missing.json")), "Không đọc được"),
        (("catalog-add", _write(tmp_path, "again.json", form_2024())), "Đã có danh mục"),
        (("catalog-add", _write(tmp_path, "list.json", [1, 2])), "đối tượng JSON"),
        (
            ("new", "--unit", "A", "--period", "Y", "--year", "2024", "--catalog", "khong-co"),
            "Không có danh mục",
        ),
        (
            (
                "new",
                "--unit",
                "A",
                "--period",
                "Y",
                "--year",
                "2024",
                "--catalog",
                f"{CATALOG_ID}@",
            ),
            "MÃ@PHIÊN_BẢN",
        ),
        (
            (
                "new",
                "--unit",
                "A",
                "--period",
                "Y",
                "--year",
                "2024",
                "--catalog",
                f"{CATALOG_ID}@9",
            ),
            "phiên bản 9",
        ),
        (("catalog-remove", SHIPPED), "có sẵn"),
        (
            (
                "catalog-match",
                f"{CATALOG_ID}@2025.1",
                "--from",
                f"{CATALOG_ID}@2024.1",
                "--set",
                "9.9=1.1",
            ),
            "9.9",
        ),
    ):
        code, out, err = cli(*args)
        assert code == 2, (args, out, err)
        assert said in err and "Traceback" not in err, (args, err)
    listed: Any = cli.json("catalogs", "--json")
    assert len(listed) == 3  # nothing half-added


def test_a_report_on_an_added_form_is_set_validated_and_exported(
    cli: Cli, forms: None, tmp_path: Path
) -> None:
    code, out, err = cli(
        "new",
        "--unit",
        "Sở Nội vụ",
        "--period",
        "H1",
        "--year",
        "2025",
        "--catalog",
        f"{CATALOG_ID}@2025.1",
    )
    assert code == 0, err
    rid = out.strip()
    shown: Any = cli.json("show", rid, "--json")
    assert shown["catalog"] == {"id": CATALOG_ID, "version": "2025.1"}
    assert list(shown["values"]) == [
        "1.1",
        "1.1.1",
        "1.1.2",
        "1.2",
        "1.3",
        "1.3.1",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
    ]
    # bad figures: the parts of a "Tổng số" row do not add up, a "Trong đó" row above its parent
    assert (
        cli(
            "set",
            rid,
            "1.1",
            "10",
            "1.1.1",
            "6",
            "1.1.2",
            "3",
            "1.3",
            "4",
            "1.3.1",
            "9",
            "1.4",
            "98,5",
            "1.5",
            "Có",
        )[0]
        == 0
    )
    code, out, _ = cli("validate", rid, "--json")
    assert code == 1
    rules = {f["rule"] for f in json.loads(out)}
    assert {"generic.total:1.1", "generic.in-which:1.3"} <= rules
    assert cli("set", rid, "1.1.1", "7", "1.3.1", "2")[0] == 0  # the authored rule holds too
    code, out, _ = cli("validate", rid, "--json")
    assert [f for f in json.loads(out) if f["codes"] and f["severity"] == "error"] == []
    out_docx = tmp_path / "mau-tinh.docx"
    assert cli("export-docx", rid, str(out_docx), "--draft")[0] == 0
    text = _docx_text(out_docx)
    assert "PHỤ LỤC" in text and "Số sáng kiến CCHC" in text and "98,5" in text
    # the authored rule of the workbook: 1.1.1 <= 1.1
    assert cli("set", rid, "1.1.1", "11", "1.1.2", "-")[0] == 2  # bad figure: nothing written
    assert cli("set", rid, "1.1.1", "11", "1.1.2", "")[0] == 0
    findings = json.loads(cli("validate", rid, "--json")[1])
    assert "1.1.1<=1.1" in {f["rule"] for f in findings}
    # a form in use cannot be removed
    code, _, err = cli("catalog-remove", f"{CATALOG_ID}@2025.1")
    assert code == 2 and "còn báo cáo" in err


def test_last_year_is_found_through_the_mapping(cli: Cli, forms: None) -> None:
    unit = ("--unit", "Sở Nội vụ")
    old = cli(
        "new", *unit, "--period", "H1", "--year", "2024", "--catalog", f"{CATALOG_ID}@2024.1"
    )[1].strip()
    # 2024: 1.2 "Số văn bản ban hành" = 10; 2.3 (dropped in 2025) has a figure
    assert cli("set", old, "1.2", "10", "2.3", "4", "2.2", "6")[0] == 0
    new = cli("new", *unit, "--period", "H1", "--year", "2025")[1].strip()
    shown: Any = cli.json("show", new, "--json")
    assert shown["catalog"]["version"] == "2025.1"  # the newest version of the unit's form for 2025
    # 2025: the same row is 1.3; 1.2 is a new row with the value 2024's 1.2 had under that code
    assert cli("set", new, "1.3", "30", "1.2", "10", "2.2", "6")[0] == 0
    findings = _findings(cli, new)
    yoy = [f for f in findings if f["rule"].startswith("cross.yoy")]
    assert [f["rule"] for f in yoy] == ["cross.yoy:1.3"]
    assert "10" in yoy[0]["message"] and "30" in yoy[0]["message"]
    notice = next(f for f in findings if f["rule"].startswith("cross.catalog"))
    assert notice["severity"] == "notice" and notice["codes"] == ["1.2"]
    assert "2.3" in notice["message"] and "Số đoàn công tác" in notice["message"]
    assert "“Số sáng kiến CCHC” (1.2)" in notice["message"]
    # the mapping is editable: 2025's 2.2 is not 2024's 2.2 after all
    match: Any = cli.json(
        "catalog-match", f"{CATALOG_ID}@2025.1", "--from", f"{CATALOG_ID}@2024.1", "--json"
    )
    assert {"code": "1.3", "previous_code": "1.2", "how": "label"} in match["matched"]
    assert match["unmatched"] == ["1.2"] and match["unmatched_previous"] == ["2.3"]
    edited: Any = cli.json(
        "catalog-match",
        f"{CATALOG_ID}@2025.1",
        "--from",
        f"{CATALOG_ID}@2024.1",
        "--set",
        "2.2=",
        "--json",
    )
    assert edited["unmatched"] == ["1.2", "2.2"] and edited["unmatched_previous"] == ["2.2", "2.3"]
    findings = _findings(cli, new)
    notice = next(f for f in findings if f["rule"].startswith("cross.catalog"))
    assert notice["codes"] == ["1.2", "2.2"]


def test_the_notice_of_another_form_comes_from_the_previous_period_too(
    cli: Cli, forms: None
) -> None:
    """`cchc validate` reads the figures of the compared periods only; the "kỳ trước" report
    (here quý IV 2024 before quý I 2025: no compared period) made with the older form still
    gives its notice that the form changed, as before."""
    unit = ("--unit", "Sở Nội vụ")
    args = ("--catalog", f"{CATALOG_ID}@2024.1")
    old = cli("new", *unit, "--period", "Q4", "--year", "2024", *args)[1].strip()
    assert cli("set", old, "1.2", "10", "2.3", "4")[0] == 0
    new = cli("new", *unit, "--period", "Q1", "--year", "2025")[1].strip()
    notice = [f for f in _findings(cli, new) if f["rule"].startswith("cross.catalog")]
    assert [f["codes"] for f in notice] == [["1.2"]] and "2.3" in notice[0]["message"]
    # the same form before it: nothing to say, and its figures are not read
    again = cli("new", *unit, "--period", "Q4", "--year", "2025")[1].strip()
    later = cli("new", *unit, "--period", "Q1", "--year", "2026")[1].strip()
    assert cli.json("show", again, "--json")["catalog"]["version"] == "2025.1"  # type: ignore[index]
    assert not [f for f in _findings(cli, later) if f["rule"].startswith("cross.")]


def test_catalog_lists_the_rows_of_a_stored_form(cli: Cli, forms: None) -> None:
    data: Any = cli.json("catalog", "--catalog", f"{CATALOG_ID}@2024.1", "--json")
    assert data["version"] == "2024.1" and "2.3" in [r["code"] for r in data["indicators"]]
    newest: Any = cli.json("catalog", "--catalog", CATALOG_ID, "--json")
    assert newest["version"] == "2025.1"
    shipped: Any = cli.json("catalog", "--json")
    assert shipped["id"] == "phu-luc-iii-ha-tinh"
    code, _, err = cli("catalog", "--catalog", "khong-co")
    assert code == 2 and "Không có danh mục" in err


def test_a_damaged_stored_form_is_named_not_a_traceback(cli: Cli, forms: None) -> None:
    import sqlite3

    con = sqlite3.connect(cli.db)
    con.execute("UPDATE catalogs SET data = '{\"id\": 1' WHERE version = '2024.1'")
    con.commit()
    con.close()
    code, _, err = cli("catalogs")
    assert code == 2 and "2024.1" in err and "Traceback" not in err
    code, out, err = cli("check")
    assert code == 2 and "phiên bản 2024.1" in out + err
