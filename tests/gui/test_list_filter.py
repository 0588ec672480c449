"""The start window's filter box, which the list model now applies itself (no proxy model): the
rows kept are those QSortFilterProxyModel's case-insensitive fixed-string filter kept, whatever the
sort, and the selection, an edit and a reload behave as they did."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.models.report_list_model import ID_ROLE, SORT_ROLE, ReportListModel
from cchc_desktop.services.catalogs import demo_report_data
from cchc_desktop.services.clock import today
from cchc_desktop.services.progress import catalog_lookup
from cchc_desktop.storage.repository import Repository

from .conftest import type_text

UNITS = ("Sở Tư pháp", "SỞ Y TẾ", "Ủy ban nhân dân huyện Đức Thọ", "Sở Tài chính")
KINDS = (PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9, PeriodKind.Y)
# what a user types: a unit in another case, a year, a period's word, a status, a count, a date,
# a deadline's word, a symbol's part, nothing found, one letter, a space, pattern characters
NEEDLES = (
    "sở",
    "SỞ Y",
    "ủy ban",
    "ĐỨC THỌ",
    "2023",
    "quý",
    "Dự THẢO",
    "chỉ tiêu",
    "/2024",
    "quá hạn",
    "bc-stp",
    "không có gì như thế",
    "đ",
    " ",
    ".*",  # what a pattern would read otherwise: the filter takes the text as it is
    "(",
    "[Ss]ở",
    "\\",
)


@pytest.fixture
def lister(qtbot: QtBot, repo: Repository) -> ReportListWindow:
    demo = demo_report_data()
    for u, unit in enumerate(UNITS):
        for k, kind in enumerate(KINDS):
            report = report_from_dict(demo)
            report.unit.name = unit
            report.period = Period(2023 + (u + k) % 2, kind)
            report.number = str(10 + u * 4 + k) if k % 2 else ""
            report.symbol = "BC-STP" if u == 0 else "BC-UBND"
            report.values["1.1.1"] = IndicatorValue(Decimal(u + k) if k < 3 else None)
            repo.save_report(report)
    win = ReportListWindow(repo)
    qtbot.addWidget(win)
    win.resize(1000, 500)
    win.show()
    qtbot.waitExposed(win)
    return win


def _ids(model: object) -> list[int]:
    rows = model.rowCount()  # type: ignore[attr-defined]
    return [int(model.index(r, 0).data(ID_ROLE)) for r in range(rows)]  # type: ignore[attr-defined]


def _keys(win: ReportListWindow, column: int) -> list[object]:
    model = win.model
    return [model.index(r, column).data(SORT_ROLE) for r in range(model.rowCount())]


def _old_filter(win: ReportListWindow, repo: Repository) -> QSortFilterProxyModel:
    """The filter as 4ce20bd applied it: a QSortFilterProxyModel over the same rows, sorted alike."""
    source = ReportListModel()
    source.set_reports(repo.list_reports(), today(), catalog_lookup(repo))
    proxy = QSortFilterProxyModel(win)
    proxy.setSourceModel(source)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    proxy._source = source  # type: ignore[attr-defined]  # kept alive with the proxy
    return proxy


@pytest.mark.parametrize(
    ("column", "order"), [(6, Qt.SortOrder.DescendingOrder), (0, Qt.SortOrder.AscendingOrder)]
)
def test_typed_filter_keeps_the_rows_the_proxy_kept(
    qtbot: QtBot,
    lister: ReportListWindow,
    repo: Repository,
    column: int,
    order: Qt.SortOrder,
) -> None:
    lister.table.sortByColumn(column, order)
    old = _old_filter(lister, repo)
    old.sourceModel().sort(column, order)
    everything = _ids(lister.model)
    assert len(everything) == len(UNITS) * len(KINDS)
    found = set()
    for needle in NEEDLES:
        lister.filter.clear()
        type_text(lister.filter, needle)  # typed, a letter at a time
        old.setFilterFixedString(needle)
        shown = _ids(lister.model)
        assert shown == _ids(old), needle
        # the kept rows in the list's order
        assert shown == [i for i in everything if i in set(shown)], needle
        found.add(len(shown))
    assert 0 in found and len(everything) in found and len(found) > 4  # the needles tell apart
    lister.filter.clear()
    assert _ids(lister.model) == everything


def test_filter_sort_select_edit_and_reload(
    qtbot: QtBot, lister: ReportListWindow, repo: Repository
) -> None:
    stored = {s.id: s for s in repo.list_reports()}
    justice = sorted(i for i, s in stored.items() if s.unit == "Sở Tư pháp")
    health = sorted(i for i, s in stored.items() if s.unit == "SỞ Y TẾ")
    lister.select(health[0])
    assert lister.selected_id() == health[0]

    type_text(lister.filter, "sở tư")
    assert sorted(_ids(lister.model)) == justice
    assert lister.selected_id() is None  # the selected row is hidden: nothing stays selected
    lister.select(justice[1])
    assert lister.selected_id() == justice[1]

    # sorting while filtered sorts the kept rows; the selection follows its report
    lister.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert _keys(lister, 1) == sorted(_keys(lister, 1))
    assert lister.selected_id() == justice[1]

    # an edit that takes a report out of the filter hides its row; one that brings a hidden
    # report in shows it, in its place
    moved = repo.load_report(health[1])
    moved.unit.name = "Sở Tư pháp"
    moved.period = Period(2030, PeriodKind.Q1)
    repo.save_report(moved)
    lister.refresh_report(health[1])
    assert sorted(_ids(lister.model)) == sorted([*justice, health[1]])
    assert _keys(lister, 1) == sorted(_keys(lister, 1))
    assert _ids(lister.model)[-1] == health[1]  # 2030: the last period
    assert lister.selected_id() == justice[1]
    repo.delete_report(justice[0])
    lister.refresh()  # a reload keeps the filter and the selection
    assert sorted(_ids(lister.model)) == sorted([*justice[1:], health[1]])
    assert lister.selected_id() == justice[1]

    lister.filter.clear()
    assert len(_ids(lister.model)) == len(stored) - 1
    assert lister.selected_id() == justice[1]
    # the window's Mở opens the selected report, found through the model's own rows
    lister.open_selected()
    assert list(lister.windows) == [justice[1]]
    lister.windows[justice[1]].close()
