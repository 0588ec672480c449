"""`cchc` as whole processes against `python -c pass`, measured in the same run (paired, interleaved).

Run: python benchmarks/bench_cli_start.py [--runs 7]
Target: list, show, validate <= 4x `python -c pass` (on the demo database).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(*argv: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=False, env=_ENV)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cchc = shutil.which("cchc", path=str(Path(sys.executable).parent)) or "cchc"
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.sqlite3")
        _ENV["CCHC_DB"] = db
        rid = subprocess.run(
            [cchc, "demo"], capture_output=True, text=True, check=True, env=_ENV
        ).stdout.strip()
        commands = {
            "--help": [cchc, "--help"],
            "list": [cchc, "list"],
            "show": [cchc, "show", rid],
            "validate": [cchc, "validate", rid],
        }
        for argv in commands.values():  # untimed: bytecode written, the day's backup made
            wall(*argv)
        base: list[float] = []
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            base.append(wall(sys.executable, "-c", "pass"))
            for name, argv in commands.items():
                times[name].append(wall(*argv))
        b = statistics.median(base)
        print(f"python -c pass: {b * 1000:.0f} ms (median of {args.runs})")
        for name, found in times.items():
            t = statistics.median(found)
            print(f"cchc {name}: {t * 1000:.0f} ms, {t / b:.2f}x python -c pass (target <= 4x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
