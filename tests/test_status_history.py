"""The report's status (Dự thảo -> Hoàn thành -> Đã gửi, reopened with a reason) and the history of
its figures and fields, driven through `cchc` as a user types it and read back from the database
and the exported Word file."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from _cli_support import Cli
from sqlalchemy.exc import OperationalError

from cchc_desktop.domain.changes import ReportPatch
from cchc_desktop.domain.history import ChangeSource, report_changes
from cchc_desktop.domain.lifecycle import (
    StatusRequest,
    TransitionRefused,
    corrected_mark,
    plan_transition,
)
from cchc_desktop.domain.report import (
    IndicatorValue,
    Paragraph,
    Report,
    ReportStatus,
    Sending,
    SentVia,
)
from cchc_desktop.errors import ReportLockedError
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository

TODAY = dt.date(2024, 7, 10)
DRAFT, FINAL, SENT = ReportStatus.DRAFT, ReportStatus.FINAL, ReportStatus.SENT


# --- the status machine (pure) ------------------------------------------------------------------
def test_final_needs_no_errors() -> None:
    with pytest.raises(TransitionRefused, match="còn 2 lỗi"):
        plan_transition(DRAFT, Sending(), StatusRequest(FINAL), errors=2, today=TODAY)
    assert plan_transition(DRAFT, Sending(), StatusRequest(FINAL), errors=0, today=TODAY) == (
        Sending()
    )


def test_sent_only_from_final_without_errors_and_not_in_the_future() -> None:
    sent = StatusRequest(SENT, sent_on=dt.date(2024, 7, 5), via=SentVia.PAPER, number="12/BC")
    with pytest.raises(TransitionRefused, match="Hoàn thành"):
        plan_transition(DRAFT, Sending(), sent, errors=0, today=TODAY)
    with pytest.raises(TransitionRefused, match="1 lỗi"):
        plan_transition(FINAL, Sending(), sent, errors=1, today=TODAY)
    with pytest.raises(TransitionRefused, match="tương lai"):
        plan_transition(
            FINAL,
            Sending(),
            StatusRequest(SENT, sent_on=dt.date(2024, 8, 1)),
            errors=0,
            today=TODAY,
        )
    after = plan_transition(FINAL, Sending(), sent, errors=0, today=TODAY)
    assert after == Sending(dt.date(2024, 7, 5), SentVia.PAPER, "12/BC")
    # no date given: today
    assert plan_transition(
        FINAL, Sending(), StatusRequest(SENT), errors=0, today=TODAY
    ).sent_on == (TODAY)


def test_reopening_needs_a_reason_and_counts_the_corrections() -> None:
    sent = Sending(dt.date(2024, 7, 5), SentVia.EMAIL, "12/BC-STC")
    with pytest.raises(TransitionRefused, match="lý do"):
        plan_transition(SENT, sent, StatusRequest(DRAFT, reason="  "), errors=0, today=TODAY)
    with pytest.raises(TransitionRefused, match="Mở lại"):
        plan_transition(SENT, sent, StatusRequest(FINAL), errors=0, today=TODAY)
    after = plan_transition(
        SENT, sent, StatusRequest(DRAFT, reason="Sai 1.1.2"), errors=5, today=TODAY
    )
    assert after.reopen_count == 1 and after.reopen_reason == "Sai 1.1.2"
    assert after.sent_on == sent.sent_on and after.number == "12/BC-STC"  # what it replaces


# --- the CLI ---------------------------------------------------------------------------------------
def _send(cli: Cli, rid: int) -> None:
    code, _, err = cli("status", str(rid), "final")
    assert code == 0, err
    code, out, err = cli(
        "status",
        str(rid),
        "sent",
        "--sent-on",
        "05/07/2024",
        "--via",
        "giay",
        "--number",
        "125/BC-STC",
    )
    assert code == 0, err
    assert "Đã gửi" in out and "05/7/2024" in out


def test_final_is_refused_while_errors_remain(cli: Cli, demo_id: int) -> None:
    code, _, err = cli("set", str(demo_id), "1.1.2", "999")  # completed > assigned: an error
    assert code == 0, err
    code, _, err = cli("status", str(demo_id), "final")
    assert code == 2 and "lỗi" in err
    status = cli.json("status", str(demo_id), "--json")
    assert isinstance(status, dict) and status["status"] == "draft"


def test_a_sent_report_refuses_set_header_and_import(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    rid = str(demo_id)
    book = tmp_path / "pl3.xlsx"
    assert cli("export-xlsx", rid, str(book))[0] == 0
    _send(cli, demo_id)
    listed = cli.json("list", "--json")
    assert isinstance(listed, list)
    assert listed[0]["status"] == "sent" and listed[0]["sent_number"] == "125/BC-STC"
    assert listed[0]["sent_on"] == "2024-07-05" and listed[0]["sent_via"] == "paper"
    shown = cli.json("show", rid, "--json")
    assert isinstance(shown, dict)
    assert shown["status"] == "sent" and shown["sending"]["sent_number"] == "125/BC-STC"
    before = cli.json("show", rid, "--json")

    code, _, err = cli("set", rid, "1.1.1", "41")
    assert code == 2 and "báo cáo đã gửi" in err.lower()
    wb = openpyxl.load_workbook(book)
    ws = wb["Phụ lục III"]
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == "1.1.1":
            ws.cell(row, 4).value = 41
    wb.save(book)
    code, _, err = cli("import-xlsx", rid, str(book))
    assert code == 2 and "báo cáo đã gửi" in err.lower()
    assert cli.json("show", rid, "--json") == before  # nothing changed, not even a revision

    # a header edit (any patch: the window, `cchc header`) is refused by the repository itself
    repo = Repository(open_engine(cli.db))
    try:
        revision = repo.revision(demo_id)
        with pytest.raises(ReportLockedError, match="báo cáo đã gửi"):
            repo.write_patch(demo_id, ReportPatch(header={"subject": "Khác"}))
        report = repo.load_report(demo_id)
        with pytest.raises(ReportLockedError):
            repo.save_report(report)
        assert repo.revision(demo_id) == revision
    finally:
        repo.engine.dispose()


def test_reopen_records_the_reason_and_the_next_export_is_marked_corrected(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    rid = str(demo_id)
    _send(cli, demo_id)
    code, _, err = cli("status", rid, "draft")
    assert code == 2 and "lý do" in err
    code, _, err = cli("status", rid, "draft", "--reason", "Sai số liệu 1.1.2")
    assert code == 0, err
    status = cli.json("status", rid, "--json")
    assert isinstance(status, dict)
    assert status["status"] == "draft" and status["corrected"] is True
    assert status["reopen_reason"] == "Sai số liệu 1.1.2" and status["reopen_count"] == 1
    history = cli.json("history", rid, "--json")
    assert isinstance(history, list)
    moves = [(h["old"], h["new"], h["detail"]) for h in history if h["field"] == "status"]
    assert moves[-1] == ("sent", "draft", "mở lại để sửa, lý do: Sai số liệu 1.1.2")
    assert moves[-2][:2] == ("final", "sent") and "125/BC-STC" in moves[-2][2]
    # editable again
    assert cli("set", rid, "1.1.1", "41")[0] == 0
    out_docx = tmp_path / "bao-cao.docx"
    code, _, err = cli("export-docx", rid, str(out_docx))
    assert code == 0, err
    with zipfile.ZipFile(out_docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    mark = "(Bản điều chỉnh lần 1, thay thế báo cáo đã gửi ngày 05/7/2024, số 125/BC-STC)"
    assert mark in body
    assert "bản điều chỉnh lần 1" in core


def test_a_first_export_carries_no_correction_mark(cli: Cli, demo_id: int, tmp_path: Path) -> None:
    out_docx = tmp_path / "a.docx"
    assert cli("export-docx", str(demo_id), str(out_docx))[0] == 0
    with zipfile.ZipFile(out_docx) as z:
        assert "điều chỉnh" not in z.read("word/document.xml").decode("utf-8")


def test_bad_status_arguments_are_user_errors(cli: Cli, demo_id: int) -> None:
    rid = str(demo_id)
    assert cli("status", rid, "gone")[0] == 2
    assert cli("status", rid, "final")[0] == 0
    code, _, err = cli("status", rid, "sent", "--sent-on", "31/02/2024")
    assert code == 2 and "ngày" in err
    code, _, err = cli("status", rid, "sent", "--via", "bồ câu")
    assert code == 2 and "cách gửi" in err
    code, _, err = cli("status", "999", "final")
    assert code == 2
    assert cli("history", rid, "9.9.9.9")[0] == 2


# --- history: each source --------------------------------------------------------------------
def _history(cli: Cli, rid: int, code: str) -> list[dict[str, Any]]:
    found = cli.json("history", str(rid), code, "--json")
    assert isinstance(found, list)
    return found


def test_cli_set_is_recorded_with_old_new_time_and_source(cli: Cli, demo_id: int) -> None:
    assert cli("set", str(demo_id), "1.1.1", "40", "1.1.2", "")[0] == 0
    [entry] = _history(cli, demo_id, "1.1.1")
    assert (entry["old"], entry["new"], entry["source"]) == ("38", "40", "command")
    assert entry["field"] == "value:1.1.1" and entry["code"] == "1.1.1"
    assert entry["old_text"] == "38" and entry["source_label"] == "dòng lệnh"
    assert dt.datetime.fromisoformat(entry["time"]) <= dt.datetime.now()
    [cleared] = _history(cli, demo_id, "1.1.2")
    assert cleared["new"] is None and cleared["new_text"] == "(trống)"
    # the same figure again changes nothing and records nothing
    assert cli("set", str(demo_id), "1.1.1", "40")[0] == 0
    assert len(_history(cli, demo_id, "1.1.1")) == 1
    code, out, _ = cli("history", str(demo_id), "1.1.1")
    assert code == 0 and "38 → 40" in out and "dòng lệnh" in out


def test_excel_import_is_recorded_as_such(cli: Cli, demo_id: int, tmp_path: Path) -> None:
    book = tmp_path / "pl3.xlsx"
    assert cli("export-xlsx", str(demo_id), str(book))[0] == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["Phụ lục III"]
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == "1.1.1":
            ws.cell(row, 4).value = 44
    wb.save(book)
    code, _, err = cli("import-xlsx", str(demo_id), str(book))
    assert code == 0, err
    [entry] = _history(cli, demo_id, "1.1.1")
    assert (entry["old"], entry["new"], entry["source"]) == ("38", "44", "xlsx-import")


def test_copy_from_previous_period_is_recorded(tmp_path: Path) -> None:
    from cchc_desktop.domain.periods import Period, PeriodKind
    from cchc_desktop.services.reports import ReportService

    repo = Repository(open_engine(tmp_path / "c.sqlite3"))
    try:
        demo, _ = ReportService(repo).create_demo()
        assert demo.id is not None
        new = ReportService(repo).copy_from_previous(
            demo.id, Period(2024, PeriodKind.Y), with_figures=True
        )
        assert new.id is not None
        entries = repo.history(new.id, "1.1.1")
        assert [(e.field, e.old, e.new, e.source) for e in entries] == [
            ("value:1.1.1", None, "38", ChangeSource.PREVIOUS_PERIOD),
            ("note:1.1.1", None, "38 nhiệm vụ trọng tâm", ChangeSource.PREVIOUS_PERIOD),
        ]
        fields = {e.field for e in repo.history(new.id)}
        assert "header:signer" in fields and "recipients" in fields
        assert repo.history(demo.id) == []  # the source report is untouched
    finally:
        repo.engine.dispose()


def test_restore_records_what_it_changed(cli: Cli, demo_id: int, tmp_path: Path) -> None:
    code, out, err = cli("backup")
    assert code == 0, err
    backup = Path(out.strip())
    assert cli("set", str(demo_id), "1.1.1", "50")[0] == 0
    code, _, err = cli("restore", str(backup))
    assert code == 0, err
    shown = cli.json("show", str(demo_id), "--json")
    assert isinstance(shown, dict) and shown["values"]["1.1.1"]["value"] == 38
    entries = _history(cli, demo_id, "1.1.1")
    assert [(e["old"], e["new"], e["source"]) for e in entries] == [("50", "38", "restore")]


def test_narrative_typing_is_one_entry_per_stretch(tmp_path: Path) -> None:
    from cchc_desktop.domain.changes import diff
    from cchc_desktop.services.reports import ReportService

    repo = Repository(open_engine(tmp_path / "n.sqlite3"))
    try:
        demo, _ = ReportService(repo).create_demo()
        assert demo.id is not None
        report = repo.load_report(demo.id)
        first = report.narrative.sections[0]
        for text in ("Đ", "Đã", "Đã xong"):  # three autosaves of one stretch of typing
            before = repo.load_report(demo.id)
            after = repo.load_report(demo.id)
            after.narrative.sections[0].paragraphs = [Paragraph.of(text)]
            repo.write_patch(demo.id, diff(before, after))
        entries = [e for e in repo.history(demo.id) if e.field.startswith("narrative:")]
        assert len(entries) == 1
        assert entries[0].new == "Đã xong" and entries[0].field.endswith(first.title)
        old_text = "\n".join(p.text for p in first.paragraphs)
        assert entries[0].old == (old_text or None)
    finally:
        repo.engine.dispose()


def test_history_and_data_never_disagree_a_failed_write_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.services.reports import ReportService

    repo = Repository(open_engine(tmp_path / "f.sqlite3"))
    try:
        demo, _ = ReportService(repo).create_demo()
        assert demo.id is not None
        # the disk fills up as the history is written: the figure is not written either
        import cchc_desktop.storage.repository as repository_module
        from cchc_desktop.errors import FileProblemError

        original = repository_module._record

        def record_then_fail(*args: Any) -> None:
            original(*args)
            raise OperationalError("INSERT", {}, Exception("database or disk is full"))

        monkeypatch.setattr(repository_module, "_record", record_then_fail)
        with pytest.raises(FileProblemError, match="đầy"):
            repo.set_values(demo.id, {"1.1.1": IndicatorValue(Decimal("40"))})
        monkeypatch.undo()
        assert repo.history(demo.id) == []
        assert repo.load_report(demo.id).value("1.1.1") == Decimal("38")
    finally:
        repo.engine.dispose()


def test_report_changes_names_every_field() -> None:
    from cchc_desktop.domain.periods import Period, PeriodKind
    from cchc_desktop.domain.report import Unit

    a = Report(Unit("Sở A"), Period(2024, PeriodKind.H1), "cat", "1")
    b = Report(Unit("Sở A", place="Hà Tĩnh"), Period(2024, PeriodKind.H1), "cat", "1")
    b.subject, b.values = "Báo cáo", {"1.1.1": IndicatorValue(Decimal("3"), "ghi")}
    fields = {(c.field, c.old, c.new) for c in report_changes(a, b)}
    assert fields == {
        ("header:subject", None, "Báo cáo"),
        ("unit:place", None, "Hà Tĩnh"),
        ("value:1.1.1", None, "3"),
        ("note:1.1.1", None, "ghi"),
    }


def test_upgrade_keeps_reports_as_draft_with_no_history(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "db" / "rev-0003.sqlite3", path)
    repo = Repository(open_engine(path))
    try:
        for summary in repo.list_reports():
            assert summary.status is ReportStatus.DRAFT and summary.sending == Sending()
            assert repo.history(summary.id) == []
    finally:
        repo.engine.dispose()
    con = sqlite3.connect(path)
    try:
        assert {r[0] for r in con.execute("SELECT status FROM reports")} == {"draft"}
    finally:
        con.close()


def test_corrected_mark_wording() -> None:
    from cchc_desktop.domain.periods import Period, PeriodKind
    from cchc_desktop.domain.report import Unit

    r = Report(Unit("Sở A"), Period(2024, PeriodKind.H1), "cat", "1")
    assert corrected_mark(r) == ""
    r.sending = Sending(dt.date(2024, 2, 5), None, "", 2, "x")
    assert corrected_mark(r) == "(Bản điều chỉnh lần 2, thay thế báo cáo đã gửi ngày 05/02/2024)"
