"""The damaged-file corpus (issue #11, point 5): copies of a two-report database with random bytes
overwritten, header bytes overwritten, the file cut short, or one stored value made unreadable. On
each copy `cchc check`, `list`, `show` (every report) and `set` run as a user would run them;
the script counts tracebacks, SQLite English reaching the user, writes into a file that fails
SQLite's integrity check, and figures shown different from the original without a word.

Usage: python benchmarks/damage_corpus.py [N] [--seed S]   (prints its counts)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

KINDS = ("flip", "header", "truncate", "bad-row", "digit")
# a figure whose digits are found in the file: "digit" damage turns one of them into another digit,
# which reads back as another valid figure unless something notices
MARKED_CODE, MARKED_FIGURE = "1.1.3", "73519"
# SQLite's and Python's English that must never reach the user
ENGLISH = (
    "malformed",
    "not a database",
    "disk i/o",
    "readonly database",
    "traceback",
    "invalidoperation",
    "jsondecodeerror",
    "could not decode",
    "sqlite3.",
    "error:",
)


def make_base(folder: Path) -> tuple[Path, list[int]]:
    """The reference report and a copy for the next period with other figures."""
    from cchc_desktop.domain.periods import Period, PeriodKind
    from cchc_desktop.domain.report import IndicatorValue
    from cchc_desktop.domain.serialize import report_from_dict
    from cchc_desktop.services.catalogs import demo_report_data
    from cchc_desktop.services.reports import ReportService
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    path = folder / "base.sqlite3"
    repo = Repository(open_engine(path))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    copy = ReportService(repo).copy_from_previous(rid, Period(2024, PeriodKind.Y))
    assert copy.id is not None
    repo.set_values(
        copy.id,
        {
            "1.1.1": IndicatorValue(Decimal(41)),
            "1.1.2": IndicatorValue(Decimal(7)),
            MARKED_CODE: IndicatorValue(Decimal(MARKED_FIGURE)),
        },
    )
    repo.engine.dispose()  # the last connection checkpoints: everything is in the main file
    return path, [rid, copy.id]


def run_cli(db: Path, *args: str) -> tuple[int, str, str, bool]:
    """(exit code, stdout, stderr, whether an exception escaped) of one `cchc` command."""
    from cchc_desktop.cli import main

    out, err = io.StringIO(), io.StringIO()
    escaped = False
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(db), *args])
        except BaseException as exc:  # a traceback the user would have seen
            escaped = True
            code = -1
            err.write(f"Traceback: {type(exc).__name__}: {exc}")
    return code, out.getvalue(), err.getvalue(), escaped


def damage(original: bytes, kind: str, rng: random.Random, path: Path) -> str:
    """Write a damaged copy of original to path; returns what was done."""
    data = bytearray(original)
    if kind == "flip":
        spots = sorted(rng.randrange(100, len(data)) for _ in range(rng.randint(1, 8)))
        for spot in spots:
            data[spot] = (data[spot] + rng.randint(1, 255)) % 256
        path.write_bytes(bytes(data))
        return f"bytes {spots} overwritten"
    if kind == "header":
        spots = sorted(rng.randrange(0, 100) for _ in range(rng.randint(1, 3)))
        for spot in spots:
            data[spot] = (data[spot] + rng.randint(1, 255)) % 256
        path.write_bytes(bytes(data))
        return f"header bytes {spots} overwritten"
    if kind == "truncate":
        size = rng.choice([0, rng.randrange(0, len(data)), (len(data) // 4096 - 1) * 4096])
        path.write_bytes(bytes(data[:size]))
        return f"cut to {size} bytes"
    if kind == "digit":
        spots = [i for i in range(len(data)) if data.startswith(MARKED_FIGURE.encode(), i)]
        spot = rng.choice(spots) + rng.randrange(len(MARKED_FIGURE))
        data[spot] = ord(rng.choice([d for d in "0123456789" if ord(d) != data[spot]]))
        path.write_bytes(bytes(data))
        return f"digit at {spot} changed ({len(spots)} copies of the figure in the file)"
    path.write_bytes(original)
    con = sqlite3.connect(path)
    table, column, value = rng.choice(
        [
            ("indicator_values", "number", "3x8"),
            ("indicator_values", "number", "NaN"),
            ("narrative_parts", "paragraphs", '[{"runs": [ {'),
            ("reports", "period_kind", "ZZ"),
            ("reports", "year", "2O24"),
            ("propaganda_rows", "quantity", "12,5,"),
            ("remediation_items", "findings", "[1"),
        ]
    )
    con.execute(
        f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT MIN(rowid) FROM {table})", (value,)
    )
    con.commit()
    con.close()
    return f"{table}.{column} = {value!r} in one row"


def digest(path: Path) -> str:
    h = hashlib.sha256()
    for p in (path, path.with_name(path.name + "-wal")):
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


@dataclass
class Tally:
    files: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    tracebacks: int = 0
    english: int = 0
    exit_one: int = 0
    failed_integrity: int = 0
    writes_to_failed: int = 0
    refused: int = 0
    same: int = 0
    different_figures: int = 0
    different_other: int = 0
    check_said_damaged: int = 0
    examples: list[str] = field(default_factory=list)


def _figures(shown: dict[str, Any]) -> Any:
    """The numbers of a shown report: Phụ lục III values, Phụ lục I quantities, Phụ lục II scores
    (text, notes and the narrative count as "other content")."""
    return (
        {code: v.get("value") for code, v in shown.get("values", {}).items()},
        [p.get("quantity") for p in shown.get("propaganda", [])],
        [(m.get("score_got"), m.get("score_max")) for m in shown.get("remediation", [])],
    )


def run(n: int, seed: int, folder: Path) -> Tally:
    from cchc_desktop.storage.health import check_everything

    base, ids = make_base(folder)
    original = base.read_bytes()
    expected = {rid: json.loads(run_cli(base, "show", str(rid), "--json")[1]) for rid in ids}
    expected_list = run_cli(base, "list", "--json")[1]
    rng = random.Random(seed)
    tally = Tally()
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        case = folder / f"case-{i}"
        case.mkdir()
        path = case / "cchc.sqlite3"
        what = damage(original, kind, rng, path)
        tally.files += 1
        tally.kinds[kind] += 1
        try:
            integrity_failed = bool(check_everything(path)) and _structural(path)
        except Exception:
            integrity_failed = True
        tally.failed_integrity += integrity_failed
        before = digest(path)
        results = [run_cli(path, "check")]
        tally.check_said_damaged += results[0][0] == 2
        results.append(run_cli(path, "list", "--json"))
        list_code, list_out = results[-1][0], results[-1][1]
        for rid in ids:
            code, out, err, escaped = run_cli(path, "show", str(rid), "--json")
            results.append((code, out, err, escaped))
            if code != 0 or escaped:
                tally.refused += 1
                continue
            shown = json.loads(out)
            if shown == expected[rid]:
                tally.same += 1
            elif _figures(shown) != _figures(expected[rid]):
                tally.different_figures += 1
                tally.examples.append(f"case {i} ({what}): report {rid} figures differ")
            else:
                tally.different_other += 1
        if list_code == 0 and list_out != expected_list:
            tally.different_other += 1
        results.append(run_cli(path, "set", str(ids[1]), "1.1.3", "5"))
        if integrity_failed and digest(path) != before:
            tally.writes_to_failed += 1
            tally.examples.append(f"case {i} ({what}): written although damaged")
        for code, _out, err, escaped in results:
            tally.tracebacks += escaped or "Traceback" in err
            tally.exit_one += code == 1
            scrubbed = err.replace(str(path), "").lower()
            leaked = any(word in scrubbed for word in ENGLISH if word != "error:")
            if leaked:
                tally.english += 1
                tally.examples.append(f"case {i} ({what}): {err.strip()[:200]}")
    return tally


def _structural(path: Path) -> bool:
    """Whether SQLite's own integrity check (or opening at all) fails, as opposed to one value."""
    from cchc_desktop.errors import FileProblemError
    from cchc_desktop.storage.health import examine

    try:
        examine(path, full=True)
    except FileProblemError:
        return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        t = run(args.n, args.seed, Path(tmp))
    print(f"damaged files: {t.files} ({dict(t.kinds)}), seed {args.seed}")
    print(f"  failing SQLite's integrity check or refused on open: {t.failed_integrity}")
    print(f"  `cchc check` said damaged (exit 2): {t.check_said_damaged}")
    print(f"  reports shown: identical {t.same}, refused with a message {t.refused}")
    print(f"  tracebacks: {t.tracebacks}")
    print(f"  SQLite/Python English on stderr: {t.english}")
    print(f"  exit 1 (reserved for findings): {t.exit_one}")
    print(f"  writes to a file that failed the integrity check: {t.writes_to_failed}")
    print(f"  silently different figures: {t.different_figures}")
    print(f"  silently different other content (text, list): {t.different_other}")
    for line in t.examples[:15]:
        print(f"    {line}")
    print(f"  time: {time.perf_counter() - started:.1f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
