"""Times the Excel exchange: export and import of the reference report, and refusing hostile files.

Run: python benchmarks/bench_xlsx.py   (targets: export, import < 0.5 s; 50 MB hostile file < 1 s)
Uses the reference catalog and demo report (resources/) when present, else a synthetic form of the
same size (~130 rows).
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc_desktop.domain.catalog import Catalog, catalog_from_dict
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue, PropagandaRow, Report, Unit
from cchc_desktop.errors import FileProblemError
from cchc_desktop.export.xlsx.layout import SHEET_III
from cchc_desktop.export.xlsx.writer import write_workbook
from cchc_desktop.services.exchange_xlsx import read_plan


def reference() -> tuple[Report, Catalog, str]:
    try:
        from cchc_desktop.domain.serialize import report_from_dict
        from cchc_desktop.services.catalogs import demo_report_data, get_catalog

        report = report_from_dict(demo_report_data())
        report.id = 1
        return report, get_catalog(report.catalog_id, report.catalog_version), "báo cáo mẫu"
    except (FileNotFoundError, Exception) as exc:  # resources not written yet
        print(f"(không có báo cáo mẫu: {exc}; dùng biểu tổng hợp giả lập 130 dòng)")
    rows: list[dict[str, Any]] = []
    for g in range(1, 8):
        rows.append({"code": str(g), "label": f"Nhóm {g}", "kind": "group"})
        for i in range(1, 19):
            kind = "percent" if i % 5 == 0 else "count"
            rows.append(
                {
                    "code": f"{g}.{i}",
                    "label": f"Chỉ tiêu thống kê số {g}.{i} về công tác cải cách hành chính",
                    "kind": kind,
                    "parent": str(g),
                    "unit": "%" if kind == "percent" else "Văn bản",
                }
            )
    catalog = catalog_from_dict({"id": "bench", "version": "1", "indicators": rows})
    values = {
        i.code: IndicatorValue(Decimal("98.73") if i.kind.value == "percent" else Decimal(38), "")
        for i in catalog
        if i.has_value
    }
    report = Report(
        unit=Unit("Sở Tài chính"),
        period=Period(2024, PeriodKind.H1),
        catalog_id="bench",
        catalog_version="1",
        values=values,
        propaganda=[
            PropagandaRow(f"{n:02d}", f"Dòng {n}", "Văn bản", Decimal(n)) for n in range(7)
        ],
        id=1,
    )
    return report, catalog, "biểu giả lập"


def timed(fn: Callable[[], object], runs: int = 7) -> tuple[float, float]:
    """(median, worst) seconds over runs, after one warm-up."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def refuse(path: Path, report: Report, catalog: Catalog) -> None:
    try:
        plan = read_plan(path, report, catalog)
    except FileProblemError:
        return
    if plan.errors:  # e.g. a sheet with no header row: reading stops after 50 rows
        return
    raise AssertionError(f"{path.name} was not refused")


def main() -> int:
    report, catalog, source = reference()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "phu-luc.xlsx"
        rows = sum(1 for i in catalog.enabled(report.optional_groups) if i.has_value)
        print(f"Dữ liệu: {source}, {rows} chỉ tiêu, danh mục {catalog.id} {catalog.version}")

        med, worst = timed(lambda: write_workbook(report, catalog, path))
        print(
            f"xuất Excel:            trung vị {med * 1000:6.1f} ms, chậm nhất {worst * 1000:6.1f} ms"
        )
        ok &= worst < 0.5
        med, worst = timed(lambda: read_plan(path, report, catalog))
        print(
            f"nhập Excel (nguyên):   trung vị {med * 1000:6.1f} ms, chậm nhất {worst * 1000:6.1f} ms"
        )
        ok &= worst < 0.5

        big = folder / "big.xlsx"
        with big.open("wb") as fh:  # 50 MB really written, zip magic first
            fh.write(b"PK\x03\x04")
            block = bytes(range(256)) * 4096
            for _ in range(50):
                fh.write(block)
        med, worst = timed(lambda: refuse(big, report, catalog))
        print(
            f"tệp 50 MB bị từ chối:  trung vị {med * 1000:6.1f} ms, chậm nhất {worst * 1000:6.1f} ms"
        )
        ok &= worst < 1.0

        bomb = folder / "bomb.xlsx"
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, src.read(info))
            dst.writestr("xl/media/bomb.bin", b"\0" * (60 * 1024 * 1024))
        med, worst = timed(lambda: refuse(bomb, report, catalog))
        print(
            f"bom nén ({bomb.stat().st_size // 1024} KB -> 60 MB): "
            f"trung vị {med * 1000:6.1f} ms, chậm nhất {worst * 1000:6.1f} ms"
        )

        for dimension, what in ((True, "giới hạn dòng"), (False, "thiếu <dimension>")):
            million = folder / f"million-{dimension}.xlsx"
            _million_rows(path, million, dimension=dimension)
            med, worst = timed(functools.partial(refuse, million, report, catalog), runs=3)
            print(
                f"1.000.000 dòng, {what} ({million.stat().st_size // (1024 * 1024)} MB): "
                f"trung vị {med * 1000:6.1f} ms, chậm nhất {worst * 1000:6.1f} ms"
            )
            ok &= worst < 1.0
    print(f"Kết quả ({dt.date.today():%d/%m/%Y}): {'ĐẠT' if ok else 'KHÔNG ĐẠT'}")
    return 0 if ok else 1


def _million_rows(src_path: Path, out: Path, *, dimension: bool) -> None:
    with zipfile.ZipFile(src_path) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
    # the first sheet written is Phụ lục III
    assert SHEET_III in workbook
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info.filename, src.read(info))
                continue
            with dst.open(part, "w", force_zip64=True) as fh:
                fh.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    + (b'<dimension ref="A1:E1000004"/>' if dimension else b"")
                    + b"<sheetData>"
                    b'<row r="4"><c r="D4" t="inlineStr"><is><t>S\xe1\xbb\x91 li\xe1\xbb\x87u</t>'
                    b"</is></c></row>"
                )
                for start in range(5, 1_000_005, 20_000):
                    fh.write(
                        b"".join(
                            b'<row r="%d"><c r="D%d"><v>%d</v></c></row>' % (r, r, r % 97)
                            for r in range(start, start + 20_000)
                        )
                    )
                fh.write(b"</sheetData></worksheet>")


if __name__ == "__main__":
    sys.exit(main())
