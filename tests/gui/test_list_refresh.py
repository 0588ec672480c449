"""The report list at office scale, as a user meets it: a figure typed in a report opened from the
list updates that report's line of the list, and nothing else is read again. The line is read
again once for a burst of Enters (soon after, or as soon as the list is brought to the front), not
on each Enter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.stored import ReportSummary
from cchc_desktop.gui import main_window
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

from .test_report_window import _type_into_cell


def _opened_on_phu_luc_3(
    qtbot: QtBot, repo: Repository, rid: int
) -> tuple[ReportListWindow, ReportWindow, IndicatorPage]:
    """The list shown, the report opened from it (in front) on Phụ lục III."""
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    qtbot.waitExposed(lister)
    win = lister.open_report(rid)
    assert win is not None
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.isActiveWindow)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    return lister, win, page


def _bring_to_front(qtbot: QtBot, lister: ReportListWindow) -> None:
    lister.activateWindow()
    lister.raise_()
    qtbot.waitUntil(lister.isActiveWindow)


def test_entering_a_figure_refreshes_only_that_report_line(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    service = ReportService(repo)
    others = [
        service.copy_from_previous(report_id, Period(2024, kind)).id
        for kind in (PeriodKind.M9, PeriodKind.Y)
    ]
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    resets: list[int] = []
    lister.model.modelReset.connect(lambda: resets.append(1))
    reads: list[int] = []
    full_list = repo.list_reports
    repo.list_reports = lambda: (reads.append(1), full_list())[1]  # type: ignore[method-assign]
    lister.select(report_id)
    lister.open_selected()
    win = lister.windows[report_id]
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.isActiveWindow)  # open_report brings it to the front
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    before = lister.model.summary(lister.model.row_of(report_id))

    _type_into_cell(qtbot, page, page.value_index("1.1.3"), "7")

    assert repo.load_report(report_id).value("1.1.3") == Decimal(7)
    stored = repo.report_summary(report_id)

    def line() -> ReportSummary:
        return lister.model.summary(lister.model.row_of(report_id))

    qtbot.waitUntil(lambda: line() == stored)  # the line shows what is stored (soon after)
    after = line()
    assert after.updated_at >= before.updated_at
    assert not resets and not reads  # the list was not read again nor reset
    # the other reports' lines are what they were, and the list still shows all three
    assert {s.id for s in lister.model._rows} == {report_id, *others}
    shown = lister.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    assert shown == "Sở Tài chính"
    win.close()
    lister.close()


def test_typing_a_first_figure_counts_it_in_the_list(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    rid = ReportService(repo).copy_from_previous(report_id, Period(2024, PeriodKind.Y)).id
    assert rid is not None
    lister, win, page = _opened_on_phu_luc_3(qtbot, repo, rid)
    assert lister.model.summary(lister.model.row_of(rid)).values_filled == 0
    _type_into_cell(qtbot, page, page.value_index("1.1.1"), "12")
    qtbot.waitUntil(lambda: lister.model.summary(lister.model.row_of(rid)).values_filled == 1)
    row = lister.model.row_of(rid)
    column = 5  # "Chỉ tiêu đã nhập"
    cell = lister.model.index(row, column)
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "1/105 chỉ tiêu"
    win.close()
    lister.close()


def test_the_list_shows_a_burst_of_figures_as_soon_as_it_is_brought_to_the_front(
    qtbot: QtBot, repo: Repository, report_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three figures typed one after the other are not read back into the list on each Enter;
    the moment the user brings the list to the front its line shows them, read once."""
    monkeypatch.setattr(main_window, "LINE_REFRESH_MS", 600_000)  # only the front can do it
    rid = ReportService(repo).copy_from_previous(report_id, Period(2024, PeriodKind.Y)).id
    assert rid is not None
    stored_summary = repo.report_summary
    reads: list[int] = []
    repo.report_summary = lambda rid: (reads.append(rid), stored_summary(rid))[1]  # type: ignore[method-assign]
    lister, win, page = _opened_on_phu_luc_3(qtbot, repo, rid)
    before = lister.model.summary(lister.model.row_of(rid))
    assert before.values_filled == 0

    for code, text in (("1.1.1", "40"), ("1.1.2", "30"), ("1.1.3", "20")):
        _type_into_cell(qtbot, page, page.value_index(code), text)
    stored = stored_summary(rid)
    assert stored.values_filled == 3

    def line() -> ReportSummary:
        return lister.model.summary(lister.model.row_of(rid))

    assert not reads and line() == before  # not read back on each Enter
    _bring_to_front(qtbot, lister)
    assert line() == stored  # at once, with the three figures
    assert line().values_filled == 3
    assert reads == [rid]  # read once for the three
    win.close()
    lister.close()


def test_a_line_edited_then_closed_is_read_with_the_whole_list(
    qtbot: QtBot, repo: Repository, report_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the report window reads the list again (as before): the edited line is right
    then, and nothing is left to read later."""
    monkeypatch.setattr(main_window, "LINE_REFRESH_MS", 600_000)
    lister, win, page = _opened_on_phu_luc_3(qtbot, repo, report_id)
    _type_into_cell(qtbot, page, page.value_index("1.1.3"), "9")
    win.close()
    assert lister.model.summary(lister.model.row_of(report_id)) == repo.report_summary(report_id)
    assert not lister._edited_timer.isActive()
    lister.close()


def test_a_line_waiting_to_be_read_whose_report_was_deleted_elsewhere_leaves_the_list(
    qtbot: QtBot,
    repo: Repository,
    report_id: int,
    shown_messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A figure typed, then the report deleted by another writer (the command line) before its
    line was read again: bringing the list to the front reads the whole list, without the
    report, and says nothing is wrong."""
    monkeypatch.setattr(main_window, "LINE_REFRESH_MS", 600_000)
    other = ReportService(repo).copy_from_previous(report_id, Period(2024, PeriodKind.Y)).id
    lister, _win, page = _opened_on_phu_luc_3(qtbot, repo, report_id)
    _type_into_cell(qtbot, page, page.value_index("1.1.3"), "8")
    engine = open_engine(repo.path, create=False)
    try:
        Repository(engine).delete_report(report_id)  # another process, say `cchc delete`
    finally:
        engine.dispose()
    _bring_to_front(qtbot, lister)
    assert lister.model.row_of(report_id) < 0
    assert {s.id for s in lister.model._rows} == {other}
    assert not shown_messages
    lister.close()
