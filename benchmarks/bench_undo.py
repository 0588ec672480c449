"""Nội dung undo: memory of 500 undo steps and the time of one commit, on a narrative 20x the demo's.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_undo.py [--steps 500] [--old 979d71d]
Two narratives, each 20 times the demo's: "text" (every paragraph 20 times longer, the issue's
98 ms case) and "sections" (the demo's sections 20 times over: 20x the paragraphs and parts). The
report window is driven as a user does: a part chosen in the outline, text typed at its end, and
the save timer's slot (what fires 0.5 s after typing) run and timed; each step types in another
part, so the steps are not merged. Undo memory is what tracemalloc sees freed when the undo stack
is cleared. A commit is split into the database write (EditSession._write: SQL and fsync) and the
rest (the undo bookkeeping, the page reading the editor, re-checking).

With --old REV (default: the commit before the small undo steps), the same driver runs on that
revision's code (`git archive` into a temporary folder) in the same run, interleaved, for the
baseline. Target: < 50 MB of undo at 500 steps, commit < 10 ms.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_KEEP_NONE_ALIVE: list[None] = []  # see child()
TARGET_MB, TARGET_MS = 50.0, 10.0


def big_report_data(shape: str, times: int = 20) -> dict[str, Any]:
    """The demo report with its narrative `times` as long (see the module's docstring)."""
    from cchc_desktop.services.catalogs import demo_report_data

    data = demo_report_data()
    narrative = data["narrative"]

    def each(node: Any, visit: Any) -> None:
        if isinstance(node, dict):
            visit(node)
            for v in node.values():
                each(v, visit)
        elif isinstance(node, list):
            for v in node:
                each(v, visit)

    if shape == "text":

        def longer(node: dict[str, Any]) -> None:
            if isinstance(node.get("text"), str) and not node.get("footnote_id"):
                node["text"] = node["text"] * times

        each(narrative, longer)
        return data
    sections: list[Any] = []
    notes: list[Any] = []
    for k in range(times):
        copied = copy.deepcopy(narrative["sections"])

        def renamed(node: dict[str, Any], k: int = k) -> None:
            if node.get("footnote_id"):
                node["footnote_id"] = f"{node['footnote_id']}x{k}"

        each(copied, renamed)
        for sec in copied:
            sec["title"] = f"{sec['title']} ({k + 1})"
        sections += copied
        notes += [{**f, "id": f"{f['id']}x{k}"} for f in data["footnotes"]]
    narrative["sections"], data["footnotes"] = sections, notes
    return data


# --- the child: one code base, one database -----------------------------------------------------
def child(db: str, report_id: int, steps: int, memory: bool) -> dict[str, Any]:
    import gc
    import time
    import tracemalloc

    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui.app import setup_application
    from cchc_desktop.gui.report_window import ReportWindow
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    # PySide6 6.12.0 on Python 3.11 (where None is not immortal) takes a reference to None away
    # on every call of a method returning nothing: the process aborts ("none_dealloc") after some
    # 30,000 calls, 500 steps of this driver on either code. References held here keep None alive
    # for the run (allocated before tracemalloc starts: not counted as undo memory); the child
    # ends with os._exit, never giving them back.
    _KEEP_NONE_ALIVE.extend([None] * 5_000_000)
    app = QApplication.instance() or setup_application()
    engine = open_engine(Path(db))
    window = ReportWindow(Repository(engine), report_id)
    window.show()
    page: Any = window.show_page("noi-dung")
    app.processEvents()
    session: Any = window.ctrl.session
    items: list[Any] = []

    def walk(item: Any) -> None:
        items.append(item)
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(page.outline.topLevelItemCount()):
        walk(page.outline.topLevelItem(i))
    write_ms: list[float] = []  # the writes of the commit being timed
    writes: list[float] = []  # per commit, the time in the database write
    real_write = session._write

    def timed_write(patch: Any) -> bool:
        t0 = time.perf_counter()
        try:
            return bool(real_write(patch))
        finally:
            write_ms.append((time.perf_counter() - t0) * 1000)

    session._write = timed_write
    commit_ms: list[float] = []
    gc.collect()
    if memory:
        tracemalloc.start()
    for i in range(steps):
        page.outline.setCurrentItem(items[i % len(items)])
        cursor = page.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        page.editor.setTextCursor(cursor)
        page.editor.insertPlainText(f" bước {i}")
        write_ms.clear()
        t0 = time.perf_counter()
        page._commit_typing()  # what the 0.5 s timer fires
        commit_ms.append((time.perf_counter() - t0) * 1000)
        assert len(write_ms) == 1, "one write per commit"
        writes.append(write_ms[0])
    stack = window.ctrl.undo_stack
    count = stack.count()
    undo_mb = 0.0
    if memory:
        gc.collect()
        with_stack = tracemalloc.get_traced_memory()[0]
        stack.clear()
        gc.collect()
        undo_mb = (with_stack - tracemalloc.get_traced_memory()[0]) / 1e6
        tracemalloc.stop()
    undo_ms: list[float] = []
    if not memory:  # undo and redo the last few steps (read back: the text comes and goes)
        for action in (window.ctrl.undo, window.ctrl.redo):
            for _ in range(min(5, count)):
                t0 = time.perf_counter()
                action()
                undo_ms.append((time.perf_counter() - t0) * 1000)
    window.close()
    engine.dispose()
    return {
        "steps": count,
        "undo_mb": undo_mb,
        "commit": commit_ms,
        "write": writes,
        "undo": undo_ms,
    }


# --- the parent: databases, code bases, paired runs ---------------------------------------------
def make_db(folder: Path, shape: str) -> tuple[Path, int]:
    from cchc_desktop.domain.serialize import report_from_dict
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    path = folder / f"undo-{shape}.sqlite3"
    engine = open_engine(path)
    report = report_from_dict(big_report_data(shape))
    Repository(engine).save_report(report)
    engine.dispose()
    assert report.id is not None
    return path, report.id


def make_db_with(code: Path, folder: Path, shape: str) -> tuple[Path, int]:
    """make_db run by that code base, so that each writes a schema it knows (an older revision
    refuses a database of a newer one)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run(
        [sys.executable, __file__, "--make", str(folder), shape],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=code,
    ).stdout.split()
    return Path(out[-2]), int(out[-1])


def run(code: Path, db: Path, report_id: int, steps: int, memory: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(code), "QT_QPA_PLATFORM": "offscreen"}
    args = [sys.executable, __file__, "--child", str(db), str(report_id), str(steps)]
    out = subprocess.run(
        [*args, *(["--memory"] if memory else [])],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=code,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def old_code(rev: str, folder: Path) -> Path | None:
    """The revision's code in a folder of its own (None when git cannot give it)."""
    out = folder / "old"
    out.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "cchc_desktop", "resources", "ui"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    return out


def _fmt(ms: list[float]) -> str:
    return f"{statistics.median(ms):7.1f} ms median, {max(ms):7.1f} ms worst"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--timed", type=int, default=40, help="commits timed per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--old", default="979d71d", help="baseline revision ('' = none)")
    parser.add_argument("--old-steps", type=int, default=50, help="memory steps of the baseline")
    parser.add_argument("--shape", choices=["text", "sections", "both"], default="both")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        path, rid = make_db(Path(args.make[0]), args.make[1])
        print(path, rid)
        return 0
    if args.child:
        db, rid, steps = args.child
        print(json.dumps(child(db, int(rid), int(steps), args.memory)), flush=True)
        os._exit(0)  # see child(): None's references are never given back
    print(f"load average {os.getloadavg()[0]:.2f} at start")
    shapes = ["text", "sections"] if args.shape == "both" else [args.shape]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old = old_code(args.old, folder) if args.old else None
        codes = {"new": ROOT, **({"old": old} if old else {})}
        for shape in shapes:
            dbs = {name: make_db_with(code, folder / name, shape) for name, code in codes.items()}
            print(f"\n== narrative 20x the demo's, {shape} ==")
            timed: dict[str, list[float]] = {k: [] for k in codes}
            rest: dict[str, list[float]] = {k: [] for k in codes}  # commit minus its write
            undo: dict[str, list[float]] = {k: [] for k in codes}
            for _ in range(args.rounds):  # interleaved: load and disk cache favour neither
                for name, code in codes.items():
                    result = run(code, *dbs[name], args.timed, memory=False)
                    timed[name] += result["commit"][2:]  # the first two warm caches
                    pairs = zip(result["commit"][2:], result["write"][2:], strict=True)
                    rest[name] += [c - w for c, w in pairs]
                    undo[name] += result["undo"]
            memory: dict[str, tuple[float, int]] = {}
            for name, code in codes.items():
                steps = args.steps if name == "new" else min(args.old_steps, args.steps)
                result = run(code, *dbs[name], steps, memory=True)
                memory[name] = (result["undo_mb"], result["steps"])
            for name in codes:
                mb, steps = memory[name]
                at_500 = mb * args.steps / steps
                note = "" if steps == args.steps else f" ({mb:.1f} MB over {steps} steps, scaled)"
                print(f"{name}: undo memory {at_500:8.1f} MB at {args.steps} steps{note}")
                print(f"{name}: commit {_fmt(timed[name])}")
                print(f"{name}:   without the database write {_fmt(rest[name])}")
                print(f"{name}: undo / redo {_fmt(undo[name])}")
            new_mb = memory["new"][0] * args.steps / memory["new"][1]
            print(f"target: memory {new_mb / TARGET_MB:.2f}x of {TARGET_MB:.0f} MB")
            commit = statistics.median(timed["new"])
            print(f"target: commit {commit / TARGET_MS:.2f}x of {TARGET_MS:.0f} ms (median)")
            own = statistics.median(rest["new"])
            print(f"target: commit without the write {own / TARGET_MS:.2f}x of {TARGET_MS:.0f} ms")
            if "old" in codes:
                old_mb = memory["old"][0] * args.steps / memory["old"][1]
                print(
                    f"new / old: memory {new_mb / old_mb:.3f}x,"
                    f" commit {commit / statistics.median(timed['old']):.3f}x"
                )
    print(f"\nload average {os.getloadavg()[0]:.2f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
