"""Command-line parsing in Vietnamese, shared by `cchc` and `cchc-desktop`, and what the `cchc`
commands share: exit codes, JSON output, the file a command writes.

Light on purpose (argparse, json): the desktop app parses its options before the window shows."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from typing import Any, NoReturn

from .errors import UserError

# `cchc` exit codes: a contract (0 ok, 1 findings, 2 user error)
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USER_ERROR = 2

# argparse's own English phrases, as the user sees them in Vietnamese.
_ARGPARSE_PHRASES = (
    ("the following arguments are required: ", "thiếu tham số bắt buộc: "),
    ("unrecognized arguments: ", "tham số không nhận ra: "),
    ("invalid choice: ", "lựa chọn không hợp lệ: "),
    ("choose from ", "chọn một trong "),
    ("expected one argument", "cần một giá trị"),
    ("invalid int value: ", "không phải số nguyên: "),
    ("argument ", "tham số "),
)


class _VietnameseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class VietnameseArgumentParser(argparse.ArgumentParser):
    """Usage, help headings and argparse's errors in Vietnamese; a bad argument exits 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _VietnameseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _ARGPARSE_PHRASES:
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USER_ERROR, f"Lỗi: tham số không hợp lệ: {message}\n")


def report_id(text: str) -> int:
    """argparse type for a report id (shared by the `cchc` commands)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải là số hiệu báo cáo") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"“{text}” không phải là số hiệu báo cáo")
    return value


def _json_default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def print_json(data: Any) -> None:
    """data as JSON (json_text) and a newline, written in pieces: a list of 2,000 reports is
    megabytes of text, which is never held twice."""
    out: list[str] = []
    try:
        _write(data, out, "\n")
    except (_Unusual, RecursionError):
        out = [json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)]
    out.append("\n")
    _write_out(out)


def print_json_rows(names: Sequence[str | tuple[str, ...]], rows: Iterable[Sequence[Any]]) -> None:
    """print_json([dict(zip(keys, values, strict=True)) for row in rows]), byte for byte, where a
    name that is a tuple of names (a group) takes a tuple of as many values in the row (the keys
    and values flattened in order): `list --json`, 2,000 lines of 22 keys, many of them the words
    of the line's period and status, shared by the lines. A group is written once for each
    distinct tuple object (by identity: rows meant to share it pass the same tuple). A batch of
    rows is written at a time: its other values, row after row, in one call of the C encoder
    (when they are plain), their texts put between the keys' texts (made once) by slice
    assignments and one join: no Python call per value; no more than a batch is held."""
    flat = [n for name in names for n in (name if isinstance(name, tuple) else (name,))]
    if (
        not flat
        or len(set(flat)) != len(flat)
        or not _TEXT.issuperset(map(type, flat))
        or (() in names)
    ):
        print_json([dict(zip(flat, _flattened(names, row), strict=True)) for row in rows])
        return
    inner = "\n    "
    # before each value of a line: its key; before the first, the previous line's end
    keys = [f",{inner}{_encode(n[0] if isinstance(n, tuple) else n)}: " for n in names]
    groups = {
        i: [f",{inner}{_encode(n)}: " for n in name[1:]]
        for i, name in enumerate(names)
        if isinstance(name, tuple)
    }
    written: dict[int, str] = {}  # id(group) -> its text
    kept: list[Any] = []  # the groups written, alive while their ids are keys of written
    first = True
    rows = iter(rows)
    while batch := list(islice(rows, _ROWS)):
        if {len(names)} != set(map(len, batch)):  # a group of the wrong length: zip(strict=True)
            raise ValueError(f"rows of {set(map(len, batch))} values for {len(names)} names")
        _write_rows(keys, groups, (written, kept), first, list(chain.from_iterable(batch)))
        first = False
    sys.stdout.write("[]\n" if first else "\n  }\n]\n")


_ROWS = 256  # rows print_json_rows writes at a time


def _flattened(names: Sequence[str | tuple[str, ...]], row: Sequence[Any]) -> list[Any]:
    if len(row) != len(names):
        raise ValueError(f"a row of {len(row)} values for {len(names)} names")
    return [
        v for n, x in zip(names, row, strict=True) for v in (x if isinstance(n, tuple) else (x,))
    ]


def _write_rows(
    keys: list[str],
    groups: dict[int, list[str]],
    memo: tuple[dict[int, str], list[Any]],
    first: bool,
    values: list[Any],
) -> None:
    """A batch of rows of len(keys) values, one after the other; the first line opens the list
    or closes the previous one."""
    width = len(keys)
    count = len(values) // width
    opening = "{" + keys[0][1:]
    pieces = [
        ("[\n  " if first else "\n  },\n  ") + opening,
        *keys[1:],
        *(["\n  },\n  " + opening, *keys[1:]] * (count - 1)),
    ]
    written, kept = memo
    found: dict[int, list[Any]] = {}
    for i in groups:
        found[i] = values[i::width]
        values[i::width] = [None] * count  # null in the C encoder's call; its text replaced
    texts = _column(values, "\n    ")
    for i, inner in groups.items():
        ids = list(map(id, found[i]))
        if not written.keys() >= set(ids):  # groups this batch is the first to show
            new = {k: g for k, g in zip(ids, found[i], strict=True) if k not in written}
            size = len(inner) + 1
            # their values in one call of the encoder, not one per group (a list of 2,000
            # reports shows a few hundred distinct groups); a group of another length is
            # written alone, and refused by zip as before
            together = all(len(g) == size for g in new.values())
            own = _column(list(chain.from_iterable(new.values())), "\n    ") if together else []
            for n, (key, group) in enumerate(new.items()):
                mine = own[n * size : (n + 1) * size] if together else _column(group, "\n    ")
                written[key] = mine[0] + "".join(
                    [k + t for k, t in zip(inner, mine[1:], strict=True)]
                )
                kept.append(group)
        texts[i::width] = map(written.__getitem__, ids)
    out: list[Any] = [None] * (2 * len(texts))
    out[0::2] = pieces
    out[1::2] = texts
    sys.stdout.write("".join(out))


def _column(values: Sequence[Any], newline: str) -> list[str]:
    """Each value as json_text writes it nested at newline. Plain values in one call of the C
    encoder: their texts, joined by a NUL no encoded value holds (JSON escapes it), are split."""
    if _PLAIN.issuperset(map(type, values)):
        encoder = _split_encoder()
        if encoder is not None:
            return "".join(encoder(list(values), 0))[1:-1].split("\0")
    out = []
    for value in values:
        pieces: list[str] = []
        try:
            _write(value, pieces, newline)
            out.append("".join(pieces))
        except (_Unusual, RecursionError):
            text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
            out.append(text.replace("\n", newline))  # a newline in JSON is only ever layout
    return out


@functools.cache
def _split_encoder() -> Any:
    """_column's C encoder (values separated by a NUL), made once: a list writes a column for
    each distinct group of its lines besides each batch. None: a Python without the C
    accelerator."""
    from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]

    return c_make_encoder and c_make_encoder(
        None, _json_default, encode_basestring, None, ": ", "\0", False, False, True
    )


# how many pieces of text print_json gathers before writing them (a few hundred kilobytes)
_PIECES = 1024


def _write_out(pieces: list[str]) -> None:
    for start in range(0, len(pieces), _PIECES):
        sys.stdout.write("".join(pieces[start : start + _PIECES]))


def json_text(data: Any) -> str:
    """json.dumps(data, ensure_ascii=False, indent=2, default=_json_default), byte for byte, but
    faster: with an indent, json.dumps never uses its C encoder and `list --json` of 2,000
    reports spent most of its time in it. Here a dict holding only plain values (str, int, float,
    bool, None: a list line) goes through the C encoder, and only the nesting is written in
    Python. What this writer does not know (a key that is not text, a cycle) is left to
    json.dumps."""
    out: list[str] = []
    try:
        _write(data, out, "\n")
    except (_Unusual, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    return "".join(out)


class _Unusual(Exception):
    """Something json_text leaves to json.dumps."""


_PLAIN = frozenset({str, int, float, bool, type(None)})
_TEXT = frozenset({str})
_ENCODERS: dict[str, Any] = {}  # the C encoder of a flat dict, per nesting depth


def _flat_encoder(inner: str) -> Any:
    encoder = _ENCODERS.get(inner)
    if encoder is None:
        from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]

        if c_make_encoder is None:  # a Python without the C accelerator
            raise _Unusual
        # no indent: the C encoder writes "{", the items with these separators, "}"
        encoder = _ENCODERS[inner] = c_make_encoder(
            None, _json_default, encode_basestring, None, ": ", "," + inner, False, False, True
        )
    return encoder


def _write(o: Any, out: list[str], newline: str) -> None:
    """o as json.dumps writes it with indent=2, nested at newline ("\n" and the indent); the
    checks are json.dumps's, in its order."""
    if isinstance(o, str):
        out.append(_encode(o))
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, int):
        out.append(int.__repr__(o))
    elif isinstance(o, float):
        out.append(json.dumps(o))
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        inner = newline + "  "
        out.append("[")
        for n, item in enumerate(o):
            out.append("," + inner if n else inner)
            _write(item, out, inner)
        out.append(newline + "]")
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = newline + "  "
        if _TEXT.issuperset(map(type, o)) and _PLAIN.issuperset(map(type, o.values())):
            (text,) = _flat_encoder(inner)(o, 0)
            out.append("{" + inner + text[1:-1] + newline + "}")
            return
        out.append("{")
        for n, (key, value) in enumerate(o.items()):
            if not isinstance(key, str):
                raise _Unusual  # json.dumps turns numbers and null into keys its own way
            out.append(("," + inner if n else inner) + _encode(key) + ": ")
            _write(value, out, inner)
        out.append(newline + "}")
    else:
        _write(_json_default(o), out, newline)


def _encode(text: str) -> str:
    from json.encoder import encode_basestring  # the C one where there is one, as json.dumps

    return str(encode_basestring(text))


def output_file(path: Path, suffix: str) -> Path:
    """The file a command writes: path with suffix (".docx") added when it has another ending.
    A folder is a user error (it used to become "folder.docx" beside it, or a traceback for ".")."""
    if path.is_dir() or not path.name:
        raise UserError(
            f"“{path}” là một thư mục; hãy ghi cả tên tệp, ví dụ {path / ('bao-cao' + suffix)}"
        )
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
