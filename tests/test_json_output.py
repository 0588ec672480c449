"""The commands' JSON (print_json, print_json_rows) is json.dumps(indent=2, ensure_ascii=False)
byte for byte, for any data a command may print: nested lists and dicts, Vietnamese and control
characters, floats, Decimals, keys that are not text, empty containers."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.arguments import _json_default, json_text, print_json, print_json_rows

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(["Sở Tài chính", "98,73%", 'a\nb\u2028"\\', ""])
    | st.decimals(allow_nan=False, allow_infinity=False, places=2).map(Decimal)
)
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
DATA = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5), inner, max_size=5)
        | st.dictionaries(KEYS, inner, max_size=3)
    ),
    max_leaves=30,
)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def _printed(write: Any, data: Any) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        write(data)
    return out.getvalue()


@settings(max_examples=400, deadline=None)
@given(DATA)
def test_the_json_is_json_dumps_byte_for_byte(data: Any) -> None:
    assert json_text(data) == _dumps(data)
    assert _printed(print_json, data) == _dumps(data) + "\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=4), max_size=5, unique=True), st.data())
def test_rows_written_a_column_at_a_time_are_the_list_of_dicts(names: list[str], data: Any) -> None:
    rows = data.draw(st.lists(st.tuples(*[DATA for _ in names]), max_size=4))
    expected = _dumps([dict(zip(names, row, strict=True)) for row in rows]) + "\n"
    assert _printed(lambda r: print_json_rows(names, iter(r)), rows) == expected


def test_a_long_list_of_list_lines_and_what_json_dumps_refuses() -> None:
    names = ("id", "unit", "filled", "overdue", "x", "{}")
    rows = [(n, f"Sở Ngành số {n}\x00", None, n % 2 == 0, 1.5, "}{") for n in range(3000)]
    lines = [dict(zip(names, row, strict=True)) for row in rows]  # more than one batch
    assert _printed(lambda r: print_json_rows(names, iter(r)), rows) == _dumps(lines) + "\n"
    assert _printed(print_json, lines) == _dumps(lines) + "\n"
    cycle: list[Any] = []
    cycle.append(cycle)
    for bad in (cycle, {"a": object()}):
        for write in (json_text, _dumps):
            try:
                write(bad)
            except (ValueError, TypeError) as exc:
                assert "Circular" in str(exc) or "not JSON serialisable" in str(exc)
            else:
                raise AssertionError("no error")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=4), min_size=1, max_size=6, unique=True), st.data())
def test_rows_with_groups_of_keys_are_the_list_of_dicts(names: list[str], data: Any) -> None:
    """A tuple of names takes a tuple of values, written once per distinct tuple object: shared
    tuples (as `list --json` passes its words) and equal but distinct ones alike."""
    cut = data.draw(st.integers(0, len(names) - 1))
    size = data.draw(st.integers(1, len(names) - cut))
    grouped = (*names[:cut], tuple(names[cut : cut + size]), *names[cut + size :])
    shared = data.draw(st.lists(st.tuples(*[DATA for _ in range(size)]), min_size=1, max_size=3))
    drawn = data.draw(
        st.lists(
            st.tuples(
                st.tuples(*[DATA for _ in range(cut)]),
                st.tuples(*[DATA for _ in names[cut + size :]]),
                st.integers(0, len(shared) - 1),
            ),
            max_size=4,
        )
    )
    rows = []
    for n in range(data.draw(st.sampled_from([len(drawn), 300])) if drawn else 0):  # past a batch
        head, tail, which = drawn[n % len(drawn)]
        group = shared[which] if n % 3 else (*shared[which],)  # the same tuple, or an equal one
        rows.append((*head, group, *tail))
    flat = [(*r[:cut], *r[cut], *r[cut + 1 :]) for r in rows]
    expected = _dumps([dict(zip(names, row, strict=True)) for row in flat]) + "\n"
    assert _printed(lambda r: print_json_rows(grouped, iter(r)), rows) == expected
    # a group of the wrong length is refused, not written as another line
    if rows:
        bad = [(*rows[0][:cut], (*rows[0][cut], None), *rows[0][cut + 1 :])]
        try:
            _printed(lambda r: print_json_rows(grouped, iter(r)), bad)
        except ValueError:
            pass
        else:
            raise AssertionError("no error")
