"""How much of Phụ lục III is filled: the count, the empty rows, the warning at a final export
(domain/completeness.py; `cchc list/show --json`, `cchc export-docx`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _cli_support import Cli

from cchc_desktop.domain.completeness import (
    completeness,
    completeness_findings,
    counted,
    filled_codes,
)
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.domain.rules import Severity
from cchc_desktop.services.catalogs import get_catalog


def test_counts_enabled_rows_that_take_a_value() -> None:
    catalog = get_catalog()
    rows = counted(catalog, set())
    assert all(r.has_value and r.optional_group is None for r in rows)
    assert len(rows) == 105
    optional = {g.code for g in catalog.optional_groups}
    assert optional, "the standard catalog has optional groups"
    switched_on = counted(catalog, optional)
    assert len(switched_on) > len(rows)  # a group switched on counts; off, it does not


def test_empty_form_and_a_note_alone() -> None:
    catalog = get_catalog()
    empty = completeness(catalog, set(), set())
    assert (empty.filled, empty.total, empty.label) == (0, 105, "0/105 chỉ tiêu")
    values = {
        "1.1.1": IndicatorValue(Decimal(38)),
        "1.1.2": IndicatorValue(None, "chỉ ghi chú"),  # a note is no figure
        "9.9.9": IndicatorValue(Decimal(1)),  # not a row of the form: not counted
    }
    done = completeness(catalog, set(), filled_codes(values))
    assert (done.filled, done.total) == (1, 105)
    assert "1.1.2" in done.empty and "1.1.1" not in done.empty


def test_a_warning_per_group_naming_how_many() -> None:
    catalog = get_catalog()
    found = completeness_findings(catalog, completeness(catalog, set(), set()))
    groups = [i.code for i in catalog if i.level == 0 and i.optional_group is None]
    assert [f.rule for f in found] == [f"completeness.group:{g}" for g in groups]
    assert all(f.severity is Severity.WARNING for f in found)
    assert sum(len(f.codes) for f in found) == 105
    first = found[0]
    assert first.message == (
        f"Phụ lục III, nhóm 1. {catalog.get('1').label}: {len(first.codes)}/{len(first.codes)}"
        " chỉ tiêu chưa nhập số liệu."
    )
    full = completeness(catalog, set(), {r.code for r in counted(catalog, set())})
    assert full.empty == () and completeness_findings(catalog, full) == []


def _list(cli: Cli) -> list[dict[str, Any]]:
    data = cli.json("list", "--json")
    assert isinstance(data, list)
    return data


def test_list_and_show_json_carry_filled_total_and_the_deadline(
    cli: Cli, demo_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_TODAY", "2024-06-17")
    row = _list(cli)[0]
    # the keys of before are all still there
    for key in ("id", "unit", "period", "year", "status", "values_filled", "updated_at"):
        assert key in row
    assert (row["filled"], row["total"]) == (80, 105)
    assert (row["due"], row["days_left"], row["overdue"], row["due_soon"]) == (
        "2024-06-20",
        3,
        False,
        True,
    )
    assert (row["cutoff_start"], row["cutoff_end"]) == ("2023-12-15", "2024-06-14")
    shown = cli.json("show", str(demo_id), "--json")
    assert isinstance(shown, dict)
    assert (shown["filled"], shown["total"], shown["overdue"]) == (80, 105, False)

    assert cli("set", str(demo_id), "1.4", "")[0] == 0  # one figure cleared
    monkeypatch.setenv("CCHC_TODAY", "2025-02-20")
    row = _list(cli)[0]
    assert (row["filled"], row["days_left"], row["overdue"]) == (79, -245, True)
    code, out, _ = cli("list")
    assert code == 0
    assert "79/105 chỉ tiêu - hạn gửi 20/6/2024 (quá hạn 245 ngày)" in out


def test_q1_eight_months_late_is_overdue_in_the_list(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_TODAY", dt.date(2026, 12, 2).isoformat())
    assert cli("new", "--unit", "Sở Xây dựng", "--period", "Q1", "--year", "2026")[0] == 0
    row = _list(cli)[0]
    assert (row["due"], row["overdue"], row["days_left"]) == ("2026-03-20", True, -257)
    assert (row["filled"], row["total"]) == (0, 105)


def test_final_export_names_the_empty_groups_on_stderr(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "chinh-thuc.docx"
    code, _, err = cli("export-docx", str(demo_id), str(out))
    assert code == 0 and out.exists()
    warnings = [line for line in err.splitlines() if line.startswith("CẢNH BÁO: Phụ lục III")]
    assert warnings == [
        "CẢNH BÁO: Phụ lục III, nhóm 1. Công tác chỉ đạo điều hành CCHC: 3/14 chỉ tiêu chưa"
        " nhập số liệu.",
        "CẢNH BÁO: Phụ lục III, nhóm 4. Cải cách tổ chức bộ máy hành chính nhà nước: 3/13 chỉ"
        " tiêu chưa nhập số liệu.",
        "CẢNH BÁO: Phụ lục III, nhóm 7. Xây dựng và phát triển Chính phủ điện tử, Chính phủ"
        " số: 19/41 chỉ tiêu chưa nhập số liệu.",
    ]
    assert "3 cảnh báo" in err
    # a draft is a draft: no warning about what is still to be filled
    code, _, err = cli("export-docx", str(demo_id), str(tmp_path / "d.docx"), "--draft")
    assert code == 0 and "Phụ lục III" not in err


def test_an_empty_form_cannot_go_out_official_unseen(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    codes = list(cli.json("show", str(demo_id), "--json")["values"])  # type: ignore[index]
    args = [x for c in codes for x in (c, "")]
    assert cli("set", str(demo_id), *args)[0] == 0
    shown = cli.json("show", str(demo_id), "--json")
    assert (shown["filled"], shown["total"]) == (0, 105)  # type: ignore[index]
    code, _, err = cli("export-docx", str(demo_id), str(tmp_path / "x.docx"))
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith("CẢNH BÁO: Phụ lục III")]
    assert len(lines) == 7 and all("chưa nhập số liệu" in line for line in lines)
    assert "nhóm 3. " in lines[2] and "/" in lines[2]
