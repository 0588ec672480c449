"""Benchmark: Word export of the reference report vs the same text written with plain python-docx.

Run from the checkout: .venv/bin/python benchmarks/bench_export_docx.py
Target: the export takes at most 2x the plain baseline and under 0.5 s, for the first (cold) run
in the process as well as the median of the following runs. Exit status 1 otherwise.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cchc_desktop.domain.catalog import Catalog
from cchc_desktop.domain.report import Report
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.domain.vn import format_number
from cchc_desktop.export.docx import write_report_docx
from cchc_desktop.services.catalogs import demo_report_data, get_catalog

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plain_docx import Block, write_plain

ROUNDS = 7


def plain_blocks(report: Report, catalog: Catalog) -> list[Block]:
    """The report's paragraphs and tables as plain text (plain_docx.py writes them)."""
    blocks: list[Block] = []
    u = report.unit
    for text in (
        u.parent_authority,
        u.name,
        f"Số: {report.number_symbol}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        report.place_date_line(),
        "BÁO CÁO",
        report.subject,
    ):
        blocks.append(("p", text))
    n = report.narrative
    for p in n.intro:
        blocks.append(("p", p.text))
    for label, _, sec in n.numbered():
        blocks.append(("p", f"{label} {sec.title}"))
        for p in sec.paragraphs:
            blocks.append(("p", p.text))
    for p in n.closing:
        blocks.append(("p", p.text))
    for f in report.footnotes_in_order():
        blocks.append(("p", f.text))
    blocks.append(("p", "Nơi nhận:"))
    for r in report.recipients:
        blocks.append(("p", r))
    for text in (report.signer.authority, report.signer.title, report.signer.name):
        blocks.append(("p", text))
    blocks.append(("p", "PHỤ LỤC I"))
    blocks.append(
        (
            "t",
            [["TT", "Chỉ tiêu", "Đơn vị tính", "Số lượng", "Ghi chú"]]
            + [
                [r.number, r.label, r.unit, format_number(r.quantity), r.note]
                for r in report.propaganda
            ],
        )
    )
    blocks.append(("p", "PHỤ LỤC II"))
    blocks.append(
        (
            "t",
            [["TT", "Tồn tại", "Giải pháp", "Thời gian", "Tiến độ"]]
            + [
                [
                    i.number,
                    "\n".join([f"{i.criterion} {i.assessment}", *i.findings]),
                    "\n".join(i.remedies),
                    "\n".join(i.deadlines),
                    "\n".join(i.progress),
                ]
                for i in report.remediation
            ],
        )
    )
    blocks.append(("p", "PHỤ LỤC III"))
    rows = [["STT", "Chỉ tiêu", "", "", "Ghi chú"], ["", "", "Đơn vị tính", "Số liệu", ""]]
    for ind in catalog.enabled(report.optional_groups):
        iv = report.values.get(ind.code)
        value = ind.format_value(iv.value if iv else None)
        rows.append([ind.code, ind.label, ind.unit, value, iv.note if iv else ""])
    blocks.append(("t", rows))
    return blocks


def plain_baseline(report: Report, catalog: Catalog, path: Path) -> None:
    """The same paragraphs and tables, python-docx's default template, no formatting at all."""
    write_plain(plain_blocks(report, catalog), path)


def timed(fn: Callable[[], None]) -> tuple[float, list[float]]:
    """The first run (cold: template parsed, caches filled) and the following ROUNDS runs."""
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    out = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return first, out


def main() -> int:
    report = report_from_dict(demo_report_data())
    catalog = get_catalog(report.catalog_id, report.catalog_version)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain_first, plain = timed(lambda: plain_baseline(report, catalog, folder / "plain.docx"))
        export_first, export = timed(
            lambda: write_report_docx(report, catalog, folder / "export.docx")
        )
        _, draft = timed(
            lambda: write_report_docx(report, catalog, folder / "draft.docx", draft=True)
        )
    e, p, d = statistics.median(export), statistics.median(plain), statistics.median(draft)
    ratio = e / p
    first_ratio = export_first / plain_first
    print(f"rounds: {ROUNDS} (median) after one cold run")
    print(f"plain python-docx baseline: {p * 1000:7.1f} ms   (cold {plain_first * 1000:.1f} ms)")
    print(
        f"write_report_docx:          {e * 1000:7.1f} ms   (cold {export_first * 1000:.1f} ms,"
        f" min {min(export) * 1000:.1f} ms)"
    )
    print(f"write_report_docx --draft:  {d * 1000:7.1f} ms")
    print(f"ratio export / baseline:    {ratio:7.2f}   (cold {first_ratio:.2f}; target <= 2)")
    ok = ratio <= 2 and e < 0.5 and first_ratio <= 2 and export_first < 0.5
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
