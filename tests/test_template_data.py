"""The report template's placeholders, the order of data versions, and the signature block's
lines: pure rules shared by the new-report use case, the Word export and the GUI preview."""

from __future__ import annotations

import pytest

from cchc_desktop.domain.frozen import replace
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import Report, Signer, Unit
from cchc_desktop.domain.signature import recipient_line, signature_block
from cchc_desktop.domain.template import fill_template, template_fields, version_key
from cchc_desktop.services import catalogs
from cchc_desktop.services.catalogs import get_catalog
from cchc_desktop.services.reports import build_new_report


def test_fields_of_a_period() -> None:
    fields = template_fields("Sở Tài chính", Period(2024, PeriodKind.H1), roman="II")
    assert fields == {
        "unit": "Sở Tài chính",
        "period": "6 tháng đầu năm 2024",
        "next_period": "QUÝ III/2024",
        "year": "2024",
        "prev_year": "2023",
        "roman": "II",
    }


def test_fill_is_one_pass_and_keeps_unknown_fields() -> None:
    fields = {"unit": "Sở {period}", "period": "quý I năm 2024"}
    # a value holding "{period}" is printed as typed, not filled again; a typo stays visible
    assert fill_template("{unit} báo cáo {period} {perod}", fields) == (
        "Sở {period} báo cáo quý I năm 2024 {perod}"
    )


def test_new_report_fills_the_template_once() -> None:
    report = build_new_report(Unit("Ban {year}", abbreviation="B"), Period(2024, PeriodKind.Q1))
    intro = report.narrative.intro[0].runs[0].text
    assert "Ban {year}" in intro and "quý I năm 2024" in intro and "{period}" not in intro


@pytest.mark.parametrize(
    "versions",
    [
        ["1", "2", "10"],
        ["2024.1", "2024.1a", "2024.1b", "2024.2", "2024.10"],
        ["2023.9", "2024", "2024.0.1", "2024.1"],
        ["1", "1a", "a", "b"],  # numbers before words, as the rules files were ordered
    ],
)
def test_versions_sort_by_number_then_suffix(versions: list[str]) -> None:
    backwards = list(reversed(versions))
    assert sorted(backwards, key=version_key) == versions


def test_newest_catalog_with_a_lettered_version(monkeypatch: pytest.MonkeyPatch) -> None:
    base = get_catalog()
    shelf = {
        (base.id, v): replace(base, version=v) for v in ("2024.1", "2024.1a", "2024.10", "2024.9")
    }
    monkeypatch.setattr(catalogs, "_all_catalogs", lambda: shelf)
    assert get_catalog(base.id).version == "2024.10"  # was a TypeError: "1a" against 1
    del shelf[(base.id, "2024.10")], shelf[(base.id, "2024.9")]
    assert get_catalog(base.id).version == "2024.1a"


def test_recipient_lines_carry_one_dash() -> None:
    assert recipient_line("Sở Nội vụ (b/c);") == "- Sở Nội vụ (b/c);"
    assert recipient_line("  - Sở TTTT; ") == "- Sở TTTT;"
    assert recipient_line("–UBND tỉnh") == "- UBND tỉnh"
    assert recipient_line("-- x") == "- - x"  # only the first dash is the list mark


def test_signature_block_lines() -> None:
    report = Report(
        unit=Unit("Sở Tài chính"),
        period=Period(2024, PeriodKind.H1),
        catalog_id="x",
        catalog_version="1",
        signer=Signer("kt. giám đốc", "  ", " Phạm Chí Hiếu "),
        recipients=["- Sở Nội vụ;", "Lưu: VT, VP."],
    )
    block = signature_block(report)
    assert block.recipients == ("- Sở Nội vụ;", "- Lưu: VT, VP.")
    assert block.signer_lines == ("KT. GIÁM ĐỐC",)  # a blank title is left out
    assert block.signer_name == "Phạm Chí Hiếu"
    report.recipients = []
    assert signature_block(report).recipients == ()
