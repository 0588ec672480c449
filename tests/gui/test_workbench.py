"""What cuts across pages: remembered geometry and folder, font, high-DPI, the picker's
two keystrokes, collapsible groups, going to a header field from Kiểm tra, "Mở tệp", lazy imports."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from _child_support import child_json
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.report import Report
from cchc_desktop.domain.stored import CitedDocument
from cchc_desktop.gui import messages, settings
from cchc_desktop.gui.app import VIETNAMESE_LETTERS, covers_vietnamese
from cchc_desktop.gui.forms import child
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.pages.findings import FindingsPage
from cchc_desktop.gui.pages.header import HeaderPage
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.pages.narrative import NarrativePage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.repository import Repository


def test_window_geometry_and_last_folder_are_remembered(
    qtbot: QtBot, repo: Repository, report_id: int, tmp_path: Path
) -> None:
    # (the offscreen screen is 800x600: a restored geometry is kept inside the screen)
    first = ReportListWindow(repo)
    qtbot.addWidget(first)
    first.show()
    first.resize(791, 433)
    qtbot.waitUntil(lambda: first.size().width() == 791)
    first.close()
    second = ReportListWindow(repo)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (791, 433)

    report = ReportWindow(repo, report_id)
    report.show()
    report.close()
    saved = settings.store().value("geometry/report_window")
    assert saved is not None and not saved.isEmpty()
    # the test's own file, never the user's settings
    assert settings.store().fileName() == str(tmp_path / "settings.ini")
    assert "report_window" in (tmp_path / "settings.ini").read_text(encoding="utf-8")

    settings.set_last_folder(tmp_path / "bao-cao.docx")
    assert settings.last_folder() == str(tmp_path)


def test_the_app_font_draws_every_vietnamese_letter(qapp: QApplication) -> None:
    from cchc_desktop.gui.app import setup_application

    app = setup_application()
    assert len(VIETNAMESE_LETTERS) == 2 * (12 * 6 + 1)
    assert "ặ" in VIETNAMESE_LETTERS and "Ỵ" in VIETNAMESE_LETTERS
    assert covers_vietnamese(app.font())


def _demo_database(folder: Path) -> tuple[Path, Report]:
    from cchc_desktop.storage.db import open_engine

    db = folder / "d.sqlite3"
    engine = open_engine(db)
    report, _ = ReportService(Repository(engine)).create_demo()
    engine.dispose()
    return db, report


def test_a_fresh_start_is_high_dpi_clean_and_imports_no_export_library(tmp_path: Path) -> None:
    """In a new process, as `cchc-desktop` starts: fractional scale factors pass through (no
    blurry rounding), and neither python-docx nor openpyxl is loaded to show the report."""
    db, report = _demo_database(tmp_path)
    code = textwrap.dedent(
        f"""
        import json, sys
        from cchc_desktop.gui.app import setup_application
        from PySide6.QtGui import QGuiApplication
        app = setup_application()
        from cchc_desktop.storage.db import open_engine
        from cchc_desktop.storage.repository import Repository
        from cchc_desktop.gui.main_window import ReportListWindow
        win = ReportListWindow(Repository(open_engine({str(db)!r})))
        rw = win.open_report({report.id}, "phu-luc-3")
        app.processEvents()
        print(json.dumps({{
            "policy": QGuiApplication.highDpiScaleFactorRoundingPolicy().name,
            "docx": "docx" in sys.modules,
            "openpyxl": "openpyxl" in sys.modules,
        }}))
        sys.stdout.flush()
        import os; os._exit(0)
        """
    )
    found = child_json(code)
    assert found == {"policy": "PassThrough", "docx": False, "openpyxl": False}


def test_register_to_footnote_in_two_keystrokes(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """Ctrl+Alt+D opens the picker with the first document highlighted; Enter inserts it."""
    page = window.show_page("noi-dung")
    assert isinstance(page, NarrativePage)
    page.add_section("Mục trích dẫn", child=False)
    doc_id = page.ctrl.session.save_document(
        CitedDocument("Quyết định", "12", "QĐ-STC", dt.date(2024, 2, 1), "Sở Tài chính", "x")
    )
    seen: list[tuple[str, bool]] = []
    ticks: list[int] = []

    def press_enter() -> None:
        # No assert in here: the modal loop waits on this callback, so it only records what it
        # saw and always closes the dialog (Enter in its filter box, else Escape).
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            return
        box = dialog.findChild(QLineEdit, "filterEdit")
        ticks.append(1)
        if box is not None and not box.hasFocus() and len(ticks) < 250:
            return  # the focus arrives once the dialog is shown; give up after 5 s
        poll.stop()
        seen.append((dialog.windowTitle(), box is not None and box.hasFocus()))
        if box is not None:
            qtbot.keyClick(box, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()

    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(press_enter)
    poll.start()
    page.editor.setFocus()
    qtbot.keyClick(
        page.editor,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    poll.stop()
    assert seen, "the picker did not open"
    assert seen[0][1], "the picker's filter box did not have the focus"
    report = repo.load_report(report_id)
    cited = [f for f in report.footnotes if f.document_id == doc_id]
    assert len(cited) == 1 and cited[0].text.startswith("Quyết định số 12/QĐ-STC ngày 01/02/2024")


def test_groups_collapse_and_going_to_a_value_opens_its_group(
    qtbot: QtBot, window: ReportWindow
) -> None:
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    group = page.value_index("2", 0)
    assert page.tree.isExpanded(group)
    child(page.form, QToolButton, "collapseButton").click()
    assert not page.tree.isExpanded(group)
    page.focus_field("2.1")
    assert page.tree.isExpanded(group)
    assert page.model.indicator(page.tree.currentIndex()).code == "2.1"
    child(page.form, QToolButton, "expandButton").click()
    assert page.tree.isExpanded(page.value_index("1", 0))


def test_double_click_on_a_header_finding_selects_the_field(
    qtbot: QtBot, window: ReportWindow
) -> None:
    findings = window.show_page("kiem-tra")
    assert isinstance(findings, FindingsPage)
    row = next(i for i, f in enumerate(findings.model.items) if f.rule == "report.number")
    findings.table.doubleClicked.emit(findings.model.index(row, 1))
    assert window.current_key() == "thong-tin-chung"
    header = window.pages["thong-tin-chung"]
    assert isinstance(header, HeaderPage)
    assert QApplication.focusWidget() is header.number


def test_open_file_and_folder_after_export(
    qtbot: QtBot, window: ReportWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    for answer in (0, 1):
        monkeypatch.setattr(messages, "choose", lambda *_a, _n=answer: _n)
        target = tmp_path / f"bao-cao-{answer}.docx"
        flow = window.export_word(draft=True, path=target)
        with qtbot.waitSignal(flow.finished, timeout=20_000):
            pass
    assert [u.toLocalFile() for u in opened] == [str(tmp_path / "bao-cao-0.docx"), str(tmp_path)]


def test_the_report_is_on_screen_before_sqlalchemy_is_imported(tmp_path: Path) -> None:
    """`cchc-desktop --open ID`: the report window is painted from the quick reader, then the list
    comes up behind it; the ORM loads afterwards in the background, and an edit typed then is
    saved through it."""
    db, report = _demo_database(tmp_path)
    code = textwrap.dedent(
        f"""
        import json, os, sys
        from PySide6.QtWidgets import QApplication
        from cchc_desktop.gui import app as gui_app
        from cchc_desktop.storage.quick import StartupStore

        seen = {{}}
        original = StartupStore.load_in_background

        def load_in_background(self):
            windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            seen["visible"] = sorted(type(w).__name__ for w in windows)
            seen["orm_when_shown"] = "sqlalchemy" in sys.modules
            seen["store"] = self
            original(self)

        def exec_(self=None):
            QApplication.instance().processEvents()  # the list comes up behind the report
            windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            seen["visible_then"] = sorted(type(w).__name__ for w in windows)
            seen["list_rows"] = next(
                w for w in windows if type(w).__name__ == "ReportListWindow"
            ).model.rowCount()
            store = seen.pop("store")
            store._loader.join()
            seen["orm_after"] = "sqlalchemy" in sys.modules and not store.quick
            window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "ReportWindow")
            from decimal import Decimal
            from cchc_desktop.domain.report import IndicatorValue
            window.session.set_value("1.1.1", IndicatorValue(Decimal(39)))
            seen["saved"] = str(store.repository().load_report({report.id}).value("1.1.1"))
            # the list built after the report's paint has taken that window in: an edit typed
            # there re-reads its line, and opening the report again brings up the same window
            listed = next(w for w in windows if type(w).__name__ == "ReportListWindow")
            cell = lambda: listed.model.index(0, 5).data()
            before = cell()
            seen["refused"] = window.ctrl.edit_value("1.1.1", "")
            import time  # the line is read again soon after the edit (once per burst of Enters)
            deadline = time.monotonic() + 10
            while cell() == before and time.monotonic() < deadline:
                QApplication.instance().processEvents()
                time.sleep(0.01)
            seen["line_follows"] = cell() != before
            seen["same_window"] = listed.open_report({report.id}) is window
            print(json.dumps(seen))
            sys.stdout.flush()
            os._exit(0)

        StartupStore.load_in_background = load_in_background
        QApplication.exec = exec_
        gui_app.main(["--db", {str(db)!r}, "--open", "{report.id}", "--page", "phu-luc-3"])
        """
    )
    found = child_json(code)
    assert found == {
        "visible": ["ReportWindow"],  # the report asked for is painted first
        "visible_then": ["ReportListWindow", "ReportWindow"],
        "list_rows": 1,
        "orm_when_shown": False,
        "orm_after": True,
        "saved": "39",
        "refused": None,
        "line_follows": True,
        "same_window": True,
    }
