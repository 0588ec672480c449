"""Two processes on one database: the GUI's way of opening it (StartupStore: a quick sqlite3
reader, then the ORM) and the `cchc` command each change different figures; after both have exited
every change is in the file. The GUI used to open the file by hand while its reader's connection
was open, which on POSIX drops every SQLite lock the process holds."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.services.catalogs import demo_report_data
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

GUI_SIDE = """
import sys
from decimal import Decimal
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.storage.quick import StartupStore

store = StartupStore(sys.argv[1])
rid = int(sys.argv[2])
assert store.quick
store.load_report(rid)  # read through the quick reader: its sqlite3 connection stays open
store.repository()  # the ORM opens while that connection exists
store.set_values(rid, {"1.1.1": IndicatorValue(Decimal(111))})
print("ready", flush=True)
sys.stdin.readline()  # the command line writes now
store.set_values(rid, {"1.1.3": IndicatorValue(Decimal(333))})
store.load_report(rid)
print("done", flush=True)
sys.stdin.readline()
store.dispose()
"""


def _cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "--db", str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_gui_path_and_cli_keep_each_others_changes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    repo = Repository(open_engine(path))
    rid = repo.save_report(report_from_dict(demo_report_data()))
    repo.engine.dispose()

    gui = subprocess.Popen(
        [sys.executable, "-c", GUI_SIDE, str(path), str(rid)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert gui.stdout is not None and gui.stdin is not None
        assert gui.stdout.readline().strip() == "ready"
        done = _cli(path, "set", str(rid), "1.1.2", "222")
        assert done.returncode == 0, done.stderr
        gui.stdin.write("go\n")
        gui.stdin.flush()
        assert gui.stdout.readline().strip() == "done"
        # the command line again, while the GUI side is still open, then the GUI side exits
        done = _cli(path, "set", str(rid), "1.2.1", "121")
        assert done.returncode == 0, done.stderr
        gui.stdin.write("bye\n")
        gui.stdin.flush()
        _out, err = gui.communicate(timeout=120)
        assert gui.returncode == 0, err
    finally:
        if gui.poll() is None:
            gui.kill()
            gui.wait()

    repo = Repository(open_engine(path))
    report = repo.load_report(rid)
    repo.engine.dispose()
    assert report.value("1.1.1") == Decimal(111)  # the GUI's first edit
    assert report.value("1.1.2") == Decimal(222)  # the command line's
    assert report.value("1.1.3") == Decimal(333)  # the GUI's edit after the CLI wrote
    assert report.value("1.2.1") == Decimal(121)  # the command line's second
    shown = _cli(path, "show", str(rid), "--json")
    assert shown.returncode == 0, shown.stderr
