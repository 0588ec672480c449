"""`cchc export-docx` as a whole process against a whole-process plain python-docx script writing
the same paragraphs (no real footnotes) and tables of the demo report, measured in the same run
(paired, interleaved).

Run: python benchmarks/bench_export_process.py [--runs 9]
Target: export-docx <= 1.5x the plain script.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export_docx import plain_blocks

from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.services.catalogs import demo_report_data, get_catalog

HERE = Path(__file__).resolve().parent
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, env=_ENV)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    cchc = shutil.which("cchc", path=str(Path(sys.executable).parent)) or "cchc"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "demo.sqlite3"
        _ENV["CCHC_DB"] = str(db)
        rid = subprocess.run(
            [cchc, "demo"], capture_output=True, text=True, check=True, env=_ENV
        ).stdout.strip()
        report = report_from_dict(demo_report_data())
        catalog = get_catalog(report.catalog_id, report.catalog_version)
        blocks = folder / "blocks.json"
        blocks.write_text(json.dumps(plain_blocks(report, catalog), ensure_ascii=False), "utf-8")
        plain = [sys.executable, str(HERE / "plain_docx.py"), str(blocks), str(folder / "p.docx")]
        export = [cchc, "export-docx", rid, str(folder / "e.docx")]
        wall(plain)  # untimed: bytecode written, the day's backup made
        wall(export)
        base: list[float] = []
        ours: list[float] = []
        for _ in range(args.runs):
            base.append(wall(plain))
            ours.append(wall(export))
    b, e = statistics.median(base), statistics.median(ours)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"plain python-docx script: {b * 1000:.0f} ms (median of {args.runs})")
    print(f"cchc export-docx: {e * 1000:.0f} ms, {e / b:.2f}x the plain script (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
