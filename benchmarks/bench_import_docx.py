"""`cchc import-docx` on the reference report's own Word export: the time to check, read and
recognise the file (services.import_docx.read_docx_report), and to save it as a new report.
Also a report ten times as long (its narrative and Phụ lục II repeated), to see how it grows.

Usage: python benchmarks/bench_import_docx.py [RUNS]   (prints its figures)
"""

from __future__ import annotations

import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path


def median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    from cchc_desktop.domain.periods import Period, PeriodKind
    from cchc_desktop.domain.serialize import report_from_dict
    from cchc_desktop.export.docx.document import write_report_docx
    from cchc_desktop.services.catalogs import demo_report_data, get_catalog
    from cchc_desktop.services.import_docx import DocxImport, DocxImportChoices, read_docx_report
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    report = report_from_dict(demo_report_data())
    catalog = get_catalog(report.catalog_id)
    big = copy.deepcopy(report)
    big.narrative.sections = [
        copy.deepcopy(s) for _ in range(10) for s in report.narrative.sections
    ]
    big.remediation = [copy.deepcopy(r) for _ in range(10) for r in report.remediation]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, r, file in (("mẫu", report, "mau.docx"), ("dài gấp 10", big, "dai.docx")):
            path = folder / file
            write_report_docx(r, catalog, path, draft=True)
            read_docx_report(path)  # imports python-docx, loads the catalog
            ms = median_ms(lambda p=path: read_docx_report(p), runs)
            rec = read_docx_report(path)
            paragraphs = sum(1 for _ in rec.report.narrative.paragraphs())
            print(
                f"báo cáo {name}: {path.stat().st_size / 1024:.0f} KB, {paragraphs} đoạn, "
                f"{len(rec.report.footnotes)} chú thích, {len(rec.report.values)} chỉ tiêu: "
                f"đọc và nhận dạng {ms:.0f} ms (trung vị {runs} lần)"
            )
        repo = Repository(open_engine(folder / "b.sqlite3"))
        path = folder / "mau.docx"
        years = iter(range(2030, 2030 + runs))

        def save() -> None:
            rec = read_docx_report(path)
            DocxImport(repo).save(rec, DocxImportChoices(period=Period(next(years), PeriodKind.H1)))

        print(f"đọc, nhận dạng và ghi thành báo cáo mới: {median_ms(save, runs):.0f} ms")
        repo.engine.dispose()


if __name__ == "__main__":
    main()
