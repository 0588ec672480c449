"""`cchc validate`: exit codes and the --json list of findings."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest
from _rules_support import make_report, small_catalog

from cchc_desktop.cli import validate as cli_validate
from cchc_desktop.domain.periods import Period
from cchc_desktop.domain.report import Report
from cchc_desktop.errors import NotFoundError
from cchc_desktop.services.catalogs import CatalogRegistry


class FakeRepo:
    def __init__(self, *reports: Report) -> None:
        self.reports = {r.id: r for r in reports}

    def load_report(self, report_id: int) -> Report:
        try:
            return self.reports[report_id]
        except KeyError:
            raise NotFoundError(f"Không có báo cáo số hiệu {report_id}") from None

    def reports_for_unit(self, unit_name: str) -> list[Report]:
        return [r for r in self.reports.values() if r.unit.name == unit_name]

    def unit_periods(
        self, unit_name: str, around: Period | None = None
    ) -> list[tuple[int, Period]]:
        return [(r.id, r.period) for r in self.reports_for_unit(unit_name) if r.id is not None]

    def load_figures(self, report_ids: list[int]) -> list[Report]:
        return [self.reports[i] for i in report_ids]


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = small_catalog()
    monkeypatch.setattr(CatalogRegistry, "for_report", lambda self, report: catalog)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    cli_validate.register(sub)
    return parser.parse_args(["validate", *argv])


def test_exit_0_without_errors_and_json_list(
    capsys: pytest.CaptureFixture[str], small: None
) -> None:
    repo: Any = FakeRepo(make_report({"1.1.1": 38, "1.1.2": 19}, report_id=1))
    args = parse("1", "--json")
    assert args.handler(args, repo) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    assert [d["severity"] for d in data] == ["notice"]  # the blank number
    assert data[0] == {
        "severity": "notice",
        "rule": "report.number",
        "codes": [],
        "message": data[0]["message"],
        "values": {},
    }


def test_exit_1_with_an_error(capsys: pytest.CaptureFixture[str], small: None) -> None:
    # the small catalog has no rules file: the rules derived from it apply (3.1.3 = its rows)
    values = {"3.1.3": 6, "3.1.3.1": 5, "3.1.3.2": 2, "3.1.3.3": 0}
    repo: Any = FakeRepo(make_report(values, report_id=1))
    args = parse("1", "--json")
    assert cli_validate.run(args, repo) == 1
    data = json.loads(capsys.readouterr().out)
    err = [d for d in data if d["severity"] == "error"]
    assert [e["rule"] for e in err] == ["breakdown:3.1.3"]
    assert err[0]["codes"] == ["3.1.3", "3.1.3.1", "3.1.3.2", "3.1.3.3"]
    assert err[0]["values"] == {"3.1.3": 6, "3.1.3.1": 5, "3.1.3.2": 2, "3.1.3.3": 0}
    args = parse("1")
    assert cli_validate.run(args, repo) == 1
    out = capsys.readouterr().out
    assert "LỖI [3.1.3, 3.1.3.1, 3.1.3.2, 3.1.3.3]:" in out and "1 lỗi" in out


def test_unknown_report_is_a_user_error(small: None) -> None:
    with pytest.raises(NotFoundError):
        cli_validate.run(parse("5"), FakeRepo())  # type: ignore[arg-type]


def test_bad_id_is_refused_by_the_parser() -> None:
    with pytest.raises(SystemExit):
        parse("abc")


def test_the_cchc_command_on_the_demo_report(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from cchc_desktop.cli import main

    db = str(tmp_path / "v.sqlite3")
    assert main(["--db", db, "demo"]) == 0
    rid = capsys.readouterr().out.strip()
    assert main(["--db", db, "validate", rid, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(set(d) == {"severity", "rule", "codes", "message", "values"} for d in data)
    assert [d["severity"] for d in data if d["severity"] == "error"] == []
    assert main(["--db", db, "set", rid, "1.1.2", "40"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "validate", rid, "--json"]) == 1
    errors = [d for d in json.loads(capsys.readouterr().out) if d["severity"] == "error"]
    assert [(e["rule"], e["codes"], e["values"]) for e in errors] == [
        ("1.1.2<=1.1.1", ["1.1.2", "1.1.1"], {"1.1.2": 40, "1.1.1": 38})
    ]
    assert main(["--db", db, "validate", "999"]) == 2
    assert "Không có báo cáo" in capsys.readouterr().err
