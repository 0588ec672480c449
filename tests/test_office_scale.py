"""Office scale without timing anything: the list's rows are what loading each report gives, a
report's checks read only the periods they compare with, `cchc` commands import only what they use."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from cchc_desktop.domain.periods import Period, PeriodKind, previous_report
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.errors import FileProblemError
from cchc_desktop.services.catalogs import demo_report_data, get_catalog
from cchc_desktop.services.editing import EditSession
from cchc_desktop.services.reports import ReportService
from cchc_desktop.services.validation import related_reports, validate_report
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.quick import QuickReader
from cchc_desktop.storage.repository import Repository


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return Repository(open_engine(tmp_path / "office.sqlite3"))


def _unit_history(repo: Repository) -> dict[Period, int]:
    """The demo unit with reports over three years; figures differ by period."""
    demo = report_from_dict(demo_report_data())
    out = {}
    for year in (2022, 2023, 2024):
        for kind in (PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9, PeriodKind.Y):
            r = report_from_dict(demo_report_data())
            r.period = Period(year, kind)
            r.values = dict(demo.values)
            r.values["1.1.1"] = IndicatorValue(Decimal(year - 2000 + len(out)))
            out[r.period] = repo.save_report(r)
    return out


def test_list_rows_equal_what_loading_each_report_gives(repo: Repository) -> None:
    ids = _unit_history(repo)
    rid = ids[Period(2024, PeriodKind.H1)]
    # a note without a figure is not a figure entered; a choice is
    repo.set_values(rid, {"1.1.2": IndicatorValue(None, "chưa có số liệu")})
    repo.set_values(rid, {"1.1.3": IndicatorValue(None)})
    rows = repo.list_reports()
    assert [r.id for r in rows] == sorted(
        (r.id for r in rows), key=lambda i: (repo.load_report(i).updated_at, i), reverse=True
    )
    for row in rows:
        report = repo.load_report(row.id)
        assert row.unit == report.unit.name and row.period == report.period
        assert row.status == report.status and row.number_symbol == report.number_symbol
        assert row.updated_at == report.updated_at
        assert row.values_filled == sum(1 for v in report.values.values() if v.value is not None)
        assert repo.report_summary(row.id) == row
    reader = QuickReader.open(repo.path)
    assert reader is not None
    assert reader.list_reports() == rows
    assert reader.unit_summaries("Sở Tài chính") == [r for r in rows if r.unit == "Sở Tài chính"]
    assert sorted(reader.unit_periods("Sở Tài chính")) == sorted((r.id, r.period) for r in rows)
    assert reader.unit_periods("Sở Tài chính") == repo.unit_periods("Sở Tài chính")
    reader.close()


def test_checks_read_only_the_periods_they_compare_with(repo: Repository) -> None:
    ids = _unit_history(repo)
    for period, rid in ids.items():
        report = repo.load_report(rid)
        everything = [r for r in repo.reports_for_unit("Sở Tài chính") if r.id != rid]
        related = related_reports(repo, report)
        loaded = {r.period for r in related}
        assert loaded <= {
            *[Period(period.year, k) for k in (PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9)],
            Period(period.year, PeriodKind.Y),
            Period(period.year - 1, period.kind),
            *([previous_report(report, everything).period] if period.year > 2022 else []),
        }
        catalog = get_catalog(report.catalog_id, report.catalog_version)
        # the findings and the "kỳ trước" column are those of the whole history
        assert validate_report(report, catalog, related) == validate_report(
            report, catalog, everything
        )
        # the other periods are read for their figures only (header, form and Phụ lục III): the
        # "kỳ trước" column shows the same report and figures as with whole reports
        mine, whole = previous_report(report, related), previous_report(report, everything)
        assert (mine is None) == (whole is None)
        if mine is not None and whole is not None:
            assert (mine.id, mine.period, mine.catalog_id, mine.values) == (
                whole.id,
                whole.period,
                whole.catalog_id,
                whole.values,
            )
        by_id = {r.id: r for r in everything}
        for r in related:
            assert r.values == by_id[r.id].values and r.unit == by_id[r.id].unit
    session = EditSession(repo, ids[Period(2024, PeriodKind.Y)])
    assert len(session.history) == 4  # Q1, 6 tháng, 9 tháng 2024 and năm 2023, of 11 others
    assert session.previous is not None and session.previous.period == Period(2024, PeriodKind.M9)


def _imported_after(*argv: str, db: Path) -> set[str]:
    code = (
        "import sys, io, contextlib\n"
        "from cchc_desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({list(argv)!r})\n"
        "print(code, ' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"CCHC_DB": str(db), "PATH": ""},
    ).stdout.split()
    assert out[0] == "0", out[:1]
    return set(out[1:])


def test_read_commands_do_not_import_sqlalchemy(repo: Repository, tmp_path: Path) -> None:
    report, _ = ReportService(repo).create_demo()
    repo.engine.dispose()
    db = repo.path
    _imported_after("list", db=db)  # the first open of the day makes its backup
    for argv in (["list"], ["list", "--json"], ["show", str(report.id), "--json"]):
        modules = _imported_after(*argv, db=db)
        assert "sqlalchemy" not in modules, argv
        assert "openpyxl" not in modules and "docx" not in modules, argv
    assert "babel" not in _imported_after("list", db=db)
    # the list counts filled rows without the rules; show's text needs neither the JSON's
    # services nor babel, whose symbols the first run kept in the user cache
    assert "cchc_desktop.domain.rules" not in _imported_after("list", db=db)
    _imported_after("show", str(report.id), db=db)
    shown = _imported_after("show", str(report.id), db=db)
    assert not {"babel", "cchc_desktop.services.merge", "cchc_desktop.domain.rules"} & shown
    out = str(db.with_name("out.docx"))
    assert "urllib.request" not in _imported_after("export-docx", str(report.id), out, db=db)


def test_read_commands_build_no_dataclass(repo: Repository) -> None:
    """`list`, `show` and `validate` import neither dataclasses nor inspect (about 12 ms, and
    each dataclass exec'd its generated methods at import): the domain's value classes are
    written in source (domain/frozen.py)."""
    report, _ = ReportService(repo).create_demo()
    repo.engine.dispose()
    _imported_after("list", db=repo.path)  # the first open of the day makes its backup
    rid = str(report.id)
    for argv in (["list"], ["show", rid], ["validate", rid]):
        modules = _imported_after(*argv, db=repo.path)
        assert not {"dataclasses", "inspect", "sqlalchemy"} & modules, argv


def test_help_imports_no_command_dependencies(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from cchc_desktop.cli import build_parser\n"
        "build_parser().format_help()\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    modules = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = {"sqlalchemy", "babel", "openpyxl", "docx", "lxml", "alembic"}
    assert not heavy & modules
    # every command module keeps its services in its handlers (a module added later too)
    assert not {m for m in modules if m.startswith("cchc_desktop.services")}, sorted(modules)


def test_list_json_keys_are_unchanged(repo: Repository, tmp_path: Path) -> None:
    ReportService(repo).create_demo()
    repo.engine.dispose()
    out = subprocess.run(
        [sys.executable, "-m", "cchc_desktop.cli", "--db", str(repo.path), "list", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0 and "No module named" in out.stderr:
        pytest.skip("cchc_desktop.cli has no __main__")
    [row] = json.loads(out.stdout)
    # keys are added (deadline, completeness, status), never renamed or dropped
    assert set(row) >= {
        "id",
        "unit",
        "period",
        "year",
        "period_label",
        "status",
        "number_symbol",
        "updated_at",
        "values_filled",
    }


def test_a_file_found_sound_is_checked_again_once_it_changes(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cchc_desktop.storage import quick

    monkeypatch.setattr(quick, "_checked_file", lambda: tmp_path / "checked.txt")
    ReportService(repo).create_demo()
    repo.engine.dispose()
    real_open = quick.QuickReader.open

    reader = real_open(repo.path)  # found sound: the stamp is kept
    assert reader is not None
    reader.close()
    assert quick._checked(repo.path) == quick._file_stamp(repo.path)
    # damage inside a table page; the file's size and modification time change with it
    data = bytearray(repo.path.read_bytes())
    page = 4096 * 3
    data[page + 8 : page + 64] = b"\xff" * 56
    repo.path.write_bytes(bytes(data))
    assert quick._checked(repo.path) != quick._file_stamp(repo.path)
    reader = real_open(repo.path)
    assert reader is None  # checked again, and refused: the full way names the damage


def _save(repo: Repository, period: Period, figure: int) -> int:
    r = report_from_dict(demo_report_data())
    r.period = period
    r.values["1.1.1"] = IndicatorValue(Decimal(figure))
    return repo.save_report(r)


def test_an_open_report_watches_only_the_periods_it_reads_and_sees_a_new_previous(
    repo: Repository, tmp_path: Path
) -> None:
    """A unit that skipped years: the "kỳ trước" of 6 tháng 2024 is năm 2019, read from the
    years around the report only; a report appearing in between is seen (the column and the
    checks change), a change to a report the checks never read is not a reason to reload."""
    old = _save(repo, Period(2018, PeriodKind.Y), 18)
    before = _save(repo, Period(2019, PeriodKind.Y), 19)
    rid = _save(repo, Period(2024, PeriodKind.H1), 24)
    later = _save(repo, Period(2025, PeriodKind.Y), 25)
    for store in (repo, QuickReader.open(repo.path)):
        assert store is not None
        around = store.unit_periods("Sở Tài chính", around=Period(2024, PeriodKind.H1))
        assert {i for i, _p in around} == {before, rid}  # not 2018, not 2025
    session = EditSession(repo, rid)
    assert session.previous is not None and session.previous.id == before
    assert session.previous_value("1.1.1") == Decimal(19)
    assert session.previous.narrative.sections == []  # figures only: the narrative is not read

    repo.set_values(old, {"1.1.1": IndicatorValue(Decimal(1))})
    repo.set_values(later, {"1.1.1": IndicatorValue(Decimal(2))})
    assert not session.reload_history()  # neither is read by the checks nor the column

    between = _save(repo, Period(2022, PeriodKind.Y), 22)
    assert session.reload_history()
    assert session.previous is not None and session.previous.id == between
    assert session.previous_value("1.1.1") == Decimal(22)
    assert not session.reload_history()
    repo.set_values(between, {"1.1.1": IndicatorValue(Decimal(23))})
    assert session.reload_history() and session.previous_value("1.1.1") == Decimal(23)
    repo.delete_report(between)
    assert session.reload_history() and session.previous.id == before  # type: ignore[union-attr]


def test_a_damaged_figure_of_a_compared_period_is_named_as_before(repo: Repository) -> None:
    """The other periods are read for their figures only, still checked against their mirror:
    `cchc validate` names the damaged report instead of comparing with a wrong figure."""
    import sqlite3

    from cchc_desktop.errors import FileProblemError
    from cchc_desktop.services.validation import load_validated

    q1 = _save(repo, Period(2024, PeriodKind.Q1), 10)
    rid = _save(repo, Period(2024, PeriodKind.H1), 12)
    repo.engine.dispose()
    con = sqlite3.connect(repo.path)
    # a flipped byte: another valid figure, its mirror still says 10
    con.execute("DROP TRIGGER mirror_indicator_values_update")
    con.execute(
        "UPDATE indicator_values SET number = '70' WHERE report_id = ? AND code = '1.1.1'", (q1,)
    )
    con.commit()
    con.close()
    with pytest.raises(FileProblemError) as found:
        load_validated(repo, rid)
    assert f"báo cáo số hiệu {q1} (Sở Tài chính, Q1/2024): chỉ tiêu 1.1.1" in found.value.message


def test_validate_reads_no_figure_of_a_previous_period_it_does_not_compare(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cchc validate` of quý I 2025 compares with quý I 2024 only; năm 2024, its "kỳ trước",
    is shown by the window, not compared: validate gives the same findings whether its figures
    can be read or not, and opening the report (the window's reading) still names the damage."""
    import sqlite3

    from cchc_desktop.cli import main
    from cchc_desktop.errors import FileProblemError

    last_q1 = _save(repo, Period(2024, PeriodKind.Q1), 10)
    year = _save(repo, Period(2024, PeriodKind.Y), 20)
    rid = _save(repo, Period(2025, PeriodKind.Q1), 40)  # 1.1.1: 10 -> 40, more than half up
    path = repo.path
    repo.engine.dispose()
    assert main(["--db", str(path), "validate", str(rid), "--json"]) == 0  # warnings only
    before = capsys.readouterr().out
    assert "cross.yoy:1.1.1" in before
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER mirror_indicator_values_update")
    for damaged in (year, last_q1):
        con.execute(
            "UPDATE indicator_values SET number = '70' WHERE report_id = ? AND code = '1.1.1'",
            (damaged,),
        )
        con.commit()
        if damaged == year:
            assert main(["--db", str(path), "validate", str(rid), "--json"]) == 0
            assert capsys.readouterr().out == before
            with pytest.raises(FileProblemError, match=f"báo cáo số hiệu {year} "):
                EditSession(Repository(open_engine(path)), rid)
    con.close()
    assert main(["--db", str(path), "validate", str(rid)]) == 2  # a compared period: named
    assert f"báo cáo số hiệu {last_q1} (Sở Tài chính, Q1/2024)" in capsys.readouterr().err


def test_cchc_validate_reads_compared_figures_checked_and_names_a_damaged_one(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cchc validate` reads the compared periods with the quick reader, one pass per value
    (decode, mirror check, keep): it compares their figures, and a damaged one is named, as the
    full way names it, instead of being compared."""
    import sqlite3

    from cchc_desktop.cli import main

    q1 = _save(repo, Period(2024, PeriodKind.Q1), 38)
    repo.set_values(q1, {"6.3": IndicatorValue(Decimal(5))})  # lũy kế
    rid = _save(repo, Period(2024, PeriodKind.H1), 38)  # its 6.3 is the demo's 1: it fell
    path = repo.path
    repo.engine.dispose()
    assert QuickReader.open(path) is not None  # what the command reads with
    assert main(["--db", str(path), "validate", str(rid), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    cross = [f for f in found if f["rule"][:6] == "cross."]
    assert [(f["rule"], f["severity"], f["values"]) for f in cross] == [
        ("cross.cumulative:6.3", "error", {"6.3": 1})
    ]
    assert "ghi 1" in cross[0]["message"] and "ghi 5" in cross[0]["message"]  # quý I's figure

    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER mirror_indicator_values_update")  # a flipped byte: 5 -> 0
    con.execute(
        "UPDATE indicator_values SET number = '0' WHERE report_id = ? AND code = '6.3'", (q1,)
    )
    con.commit()
    con.close()
    assert main(["--db", str(path), "validate", str(rid)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"báo cáo số hiệu {q1} (Sở Tài chính, Q1/2024): chỉ tiêu 6.3" in err


def test_the_periods_around_a_report_are_its_year_and_the_latest_earlier_one(
    repo: Repository,
) -> None:
    """The reports a check of a report may read (unit_periods with around, found through the
    index on unit, kind and year) are those of its year and of the latest earlier year that has
    one, whether the year before has reports or the unit skipped years or it is the first;
    another unit's are not among them; unit_revisions watches the same reports. The ORM and the
    quick reader agree."""
    from cchc_desktop.domain.frozen import replace

    k = PeriodKind
    plan = {2018: [k.Y], 2021: [k.Q1, k.H1], 2022: [k.Q1, k.Q4, k.Y], 2023: [k.M9]}
    n = 0
    for year, kinds in plan.items():
        for kind in kinds:
            n += 1
            _save(repo, Period(year, kind), n)
    other = report_from_dict(demo_report_data())
    other.period = Period(2022, k.H1)
    other.unit = replace(other.unit, name="Sở Nội vụ", id=None)
    repo.save_report(other)
    everything = repo.unit_periods("Sở Tài chính")
    assert len(everything) == 7
    reader = QuickReader.open(repo.path)
    assert reader is not None
    asked = [p for _, p in everything] + [Period(2024, k.Q1), Period(2019, k.Y), Period(2017, k.Y)]
    for period in asked:
        earlier = [p.year for _, p in everything if p.year < period.year]
        years = {period.year, *([max(earlier)] if earlier else [])}
        expected = [(rid, p) for rid, p in everything if p.year in years]
        for store in (repo, reader):
            assert store.unit_periods("Sở Tài chính", around=period) == expected, period
            watched = store.unit_revisions("Sở Tài chính", around=period)
            assert set(watched) == {rid for rid, _ in expected}
    reader.close()


def test_a_damaged_period_kind_in_the_unit_is_still_read(repo: Repository) -> None:
    """A report of the unit whose stored kind is none of the periods' (a damaged row) is read,
    and refused, by the periods around a report as by the unit's whole history, whether it is
    among the years around the report or not: the index lookups do not step over it."""
    import sqlite3

    k = PeriodKind
    ids = {
        p: _save(repo, p, 1) for p in (Period(2023, k.Y), Period(2024, k.Q1), Period(2024, k.H1))
    }
    repo.engine.dispose()
    for damaged, kind in ((ids[Period(2024, k.Q1)], "XX"), (ids[Period(2023, k.Y)], "")):
        con = sqlite3.connect(repo.path)
        with con:
            con.execute("UPDATE reports SET period_kind = ? WHERE id = ?", (kind, damaged))
        con.close()
        reader = QuickReader.open(repo.path)
        assert reader is not None
        with pytest.raises(ValueError):
            reader.unit_periods("Sở Tài chính", around=Period(2024, k.H1))
        reader.close()
        # the full way names the damaged report (the quick reader's callers fall back to it)
        with pytest.raises(FileProblemError) as named:
            Repository(open_engine(repo.path)).unit_periods(
                "Sở Tài chính", around=Period(2024, k.H1)
            )
        assert named.value.message.startswith(f"Không đọc được báo cáo số hiệu {damaged} ")


def test_cchc_validate_and_export_name_another_report_whose_period_is_damaged(
    repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report of the same unit with a damaged period kind (a flipped byte) stops
    `cchc validate` and `cchc export-docx` of its neighbour with the Vietnamese message naming
    the damaged report and exit 2, not a traceback; nothing is written."""
    import sqlite3

    from cchc_desktop.cli import main

    k = PeriodKind
    q1 = _save(repo, Period(2024, k.Q1), 10)
    rid = _save(repo, Period(2024, k.H1), 12)
    path = repo.path
    repo.engine.dispose()
    out_docx = tmp_path / "bao-cao.docx"
    for stored in ("XX", ""):
        con = sqlite3.connect(path)
        with con:
            con.execute("UPDATE reports SET period_kind = ? WHERE id = ?", (stored, q1))
        con.close()
        for argv in (["validate", str(rid)], ["export-docx", str(rid), str(out_docx)]):
            assert main(["--db", str(path), *argv]) == 2, (stored, argv)
            err = capsys.readouterr().err
            assert "Traceback" not in err
            assert err.startswith("Lỗi: Không đọc được báo cáo số hiệu " + str(q1)), err
            assert f"kỳ báo cáo: giá trị lưu “{stored}”" in err, err
            assert not out_docx.exists()


def test_cchc_validate_gives_the_findings_of_the_whole_history_for_every_report(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    """Figures that rise, fall, jump and start from nothing between periods, with notes and
    texts among them: for every report of the unit, `cchc validate --json` (the quick reader,
    the compared periods' figures only) says exactly what the checks say with the unit's whole
    history loaded report by report. Each kind of cross-period finding occurs."""
    import random

    from cchc_desktop.cli import main
    from cchc_desktop.domain.rules.crossperiod import _compared
    from cchc_desktop.services.validation import validator_for

    pick = random.Random(18)
    demo = report_from_dict(demo_report_data())
    numbers = [c for c, v in demo.values.items() if isinstance(v.value, Decimal)]
    ids = []
    for year in (2022, 2023, 2024):
        for kind in (PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9, PeriodKind.Y, PeriodKind.Q4):
            r = report_from_dict(demo_report_data())
            r.period = Period(year, kind)
            for code in numbers:
                value = demo.values[code]
                figure = pick.choice([0, 1, 4, 9, 10, 11, 30, 100, 250])
                if pick.random() < 0.1:
                    r.values[code] = IndicatorValue(None, value.note or "chưa có số liệu")
                else:
                    r.values[code] = IndicatorValue(Decimal(figure), value.note)
            ids.append(repo.save_report(r))
    path = repo.path
    everything = repo.reports_for_unit("Sở Tài chính")
    catalog = get_catalog(everything[0].catalog_id, everything[0].catalog_version)
    repo.engine.dispose()
    # the year-over-year rule as documented: more than half and at least 3 up or down, from
    # a figure that is not 0, for the rows the form compares with last year
    cfg = validator_for(catalog).ruleset.cross_period
    yearly = [ind.code for ind, _, yoy in _compared(catalog, cfg) if yoy]
    rules = set()
    for rid in ids:
        report = next(r for r in everything if r.id == rid)
        whole = validate_report(report, catalog, everything)
        main(["--db", str(path), "validate", str(rid), "--json"])
        shown = json.loads(capsys.readouterr().out)
        assert shown == json.loads(json.dumps([f.to_json() for f in whole], ensure_ascii=False))
        rules |= {f["rule"].split(":")[0] for f in shown}
        if report.period.year > 2022:
            last = next(r for r in everything if r.period == report.period.same_period_last_year())
            changed = set()
            for code in yearly:
                new, old = report.value(code), last.value(code)
                if not (isinstance(new, Decimal) and isinstance(old, Decimal) and old):
                    continue
                if abs(new - old) > abs(old) / 2 and abs(new - old) >= 3:
                    changed.add(code)
            yoy = {f["codes"][0] for f in shown if f["rule"].startswith("cross.yoy:")}
            assert yoy == changed and changed
    assert {"cross.cumulative", "cross.flow", "cross.yoy"} <= rules


def test_cchc_list_json_is_every_line_as_a_dict_whatever_the_lines_share(
    repo: Repository, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cchc list --json` writes what the lines share (the period's and status's words, the
    count, the sending) once per distinct value: the output is still, byte for byte, each
    report's line as a dict through json.dumps, for reports never sent, sent and reopened,
    filling different rows, on several forms' counts."""
    import sqlite3

    from cchc_desktop.cli import main
    from cchc_desktop.domain.frozen import replace
    from cchc_desktop.services.clock import today
    from cchc_desktop.services.progress import catalog_lookup, progress_json, summary_completeness

    ids = _unit_history(repo)
    some = sorted(ids.values())
    # another unit's reports of the same periods: lines sharing the words, not the sending
    for rid in some[3:7]:
        other = repo.load_report(rid)
        other.id, other.unit = None, replace(other.unit, name="Sở Nội vụ", id=None)
        some.append(repo.save_report(other))
    repo.set_values(some[1], {"1.1.2": IndicatorValue(None)})
    repo.set_values(some[2], {"1.1.2": IndicatorValue(None), "1.1.3": IndicatorValue(None)})
    path = repo.path
    repo.engine.dispose()
    con = sqlite3.connect(path)
    sent = "UPDATE reports SET status = 'sent', sent_on = ?, sent_via = ?, sent_number = ?"
    con.execute(sent + " WHERE id IN (?, ?)", ("2024-07-05", "paper", "125/BC-STC", *some[3:5]))
    con.execute(sent + " WHERE id = ?", ("2024-07-06", "email", "", some[5]))
    con.execute(
        "UPDATE reports SET reopen_count = 1, reopen_reason = 'sửa số liệu' WHERE id IN (?, ?)",
        (some[6], some[3]),
    )
    con.commit()
    con.close()
    assert main(["--db", str(path), "list", "--json"]) == 0
    shown = capsys.readouterr().out

    store = Repository(open_engine(path))
    find = catalog_lookup(store)
    lines = []
    for r in store.list_reports():
        s = r.sending
        lines.append(
            {
                "id": r.id,
                "unit": r.unit,
                "period": r.period.code,
                "year": r.period.year,
                "period_label": r.period.wording,
                "status": r.status.value,
                "number_symbol": r.number_symbol,
                "updated_at": r.updated_at.isoformat(),
                "values_filled": r.values_filled,
                **progress_json(r.period, r.status, summary_completeness(r, find), today()),
                "status_label": r.status.label,
                "sent_on": s.sent_on.isoformat() if s.sent_on else None,
                "sent_via": s.via.value if s.via else None,
                "sent_number": s.number,
                "corrected": s.corrected,
            }
        )
    store.engine.dispose()
    assert shown == json.dumps(lines, ensure_ascii=False, indent=2) + "\n"
    assert {(d["sent_via"], d["corrected"]) for d in lines} == {
        (None, False),
        (None, True),
        ("paper", False),
        ("paper", True),
        ("email", False),
    }
    assert len({d["values_filled"] for d in lines}) == 3


def test_the_compared_figures_are_each_reports_own_values_note_by_note(repo: Repository) -> None:
    """The figures read for comparison (load_figures: `cchc validate`, the window's "kỳ trước"
    column, a summary) are each report's own values, notes included: rows holding the same
    figure, in one report or in two, keep their own note, with and without one, through the
    quick reader and the Repository alike."""
    ids = []
    for period, notes in (
        (Period(2024, PeriodKind.Q1), ("ghi chú", "", "khác")),
        (Period(2024, PeriodKind.H1), ("", "của 6 tháng", "")),
    ):
        r = report_from_dict(demo_report_data())
        r.period = period
        for code, note in zip(("1.1.1", "1.1.2", "1.1.3"), notes, strict=True):
            r.values[code] = IndicatorValue(Decimal(7), note)
        ids.append(repo.save_report(r))
    quick = QuickReader.open(repo.path)
    assert quick is not None
    for store in (repo, quick):
        got = store.load_figures(ids)
        assert [r.id for r in got] == ids
        for report in got:
            own = repo.load_report(report.id).values
            assert report.values == own
            assert {c: v.note for c, v in report.values.items()} == {
                c: v.note for c, v in own.items()
            }
    first, second = quick.load_figures(ids)
    assert [first.values[c].note for c in ("1.1.1", "1.1.2", "1.1.3")] == ["ghi chú", "", "khác"]
    assert [second.values[c].note for c in ("1.1.1", "1.1.2", "1.1.3")] == ["", "của 6 tháng", ""]
    quick.close()


def test_a_report_s_figures_are_read_from_one_index_in_a_new_file_and_an_upgraded_one(
    repo: Repository, tmp_path: Path
) -> None:
    """Migration 0013: the figures the checks read (a report's and its compared periods',
    `SELECT *` of read_figures and the report's own load) come from ix_indicator_values_filled
    alone, with no lookup of each row, in a new file and in one upgraded from 0012; what is read
    is each stored row, note and mirror included."""
    import shutil
    import sqlite3

    old = tmp_path / "from-0012.sqlite3"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "db" / "rev-0012.sqlite3", old)
    Repository(open_engine(old)).engine.dispose()
    rid = _unit_history(repo)[Period(2024, PeriodKind.H1)]
    for path in (repo.path, old):
        con = sqlite3.connect(path)
        try:
            (found,) = con.execute("SELECT report_id FROM indicator_values LIMIT 1").fetchone()
            for sql, params in (
                ("SELECT * FROM indicator_values WHERE report_id IN (?, ?)", (found, found + 1)),
                ("SELECT * FROM indicator_values WHERE report_id = ?", (found,)),
            ):
                plan = " ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params))
                assert "USING COVERING INDEX ix_indicator_values_filled" in plan, (path, plan)
            whole = con.execute(
                "SELECT * FROM indicator_values NOT INDEXED WHERE report_id = ? ORDER BY code",
                (found,),
            ).fetchall()
            assert whole
            assert (
                con.execute(
                    "SELECT * FROM indicator_values WHERE report_id = ? ORDER BY code", (found,)
                ).fetchall()
                == whole
            )
        finally:
            con.close()
    quick = QuickReader.open(repo.path)
    assert quick is not None
    assert quick.load_figures([rid])[0].values == repo.load_report(rid).values
    quick.close()


def test_the_form_of_a_report_is_read_alike_by_both_readers(repo: Repository) -> None:
    """report_form (what `validate` asks of the "kỳ trước" report it does not compare): the
    report's catalog id and version, through the quick reader and the Repository alike; a
    report that is not there is said so."""
    from cchc_desktop.errors import NotFoundError

    rid = _unit_history(repo)[Period(2024, PeriodKind.Q1)]
    summary = repo.report_summary(rid)
    quick = QuickReader.open(repo.path)
    assert quick is not None
    try:
        for store in (repo, quick):
            assert store.report_form(rid) == (summary.catalog_id, summary.catalog_version)
            with pytest.raises(NotFoundError, match="số hiệu 9999"):
                store.report_form(9999)
    finally:
        quick.close()
