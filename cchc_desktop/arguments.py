"""Command-line parsing in Vietnamese, shared by `cchc` and `cchc-desktop`, and what the `cchc`
commands share: exit codes, JSON output, the file a command writes.

Light on purpose (argparse, json): the desktop app parses its options before the window shows."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
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
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def output_file(path: Path, suffix: str) -> Path:
    """The file a command writes: path with suffix (".docx") added when it has another ending.
    A folder is a user error (it used to become "folder.docx" beside it, or a traceback for ".")."""
    if path.is_dir() or not path.name:
        raise UserError(
            f"“{path}” là một thư mục; hãy ghi cả tên tệp, ví dụ {path / ('bao-cao' + suffix)}"
        )
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
