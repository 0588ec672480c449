"""“Tạo từ kỳ trước” rewords the period: own period, next period, years (domain/period_phrases.py,
`cchc copy --rewrite-periods`)."""

from __future__ import annotations

import json

import pytest
from _cli_support import Cli

from cchc_desktop.domain.period_phrases import (
    Meaning,
    apply_rewrites,
    find_edits,
    propose_rewrites,
    rewrite_text,
)
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.serialize import report_from_dict
from cchc_desktop.services.catalogs import demo_report_data

H1_24 = Period(2024, PeriodKind.H1)
M9_24 = Period(2024, PeriodKind.M9)
Y_24 = Period(2024, PeriodKind.Y)
Q1_24 = Period(2024, PeriodKind.Q1)
Q1_25 = Period(2025, PeriodKind.Q1)


@pytest.mark.parametrize(
    ("source", "target", "text", "expected"),
    [
        # the report's own period
        (H1_24, M9_24, "CCHC 6 tháng đầu năm 2024 như sau", "CCHC 9 tháng năm 2024 như sau"),
        (H1_24, M9_24, "trong 06 tháng đầu năm 2024, Sở", "trong 09 tháng năm 2024, Sở"),
        (H1_24, M9_24, "Trong 6 tháng đầu năm, Sở", "Trong 9 tháng đầu năm, Sở"),
        (H1_24, Y_24, "CCHC 6 tháng đầu năm 2024 như sau", "CCHC năm 2024 như sau"),
        (H1_24, Y_24, "Trong 6 tháng đầu năm, Sở", "Trong năm, Sở"),
        (Q1_24, H1_24, "kết quả quý I năm 2024", "kết quả 6 tháng đầu năm 2024"),
        (Q1_24, H1_24, "kết quả Quý I/2024", "kết quả 6 tháng đầu năm 2024"),
        (M9_24, Y_24, "CCHC 9 tháng năm 2024", "CCHC năm 2024"),
        (Y_24, Q1_25, "báo cáo cả năm 2024", "báo cáo quý I năm 2025"),
        (Period(2024, PeriodKind.Q2), Period(2024, PeriodKind.Q3), "quý II/2024", "quý III/2024"),
        # the next period: the one after the new report's
        (
            H1_24,
            M9_24,
            "NHIỆM VỤ TRỌNG TÂM TRONG QUÝ III/2024",
            "NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV/2024",
        ),
        (H1_24, Y_24, "NHIỆM VỤ TRỌNG TÂM TRONG QUÝ III/2024", "NHIỆM VỤ TRỌNG TÂM TRONG NĂM 2025"),
        (H1_24, M9_24, "nhiệm vụ 6 tháng cuối năm 2024", "nhiệm vụ quý IV năm 2024"),
        (H1_24, M9_24, "trong quý III tới", "trong quý IV tới"),
        (M9_24, Y_24, "nhiệm vụ quý IV/2024", "nhiệm vụ năm 2025"),
        (Y_24, Q1_25, "nhiệm vụ năm 2025", "nhiệm vụ quý II năm 2025"),
        (Q1_24, H1_24, "nhiệm vụ quý II năm 2024", "nhiệm vụ quý III năm 2024"),
        # years: kept within the year, shifted when the year changes
        (
            H1_24,
            M9_24,
            "Kế hoạch CCHC năm 2024; thẩm định năm 2023",
            "Kế hoạch CCHC năm 2024; thẩm định năm 2023",
        ),
        (
            H1_24,
            Q1_25,
            "Kế hoạch CCHC năm 2024; thẩm định năm 2023",
            "Kế hoạch CCHC năm 2025; thẩm định năm 2024",
        ),
        # not a period of this report: left alone
        (H1_24, M9_24, "khảo sát vào quý IV", "khảo sát vào quý IV"),
        (H1_24, M9_24, "hạn Quý I/2023", "hạn Quý I/2023"),
        (
            H1_24,
            Q1_25,
            "ngày 04 tháng 4 năm 2024 của Chính phủ",
            "ngày 04 tháng 4 năm 2024 của Chính phủ",
        ),
        (H1_24, M9_24, "thời hạn 6 tháng kể từ", "thời hạn 6 tháng kể từ"),
        (H1_24, M9_24, "quý IIIA", "quý IIIA"),
    ],
)
def test_rewrite_text(source: Period, target: Period, text: str, expected: str) -> None:
    assert rewrite_text(text, source, target) == expected


def test_the_next_years_phrase_after_a_year_report_is_the_next_period() -> None:
    (edit,) = find_edits("nhiệm vụ năm 2025", Y_24, Q1_25)
    assert edit.meaning is Meaning.NEXT and edit.new == "quý II năm 2025"


def test_meanings_are_told_apart() -> None:
    text = "Kết quả 6 tháng đầu năm 2024 và nhiệm vụ quý III/2024 theo Kế hoạch năm 2024."
    edits = find_edits(text, H1_24, M9_24)
    assert [(e.old, e.new, e.meaning) for e in edits] == [
        ("6 tháng đầu năm 2024", "9 tháng năm 2024", Meaning.OWN),
        ("quý III/2024", "quý IV/2024", Meaning.NEXT),
    ]
    assert [e.meaning for e in find_edits(text, H1_24, Q1_25)] == [
        Meaning.OWN,
        Meaning.NEXT,
        Meaning.YEAR,
    ]


def _demo_texts(report: object) -> str:
    r = report
    n = r.narrative  # type: ignore[attr-defined]
    parts = [r.subject]  # type: ignore[attr-defined]

    def paragraphs(ps: list) -> None:  # type: ignore[type-arg]
        for p in ps:
            parts.append("".join(run.text for run in p.runs))

    def sections(ss: list) -> None:  # type: ignore[type-arg]
        for s in ss:
            parts.append(s.title)
            paragraphs(s.paragraphs)
            sections(s.children)

    paragraphs(n.intro)
    sections(n.sections)
    paragraphs(n.closing)
    for item in r.remediation:  # type: ignore[attr-defined]
        parts.extend(item.progress)
    return "\n".join(parts)


def test_the_demo_from_h1_2024_to_9m_and_to_the_year() -> None:
    for target, own, nxt in (
        (M9_24, "9 tháng năm 2024", "MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV/2024"),
        (Y_24, "năm 2024", "MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG NĂM 2025"),
    ):
        report = report_from_dict(demo_report_data())
        before = _demo_texts(report)
        proposals = propose_rewrites(report, H1_24, target)
        assert apply_rewrites(report, proposals) == len(proposals) == 10
        after = _demo_texts(report)
        assert "6 tháng đầu năm" not in after and "06 tháng" not in after
        assert "QUÝ III/2024" not in after and nxt in after
        assert report.subject == f"Cải cách hành chính {own}"
        assert f"Sở Tài chính báo cáo công tác CCHC {own} như sau" in after
        assert f"Trên đây là báo cáo kết quả thực hiện CCHC {own} của Sở Tài chính" in after
        # kept word for word: the year's plan, last year's appraisal, dated documents
        for kept in (
            "Kế hoạch cải cách hành chính tỉnh Hà Tĩnh năm 2024",
            "Đoàn thẩm định công tác CCHC năm 2023",
            "ngày 04 tháng 4 năm 2014",
        ):
            assert kept in before and kept in after
        # the footnotes cite documents as issued: never touched
        assert [f.text for f in report.footnotes] == [
            f.text for f in report_from_dict(demo_report_data()).footnotes
        ]
    assert "Trong năm, 100% văn bản" in after  # "Trong 6 tháng đầu năm, 100% văn bản"


def test_accepting_one_by_one() -> None:
    report = report_from_dict(demo_report_data())
    proposals = propose_rewrites(report, H1_24, M9_24)
    heading = [p for p in proposals if p.edit.meaning is Meaning.NEXT]
    assert [p.place for p in heading] == ["Mục III (tiêu đề)"]
    apply_rewrites(report, heading)
    assert report.subject == "Cải cách hành chính 6 tháng đầu năm 2024"  # not accepted
    titles = [s.title for s in report.narrative.sections]
    assert "MỘT SỐ NHIỆM VỤ TRỌNG TÂM TRONG QUÝ IV/2024" in titles
    # a proposal made on other text is not applied blindly
    assert apply_rewrites(report, heading) == 0


# --- the command line ------------------------------------------------------------------------------
def test_cli_copy_rewrites_and_prints_what_it_replaced(cli: Cli, demo_id: int) -> None:
    code, out, err = cli(
        "copy", str(demo_id), "--period", "9M", "--year", "2024", "--rewrite-periods"
    )
    assert code == 0, err
    new_id = int(out.strip())
    assert "Đã đổi 10 cụm từ chỉ kỳ báo cáo:" in err
    assert "  Trích yếu: “6 tháng đầu năm 2024” → “9 tháng năm 2024”" in err
    assert "  Mục III (tiêu đề): “QUÝ III/2024” → “QUÝ IV/2024”" in err
    shown = cli.json("show", str(new_id), "--json")
    assert isinstance(shown, dict)
    text = json.dumps(shown, ensure_ascii=False)
    assert (
        shown["period"]["kind"] == "9M"
        and shown["subject"] == "Cải cách hành chính 9 tháng năm 2024"
    )
    assert "6 tháng đầu năm 2024" not in text.split('"footnotes"')[0]
    assert "TRONG QUÝ IV/2024" in text and "tỉnh Hà Tĩnh năm 2024" in text
    assert shown["filled"] == 0  # no figures without --with-figures


def test_cli_copy_without_rewrite_keeps_the_wording(cli: Cli, demo_id: int) -> None:
    code, out, err = cli("copy", str(demo_id), "--period", "Y", "--year", "2024", "--with-figures")
    assert code == 0 and err == ""
    shown = cli.json("show", out.strip(), "--json")
    assert isinstance(shown, dict)
    assert shown["subject"] == "Cải cách hành chính năm 2024"  # the usual default, as before
    assert "TRONG QUÝ III/2024" in json.dumps(shown, ensure_ascii=False)
    assert shown["filled"] == 80


@pytest.mark.parametrize(
    "args",
    [
        ["copy", "999", "--period", "9M", "--year", "2024"],
        ["copy", "1", "--period", "H3", "--year", "2024"],
        ["copy", "1", "--period", "9M", "--year", "1990"],
    ],
)
def test_cli_copy_bad_input_is_exit_2(cli: Cli, demo_id: int, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 2 and "Traceback" not in err and out == ""
