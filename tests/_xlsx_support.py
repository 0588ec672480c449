"""Shared builders for the Excel exchange tests: a small catalog and report, and hand-made xlsx files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from _rules_support import catalog_row

from cchc_desktop.domain.catalog import Catalog, catalog_from_dict
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import (
    IndicatorValue,
    PropagandaRow,
    RemediationItem,
    Report,
    Signer,
    Unit,
)

SMALL: dict[str, Any] = {
    "id": "xlsx-test",
    "version": "2024.1",
    "title": "Danh mục thử",
    "optional_groups": [{"code": "hs", "title": "Hồ sơ TTHC"}],
    "indicators": [
        catalog_row("1", "Công tác chỉ đạo điều hành CCHC", "group"),
        catalog_row("1.1", "Kế hoạch CCHC", "group", "1"),
        catalog_row("1.1.1", "Số nhiệm vụ đề ra trong kế hoạch", "count", "1.1", unit="Nhiệm vụ"),
        catalog_row("1.1.2", "Số nhiệm vụ đã hoàn thành", "count", "1.1", unit="Nhiệm vụ"),
        catalog_row("1.2", "Kiểm tra CCHC", "group", "1", unit="Cuộc"),
        catalog_row(
            "1.4.2",
            "Hình thức khảo sát",
            "choice",
            "1",
            unit="Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2",
            choices=[
                {"code": 0, "label": "Trực tuyến"},
                {"code": 1, "label": "Phát phiếu"},
                {"code": 2, "label": "Kết hợp"},
            ],
        ),
        catalog_row(
            "1.5",
            "Tổ chức đối thoại của lãnh đạo với người dân",
            "choice",
            "1",
            unit="Không = 0 Có = 1",
            choices=[{"code": 0, "label": "Không"}, {"code": 1, "label": "Có"}],
        ),
        catalog_row("3", "Cải cách thủ tục hành chính", "group"),
        catalog_row("3.1.3", "Tổng số TTHC đang có hiệu lực", "count", "3", unit="Thủ tục"),
        catalog_row(
            "3.1.3.1", "Số TTHC cấp tỉnh:", "count", "3.1.3", breakdown=True, unit="Thủ tục"
        ),
        catalog_row(
            "3.1.3.2", "Số TTHC cấp huyện:", "count", "3.1.3", breakdown=True, unit="Thủ tục"
        ),
        catalog_row(
            "3.3.3", "Tỷ lệ TTHC đã được phê duyệt quy trình nội bộ", "percent", "3", unit="%"
        ),
        catalog_row("3.4.1", "Tỷ lệ hồ sơ TTHC được giải quyết đúng hẹn", "percent", "3", unit="%"),
        catalog_row("3.6", "Điểm chỉ số CCHC", "decimal", "3", unit="Điểm"),
        catalog_row("3.5", "Kết quả giải quyết hồ sơ TTHC", "group", "3", optional_group="hs"),
        catalog_row("3.5.1", "Tổng số hồ sơ tiếp nhận", "count", "3.5", optional_group="hs"),
        catalog_row("7", "Chính phủ điện tử", "group"),
        catalog_row(
            "7.1.1", "Chất lượng Cổng thông tin điện tử", "text", "7", unit="Theo QĐ 2394/QĐ-UBND"
        ),
        catalog_row("7.1.6.1", "Tỷ lệ sở, ngành đã kết nối", "percent", "7", unit="%"),
        catalog_row("7.1.7.1", "Tỷ lệ sở, ngành đã kết nối", "percent", "7", unit="%"),
        catalog_row(
            "7.2.1",
            "Số đơn vị trực thuộc đã áp dụng ISO 9001:2015",
            "count",
            "7",
            unit="Đơn vị",
            note="Biểu in ghi đơn vị tính sai; danh mục đã sửa",
        ),
    ],
}


def small_catalog(version: str = "2024.1") -> Catalog:
    return catalog_from_dict({**SMALL, "version": version})


def small_report(catalog: Catalog | None = None) -> Report:
    catalog = catalog or small_catalog()
    values = {
        "1.1.1": IndicatorValue(Decimal(38), "38 nhiệm vụ trọng tâm"),
        "1.1.2": IndicatorValue(Decimal(19), "Các nhiệm vụ còn lại đang triển khai"),
        "1.2": IndicatorValue(None, "Chưa kiểm tra vì thực hiện theo Kế hoạch"),
        "1.5": IndicatorValue(Decimal(0)),
        "3.1.3": IndicatorValue(Decimal(6)),
        "3.1.3.1": IndicatorValue(Decimal(5)),
        "3.1.3.2": IndicatorValue(Decimal(1)),
        "3.3.3": IndicatorValue(Decimal(100)),
        "3.4.1": IndicatorValue(Decimal("98.73")),
        "3.6": IndicatorValue(Decimal("6.981")),
        "7.1.1": IndicatorValue("Đảm bảo"),
        "7.2.1": IndicatorValue(Decimal(2), "=SUM(A1:A2) là ghi chú, không phải công thức"),
    }
    return Report(
        unit=Unit("Sở Tài chính", "UBND TỈNH HÀ TĨNH", "STC", "Hà Tĩnh"),
        period=Period(2024, PeriodKind.H1),
        catalog_id=catalog.id,
        catalog_version=catalog.version,
        symbol="BC-STC",
        place="Hà Tĩnh",
        date=dt.date(2024, 6, 15),
        subject="Cải cách hành chính 6 tháng đầu năm 2024",
        signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Chí Hiếu"),
        recipients=["Sở Nội vụ (b/c);", "Lưu: VT, VP."],
        propaganda=[
            PropagandaRow(
                "01",
                "Số lượng văn bản chỉ đạo, điều hành về công tác tuyên truyền CCHC",
                "Văn bản",
                Decimal(16),
            ),
            PropagandaRow("02", "Tổ chức cuộc thi tìm hiểu về CCHC", "Cuộc thi", Decimal(0)),
            PropagandaRow(
                "04", "Số Hội nghị tập huấn tuyên truyền về công tác CCHC", "Hội nghị", Decimal(1)
            ),
            PropagandaRow(
                "", "Số người tham dự các lớp tập huấn về công tác CCHC", "Người", Decimal(80)
            ),
            PropagandaRow("06", "Các hình thức tuyên truyền khác", "", Decimal(1), "+ Zalo"),
        ],
        remediation=[
            RemediationItem(
                "1",
                "Tiêu chí 1: Công tác triển khai cải cách hành chính:",
                "Đoàn thẩm định đánh giá đạt 6,981/10 điểm. Bị trừ các tiêu chí cụ thể sau:",
                Decimal("6.981"),
                Decimal(10),
                findings=["Tiêu chí 1.1: Thực hiện Kế hoạch CCHC đạt 0/1,5 điểm."],
                remedies=["Bám sát kế hoạch của tỉnh."],
                deadlines=["Thường xuyên"],
                progress=["Đã hoàn thành."],
            )
        ],
        values=values,
        id=7,
    )


def zip_bytes(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def xlsx_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def sheet_part(path: Path, title: str) -> str:
    """The zip entry name of the sheet with this title (xl/worksheets/sheetN.xml)."""
    import re

    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    m = re.search(r'<sheet [^>]*name="' + re.escape(title) + r'"[^>]*r:id="(rId\d+)"', workbook)
    assert m, title
    t = re.search(r'<Relationship [^>]*Id="' + m.group(1) + r'"[^>]*Target="([^"]+)"', rels)
    if t is None:
        t = re.search(r'Target="([^"]+)"[^>]*Id="' + m.group(1) + '"', rels)
    assert t
    target = t.group(1).lstrip("/")
    return target if target.startswith("xl/") else "xl/" + target
