"""The app's own Word export of the demo report (draft and final) imported back with
`cchc import-docx`: header, narrative, footnotes (text and place), recipients, signer, Phụ lục I/II
rows and Phụ lục III figures equal the original's, field by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _cli_support import Cli

from cchc_desktop.domain.report import Paragraph, Report
from cchc_desktop.storage.db import open_engine
from cchc_desktop.storage.repository import Repository


def _load(db: Path, report_id: int) -> Report:
    engine = open_engine(db, create=False)
    try:
        return Repository(engine).load_report(report_id)
    finally:
        engine.dispose()


def _runs(p: Paragraph, notes: dict[str, str]) -> list[tuple[str, bool, bool] | tuple[str, str]]:
    """A paragraph as (text, bold, italic) pieces with neighbours of the same look joined, and
    each footnote reference as ("note", its text) at its place."""
    out: list[Any] = []
    for run in p.runs:
        if run.footnote_id is not None:
            out.append(("note", notes[run.footnote_id]))
        elif run.text:
            if out and len(out[-1]) == 3 and out[-1][1:] == (run.bold, run.italic):
                out[-1] = (out[-1][0] + run.text, run.bold, run.italic)
            else:
                out.append((run.text, run.bold, run.italic))
    return out


def _narrative(r: Report) -> list[Any]:
    notes = {f.id: f.text for f in r.footnotes}
    out: list[Any] = [("intro", p.style.value, _runs(p, notes)) for p in r.narrative.intro]
    for label, level, sec in r.narrative.numbered():
        out.append(("section", label, level, sec.title, sec.numbered))
        out.extend(("p", p.style.value, _runs(p, notes)) for p in sec.paragraphs)
    out.extend(("closing", p.style.value, _runs(p, notes)) for p in r.narrative.closing)
    return out


@pytest.mark.parametrize("draft", [True, False], ids=["draft", "final"])
def test_demo_export_imports_back_field_by_field(
    cli: Cli, demo_id: int, tmp_path: Path, draft: bool
) -> None:
    doc = tmp_path / "bao-cao.docx"
    code, _, err = cli("export-docx", str(demo_id), str(doc), *(["--draft"] if draft else []))
    assert code == 0, err
    # into another database, where the unit has no report of this period yet
    other = Cli(tmp_path / "khac.sqlite3", cli.capsys)
    code, out, err = other("import-docx", str(doc))
    assert code == 0, err
    a, b = _load(cli.db, demo_id), _load(other.db, int(out.strip()))

    assert b.period == a.period
    assert b.unit.name == a.unit.name
    assert b.unit.parent_authority == a.unit.parent_authority
    assert b.unit.abbreviation == a.unit.abbreviation
    assert b.unit.place == a.unit.place
    for name in ("number", "symbol", "place", "date", "subject", "recipient_to"):
        assert getattr(b, name) == getattr(a, name), name
    assert b.signer == a.signer
    assert b.recipients == a.recipients

    assert [f.text for f in b.footnotes_in_order()] == [f.text for f in a.footnotes_in_order()]
    assert len(b.footnotes) == len(a.footnotes) > 0
    got, want = _narrative(b), _narrative(a)
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g == w

    assert b.propaganda == a.propaganda
    assert b.remediation == a.remediation
    assert b.values == a.values
    assert b.optional_groups == a.optional_groups
    assert "Phụ lục III: 84 chỉ tiêu có số liệu" in err  # the review was printed


def test_import_into_the_next_period_renames_the_period_in_the_subject(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    doc = tmp_path / "bao-cao.docx"
    assert cli("export-docx", str(demo_id), str(doc), "--draft")[0] == 0
    code, out, err = cli("import-docx", str(doc), "--period", "9M")
    assert code == 0, err
    b = _load(cli.db, int(out.strip()))
    assert (b.period.code, b.period.year) == ("9M", 2024)
    assert b.subject == "Cải cách hành chính 9 tháng năm 2024"
    assert b.unit.name == "Sở Tài chính" and len(b.values) == 84


def test_import_into_a_reported_period_writes_nothing(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    doc = tmp_path / "bao-cao.docx"
    assert cli("export-docx", str(demo_id), str(doc), "--draft")[0] == 0
    before = cli.json("list", "--json")
    code, out, err = cli("import-docx", str(doc))
    assert code == 2
    assert "đã có báo cáo 6 tháng đầu năm 2024" in err and "chưa ghi gì" in err
    assert out == ""
    assert cli.json("list", "--json") == before
