"""Two-writer test: two report windows in two processes and the `cchc set` command change the same
report at the same time, each its own figures and text; after all three exit, every change each
of them showed as entered must be in the database (no lost update), N rounds.

    python benchmarks/two_writers.py [--rounds 50] [--seed 1]

Window A types figures of one set and the trích yếu, window B the narrative and figures of another
set, the command line figures of a third. Prints one line per round and the totals."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from crash_test import CODES, _template, check

ROOT = Path(__file__).resolve().parents[1]
CRASH_TEST = Path(__file__).resolve().parent / "crash_test.py"
CODES_A, CODES_B, CODES_CLI = CODES[:4], CODES[4:7], CODES[7:]


def _window(db: Path, rid: int, log: Path, seed: int, *, kinds: str, codes: tuple[str, ...]) -> Any:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CCHC_SETTINGS": str(db.with_suffix(f".{seed}.ini")),
    }
    args = ["--limit", "25", "--kinds", kinds, "--codes", ",".join(codes)]
    return subprocess.Popen(
        [sys.executable, str(CRASH_TEST), "--child", str(db), str(rid), str(log), str(seed), *args],
        stdout=subprocess.DEVNULL,
        stderr=log.with_suffix(".stderr").open("w"),
        env=env,
    )


def _cli_writer(db: Path, rid: int, log: Path, rng: random.Random) -> list[str]:
    problems = []
    with log.open("a", encoding="utf-8") as out:
        for _ in range(4):
            code, value = rng.choice(CODES_CLI), str(rng.randint(1, 5000))
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "cchc_desktop.cli",
                    "--db",
                    str(db),
                    "set",
                    str(rid),
                    code,
                    value,
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            if done.returncode != 0:
                problems.append(
                    f"cchc set {code} {value}: exit {done.returncode} {done.stderr.strip()}"
                )
                continue
            entry = {"kind": "value", "code": code, "value": value, "cells": {code: value}}
            out.write(json.dumps({**entry, "t": time.time()}) + "\n")
            out.flush()
            time.sleep(rng.uniform(0.1, 0.8))
    return problems


def run_round(template: Path, rid: int, folder: Path, rng: random.Random, n: int) -> dict[str, Any]:
    db = folder / f"r{n}.sqlite3"
    shutil.copy(template, db)
    logs = [folder / f"r{n}-{who}.jsonl" for who in ("a", "b", "cli")]
    for log in logs:
        log.touch()
    a = _window(db, rid, logs[0], 2 * n, kinds="value,header", codes=CODES_A)
    b = _window(db, rid, logs[1], 2 * n + 1, kinds="narrative,value", codes=CODES_B)
    problems = _cli_writer(db, rid, logs[2], rng)
    for proc, name in ((a, "A"), (b, "B")):
        if proc.wait(timeout=120) != 0:
            problems.append(f"window {name} exited {proc.returncode}")
    merged = folder / f"r{n}.jsonl"
    entries = [
        line for log in logs for line in log.read_text(encoding="utf-8").splitlines() if line
    ]
    merged.write_text("\n".join(sorted(entries, key=lambda e: json.loads(e)["t"])) + "\n")
    lost, checked = check(db, rid, merged, killed_at=float("inf"))
    return {"round": n, "problems": problems + lost, "checked": checked}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    bad, checked = 0, 0
    with tempfile.TemporaryDirectory(prefix="cchc-two-writers-") as tmp:
        folder = Path(tmp)
        template, rid = _template(folder)
        for n in range(args.rounds):
            result = run_round(template, rid, folder, rng, n)
            checked += result["checked"]
            bad += bool(result["problems"])
            print(
                f"round {n + 1}: {result['checked']} edits checked, problems: "
                f"{result['problems'] or 'none'}",
                flush=True,
            )
    print(f"{args.rounds - bad}/{args.rounds} rounds with no lost edit; {checked} edits checked")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
