"""Phụ lục I/II as table cells and back, the score notation and row numbering (no Qt, no window)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc_desktop.domain.appendix_tables import format_score, parse_score, renumber
from cchc_desktop.domain.report import PropagandaRow, RemediationItem
from cchc_desktop.domain.vn import NumberFormatError
from cchc_desktop.errors import InvalidValueError
from cchc_desktop.gui.pages import appendix_cells as cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6,981/10", (Decimal("6.981"), Decimal(10))),
        (" 9 điểm / 10 đ ", (Decimal(9), Decimal(10))),
        ("", (None, None)),
        ("   ", (None, None)),
    ],
)
def test_parse_score(text: str, expected: tuple[Decimal | None, Decimal | None]) -> None:
    assert parse_score(text) == expected


@pytest.mark.parametrize("text", ["6,981", "abc/10", "1/2/3", "6,98,1/10"])
def test_a_score_that_is_not_got_over_max_is_refused_in_vietnamese(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_score(text)


def test_format_score_round_trips() -> None:
    assert format_score(Decimal("6.981"), Decimal(10)) == "6,981/10"
    assert format_score(None, None) == ""
    assert parse_score(format_score(Decimal("6.981"), Decimal(10))) == (
        Decimal("6.981"),
        Decimal(10),
    )


def test_renumber_skips_sub_rows() -> None:
    assert renumber(["x", "", "7", "x"], width=2) == ["01", "", "02", "03"]
    assert renumber(["a", "b"], width=1) == ["1", "2"]


def test_propaganda_cells_round_trip_and_bad_quantity() -> None:
    row = PropagandaRow("01", "Số tin, bài", "Tin, bài", Decimal(1088), "ghi chú")
    shown = cells.propaganda_cells(row)
    assert shown == ["01", "Số tin, bài", "Tin, bài", "1.088", "ghi chú"]
    assert cells.propaganda_from_cells(shown) == row
    with pytest.raises(InvalidValueError) as info:
        cells.propaganda_from_cells(["01", "Hội nghị", "Cuộc", "nhiều"])
    assert info.value.message.startswith("Phụ lục I, dòng “Hội nghị”")
    assert cells.propaganda_from_cells(["", "Trong đó"]).quantity is None


def test_remediation_cells_round_trip_with_multi_line_cells() -> None:
    item = RemediationItem(
        number="1",
        criterion="Tiêu chí 2.1",
        assessment="Chưa đạt",
        score_got=Decimal("6.981"),
        score_max=Decimal(10),
        findings=["Chậm", "Thiếu"],
        remedies=["Đôn đốc"],
        deadlines=["Quý III"],
        progress=["Đang làm"],
    )
    shown = cells.remediation_cells(item)
    assert shown[3] == "6,981/10" and shown[4] == "Chậm\nThiếu"
    assert cells.remediation_from_cells(shown) == item
    blank_lines = cells.remediation_from_cells(["1", "T", "", "", "a\n\n b \n"])
    assert blank_lines.findings == ["a", "b"] and blank_lines.score_got is None
    with pytest.raises(InvalidValueError):
        cells.remediation_from_cells(["1", "T", "", "7 trên 10"])
    assert len(cells.REMEDIATION_COLUMNS) == 8 and max(cells.MULTILINE_REMEDIATION) < 8
