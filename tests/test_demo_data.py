"""The demo report (resources/demo): the reference report as report JSON, nothing invented, nothing lost."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from cchc_desktop.assets import report_template
from cchc_desktop.domain.catalog import IndicatorKind
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import ParagraphStyle, Report
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.services.catalogs import demo_report_data, get_catalog

# the reference report (a department's 6-month 2024 CCHC report), transcribed, committed with the tests
SEED = (
    Path(__file__).parent / "fixtures" / "seeds" / "004-bao-cao-cchc-stc-ha-tinh-6-thang-2024.txt"
)


def squash(text: str) -> str:
    """Compare text without markdown markers, footnote marks and whitespace differences."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"<sup>\d+</sup>", "", text)
    text = text.replace("\\", "").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def report() -> Report:
    return report_from_dict(demo_report_data())


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_header_and_signature(report: Report) -> None:
    assert report.unit.name == "Sở Tài chính"
    assert report.unit.parent_authority == "UBND TỈNH HÀ TĨNH"
    assert report.period == Period(2024, PeriodKind.H1)
    assert (report.catalog_id, report.catalog_version) == ("phu-luc-iii-ha-tinh", "2024.1")
    assert report.number == "" and report.number_symbol == "/BC-STC"
    assert report.place_date_line() == "Hà Tĩnh, ngày 15 tháng 6 năm 2024"
    assert report.subject == "Cải cách hành chính 6 tháng đầu năm 2024"
    assert (report.signer.authority, report.signer.title, report.signer.name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Phạm Chí Hiếu",
    )
    assert report.recipients == ["Sở Nội vụ (b/c);", "Sở TTTT;", "Sở KHCN;", "Lưu: VT, VP."]
    assert report.status.value == "draft"


def test_key_figures(report: Report) -> None:
    expected = {
        "1.1.1": "38",
        "1.3.1": "273",
        "1.3.2": "224",
        "3.1.3": "6",
        "3.1.3.1": "5",
        "3.1.3.2": "1",
        "3.1.3.3": "0",
        "4.2.1": "63",
        "4.2.2": "59",
        "3.4.1": "100",
        "7.1.6.2.2": "0",
        "7.2.6.1": "23",
    }
    for code, value in expected.items():
        assert report.value(code) == Decimal(value), code
    assert report.value("7.1.1") == "Đảm bảo"
    assert report.value("7.2.6") == "Thực hiện theo quy định"
    assert report.values["1.1.1"].note == "38 nhiệm vụ trọng tâm"
    assert report.values["1.3.2"].note == "Số nhiệm vụ còn lại đang thực hiện trong hạn"
    assert report.values["7.1.9"].note == "Đã thực hiện" and report.value("7.1.9") is None
    assert "4.2.5" not in report.values  # an empty cell is not reported, not zero


def test_every_value_fits_the_catalog(report: Report) -> None:
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    assert len(report.values) == 84
    for code, iv in report.values.items():
        ind = catalog.get(code)
        assert ind.has_value, code
        assert ind.optional_group is None, code
        if iv.value is None:
            assert iv.note, code
        elif ind.kind is IndicatorKind.TEXT:
            assert isinstance(iv.value, str), code
        else:
            assert isinstance(iv.value, Decimal) and iv.value >= 0, code
            if ind.kind is IndicatorKind.CHOICE:
                assert ind.choice_label(iv.value) is not None, code


def test_footnotes(report: Report) -> None:
    texts = {f.id: f.text for f in report.footnotes}
    assert texts == {
        "fn1": "Kế hoạch số 191/KH-STC ngày 11/01/2024 của Sở Tài chính về công tác CCHC năm 2024.",
        "fn2": "Kế hoạch số 265/KH-STC ngày 16/01/2024 của Sở Tài chính về tuyên truyền cải cách "
        "hành chính, Chỉ số năng lực cạnh tranh cấp tỉnh (PCI), Chỉ số đánh giá năng lực cạnh "
        "tranh các đơn vị, địa phương (DDCI) năm 2024.",
        "fn3": "Kế hoạch số 1794/KH-STC ngày 26/4/2024 của Sở Tài chính về khắc phục các tồn tại, "
        "hạn chế trong công tác CCHC, các tiêu chí bị trừ điểm trong đợt thẩm định, đánh giá "
        "CCHC của tỉnh năm 2023",
        "fn4": "Kế hoạch số 326/KH-STC ngày 19/01/2024 của Sở Tài chính về việc duy trì và áp dụng "
        "Hệ thống quản lý chất lượng theo TCVN ISO 9001: 2015 năm 2024.",
    }
    refs = [fid for p in report.narrative.paragraphs() for fid in p.footnote_ids()]
    assert refs == ["fn1", "fn2", "fn3", "fn4"]
    assert [f.id for f in report.footnotes_in_order()] == ["fn1", "fn2", "fn3", "fn4"]
    first = report.narrative.sections[0].children[0].paragraphs[0]
    before = [r.text for r in first.runs]
    assert before[0].endswith("Sở Tài chính đã ban hành Kế hoạch CCHC năm 2023")
    assert before[2].startswith(". Trên cơ sở bám sát")


def test_narrative_outline(report: Report) -> None:
    numbered = [(label, sec.title) for label, _, sec in report.narrative.numbered()]
    assert numbered[0] == ("I.", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH")
    assert ("4.1.", "Nội dung tuyên truyền") in numbered
    assert ("6.2.", "Áp dụng ISO trong hoạt động của đơn vị") in numbered
    assert numbered[-1] == ("III.", "MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ III/2024")
    assert [len(s.children) for s in report.narrative.sections] == [4, 6, 0]
    assert len(report.narrative.sections[2].paragraphs) == 8
    assert report.narrative.intro[0].text.startswith("Thực hiện Kế hoạch công tác cải cách")
    assert report.narrative.closing[0].text.startswith("Trên đây là báo cáo kết quả")
    dashes = [p for p in report.narrative.paragraphs() if p.style is ParagraphStyle.DASH]
    assert dashes and not any(p.text.startswith("- ") for p in dashes)  # the export adds it
    # seed 004's "- * Kết quả: ..." paragraphs are dash paragraphs whose text starts with "* "
    assert sum(p.text.startswith("* ") for p in dashes) == 2
    italic = [r.text for p in report.narrative.paragraphs() for r in p.runs if r.italic]
    assert "(Có Phụ lục theo biểu mẫu gửi kèm)" in italic
    assert "kết quả thực hiện được thống kê theo phụ lục gửi kèm" in italic


def test_nothing_invented(report: Report, seed_text: str) -> None:
    # the footnote texts sit where the page broke, inside the paragraph they cut in two
    body = re.sub(r"(?m)^(<sup>\d+</sup> .*|---)$", "", seed_text)
    seed = squash(body)
    paragraphs = list(report.narrative.paragraphs())
    assert len(paragraphs) == 55
    for para in paragraphs:
        assert squash(para.text) in seed, para.text[:80]
    for sec in (s for _, _, s in report.narrative.numbered()):
        assert squash(sec.title) in seed, sec.title
    # a paragraph the page break cut in two is one paragraph again
    joined = "tham mưu công tác CCHC. Nhờ đó, công tác CCHC đã được triển khai"
    assert any(joined in p.text for p in paragraphs)


def test_propaganda(report: Report) -> None:
    rows = report.propaganda
    assert len(rows) == 7
    assert [r.number for r in rows] == ["01", "02", "03", "04", "", "05", "06"]
    assert [r.quantity for r in rows] == [Decimal(q) for q in ("16", "0", "1", "1", "80", "1", "1")]
    assert rows[4].label == "Số người tham dự các lớp tập huấn về công tác CCHC"


def test_remediation(report: Report, seed_text: str) -> None:
    items = report.remediation
    assert [i.number for i in items] == [str(n) for n in range(1, 8)]
    assert items[0].criterion == "Tiêu chí 1: Công tác triển khai cải cách hành chính:"
    assert items[0].assessment == (
        "Đoàn thẩm định đánh giá đạt 6,981/10 điểm. Bị trừ các tiêu chí cụ thể sau:"
    )
    assert (items[0].score_got, items[0].score_max) == (Decimal("6.981"), Decimal("10"))
    assert [(i.score_got, i.score_max) for i in items[1:]] == [
        (Decimal(a), Decimal(b))
        for a, b in [
            ("9.75", "10.75"),
            ("13.309", "14"),
            ("10", "10.5"),
            ("14.687", "16"),
            ("11.5", "13"),
            ("14.682", "16"),
        ]
    ]
    assert len(items[0].findings) == 3 and items[0].findings[0].startswith("Tiêu chí 1.1:")
    assert len(items[4].findings) == 5
    assert any("GCS&TCDN" in f for f in items[4].findings)
    assert any("Tiêu chí 7b: Áp dụng Hệ thống quản lý chất lượng" in f for f in items[6].findings)
    assert any("&lt;" not in f and "<90%" in f for f in items[6].findings)
    cells = re.sub(r"<[^>]+>", " ", seed_text)  # the table's markup, then its entities
    seed = squash(cells.replace("&amp;", "&").replace("&lt;", "<"))
    for item in items:
        for text in [item.criterion, item.assessment, *item.findings, *item.remedies]:
            assert squash(text) in seed, text[:80]
        for text in [*item.deadlines, *item.progress]:
            assert squash(text) in seed, text[:80]


def test_template() -> None:
    tpl = report_template()
    assert tpl["id"] == "bao-cao-cchc"
    titles = [s["title"] for s in tpl["outline"]]
    assert titles[-1] == "MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG {next_period}"
    assert "{unit}" in tpl["intro"] and "{period}" in tpl["intro"]
    assert tpl["recipients"] == ["Sở Nội vụ (b/c);", "Lưu: VT, VP."]
    assert len(tpl["propaganda"]) == 7
    assert all(r["quantity"] is None for r in tpl["propaganda"])
    assert set(tpl["appendix_titles"]) == {"i", "ii", "iii"}


def test_demo_json_is_nfc() -> None:
    path = Path(__file__).resolve().parents[1] / "resources" / "demo"
    for f in path.glob("*.json"):
        assert unicodedata.is_normalized("NFC", f.read_text(encoding="utf-8")), f.name
