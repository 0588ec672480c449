"""Tests for the Word export: page setup, styles and fonts, header block, footnotes, appendices,
draft/final, atomic save, and (with LibreOffice) the printed pages."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _cli_support import Cli
from docx import Document
from docx.enum.section import WD_ORIENTATION
from docx.oxml.ns import qn

from cchc_desktop.assets import report_template
from cchc_desktop.domain.catalog import Catalog, catalog_from_dict
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    ParagraphStyle,
    PropagandaRow,
    RemediationItem,
    Report,
    Run,
    Section,
    Signer,
    Unit,
)
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.errors import FileProblemError, UserError
from cchc_desktop.export.docx import (
    DRAFT_MARK,
    STYLE_NAMES,
    DocxLayout,
    default_layout,
    default_template,
    layout_from_template,
    text_width_twips,
    write_report_docx,
)
from cchc_desktop.services.catalogs import demo_report_data, get_catalog
from cchc_desktop.services.export_docx import FinalExportRefused, export_docx

TNR = "Times New Roman"
EMU_PER_MM = 36000

NOTE_A = "Kế hoạch số 191/KH-STC ngày 11/01/2024 của Sở Tài chính về công tác CCHC năm 2024."
NOTE_B = "Kế hoạch số 265/KH-STC ngày 16/01/2024 của Sở Tài chính về tuyên truyền CCHC năm 2024."


# --- fixtures -------------------------------------------------------------------------------------
def small_catalog() -> Catalog:
    return catalog_from_dict(
        {
            "id": "test",
            "version": "1",
            "title": "Thử",
            "indicators": [
                {"code": "1", "label": "Công tác chỉ đạo điều hành CCHC", "kind": "group"},
                {"code": "1.1", "parent": "1", "label": "Kế hoạch CCHC", "kind": "group"},
                {
                    "code": "1.1.1",
                    "parent": "1.1",
                    "label": "Số nhiệm vụ đề ra trong kế hoạch",
                    "unit": "Nhiệm vụ",
                    "kind": "count",
                },
                {"code": "3", "label": "Cải cách thủ tục hành chính", "kind": "group"},
                {
                    "code": "3.1",
                    "parent": "3",
                    "label": "Tổng số TTHC đang có hiệu lực",
                    "unit": "Thủ tục",
                    "kind": "count",
                },
                {
                    "code": "3.1.a",
                    "parent": "3.1",
                    "label": "Số TTHC cấp tỉnh:",
                    "unit": "Thủ tục",
                    "kind": "count",
                    "breakdown": True,
                },
                {
                    "code": "3.1.b",
                    "parent": "3.1",
                    "label": "Số TTHC cấp huyện:",
                    "unit": "Thủ tục",
                    "kind": "count",
                    "breakdown": True,
                },
                {
                    "code": "3.2",
                    "parent": "3",
                    "label": "Tỷ lệ hồ sơ giải quyết đúng hẹn",
                    "unit": "%",
                    "kind": "percent",
                },
                {
                    "code": "9",
                    "label": "Nhóm tùy chọn",
                    "kind": "group",
                    "optional_group": "hs",
                },
            ],
            "optional_groups": [{"code": "hs", "title": "Hồ sơ"}],
        }
    )


def small_report() -> Report:
    body = ParagraphStyle.BODY
    return Report(
        unit=Unit("Sở Tài chính", "UBND TỈNH HÀ TĨNH", "STC", "Hà Tĩnh"),
        period=Period(2024, PeriodKind.H1),
        catalog_id="test",
        catalog_version="1",
        number="",
        symbol="BC-STC",
        place="Hà Tĩnh",
        date=dt.date(2024, 6, 5),
        subject="Cải cách hành chính 6 tháng đầu năm 2024",
        signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Chí Hiếu"),
        recipients=["Sở Nội vụ (b/c);", "- Sở TTTT;", "Lưu: VT, VP."],
        narrative=Narrative(
            intro=[Paragraph.of("Thực hiện Kế hoạch CCHC của tỉnh, Sở Tài chính báo cáo như sau:")],
            sections=[
                Section(
                    "Công tác chỉ đạo, điều hành cải cách hành chính",
                    children=[
                        Section(
                            "Về kế hoạch cải cách hành chính",
                            paragraphs=[
                                Paragraph(
                                    [
                                        Run("Sở đã ban hành Kế hoạch CCHC năm 2024"),
                                        Run("", footnote_id="a"),
                                        Run(". Kế hoạch tuyên truyền"),
                                        Run("", footnote_id="b"),
                                        Run(" và "),
                                        Run("kết quả", bold=True),
                                        Run(" (xem phụ lục)", italic=True),
                                        Run("", footnote_id="a"),  # a repeated mark is dropped
                                    ],
                                    body,
                                )
                            ],
                        ),
                        Section(
                            "Về công tác tuyên truyền",
                            children=[
                                Section(
                                    "Nội dung tuyên truyền",
                                    paragraphs=[
                                        Paragraph.of("Tuyên truyền văn bản", ParagraphStyle.DASH)
                                    ],
                                )
                            ],
                        ),
                    ],
                )
            ],
            closing=[Paragraph.of("Trên đây là báo cáo CCHC 6 tháng đầu năm 2024./.")],
        ),
        footnotes=[Footnote(NOTE_B, id="b"), Footnote(NOTE_A, id="a"), Footnote("x", id="unused")],
        propaganda=[
            PropagandaRow("01", "Số lượng văn bản chỉ đạo", "Văn bản", Decimal(16)),
            PropagandaRow("", "Số người tham dự", "Người", Decimal(1088)),
        ],
        remediation=[
            RemediationItem(
                "1",
                "Tiêu chí 1: Công tác triển khai cải cách hành chính:",
                "Đoàn thẩm định đánh giá đạt 6,981/10 điểm.",
                findings=["- Tiêu chí 1.1: đạt 0/1,5 điểm.", "Tiêu chí 1.5.1: đạt 0/1,5 điểm."],
                remedies=["Xây dựng kế hoạch", "Tiếp tục vận động"],
                deadlines=["Thường xuyên"],
                progress=["Đã hoàn thành"],
            )
        ],
        values={
            "1.1.1": IndicatorValue(Decimal(38), "38 nhiệm vụ trọng tâm"),
            "3.1": IndicatorValue(Decimal(1088)),
            "3.1.a": IndicatorValue(Decimal(1000)),
            "3.1.b": IndicatorValue(Decimal(88)),
            "3.2": IndicatorValue(Decimal("98.734")),
        },
    )


@dataclass(frozen=True)
class FakeFinding:
    severity: str
    message: str


@pytest.fixture
def small_docx(tmp_path: Path) -> Path:
    path = tmp_path / "nho.docx"
    write_report_docx(small_report(), small_catalog(), path)
    return path


def demo() -> tuple[Report, Catalog]:
    report = report_from_dict(demo_report_data())
    return report, get_catalog(report.catalog_id, report.catalog_version)


@pytest.fixture(scope="module")
def demo_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report, catalog = demo()
    path = tmp_path_factory.mktemp("demo") / "bao-cao.docx"
    write_report_docx(report, catalog, path)
    return path


# --- helpers --------------------------------------------------------------------------------------
def _style_chain(doc: Any, style_id: str) -> list[Any]:
    chain = []
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iterchildren(qn("w:style"))}
    cur = styles.get(style_id)
    while cur is not None:
        chain.append(cur)
        based = cur.find(qn("w:basedOn"))
        cur = styles.get(based.get(qn("w:val"))) if based is not None else None
    return chain


def style_size(doc: Any, style_id: str) -> float:
    for st in _style_chain(doc, style_id):
        sz = st.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if sz is not None:
            return int(sz.get(qn("w:val"))) / 2
    raise AssertionError(f"style {style_id} has no size")


def style_flag(doc: Any, style_id: str, tag: str) -> bool:
    for st in _style_chain(doc, style_id):
        el = st.find(f"{qn('w:rPr')}/{qn(tag)}")
        if el is not None:
            return el.get(qn("w:val"), "1") not in ("0", "false")
    return False


def p_style(p: Any) -> str:
    ps = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if ps is None else str(ps.get(qn("w:val")))


def p_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def p_lines(p: Any) -> list[str]:
    """The text of a paragraph split at its explicit line breaks (w:br)."""
    out = [""]
    for el in p.iter(qn("w:t"), qn("w:br")):
        if el.tag == qn("w:br"):
            out.append("")
        else:
            out[-1] += el.text or ""
    return out


def body_paragraphs(doc: Any) -> list[Any]:
    return list(doc.element.body.iterchildren(qn("w:p")))


def tables(doc: Any) -> list[Any]:
    return list(doc.element.body.iterchildren(qn("w:tbl")))


def rows(tbl: Any) -> list[Any]:
    return list(tbl.iterchildren(qn("w:tr")))


def row_texts(tr: Any) -> list[str]:
    return [
        "\n".join(p_text(p) for p in tc.iterchildren(qn("w:p")))
        for tc in tr.iterchildren(qn("w:tc"))
    ]


def all_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def footnote_texts(path: Path) -> dict[int, str]:
    with zipfile.ZipFile(path) as z:
        from lxml import etree

        root = etree.fromstring(z.read("word/footnotes.xml"))
    out = {}
    for note in root.iterchildren(qn("w:footnote")):
        nid = int(note.get(qn("w:id")))
        if nid > 0:
            out[nid] = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
    return out


def references(doc: Any) -> list[int]:
    return [int(r.get(qn("w:id"))) for r in doc.element.body.iter(qn("w:footnoteReference"))]


# --- page setup, styles, fonts --------------------------------------------------------------------
def test_page_size_margins_and_sections(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    sections = doc.sections
    assert len(sections) == 4  # narrative, Phụ lục I, II, III
    for i, s in enumerate(sections):
        short, long = sorted((s.page_width, s.page_height))
        assert abs(short / EMU_PER_MM - 210) < 0.5 and abs(long / EMU_PER_MM - 297) < 0.5
        assert 20 <= round(s.top_margin / EMU_PER_MM) <= 25
        assert 20 <= round(s.bottom_margin / EMU_PER_MM) <= 25
        assert 30 <= round(s.left_margin / EMU_PER_MM) <= 35
        assert 15 <= round(s.right_margin / EMU_PER_MM) <= 20
        assert s.different_first_page_header_footer, "no page number on a part's first page"
        pg = s._sectPr.find(qn("w:pgNumType"))
        if i == 0:
            assert pg is None or pg.get(qn("w:start")) is None
        else:
            assert pg is not None and pg.get(qn("w:start")) == "1", "appendix numbered alone"
    orientations = [s.orientation for s in sections]
    assert orientations == [
        WD_ORIENTATION.PORTRAIT,
        WD_ORIENTATION.PORTRAIT,
        WD_ORIENTATION.LANDSCAPE,
        WD_ORIENTATION.PORTRAIT,
    ]
    assert sections[2].page_width > sections[2].page_height


def test_page_number_field_centred_in_header(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    header = doc.sections[0].header._element
    instr = " ".join(t.text or "" for t in header.iter(qn("w:instrText")))
    assert instr.strip() == "PAGE"
    kinds = [f.get(qn("w:fldCharType")) for f in header.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    p = header.find(qn("w:p"))
    assert p.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "center"
    first = doc.sections[0].first_page_header._element
    assert not list(first.iter(qn("w:instrText")))
    assert 13 <= style_size(doc, p_style(p)) <= 14


def test_every_style_in_use_sets_all_four_font_slots(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    xml = all_xml(small_docx)
    used = set()
    for name, text in xml.items():
        if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
            used |= set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', text))
    used.add("Normal")
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iterchildren(qn("w:style"))}
    assert used <= set(styles), used - set(styles)
    for sid in used:
        fonts = styles[sid].find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None, sid
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert fonts.get(qn(f"w:{slot}")) == TNR, (sid, slot)
        assert not any(k.endswith("Theme") for k in fonts.attrib), sid
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert all(fonts.get(qn(f"w:{s}")) == TNR for s in ("ascii", "hAnsi", "eastAsia", "cs"))


def test_style_sizes_follow_the_decree(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    ids = {s.name.casefold(): s.style_id for s in doc.styles}

    def sid(role: str) -> str:
        return ids[STYLE_NAMES[role].casefold()]

    assert style_size(doc, "Normal") == 14
    normal = doc.styles["Normal"].paragraph_format
    assert normal.alignment is not None and int(normal.alignment) == 3  # justified
    assert abs(normal.first_line_indent.cm - 1.27) < 0.01
    assert normal.space_after.pt >= 6
    for role, size, bold, italic in (
        ("agency_parent", 13, False, False),
        ("agency_name", 13, True, False),
        ("number", 13, False, False),
        ("national_title", 13, True, False),
        ("national_motto", 14, True, False),
        ("place_date", 14, False, True),
        ("title", 14, True, False),
        ("subject", 14, True, False),
        ("h1", 14, True, False),
        ("h2", 14, True, False),
        ("h3", 14, True, True),
        ("signer", 14, True, False),
        ("signer_name", 14, True, False),
        ("recipients_heading", 12, True, True),
        ("recipients_entry", 11, False, False),
        ("appendix_heading", 14, True, False),
        ("appendix_title", 14, True, False),
        ("appendix_reference", 14, False, True),
    ):
        assert style_size(doc, sid(role)) == size, role
        assert style_flag(doc, sid(role), "w:b") is bold, role
        assert style_flag(doc, sid(role), "w:i") is italic, role
    assert 10 <= style_size(doc, "FootnoteText") <= 12


# --- content --------------------------------------------------------------------------------------
def test_header_block(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    head = tables(doc)[0]
    borders = head.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert all(b.get(qn("w:val")) in ("nil", "none") for b in borders)
    top, bottom = rows(head)
    left, right = list(top.iterchildren(qn("w:tc")))
    lp = list(left.iterchildren(qn("w:p")))
    assert [p_text(p) for p in lp[:2]] == ["UBND TỈNH HÀ TĨNH", "SỞ TÀI CHÍNH"]
    assert [p_style(p) for p in lp] == ["AgencyParent", "AgencyName", "Rule"]
    rp = list(right.iterchildren(qn("w:p")))
    assert [p_text(p) for p in rp[:2]] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert p_style(rp[2]) == "Rule"
    number, place_date = row_texts(bottom)
    assert re.fullmatch(r"Số: [\u00a0 ]{3,}/BC-STC", number), "blank number keeps its space"
    assert place_date == "Hà Tĩnh, ngày 05 tháng 6 năm 2024"
    texts = [p_text(p) for p in body_paragraphs(doc)[:3]]
    assert texts[:2] == ["BÁO CÁO", "Cải cách hành chính 6 tháng đầu năm 2024"]


def test_rules_have_the_decreed_lengths(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    top = rows(tables(doc)[0])[0]
    left, right = list(top.iterchildren(qn("w:tc")))

    def rule_len(tc: Any) -> int:
        width = int(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w"))) - 216
        rule = next(p for p in tc.iterchildren(qn("w:p")) if p_style(p) == "Rule")
        ind = rule.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        return width - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right")))

    issuer = rule_len(left)
    motto = rule_len(right)
    # "SỞ TÀI CHÍNH" at 13 pt bold is about 2,9 cm wide; its rule 1/3-1/2 of that
    assert 0.33 * 1650 <= issuer <= 0.5 * 1700
    assert 3200 <= motto <= 3700  # "Độc lập - Tự do - Hạnh phúc" at 14 pt bold, about 6 cm


def test_narrative_headings_runs_and_dashes(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    paras = body_paragraphs(doc)
    by_text = {p_text(p): p for p in paras}
    # printed in the case it was typed: no forced capitals (seed 002 writes its headings so)
    assert p_style(by_text["I. Công tác chỉ đạo, điều hành cải cách hành chính"]) == "Heading1"
    assert p_style(by_text["1. Về kế hoạch cải cách hành chính"]) == "Heading2"
    assert p_style(by_text["2.1. Nội dung tuyên truyền"]) == "Heading3"
    assert p_style(by_text["- Tuyên truyền văn bản"]) == "Normal"
    rich = next(p for p in paras if p_text(p).startswith("Sở đã ban hành"))
    runs = list(rich.iterchildren(qn("w:r")))
    bold = [r for r in runs if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None]
    italic = [r for r in runs if r.find(f"{qn('w:rPr')}/{qn('w:i')}") is not None]
    assert [p_text(r) for r in bold] == ["kết quả"]
    assert [p_text(r) for r in italic] == [" (xem phụ lục)"]


def test_footnotes_numbered_in_order_and_referenced_once(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    notes = footnote_texts(small_docx)
    assert notes == {1: NOTE_A, 2: NOTE_B}  # text order, not the list's order; unused left out
    refs = references(doc)
    assert sorted(refs) == sorted(notes) and len(refs) == len(set(refs))


def test_signature_and_recipients(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    sig = tables(doc)[1]
    borders = sig.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert all(b.get(qn("w:val")) in ("nil", "none") for b in borders)
    left, right = list(rows(sig)[0].iterchildren(qn("w:tc")))
    lp = list(left.iterchildren(qn("w:p")))
    assert [p_text(p) for p in lp] == [
        "Nơi nhận:",
        "- Sở Nội vụ (b/c);",
        "- Sở TTTT;",
        "- Lưu: VT, VP.",
    ]
    assert [p_style(p) for p in lp] == ["RecipientsHeading"] + ["RecipientsEntry"] * 3
    rp = list(right.iterchildren(qn("w:p")))
    assert [p_text(p) for p in rp] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Chí Hiếu"]
    assert [p_style(p) for p in rp] == ["Signer", "Signer", "SignerName"]
    assert Document(str(small_docx)).styles["Signer Name"].paragraph_format.space_before.pt >= 48


def test_appendix_tables(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    report, catalog = small_report(), small_catalog()
    _, _, t1, t2, t3 = tables(doc)
    ref = report.appendix_reference()
    texts = [p_text(p) for p in body_paragraphs(doc)]
    for roman in ("I", "II", "III"):
        i = texts.index(f"PHỤ LỤC {roman}")
        assert texts[i + 2] == ref
    assert texts[texts.index("PHỤ LỤC I") + 1] == "BÁO CÁO TUYÊN TRUYỀN CCHC"

    assert len(rows(t1)) == 1 + len(report.propaganda)
    assert row_texts(rows(t1)[2]) == ["", "Số người tham dự", "Người", "1.088", ""]
    assert len(rows(t2)) == 1 + len(report.remediation)
    criterion = row_texts(rows(t2)[1])[1].split("\n")
    assert criterion == [
        "Tiêu chí 1: Công tác triển khai cải cách hành chính: Đoàn thẩm định đánh giá đạt "
        "6,981/10 điểm.",
        "- Tiêu chí 1.1: đạt 0/1,5 điểm.",
        "- Tiêu chí 1.5.1: đạt 0/1,5 điểm.",
    ]
    assert row_texts(rows(t2)[1])[2] == "- Xây dựng kế hoạch\n- Tiếp tục vận động"
    assert row_texts(rows(t2)[1])[3] == "Thường xuyên"

    enabled = catalog.enabled(report.optional_groups)
    body3 = rows(t3)[2:]
    assert len(rows(t3)) == 2 + len(enabled) and len(enabled) == 8  # optional group left out
    by_label = {row_texts(r)[1]: (r, row_texts(r)) for r in body3}
    assert by_label["Số nhiệm vụ đề ra trong kế hoạch"][1] == [
        "1.1.1.",
        "Số nhiệm vụ đề ra trong kế hoạch",
        "Nhiệm vụ",
        "38",
        "38 nhiệm vụ trọng tâm",
    ]
    assert by_label["Tổng số TTHC đang có hiệu lực"][1][3] == "1.088"
    assert by_label["Tỷ lệ hồ sơ giải quyết đúng hẹn"][1][3] == "98,73%"
    assert by_label["Số TTHC cấp tỉnh:"][1][0] == "Trong đó"
    assert by_label["Số TTHC cấp huyện:"][1][0] == ""
    tc = list(by_label["Số TTHC cấp tỉnh:"][0].iterchildren(qn("w:tc")))[1]
    assert int(tc.find(f".//{qn('w:ind')}").get(qn("w:left"))) > 0, "Trong đó rows indented"
    group = by_label["Công tác chỉ đạo điều hành CCHC"][0]
    assert group.find(f".//{qn('w:rPr')}/{qn('w:b')}") is not None, "group rows bold"


def test_appendix_tables_repeat_header_rows_and_never_split_rows(small_docx: Path) -> None:
    doc = Document(str(small_docx))
    for tbl, header_rows in zip(tables(doc)[2:], (1, 1, 2), strict=True):
        trs = rows(tbl)
        for i, tr in enumerate(trs):
            trpr = tr.find(qn("w:trPr"))
            assert trpr.find(qn("w:cantSplit")) is not None
            assert (trpr.find(qn("w:tblHeader")) is not None) is (i < header_rows)
        assert tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}").get(qn("w:val")) == "TableGrid"


def test_text_is_nfc_without_replacement_characters(small_docx: Path) -> None:
    for name, xml in all_xml(small_docx).items():
        assert unicodedata.is_normalized("NFC", xml), name
        assert "\ufffd" not in xml, name


def test_nfd_input_comes_out_nfc(tmp_path: Path) -> None:
    report = small_report()
    report.narrative.closing = [Paragraph.of(unicodedata.normalize("NFD", "Trên đây là báo cáo"))]
    path = tmp_path / "nfd.docx"
    write_report_docx(report, small_catalog(), path)
    xml = all_xml(path)["word/document.xml"]
    assert "Trên đây là báo cáo" in xml and unicodedata.is_normalized("NFC", xml)


def test_long_subject_and_unit_name_are_printed_whole_and_clipped_only_in_properties(
    tmp_path: Path,
) -> None:
    """Word refuses core properties over 255 characters; the printed text keeps every word."""
    report = small_report()
    report.subject = ("Cải cách hành chính 6 tháng đầu năm 2024 " * 8)[:300]
    report.unit.name = ("Trung tâm Phục vụ hành chính công tỉnh " * 8)[:300]
    assert len(report.subject) == len(report.unit.name) == 300
    path = tmp_path / "dai.docx"
    for draft in (True, False):
        export_docx(report, small_catalog(), path, draft=draft, findings=[])
        doc = Document(str(path))
        subjects = [p_text(p) for p in body_paragraphs(doc) if p_style(p) == "ReportSubject"]
        assert subjects == [report.subject.strip()]
        issuer = [p_text(p) for p in tables(doc)[0].iter(qn("w:p")) if p_style(p) == "AgencyName"]
        assert issuer == [report.unit.name.upper()]
        props = doc.core_properties
        assert len(props.title) <= 255 and len(props.author) <= 255
        assert props.title.endswith("…") and props.author.endswith("…")
        start = f"{DRAFT_MARK} - " if draft else ""
        assert props.title.startswith(start + report.subject[:200])
        assert props.author.startswith(report.unit.name[:200])
    short = small_report()
    export_docx(short, small_catalog(), path, draft=False, findings=[])
    assert Document(str(path)).core_properties.title == short.subject  # short text is not touched


# --- draft and final ------------------------------------------------------------------------------
def _header_text(path: Path) -> str:
    return " ".join(t for n, t in all_xml(path).items() if n.startswith("word/header"))


def test_draft_carries_a_visible_mark_and_final_does_not(tmp_path: Path, small_docx: Path) -> None:
    draft = tmp_path / "du-thao.docx"
    write_report_docx(small_report(), small_catalog(), draft, draft=True)
    assert DRAFT_MARK in _header_text(draft)
    assert DRAFT_MARK not in _header_text(small_docx)
    doc = Document(str(draft))
    first = doc.sections[0].first_page_header._element
    p = first.find(qn("w:p"))
    assert p_style(p) == "DraftMark"
    # Every other page too: the default header holds the mark beside the centred page number,
    # and every appendix section shows the same headers.
    header = doc.sections[0].header._element
    marks = [p for p in header.iter(qn("w:p")) if DRAFT_MARK in p_text(p)]
    assert [p_style(p) for p in marks] == ["DraftMark"]
    number = next(p for p in header.iter(qn("w:p")) if list(p.iter(qn("w:instrText"))))
    assert " ".join(t.text for t in number.iter(qn("w:instrText"))).strip() == "PAGE"
    assert number.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "center"
    tbl = header.find(qn("w:tbl"))
    assert tbl.find(f"{qn('w:tblPr')}/{qn('w:tblW')}").get(qn("w:type")) == "pct"
    for section in doc.sections[1:]:  # the same header parts (or linked to them)
        assert section.header.part is doc.sections[0].header.part
        assert section.first_page_header.part is doc.sections[0].first_page_header.part
    style = doc.styles["Draft Mark"].element
    assert style.find(f"{qn('w:rPr')}/{qn('w:bdr')}") is not None, "boxed"
    color = style.find(f"{qn('w:rPr')}/{qn('w:color')}")
    assert color is None or color.get(qn("w:val")) in ("000000", "auto"), "prints in black"


def test_final_export_refuses_on_errors_and_lists_them(tmp_path: Path) -> None:
    out = tmp_path / "a.docx"
    findings = [
        FakeFinding("error", "Chỉ tiêu 1.1.2 lớn hơn 1.1.1"),
        FakeFinding("warning", "Số liệu giảm so với kỳ trước"),
        FakeFinding("error", "Thiếu người ký"),
    ]
    with pytest.raises(UserError) as info:
        export_docx(small_report(), small_catalog(), out, draft=False, findings=findings)
    msg = info.value.message
    assert msg.startswith("Báo cáo còn 2 lỗi nên chỉ xuất được bản dự thảo")
    assert "--draft" in msg and "trang Kiểm tra" in msg
    assert "Chỉ tiêu 1.1.2 lớn hơn 1.1.1" in msg and "Thiếu người ký" in msg
    assert "giảm" not in msg
    assert not out.exists()

    export_docx(small_report(), small_catalog(), out, draft=True, findings=findings)
    assert DRAFT_MARK in _header_text(out)
    export_docx(small_report(), small_catalog(), out, draft=False, findings=findings[1:2])
    assert DRAFT_MARK not in _header_text(out)


def test_findings_from_the_rules_engine_are_understood(tmp_path: Path) -> None:
    from cchc_desktop.domain.rules.model import Finding, Severity

    finding = Finding(Severity.ERROR, "r1", ("1.1.2",), "Lỗi thật")
    with pytest.raises(UserError, match="Lỗi thật"):
        export_docx(
            small_report(), small_catalog(), tmp_path / "a.docx", draft=False, findings=[finding]
        )


# --- templates and saving -------------------------------------------------------------------------
def test_own_template_with_the_same_style_names(tmp_path: Path) -> None:
    own = tmp_path / "mau-rieng.docx"
    doc = Document(str(default_template()))
    doc.styles["Normal"].font.size = 13 * 12700
    doc.add_paragraph("nội dung cũ của mẫu")
    doc.save(str(own))
    out = tmp_path / "a.docx"
    write_report_docx(small_report(), small_catalog(), out, template=own)
    result = Document(str(out))
    assert style_size(result, "Normal") == 13
    assert "nội dung cũ của mẫu" not in all_xml(out)["word/document.xml"]


def test_template_missing_styles_is_a_clear_error(tmp_path: Path) -> None:
    bare = tmp_path / "bare.docx"
    Document().save(str(bare))
    with pytest.raises(FileProblemError, match="Agency Name"):
        write_report_docx(small_report(), small_catalog(), tmp_path / "a.docx", template=bare)
    notdocx = tmp_path / "x.docx"
    notdocx.write_text("không phải docx")
    with pytest.raises(FileProblemError, match=r"x\.docx"):
        write_report_docx(small_report(), small_catalog(), tmp_path / "a.docx", template=notdocx)


def test_locked_target_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileProblemError, match="đang được mở"):
        write_report_docx(small_report(), small_catalog(), target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


# --- the reference report (Sở Tài chính Hà Tĩnh, 6 tháng 2024) ------------------------------------
def test_demo_report_structure(demo_docx: Path) -> None:
    report, catalog = demo()
    doc = Document(str(demo_docx))
    notes = footnote_texts(demo_docx)
    assert len(notes) == 4
    assert list(notes.values()) == [f.text for f in report.footnotes_in_order()]
    assert notes[1] == NOTE_A
    refs = references(doc)
    assert sorted(refs) == [1, 2, 3, 4] and len(refs) == 4
    _, _, t1, t2, t3 = tables(doc)
    assert len(rows(t1)) - 1 == len(report.propaganda) == 7
    assert len(rows(t2)) - 1 == len(report.remediation) == 7
    assert len(rows(t3)) - 2 == len(catalog.enabled(report.optional_groups))
    assert [s.orientation for s in doc.sections][2] == WD_ORIENTATION.LANDSCAPE
    texts = [p_text(p) for p in body_paragraphs(doc)]
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH" in texts
    assert row_texts(rows(tables(doc)[0])[1])[1] == "Hà Tĩnh, ngày 15 tháng 6 năm 2024"
    for name, xml in all_xml(demo_docx).items():
        assert unicodedata.is_normalized("NFC", xml) and "\ufffd" not in xml, name


# --- printed pages (LibreOffice) ------------------------------------------------------------------
def _pdf(docx: Path, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot render the document")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdftotext, pdfinfo) are not installed")
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert pdf.exists()
    return pdf


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.libreoffice
def test_demo_pdf_pages_and_page_numbers(demo_docx: Path, tmp_path: Path) -> None:
    pdf = _pdf(demo_docx, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    assert 15 <= pages <= 30, pages  # 8 pages of narrative + appendices with Liberation fonts
    first = _page_text(pdf, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert first.lstrip().split("\n", 1)[0].strip() != "1", "no number on page 1"
    assert _page_text(pdf, 2).lstrip().split("\n", 1)[0].strip() == "2"
    starts = [p for p in range(1, pages + 1) if "PHỤ LỤC" in _page_text(pdf, p)[:400]]
    assert len(starts) == 3, starts
    for start in starts:  # each appendix starts unnumbered and counts again from 1
        assert _page_text(pdf, start).lstrip().startswith("PHỤ LỤC")
    after_iii = _page_text(pdf, starts[2] + 1).lstrip()
    assert after_iii.split("\n", 1)[0].strip() == "2"
    assert "STT" in after_iii[:300], "Phụ lục III header row repeated"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "\ufffd" not in text


# --- wording from the report template, figures, column sizing --------------------------------------
def test_appendix_titles_come_from_the_report_template(tmp_path: Path) -> None:
    layout = default_layout()
    assert layout == layout_from_template(report_template())
    assert dict(layout.appendix_titles) == report_template()["appendix_titles"]
    own = DocxLayout(
        appendix_titles={
            "i": "Tuyên truyền {year}",
            "ii": "Khắc phục {period}, đánh giá năm {prev_year} của {unit}",
            "iii": "Số liệu {next_period}",
        },
        appendix_heading="Phụ lục {roman}",
    )
    out = tmp_path / "a.docx"
    write_report_docx(small_report(), small_catalog(), out, layout=own)
    paras = body_paragraphs(Document(str(out)))
    headings = [p for p in paras if p_style(p) == "AppendixHeading"]
    assert [p_text(p) for p in headings] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    titles = [" ".join(p_lines(p)) for p in paras if p_style(p) == "AppendixTitle"]
    assert titles == [
        "TUYÊN TRUYỀN 2024",  # the decree: appendix titles in capitals
        "KHẮC PHỤC 6 THÁNG ĐẦU NĂM 2024, ĐÁNH GIÁ NĂM 2023 CỦA SỞ TÀI CHÍNH",
        "SỐ LIỆU QUÝ III/2024",
    ]


def test_default_titles_follow_seed_004(demo_docx: Path) -> None:
    paras = body_paragraphs(Document(str(demo_docx)))
    titles = [" ".join(p_lines(p)) for p in paras if p_style(p) == "AppendixTitle"]
    assert titles == [
        "BÁO CÁO TUYÊN TRUYỀN CCHC",
        "KẾT QUẢ KHẮC PHỤC TRONG 6 THÁNG ĐẦU NĂM 2024 ĐỐI VỚI CÁC TỒN TẠI, HẠN CHẾ TRONG CÔNG"
        " TÁC CCHC VÀ CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM TRONG ĐỢT THẨM ĐỊNH, ĐÁNH GIÁ CCHC CỦA TỈNH NĂM"
        " 2023",
        "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
    ]


def test_a_template_without_appendix_titles_is_a_clear_error() -> None:
    data = dict(report_template())
    data["appendix_titles"] = {"i": "A", "ii": ""}
    with pytest.raises(FileProblemError, match=r"thiếu tên phụ lục.*“ii”.*“iii”"):
        layout_from_template(data)


def test_long_appendix_titles_break_into_even_lines(demo_docx: Path) -> None:
    doc = Document(str(demo_docx))
    landscape = doc.sections[2]
    width = (landscape.page_width - landscape.left_margin - landscape.right_margin) // 635
    paras = body_paragraphs(doc)
    title = [p for p in paras if p_style(p) == "AppendixTitle"][1]
    lines = p_lines(title)
    assert len(lines) == 3
    sizes = [text_width_twips(line, 14, bold=True) for line in lines]
    assert max(sizes) <= width
    assert min(sizes) >= 0.8 * max(sizes), "no short last line"


def test_counts_below_ten_have_a_leading_zero_like_seed_004(tmp_path: Path) -> None:
    report = small_report()
    report.propaganda[0].quantity = Decimal(6)
    report.values["3.1.a"] = IndicatorValue(Decimal(5))
    report.values["3.1.b"] = IndicatorValue(Decimal(0))
    report.values["3.2"] = IndicatorValue(Decimal(5))
    out = tmp_path / "a.docx"
    write_report_docx(report, small_catalog(), out)
    t1, t3 = tables(Document(str(out)))[2], tables(Document(str(out)))[4]
    assert [row_texts(r)[3] for r in rows(t1)[1:]] == ["06", "1.088"]
    values = {row_texts(r)[1]: row_texts(r)[3] for r in rows(t3)[2:]}
    assert values["Số TTHC cấp tỉnh:"] == "05"
    assert values["Số TTHC cấp huyện:"] == "0", "zero stays 0"
    assert values["Tỷ lệ hồ sơ giải quyết đúng hẹn"] == "5%", "percentages are not counts"
    assert values["Tổng số TTHC đang có hiệu lực"] == "1.088"

    plain = DocxLayout(default_layout().appendix_titles, count_leading_zero=False)
    write_report_docx(report, small_catalog(), out, layout=plain)
    t3 = tables(Document(str(out)))[4]
    values = {row_texts(r)[1]: row_texts(r)[3] for r in rows(t3)[2:]}
    assert values["Số TTHC cấp tỉnh:"] == "5"


def test_demo_figures_print_as_in_seed_004(demo_docx: Path) -> None:
    doc = Document(str(demo_docx))
    _, _, t1, _, t3 = tables(doc)
    assert [row_texts(r)[3] for r in rows(t1)[1:]] == ["16", "0", "01", "01", "80", "01", "01"]
    by_code = {row_texts(r)[0]: row_texts(r) for r in rows(t3)[2:]}
    assert by_code["3.1.3."][3] == "06"
    assert by_code["2.1."][3] == "02"
    assert by_code["4.2.1."][3] == "63"
    assert by_code["3.3.3."][3] == "100%"


def test_unit_cells_keep_choice_codes_and_phrases_whole(demo_docx: Path) -> None:
    doc = Document(str(demo_docx))
    t3 = tables(doc)[4]
    widths = [int(g.get(qn("w:w"))) for g in t3.iter(qn("w:gridCol"))]
    by_label = {row_texts(r)[1]: r for r in rows(t3)[2:]}
    unit_p = list(list(by_label["Hình thức khảo sát"].iterchildren(qn("w:tc")))[2])[1]
    assert [line.replace("\u00a0", " ") for line in p_lines(unit_p)] == [
        "Trực tuyến = 0",
        "Phát phiếu = 1",
        "Kết hợp = 2",
    ]
    for line in p_lines(unit_p):  # "= 0" never wraps onto a line of its own
        assert re.search(r"\u00a0=\u00a0\d$", line), line
    inner = widths[2] - 216
    assert text_width_twips("Trực tuyến = 0", 12) <= inner, "a choice fits on its line"
    # a choice row prints the catalog's codes, not the printed form's duplicated ones
    defect = list(
        list(
            by_label["Thực hiện tuyển chọn, bổ nhiệm lãnh đạo qua thi tuyển"].iterchildren(
                qn("w:tc")
            )
        )[2]
    )[1]
    assert [line.replace("\u00a0", " ") for line in p_lines(defect)] == [
        "Chưa thực hiện = 0",
        "Đã thực hiện = 1",
    ]
    unit = row_texts(by_label["Số phòng, ban, đơn vị trực thuộc đã kiểm tra"])[2]
    assert unit.replace("\u00a0", " ") == "Cơ quan, đơn vị"
    if text_width_twips("Cơ quan, đơn vị", 12) > inner:  # breaks only after the comma
        assert unit == "Cơ\u00a0quan, đơn\u00a0vị"
    # STT wide enough for the deepest code and for "Trong đó"
    stts = [row_texts(r)[0] for r in rows(t3)[2:]]
    assert "Trong đó" in stts
    longest = max(text_width_twips(s, 12, bold=True) for s in stts)
    assert longest <= widths[0] - 216
    section = doc.sections[3]
    assert sum(widths) == (section.page_width - section.left_margin - section.right_margin) // 635


# --- header details -------------------------------------------------------------------------------
def test_date_line_uses_the_decrees_leading_zeros(tmp_path: Path) -> None:
    for day, expected in (
        (dt.date(2024, 2, 5), "Hà Tĩnh, ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 1, 15), "Hà Tĩnh, ngày 15 tháng 01 năm 2024"),
        (dt.date(2024, 3, 9), "Hà Tĩnh, ngày 09 tháng 3 năm 2024"),
        (dt.date(2024, 12, 20), "Hà Tĩnh, ngày 20 tháng 12 năm 2024"),
    ):
        report = small_report()
        report.date = day
        out = tmp_path / "a.docx"
        write_report_docx(report, small_catalog(), out)
        head = tables(Document(str(out)))[0]
        assert row_texts(rows(head)[1])[1] == expected


def test_number_below_ten_gets_a_leading_zero_and_kinh_gui(tmp_path: Path) -> None:
    report = small_report()
    report.number = "5"
    report.recipient_to = "Sở Nội vụ"
    out = tmp_path / "a.docx"
    write_report_docx(report, small_catalog(), out)
    doc = Document(str(out))
    assert row_texts(rows(tables(doc)[0])[1])[0] == "Số: 05/BC-STC"
    paras = body_paragraphs(doc)
    assert [(p_style(p), p_text(p)) for p in paras[:4]] == [  # as Quảng Ngãi's 2019 report
        ("ReportTitle", "BÁO CÁO"),
        ("ReportSubject", "Cải cách hành chính 6 tháng đầu năm 2024"),
        ("Rule", ""),
        ("RecipientTo", "Kính gửi: Sở Nội vụ"),
    ]
    style = doc.styles["Recipient To"]
    assert style.font.size.pt in (13, 14) and not style.font.bold


def test_blocks_take_their_look_from_styles_only(demo_docx: Path) -> None:
    """Fonts and sizes of each block come from the template's styles: no run overrides them
    (so a unit's own template restyles everything), and every paragraph has a known style."""
    doc = Document(str(demo_docx))
    known = {s.style_id for s in doc.styles}
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        assert p_style(p) in known, p_style(p)
    for rpr in body.iter(qn("w:rPr")):
        assert rpr.find(qn("w:rFonts")) is None
        sz = rpr.find(qn("w:sz"))
        # the only size set directly: the 1 pt mark of the paragraphs that carry a section break
        if sz is not None:
            assert sz.get(qn("w:val")) == "2"
            assert rpr.getparent().tag == qn("w:pPr")
            assert rpr.getparent().find(qn("w:sectPr")) is not None
    styles_by_block = {
        "header": {"AgencyParent", "AgencyName", "Rule", "NationalTitle", "NationalMotto"},
        "number": {"DocumentNumber", "PlaceDate"},
    }
    head = tables(doc)[0]
    top, bottom = rows(head)
    assert {p_style(p) for p in top.iter(qn("w:p"))} == styles_by_block["header"]
    assert {p_style(p) for p in bottom.iter(qn("w:p"))} == styles_by_block["number"]
    for tbl in tables(doc)[2:]:
        for i, tr in enumerate(rows(tbl)):
            got = {p_style(p) for p in tr.iter(qn("w:p"))}
            assert got == ({"TableHeading"} if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
                           is not None else {"TableText"}), i  # fmt: skip
    notes = zipfile.ZipFile(demo_docx).read("word/footnotes.xml").decode()
    assert notes.count('w:pStyle w:val="FootnoteText"') == 4
    assert 10 <= style_size(doc, "FootnoteText") <= 12


# --- the command line: exit codes, messages, the old file kept -------------------------------------
OLD_DOCX = b"PK old report, must survive"


def _folder_after(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_cli_final_export_with_errors_exits_1_and_lists_them(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert cli("set", str(demo_id), "1.1.2", "99")[0] == 0  # more done than planned: an error
    code, out, err = cli("export-docx", str(demo_id), str(out_dir / "bao-cao.docx"))
    assert code == 1, err
    assert "Báo cáo còn 1 lỗi nên chỉ xuất được bản dự thảo" in err and "--draft" in err
    assert "(1.1.2) ghi 99" in err
    assert "Traceback" not in err and out == ""
    assert _folder_after(out_dir) == []

    code, out, err = cli("export-docx", str(demo_id), str(out_dir / "bao-cao.docx"), "--draft")
    assert code == 0, err
    assert "Đã xuất bản dự thảo" in out and "1 lỗi" in err
    assert DRAFT_MARK in _header_text(out_dir / "bao-cao.docx")
    assert _folder_after(out_dir) == ["bao-cao.docx"]


def test_cli_final_export_of_a_clean_report(cli: Cli, demo_id: int, tmp_path: Path) -> None:
    code, out, err = cli("export-docx", str(demo_id), str(tmp_path / "bao-cao"))
    assert code == 0, err
    assert out.strip() == f"Đã xuất bản chính thức: {tmp_path / 'bao-cao.docx'}"
    assert DRAFT_MARK not in _header_text(tmp_path / "bao-cao.docx")


def test_refusal_is_a_findings_result() -> None:
    refused = FinalExportRefused([FakeFinding("error", "x")])
    assert isinstance(refused, UserError) and refused.exit_code == 1


def _old_target(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "bao-cao.docx"
    target.write_bytes(OLD_DOCX)
    return target


def _assert_kept(target: Path) -> None:
    assert target.read_bytes() == OLD_DOCX
    assert _folder_after(target.parent) == [target.name], "no temp file left"


def test_cli_target_open_in_word(
    cli: Cli, demo_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _old_target(tmp_path)

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")  # what Windows gives for Word

    monkeypatch.setattr(os, "replace", locked)
    code, _, err = cli("export-docx", str(demo_id), str(target))
    assert code == 2
    assert "tệp đang được mở trong Word" in err and "Hãy đóng tệp rồi thử lại" in err
    assert "Traceback" not in err
    _assert_kept(target)


def test_cli_read_only_folder(
    cli: Cli, demo_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _old_target(tmp_path)
    if os.name != "nt" and os.geteuid() != 0:
        os.chmod(target.parent, 0o555)  # a real read-only folder where permissions apply
    else:
        import tempfile

        def refused(*args: object, **kwargs: object) -> object:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refused)
    try:
        code, _, err = cli("export-docx", str(demo_id), str(target))
    finally:
        os.chmod(target.parent, 0o755)
    assert code == 2
    assert "chỉ cho phép đọc" in err and "Hãy lưu vào thư mục khác" in err
    _assert_kept(target)


def test_cli_full_disk(
    cli: Cli, demo_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _old_target(tmp_path)
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])  # half written, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.fh, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: FullDisk(real_fdopen(fd, mode)))
    code, _, err = cli("export-docx", str(demo_id), str(target))
    assert code == 2
    assert "ổ đĩa đã đầy" in err and "Tệp cũ (nếu có) vẫn được giữ nguyên" in err
    _assert_kept(target)


def test_cli_own_template_lacking_a_style(cli: Cli, demo_id: int, tmp_path: Path) -> None:
    own = tmp_path / "mau-rieng.docx"
    doc = Document(str(default_template()))
    signer = doc.styles["Signer Name"].element
    signer.getparent().remove(signer)
    doc.save(str(own))
    target = _old_target(tmp_path)
    code, _, err = cli("export-docx", str(demo_id), str(target), "--template", str(own))
    assert code == 2
    assert "Mẫu Word thiếu các kiểu (style)" in err and "“Signer Name”" in err
    _assert_kept(target)
    code, _, err = cli(
        "export-docx", str(demo_id), str(target), "--template", str(tmp_path / "x.docx")
    )
    assert code == 2 and "Không mở được mẫu Word “x.docx”" in err
    _assert_kept(target)


@pytest.mark.libreoffice
def test_demo_draft_pdf_marks_every_page(tmp_path: Path) -> None:
    report, catalog = demo()
    draft = tmp_path / "du-thao.docx"
    write_report_docx(report, catalog, draft, draft=True)
    pdf = _pdf(draft, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    tops = [_page_text(pdf, p).lstrip().split("\n", 1)[0].split() for p in range(1, pages + 1)]
    assert all(" ".join(top[-2:]) == DRAFT_MARK for top in tops), tops
    assert tops[0] == DRAFT_MARK.split(), "page 1: the mark, no number"
    assert tops[1] == ["2", *DRAFT_MARK.split()], "page 2: its number, centred, and the mark"
    # the mark sits in the top margin: the body starts where it does in the final version
    final = tmp_path / "final.docx"
    write_report_docx(report, catalog, final)
    final_pdf = _pdf(final, tmp_path)

    def body(path: Path, page: int) -> list[str]:
        return [line.strip() for line in _page_text(path, page).split("\n") if line.strip()][1:]

    assert body(final_pdf, 2) == body(pdf, 2)
