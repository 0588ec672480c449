"""What the start-up speed tricks must not break: a report opened from the list is painted before
it is checked and still shows every finding right after; the list, sorted by its own model, shows
every column right for a row scrolled into view, sorts on a header click and follows an edit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.periods import PERIOD_CHOICES, Period
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.domain.vn import format_date_short
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.models.report_list_model import COLUMNS
from cchc_desktop.gui.pages.findings import FindingsPage
from cchc_desktop.gui.pages.indicators import COL_VALUE, IndicatorPage
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.services.catalogs import demo_report_data
from cchc_desktop.services.progress import deadline_of
from cchc_desktop.storage.repository import Repository

from .test_enter_path import _on_screen, _painted_whole

RULE = "1.1.2<=1.1.1"  # the demo's "of which" figure may not exceed its total


def test_a_report_opened_from_the_list_is_checked_right_after_its_first_paint(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    repo.set_values(report_id, {"1.1.2": IndicatorValue(Decimal(40))})  # 40 > 38: an error
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    lister.select(report_id)
    lister.open_selected()
    win = lister.windows[report_id]
    assert not win.session.checked  # built and shown without running the rules
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.session.checked, timeout=5000)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    cell = page.value_index("1.1.2", COL_VALUE)
    qtbot.waitUntil(lambda: str(cell.data(Qt.ItemDataRole.DisplayRole)).startswith("✖ "))
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "lỗi" in win.status_label.text() and not win.status_label.text().startswith("0 lỗi")
    kiem_tra = win.page_list.item(win.page_list.count() - 1).text()
    assert kiem_tra.startswith("Kiểm tra (") and "lỗi" in kiem_tra
    findings = win.show_page("kiem-tra")  # built on first show, from the checked session
    assert isinstance(findings, FindingsPage)
    assert any(f.rule == RULE for f in findings.model.items)
    win.close()
    lister.close()


def test_a_report_opened_on_kiem_tra_shows_its_counts_too(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """Kiểm tra built with the window reads the findings (and so runs the check) before the
    paint: the counts and the page list still say what it found."""
    repo.set_values(report_id, {"1.1.2": IndicatorValue(Decimal(40))})
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    win = lister.open_report(report_id, "kiem-tra")
    assert win is not None
    qtbot.waitUntil(lambda: win.status_label.text().startswith("1 lỗi"), timeout=5000)
    assert win.page_list.currentItem().text() == "Kiểm tra (1 lỗi)"
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    cell = page.value_index("1.1.2", COL_VALUE)
    assert str(cell.data(Qt.ItemDataRole.DisplayRole)).startswith("✖ ")
    win.close()
    lister.close()


def test_a_report_window_never_painted_still_gives_its_findings(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    repo.set_values(report_id, {"1.1.2": IndicatorValue(Decimal(40))})
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    win = lister.open_report(report_id)
    assert win is not None
    win.hide()
    # whoever asks first (an export, the status panel) gets the full check
    assert any(f.rule == RULE for f in win.session.findings())
    assert win.session.checked
    win.close()
    lister.close()


def test_the_first_check_marks_every_cell_on_screen_in_a_few_repaints(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """The window opened as `cchc-desktop --open ID --page phu-luc-3` opens it: painted, then
    checked, and the findings drawn next to their fields: what is on screen then is what painting
    the whole window again gives (every mark and tint), told to the view as ranges of rows, not
    as one signal per cell (315 for the demo)."""
    repo.set_values(
        report_id,
        {"1.1.2": IndicatorValue(Decimal(40)), "2.1.2": IndicatorValue(Decimal(999))},
    )
    win = ReportWindow(repo, report_id)
    qtbot.addWidget(win)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    told: list[int] = []
    page.model.dataChanged.connect(lambda *_args: told.append(1))
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.session.checked, timeout=5000)
    marked = [
        code
        for code in page.model.value_codes()
        if str(page.value_index(code).data(Qt.ItemDataRole.DisplayRole)).startswith(("✖ ", "⚠ "))
    ]
    assert "1.1.2" in marked and len(marked) >= 2, marked
    assert _on_screen(win) == _painted_whole(win), "a finding was not drawn next to its field"
    assert 0 < len(told) <= 40, len(told)
    win.close()


def _many_reports(repo: Repository, units: int, periods: int) -> None:
    demo = demo_report_data()
    for u in range(units):
        for p in range(periods):
            report = report_from_dict(demo)
            report.unit.name = f"Đơn vị {u:02d}"
            year = 2020 + p // len(PERIOD_CHOICES)
            report.period = Period(year, PERIOD_CHOICES[p % len(PERIOD_CHOICES)])
            report.values["1.1.1"] = IndicatorValue(Decimal(u * 100 + p))
            repo.save_report(report)


def _shown(lister: ReportListWindow, row: int) -> list[str]:
    return [
        lister.model.index(row, c).data(Qt.ItemDataRole.DisplayRole) for c in range(len(COLUMNS))
    ]


def _click_header(qtbot: QtBot, lister: ReportListWindow, column: int) -> None:
    header = lister.table.horizontalHeader()
    where = QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_the_list_shows_each_column_right_for_a_row_scrolled_into_view(
    qtbot: QtBot, repo: Repository
) -> None:
    _many_reports(repo, 6, 9)
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.resize(1000, 400)
    lister.show()
    qtbot.waitExposed(lister)
    rows = lister.model.rowCount()
    assert rows == 54
    # newest change first, as before: the model sorts (and filters) its rows
    ids = [lister.model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) for r in range(rows)]
    stored = {s.id: s for s in repo.list_reports()}
    stamps = [stored[i].updated_at for i in ids]
    assert stamps == sorted(stamps, reverse=True)
    assert len(set(ids)) == rows

    last = rows - 1
    lister.table.scrollToBottom()
    qtbot.waitUntil(lambda: lister.table.rowAt(lister.table.viewport().height() - 2) == last)
    s = stored[ids[last]]
    state = deadline_of(s.period, s.status, dt.date.today())
    assert _shown(lister, last) == [
        s.unit,
        s.period.label.rsplit(" ", 1)[0],
        str(s.period.year),
        s.number_symbol,
        s.status.label,
        "105/105 chỉ tiêu" if s.values_filled == 105 else _shown(lister, last)[5],
        s.updated_at.strftime("%d/%m/%Y %H:%M"),
        f"{format_date_short(s.period.cutoff_start)} - {format_date_short(s.period.cutoff_end)}",
        state.label,
    ]
    assert _shown(lister, last)[5].endswith("chỉ tiêu")

    # a header click sorts by that column, a second one the other way
    _click_header(qtbot, lister, 0)
    units = [_shown(lister, r)[0] for r in range(rows)]
    assert units in (sorted(units), sorted(units, reverse=True))
    ascending = units == sorted(units)
    _click_header(qtbot, lister, 0)
    again = [_shown(lister, r)[0] for r in range(rows)]
    assert again == sorted(units, reverse=ascending)

    # the filter still finds a unit's rows
    lister.filter.setText("Đơn vị 03")
    assert lister.model.rowCount() == 9
    assert {_shown(lister, r)[0] for r in range(9)} == {"Đơn vị 03"}
    lister.filter.clear()
    lister.close()


def test_an_edited_report_moves_to_its_place_and_stays_selected(
    qtbot: QtBot, repo: Repository
) -> None:
    _many_reports(repo, 3, 7)
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    qtbot.waitExposed(lister)
    lister.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # "Chỉ tiêu đã nhập", fewest first
    rows = lister.model.rowCount()
    bottom = lister.model.index(rows - 1, 0).data(Qt.ItemDataRole.UserRole + 2)
    lister.select(bottom)
    assert lister.selected_id() == bottom
    repo.set_values(bottom, {"1.1.3": IndicatorValue(None)})  # one figure fewer than the others
    lister.refresh_report(bottom)  # what an edit in its window does
    assert lister.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 2) == bottom
    assert lister.selected_id() == bottom  # the selection followed the row
    assert lister.model.rowCount() == rows
    lister.close()
