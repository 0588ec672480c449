"""What recording the history costs: one figure written N times through the repository with and
without the history rows (the history is part of every write), and reading one figure's history
once the report holds many entries. Prints its figures."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cchc_desktop.domain.changes import ReportPatch
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage import repository as repository_module
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

WRITES = 300


def _writes(repo: Repository, rid: int, start: int) -> list[float]:
    times = []
    for i in range(WRITES):
        patch = ReportPatch(values={"1.1.1": IndicatorValue(Decimal(start + i))})
        t = time.perf_counter()
        repo.write_patch(rid, patch)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository(open_engine(Path(tmp) / "b.sqlite3"))
        demo, _ = ReportService(repo).create_demo()
        assert demo.id is not None
        with_history = _writes(repo, demo.id, 1000)
        original = repository_module._record
        repository_module._record = lambda *_a, **_k: None
        try:
            without = _writes(repo, demo.id, 5000)
        finally:
            repository_module._record = original
        for i in range(20):  # 20 more entries for every figure the demo report fills
            codes = list(repo.load_report(demo.id).values)
            repo.write_patch(
                demo.id,
                ReportPatch(values={c: IndicatorValue(Decimal(i + 7)) for c in codes}),
            )
        t = time.perf_counter()
        entries = repo.history(demo.id, "1.1.1")
        one = time.perf_counter() - t
        t = time.perf_counter()
        everything = repo.history(demo.id)
        whole = time.perf_counter() - t
        repo.engine.dispose()
    ms = 1000
    print(f"figure write, with history:    median {statistics.median(with_history) * ms:.2f} ms")
    print(f"figure write, without history: median {statistics.median(without) * ms:.2f} ms")
    print(f"history of one figure ({len(entries)} entries): {one * ms:.1f} ms")
    print(f"history of the report ({len(everything)} entries): {whole * ms:.1f} ms")


if __name__ == "__main__":
    main()
