"""The report list's summaries as records.read_summaries makes them (a never-sent report's
Sending() made directly): equal, field by field, to what ReportSummary's own __init__ and
records._sending make of the same stored row, and the stored statuses and sendings read back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from _cli_support import Cli

from cchc_desktop.domain.report import ReportStatus, Sending, SentVia
from cchc_desktop.domain.stored import ReportSummary
from cchc_desktop.storage.quick import QuickReader


def _raw(db: Path, *statements: str) -> None:
    con = sqlite3.connect(db)
    with con:
        for sql in statements:
            con.execute(sql)
    con.close()


def test_listed_summaries_are_what_the_class_makes_of_the_same_row(cli: Cli, demo_id: int) -> None:
    for year in (2021, 2022, 2023):
        assert cli("new", "--unit", "Sở Y tế", "--period", "Q1", "--year", str(year))[0] == 0
    assert cli("list")[0] == 0  # the file is at the head revision: the quick reader reads it
    _raw(
        cli.db,
        f"UPDATE reports SET status = 'sent', sent_on = '2024-07-05', sent_via = 'email',"
        f" sent_number = '12/VP' WHERE id = {demo_id}",
        "UPDATE reports SET number = '7', symbol = 'BC-SYT', reopen_count = 2,"
        " reopen_reason = 'Sửa' WHERE id = (SELECT MAX(id) FROM reports)",
    )
    reader = QuickReader.open(cli.db)
    assert reader is not None
    try:
        listed = reader.list_reports()
    finally:
        reader.close()
    assert len(listed) == 4

    for s in listed:
        fields = [getattr(s, name) for name in ReportSummary.__match_args__]
        again = ReportSummary(*fields)
        assert again == s and repr(again) == repr(s)
        assert all(
            getattr(again, n) is v
            for n, v in zip(ReportSummary.__match_args__, fields, strict=True)
        )
    by_id = {s.id: s for s in listed}
    demo = by_id[demo_id]
    assert demo.status is ReportStatus.SENT
    assert demo.sending == Sending(dt.date(2024, 7, 5), SentVia.EMAIL, "12/VP")
    newest = by_id[max(by_id)]
    assert newest.number_symbol == "7/BC-SYT"
    assert newest.sending == Sending(reopen_count=2, reopen_reason="Sửa")
    assert newest.sending.corrected
    for s in listed:
        if s.id not in (demo_id, newest.id):
            assert s.sending == Sending() and s.values_filled == 0 and s.filled == ""
    assert demo.values_filled == len(demo.filled_codes) > 50
