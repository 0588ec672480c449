"""Reports of other shapes than the reference one, made from the command line and read back from
the .docx: seed 000 (UBND tỉnh, no parent authority, three-line signature, no appendix) and seed 002
(annual, "Kính gửi", "CHÁNH VĂN PHÒNG", the dossier block switched on and its real error found)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _cli_support import Cli
from docx import Document
from docx.oxml.ns import qn

from cchc_desktop.services import operations
from cchc_desktop.services.report_edits import apply_changes
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

SEED_000_SIGNER = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def _new(cli: Cli, *args: str) -> int:
    code, out, err = cli("new", *args)
    assert code == 0, err
    return int(out.strip())


def _ok(cli: Cli, *args: str) -> tuple[str, str]:
    code, out, err = cli(*args)
    assert code == 0, err
    return out, err


def _export(cli: Cli, rid: int, path: Path) -> Any:
    _ok(cli, "export-docx", str(rid), str(path), "--draft")
    return Document(str(path))


def _cells(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _signature_table(doc: Any) -> Any:
    return next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)


def _remediation_table(doc: Any) -> Any:
    return next(
        t for t in doc.tables if "Giải pháp khắc phục cụ thể" in t.rows[0]._tr.xpath("string(.)")
    )


def _has(element: Any, tag: str) -> bool:
    return element.find(".//" + qn(tag)) is not None


@pytest.fixture
def seed_000(cli: Cli) -> int:
    rid = _new(
        cli,
        "--unit", "UBND tỉnh Thanh Hóa", "--period", "H1", "--year", "2020",
        "--place", "Thanh Hóa", "--abbreviation", "UBND",
    )  # fmt: skip
    _ok(
        cli, "header", str(rid),
        "--issuer", "Ủy ban nhân dân tỉnh Thanh Hóa",
        "--number", "121", "--date", "2020-07-10",
        "--subject", "Tình hình thực hiện công tác cải cách hành chính 06 tháng đầu năm; nhiệm vụ,"
        " giải pháp trọng tâm 06 tháng cuối năm 2020",
        "--signer", *SEED_000_SIGNER, "--signer-name", "Nguyễn Đức Quyền",
        "--recipients", "Bộ Nội vụ (để b/c)", "Chủ tịch, các PCT UBND tỉnh",
        "Các sở, ban, ngành cấp tỉnh", "UBND các huyện, thị xã, thành phố", "Lưu: VT, THKH",
    )  # fmt: skip
    return rid


@pytest.fixture
def seed_002(cli: Cli) -> int:
    rid = _new(
        cli,
        "--unit", "Văn phòng UBND tỉnh Quảng Ngãi", "--period", "Y", "--year", "2019",
        "--place", "Quảng Ngãi", "--abbreviation", "VP",
        "--parent-authority", "UBND TỈNH QUẢNG NGÃI",
    )  # fmt: skip
    _ok(
        cli, "header", str(rid),
        "--number", "1792", "--date", "2019-12-02",
        "--subject", "Công tác cải cách hành chính năm 2019", "--to", "Sở Nội vụ",
        "--signer", "CHÁNH VĂN PHÒNG", "--signer-name", "Nguyễn Minh Đạo",
        "--recipients", "Như trên", "CT, các PCT UBND tỉnh (b/c)", "Ban Tổ chức Tỉnh ủy",
        "Đảng ủy Khối các CQ tỉnh", "Lưu: VT, HCTC.",
    )  # fmt: skip
    return rid


def test_header_fields_from_the_command_line_show_in_json(cli: Cli, seed_000: int) -> None:
    data: Any = cli.json("show", str(seed_000), "--json")
    assert data["unit"]["name"] == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert data["unit"]["parent_authority"] == ""
    assert (data["number"], data["date"], data["number_symbol"]) == (
        "121",
        "2020-07-10",
        "121/BC-UBND",
    )
    assert data["signer_lines"] == list(SEED_000_SIGNER)
    # stored without a schema change: the authority lines before the title
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Nguyễn Đức Quyền",
    }
    assert data["recipients"][-1] == "Lưu: VT, THKH"
    # --no-date and an empty --to clear; the other fields stay
    _ok(cli, "header", str(seed_000), "--no-date", "--to", "")
    data = cli.json("show", str(seed_000), "--json")
    assert data["date"] is None and data["recipient_to"] == ""
    assert data["number"] == "121" and data["signer_lines"] == list(SEED_000_SIGNER)


def test_header_refuses_wrong_values_and_writes_nothing(cli: Cli, seed_000: int) -> None:
    before = cli.json("show", str(seed_000), "--json")
    for args in (
        ("--signer", "A", "B", "C", "D", "--number", "9"),
        ("--date", "2020-02-30"),
        ("--date", "2020-01-01", "--no-date"),
        ("--issuer", "   "),
    ):
        code, _, err = cli("header", str(seed_000), *args)
        assert code == 2 and err.startswith(("Lỗi", "Cách dùng")), (args, err)
        assert "Traceback" not in err
    assert cli.json("show", str(seed_000), "--json") == before
    code, _, err = cli("header", "999", "--number", "1")
    assert code == 2 and "999" in err


def test_unit_name_in_another_case_or_spacing_is_the_same_unit(cli: Cli, seed_000: int) -> None:
    other = _new(
        cli, "--unit", "ỦY BAN  NHÂN DÂN tỉnh thanh hóa", "--period", "Y", "--year", "2020"
    )
    rows: Any = cli.json("list", "--json")
    assert {r["unit"] for r in rows} == {"Ủy ban nhân dân tỉnh Thanh Hóa"}
    assert cli.json("show", str(other), "--json")["unit"]["abbreviation"] == "UBND"  # type: ignore[index]
    # the issuer written another way renames the unit; another unit's name is refused
    _ok(cli, "header", str(seed_000), "--issuer", "UBND tỉnh Thanh Hóa")
    assert {r["unit"] for r in cli.json("list", "--json")} == {"UBND tỉnh Thanh Hóa"}  # type: ignore[union-attr]
    third = _new(cli, "--unit", "Sở Nội vụ", "--period", "Y", "--year", "2020")
    code, _, err = cli("header", str(third), "--issuer", "ubnd TỈNH thanh hóa")
    assert code == 2 and "Đã có đơn vị" in err


def test_seed_000_shape_in_word(cli: Cli, seed_000: int, tmp_path: Path) -> None:
    doc = _export(cli, seed_000, tmp_path / "000.docx")
    header = _cells(doc.tables[0])
    left = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert left == ["ỦY BAN NHÂN DÂN TỈNH THANH HÓA"]  # no parent authority line
    assert header[1] == ["Số: 121/BC-UBND", "Thanh Hóa, ngày 10 tháng 7 năm 2020"]
    signature = _signature_table(doc)
    right = [p.text for p in signature.rows[0].cells[1].paragraphs if p.text]
    assert right == [*SEED_000_SIGNER, "Nguyễn Đức Quyền"]
    # no appendix: no "PHỤ LỤC" anywhere and one section only (no landscape or appendix page)
    assert not any("PHỤ LỤC" in p.text.upper() for p in doc.paragraphs)
    assert len(doc.sections) == 1 and len(doc.tables) == 2
    # the signature is kept with the paragraph before it
    before = signature._tbl.getprevious()
    assert before.tag == qn("w:p") and _has(before, "w:keepNext") and before.xpath("string(.)")


def test_seed_002_shape_in_word_and_its_real_error(cli: Cli, seed_002: int, tmp_path: Path) -> None:
    code, out, err = cli(
        "set", str(seed_002), "3.5.1", "19.855", "3.5.2", "17.755", "3.5.3", "2.127"
    )
    assert code == 0
    assert "Đã bật khối" in err and "(hs)" in err  # the block was off: switched on, and said so
    assert "3.5.1 = 19.855" in out
    groups: Any = cli.json("groups", str(seed_002), "--json")
    assert groups[0]["code"] == "hs" and groups[0]["on"] is True
    code, out, _ = cli("validate", str(seed_002), "--json")
    import json

    found = [f for f in json.loads(out) if f["rule"] == "hs:3.5.1=3.5.2+3.5.3"]
    assert code == 1 and found and found[0]["severity"] == "error"
    assert "19.855" in found[0]["message"] and "19.882" in found[0]["message"]
    # the headings in the case they were typed (seed 002 writes them in sentence case)
    engine = open_engine(cli.db)
    try:
        apply_changes(
            Repository(engine),
            seed_002,
            [lambda r: operations.rename_section(r, (0,), "Về công tác chỉ đạo, điều hành")],
        )
    finally:
        engine.dispose()

    doc = _export(cli, seed_002, tmp_path / "002.docx")
    texts = [p.text for p in doc.paragraphs]
    assert "I. Về công tác chỉ đạo, điều hành" in texts
    assert "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH" in texts
    assert "Kính gửi: Sở Nội vụ" in texts
    assert [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text] == [
        "UBND TỈNH QUẢNG NGÃI",
        "VĂN PHÒNG UBND TỈNH QUẢNG NGÃI",
    ]
    assert _cells(doc.tables[0])[1] == ["Số: 1792/BC-VP", "Quảng Ngãi, ngày 02 tháng 12 năm 2019"]
    right = [p.text for p in _signature_table(doc).rows[0].cells[1].paragraphs if p.text]
    assert right == ["CHÁNH VĂN PHÒNG", "Nguyễn Minh Đạo"]
    # one appendix (statistics; Phụ lục I was left empty so it is not printed), dossier rows in it
    assert sum(t.startswith("PHỤ LỤC") for t in texts) == 1
    stats = doc.tables[-1]
    by_stt = {r.cells[0].text: r for r in stats.rows}
    assert by_stt["3.5.1."].cells[3].text == "19.855"
    group_row = next(r for r in stats.rows if r.cells[1].text.startswith("Tình hình tiếp nhận"))
    assert all(_has(p._p, "w:keepNext") for p in group_row.cells[1].paragraphs)
    assert not _has(by_stt["3.5.1."]._tr, "w:keepNext")
    assert all(_has(r._tr, "w:cantSplit") for r in stats.rows)
    # switched off, the figures stay stored but are neither shown nor checked nor exported
    _ok(cli, "groups", str(seed_002), "--off", "hs")
    code, out, _ = cli("validate", str(seed_002), "--json")
    assert "hs:3.5.1=3.5.2+3.5.3" not in out
    doc = _export(cli, seed_002, tmp_path / "002-off.docx")
    assert not any(p.text.startswith("PHỤ LỤC") for p in doc.paragraphs)
    assert cli.json("show", str(seed_002), "--json")["values"]["3.5.1"]["value"] == 19855  # type: ignore[index]


def test_groups_rejects_unknown_and_contradictory_switches(cli: Cli, seed_002: int) -> None:
    for args in (("--on", "xx"), ("--on", "hs", "--off", "hs")):
        code, _, err = cli("groups", str(seed_002), *args)
        assert code == 2 and err.startswith("Lỗi"), err
    assert cli.json("groups", str(seed_002), "--json")[0]["on"] is False  # type: ignore[index]


def test_reference_report_pagination_flags(cli: Cli, demo_id: int, tmp_path: Path) -> None:
    """Seed 004's dash paragraphs keep their dash; justified lines ending in a manual break are
    not stretched; a Phụ lục II row taller than a page may break, the short ones never do."""
    doc = _export(cli, demo_id, tmp_path / "004.docx")
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("- * Kết quả: Nhìn chung") for t in texts)
    assert any(t.startswith("- * Về tình hình thực hiện khắc phục") for t in texts)
    compat = doc.settings.element.find(qn("w:compat"))
    assert compat is not None and compat[0].tag == qn("w:doNotExpandShiftReturn")
    rows = _remediation_table(doc).rows
    # items 5 and 7 of seed 004 are taller than a landscape page: kept whole they would start on
    # a new page and leave the one before a third empty; the others stay whole
    splits = [r.cells[0].text for r in rows[1:] if not _has(r._tr, "w:cantSplit")]
    assert splits == ["5", "7"]
    assert _has(rows[0]._tr, "w:tblHeader") and _has(rows[0]._tr, "w:cantSplit")


def test_an_unwritten_outline_does_not_chain_into_one_block(
    cli: Cli, seed_000: int, tmp_path: Path
) -> None:
    # Headings keep with the next paragraph (their style says so). In an outline not yet written
    # every heading is followed by another, so without a break the whole outline, the closing
    # and the signature became one unsplittable block pushed to page 2, leaving page 1 blank.
    doc = _export(cli, seed_000, tmp_path / "rong.docx")
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings
    released = [
        p
        for p in headings
        if (k := p._p.find(qn("w:pPr") + "/" + qn("w:keepNext"))) is not None
        and k.get(qn("w:val")) == "0"
    ]
    # the leaves (a heading followed by one of its own level or higher) are released; a
    # heading followed by its first sub-heading still keeps with it
    assert released and len(released) < len(headings)
    assert headings[-1] in released
