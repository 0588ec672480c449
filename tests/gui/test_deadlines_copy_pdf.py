"""The list's deadlines and counts, the overdue banner, “Chưa nhập”, the completeness question at a
final export, the period review of “Tạo từ kỳ trước”, cross-period checks that stay current while
another process changes quý I, and “Xuất PDF…” / “In…”."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QToolButton
from pytestqt.qtbot import QtBot

from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import ReportStatus
from cchc_desktop.domain.rules import Severity
from cchc_desktop.gui import messages, period_rewrite_dialog
from cchc_desktop.gui.forms import child
from cchc_desktop.gui.main_window import CopyReportDialog, ReportListWindow
from cchc_desktop.gui.models.report_list_model import COL_DUE
from cchc_desktop.gui.pages.indicators import IndicatorPage
from cchc_desktop.gui.pdf_export import export_pdf_from
from cchc_desktop.gui.period_rewrite_dialog import PeriodRewriteDialog
from cchc_desktop.gui.period_rewrite_dialog import review_rewrites as real_review
from cchc_desktop.gui.report_window import ReportWindow
from cchc_desktop.services.reports import ReportService
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


# --- the list: cut-off, deadline, marks, counts -------------------------------------------------
def test_list_shows_cutoff_deadline_and_marks_from_today(
    qtbot: QtBot, repo: Repository, report_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_TODAY", "2026-12-15")
    service = ReportService(repo)
    q1 = service.new_report("Sở Tài chính", Period(2026, PeriodKind.Q1))
    year = service.new_report("Sở Tài chính", Period(2026, PeriodKind.Y))
    done = service.new_report("Sở Tài chính", Period(2026, PeriodKind.H1))
    done.status = ReportStatus.FINAL
    repo.save_report(done)
    win = ReportListWindow(repo)
    qtbot.addWidget(win)
    win.show()
    model = win.model

    def cell(rid: int | None, col: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        assert rid is not None
        return model.data(model.index(model.row_of(rid), col), role)

    assert model.headerData(7, Qt.Orientation.Horizontal) == "Số liệu tính đến"
    assert model.headerData(COL_DUE, Qt.Orientation.Horizontal) == "Hạn gửi"
    assert cell(q1.id, 7) == "15/12/2025 - 14/3/2026"
    assert cell(q1.id, COL_DUE) == "20/3/2026 · quá hạn 270 ngày"
    assert cell(year.id, COL_DUE) == "20/12/2026 · còn 5 ngày"
    assert cell(done.id, COL_DUE) == "20/6/2026"  # finished: not late
    assert cell(report_id, COL_DUE) == "20/6/2024 · quá hạn 908 ngày"
    red = cell(q1.id, COL_DUE, Qt.ItemDataRole.BackgroundRole)
    amber = cell(year.id, COL_DUE, Qt.ItemDataRole.BackgroundRole)
    assert red is not None and amber is not None and red != amber
    assert cell(done.id, COL_DUE, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(report_id, 5) == "80/105 chỉ tiêu" and cell(q1.id, 5) == "0/105 chỉ tiêu"
    assert cell(report_id, 0) == "Sở Tài chính"  # the columns of before are where they were


def test_an_overdue_draft_opens_with_a_banner(
    qtbot: QtBot, repo: Repository, report_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_TODAY", "2026-12-02")
    service = ReportService(repo)
    late = service.new_report("Sở Xây dựng", Period(2026, PeriodKind.Q1))
    on_time = service.new_report("Sở Xây dựng", Period(2026, PeriodKind.Y))
    assert late.id is not None and on_time.id is not None
    win = ReportWindow(repo, late.id)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    banner = child(win.form, QLabel, "deadlineBanner")
    assert banner.isVisible()
    assert banner.text() == (
        "⚠ Báo cáo quý I năm 2026 đã quá hạn gửi 257 ngày (hạn gửi 20/3/2026)."
    )
    other = ReportWindow(repo, on_time.id)
    qtbot.addWidget(other)
    other.show()
    assert not child(other.form, QLabel, "deadlineBanner").isVisible()


# --- Phụ lục III: count and “Chưa nhập” ----------------------------------------------------------
def test_empty_only_filter_and_count(qtbot: QtBot, window: ReportWindow) -> None:
    page = window.show_page("phu-luc-3")
    assert isinstance(page, IndicatorPage)
    label = child(page.form, QLabel, "completenessLabel")
    assert label.text() == "80/105 chỉ tiêu"
    toggle = child(page.form, QToolButton, "emptyOnlyButton")
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert toggle.isChecked()
    session = window.session
    shown = [
        ind
        for ind in page.model.rows
        if ind.has_value and not page._hidden(ind.code) and ind.optional_group is None
    ]
    empty = [i for i in shown if session.value(i.code).value is None]
    assert len(empty) == 25
    # a filled row stays only as the heading of an empty one under it
    parents = {i.parent for i in shown}
    assert all(i.code in parents for i in shown if i not in empty)
    assert page._hidden("1.1.1") and not page._hidden("1")  # the group row stays, as a heading
    target = empty[0].code
    assert window.ctrl.edit_value(target, "3") is None
    assert label.text() == "81/105 chỉ tiêu"
    assert not page._hidden(target)  # stays until the filter is applied again (Enter moves on)
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert page._hidden(target)
    qtbot.keyClicks(page.filter, "7.")  # with the text filter: empty rows of group 7
    assert all(
        i.code.startswith("7") for i in page.model.rows if not page._hidden(i.code) and i.level
    )
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    page.filter.clear()
    assert not page._hidden("1.1.1")


def test_final_export_asks_about_empty_indicators(
    qtbot: QtBot, window: ReportWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(messages, "confirm", lambda _p, m, *_a: asked.append(m) or answer[0])
    monkeypatch.setattr(messages, "choose", lambda *_a: -1)
    target = tmp_path / "chinh-thuc.docx"
    window.export_word(draft=False, path=target)
    assert len(asked) == 1 and not target.exists()
    assert asked[0].startswith("Phụ lục III mới nhập 80/105 chỉ tiêu; 25 chỉ tiêu còn trống:")
    assert "nhóm 7. Xây dựng và phát triển Chính phủ điện tử, Chính phủ số: 19/41" in asked[0]
    answer[0] = True
    flow = window.export_word(draft=False, path=target)
    with qtbot.waitSignal(flow.finished, timeout=30_000) as blocker:
        pass
    assert blocker.args == [target] and target.exists()
    # a draft asks nothing
    asked.clear()
    flow = window.export_word(draft=True, path=tmp_path / "du-thao.docx")
    with qtbot.waitSignal(flow.finished, timeout=30_000):
        pass
    assert asked == []


# --- “Tạo từ kỳ trước” with the review ------------------------------------------------------------
def test_copy_reviews_the_period_phrases_one_by_one(
    qtbot: QtBot, repo: Repository, report_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(period_rewrite_dialog, "review_rewrites", real_review)
    win = ReportListWindow(repo)
    qtbot.addWidget(win)
    dlg = CopyReportDialog(win.service, repo.list_reports(), report_id, win)
    qtbot.addWidget(dlg.dialog)
    assert dlg.rewrite.isChecked() and dlg.period.currentData() == "9M"
    seen: list[list[str]] = []

    def answer() -> None:  # the review is modal: act on it once it is up, assert afterwards
        review = QApplication.activeModalWidget()
        if not isinstance(review, PeriodRewriteDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append([r.edit.old for r in review.proposals])
        review.set_checked(0, False)  # keep the trích yếu as written
        review.apply_button.click()

    QTimer.singleShot(0, answer)
    child(dlg.dialog, QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Ok
    ).click()
    qtbot.waitUntil(lambda: dlg.created_id is not None, timeout=10_000)
    assert seen and len(seen[0]) == 10
    assert dlg.created_id is not None
    new = repo.load_report(dlg.created_id)
    assert new.period == Period(2024, PeriodKind.M9)
    assert new.subject == "Cải cách hành chính 6 tháng đầu năm 2024"  # unticked: kept
    titles = [s.title for s in new.narrative.sections]
    assert "MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV/2024" in titles
    intro = "".join(r.text for r in new.narrative.intro[0].runs)
    assert "báo cáo công tác CCHC 9 tháng năm 2024 như sau" in intro
    assert "Kế hoạch cải cách hành chính tỉnh Hà Tĩnh năm 2024" in intro


def test_keep_wording_in_the_review(qtbot: QtBot, repo: Repository, report_id: int) -> None:
    source = repo.load_report(report_id)
    service = ReportService(repo)
    new, proposals = service.plan_copy(report_id, Period(2024, PeriodKind.Y))
    review = PeriodRewriteDialog(proposals, source.period, new.period)
    qtbot.addWidget(review)
    assert len(review.checked()) == 10
    assert [review.tree.topLevelItem(7).text(c) for c in (1, 2, 3)] == [  # type: ignore[union-attr]
        "QUÝ III/2024",
        "NĂM 2025",
        "kỳ tới",
    ]
    review.check_all(False)
    assert review.checked() == []
    review.check_all(True)
    assert len(review.checked()) == 10


# --- cross-period checks stay current ------------------------------------------------------------
@pytest.fixture
def q1_id(db_path: Path, report_id: int) -> int:
    done = cchc(db_path, "new", "--unit", "Sở Tài chính", "--period", "Q1", "--year", "2024")
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


def _errors(win: ReportWindow) -> int:
    return win.session.counts()[Severity.ERROR]


def test_the_open_window_sees_quarter_one_changed_by_the_cli(
    qtbot: QtBot, window: ReportWindow, db_path: Path, q1_id: int, tmp_path: Path
) -> None:
    assert _errors(window) == 0
    assert window.session.report.value("6.3") == Decimal(1)  # cumulative, 6 tháng
    done = cchc(db_path, "set", str(q1_id), "6.3", "5")  # quý I: 5, more than 6 tháng's 1
    assert done.returncode == 0, done.stderr
    # the window's periodic check (every 3 s) reloads the other periods and re-checks
    qtbot.waitUntil(lambda: _errors(window) == 1, timeout=15_000)
    assert "lỗi" in window.status_label.text() and window.status_label.text().startswith("1 lỗi")
    (finding,) = [f for f in window.session.findings() if f.severity is Severity.ERROR]
    assert finding.rule.startswith("cross.cumulative") and "6.3" in finding.codes
    refused = cchc(db_path, "export-docx", str(window.report_id), str(tmp_path / "a.docx"))
    assert refused.returncode == 1


@pytest.mark.usefixtures("qtbot")
def test_export_rechecks_other_periods_before_writing(
    window: ReportWindow, db_path: Path, q1_id: int, tmp_path: Path, shown_messages: list[str]
) -> None:
    window._elsewhere_timer.stop()  # no periodic check: the export itself must look
    assert _errors(window) == 0
    assert cchc(db_path, "set", str(q1_id), "6.3", "5").returncode == 0
    target = tmp_path / "chinh-thuc.docx"
    window.export_word(draft=False, path=target)
    assert not target.exists()
    assert shown_messages and shown_messages[-1].startswith("Báo cáo còn 1 lỗi")
    cli = cchc(db_path, "export-docx", str(window.report_id), str(tmp_path / "b.docx"))
    assert cli.returncode == 1  # the window and the command line agree
    # and back: quý I corrected elsewhere, the export goes out again
    assert cchc(db_path, "set", str(q1_id), "6.3", "1").returncode == 0
    assert window.ctrl.recheck_other_periods() and _errors(window) == 0
    assert not window.ctrl.recheck_other_periods()  # nothing changed since: no reload


# --- Xuất PDF… / In… ---------------------------------------------------------------------------------
class _FakeConverter:
    name = "giả lập"

    def convert(self, docx: Path, outdir: Path, timeout: float) -> Path:
        made = outdir / (docx.stem + ".pdf")
        made.write_bytes(b"%PDF-1.4\n% fake\n")
        return made


def test_pdf_export_and_print(
    qtbot: QtBot, window: ReportWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.export import pdf as pdf_module
    from cchc_desktop.gui import pdf_export

    monkeypatch.setattr(pdf_module, "find_converter", _FakeConverter)
    offered: list[list[str]] = []
    monkeypatch.setattr(messages, "choose", lambda _p, _m, b, *_a: offered.append(b) or -1)
    target = tmp_path / "bao-cao.pdf"
    flow = export_pdf_from(window, draft=True, path=target)
    with qtbot.waitSignal(flow.finished, timeout=30_000) as blocker:
        pass
    assert blocker.args == [target] and target.read_bytes().startswith(b"%PDF")
    assert offered == [["Mở tệp", "Mở thư mục"]]
    printed: list[Path] = []
    monkeypatch.setattr(pdf_export, "print_file", lambda p: printed.append(p) or True)
    monkeypatch.setattr(messages, "confirm", lambda *_a: True)
    flow = export_pdf_from(window, draft=False, print_after=True)
    with qtbot.waitSignal(flow.finished, timeout=30_000):
        pass
    assert len(printed) == 1 and printed[0].suffix == ".pdf" and printed[0].exists()
    actions = [a.text() for a in window.findChildren(type(window.export_final))]
    assert "&In…" in actions and "Xuất P&DF (chính thức)…" in actions


def test_pdf_without_a_converter_says_what_to_install(
    window: ReportWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    from cchc_desktop.export import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    monkeypatch.setattr(pdf_module, "_word_available", lambda: False)
    flow = export_pdf_from(window, draft=True, path=tmp_path / "x.pdf")
    assert flow.error is None and not (tmp_path / "x.pdf").exists()
    assert "Hãy cài LibreOffice" in shown_messages[-1]
