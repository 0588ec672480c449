"""Crash test: the real report window (offscreen) types in Nội dung, Phụ lục III and Thông tin chung
and is killed (SIGKILL) at a random moment, N times; after each kill the database must pass
integrity_check and hold everything the window showed as entered at least 1 s before the kill.

    python benchmarks/crash_test.py [--rounds 100] [--seed 1]

The child logs each entry (what, when) as it is shown; the parent compares the log with the
database after the kill. Prints one line per round and the totals."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETTLE_S = 1.0  # what was shown this long before the kill must be in the database
SECTION = "Mục kiểm tra mất điện"
# count indicators of the reference report's catalog the child types figures into
CODES = ("1.1.1", "1.1.2", "1.1.3", "1.3.1", "1.3.2", "2.1", "2.2", "3.1.1", "4.2.1", "4.2.2")


# --- the child: a real window, typing --------------------------------------------------------------
def child(
    db: str,
    report_id: int,
    log_path: str,
    seed: int,
    *,
    limit: int = 0,
    kinds: tuple[str, ...] = ("narrative", "value", "header"),
    codes: tuple[str, ...] = CODES,
) -> None:
    """Type until killed, or (limit > 0) for that many entries, then close the window and quit."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from cchc_desktop.domain.vn import NumberFormatError, parse_number
    from cchc_desktop.gui.app import setup_application
    from cchc_desktop.gui.pages.header import HeaderPage
    from cchc_desktop.gui.pages.indicators import IndicatorPage
    from cchc_desktop.gui.pages.narrative import NarrativePage
    from cchc_desktop.gui.report_window import ReportWindow
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    # the GUI tests' key typing (Vietnamese letters as key events), not re-written here
    type_text = importlib.import_module("tests.gui.conftest").type_text

    def shown_figure(page: IndicatorPage, code: str) -> str:
        text = str(page.model.data(page.value_index(code)) or "").split(" ")[-1]
        try:
            figure = parse_number(text)
        except NumberFormatError:
            return f"? {text}"
        return "" if figure is None else str(figure)

    from cchc_desktop.gui import messages

    def error_shown(_parent: object, message: str, *_a: object, **_k: object) -> None:
        note({"kind": "error", "message": message})  # a dialog would stop the typing

    messages.show_error = error_shown  # type: ignore[assignment]

    rng = random.Random(seed)
    app = setup_application()
    win = ReportWindow(Repository(open_engine(db)), report_id)
    win.show()
    log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - open for the child's whole life
    counter = iter(range(1_000_000))

    def note(entry: dict[str, Any]) -> None:
        entry["t"] = time.time()
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        log.flush()

    narrative = win.show_page("noi-dung")
    assert isinstance(narrative, NarrativePage)
    narrative.add_section(SECTION, child=False)

    def type_narrative() -> None:
        page = win.show_page("noi-dung")
        assert isinstance(page, NarrativePage)
        if page.section_label.text() != SECTION:
            flags = Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive
            page.outline.setCurrentItem(page.outline.findItems(SECTION, flags)[0])
        page.editor.setFocus()
        page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
        for _ in range(rng.randint(1, 4)):
            word = f"chữ{next(counter)}"
            type_text(page.editor, word + " ")
            app.processEvents()
            note({"kind": "narrative", "word": word})

    def type_value() -> None:
        page = win.show_page("phu-luc-3")
        assert isinstance(page, IndicatorPage)
        code = rng.choice(codes)
        value = str(rng.randint(1, 5000))
        # said before typing: a kill between the write and the entry below leaves this figure in
        # the database, newer than anything shown, and that is no loss
        note({"kind": "typing", "code": code, "typed": value})
        page.tree.setFocus()
        page.tree.setCurrentIndex(page.value_index(code))
        type_text(page.tree, value[0])
        editor = QApplication.focusWidget()
        if not isinstance(editor, QLineEdit):
            return
        type_text(editor, value[1:])
        QTest.keyClick(editor, Qt.Key.Key_Return)
        app.processEvents()
        # what the cells show now is what the user saw entered (a cell with a finding shows its
        # mark first: "✖ 3.905"); every checked cell, in case the typing reached another one
        cells = {c: shown_figure(page, c) for c in codes}
        note({"kind": "value", "code": code, "value": cells[code], "typed": value, "cells": cells})

    def type_header() -> None:
        page = win.show_page("thong-tin-chung")
        assert isinstance(page, HeaderPage)
        page.subject.setFocus()
        page.subject.end(False)
        word = f" t{next(counter)}"
        type_text(page.subject, word)
        app.processEvents()
        note({"kind": "header", "word": word.strip()})

    by_kind = {"narrative": type_narrative, "value": type_value, "header": type_header}
    actions = [by_kind[k] for k in kinds]
    done = iter(range(limit or 10**9))

    def step() -> None:
        if next(done, None) is None:
            win.close()  # what a user does at the end: closing saves what is being typed
            app.quit()
            return
        rng.choice(actions)()
        QTimer.singleShot(rng.randint(20, 400), step)

    QTimer.singleShot(0, step)
    print("ready", flush=True)
    app.exec()


# --- the parent: kill, then compare ----------------------------------------------------------------
def _narrative_text(narrative: Any) -> str:
    words: list[str] = []

    def walk(sections: list[Any]) -> None:
        for sec in sections:
            if sec.get("title") == SECTION:
                for p in sec.get("paragraphs", []):
                    words.extend(r.get("text", "") for r in p.get("runs", []))
            walk(sec.get("children", []))

    walk(narrative.get("sections", []))
    return "".join(words)


def _stored_narrative(db: Path, report_id: int) -> dict[str, Any] | None:
    """The report's narrative as the app reads it back (its parts' rows since migration 0011,
    not a column of the report), as the JSON _narrative_text walks; None: the file cannot be
    read (its damage is the round's problem)."""
    from cchc_desktop.domain.serialize import narrative_to_dict
    from cchc_desktop.storage.quick import QuickReader

    reader = QuickReader.open(db)
    if reader is None:
        return None
    try:
        return narrative_to_dict(reader.load_report(report_id).narrative)
    finally:
        reader.close()


def check(db: Path, report_id: int, log: Path, killed_at: float) -> tuple[list[str], int]:
    """(problems, entries checked) for one killed round."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        problems = []
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            problems.append(f"integrity_check: {ok}")
        (subject,) = con.execute(
            "SELECT subject FROM reports WHERE id = ?", (report_id,)
        ).fetchone()
        values = {
            code: Decimal(number)
            for code, number in con.execute(
                "SELECT code, number FROM indicator_values WHERE report_id = ?", (report_id,)
            )
            if number is not None
        }
    finally:
        con.close()
    narrative = _stored_narrative(db, report_id)
    if narrative is None:
        return [*problems, "the file cannot be read back"], 0
    text = _narrative_text(narrative)
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    settled = [e for e in entries if e["t"] <= killed_at - SETTLE_S]
    problems += [f"error shown: {e['message']}" for e in entries if e["kind"] == "error"]
    for e in settled:
        if e["kind"] == "narrative" and e["word"] not in text:
            problems.append(f"lost narrative word {e['word']}")
        elif e["kind"] == "header" and e["word"] not in subject.split():
            problems.append(f"lost trích yếu word {e['word']}")
    shown = [e for e in entries if e["kind"] == "value"]
    for code in CODES:
        mine = [e for e in shown if code in e["cells"]]
        old = [e for e in mine if e["t"] <= killed_at - SETTLE_S]
        if not old:
            continue
        # what the cell showed last, settled, or later (in the last second, maybe saved), or a
        # figure being typed into it after that
        since = old[-1]["t"]
        allowed = {_figure(e["cells"][code]) for e in mine[mine.index(old[-1]) :]}
        allowed |= {
            _figure(e["typed"])
            for e in entries
            if e["kind"] == "typing" and e["code"] == code and e["t"] >= since
        }
        if values.get(code) not in allowed:
            problems.append(
                f"{code}: {values.get(code)} in the database, shown {old[-1]['cells'][code]}"
            )
    return problems, len(settled)


def _template(folder: Path) -> tuple[Path, int]:
    """A database holding the demo report, copied for each round."""
    sys.path.insert(0, str(ROOT))
    from bench_gui import _demo_db

    return _demo_db(folder)


def run_round(
    template: Path, report_id: int, folder: Path, rng: random.Random, n: int
) -> dict[str, Any]:
    db = folder / f"r{n}.sqlite3"
    shutil.copy(template, db)
    log = folder / f"r{n}.jsonl"
    log.touch()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CCHC_SETTINGS": str(folder / "settings.ini"),
    }
    errors = folder / f"r{n}.stderr"
    with errors.open("w") as err:  # Qt's offscreen plugin talks a lot; a traceback is kept
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(db), str(report_id), str(log), str(n)],
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
            text=True,
        )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        proc.wait(timeout=30)
        why = errors.read_text(encoding="utf-8", errors="replace")[-800:]
        return {"round": n, "problems": [f"the child did not start: {why}"], "checked": 0}
    time.sleep(rng.uniform(1.5, 6.0))
    killed_at = time.time()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    problems, checked = check(db, report_id, log, killed_at)
    if "Traceback" in errors.read_text(encoding="utf-8", errors="replace"):
        problems.append("the child failed: " + errors.read_text(encoding="utf-8")[-500:])
    return {"round": n, "problems": problems, "checked": checked, "untaken": untaken(log)}


def _figure(shown: str) -> Decimal | str | None:
    return None if not shown else shown if shown.startswith("?") else Decimal(shown)


def untaken(log: Path) -> int:
    """Figures typed and Enter pressed whose cell then showed something else (not a loss: the
    user saw it was not taken), counted to know how often the typing itself misses."""
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]
    return sum(1 for e in entries if e["kind"] == "value" and e["typed"] != e["value"])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--child", nargs=4, metavar=("DB", "ID", "LOG", "SEED"))
    p.add_argument("--limit", type=int, default=0, help="(child) entries before closing")
    p.add_argument("--kinds", default="narrative,value,header", help="(child) what to type")
    p.add_argument("--codes", default=",".join(CODES), help="(child) indicators to type into")
    args = p.parse_args()
    if args.child:
        db, rid, log, seed = args.child
        kinds, codes = tuple(args.kinds.split(",")), tuple(args.codes.split(","))
        child(db, int(rid), log, int(seed), limit=args.limit, kinds=kinds, codes=codes)
        return 0
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="cchc-crash-") as tmp:
        folder = Path(tmp)
        template, report_id = _template(folder)
        lost_rounds, checked, missed = 0, 0, 0
        for n in range(args.rounds):
            result = run_round(template, report_id, folder, rng, n)
            checked += result["checked"]
            missed += result["untaken"]
            if result["problems"]:
                lost_rounds += 1
            print(
                f"round {n + 1}: {result['checked']} entries checked, problems: "
                f"{result['problems'] or 'none'}",
                flush=True,
            )
    print(
        f"{args.rounds - lost_rounds}/{args.rounds} rounds with nothing lost; "
        f"{checked} entries shown >= {SETTLE_S:g} s before a kill checked; "
        f"{missed} figures typed that their cell did not show after Enter"
    )
    return 0 if lost_rounds == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
