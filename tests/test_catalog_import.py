"""`cchc import-catalog` / `export-catalog`: a province's Word form inferred and saved, the app's own
Word export read back, the Excel authoring workbook round trip, and hostile or bad files refused
with nothing saved and a message naming the row or cell."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from _cli_support import Cli
from _form_support import EXPECTED, FORM_ROWS, write_form

from cchc_desktop.assets import data_path, read_json
from cchc_desktop.domain.catalog import catalog_from_dict, catalog_to_dict
from cchc_desktop.domain.catalog_import import (
    FormError,
    SourceTable,
    TableRow,
    draft_from_table,
    parse_choices,
)
from cchc_desktop.services.catalogs import get_catalog

SHIPPED = "phu-luc-iii-ha-tinh"


def shipped_data() -> tuple[dict[str, Any], dict[str, Any]]:
    catalog = read_json(data_path("resources", "catalogs", "phu-luc-iii-ha-tinh-2024.json"))
    rules = read_json(data_path("resources", "rules", "phu-luc-iii-ha-tinh-2024.json"))
    return catalog, rules


def stored_keys(cli: Cli) -> set[str]:
    """The catalogs in the database, through the registry the app uses."""
    from cchc_desktop.services.catalogs import CatalogRegistry
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    if not cli.db.exists():
        return set()
    engine = open_engine(cli.db)
    try:
        return {i.key for i in CatalogRegistry(Repository(engine)).list() if not i.shipped}
    finally:
        engine.dispose()


def stored(cli: Cli, catalog_id: str, version: str) -> tuple[Any, dict[str, Any] | None]:
    from cchc_desktop.services.catalogs import CatalogRegistry
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    engine = open_engine(cli.db)
    try:
        registry = CatalogRegistry(Repository(engine))
        return registry.get(catalog_id, version), registry.rules_for(catalog_id, version)
    finally:
        engine.dispose()


# --- a province's Word form -------------------------------------------------------------------------
def test_word_form_is_inferred_row_by_row_and_saved(cli: Cli, tmp_path: Path) -> None:
    form = write_form(tmp_path / "Bieu thong ke Ha Tinh 2025.docx")
    code, out, err = cli("import-catalog", str(form), "--id", "ha-tinh-2025", "--version", "2025.1")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "ha-tinh-2025@2025.1"
    catalog, _ = stored(cli, "ha-tinh-2025", "2025.1")
    assert catalog.title == "BIỂU THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH NĂM 2025"
    got = [(i.code, i.kind.value, i.parent, i.breakdown) for i in catalog]
    assert got == EXPECTED
    # printed code and label verbatim; the broken numbering is kept beside the clean code
    assert [(i.printed_code, i.label, i.unit) for i in catalog] == [r[:3] for r in FORM_ROWS]
    assert catalog.get("1.2.1").printed_code == "1.1.1."
    assert "1.1.1." in catalog.get("1.2.1").note and "1.2.1" in catalog.get("1.2.1").note
    assert [(c.code, c.label) for c in catalog.get("1.3").choices] == [(0, "Không"), (1, "Có")]
    assert catalog.get("1.1.2").parse_value("98,73") is not None  # a percent row takes a figure


def test_a_report_on_an_imported_word_form_is_filled_checked_and_exported(
    cli: Cli, tmp_path: Path
) -> None:
    # the whole way a provincial office goes: import the form, make a report on it, enter the
    # figures, check them (a rule derived from the form's "Tổng số" and "Trong đó" rows fires)
    # and print it (Phụ lục III is the imported table, with the figures the Vietnamese way)
    form = write_form(tmp_path / "bieu-mau.docx")
    assert cli("import-catalog", str(form), "--id", "qt", "--version", "2025.1")[0] == 0
    code, out, err = cli(
        "new", "--unit", "Sở Nội vụ", "--period", "H1", "--year", "2025", "--catalog", "qt@2025.1"
    )
    assert code == 0, err
    rid = out.strip()
    pairs = ["1.1.1", "12", "1.1.2", "91,67%", "1.2.1", "5", "1.2.2", "8"]
    pairs += ["1.2.2.1", "6", "1.2.2.2", "3", "1.3", "Có", "2.1", "Đạt loại khá"]
    code, _, err = cli("set", rid, *pairs)
    assert code == 0, err
    code, out, _ = cli("validate", rid, "--json")
    findings = json.loads(out)
    assert code == 1
    summed = [f for f in findings if set(f["codes"]) == {"1.2.2", "1.2.2.1", "1.2.2.2"}]
    assert summed and summed[0]["severity"] == "error"  # 6 + 3 is not 8
    assert cli("set", rid, "1.2.2", "9")[0] == 0
    findings = json.loads(cli("validate", rid, "--json")[1])
    assert not [f for f in findings if f["codes"] and f["severity"] == "error"]
    out_docx = tmp_path / "bao-cao.docx"
    code, _, err = cli("export-docx", rid, str(out_docx), "--draft")
    assert code == 0, err
    table = next(
        t for t in docx.Document(str(out_docx)).tables if "Chỉ tiêu thống kê" in t.cell(0, 1).text
    )
    rows = {r.cells[1].text.strip(): [c.text.strip() for c in r.cells] for r in table.rows}
    assert rows["Tỷ lệ nhiệm vụ đã hoàn thành"][2:4] == ["%", "91,67%"]
    assert rows["Tổng số vấn đề phát hiện qua kiểm tra"][0] == "1.2.2."
    assert rows["Số vấn đề đã xử lý xong"][0] == "Trong đó"
    assert rows["Chất lượng Cổng thông tin điện tử"][3] == "Đạt loại khá"


def test_dry_run_shows_the_review_table_and_saves_nothing(cli: Cli, tmp_path: Path) -> None:
    form = write_form(tmp_path / "form.docx")
    before = stored_keys(cli)
    data = cli.json("import-catalog", str(form), "--dry-run", "--json")
    assert isinstance(data, dict)
    assert data["saved"] is False and data["key"] == "form@1"
    rows = data["rows"]
    assert [(r["code"], r["parent"] or None) for r in rows] == [(e[0], e[2]) for e in EXPECTED]
    assert rows[5]["row"] == "8"  # the table's own row number (two header rows, then data)
    assert "1.1.1." in rows[5]["why"]
    code, out, _ = cli("import-catalog", str(form), "--dry-run")
    assert code == 0 and "Chạy thử: chưa lưu gì." in out and "Số vấn đề đang xử lý" in out
    assert stored_keys(cli) == before


def _demo_docx(cli: Cli, demo_id: int, tmp_path: Path) -> Path:
    out_docx = tmp_path / "bao-cao.docx"
    code, _, err = cli("export-docx", str(demo_id), str(out_docx), "--draft")
    assert code == 0, err
    return out_docx


def test_the_apps_own_word_export_reads_back_as_the_shipped_catalog(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    """Equal means: the same rows, in the same order, each an equal Indicator (code, printed code,
    label, unit, kind, parent, "Trong đó" flag, measure, choices, note, range, level, group) for
    every row the document prints: the demo report does not switch on the optional "hs" block, so
    its 12 rows (and the optional_groups list) are not in the document and not in the import.
    The title is the form's; the id and version are the ones given to the import."""
    out_docx = _demo_docx(cli, demo_id, tmp_path)
    code, out, err = cli("import-catalog", str(out_docx), "--id", "doc-roundtrip")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == "doc-roundtrip@1"
    back, _ = stored(cli, "doc-roundtrip", "1")
    shipped = get_catalog(SHIPPED)
    printed = [i for i in shipped if i.optional_group is None]
    assert len(printed) == 133 and len(shipped) == 145
    assert back.title == shipped.title
    assert back.indicators == printed


def _without_catalog_part(path: Path) -> Path:
    """The same document as if Word or another tool had dropped the app's custom XML part."""
    out = path.with_name("khong-kem-danh-muc.docx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if b"urn:cchc-desktop:catalog" in data and info.filename.startswith("customXml/item"):
                data = b'<?xml version="1.0"?><other xmlns="urn:example"/>'
            dst.writestr(info.filename, data)
    return out


def test_the_printed_table_alone_infers_all_but_what_print_cannot_say(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    """The inference by itself, on the export's table without the catalog part. Equal on code,
    label, parent, "Trong đó" flag and choices for all 133 printed rows; on kind and unit for all
    but 4, each because the printed row cannot say it:
    - kind of 1.4 and 7.2.3: no unit, not bold, with child rows; the catalog decides they take a
      count, the printed row reads as text;
    - unit of 5.3.1 and 7.1.2: the export prints the catalog's corrected choice codes ("Chưa thực
      hiện = 0 Đã thực hiện = 1"), not the reference form's repeated ones;
    printed_code is the clean code the export prints ("1.2.1."; "Trong đó" / "" on parts), not the
    reference form's broken numbering; measure and note are not printed.
    """
    plain = _without_catalog_part(_demo_docx(cli, demo_id, tmp_path))
    data = cli.json("import-catalog", str(plain), "--dry-run", "--json")
    assert isinstance(data, dict)
    rows = {r["code"]: r for r in data["rows"]}
    shipped = [i for i in get_catalog(SHIPPED) if i.optional_group is None]
    assert list(rows) == [i.code for i in shipped]
    from cchc_desktop.domain.catalog_import import KIND_NAMES

    kinds = [i.code for i in shipped if rows[i.code]["kind"] != KIND_NAMES[i.kind]]
    units = [i.code for i in shipped if rows[i.code]["unit"] != i.unit]
    assert (kinds, units) == (["1.4", "7.2.3"], ["5.3.1", "7.1.2"])
    for ind in shipped:
        row = rows[ind.code]
        assert (row["label"], row["parent"] or None) == (ind.label, ind.parent)
        expected = (
            ("Trong đó" if ind.printed_code == "Trong đó" else "")
            if ind.breakdown
            else f"{ind.code}."
        )
        assert row["printed_code"] == expected, ind.code
    code, _, err = cli("import-catalog", str(plain), "--id", "bang-thuan")
    assert code == 0, err
    back, _ = stored(cli, "bang-thuan", "1")
    for a, b in zip(shipped, back, strict=True):
        assert (b.breakdown, b.choices) == (a.breakdown, a.choices), a.code


# --- the Excel authoring workbook -------------------------------------------------------------------
def test_authoring_workbook_round_trips_the_shipped_catalog_and_rules(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    book = tmp_path / "danh-muc.xlsx"
    code, out, err = cli("export-catalog", f"{SHIPPED}@2024.1", str(book))
    assert code == 0, err
    assert "145 chỉ tiêu, 24 quy tắc" in out
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["chi_tieu", "quy_tac", "thong_tin", "nhom_tuy_chon", "huong_dan"]
    sheet = wb["quy_tac"]
    assert sheet["B4"].value == "1.3.2 + 1.3.3 <= 1.3.1"
    # the file read back, before anything is saved, is the shipped JSON exactly
    from cchc_desktop.export.catalog_xlsx import read_catalog_workbook

    catalog_back, rules_back = read_catalog_workbook(book)
    catalog, rules = shipped_data()
    assert catalog_from_dict(catalog_back) == catalog_from_dict(catalog)
    assert rules_back == rules
    # and saved under a new version, the stored catalog and rules are the shipped ones
    code, out, err = cli("import-catalog", str(book), "--version", "2024.9")
    assert code == 0, err
    assert out.strip().splitlines()[-1] == f"{SHIPPED}@2024.9"
    saved, saved_rules = stored(cli, SHIPPED, "2024.9")
    expected = dict(catalog, version="2024.9")
    assert catalog_to_dict(saved) == catalog_to_dict(catalog_from_dict(expected))
    assert saved_rules == dict(rules, catalog={"id": SHIPPED, "version": "2024.9"})


def test_an_id_and_version_that_exist_are_refused(cli: Cli, tmp_path: Path) -> None:
    book = _authoring(tmp_path, cli)
    before = stored_keys(cli)
    code, _, err = cli("import-catalog", str(book))
    assert code == 2 and err.startswith("Lỗi:")
    assert stored_keys(cli) == before


# --- bad and hostile files -----------------------------------------------------------------------------
def refused(cli: Cli, path: Path, *words: str) -> str:
    before = stored_keys(cli)
    code, out, err = cli("import-catalog", str(path))
    assert code == 2, (out, err)
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    assert stored_keys(cli) == before
    return err


def test_not_a_zip(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bieu.docx"
    path.write_bytes(b"Day khong phai van ban Word")
    refused(cli, path, "không phải là văn bản Word .docx")


def test_an_authoring_workbook_that_is_not_a_zip(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "danh-muc.xlsx"
    path.write_bytes(b"STT;Chi tieu;Don vi tinh\n")
    refused(cli, path, "không phải là tệp Excel .xlsx")


@pytest.mark.parametrize(("name", "size"), [("bieu.docx", 51), ("danh-muc.xlsx", 21)])
def test_oversize_file_is_refused_before_it_is_read(
    cli: Cli, tmp_path: Path, name: str, size: int
) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:  # sparse: nothing is written, the size alone refuses it
        fh.truncate(size * 1024 * 1024)
    refused(cli, path, "quá lớn")


_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)


def _docx_with_document(tmp_path: Path, xml: str) -> Path:
    good = write_form(tmp_path / "good.docx")
    path = tmp_path / "bieu.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data)
    return path


def test_xml_entity_bomb_is_refused(cli: Cli, tmp_path: Path) -> None:
    refused(cli, _docx_with_document(tmp_path, _BOMB), "khai báo thực thể XML")


def test_entity_declaration_past_the_prolog_scan_is_caught_by_defusedxml(
    cli: Cli, tmp_path: Path
) -> None:
    # a DOCTYPE after a 10 KB comment escapes the byte scan of the prolog; the parser refuses it
    late = _BOMB.replace("<!DOCTYPE", "<!--" + "x" * 10_000 + "--><!DOCTYPE", 1)
    refused(cli, _docx_with_document(tmp_path, late), "khai báo thực thể XML")


def test_table_without_a_recognizable_header(cli: Cli, tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"ô {r}-{c}"
    path = tmp_path / "bieu.docx"
    document.save(str(path))
    refused(cli, path, "Không bảng nào", "“Chỉ tiêu”", "“Đơn vị tính”")


def test_a_row_without_a_label_is_named_by_its_table_row(cli: Cli, tmp_path: Path) -> None:
    rows = list(FORM_ROWS)
    rows[4] = ("1.2.", "", "Cuộc", False)
    path = write_form(tmp_path / "bieu.docx", rows)
    refused(cli, path, "Bảng 1, dòng 7", "thiếu tên chỉ tiêu")


def test_a_docx_with_an_xlsx_name_and_other_formats(cli: Cli, tmp_path: Path) -> None:
    form = write_form(tmp_path / "form.docx")
    renamed = tmp_path / "form.xlsx"
    renamed.write_bytes(form.read_bytes())
    refused(cli, renamed, "văn bản Word, không phải bảng tính Excel")
    other = tmp_path / "form.pdf"
    other.write_bytes(b"%PDF-1.4")
    refused(cli, other, ".docx", ".xlsx")


def _authoring(tmp_path: Path, cli: Cli) -> Path:
    book = tmp_path / "danh-muc.xlsx"
    if not cli.db.exists():
        assert cli("demo")[0] == 0  # export reads the database (made by the app's first start)
    assert cli("export-catalog", SHIPPED, str(book))[0] == 0
    return book


def _edit(book: Path, sheet: str, cell: str, value: str) -> Path:
    wb = openpyxl.load_workbook(book)
    wb[sheet][cell] = value
    wb["thong_tin"]["B3"] = "2099.1"  # a new version: only the edited cell can refuse it
    wb.save(book)
    return book


def test_a_rule_that_does_not_parse_names_its_cell(cli: Cli, tmp_path: Path) -> None:
    book = _edit(_authoring(tmp_path, cli), "quy_tac", "B5", "2.5 <= <= 2.4")
    refused(cli, book, "quy_tac", "ô B5", "2.5 <= <= 2.4")


def test_a_rule_on_an_unknown_code_and_a_bad_kind_are_refused(cli: Cli, tmp_path: Path) -> None:
    book = _edit(_authoring(tmp_path, cli), "quy_tac", "B5", "9.9.9 <= 2.4")
    refused(cli, book, "9.9.9")
    book = _edit(_authoring(tmp_path, cli), "chi_tieu", "D7", "con số")
    refused(cli, book, "Trang “chi_tieu”, ô D7", "“con số”")


def test_a_parent_below_its_child_names_the_cell(cli: Cli, tmp_path: Path) -> None:
    book = _edit(_authoring(tmp_path, cli), "chi_tieu", "F3", "7.2")
    refused(cli, book, "Trang “chi_tieu”, ô F3", "7.2")


# --- the pure inference ------------------------------------------------------------------------------
def _table(*rows: tuple[str, str, str, bool]) -> SourceTable:
    header = TableRow(1, ("STT", "Nội dung chỉ tiêu", "ĐVT", "Số liệu"), (True,) * 4)
    body = tuple(
        TableRow(n, (stt, label, unit, ""), (False, bold, False, False))
        for n, (stt, label, unit, bold) in enumerate(rows, start=2)
    )
    return SourceTable(1, (header, *body))


def test_choices_with_repeated_printed_codes_are_renumbered_in_printed_order() -> None:
    choices, repeated = parse_choices("Chưa có = 0 2 cấp = 0 3 cấp = 0")
    assert repeated and [(c.code, c.label) for c in choices] == [
        (0, "Chưa có"),
        (1, "2 cấp"),
        (2, "3 cấp"),
    ]
    assert parse_choices("Điểm = Tỷ lệ * Điểm tối đa") == ((), False)
    assert parse_choices("Không = 0") == ((), False)


def test_roman_sections_padded_numbers_and_review_changes() -> None:
    draft = draft_from_table(
        _table(
            ("I", "CHỈ TIÊU CHUNG", "", True),
            ("01", "Số văn bản ban hành", "Văn bản", False),
            ("02", "Tỷ lệ văn bản đúng hạn", "", False),
            ("-", "Trong đó: văn bản điện tử", "Văn bản", False),
            ("II", "CHỈ TIÊU RIÊNG", "", True),
            ("1", "Số cuộc họp (lũy kế)", "Cuộc", False),
        ),
        catalog_id="t",
        version="1",
    )
    got = [(r.code, draft.parent_code(r), r.kind.value) for r in draft.rows]
    assert got == [
        ("1", None, "group"),
        ("1.1", "1", "count"),
        ("1.2", "1", "percent"),
        ("1.2.1", "1.2", "count"),
        ("2", None, "group"),
        ("2.1", "2", "count"),
    ]
    assert draft.rows[5].measure is not None and draft.rows[5].measure.value == "cumulative"
    # the review: a new parent renumbers, a choice needs choice codes in the unit
    draft.set_parent(3, 1)
    assert [r.code for r in draft.rows][:4] == ["1", "1.1", "1.2", "1.1.1"]
    from cchc_desktop.domain.catalog import IndicatorKind

    with pytest.raises(FormError, match="Không = 0 Có = 1"):
        draft.set_kind(1, IndicatorKind.CHOICE)
    draft.set_unit(1, "Không = 0 Có = 1")
    draft.set_kind(1, IndicatorKind.CHOICE)
    assert catalog_from_dict(draft.to_dict()).get("1.1").choices
    with pytest.raises(FormError, match="đứng trước"):
        draft.set_parent(1, 4)


def test_shipped_catalog_json_round_trips_through_catalog_to_dict() -> None:
    catalog, _ = shipped_data()
    built = catalog_from_dict(catalog)
    assert catalog_from_dict(json.loads(json.dumps(catalog_to_dict(built)))) == built


def test_the_authoring_layout_is_documented_column_by_column() -> None:
    from cchc_desktop.domain import catalog_sheets as layout

    text = (Path(__file__).resolve().parents[1] / "docs" / "mau-danh-muc-excel.md").read_text(
        encoding="utf-8"
    )
    columns = layout.INDICATOR_COLUMNS + layout.RULE_COLUMNS + layout.OPTIONAL_COLUMNS
    keys = [c.key for c in columns] + [k for k, _ in layout.INFO_KEYS]
    assert [k for k in keys if f"`{k}`" not in text] == []


def test_a_row_edited_in_word_is_inferred_again(cli: Cli, demo_id: int, tmp_path: Path) -> None:
    """The catalog part is used only for rows that still read as printed."""
    path = _demo_docx(cli, demo_id, tmp_path)
    edited = path.with_name("da-sua.docx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                old = "Khảo sát sự hài lòng của người dân, tổ chức".encode()
                assert data.count(old) == 1
                data = data.replace(old, "Khảo sát mức độ hài lòng".encode())
            dst.writestr(info.filename, data)
    data = cli.json("import-catalog", str(edited), "--dry-run", "--json")
    assert isinstance(data, dict)
    rows = {r["code"]: r for r in data["rows"]}
    assert (rows["1.4"]["label"], rows["1.4"]["kind"]) == ("Khảo sát mức độ hài lòng", "văn bản")
    assert "ghi kèm văn bản" not in rows["1.4"]["why"]
    # the rows around it still come from the catalog the document carries
    assert (rows["1.2.1"]["printed_code"], rows["7.2.3"]["kind"]) == ("1.1.1.", "số đếm")
    assert "phu-luc-iii-ha-tinh@2024.1" in rows["1.2.1"]["why"]
