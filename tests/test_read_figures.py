"""read_figures checks each compared figure against its mirror exactly as mirror_agrees does,
whatever the row holds (its quick path for the usual row gives the same verdict)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from cchc_desktop.storage.records import mirror_agrees, read_figures

_REPORT = {
    "id": 7, "unit_id": 1, "year": 2024, "period_kind": "H1", "catalog_id": "c",
    "catalog_version": "1", "status": "draft", "number": "", "symbol": "", "place": "",
    "issue_date": None, "subject": "", "recipient_to": "", "signer_authority": "",
    "signer_title": "", "signer_name": "", "narrative": "{}", "optional_groups": "[]",
    "created_at": None, "updated_at": dt.datetime(2024, 1, 2).isoformat(), "revision": 1,
}  # fmt: skip
_UNIT = {"id": 1, "name": "Sở A", "parent_authority": "", "abbreviation": "", "place": ""}
_VALUES = ("report_id", "code", "number", "text", "note", "mirror")


def _execute(value_row: tuple[Any, ...]) -> Any:
    def execute(sql: str, params: tuple[Any, ...]) -> tuple[list[str], list[Any]]:
        for table, row in (("reports", _REPORT), ("units", _UNIT)):
            if f"FROM {table} " in sql:
                return list(row), [tuple(row.values())]
        return list(_VALUES), [value_row]

    return execute


def _quote(v: Any) -> str:  # SQLite's quote(), as the triggers write the mirror
    if v is None:
        return "NULL"
    if isinstance(v, int | float):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


ROWS = [
    (7, "1.1", "42", None),
    (7, "1.1", "01", None),  # decoded 1: another text than stored
    (7, "1.1", "1E+2", None),
    (7, "1.1", "-3.50", None),
    (7, "1.1", 42, None),  # stored as an integer by hand
    (7, "1.1", 4.5, None),
    (7, "it's", "5", None),
    (7, "1.2", None, "Đảm bảo"),
    (7, "1.2", None, "it's"),
    (7, "1.3", "2", "và chữ"),
    ("7", "1.1", "42", None),
    (7, b"1.1", "42", None),
]


@pytest.mark.parametrize("row", ROWS, ids=repr)
@pytest.mark.parametrize("written", ["sqlite", "python", "other"])
def test_the_verdict_is_mirror_agrees(row: tuple[Any, ...], written: str) -> None:
    rid, code, number, text = row
    decoded = None if number is None else Decimal(str(number))
    if written == "sqlite":
        mirror = "|".join(map(_quote, row))
    elif written == "python":
        mirror = f"{rid}|'{code}'|'{decoded}'|NULL"
    else:
        mirror = "7|'1.1'|'43'|NULL"
    agrees = mirror_agrees(mirror, (rid, code, decoded, text))
    execute = _execute((rid, code, number, text, "ghi chú", mirror))
    if not agrees:
        with pytest.raises(ValueError, match="does not match its mirror"):
            read_figures(execute, [7])
        return
    (report,) = read_figures(execute, [7])
    if rid != 7:  # kept under another report's id, as before: not this report's
        assert report.values == {}
        return
    value = report.values[code]
    assert (value.value, value.note) == (decoded if decoded is not None else text, "ghi chú")


def _rows_execute(value_rows: list[tuple[Any, ...]]) -> Any:
    """_execute with several value rows, of reports 7 and 8 (the unit's two reports)."""
    second = {**_REPORT, "id": 8, "period_kind": "Q1"}

    def execute(sql: str, params: tuple[Any, ...]) -> tuple[list[str], list[Any]]:
        if "FROM reports " in sql:
            return list(_REPORT), [tuple(_REPORT.values()), tuple(second.values())]
        if "FROM units " in sql:
            return list(_UNIT), [tuple(_UNIT.values())]
        return list(_VALUES), value_rows

    return execute


def _row(rid: Any, code: str, number: Any, mirror_number: str | None = None) -> tuple[Any, ...]:
    shown = number if mirror_number is None else mirror_number
    return (rid, code, number, None, f"ghi chú {code}", f"{rid}|'{code}'|'{shown}'|NULL")


def test_a_figure_decoded_before_is_still_checked_against_its_own_mirror() -> None:
    """A figure's text is decoded once for all the rows that hold it, but each row is checked
    against its own mirror and kept under its own report: a later row with the same text whose
    mirror says another figure raises, and "01" is not taken for the "1" decoded before it."""
    rows = [_row(7, "1.1", "42"), _row(7, "1.2", "42"), _row(8, "1.1", "42"), _row(8, "1.2", "5")]
    first, second = read_figures(_rows_execute(rows), [7, 8])
    assert {c: (v.value, v.note) for c, v in first.values.items()} == {
        "1.1": (Decimal(42), "ghi chú 1.1"),
        "1.2": (Decimal(42), "ghi chú 1.2"),
    }
    assert {c: v.value for c, v in second.values.items()} == {"1.1": 42, "1.2": 5}
    for damaged in (
        _row(8, "1.3", "42", mirror_number="43"),  # a flipped figure, its mirror still 43
        _row(8, "1.3", "01"),  # written "01" by hand: decoded 1, not the text stored
    ):
        changed = [*rows, _row(7, "1.3", "1"), damaged]
        with pytest.raises(ValueError, match="does not match its mirror"):
            read_figures(_rows_execute(changed), [7, 8])
