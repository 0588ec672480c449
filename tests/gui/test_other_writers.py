"""A window never overwrites another writer: the command line or a second window changing the same
report while it is open. Each writes only what it changed; the window reloads the other's changes,
keeps its own and says so."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from cchc_desktop.gui.report_window import CHECK_ELSEWHERE_MS, ReportWindow
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository


def cchc(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_cli_set_while_the_window_edits_the_header(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int, db_path: Path
) -> None:
    """`cchc set 1 2.1 777` while the window is open, then the trích yếu edited in the window:
    2.1 stays 777 in the database and the window shows it."""
    done = cchc(db_path, "set", str(report_id), "2.1", "777")
    assert done.returncode == 0, done.stderr
    seen: list[str] = []
    window.ctrl.changed_elsewhere.connect(seen.append)
    window.ctrl.edit_report("Sửa trích yếu", lambda r: setattr(r, "subject", "Trích yếu mới"))
    stored = repo.load_report(report_id)
    assert stored.value("2.1") == Decimal(777)
    assert stored.subject == "Trích yếu mới"
    assert window.session.report.value("2.1") == Decimal(777)  # reloaded
    assert seen and "nơi khác" in seen[0]
    assert "nơi khác" in window.statusBar().currentMessage()
    window.show_status("Đã lưu")  # a later message: the reload is still said, on the right
    assert "nơi khác" in window.elsewhere_label.text()


def test_undo_after_a_reload_reverts_only_the_windows_own_edit(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int, db_path: Path
) -> None:
    old_subject = repo.load_report(report_id).subject
    window.ctrl.edit_report("Sửa trích yếu", lambda r: setattr(r, "subject", "Tạm"))
    assert cchc(db_path, "set", str(report_id), "2.1", "777").returncode == 0
    window.ctrl.edit_report("Sửa nơi gửi", lambda r: setattr(r, "recipient_to", "Sở Nội vụ"))
    window.ctrl.undo()  # the "Kính gửi" edit
    window.ctrl.undo()  # the trích yếu edit
    stored = repo.load_report(report_id)
    assert (stored.subject, stored.recipient_to) == (old_subject, "")
    assert stored.value("2.1") == Decimal(777), "undo reverted the other writer's figure"


def test_the_window_picks_up_a_cli_change_by_itself(
    qtbot: QtBot, window: ReportWindow, report_id: int, db_path: Path
) -> None:
    assert cchc(db_path, "set", str(report_id), "2.1", "555").returncode == 0
    qtbot.waitUntil(
        lambda: window.session.report.value("2.1") == Decimal(555),
        timeout=CHECK_ELSEWHERE_MS * 2 + 1000,
    )
    page = window.show_page("phu-luc-3")
    from cchc_desktop.gui.pages.indicators import IndicatorPage

    assert isinstance(page, IndicatorPage)
    assert page.model.data(page.value_index("2.1")) == "555"


def test_two_windows_on_one_report_keep_each_others_edits(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int, db_path: Path
) -> None:
    """A second window with its own connection (as a second process has): header in one, figures
    and appendix rows in the other, interleaved; every edit is in the database at the end."""
    engine = open_engine(db_path)
    try:
        other = ReportWindow(Repository(engine), report_id)
        qtbot.addWidget(other)
        a, b = window.ctrl, other.ctrl
        a.edit_report("trích yếu", lambda r: setattr(r, "subject", "Trích yếu A"))
        b.edit_value("1.1.1", "41")
        a.edit_value("1.1.2", "12")
        b.edit_report("số", lambda r: setattr(r, "number", "99"))
        a.edit_report("Phụ lục I", lambda r: setattr(r.propaganda[0], "note", "ghi chú A"))
        b.edit_report("Phụ lục I", lambda r: setattr(r.propaganda[1], "note", "ghi chú B"))
        a.edit_report("nơi nhận", lambda r: r.recipients.insert(0, "Sở Nội vụ;"))
        stored = repo.load_report(report_id)
        assert stored.subject == "Trích yếu A" and stored.number == "99"
        assert (stored.value("1.1.1"), stored.value("1.1.2")) == (Decimal(41), Decimal(12))
        assert (stored.propaganda[0].note, stored.propaganda[1].note) == ("ghi chú A", "ghi chú B")
        assert stored.recipients[0] == "Sở Nội vụ;"
        # each window now shows both writers' edits
        for win in (window, other):
            shown = win.session.report
            if win is other:
                b.check_elsewhere()
            assert shown.subject == "Trích yếu A" and shown.number == "99"
            assert shown.propaganda[0].note == "ghi chú A"
        other.close()
    finally:
        engine.dispose()


def test_two_windows_typing_in_two_sections_keep_both_texts(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int, db_path: Path
) -> None:
    """Nội dung in two windows: each types in its own section and pauses; both texts are saved."""
    from cchc_desktop.gui.pages.narrative import COMMIT_DELAY_MS, NarrativePage

    from .conftest import type_text

    engine = open_engine(db_path)
    try:
        other = ReportWindow(Repository(engine), report_id)
        qtbot.addWidget(other)
        other.show()
        pages = []
        for win, row in ((window, 1), (other, 2)):
            page = win.show_page("noi-dung")
            assert isinstance(page, NarrativePage)
            page.outline.setCurrentItem(page.outline.topLevelItem(row))
            pages.append(page)
        for page, text in zip(pages, ("Cửa sổ thứ nhất.", "Cửa sổ thứ hai."), strict=True):
            page.editor.setFocus()
            page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
            type_text(page.editor, " " + text)
        qtbot.wait(COMMIT_DELAY_MS * 2 + 300)
        stored = repo.load_report(report_id)
        texts = [p.text for _l, _v, s in stored.narrative.numbered() for p in s.paragraphs]
        assert any(t.endswith("Cửa sổ thứ nhất.") for t in texts), texts
        assert any(t.endswith("Cửa sổ thứ hai.") for t in texts), texts
        other.close()
    finally:
        engine.dispose()


def test_text_being_typed_survives_a_reload_of_another_writers_changes(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int, db_path: Path
) -> None:
    """Typing in Nội dung, then (before the save timer) a figure entered while the command line
    had changed the report: the reload keeps the typed text, on screen and in the database."""
    from cchc_desktop.gui.pages.narrative import COMMIT_DELAY_MS, NarrativePage

    from .conftest import type_text

    page = window.show_page("noi-dung")
    assert isinstance(page, NarrativePage)
    page.outline.setCurrentItem(page.outline.topLevelItem(1))
    page.editor.setFocus()
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    type_text(page.editor, " Đang gõ dở.")
    assert cchc(db_path, "set", str(report_id), "2.1", "321").returncode == 0
    window.ctrl.edit_value("1.1.1", "41")  # finds the other writer: reloads
    assert "Đang gõ dở." in page.editor.toPlainText()
    qtbot.wait(COMMIT_DELAY_MS * 2 + 300)
    stored = repo.load_report(report_id)
    texts = " ".join(p.text for _l, _v, s in stored.narrative.numbered() for p in s.paragraphs)
    assert "Đang gõ dở." in texts
    assert (stored.value("2.1"), stored.value("1.1.1")) == (Decimal(321), Decimal(41))


def test_two_windows_adding_sections_keep_both_and_the_text_in_them(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int, db_path: Path
) -> None:
    """Both windows add a section at about the same time and one types in its own: the second
    outline edit is done again on the first one's outline, nothing is dropped."""
    from cchc_desktop.gui.pages.narrative import COMMIT_DELAY_MS, NarrativePage

    from .conftest import type_text

    engine = open_engine(db_path)
    try:
        other = ReportWindow(Repository(engine), report_id)
        qtbot.addWidget(other)
        other.show()
        other._elsewhere_timer.stop()  # it does not look for other writers on its own here
        other.ctrl.check_elsewhere = lambda: False  # type: ignore[method-assign]
        first = window.show_page("noi-dung")
        second = other.show_page("noi-dung")
        assert isinstance(first, NarrativePage) and isinstance(second, NarrativePage)
        first.add_section("Mục của cửa sổ một", child=False)
        first.editor.setFocus()
        type_text(first.editor, "Chữ của cửa sổ một.")
        qtbot.wait(COMMIT_DELAY_MS * 2 + 300)
        # the second window has not looked since (no activation, no 3 s check): it still has the
        # outline it read before the first window's edit
        assert other.session.revision < repo.revision(report_id)
        second.add_section("Mục của cửa sổ hai", child=False)
        stored = repo.load_report(report_id)
        texts = {
            s.title: [p.text for p in s.paragraphs] for _l, _v, s in stored.narrative.numbered()
        }
        assert "Mục của cửa sổ hai" in texts
        assert texts["Mục của cửa sổ một"] == ["Chữ của cửa sổ một."]
        other.close()
    finally:
        engine.dispose()
