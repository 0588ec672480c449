"""Times compiling from parts: merging 100 sub-unit workbooks of the full catalog into a report
(`cchc merge`'s work: read, check, plan, write with provenance) and aggregating 100 units' reports
into a summary (`cchc aggregate`'s work), each in a fresh process so that its peak memory is its own.

Run: python benchmarks/bench_merge.py   (targets: merge 100 workbooks < 5 s and < 300 MB;
aggregate 100 reports < 2 s)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

N = 100


def _fill(path: Path, values: dict[str, int]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Phụ lục III"]
    for r in range(5, ws.max_row + 1):
        code = str(ws.cell(r, 1).value).rstrip(".")
        if code in values:
            ws.cell(r, 4).value = values[code]
    wb.save(path)


def prepare(folder: Path) -> dict[str, object]:
    """A database with a department's report (the optional block on, so the whole catalog),
    100 sub-units' filled workbooks, and 100 units' reports of the same period."""
    from cchc_desktop.domain.catalog import IndicatorKind
    from cchc_desktop.domain.changes import ReportPatch
    from cchc_desktop.domain.provenance import SubUnit
    from cchc_desktop.domain.report import IndicatorValue
    from cchc_desktop.services.catalogs import get_catalog
    from cchc_desktop.services.merge import MergeService
    from cchc_desktop.services.reports import ReportService, parse_period
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    db = folder / "bench.sqlite3"
    repo = Repository(open_engine(db))
    service = ReportService(repo)
    period = parse_period("H1", 2024)
    report = service.new_report("Sở Tài chính", period)
    assert report.id is not None
    repo.write_patch(report.id, ReportPatch(optional_groups={"hs"}))
    merges = MergeService(repo)
    subs = [SubUnit(f"Phòng {k:03d}") for k in range(N)]
    merges.save_sub_units("Sở Tài chính", subs)
    catalog = get_catalog()
    counts = [i.code for i in catalog if i.kind is IndicatorKind.COUNT]
    parts = folder / "parts"
    parts.mkdir()
    template = merges.export_for(report.id, subs[:1], parts)[0]
    files = []
    _fill(template, dict.fromkeys(counts, 0))
    data = template.read_bytes()
    for k in range(len(subs)):
        # every sub-unit fills every count; the meta names it (copy, then rename inside)
        path = parts / f"{k:03d}.xlsx"
        path.write_bytes(data)
        files.append(path)
    # give each file its own sub-unit name and figures (slow to make, not timed)
    from openpyxl import load_workbook

    for k, path in enumerate(files):
        wb = load_workbook(path)
        for row in wb["_cchc"].iter_rows():
            if row[0].value == "sub_unit":
                row[1].value = subs[k].name
        ws = wb["Phụ lục III"]
        for row in range(5, ws.max_row + 1):
            code = str(ws.cell(row, 1).value).rstrip(".")
            if code in counts:
                ws.cell(row, 4).value = (k * 7 + row) % 90
        wb.save(path)
    ids = []
    for k in range(N):
        unit_report = service.new_report(f"Đơn vị {k:03d}", period)
        assert unit_report.id is not None
        figures = {c: IndicatorValue(Decimal(k + i)) for i, c in enumerate(counts)}
        repo.set_values(unit_report.id, figures)
        ids.append(unit_report.id)
    repo.engine.dispose()
    return {"db": str(db), "report": report.id, "files": [str(f) for f in files], "ids": ids}


def run_merge(setup: dict[str, object]) -> dict[str, float]:
    from cchc_desktop.services.merge import MergeService
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    repo = Repository(open_engine(Path(str(setup["db"]))))
    service = MergeService(repo)
    files = [Path(f) for f in setup["files"]]  # type: ignore[attr-defined]
    start = time.perf_counter()
    plan = service.preview(int(setup["report"]), files)  # type: ignore[call-overload]
    read = time.perf_counter() - start
    assert plan.ok, plan.error_message()
    service.apply(plan, backup=False)
    total = time.perf_counter() - start
    return {"read_plan_s": read, "total_s": total, "changes": len(plan.changes)}


def run_aggregate(setup: dict[str, object]) -> dict[str, float]:
    from cchc_desktop.services.reports import parse_period
    from cchc_desktop.services.summary import SummaryService, write_table
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    repo = Repository(open_engine(Path(str(setup["db"]))))
    start = time.perf_counter()
    service = SummaryService(repo)
    ids = list(setup["ids"])  # type: ignore[call-overload]
    plan = service.plan("UBND tỉnh", parse_period("H1", 2024), ids, check=False)
    rid = service.apply(plan)
    total = time.perf_counter() - start
    # the --table run: every unit's checks too (the units whose reports have errors)
    start = time.perf_counter()
    plan = service.plan("UBND tỉnh", parse_period("H1", 2024), ids, check=True)
    table = Path(str(setup["db"])).with_name("bang.xlsx")
    write_table(plan, table)
    with_table = time.perf_counter() - start
    return {
        "total_s": total,
        "table_s": with_table,
        "report": rid,
        "changes": len(plan.merge.changes),
    }


def child(kind: str, setup_file: str) -> None:
    setup = json.loads(Path(setup_file).read_text())
    result = run_merge(setup) if kind == "merge" else run_aggregate(setup)
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workbook-reading processes
    result["peak_rss_mb"] = max(own.ru_maxrss, kids.ru_maxrss) / 1024
    result["cpu_s"] = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    print(json.dumps(result))


def main() -> None:
    if len(sys.argv) == 3:
        child(sys.argv[1], sys.argv[2])
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        setup = prepare(folder)
        print(
            f"chuẩn bị {N} tệp Excel và {N} báo cáo: {time.perf_counter() - t:.1f} s (không tính)"
        )
        setup_file = folder / "setup.json"
        setup_file.write_text(json.dumps(setup))
        for kind, target, label in (
            ("merge", 5.0, f"tổng hợp {N} tệp Excel của đơn vị (toàn bộ danh mục)"),
            ("aggregate", 2.0, f"tổng hợp {N} báo cáo đơn vị"),
        ):
            out = subprocess.run(
                [sys.executable, __file__, kind, str(setup_file)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            extra = f", đọc + lập kế hoạch {r['read_plan_s']:.2f} s" if "read_plan_s" in r else ""
            if "table_s" in r:
                extra = f"; xem trước lại kèm kiểm tra từng báo cáo và --table {r['table_s']:.2f} s"
            print(
                f"{label}: {r['total_s']:.2f} s{extra} (mục tiêu < {target:g} s), "
                f"bộ nhớ đỉnh {r['peak_rss_mb']:.0f} MB/tiến trình, CPU {r['cpu_s']:.1f} s "
                f"(cả nhập khẩu thư viện), {r['changes']} giá trị"
            )


if __name__ == "__main__":
    main()
