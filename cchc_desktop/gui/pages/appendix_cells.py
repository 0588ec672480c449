"""Phụ lục I and II rows as the editor's table cells and back (text in, typed errors out; no Qt)."""

from __future__ import annotations

from collections.abc import Sequence

from ...domain.appendix_tables import (
    PROPAGANDA_HEADINGS,
    REMEDIATION_EDIT_COLUMNS,
    format_score,
    parse_score,
)
from ...domain.report import PropagandaRow, RemediationItem
from ...domain.vn import NumberFormatError, clean_line, format_number, nfc, parse_number
from ...errors import InvalidValueError

PROPAGANDA_COLUMNS = PROPAGANDA_HEADINGS
REMEDIATION_COLUMNS = REMEDIATION_EDIT_COLUMNS
# the Phụ lục II cells edited over several lines (one item a line), by column
MULTILINE_REMEDIATION = frozenset({1, 2, 4, 5, 6, 7})


def _lines(text: str) -> list[str]:
    return [clean_line(t) for t in nfc(text).splitlines() if clean_line(t)]


def propaganda_cells(row: PropagandaRow) -> list[str]:
    return [row.number, row.label, row.unit, format_number(row.quantity), row.note]


def propaganda_from_cells(cells: Sequence[str]) -> PropagandaRow:
    number, label, unit, quantity, note = (list(cells) + [""] * 5)[:5]
    try:
        value = parse_number(quantity)
    except NumberFormatError as exc:
        raise InvalidValueError(f"Phụ lục I, dòng “{clean_line(label)}”: {exc}") from None
    return PropagandaRow(
        clean_line(number), nfc(label).strip(), clean_line(unit), value, nfc(note).strip()
    )


def remediation_cells(item: RemediationItem) -> list[str]:
    return [
        item.number,
        item.criterion,
        item.assessment,
        format_score(item.score_got, item.score_max),
        "\n".join(item.findings),
        "\n".join(item.remedies),
        "\n".join(item.deadlines),
        "\n".join(item.progress),
    ]


def remediation_from_cells(cells: Sequence[str]) -> RemediationItem:
    c = (list(cells) + [""] * 8)[:8]
    try:
        got, top = parse_score(c[3])
    except NumberFormatError as exc:
        raise InvalidValueError(str(exc)) from None
    return RemediationItem(
        number=clean_line(c[0]),
        criterion=clean_line(c[1]),
        assessment=clean_line(c[2]),
        score_got=got,
        score_max=top,
        findings=_lines(c[4]),
        remedies=_lines(c[5]),
        deadlines=_lines(c[6]),
        progress=_lines(c[7]),
    )
