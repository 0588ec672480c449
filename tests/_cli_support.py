"""The `cchc` command run in-process against a test database, as a user types it (the `cli` and
`demo_id` fixtures of conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc_desktop.cli import main


class Cli:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) of `cchc --db DB ARGS...`."""
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> object:
        code, out, err = self(*args)
        assert code == 0, err
        return json.loads(out)
