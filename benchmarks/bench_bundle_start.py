"""Bundle vs source: size of the bundle and time from launch to a painted report (prints figures).

Run after `pyinstaller build.spec`:
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_bundle_start.py [--bundle "dist/CCHC Desktop"] [--runs 5]
Each run is a whole process, `--open ID --page phu-luc-3 --screenshot F.png`: start, paint the report
window, write the PNG, exit; the same command from the bundle and from source (this interpreter).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
EXE = ".exe" if sys.platform == "win32" else ""


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundle", type=Path, default=Path("dist") / "CCHC Desktop")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bundle = args.bundle.resolve()
    if not (bundle / f"cchc{EXE}").is_file():
        print(f"no bundle at {bundle}: run `pyinstaller build.spec` first")
        return 2
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, HOME=str(work), XDG_CONFIG_HOME=str(work / "config"))
        db = str(work / "bench.sqlite3")
        report_id = subprocess.run(
            [str(bundle / f"cchc{EXE}"), "--db", db, "demo"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        shot = ["--db", db, "--open", report_id, "--page", "phu-luc-3", "--screenshot", "s.png"]
        commands = {
            "bundle": [str(bundle / f"CCHC Desktop{EXE}"), *shot],
            "source": [sys.executable, "-m", "cchc_desktop.gui.app", *shot],
        }
        for cmd in commands.values():  # warm the file cache once, as a second start would be
            timed(cmd, env, work)
        times = {
            name: [timed(cmd, env, work) for _ in range(args.runs)]
            for name, cmd in commands.items()
        }
    size = folder_size(bundle)
    print(f"bundle: {bundle}")
    print(f"bundle size: {size / 1e6:.1f} MB ({sum(1 for _ in bundle.rglob('*'))} files)")
    for name, values in times.items():
        print(
            f"launch to painted report (+ PNG, exit), {name}: median {statistics.median(values):.2f} s"
            f" (min {min(values):.2f}, max {max(values):.2f}, {len(values)} runs)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
