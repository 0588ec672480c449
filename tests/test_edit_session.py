"""EditSession.preview: the findings a value would bring, computed while it is typed, store nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from cchc_desktop.domain.rules import Severity
from cchc_desktop.services.editing import EditSession
from cchc_desktop.services.reports import ReportService
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository


def test_preview_names_the_rule_and_changes_nothing(tmp_path: Path) -> None:
    repo = Repository(open_engine(tmp_path / "e.sqlite3"))
    report, _ = ReportService(repo).create_demo()
    assert report.id is not None
    session = EditSession(repo, report.id)
    before = session.findings()

    found = session.preview("1.1.2", Decimal(40))  # 40 done of 38 assigned
    assert [f.rule for f in found] == ["1.1.2<=1.1.1"]
    assert found[0].severity is Severity.ERROR and "lớn hơn" in found[0].message

    assert session.preview("1.1.2", Decimal(38)) == []
    assert session.preview("1.1.2", None) == []  # empty: only a notice, which is not shown here
    # a part above its total: 3.1.3 = 6, its breakdown rows 5 + 1 + 0
    assert [f.rule for f in session.preview("3.1.3", Decimal(9))] == ["breakdown:3.1.3"]

    assert session.value("1.1.2").value == Decimal(19)
    assert session.findings() == before
    assert repo.load_report(report.id).value("1.1.2") == Decimal(19)
    repo.engine.dispose()


def test_a_session_checked_later_gives_the_same_findings_to_its_first_reader(
    tmp_path: Path,
) -> None:
    """check=False (the window paints first): findings, counts and marks are those of the full
    check as soon as anything asks, and an edit made before the check is not lost from them."""
    from cchc_desktop.domain.report import IndicatorValue

    repo = Repository(open_engine(tmp_path / "e.sqlite3"))
    report, _ = ReportService(repo).create_demo()
    assert report.id is not None
    at_once = EditSession(repo, report.id)
    for ask in ("findings", "counts", "worst", "findings_for"):
        later = EditSession(repo, report.id, check=False)
        assert not later.checked and not later.live.findings()
        got = getattr(later, ask)(*(("1.1.2",) if ask in ("worst", "findings_for") else ()))
        expected = getattr(at_once, ask)(*(("1.1.2",) if ask in ("worst", "findings_for") else ()))
        assert got == expected and later.checked
    edited = EditSession(repo, report.id, check=False)
    edited.set_value("1.1.2", IndicatorValue(Decimal(40)))  # typed before the check ran
    assert "1.1.2<=1.1.1" in {f.rule for f in edited.findings()}
    assert edited.counts()[Severity.ERROR] == at_once.counts()[Severity.ERROR] + 1
