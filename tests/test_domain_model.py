"""The pure domain model: indicator values, report wording, narrative numbering, JSON round trip."""

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from cchc_desktop.domain.catalog import IndicatorKind, Measure, catalog_from_dict
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    ParagraphStyle,
    Report,
    Run,
    Section,
    Unit,
)
from cchc_desktop.domain.serialize import report_from_dict, report_to_dict
from cchc_desktop.domain.vn import NumberFormatError

SMALL = {
    "id": "test",
    "version": "1",
    "indicators": [
        {"code": "1", "label": "Nhóm", "kind": "group"},
        {"code": "1.1", "parent": "1", "label": "Tổng", "unit": "Thủ tục", "kind": "count"},
        {
            "code": "1.1.1",
            "parent": "1.1",
            "label": "Cấp tỉnh",
            "unit": "Thủ tục",
            "kind": "count",
            "breakdown": True,
            "printed_code": "Trong đó",
        },
        {"code": "1.2", "parent": "1", "label": "Tỷ lệ", "unit": "%", "kind": "percent"},
        {
            "code": "1.3",
            "parent": "1",
            "label": "Có đối thoại",
            "kind": "choice",
            "unit": "Không = 0 Có = 1",
            "choices": [{"code": 0, "label": "Không"}, {"code": 1, "label": "Có"}],
        },
        {"code": "1.4", "parent": "1", "label": "Chất lượng", "kind": "text"},
        {"code": "1.5", "parent": "1", "label": "Lũy kế", "kind": "count", "measure": "cumulative"},
    ],
}


def test_catalog_structure() -> None:
    cat = catalog_from_dict(SMALL)
    assert len(cat) == 7
    assert cat.get("1.1.1").level == 2 and cat.get("1.1.1").group == "1"
    assert [i.code for i in cat.breakdown_of("1.1")] == ["1.1.1"]
    assert cat.get("1.1").measure is Measure.FLOW  # counts default to flows
    assert cat.get("1.2").measure is Measure.STOCK
    assert cat.get("1.5").cumulative
    assert [i.code for i in cat.by_printed_code("Trong đó")] == ["1.1.1"]
    assert [i.code for i in cat.by_label("  cấp   TỈNH ")] == ["1.1.1"]
    with pytest.raises(KeyError, match="Không có chỉ tiêu mã"):
        cat.get("9")


@pytest.mark.parametrize(
    "bad",
    [
        {
            "id": "x",
            "version": "1",
            "indicators": [
                {"code": "1", "label": "a", "kind": "group"},
                {"code": "1", "label": "b", "kind": "group"},
            ],
        },
        {
            "id": "x",
            "version": "1",
            "indicators": [{"code": "1.1", "parent": "1", "label": "a", "kind": "count"}],
        },
        {"id": "x", "version": "1", "indicators": [{"code": "1", "label": "a", "kind": "weird"}]},
        {"id": "x", "version": "1", "indicators": [{"code": "1", "label": "a", "kind": "choice"}]},
        {"version": "1", "indicators": []},
    ],
)
def test_bad_catalog_data_is_refused(bad: dict) -> None:
    with pytest.raises(ValueError, match="Danh mục chỉ tiêu không hợp lệ"):
        catalog_from_dict(bad)


def test_parse_and_format_values_by_kind() -> None:
    cat = catalog_from_dict(SMALL)
    assert cat.get("1.1").parse_value("1.088") == Decimal(1088)
    assert cat.get("1.1").format_value(Decimal(1088)) == "1.088"
    assert cat.get("1.1").parse_value(" ") is None
    assert cat.get("1.2").parse_value("98,73%") == Decimal("98.73")
    assert cat.get("1.2").format_value(Decimal("98.73")) == "98,73%"
    assert cat.get("1.3").parse_value("Có") == Decimal(1)
    assert cat.get("1.3").parse_value("0") == Decimal(0)
    assert cat.get("1.3").choice_label(1) == "Có"
    nfd = unicodedata.normalize("NFD", "Đảm  bảo ")
    assert cat.get("1.4").parse_value(nfd) == "Đảm bảo"
    assert not cat.get("1").has_value
    with pytest.raises(NumberFormatError, match="dòng tiêu đề nhóm"):
        cat.get("1").parse_value("5")
    with pytest.raises(NumberFormatError, match="không phải là mã lựa chọn"):
        cat.get("1.3").parse_value("Chắc chắn")
    with pytest.raises(NumberFormatError, match=r"Chỉ tiêu 1\.1:"):
        cat.get("1.1").parse_value("mười")
    assert cat.get("1.1").kind is IndicatorKind.COUNT


def _report() -> Report:
    return Report(
        unit=Unit("Sở Tài chính", "UBND TỈNH HÀ TĨNH", "STC", "Hà Tĩnh"),
        period=Period(2024, PeriodKind.H1),
        catalog_id="test",
        catalog_version="1",
        symbol="BC-STC",
        place="Hà Tĩnh",
        date=dt.date(2024, 6, 15),
        narrative=Narrative(
            intro=[Paragraph([Run("Mở đầu"), Run(footnote_id="a")])],
            sections=[
                Section(
                    "CÔNG TÁC CHỈ ĐẠO",
                    children=[
                        Section("Kế hoạch", [Paragraph.of("Nội dung", ParagraphStyle.DASH)]),
                        Section(
                            "Tuyên truyền", children=[Section("Nội dung"), Section("Hình thức")]
                        ),
                    ],
                ),
                Section(
                    "KẾT QUẢ",
                    children=[
                        Section(
                            "Thể chế",
                            [
                                Paragraph(
                                    [
                                        Run("Đậm", bold=True),
                                        Run(footnote_id="b"),
                                        Run(footnote_id="a"),
                                    ]
                                )
                            ],
                        )
                    ],
                ),
            ],
            closing=[Paragraph.of("Trên đây là báo cáo./.")],
        ),
        footnotes=[Footnote("Chú thích B", "b"), Footnote("Chú thích A", "a")],
        values={"1.1": IndicatorValue(Decimal(6), "ghi chú"), "1.4": IndicatorValue("Đảm bảo")},
    )


def test_narrative_numbering_follows_the_decree() -> None:
    labels = [(label, level, s.title) for label, level, s in _report().narrative.numbered()]
    assert labels == [
        ("I.", 1, "CÔNG TÁC CHỈ ĐẠO"),
        ("1.", 2, "Kế hoạch"),
        ("2.", 2, "Tuyên truyền"),
        ("2.1.", 3, "Nội dung"),
        ("2.2.", 3, "Hình thức"),
        ("II.", 1, "KẾT QUẢ"),
        ("1.", 2, "Thể chế"),
    ]


def test_footnotes_in_reference_order() -> None:
    assert [f.id for f in _report().footnotes_in_order()] == ["a", "b"]


def test_header_wording() -> None:
    r = _report()
    assert r.number_symbol == "/BC-STC"
    assert r.place_date_line() == "Hà Tĩnh, ngày 15 tháng 6 năm 2024"
    assert (
        r.appendix_reference()
        == "(Kèm theo Báo cáo số       /BC-STC ngày    /6/2024 của Sở Tài chính)"
    )
    r.number = "123"
    assert r.number_symbol == "123/BC-STC"
    assert (
        r.appendix_reference() == "(Kèm theo Báo cáo số 123/BC-STC ngày 15/6/2024 của Sở Tài chính)"
    )
    r.date = None
    assert r.place_date_line() == "Hà Tĩnh, ngày      tháng      năm 2024"


def test_json_round_trip_is_exact() -> None:
    r = _report()
    data = report_to_dict(r)
    again = report_from_dict(data)
    assert report_to_dict(again) == data
    assert again.values["1.1"].value == Decimal(6)
    assert again.values["1.4"].value == "Đảm bảo"
    assert report_to_dict(r, numbers=True)["values"]["1.1"]["value"] == 6
