"""The pure parts of the Word import: number and symbol, place and date, period, heading numbers,
signer lines, the unit's name, and recognise() on small documents built from its neutral model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.word_import import (
    HeadingMark,
    PlaceDate,
    WordDocument,
    WordParagraph,
    WordRun,
    WordTable,
    abbreviation_of,
    heading_mark,
    is_authority_line,
    parse_number_symbol,
    parse_place_date,
    period_from_text,
    proper_case,
    recognise,
    signer_from_lines,
)
from cchc_desktop.services.catalogs import get_catalog


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số: 1792 /BC-VP", ("1792", "BC-VP")),
        ("Số: 05/BC-STC", ("05", "BC-STC")),
        ("Số: /BC-STC", ("", "BC-STC")),
        ("Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-STC", ("", "BC-STC")),
        ("Số 123/BC-UBND", ("123", "BC-UBND")),
        ("số: 12/BC-SNV.", ("12", "BC-SNV")),
        ("Sở Tài chính", None),
        ("Số liệu năm 2024", None),
    ],
)
def test_number_symbol(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_number_symbol(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà Tĩnh, ngày 15 tháng 6 năm 2024", PlaceDate("Hà Tĩnh", dt.date(2024, 6, 15), 2024)),
        (
            "Quảng Ngãi, ngày 02 tháng 12 năm 2019",
            PlaceDate("Quảng Ngãi", dt.date(2019, 12, 2), 2019),
        ),
        ("Hà Tĩnh, ngày      tháng      năm 2024", PlaceDate("Hà Tĩnh", None, 2024)),
        ("Hà Tĩnh, ngày    tháng 6 năm 2024", PlaceDate("Hà Tĩnh", None, 2024)),
        ("Thanh Hóa, ngày 31 tháng 02 năm 2020", PlaceDate("Thanh Hóa", None, 2020)),
        (
            "TP. Hồ Chí Minh, ngày 05/02/2024",
            PlaceDate("TP. Hồ Chí Minh", dt.date(2024, 2, 5), 2024),
        ),
        ("Thực hiện Kế hoạch số 191/KH-STC ngày 11/01/2024", None),
        ("Số: /BC-STC", None),
    ],
)
def test_place_date(text: str, expected: PlaceDate | None) -> None:
    assert parse_place_date(text) == expected


@pytest.mark.parametrize(
    ("symbol", "abbreviation"),
    [("BC-STC", "STC"), ("BC-VP", "VP"), ("BC-UBND", "UBND"), ("BC", ""), ("KH-STC", "")],
)
def test_abbreviation(symbol: str, abbreviation: str) -> None:
    assert abbreviation_of(symbol) == abbreviation


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Cải cách hành chính 6 tháng đầu năm 2024", Period(2024, PeriodKind.H1)),
        ("Kết quả CCHC 06 tháng đầu năm 2020", Period(2020, PeriodKind.H1)),
        ("Công tác cải cách hành chính năm 2019", Period(2019, PeriodKind.Y)),
        ("Cải cách hành chính quý I năm 2024", Period(2024, PeriodKind.Q1)),
        ("CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2023", Period(2023, PeriodKind.Q3)),
        ("Báo cáo quý IV/2022", Period(2022, PeriodKind.Q4)),
        ("Cải cách hành chính quý 2 năm 2024", Period(2024, PeriodKind.Q2)),
        ("Cải cách hành chính 9 tháng năm 2024", Period(2024, PeriodKind.M9)),
        ("Cải cách hành chính 06 tháng cuối năm 2020", None),  # no such period in the app
        ("Cải cách hành chính", None),
        ("Tình hình CCHC 06 tháng đầu năm; nhiệm vụ 06 tháng cuối năm", None),  # no year known
        ("Kết quả quý II", None),
        ("năm 1999", None),  # outside the years a report may have
    ],
)
def test_period_from_text(text: str, period: Period | None) -> None:
    assert period_from_text(text) == period


def test_period_without_a_year_takes_the_known_one() -> None:
    title = "Tình hình CCHC 06 tháng đầu năm; nhiệm vụ, giải pháp 06 tháng cuối năm"
    assert period_from_text(title, 2020) == Period(2020, PeriodKind.H1)
    assert period_from_text("Kết quả quý II", 2023) == Period(2023, PeriodKind.Q2)
    assert period_from_text("Báo cáo quý IV/2022", 2023) == Period(2022, PeriodKind.Q4)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("I. CÔNG TÁC CHỈ ĐẠO", HeadingMark(1, "I.", "CÔNG TÁC CHỈ ĐẠO")),
        ("IV. Phương hướng", HeadingMark(1, "IV.", "Phương hướng")),
        ("XII. Khác", HeadingMark(1, "XII.", "Khác")),
        ("1. Về kế hoạch", HeadingMark(2, "1.", "Về kế hoạch")),
        ("12. Khác", HeadingMark(2, "12.", "Khác")),
        ("4.1. Ứng dụng CNTT", HeadingMark(3, "4.1.", "Ứng dụng CNTT")),
        ("4.1 Ứng dụng CNTT", HeadingMark(3, "4.1.", "Ứng dụng CNTT")),
        ("1.2.3. Sâu hơn", HeadingMark(3, "1.2.3.", "Sâu hơn")),
        ("a) Tuyên truyền", HeadingMark(0, "a)", "Tuyên truyền")),
        ("đ) Khác", HeadingMark(0, "đ)", "Khác")),
        ("2024 là năm", None),
        ("15 văn bản được ban hành", None),
        ("Trên đây là báo cáo", None),
        ("- Như trên;", None),
        ("IIII. sai", None),
        ("Ví dụ: I.", None),
    ],
)
def test_heading_mark(text: str, mark: HeadingMark | None) -> None:
    assert heading_mark(text) == mark


def test_signer_lines() -> None:
    assert is_authority_line("KT. GIÁM ĐỐC") and is_authority_line("TM. ỦY BAN NHÂN DÂN")
    assert is_authority_line("TUQ. CHỦ TỊCH") and not is_authority_line("CHÁNH VĂN PHÒNG")
    s = signer_from_lines(["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Phạm Chí Hiếu"])
    assert (s.authority, s.title, s.name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Chí Hiếu")
    s = signer_from_lines(["CHÁNH VĂN PHÒNG"])
    assert (s.authority, s.title, s.name) == ("", "CHÁNH VĂN PHÒNG", "")


def test_proper_case_finds_the_name_in_running_text() -> None:
    texts = ["SỞ TÀI CHÍNH", "(Kèm theo Báo cáo số /BC-STC ngày /6/2024 của Sở Tài chính)"]
    assert proper_case("SỞ TÀI CHÍNH", texts) == "Sở Tài chính"
    assert proper_case("SỞ TÀI CHÍNH", ["SỞ TÀI CHÍNH"]) is None
    assert proper_case("SỞ TÀI CH", ["Sở Tài chính"]) is None  # whole words, not a prefix


def _p(text: str, *, bold: bool = False, style: str = "") -> WordParagraph:
    return WordParagraph.of(text, bold=bold, style=style)


def _cell(*texts: str) -> list[WordParagraph]:
    return [_p(t) for t in texts]


def test_recognise_a_small_report_with_a_statistics_table() -> None:
    catalog = get_catalog()
    first = next(i for i in catalog if i.has_value and i.kind.value == "count")
    header = WordTable(
        [
            [
                _cell("UBND HUYỆN X", "PHÒNG NỘI VỤ", ""),
                _cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
            ],
            [_cell("Số: 07/BC-PNV"), _cell("Hương Khê, ngày 20 tháng 3 năm 2025")],
        ]
    )
    noted = WordParagraph(
        [WordRun("Đã ban hành Kế hoạch"), WordRun(footnote="Kế hoạch số 1/KH-PNV"), WordRun(".")]
    )
    stats = WordTable(
        [
            [_cell("STT"), _cell("Chỉ tiêu thống kê"), _cell("Kết quả thống kê"), _cell("Ghi chú")],
            [_cell(""), _cell(""), _cell("Đơn vị tính"), _cell("Số liệu"), _cell("")],
            [
                _cell(f"{first.code}."),
                _cell(first.label),
                _cell(first.unit),
                _cell("1.088"),
                _cell("ghi chú"),
            ],
            [
                _cell("9.9."),
                _cell("Chỉ tiêu không có trong danh mục"),
                _cell(""),
                _cell("5"),
                _cell(""),
            ],
            [_cell(f"{first.code}."), _cell(first.label), _cell(""), _cell("1,5"), _cell("")],
        ]
    )
    doc = WordDocument(
        [
            header,
            _p("BÁO CÁO", bold=True),
            _p("Cải cách hành chính quý I năm 2025", bold=True),
            _p("Thực hiện kế hoạch, Phòng Nội vụ báo cáo như sau:"),
            _p("I. KẾT QUẢ", bold=True),
            noted,
            _p("Trên đây là báo cáo của Phòng Nội vụ./."),
            WordTable(
                [
                    [
                        _cell("Nơi nhận:", "- UBND huyện;", "- Lưu: VT."),
                        _cell("TRƯỞNG PHÒNG", "", "Lê Văn A"),
                    ]
                ]
            ),
            _p("PHỤ LỤC I"),
            _p("BIỂU SỐ LIỆU"),
            stats,
        ]
    )
    rec = recognise(doc, catalog, fallback_period=Period(2025, PeriodKind.Y))
    r, review = rec.report, rec.review
    assert (r.unit.name, r.unit.parent_authority, r.unit.abbreviation) == (
        "Phòng Nội vụ",
        "UBND HUYỆN X",
        "PNV",
    )
    assert (r.number, r.date, r.period) == ("07", dt.date(2025, 3, 20), Period(2025, PeriodKind.Q1))
    assert r.recipients == ["UBND huyện;", "Lưu: VT."]
    assert (r.signer.title, r.signer.name) == ("TRƯỞNG PHÒNG", "Lê Văn A")
    para = r.narrative.sections[0].paragraphs[0]
    assert para.text == "Đã ban hành Kế hoạch."
    note_id = para.runs[1].footnote_id
    assert note_id is not None and r.footnote(note_id) is not None
    assert r.footnote(note_id).text == "Kế hoạch số 1/KH-PNV"  # type: ignore[union-attr]
    assert r.values[first.code].value == Decimal(1088) and r.values[first.code].note == "ghi chú"
    assert review.unmatched_rows == ["9.9. Chỉ tiêu không có trong danh mục: 5"]
    assert any("1,5" in p for p in review.problems)  # a count cannot be 1,5


def test_recognise_without_header_or_period_proposes_and_says_so() -> None:
    doc = WordDocument([_p("Một đoạn văn không có tiêu đề nào cả.")])
    rec = recognise(doc, get_catalog(), fallback_period=Period(2025, PeriodKind.Y))
    assert rec.report.unit.name == "" and not rec.review.unit_found
    assert rec.report.period == Period(2025, PeriodKind.Y) and not rec.review.period_found
    assert any("kỳ báo cáo" in g for g in rec.review.guesses)
    assert any("tên đơn vị" in g for g in rec.review.guesses)
    assert rec.report.narrative.intro[0].text == "Một đoạn văn không có tiêu đề nào cả."


def test_rows_split_across_pages_are_joined() -> None:
    """A Phụ lục II item and a Phụ lục III note that Word continued on the next page, in rows of
    their own, belong to the row above; the repeated heading row is skipped."""
    catalog = get_catalog()
    first = next(i for i in catalog if i.has_value and i.kind.value == "count")
    heading = ["TT", "Các tồn tại, hạn chế", "Giải pháp khắc phục cụ thể", "Thời gian", "Tiến độ"]
    criterion = WordParagraph(
        [WordRun("Tiêu chí 1: Công tác chỉ đạo:", bold=True), WordRun(" đạt 6,981/10 điểm.")]
    )
    remediation = WordTable(
        [
            [_cell(t) for t in heading],
            [
                _cell("1"),
                [criterion, _p("- Tiêu chí 1.1: lý do")],
                _cell("Giải pháp A"),
                _cell("Quý I"),
                _cell(""),
            ],
            [_cell(t) for t in heading],
            [_cell("---"), _cell("--"), _cell("---"), _cell("--"), _cell("--")],
            [
                _cell(""),
                _cell("- Tiêu chí 1.2: lý do"),
                _cell("Giải pháp B"),
                _cell("Quý II"),
                _cell("Xong"),
            ],
        ]
    )
    stats = WordTable(
        [
            [
                _cell("STT"),
                _cell("Chỉ tiêu thống kê"),
                _cell("Đơn vị tính"),
                _cell("Số liệu"),
                _cell("Ghi chú"),
            ],
            [
                _cell(f"{first.code}."),
                _cell(first.label),
                _cell(""),
                _cell("06"),
                _cell("Số nhiệm vụ còn"),
            ],
            [_cell(""), _cell(""), _cell(""), _cell(""), _cell("lại đang thực hiện trong hạn")],
        ]
    )
    rec = recognise(
        WordDocument([remediation, stats]), catalog, fallback_period=Period(2024, PeriodKind.H1)
    )
    (item,) = rec.report.remediation
    assert (item.score_got, item.score_max) == (Decimal("6.981"), Decimal(10))
    assert item.findings == ["Tiêu chí 1.1: lý do", "Tiêu chí 1.2: lý do"]
    assert item.remedies == ["Giải pháp A", "Giải pháp B"]
    assert item.deadlines == ["Quý I", "Quý II"] and item.progress == ["Xong"]
    value = rec.report.values[first.code]
    assert value.value == Decimal(6)
    assert value.note == "Số nhiệm vụ còn lại đang thực hiện trong hạn"
