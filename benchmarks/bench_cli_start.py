"""`cchc` as whole processes against `python -c pass`, measured in the same run (paired, interleaved).

Run: python benchmarks/bench_cli_start.py [--runs 7] [--compare DIR]
Target: list, show, validate <= 4x `python -c pass` (on the demo database).
--compare DIR: the same commands from another checkout's source (e.g. `git worktree add DIR 4ce20bd`),
run by the same launcher and Python with DIR first on PYTHONPATH, interleaved with ours.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


CPU: dict[tuple[str, ...], list[float]] = {}  # each command's CPU time (user + system) per run


def wall(*argv: str, env: dict[str, str] | None = None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=False, env=env or _ENV)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    key = (*argv, (env or _ENV).get("PYTHONPATH", ""))
    CPU.setdefault(key, []).append(
        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    )
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another checkout, measured in the same run")
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
        # the other checkout's package is found before ours: PYTHONPATH precedes the editable
        # finder. It reads a demo database its own code made: an older code base cannot open a
        # newer schema's file (it would time its error message)
        other = None
        if args.compare:
            other = {
                **_ENV,
                "PYTHONPATH": str(args.compare.resolve()),
                "CCHC_DB": str(Path(tmp) / "other.sqlite3"),
            }
            theirs_id = subprocess.run(
                [cchc, "demo"], capture_output=True, text=True, check=True, env=other
            ).stdout.strip()
            if theirs_id != rid:
                raise SystemExit(f"the other checkout's demo is report {theirs_id}, ours {rid}")
        for argv in commands.values():  # untimed: bytecode written, the day's backup made
            wall(*argv)
            if other:
                wall(*argv, env=other)
        base: list[float] = []
        times: dict[str, list[float]] = {k: [] for k in commands}
        theirs: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            base.append(wall(sys.executable, "-c", "pass"))
            for name, argv in commands.items():
                times[name].append(wall(*argv))
                if other:
                    theirs[name].append(wall(*argv, env=other))
        b = statistics.median(base)
        print(f"python -c pass: {b * 1000:.0f} ms (median of {args.runs})")
        # CPU time, the least of the runs: what a busy machine's waiting for a processor does
        # not inflate (the wall figures above are the target's; this says what changed)
        pass_cpu = min(CPU[(sys.executable, "-c", "pass", "")])

        def cpu(argv: list[str], other: dict[str, str] | None) -> str:
            spent = min(CPU[(*argv, (other or _ENV).get("PYTHONPATH", ""))][1:])
            return f"CPU {spent * 1000:.0f} ms, {spent / pass_cpu:.2f}x"

        print(f"  its CPU time: {pass_cpu * 1000:.0f} ms (least of {args.runs})")
        for name, found in times.items():
            t = statistics.median(found)
            line = f"cchc {name}: {t * 1000:.0f} ms, {t / b:.2f}x python -c pass (target <= 4x)"
            line += f" [{cpu(commands[name], None)}]"
            if other:
                o = statistics.median(theirs[name])
                line += f"; {args.compare}: {o * 1000:.0f} ms, {o / b:.2f}x"
                line += f" [{cpu(commands[name], other)}]"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
