"""Checks of the document: number and date, signer, recipients, footnotes, sections, appendices."""

from __future__ import annotations

import datetime as dt

import pytest
from _rules_support import make_report

from cchc_desktop.domain.report import Footnote, Paragraph, Run, Section
from cchc_desktop.domain.rules import Severity, report_findings


def rules(report, lines=()):  # type: ignore[no-untyped-def]
    return {f.rule: f for f in report_findings(report, lines)}


def test_a_complete_report_has_only_the_blank_number_notice() -> None:
    found = report_findings(make_report({"1.1.1": 1}))
    assert [(f.rule, f.severity) for f in found] == [("report.number", Severity.NOTICE)]
    assert all(f.codes == () and f.values == {} for f in found)


def test_blank_number_is_a_notice_never_an_error() -> None:
    f = rules(make_report())["report.number"]
    assert f.severity is Severity.NOTICE and "/BC-STC" in f.message
    r = make_report()
    r.number = "123"
    assert "report.number" not in rules(r)


@pytest.mark.parametrize(
    ("number", "severity"), [("5", Severity.NOTICE), ("12a", Severity.WARNING)]
)
def test_number_form(number: str, severity: Severity) -> None:
    r = make_report()
    r.number = number
    assert rules(r)["report.number"].severity is severity


def test_missing_symbol_place_signer_recipients_are_errors() -> None:
    r = make_report()
    r.symbol = ""
    r.place = ""
    r.signer.title = ""
    r.signer.name = ""
    r.recipients = []
    found = rules(r)
    for rule in (
        "report.symbol",
        "report.place",
        "report.signer",
        "report.signer-name",
        "report.recipients",
    ):
        assert found[rule].severity is Severity.ERROR, rule


def test_symbol_of_another_kind_is_a_warning() -> None:
    r = make_report()
    r.symbol = "KH-STC"
    assert rules(r)["report.symbol"].severity is Severity.WARNING


def test_blank_date_is_a_notice_and_an_early_date_a_warning() -> None:
    r = make_report()
    r.date = None
    assert rules(r)["report.date"].severity is Severity.NOTICE
    r.date = dt.date(2024, 6, 13)  # before the 6-month cut-off end, 14/6/2024
    f = rules(r)["report.date"]
    assert f.severity is Severity.WARNING and "14/6/2024" in f.message
    r.date = dt.date(2024, 6, 14)
    assert "report.date" not in rules(r)


def test_recipients_must_end_with_luu() -> None:
    r = make_report()
    r.recipients = ["- Sở Nội vụ (b/c);", "- Lưu: VT, VP.", "- Giám đốc Sở;"]
    found = report_findings(r)
    assert any(
        f.rule == "report.recipients-archive" and f.severity is Severity.ERROR for f in found
    )
    assert any(
        f.rule == "report.recipients-archive" and f.severity is Severity.WARNING for f in found
    )
    r.recipients = ["- Sở Nội vụ (b/c);", "- Lưu: VT, VP."]
    assert "report.recipients-archive" not in rules(r)


def test_kinh_gui_suggests_nhu_tren() -> None:
    r = make_report()
    r.recipient_to = "Sở Nội vụ tỉnh Hà Tĩnh"
    assert rules(r)["report.recipients-first"].severity is Severity.NOTICE
    r.recipients = ["Như trên;", "Lưu: VT, VP."]
    assert "report.recipients-first" not in rules(r)


def test_footnote_without_reference_and_reference_without_footnote() -> None:
    r = make_report()
    r.footnotes.append(Footnote("Kế hoạch số 265/KH-STC ngày 16/01/2024.", id="fn2"))
    f = rules(r)["report.footnote-unreferenced"]
    assert f.severity is Severity.WARNING and "265/KH-STC" in f.message
    r.narrative.closing.append(Paragraph([Run("xem"), Run("", footnote_id="gone")]))
    assert rules(r)["report.footnote-missing"].severity is Severity.ERROR
    r.footnotes[0].text = "  "
    assert rules(r)["report.footnote-empty"].severity is Severity.ERROR


def test_empty_section_is_a_warning_but_a_heading_with_subsections_is_not() -> None:
    r = make_report()
    r.narrative.sections.append(Section("KẾT QUẢ", children=[Section("Cải cách thể chế")]))
    found = report_findings(r)
    empty = [f for f in found if f.rule == "report.section-empty"]
    assert len(empty) == 1 and "Cải cách thể chế" in empty[0].message
    assert empty[0].severity is Severity.WARNING


def test_appendix_must_be_mentioned_when_there_are_figures() -> None:
    r = make_report({"1.1.1": 38})
    r.narrative.closing = []
    assert rules(r)["report.appendix-mentioned"].severity is Severity.WARNING
    assert "report.appendix-mentioned" not in rules(make_report({"1.1.1": 38}))


def test_appendix_reference_lines_match_number_and_date() -> None:
    r = make_report()
    blank = "(Kèm theo Báo có số:       /BC-STC ngày   /6/2024 của Sở Tài chính)"
    assert "report.appendix-reference" not in rules(r, [blank])
    r.number = "123"
    assert "report.appendix-reference" not in rules(r, [blank])
    good = "(Kèm theo Báo cáo số 123/BC-STC ngày 15/6/2024 của Sở Tài chính)"
    assert "report.appendix-reference" not in rules(r, [good])
    bad = "(Kèm theo Báo cáo số 124/BC-STC ngày 16/6/2024 của Sở Tài chính)"
    f = rules(r, [bad])["report.appendix-reference"]
    assert f.severity is Severity.ERROR and "124" in f.message and "15/6/2024" in f.message
    assert (
        rules(r, ["(Kèm theo Báo cáo của Sở)"])["report.appendix-reference"].severity
        is Severity.WARNING
    )
    # the line the app derives itself always matches
    assert "report.appendix-reference" not in rules(r, [r.appendix_reference()])
    r.number = ""
    assert "report.appendix-reference" not in rules(r, [r.appendix_reference()])
