"""The report list at office scale, as a user meets it: a figure typed in a report opened from the
list updates that report's line of the list, and nothing else is read again."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.repository import Repository

from .test_report_window import _type_into_cell


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
    after = lister.model.summary(lister.model.row_of(report_id))
    assert after == repo.report_summary(report_id)  # the line shows what is stored
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
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    win = lister.open_report(rid)
    assert win is not None
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.isActiveWindow)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    assert lister.model.summary(lister.model.row_of(rid)).values_filled == 0
    _type_into_cell(qtbot, page, page.value_index("1.1.1"), "12")
    row = lister.model.row_of(rid)
    assert lister.model.summary(row).values_filled == 1
    column = 5  # "Chỉ tiêu đã nhập"
    cell = lister.model.index(row, column)
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "1/105 chỉ tiêu"
    win.close()
    lister.close()
