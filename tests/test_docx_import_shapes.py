"""Word reports not made by the app, built here with python-docx: one shaped like seed 002 (no
header table, "Kính gửi", an annual period, no appendix), one with paragraphs typed in TCVN3 and
VNI fonts, and hostile or wrong files. Each goes through `cchc import-docx`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from _cli_support import Cli
from docx.oxml.ns import qn

from cchc_desktop.domain.legacy_fonts import LegacyEncoding, guess_encoding
from cchc_desktop.domain.report import ParagraphStyle
from cchc_desktop.services.import_docx import read_docx_report

TCVN3 = {
    "á": "¸",
    "à": "µ",
    "ả": "¶",
    "ạ": "¹",
    "ă": "¨",
    "â": "©",
    "ầ": "Ç",
    "đ": "®",
    "ê": "ª",
    "ệ": "Ö",
    "í": "Ý",
    "ì": "×",
    "ô": "«",
    "ơ": "¬",
    "ư": "\u00ad",
    "ờ": "ê",
    "ấ": "Ê",
    "ộ": "é",
    "ụ": "ô",
    "ủ": "ñ",
    "ế": "Õ",
    "ổ": "æ",
    "ố": "è",
    "ậ": "Ë",
    "ị": "Þ",
    "ó": "ã",
    "ứ": "ø",
    "ợ": "î",
    "ự": "ù",
    "ề": "Ò",
    "ú": "ó",
    "ã": "·",
    "ở": "ë",
    "ồ": "å",
    "ỷ": "û",
    "ò": "ß",
    "ỉ": "Ø",
}


def _tcvn3(text: str) -> str:
    return "".join(TCVN3.get(c, c) for c in text)


def _para(
    doc: docx.document.Document,
    text: str,
    *,
    bold: bool = False,
    font: str | None = None,
    italic: bool = False,
) -> docx.text.paragraph.Paragraph:
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.bold, r.italic = bold, italic
    if font:
        r.font.name = font
        r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), font)
    return p


def _seed_002_like(path: Path, *, tcvn3: bool = False) -> None:
    doc = docx.Document()
    p = doc.add_paragraph("UBND TỈNH QUẢNG NGÃI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    p = doc.add_paragraph("VĂN PHÒNG\tĐộc lập - Tự do - Hạnh phúc")
    _para(doc, "Số: 1792 /BC-VP\tQuảng Ngãi, ngày 02 tháng 12 năm 2019")
    _para(doc, "BÁO CÁO", bold=True)
    _para(doc, "Công tác cải cách hành chính năm 2019", bold=True)
    _para(doc, "Kính gửi: Sở Nội vụ")
    intro = (
        "Thực hiện Quyết định số 1231/QĐ-UBND ngày 02/8/2018 của Chủ tịch UBND tỉnh, Văn "
        "phòng UBND tỉnh báo cáo công tác cải cách hành chính năm 2019, như sau:"
    )
    _para(doc, intro)
    _para(doc, "I. Về công tác chỉ đạo, điều hành", bold=True)
    _para(doc, "1. Về tham mưu sự chỉ đạo, điều hành của UBND tỉnh:", bold=True)
    p = _para(doc, "a) Tăng cường tham mưu cho Chủ tịch UBND tỉnh chỉ đạo cải cách hành chính.")
    r = p.add_run(" Đã ban hành ")
    r = p.add_run("Kế hoạch số 15/KH-VP")
    r.italic = True
    _para(doc, "- Tổ chức tuyên truyền trên Cổng thông tin điện tử tỉnh;")
    if tcvn3:
        _para(
            doc,
            _tcvn3(
                "Kết quả thực hiện công tác cải cách hành chính của đơn vị đã đạt được "
                "nhiều tiến bộ"
            ),
            font=".VnTime",
        )
        _para(doc, "v¨n phßng ñy ban", font=".VnTimeH")  # ".VnTimeH" draws these as capitals
        _para(doc, _tcvn3("Số hồ sơ tiếp nhận, giải quyết đúng hạn đạt tỷ lệ cao"))  # no font
        _para(
            doc,
            "Trong naêm, ñôn vò ñaõ tieáp nhaän vaø giaûi quyeát hoà sô ñuùng haïn",
            font="VNI-Times",
        )
    _para(doc, "II. Kết quả thực hiện", bold=True)
    _para(doc, "1. Cải cách thể chế", bold=True)
    _para(doc, "1.1. Xây dựng văn bản", bold=True)
    _para(doc, "Tham mưu ban hành 12 văn bản quy phạm pháp luật.")
    _para(
        doc, "Trên đây là báo cáo công tác cải cách hành chính năm 2019 của Văn phòng UBND tỉnh./."
    )
    _para(doc, "Nơi nhận:", bold=True, italic=True)
    for line in ("- Như trên;", "- CT, các PCT UBND tỉnh (b/c);", "- Lưu: VT, HCTC."):
        _para(doc, line)
    _para(doc, "CHÁNH VĂN PHÒNG", bold=True)
    _para(doc, "Đặng Ngọc Dũng", bold=True)
    doc.save(str(path))


def test_a_report_shaped_like_seed_002_is_recognised(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bao-cao-nam-2019.docx"
    _seed_002_like(path)
    rec = read_docx_report(path)
    r, review = rec.report, rec.review
    assert r.unit.parent_authority == "UBND TỈNH QUẢNG NGÃI"
    assert r.unit.name == "Văn phòng"  # the running text names "Văn phòng UBND tỉnh"
    assert (r.number, r.symbol, r.unit.abbreviation) == ("1792", "BC-VP", "VP")
    assert r.place == "Quảng Ngãi" and r.date is not None and r.date.isoformat() == "2019-12-02"
    assert r.subject == "Công tác cải cách hành chính năm 2019"
    assert (r.period.code, r.period.year) == ("Y", 2019) and review.period_found
    assert r.recipient_to == "Sở Nội vụ"
    assert r.narrative.intro[0].text.startswith("Thực hiện Quyết định số 1231")
    titles = [(label, level, s.title) for label, level, s in r.narrative.numbered()]
    assert titles[:2] == [
        ("I.", 1, "Về công tác chỉ đạo, điều hành"),
        ("1.", 2, "Về tham mưu sự chỉ đạo, điều hành của UBND tỉnh:"),
    ]
    assert titles[2:] == [
        ("II.", 1, "Kết quả thực hiện"),
        ("1.", 2, "Cải cách thể chế"),
        ("1.1.", 3, "Xây dựng văn bản"),
    ]
    first = r.narrative.sections[0].children[0].paragraphs
    assert first[0].text.startswith("a) Tăng cường")  # a long "a)" paragraph stays text
    assert [(x.text, x.italic) for x in first[0].runs][-1] == ("Kế hoạch số 15/KH-VP", True)
    assert first[1].style is ParagraphStyle.DASH
    assert first[1].text == "Tổ chức tuyên truyền trên Cổng thông tin điện tử tỉnh;"
    assert r.narrative.closing[0].text.startswith("Trên đây là báo cáo")
    assert r.recipients == ["Như trên;", "CT, các PCT UBND tỉnh (b/c);", "Lưu: VT, HCTC."]
    assert (r.signer.authority, r.signer.title, r.signer.name) == (
        "",
        "CHÁNH VĂN PHÒNG",
        "Đặng Ngọc Dũng",
    )
    assert r.propaganda == [] and r.remediation == [] and r.values == {}
    # through the command line, with the unit named in full
    code, out, err = cli("import-docx", str(path), "--unit", "Văn phòng UBND tỉnh Quảng Ngãi")
    assert code == 0, err
    shown = cli.json("show", out.strip(), "--json")
    assert isinstance(shown, dict)
    assert shown["unit"]["name"] == "Văn phòng UBND tỉnh Quảng Ngãi"
    assert shown["period"]["label"] == "năm 2019"
    assert shown["recipient_to"] == "Sở Nội vụ"


def test_tcvn3_and_vni_paragraphs_become_unicode(tmp_path: Path) -> None:
    path = tmp_path / "cu.docx"
    _seed_002_like(path, tcvn3=True)
    rec = read_docx_report(path)
    texts = [p.text for s in rec.report.narrative.sections[0].children for p in s.paragraphs]
    assert (
        "Kết quả thực hiện công tác cải cách hành chính của đơn vị đã đạt được nhiều tiến bộ"
        in texts
    )
    assert "VĂN PHÒNG ỦY BAN" in texts  # .VnTimeH draws capitals
    assert "Số hồ sơ tiếp nhận, giải quyết đúng hạn đạt tỷ lệ cao" in texts  # judged by its letters
    assert "Trong năm, đơn vị đã tiếp nhận và giải quyết hồ sơ đúng hạn" in texts  # VNI-Times
    found = dict(rec.review.found)
    assert (
        "4 đoạn" in found["Phông cũ"]
        and "TCVN3" in found["Phông cũ"]
        and "VNI" in found["Phông cũ"]
    )
    # the Unicode paragraphs around them are untouched
    assert rec.report.narrative.intro[0].text.startswith("Thực hiện Quyết định số 1231/QĐ-UBND")
    assert (
        guess_encoding(texts[0]) is None
        and guess_encoding(_tcvn3("cải cách")) is LegacyEncoding.TCVN3
    )


# --- old, wrong and hostile files: a clear message, exit 2, nothing written ------------------
def _docx_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "ok.docx"
    _seed_002_like(path)
    return path.read_bytes()


def _rezip(data: bytes, change: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, change.get(info.filename, src.read(info.filename)))
        for name, body in change.items():
            if name not in src.namelist():
                dst.writestr(name, body)
    return out.getvalue()


def _bomb(data: bytes) -> bytes:
    return _rezip(data, {"word/media/bomb.bin": b"\0" * (80 * 1024 * 1024)})


def _entities(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    head, rest = xml.split(b"?>", 1)
    evil = head + b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + rest
    return _rezip(data, {"word/document.xml": evil})


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "cu.doc",
            lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "Word 97-2003 (.doc)",
        ),
        (
            "doi-ten.docx",
            lambda d: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "Word 97-2003",
        ),
        ("rong.docx", lambda d: b"", "rỗng"),
        ("cat-cut.docx", lambda d: d[: len(d) // 2], "bị hỏng"),
        (
            "van-ban.docx",
            lambda d: b"Xin chao, day khong phai tep Word",
            "không phải là văn bản Word",
        ),
        ("bom.docx", _bomb, "có thể là tệp độc hại"),
        ("thuc-the.docx", _entities, "thực thể XML"),
        (
            "excel.docx",
            lambda d: _rezip(d, {"xl/workbook.xml": b"<x/>"}) if False else _xlsx(),
            "bảng tính Excel",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    cli: Cli, tmp_path: Path, name: str, make: object, message: str
) -> None:
    assert callable(make)
    path = tmp_path / name
    path.write_bytes(make(_docx_bytes(tmp_path)))
    code, out, err = cli("import-docx", str(path), "--unit", "Sở Thử")
    assert code == 2, err
    assert message in err and "Traceback" not in err
    assert out == ""
    assert cli.json("list", "--json") == []


def _xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_file_that_is_too_big_is_refused_before_it_is_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "lon.docx"
    with path.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    code, _, err = cli("import-docx", str(path), "--unit", "Sở Thử")
    assert code == 2 and "quá lớn" in err


def test_the_reference_reports_own_word_shape_comes_through(cli: Cli, tmp_path: Path) -> None:
    """Seed 004 rebuilt as Word (no header table, tables as the author typed them, the printed
    form's broken numbering 1.1.1-1.1.3 under 1.2 and the drifting 7.2.x): its figures land on
    the demo report's indicators, the tables split across pages are joined."""
    from _seed_docx import SEED_004, seed_docx

    from cchc_desktop.domain.serialize import report_from_dict
    from cchc_desktop.services.catalogs import demo_report_data

    path = seed_docx(SEED_004, tmp_path / "bao-cao-stc.docx")
    rec = read_docx_report(path)
    r, demo = rec.report, report_from_dict(demo_report_data())
    assert (r.symbol, r.place, r.date, r.period) == (
        demo.symbol,
        demo.place,
        demo.date,
        demo.period,
    )
    assert r.subject == demo.subject and r.signer == demo.signer
    assert r.recipients == demo.recipients
    assert [f.text for f in r.footnotes_in_order()] == [f.text for f in demo.footnotes_in_order()]
    assert [s.title for s in r.narrative.sections] == [s.title for s in demo.narrative.sections]
    assert r.propaganda == demo.propaganda
    # (7's criterion runs on into "Tiêu chí 7a: ...", which the form prints in bold as well)
    assert len(r.remediation) == len(demo.remediation)
    for got, want in zip(r.remediation, demo.remediation, strict=True):
        assert got.criterion.startswith(want.criterion)
    assert [m.remedies for m in r.remediation] == [m.remedies for m in demo.remediation]
    differ = {c for c in demo.values if r.values.get(c) != demo.values[c]}
    # 7.2.6: the form prints "Thực hiện"; the demo data writes it out as "Thực hiện theo quy định"
    assert differ == {"7.2.6"} and r.values["7.2.6"].value == "Thực hiện"
    assert set(r.values) == set(demo.values) and rec.review.unmatched_rows == []
    # the transcription has no header: the unit's name is proposed from the appendices' line
    # "(Kèm theo Báo có số: /BC-STC ngày /6/2024 của Sở Tài chính)", and said to be a guess
    assert not rec.review.unit_found and r.unit.name == "Sở Tài chính"
    assert any("Kèm theo" in g for g in rec.review.guesses)
    code, out, err = cli("import-docx", str(path))
    assert code == 0, err
    shown = cli.json("show", out.strip(), "--json")
    assert isinstance(shown, dict) and shown["unit"]["name"] == "Sở Tài chính"
