"""Signer lines, unit identity and which appendices a report prints: the pure rules behind them."""

from __future__ import annotations

from decimal import Decimal

from cchc_desktop.domain.appendix_tables import printed_appendices
from cchc_desktop.domain.periods import Period, PeriodKind
from cchc_desktop.domain.report import (
    IndicatorValue,
    PropagandaRow,
    RemediationItem,
    Report,
    Signer,
    Unit,
    unit_key,
)
from cchc_desktop.domain.signature import signature_block
from cchc_desktop.services import operations


def _report() -> Report:
    return Report(Unit("Sở Tài chính"), Period(2024, PeriodKind.H1), "c", "1")


def test_signer_lines_are_the_authority_lines_then_the_title() -> None:
    assert Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC").lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert Signer("", "CHÁNH VĂN PHÒNG").lines == ["CHÁNH VĂN PHÒNG"]
    three = Signer("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert three.lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert Signer.split_lines([" tm.  ủy ban ", "", "Phó chủ tịch"]) == (
        "tm. ủy ban",
        "Phó chủ tịch",
    )
    assert Signer.split_lines(["", "  "]) == ("", "")
    report = _report()
    operations.set_signer_lines(report, ["TM. ỦY BAN NHÂN DÂN", "kt. chủ tịch", "Phó Chủ tịch"])
    assert report.signer.authority == "TM. ỦY BAN NHÂN DÂN\nkt. chủ tịch"
    # printed in capitals, whatever case was typed
    assert signature_block(report).signer_lines == (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    )
    operations.set_signer_authority(report, "  KT. GIÁM ĐỐC \n\n ")
    assert report.signer.authority == "KT. GIÁM ĐỐC"


def test_unit_key_ignores_case_and_spacing_only() -> None:
    assert unit_key("Sở Tài chính") == unit_key("SỞ  TÀI CHÍNH ") == unit_key("sở tài chính")
    assert unit_key("Sở Tài chính") != unit_key("Sở Tư pháp")
    assert unit_key("Sở Tài chính") != unit_key("So Tai chinh")  # the accents are the name


def test_an_appendix_with_nothing_entered_is_not_printed() -> None:
    report = _report()
    report.propaganda = [PropagandaRow("01", "Tuyên truyền", "Tin, bài")]  # a label: empty form
    report.remediation = [RemediationItem("1", "")]
    assert printed_appendices(report, ["1.1.1"]) == ()
    report.propaganda[0].quantity = Decimal(0)  # zero is a figure, blank is not
    report.values["9.9"] = IndicatorValue(Decimal(3))  # a row outside the form shown
    assert printed_appendices(report, ["1.1.1"]) == ("i",)
    report.values["1.1.1"] = IndicatorValue(None, "chưa tổng hợp")  # a note alone says something
    report.remediation[0].remedies = ["Khắc phục"]
    assert printed_appendices(report, ["1.1.1"]) == ("i", "ii", "iii")
