"""The keystroke path of Phụ lục III as a user meets it, with what was made cheaper on it: a wrong
figure typed in a report opened from the list is saved, marked next to the field, listed on the
Kiểm tra page and counted in the page list; the list window's line follows; its columns still fit
what they show (gui/content_header.py re-measures one row instead of every visible one)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QToolTip,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.frozen import replace
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import IndicatorValue, ReportStatus
from cchc_desktop.domain.rules import Severity
from cchc_desktop.domain.stored import ReportSummary
from cchc_desktop.gui import messages
from cchc_desktop.gui.controller import CHECKPOINT_IDLE_MS
from cchc_desktop.gui.main_window import ReportListWindow
from cchc_desktop.gui.models.indicator_tree_model import COL_NOTE, COL_PREVIOUS, COL_VALUE
from cchc_desktop.gui.pages.findings import FindingsPage
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.pages.registry import FINDINGS, PAGE_KEYS
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.repository import Repository

from .conftest import type_text
from .test_report_window import _open_editor, _type_into_cell


def _opened_from_the_list(qtbot: QtBot, repo: Repository, report_id: int) -> ReportListWindow:
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    qtbot.waitExposed(lister)
    lister.select(report_id)
    lister.open_selected()
    win = lister.windows[report_id]
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.isActiveWindow)  # open_report brings it to the front
    return lister


def test_a_wrong_figure_is_saved_marked_beside_the_field_and_listed(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    lister = _opened_from_the_list(qtbot, repo, report_id)
    win = lister.windows[report_id]
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    findings = win.page("kiem-tra")
    assert isinstance(findings, FindingsPage)
    assigned = repo.load_report(report_id).value("1.1.1")
    assert isinstance(assigned, Decimal)
    wrong = assigned + 50  # more tasks done (1.1.2) than assigned (1.1.1): an error
    cell = page.value_index("1.1.2")
    before_line = lister.model.summary(lister.model.row_of(report_id))

    _type_into_cell(qtbot, page, cell, str(wrong))

    # saved at once, whatever the checks do after
    assert repo.load_report(report_id).value("1.1.2") == wrong

    def error_of_1_1_2() -> list[str]:
        return [
            f.message
            for f in (findings.model.finding(r) for r in range(findings.model.rowCount()))
            if f.severity is Severity.ERROR and "1.1.2" in f.codes
        ]

    # the finding appears beside the field (mark, tint, tooltip) and on the Kiểm tra page
    qtbot.waitUntil(lambda: str(cell.data(Qt.ItemDataRole.DisplayRole)).startswith("✖"))
    assert isinstance(cell.data(Qt.ItemDataRole.BackgroundRole), QBrush)
    qtbot.waitUntil(lambda: bool(error_of_1_1_2()))
    message = error_of_1_1_2()[0]
    assert message in str(cell.data(Qt.ItemDataRole.ToolTipRole))
    assert message in win.statusBar().currentMessage()  # said aloud, no hovering needed
    checks = win.page_list.item(PAGE_KEYS.index(FINDINGS))
    assert "lỗi" in checks.text()
    # the list window's line of the report shows the save (soon after: read once per burst)
    stored = repo.report_summary(report_id)
    qtbot.waitUntil(lambda: lister.model.summary(lister.model.row_of(report_id)) == stored)
    assert stored.updated_at >= before_line.updated_at

    # the figure put right: the mark and the finding go
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), str(assigned - 1))
    assert repo.load_report(report_id).value("1.1.2") == assigned - 1
    qtbot.waitUntil(lambda: not error_of_1_1_2())
    assert not str(page.value_index("1.1.2").data(Qt.ItemDataRole.DisplayRole)).startswith("✖")
    assert page.value_index("1.1.2").data(Qt.ItemDataRole.BackgroundRole) is None
    # Enter went on to the next row each time, the tree keeps the keyboard
    assert page.model.indicator(page.tree.currentIndex()).code == "1.1.3"
    assert page.tree.currentIndex().column() == COL_VALUE
    win.close()


def test_the_list_columns_still_fit_a_line_that_grew(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """One line changed widens its column when its text no longer fits; the whole list read
    again fits its columns to what is shown, as before."""
    lister = ReportListWindow(repo)
    qtbot.addWidget(lister)
    lister.show()
    qtbot.waitExposed(lister)
    header = lister.table.horizontalHeader()
    column = 3  # "Số, ký hiệu"
    qtbot.waitUntil(lambda: header.sectionSize(column) > 0)
    narrow = header.sectionSize(column)
    row = lister.model.row_of(report_id)
    long_number = "1234/BC-UBND-SỞ-TÀI-CHÍNH-HÀ-TĨNH-PHÒNG-KẾ-HOẠCH"
    grown = replace(lister.model.summary(row), number_symbol=long_number)

    lister.model.update_report(grown)

    index = lister.model.index(row, column)
    assert index.data(Qt.ItemDataRole.DisplayRole) == long_number
    needed = lister.table.sizeHintForIndex(index).width()
    assert header.sectionSize(column) >= needed > narrow
    # the list read again (the stored number is the short one): measured whole, it narrows back
    lister.refresh()
    qtbot.waitUntil(lambda: header.sectionSize(column) < needed)
    lister.close()


def test_the_status_line_follows_the_errors_of_a_finished_report(
    qtbot: QtBot,
    window: ReportWindow,
    repo: Repository,
    report_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The status panel redoes nothing when a save leaves its line as it was: a finished
    report's "Còn N lỗi" still follows each figure, and its pages stay editable."""
    panel = window.status_panel
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    qtbot.mouseClick(panel.final_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status is ReportStatus.FINAL)
    assert panel.info.text() == "Sẵn sàng gửi."
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    assigned = repo.load_report(report_id).value("1.1.1")
    assert isinstance(assigned, Decimal)
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), str(assigned + 50))
    qtbot.waitUntil(lambda: panel.info.text() == "Còn 1 lỗi: sửa trước khi gửi.")
    assert page.tree.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), str(assigned))
    qtbot.waitUntil(lambda: panel.info.text() == "Sẵn sàng gửi.")
    assert repo.load_report(report_id).value("1.1.2") == assigned


def _window_after_a_quarter(
    qtbot: QtBot, repo: Repository, report_id: int
) -> tuple[int, ReportWindow, IndicatorPage]:
    """Quý I 2024 made from the report (its "Kỳ trước"); the report's window on Phụ lục III."""
    q1 = ReportService(repo).copy_from_previous(report_id, Period(2024, PeriodKind.Q1)).id
    assert q1 is not None
    win = ReportWindow(repo, report_id)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    return q1, win, page


def test_the_previous_period_column_follows_another_writer(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """The other periods are read again, and repainted, when one of them changed (quý I from
    the command line): the "Kỳ trước" column shows the new figure without reopening."""
    q1, win, page = _window_after_a_quarter(qtbot, repo, report_id)
    assert page.model.headerData(COL_PREVIOUS, Qt.Orientation.Horizontal) == "Kỳ trước (Quý I 2024)"
    previous = page.value_index("1.1.1", COL_PREVIOUS)
    repainted: list[bool] = []
    page.model.dataChanged.connect(
        lambda top, bottom, _roles=(): repainted.append(
            top.column() <= COL_PREVIOUS <= bottom.column()
        )
    )

    repo.set_values(q1, {"1.1.1": IndicatorValue(Decimal(1234))})  # another writer

    # the window looks every few seconds (and when activated): nothing is called for it here
    qtbot.waitUntil(lambda: previous.data(Qt.ItemDataRole.DisplayRole) == "1.234", timeout=8000)
    qtbot.waitUntil(lambda: any(repainted))
    win.close()


def test_the_tree_s_scroll_bars_still_follow_after_enter(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """The tree ignores the layout requests its cell editors post (each Enter repainted the
    whole scroll bar): the scroll bars must still appear, go and follow the view as a user sees."""
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    bar = page.tree.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)  # Phụ lục III is longer than the window
    for text in ("25", "26"):
        _type_into_cell(qtbot, page, page.value_index("1.1.2"), text)
        assert repo.load_report(report_id).value("1.1.2") == Decimal(text)
    # Enter on the last rows scrolls the view down to the cell it moves to
    codes = page.model.value_codes()
    _type_into_cell(qtbot, page, page.value_index(codes[-2]), "3")
    target = page.tree.visualRect(page.tree.currentIndex())
    assert page.model.indicator(page.tree.currentIndex()).code == codes[-1]
    assert page.tree.viewport().rect().intersects(target)
    assert bar.value() > 0
    # the bar sits at the view's right edge, beside the viewport, also after a resize
    container = bar.parentWidget()
    assert container.geometry().left() >= page.tree.viewport().geometry().right()
    window.resize(window.width() - 120, window.height() - 80)
    qtbot.waitUntil(
        lambda: container.geometry().right() == page.tree.width() - 1 - page.tree.frameWidth()
    )
    # a filter that leaves a few rows hides the bar; clearing it brings it back
    page.filter.setText("1.1.2")
    qtbot.waitUntil(lambda: not bar.isVisible())
    page.filter.clear()
    qtbot.waitUntil(bar.isVisible)


def test_a_long_lived_window_keeps_its_objects_from_the_collector_until_it_closes(
    qtbot: QtBot, window: ReportWindow
) -> None:
    """After its first check the window's objects are frozen (gc.freeze: a full collection over
    them landed on an Enter); closing it gives them back to the collector."""
    import gc

    qtbot.waitUntil(lambda: window._check_shown)
    assert gc.get_freeze_count() > 0
    window.close()
    assert gc.get_freeze_count() == 0


def test_the_log_reaches_the_database_file_when_typing_pauses(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int, tmp_path: Path
) -> None:
    """The write-ahead log is copied into the file once typing pauses (not inside the commit of
    an Enter): the database file alone, without its log, then holds the figure typed."""
    import shutil
    import sqlite3

    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), "27")
    assert repo.load_report(report_id).value("1.1.2") == Decimal(27)  # saved at Enter

    def file_alone_holds_it() -> bool:
        copy = tmp_path / "file-alone.sqlite3"
        copy.unlink(missing_ok=True)
        shutil.copyfile(repo.path, copy)  # the file, not its -wal
        con = sqlite3.connect(copy)
        try:
            row = con.execute(
                "SELECT number FROM indicator_values WHERE report_id = ? AND code = '1.1.2'",
                (report_id,),
            ).fetchone()
        finally:
            con.close()
        return row is not None and row[0] == "27"

    qtbot.waitUntil(file_alone_holds_it, timeout=CHECKPOINT_IDLE_MS + 5000)


def _checked_from_the_list(
    qtbot: QtBot, repo: Repository, report_id: int
) -> tuple[ReportListWindow, ReportWindow, IndicatorPage, Decimal]:
    """The report opened from the list on Phụ lục III, its first check shown; and its 1.1.1."""
    lister = _opened_from_the_list(qtbot, repo, report_id)
    win = lister.windows[report_id]
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    qtbot.waitUntil(lambda: win._check_shown)
    assigned = repo.load_report(report_id).value("1.1.1")
    assert isinstance(assigned, Decimal)
    return lister, win, page, assigned


def _on_screen(win: QWidget) -> QImage:
    """What the window shows now: its backing store as the offscreen platform keeps it (what was
    painted, not a fresh rendering)."""
    QApplication.processEvents()
    QApplication.processEvents()
    return win.screen().grabWindow(win.winId()).toImage()


def _painted_whole(win: QWidget) -> QImage:
    """What the window shows once every widget of it is painted again."""
    for widget in (win, *win.findChildren(QWidget)):
        widget.update()
    return _on_screen(win)


def test_after_each_enter_the_window_shows_what_a_whole_repaint_shows(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """An Enter repaints only the cells it changed (the value; the code cell when its mark
    changed; the note when it changed; a region of several cells drawn cell by cell): what is on
    screen after each edit must be what painting the whole window again gives, mark, tint and
    text of every row included."""
    _lister, win, page, assigned = _checked_from_the_list(qtbot, repo, report_id)
    edits = [
        ("1.1.2", str(assigned + 50)),  # an error: 1.1.1 and 1.1.2 marked
        ("1.1.2", str(assigned - 1)),  # put right: both marks go
        ("1.1.1", "1"),  # the same error (1.1.2 > 1.1.1), reached from the other row
        ("1.1.1", str(assigned)),
    ]
    for code, text in edits:
        _type_into_cell(qtbot, page, page.value_index(code), text)
        assert repo.load_report(report_id).value(code) == Decimal(text)
        QToolTip.hideText()  # a window of its own, not part of the report window's picture
        assert _on_screen(win) == _painted_whole(win), f"{code} = {text}: a cell was not repainted"
    # a note typed after Tab, and a figure cleared with Delete
    editor = page.value_index("1.1.3", COL_NOTE)
    page.tree.setFocus()
    page.tree.setCurrentIndex(editor)
    type_text(page.tree, "G")
    note = QApplication.focusWidget()
    assert isinstance(note, QLineEdit)
    type_text(note, "hi chú")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert repo.load_report(report_id).values["1.1.3"].note == "Ghi chú"
    assert _on_screen(win) == _painted_whole(win), "the note cell was not repainted"
    page.tree.setCurrentIndex(page.value_index("1.1.2"))
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert repo.load_report(report_id).value("1.1.2") is None
    assert _on_screen(win) == _painted_whole(win), "the cleared cell was not repainted"
    win.close()


def test_after_enter_the_tooltip_the_counts_and_the_list_line_show_the_new_state(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """What an Enter shows, read from the widgets a user sees: the reason under the cell (its
    tooltip), the counts in the status bar and the page list, the report's line in the list."""
    lister, win, page, assigned = _checked_from_the_list(qtbot, repo, report_id)
    checks = win.page_list.item(PAGE_KEYS.index(FINDINGS))

    def counts() -> str:
        c = win.session.counts()
        return (
            f"{c[Severity.ERROR]} lỗi · {c[Severity.WARNING]} cảnh báo · {c[Severity.NOTICE]} lưu ý"
        )

    errors_before = win.session.counts()[Severity.ERROR]
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), str(assigned + 50))

    reasons = [
        f"{f.severity.label}: {f.message}"
        for f in win.session.findings_for("1.1.2")
        if f.severity in (Severity.ERROR, Severity.WARNING)
    ]
    assert any(r.startswith(Severity.ERROR.label) for r in reasons)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == "\n".join(reasons))
    assert "\n".join(reasons) in win.statusBar().currentMessage()
    assert win.session.counts()[Severity.ERROR] == errors_before + 1
    assert win.status_label.text() == counts()
    assert f"({errors_before + 1} lỗi" in checks.text()

    def line() -> ReportSummary:
        return lister.model.summary(lister.model.row_of(report_id))

    stored = repo.report_summary(report_id)
    qtbot.waitUntil(lambda: line() == stored)  # the list's line follows soon after
    assert "1.1.2" in line().filled_codes

    # put right, then typed again the same (nothing changes: nothing is written)
    _type_into_cell(qtbot, page, page.value_index("1.1.2"), str(assigned))
    assert win.session.counts()[Severity.ERROR] == errors_before
    assert win.status_label.text() == counts()
    assert f"({errors_before + 1} lỗi" not in checks.text()
    stored = repo.report_summary(report_id)
    qtbot.waitUntil(lambda: line() == stored)
    win.close()


class _FocusFrameStyle(QProxyStyle):
    """A style that marks a focused view's frame (as a platform style may; Fusion does not)."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if (
            element == QStyle.ControlElement.CE_ShapedFrame
            and option.state & QStyle.StateFlag.State_HasFocus
        ):
            painter.fillRect(
                option.rect.x(), option.rect.y(), option.rect.width(), 1, Qt.GlobalColor.red
            )


def test_a_frame_the_style_marks_with_the_focus_follows_it_after_enter(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """The tree's frame is repainted on a focus change only when the style draws focus on it
    (found by drawing it both ways): with Fusion it is not; with a style that marks it, the frame
    must show the focus the tree has again after each Enter."""
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    assert not page.tree._frame_shows_focus()  # Fusion (offscreen): nothing to repaint
    style = _FocusFrameStyle(QStyleFactory.create("Fusion"))
    page.tree.setStyle(style)
    assert page.tree._frame_shows_focus()
    flash = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(0)  # the editor's cursor does not blink between two pictures
    try:
        for text in ("25", "26"):
            editor = _open_editor(page, page.value_index("1.1.2"), text[0])
            assert not page.tree.hasFocus()  # the editor has it: the frame shows it lost
            assert _on_screen(window) == _painted_whole(window), "the frame shows a focus it lost"
            editor.selectAll()  # the pictures let the editor take the cell's text: typed anew
            type_text(editor, text)
            qtbot.keyClick(editor, Qt.Key.Key_Return)
            assert repo.load_report(report_id).value("1.1.2") == Decimal(text)
            QToolTip.hideText()
            assert page.tree.hasFocus()
            assert _on_screen(window) == _painted_whole(window), "the frame misses the focus"
    finally:
        QApplication.setCursorFlashTime(flash)


def test_a_recheck_repaints_the_previous_period_column_when_that_period_moved(
    qtbot: QtBot, repo: Repository, report_id: int
) -> None:
    """F5 on Kiểm tra reads the other periods again when one of them changed: the "Kỳ trước"
    column on screen shows the new figure (figures typed repaint only their own cells)."""
    q1, win, page = _window_after_a_quarter(qtbot, repo, report_id)
    win._elsewhere_timer.stop()  # only the recheck below reads the other periods
    qtbot.waitUntil(lambda: win._check_shown)
    previous = page.value_index("1.1.1", COL_PREVIOUS)
    before = _on_screen(win)

    repo.set_values(q1, {"1.1.1": IndicatorValue(Decimal(4321))})  # another writer
    win.ctrl.recheck()  # F5

    assert previous.data(Qt.ItemDataRole.DisplayRole) == "4.321"
    after = _on_screen(win)
    assert after != before
    assert after == _painted_whole(win), "the Kỳ trước column was not repainted"
    win.close()


def test_a_report_of_a_unit_with_years_of_reports_opened_from_the_list_shows_its_comparisons(
    qtbot: QtBot, repo: Repository
) -> None:
    """A unit with every period of three years: năm 2024 opened from the list lists, on Kiểm
    tra, its lũy kế figure below quý I's and its figure that more than doubled since năm 2023
    (the periods found through the index on unit, kind and year), and its "Kỳ trước" column is
    quý IV 2024, the period just before it, not one of those compared."""
    from cchc_desktop.domain.serialize import report_from_dict
    from cchc_desktop.services.catalogs import demo_report_data

    ids = {}
    for year in (2022, 2023, 2024):
        for kind in PeriodKind:
            report = report_from_dict(demo_report_data())
            report.period = Period(year, kind)
            report.values["1.1.1"] = IndicatorValue(Decimal(10))
            report.values["6.3"] = IndicatorValue(Decimal(5))
            ids[report.period] = repo.save_report(report)
    rid = ids[Period(2024, PeriodKind.Y)]
    repo.set_values(ids[Period(2024, PeriodKind.Q4)], {"1.1.1": IndicatorValue(Decimal(77))})
    repo.set_values(ids[Period(2024, PeriodKind.Q1)], {"6.3": IndicatorValue(Decimal(9))})
    repo.set_values(rid, {"1.1.1": IndicatorValue(Decimal(30))})  # 10 in năm 2023

    lister = _opened_from_the_list(qtbot, repo, rid)
    win = lister.windows[rid]
    findings = win.page("kiem-tra")
    assert isinstance(findings, FindingsPage)

    def listed() -> dict[str, str]:
        shown = (findings.model.finding(r) for r in range(findings.model.rowCount()))
        return {f.rule: f.message for f in shown if f.rule.startswith("cross.")}

    qtbot.waitUntil(lambda: {"cross.cumulative:6.3", "cross.yoy:1.1.1"} <= set(listed()))
    assert set(listed()) == {"cross.cumulative:6.3", "cross.yoy:1.1.1"}
    assert "quý I năm 2024" in listed()["cross.cumulative:6.3"]
    assert "năm 2023" in listed()["cross.yoy:1.1.1"]
    page = win.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    header = page.model.headerData(COL_PREVIOUS, Qt.Orientation.Horizontal)
    assert header == "Kỳ trước (Quý IV 2024)"
    assert page.value_index("1.1.1", COL_PREVIOUS).data(Qt.ItemDataRole.DisplayRole) == "77"
    win.close()


def test_every_cell_of_the_tree_finds_its_siblings_as_the_model_indexes_them(
    qtbot: QtBot, window: ReportWindow, qtmodeltester: ModelTester
) -> None:
    """The tree model answers sibling() itself (QTreeView asks it whenever it looks a cell up):
    each cell's siblings, in its row and in the rows beside it, are the model's own indexes, and
    the model passes Qt's model tester."""
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    model = page.model
    qtmodeltester.check(model, force_py=False)
    columns = model.columnCount()
    pending = [QModelIndex()]
    cells = 0
    while pending:
        parent = pending.pop()
        rows = model.rowCount(parent)
        for row in range(rows):
            for column in range(columns):
                cell = model.index(row, column, parent)
                for other_row in {row, max(row - 1, 0), min(row + 1, rows - 1)}:
                    for other in range(columns):
                        assert model.sibling(other_row, other, cell) == model.index(
                            other_row, other, parent
                        )
                assert model.sibling(row, columns, cell) == QModelIndex()
                cells += 1
            pending.append(model.index(row, 0, parent))
    assert cells == len(model.rows) * columns


def test_typing_down_the_form_repaints_only_the_new_row_when_the_tree_scrolls(
    qtbot: QtBot, window: ReportWindow, repo: Repository, report_id: int
) -> None:
    """A figure, Enter, the next figure... past the first screen: each Enter scrolls the tree by a
    row. The cell editor just closed must not make Qt repaint the whole tree on that scroll
    (20-40 ms per Enter): the paints during an Enter that scrolled stay well under the tree's
    height, and the figures are saved."""
    from PySide6.QtCore import QEvent, QObject

    window.resize(1366, 860)
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    tree = page.tree
    viewport = tree.viewport()
    painted: list[int] = []

    class Paints(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(event.region().boundingRect().height())  # type: ignore[attr-defined]
            return False

    spy = Paints()
    viewport.installEventFilter(spy)
    codes = [
        c for c in page.model.value_codes() if page.model.indicator(page.value_index(c)).numeric
    ]
    # the last figure whose cell is on the first screen: from there each Enter scrolls
    start = max(
        i
        for i, c in enumerate(codes)
        if viewport.rect().contains(tree.visualRect(page.value_index(c)))
    )
    # the window's first check marks every cell once it has run (about 200 ms after the window is
    # shown); an editor open then is given the stored figure again, so the walk starts after it
    qtbot.waitUntil(lambda: window.session.checked)
    tree.setFocus()
    tree.setCurrentIndex(page.value_index(codes[start]))
    scrolled = written = 0
    for n, code in enumerate(codes[start : start + 6]):
        assert page.model.indicator(tree.currentIndex()).code == code
        editor = _open_editor(page, tree.currentIndex(), "1")
        type_text(editor, str(n))
        assert editor.text() == f"1{n}"
        before = tree.verticalScrollBar().value()
        qtbot.wait(50)  # what the editor's opening painted is done with
        painted.clear()
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(50)
        if tree.verticalScrollBar().value() != before:
            scrolled += 1
            assert painted and max(painted) < viewport.height() // 2, (code, painted)
        written += repo.load_report(report_id).value(code) == Decimal(f"1{n}")
    assert written == 6  # every figure typed is saved as typed
    assert scrolled >= 4  # the walk did go past the first screen
    viewport.removeEventFilter(spy)
    # what is on screen (the window's backing store, as the platform shows it) is what a whole
    # repaint draws: nothing stale was left by painting only the new rows
    screen = window.screen()
    shown = screen.grabWindow(window.winId()).toImage()
    viewport.update()
    qtbot.wait(50)
    assert screen.grabWindow(window.winId()).toImage() == shown
