"""GUI speed: cold start vs a bare QMainWindow, keystroke-to-finding latency, memory (prints figures).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui.py [--runs 5] [--compare DIR]
`--instructions` counts instructions under valgrind instead (load-independent; one run each).
Targets: start to the painted report <= 1.8x the bare window's start (issue 18), keystroke to
finding shown <= 16 ms, memory < 200 MB. The start is measured in pairs (bare, then the app, in
turn), and the ratio is the median of the pairs' ratios; the load average is printed with it.
Each pair also starts the same window's widgets and text without the app (WIDGETS): the ratio of
that to bare is what PySide and Qt cost to show them, the rest of the app's ratio its own code.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import Engine

    from cchc_desktop.gui.report_window import ReportWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Each child is told when it was spawned (time.time() of the parent) and reports how long after that
# its window was on screen, then leaves with os._exit: the interpreter start and every import are
# part of a cold start, the teardown at exit is not (nobody waits for it).
BARE = """
import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1280, 820)
w.show()
app.processEvents()
print(time.time() - float(sys.argv[1]), time.process_time())
sys.stdout.flush()
os._exit(0)
"""

# The real entry point, `cchc-desktop --db DB --open ID --page phu-luc-3` (the function the
# installed command runs, cchc_desktop/gui_entry.py, or gui/app.py's main in a checkout from before
# it); QApplication.exec is replaced by "paint what is pending, report, leave". The first window
# shown is noted too. The child imports no Qt itself: its hooks go in when the app opens the
# database (StartupStore.__init__), after the app's own imports, so that these run as they do for a
# user (the launcher pauses the cycle collector before PySide is imported).
APP = """
import os, sys, time
spawned = float(sys.argv[1])
import cchc_desktop
# the checkout's own launcher (an editable install elsewhere could lend it another's module)
if os.path.exists(os.path.join(os.path.dirname(cchc_desktop.__file__), "gui_entry.py")):
    from cchc_desktop.gui_entry import main as start_app
else:  # a checkout from before the launcher
    from cchc_desktop.gui.app import main as start_app

first = []
painted = []
hooked = []
from cchc_desktop.storage.quick import StartupStore
load_orm = StartupStore.load_in_background


def watch_first_window():
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    class FirstExpose(QObject):
        def eventFilter(self, obj, event):
            if not first and event.type() == QEvent.Type.Expose:
                first.append(time.time() - spawned)
            return False

    # the first window shown is watched, alone: a filter on the whole application would be a
    # Python call for every event of the start it measures (about a tenth of its instructions)
    watchers = []
    show = QWidget.show

    def show_and_watch(self):
        show(self)
        handle = self.windowHandle()
        if not watchers and handle is not None:
            watchers.append(FirstExpose())
            handle.installEventFilter(watchers[0])

    QWidget.show = show_and_watch


def load_in_background(self):
    # main() calls this right after the report window is painted
    if len(sys.argv) > 4:  # counting instructions: the start ends here
        os._exit(0)
    painted.append(time.time() - spawned)
    painted.append(time.process_time())
    self._bench = load_orm(self)


def exec_(self=None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    app.processEvents()
    store = app._store
    if store._loader is not None:
        store._loader.join()
    orm_ready = time.time() - spawned
    rss = 0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) // 1024
    print(first[0] if first else painted[0], painted[0], orm_ready, rss, painted[1])
    sys.stdout.flush()
    # as at a normal exit, the copy stops listening: its socket file goes, and the next run's
    # start does not meet one left behind (as after a crash)
    from cchc_desktop.gui.single_instance import InstanceServer
    for server in app.findChildren(InstanceServer):
        server.close()
    os._exit(0)

init = StartupStore.__init__

def init_and_note(self, *a, **k):
    from PySide6.QtWidgets import QApplication

    if not hooked:  # the app has imported Qt by now; nothing is shown yet
        hooked.append(True)
        QApplication.exec = exec_
        if len(sys.argv) <= 4:  # counting instructions: nothing watched
            watch_first_window()
    init(self, *a, **k)
    QApplication.instance()._store = self

StartupStore.__init__ = init_and_note
StartupStore.load_in_background = load_in_background

start_app(["--db", sys.argv[2], "--open", sys.argv[3], "--page", "phu-luc-3"])
"""


# The same window without the app: the menus, buttons, list and labels of the report window on
# Phụ lục III, and its tree with the same rows and text (a QStandardItemModel filled from a module
# the parent writes, the figures as the app shows them), built and painted by PySide alone. No
# database, no catalog, no rules, no model of the app's own. What the app costs beyond this is the
# part its own code can change; the rest is what showing these widgets costs in PySide and Qt.
WIDGETS = """
import os, sys, time
sys.path.insert(0, sys.argv[2])
from widget_rows import (
    BANNER, BANNER_STYLE, BUTTONS, CHECKS, FAMILIES, HEADERS, LABELS, MENUS, PAGES, ROWS, TITLE, WIDTHS,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QMainWindow,
    QPushButton, QSplitter, QTreeView, QVBoxLayout, QWidget,
)
app = QApplication([])
font = QFont(app.font())
font.setFamilies(FAMILIES)  # the app's font, as it chose it (no search here)
font.setPointSize(10)
app.setFont(font)
bold = QFont(font)
bold.setBold(True)
w = QMainWindow()
w.resize(1280, 820)
w.setWindowTitle(TITLE)
for title, actions in MENUS:
    menu = w.menuBar().addMenu(title)
    for text, keys in actions:
        action = QAction(text, w)
        if keys:
            action.setShortcut(QKeySequence(keys))
        menu.addAction(action)
central = QWidget()
outer = QVBoxLayout(central)
banner = QLabel(BANNER)
banner.setStyleSheet(BANNER_STYLE)
outer.addWidget(banner)
title = QLabel(TITLE)
title.setFont(bold)
outer.addWidget(title)
split = QSplitter()
pages = QListWidget()
pages.addItems(PAGES)
split.addWidget(pages)
page = QWidget()
inner = QVBoxLayout(page)
bar = QHBoxLayout()
for text in LABELS:
    bar.addWidget(QLabel(text))
bar.addWidget(QLineEdit())
inner.addLayout(bar)
for half in (BUTTONS[: len(BUTTONS) // 2], BUTTONS[len(BUTTONS) // 2 :]):
    buttons = QHBoxLayout()
    for text in half:
        buttons.addWidget(QPushButton(text))
    inner.addLayout(buttons)
for text in CHECKS:
    inner.addWidget(QCheckBox(text))
tree = QTreeView()
model = QStandardItemModel()
model.setHorizontalHeaderLabels(HEADERS)
parents = [model.invisibleRootItem()]
for level, is_bold, texts in ROWS:
    items = [QStandardItem(t) for t in texts]
    if is_bold:
        items[0].setFont(bold)
        items[1].setFont(bold)
    items[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    del parents[level + 1:]
    parents[level].appendRow(items)
    parents.append(items[0])
tree.setModel(model)
tree.expandAll()
header = tree.header()
header.setStretchLastSection(False)
header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the label, as in the app
for column, width in enumerate(WIDTHS):
    tree.setColumnWidth(column, width)
tree.setIndentation(16)
inner.addWidget(tree, 1)
split.addWidget(page)
split.setSizes([175, 1000])
outer.addWidget(split, 1)
w.setCentralWidget(central)
w.show()
app.processEvents()
print(time.time() - float(sys.argv[1]), time.process_time())
sys.stdout.flush()
os._exit(0)
"""


def _report_window(db: Path, report_id: int) -> tuple[QApplication, Engine, ReportWindow]:
    """(QApplication, engine, ReportWindow) on db, built in this process as the app builds it;
    the caller closes the window and disposes of the engine."""
    from cchc_desktop.gui.app import setup_application
    from cchc_desktop.gui.report_window import ReportWindow
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    app = setup_application()
    engine = open_engine(db)
    return app, engine, ReportWindow(Repository(engine), report_id)


def write_widget_rows(db: Path, report_id: int, folder: Path) -> Path:
    """widget_rows.py for WIDGETS: the texts the report window shows on Phụ lục III (menus,
    buttons, pages, the tree's rows as its model gives them), read from the real window built
    here in the parent. Returns the folder holding it."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QMenu, QWidget

    from cchc_desktop.gui.pages.indicators import IndicatorPage

    app, engine, win = _report_window(db, report_id)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    model = page.tree.model()
    rows: list[tuple[int, bool, list[str]]] = []

    def walk(parent: QModelIndex, level: int) -> None:
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            texts = [
                str(model.index(r, c, parent).data(Qt.ItemDataRole.DisplayRole) or "")
                for c in range(model.columnCount(parent))
            ]
            font = index.data(Qt.ItemDataRole.FontRole)
            rows.append((level, bool(font is not None and font.bold()), texts))
            walk(index, level + 1)

    walk(page.tree.rootIndex(), 0)
    menus = []
    for menu_action in win.menuBar().actions():
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            menus.append(
                (menu_action.text(), [(a.text(), a.shortcut().toString()) for a in menu.actions()])
            )
    # the labels and buttons on screen with the page (the window is not shown: "visible to it")
    shown = [x for x in win.findChildren(QWidget) if x.isVisibleTo(win)]
    banner = win.deadline_banner
    text = {
        "ROWS": rows,
        "MENUS": menus,
        "PAGES": [win.page_list.item(i).text() for i in range(win.page_list.count())],
        "BUTTONS": [
            b.text()
            for b in shown
            if isinstance(b, QAbstractButton) and not isinstance(b, QCheckBox) and b.text()
        ],
        "CHECKS": [b.text() for b in shown if isinstance(b, QCheckBox)],
        "HEADERS": [
            str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
            for c in range(model.columnCount())
        ],
        "LABELS": [
            x.text() for x in shown if type(x) is QLabel and x.text() and x is not win.title
        ],
        "TITLE": win.windowTitle(),
        "BANNER": banner.text() if banner.isVisibleTo(win) else "",
        "BANNER_STYLE": banner.styleSheet(),
        "WIDTHS": [page.tree.columnWidth(c) for c in range(model.columnCount())],
        "FAMILIES": app.font().families(),
    }
    win.close()
    engine.dispose()
    module = "".join(f"{name} = {value!r}\n" for name, value in text.items())
    (folder / "widget_rows.py").write_text(module, encoding="utf-8")
    return folder


# Put before BARE or APP (untimed runs only): how many Python enum classes the child made and the
# time they took, printed as it leaves (os._exit, at the paint for APP with a 4th argument).
# PySide makes a class's enums as Python `enum` classes when the class is first used (the `Qt`
# namespace alone is 94 of them): a share of the start that no code of the app's own runs.
ENUMS = """
import enum, os, sys, time as _time
_made = [0, 0.0]
_create = enum.EnumType._create_
def _timed(*args, **kwargs):
    began = _time.perf_counter()
    try:
        return _create(*args, **kwargs)
    finally:
        _made[0] += 1
        _made[1] += _time.perf_counter() - began
enum.EnumType._create_ = _timed
_leave = os._exit
def _say_and_leave(code):
    sys.stdout.write(f"\\nENUMS {_made[0]} {_made[1]}\\n")
    sys.stdout.flush()
    _leave(code)
os._exit = _say_and_leave
"""


def enum_share(db: Path, report_id: int) -> tuple[tuple[int, float], tuple[int, float]]:
    """(enum classes made, seconds) before the bare window is shown and before the report is
    painted (one untimed run each: the wrapper costs a little per class)."""
    out = []
    for code, args in ((BARE, ()), (APP, (str(db), str(report_id), "exit-at-paint"))):
        done = subprocess.run(
            [sys.executable, "-c", ENUMS + code, str(time.time()), *args],
            capture_output=True,
            text=True,
            check=True,
            env=_CHILD_ENV,
        )
        found = re.search(r"^ENUMS (\d+) (\S+)$", done.stdout, re.MULTILINE)
        if found is None:
            raise RuntimeError("the child did not say its enums: " + done.stdout[-300:])
        out.append((int(found.group(1)), float(found.group(2))))
    return out[0], out[1]


# An installed app runs from bytecode (pip compiles a wheel on install, PyInstaller bundles .pyc):
# the children may write __pycache__ even where PYTHONDONTWRITEBYTECODE is set, and one untimed
# run of each fills it, so that compiling sources is not counted as start-up.
_CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _child_folder(source: Path | None) -> Path | None:
    """Where a child runs: `python -c` puts its working folder first on sys.path, before
    PYTHONPATH, so a child started in this checkout would import this checkout's cchc_desktop
    even when told to run another one's."""
    return source


def _run(code: str, *args: str, source: Path | None = None) -> list[float]:
    """A child's figures; source: run the app from that checkout's cchc_desktop instead."""
    env = dict(_CHILD_ENV, PYTHONPATH=str(source)) if source is not None else _CHILD_ENV
    out = subprocess.run(
        [sys.executable, "-c", code, str(time.time()), *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=_child_folder(source),
    ).stdout.split()
    return [float(x) for x in out]


def _instructions(code: str, *args: str, source: Path | None = None) -> int:
    """The instructions a child executes from its start to its exit (valgrind's callgrind): a
    count that the load of a shared machine does not change, unlike its time."""
    env = dict(_CHILD_ENV, PYTHONPATH=str(source)) if source is not None else _CHILD_ENV
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={tmp}/callgrind.out",
                sys.executable,
                "-c",
                code,
                str(time.time()),
                *args,
            ],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=_child_folder(source),
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError("valgrind gave no instruction count: " + done.stderr[-500:])
    return int(found.group(1))


def bench_instructions(
    db: Path,
    report_id: int,
    other: Path | None,
    their_db: Path | None = None,
    widgets: Path | None = None,
) -> None:
    """Instructions to the painted report against the bare window's, the same widgets' without
    the app (widgets: the folder of widget_rows.py) and another checkout's (on their_db, the demo
    database its code made)."""
    at_paint = (str(db), str(report_id), "exit-at-paint")
    bare = _instructions(BARE)
    same_widgets = 0
    if widgets is not None:
        _run(WIDGETS, str(widgets))
        same_widgets = _instructions(WIDGETS, str(widgets))
    # each counted start comes right after an uncounted one of the same code that left before
    # writing: the file's damage check is then recorded for it as for any second start (a start
    # after a run that wrote to the file checks it again, some tens of M instructions)
    _run(APP, *at_paint)
    ours = _instructions(APP, *at_paint)
    print(f"instructions, bare PySide6 QMainWindow:       {bare / 1e6:7.0f} M")
    print(f"instructions to the painted report:           {ours / 1e6:7.0f} M ({ours / bare:.2f}x)")
    if same_widgets:
        print(
            f"  the same widgets and text without the app:  {same_widgets / 1e6:7.0f} M "
            f"({same_widgets / bare:.2f}x bare); the app's own share: "
            f"{(ours - same_widgets) / 1e6:.0f} M ({(ours - same_widgets) / bare:.2f}x bare)"
        )
    if other is not None:
        theirs_at_paint = (str(their_db), str(report_id), "exit-at-paint")
        _run(APP, *theirs_at_paint, source=other)
        theirs = _instructions(APP, *theirs_at_paint, source=other)
        print(f"  the same from {other}: {theirs / 1e6:7.0f} M ({theirs / bare:.2f}x)")


def _demo_db(folder: Path) -> tuple[Path, int]:
    from cchc_desktop.services.reports import ReportService
    from cchc_desktop.storage.db import open_engine
    from cchc_desktop.storage.repository import Repository

    path = folder / "bench.sqlite3"
    engine = open_engine(path)
    report, _ = ReportService(Repository(engine)).create_demo()
    engine.dispose()
    assert report.id is not None
    return path, report.id


def _their_demo_db(folder: Path, source: Path, report_id: int) -> Path:
    """The demo database made by another checkout's code: an older code base cannot open a
    newer schema's file (its app would stop on a message and never paint the report)."""
    path = folder / "theirs.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "--db", str(path), "demo"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(source)},
        cwd=_child_folder(source),
    )
    if done.stdout.strip() != str(report_id):
        raise SystemExit(f"{source}'s demo is report {done.stdout.strip()}, ours {report_id}")
    return path


def bench_start(
    db: Path,
    report_id: int,
    runs: int,
    other: Path | None = None,
    their_db: Path | None = None,
    *,
    widgets: Path | None = None,
) -> dict[str, float]:
    """their_db: the demo database made by `other`'s code (its schema); widgets: the folder of
    widget_rows.py, to time the same window without the app (WIDGETS) in the same pairs."""
    bare: list[float] = []
    same_widgets: list[float] = []
    widget_cpu: list[float] = []
    theirs: list[float] = []  # `--compare DIR`: the same start from another checkout
    their_cpu: list[float] = []
    their_ratios: list[float] = []
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    bare_cpu: list[float] = []
    ours_cpu: list[float] = []
    first: list[float] = []
    ours: list[float] = []
    orm: list[float] = []
    rss = 0
    _run(BARE)  # untimed: bytecode written, files in the disk cache
    _run(APP, str(db), str(report_id))
    if other is not None:
        _run(APP, str(their_db), str(report_id), source=other)
    if widgets is not None:
        _run(WIDGETS, str(widgets))
    for _ in range(runs):  # interleaved, so disk cache and CPU state favour neither
        bare_wall, bare_cpu_s = _run(BARE)
        bare.append(bare_wall)
        bare_cpu.append(bare_cpu_s)
        if widgets is not None:
            widget_wall, widget_cpu_s = _run(WIDGETS, str(widgets))
            same_widgets.append(widget_wall / bare_wall)
            widget_cpu.append(widget_cpu_s / bare_cpu_s)
        if other is not None:
            their_figures = _run(APP, str(their_db), str(report_id), source=other)
            their_open = their_figures[1]
            theirs.append(their_open)
            their_cpu.append(their_figures[4])
            their_ratios.append(their_open / bare_wall)
        shown, report_open, orm_ready, mem, cpu = _run(APP, str(db), str(report_id))
        ours_cpu.append(cpu)
        cpu_ratios.append(cpu / bare_cpu_s)
        first.append(shown)
        ours.append(report_open)
        orm.append(orm_ready)
        ratios.append(report_open / bare[-1])
        rss = max(rss, int(mem))
    b = statistics.median(bare)
    return {
        "bare": b,
        "first": statistics.median(first),
        "ours": statistics.median(ours),
        "orm": statistics.median(orm),
        "rss": rss,
        "ratio": statistics.median(ratios),
        "bare_cpu": statistics.median(bare_cpu),
        "ours_cpu": statistics.median(ours_cpu),
        "cpu_ratio": statistics.median(cpu_ratios),
        "theirs": statistics.median(theirs) if theirs else 0.0,
        "their_ratio": statistics.median(their_ratios) if their_ratios else 0.0,
        "their_cpu": statistics.median(their_cpu) if their_cpu else 0.0,
        "widgets_ratio": statistics.median(same_widgets) if same_widgets else 0.0,
        "widgets_cpu_ratio": statistics.median(widget_cpu) if widget_cpu else 0.0,
    }


def bench_keystroke(db: Path, report_id: int, rounds: int) -> tuple[float, float, float]:
    """From the Enter that commits a figure in a Phụ lục III cell to the finding painted: the
    value saved, the rules re-run, the cell marked, the Kiểm tra list updated and the pending
    paints processed (Qt repaints the changed rows only). Between the keys of a figure the
    events are processed, as the event loop does between a user's keystrokes (the editor's
    opening is painted before the Enter, not in it). Median, worst, and the first Enter (every
    round counts, the first included: a user's first figure pays what is done once)."""
    from bench_office_enter import press, wait_for_first_check
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from cchc_desktop.gui.pages.findings import FindingsPage
    from cchc_desktop.gui.pages.indicators import IndicatorPage

    app, engine, win = _report_window(db, report_id)
    win.show()
    page = win.show_page("phu-luc-3")
    findings = win.page("kiem-tra")
    assert isinstance(page, IndicatorPage) and isinstance(findings, FindingsPage)
    app.processEvents()
    wait_for_first_check(win)

    times: list[float] = []
    for i in range(rounds):
        text = "40" if i % 2 == 0 else "19"  # 40 > 38 assigned: the error appears; 19: it goes
        page.tree.setFocus()
        page.tree.setCurrentIndex(page.value_index("1.1.2"))
        press(page.tree, ord(text[0]), text[0])
        editor = QApplication.focusWidget()
        press(editor, ord(text[1]), text[1])
        app.processEvents()
        t0 = time.perf_counter()
        press(editor, Qt.Key.Key_Return)
        app.processEvents()  # the paint of what changed: the edited row, the rule's other cells
        elapsed = time.perf_counter() - t0
        has = any(f.rule == "1.1.2<=1.1.1" for f in findings.model.items)
        assert has == (text == "40"), "the finding did not follow the figure"
        times.append(elapsed * 1000)
    win.close()
    engine.dispose()
    return statistics.median(times), max(times), times[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="also start the app from the cchc_desktop of another checkout (e.g. the code "
        "before a change, `git worktree add DIR COMMIT`), in the same interleaved runs",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="instead of timing: count the instructions of one start of each under valgrind "
        "(slow, about a minute each, but the same on a busy machine as on a quiet one)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CCHC_DB"] = str(Path(tmp) / "unused.sqlite3")
        db, rid = _demo_db(Path(tmp))
        widgets = write_widget_rows(db, rid, Path(tmp))
        other = args.compare.resolve() if args.compare else None
        their_db = _their_demo_db(Path(tmp), other, rid) if other else None
        if args.instructions:
            _run(BARE)  # bytecode written, as for the timed runs
            _run(APP, str(db), str(rid))
            if other:
                _run(APP, str(their_db), str(rid), source=other)
            bench_instructions(db, rid, other, their_db, widgets)
            return 0
        r = bench_start(db, rid, args.runs, other, their_db, widgets=widgets)
        bare, first, ours = r["bare"], r["first"], r["ours"]
        print(
            f"cold start, bare PySide6 QMainWindow:        {bare * 1000:7.0f} ms (median of {args.runs})"
        )
        print(
            f"cold start, first window on screen:          {first * 1000:7.0f} ms "
            f"({first / bare:.2f}x)"
        )
        print(f"cold start, window with the reference report: {ours * 1000:7.0f} ms (painted)")
        print(
            f"  SQLAlchemy loaded in the background by:     {r['orm'] * 1000:7.0f} ms "
            "(writes wait for it)"
        )
        print(
            f"start ratio (median of {args.runs} pairs):           {r['ratio']:7.2f}x (target <= 1.8x;"
            f" load average {os.getloadavg()[0]:.2f})"
        )
        print(
            f"  the same widgets and text without the app:  {r['widgets_ratio']:7.2f}x bare "
            f"(CPU {r['widgets_cpu_ratio']:.2f}x; median of {args.runs} runs in the same pairs)"
        )
        if args.compare:
            print(
                f"  the same from {args.compare}: {r['theirs'] * 1000:7.0f} ms painted, "
                f"{r['their_ratio']:.2f}x bare (median of {args.runs} runs in the same pairs)"
            )
            print(
                f"  its CPU time to the paint: {r['their_cpu'] * 1000:.0f} ms, "
                f"{r['their_cpu'] / r['bare_cpu']:.2f}x bare"
            )
        print(
            f"  CPU time to the paint (less load-dependent): bare {r['bare_cpu'] * 1000:.0f} ms,"
            f" report {r['ours_cpu'] * 1000:.0f} ms, {r['cpu_ratio']:.2f}x"
        )
        (bare_enums, bare_enum_s), (app_enums, app_enum_s) = enum_share(db, rid)
        print(
            f"  PySide's Python enum classes made: bare {bare_enums} ({bare_enum_s * 1000:.0f} ms),"
            f" to the painted report {app_enums} ({app_enum_s * 1000:.0f} ms; one untimed run each)"
        )
        print(
            f"memory with the report open, ORM loaded:      {int(r['rss']):7d} MB RSS (target < 200 MB)"
        )
        median, worst, first = bench_keystroke(db, rid, args.rounds)
        print(
            f"keystroke (Enter) to finding shown:           {median:7.1f} ms median, "
            f"{worst:.1f} ms worst of {args.rounds}, the first {first:.1f} ms (target <= 16 ms)"
        )
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown: PySide6 objects dying late can crash it
