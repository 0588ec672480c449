"""Shared builders for the rules tests: a small catalog in code and reports over it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cchc_desktop.domain.catalog import Catalog, catalog_from_dict
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue, Report, Signer, Unit


def catalog_row(
    code: str, label: str, kind: str, parent: str | None = None, **extra: Any
) -> dict[str, Any]:
    return {"code": code, "label": label, "kind": kind, "parent": parent, **extra}


SMALL: dict[str, Any] = {
    "id": "test-catalog",
    "version": "1",
    "title": "Danh mục thử",
    "optional_groups": [{"code": "hs", "title": "Hồ sơ TTHC"}],
    "indicators": [
        catalog_row("1", "Công tác chỉ đạo điều hành CCHC", "group"),
        catalog_row("1.1", "Kế hoạch CCHC", "group", "1"),
        catalog_row("1.1.1", "Số nhiệm vụ đề ra trong kế hoạch", "count", "1.1", unit="Nhiệm vụ"),
        catalog_row("1.1.2", "Số nhiệm vụ đã hoàn thành", "count", "1.1", unit="Nhiệm vụ"),
        catalog_row("1.3", "Thực hiện nhiệm vụ UBND tỉnh giao", "group", "1"),
        catalog_row("1.3.1", "Tổng số nhiệm vụ được giao", "count", "1.3"),
        catalog_row("1.3.2", "Số nhiệm vụ đã hoàn thành đúng hạn", "count", "1.3"),
        catalog_row("1.3.3", "Số nhiệm vụ đã hoàn thành nhưng quá hạn", "count", "1.3"),
        catalog_row(
            "1.4.2",
            "Hình thức khảo sát",
            "choice",
            "1",
            choices=[
                {"code": 0, "label": "Trực tuyến"},
                {"code": 1, "label": "Phát phiếu"},
                {"code": 2, "label": "Kết hợp"},
            ],
        ),
        catalog_row("3", "Cải cách thủ tục hành chính", "group"),
        catalog_row("3.1.3", "Tổng số TTHC đang có hiệu lực", "count", "3"),
        catalog_row("3.1.3.1", "Số TTHC cấp tỉnh:", "count", "3.1.3", breakdown=True),
        catalog_row("3.1.3.2", "Số TTHC cấp huyện:", "count", "3.1.3", breakdown=True),
        catalog_row("3.1.3.3", "Số TTHC cấp xã:", "count", "3.1.3", breakdown=True),
        catalog_row(
            "3.3.3", "Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ", "percent", "3", unit="%"
        ),
        catalog_row("3.4.1", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hẹn", "percent", "3", unit="%"),
        catalog_row("3.5", "Kết quả giải quyết hồ sơ TTHC", "group", "3", optional_group="hs"),
        catalog_row("3.5.1", "Tổng số hồ sơ tiếp nhận", "count", "3.5", optional_group="hs"),
        catalog_row(
            "3.5.1.1",
            "Số hồ sơ từ kỳ trước chuyển sang",
            "count",
            "3.5.1",
            breakdown=True,
            optional_group="hs",
        ),
        catalog_row(
            "3.5.1.2",
            "Số hồ sơ mới tiếp nhận trực tuyến",
            "count",
            "3.5.1",
            breakdown=True,
            optional_group="hs",
        ),
        catalog_row(
            "3.5.1.3",
            "Số hồ sơ mới tiếp nhận trực tiếp, qua bưu chính",
            "count",
            "3.5.1",
            breakdown=True,
            optional_group="hs",
        ),
        catalog_row("3.5.2", "Số hồ sơ đã giải quyết", "count", "3.5", optional_group="hs"),
        catalog_row(
            "3.5.2.1", "Giải quyết trước hạn", "count", "3.5.2", breakdown=True, optional_group="hs"
        ),
        catalog_row(
            "3.5.2.2", "Giải quyết đúng hạn", "count", "3.5.2", breakdown=True, optional_group="hs"
        ),
        catalog_row(
            "3.5.2.3", "Giải quyết quá hạn", "count", "3.5.2", breakdown=True, optional_group="hs"
        ),
        catalog_row("3.5.3", "Số hồ sơ đang giải quyết", "count", "3.5", optional_group="hs"),
        catalog_row(
            "3.5.3.1",
            "Đang giải quyết trong hạn",
            "count",
            "3.5.3",
            breakdown=True,
            optional_group="hs",
        ),
        catalog_row(
            "3.5.3.2",
            "Đang giải quyết quá hạn",
            "count",
            "3.5.3",
            breakdown=True,
            optional_group="hs",
        ),
        catalog_row("4", "Cải cách tổ chức bộ máy", "group"),
        catalog_row("4.1.2", "Tổng số đơn vị sự nghiệp công lập", "count", "4"),
        catalog_row(
            "4.1.2.1", "Số ĐVSNCL thuộc sở, ngành và tương đương", "count", "4.1.2", breakdown=True
        ),
        catalog_row("4.1.2.2", "Tỷ lệ ĐVSNCL đã cắt giảm so với năm 2015", "percent", "4.1.2"),
        catalog_row("4.2.1", "Tổng số biên chế được giao trong năm", "count", "4", measure="stock"),
        catalog_row(
            "4.2.2", "Tổng số biên chế có mặt tại thời điểm báo cáo", "count", "4", measure="stock"
        ),
        catalog_row("6", "Cải cách tài chính công", "group"),
        catalog_row(
            "6.3",
            "Số đơn vị SNCL đã thực hiện tự chủ một phần chi thường xuyên "
            "(lũy kế đến thời điểm báo cáo)",
            "count",
            "6",
            measure="cumulative",
        ),
        catalog_row("7", "Chính phủ số", "group"),
        catalog_row("7.1.1", "Chất lượng Cổng thông tin điện tử", "text", "7"),
        catalog_row("7.1.5", "Tỷ lệ hệ thống thông tin được phê duyệt theo cấp độ", "decimal", "7"),
    ],
}

EXPLICIT_RULES: list[dict[str, Any]] = [
    {
        "id": "1.1.2<=1.1.1",
        "kind": "part_le_whole",
        "parts": ["1.1.2"],
        "whole": "1.1.1",
        "message": "{n:1.1.2} ghi {v:1.1.2}, lớn hơn {n:1.1.1} ghi {v:1.1.1}.",
    },
    {"id": "1.3.2+1.3.3<=1.3.1", "kind": "compare", "expr": "1.3.2 + 1.3.3 <= 1.3.1"},
    {
        "id": "4.2.2<=4.2.1",
        "kind": "part_le_whole",
        "parts": ["4.2.2"],
        "whole": "4.2.1",
        "severity": "warning",
    },
    {
        "id": "hs:3.5.1=3.5.2+3.5.3",
        "kind": "sum_equals",
        "total": "3.5.1",
        "parts": ["3.5.2", "3.5.3"],
    },
    {
        "id": "hs:3.4.1",
        "kind": "percent_ratio",
        "percent": "3.4.1",
        "numerator": ["3.5.2.1", "3.5.2.2"],
        "denominator": ["3.5.2"],
    },
]


def small_catalog() -> Catalog:
    return catalog_from_dict(SMALL)


def rules_data(rules: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "catalog": {"id": "test-catalog", "version": "1"},
        "version": "t",
        "rules": EXPLICIT_RULES if rules is None else rules,
        **extra,
    }


def _value(raw: Any) -> Any:
    """Numbers (and numeric strings) become Decimal, other text stays text, as the catalog parses."""
    if isinstance(raw, (int, str)) and not isinstance(raw, bool):
        try:
            return Decimal(str(raw))
        except ArithmeticError:
            return raw
    return raw


def make_report(
    values: dict[str, Any] | None = None,
    *,
    groups: set[str] | None = None,
    period: Period | None = None,
    unit: str = "Sở Thử",
    report_id: int | None = None,
    catalog_id: str = "test-catalog",
) -> Report:
    """A complete, correct report (header, signer, recipients) with the given figures."""
    vals: dict[str, IndicatorValue] = {}
    for code, raw in (values or {}).items():
        vals[code] = IndicatorValue(_value(raw))
    p = period or Period(2024, PeriodKind.H1)
    from cchc_desktop.domain.report import Footnote, Narrative, Paragraph, Run, Section

    note = Footnote("Kế hoạch số 191/KH-STC ngày 11/01/2024 của Sở Tài chính.", id="fn1")
    narrative = Narrative(
        intro=[
            Paragraph(
                [
                    Run("Thực hiện kế hoạch của tỉnh"),
                    Run("", footnote_id="fn1"),
                    Run(", Sở báo cáo như sau:"),
                ]
            )
        ],
        sections=[Section("CÔNG TÁC CHỈ ĐẠO", [Paragraph.of("Đã ban hành kế hoạch.")])],
        closing=[Paragraph.of("(Có Phụ lục gửi kèm)")],
    )
    return Report(
        unit=Unit(unit, "UBND TỈNH HÀ TĨNH", "STC", "Hà Tĩnh"),
        period=p,
        catalog_id=catalog_id,
        catalog_version="1",
        number="",
        symbol="BC-STC",
        place="Hà Tĩnh",
        date=dt.date(p.year, p.last_month, 15),
        subject=p.default_subject(),
        signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Chí Hiếu"),
        recipients=["Sở Nội vụ (b/c);", "Lưu: VT, VP."],
        narrative=narrative,
        footnotes=[note],
        values=vals,
        optional_groups=set(groups or ()),
        id=report_id,
    )
