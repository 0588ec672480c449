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
