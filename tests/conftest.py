"""Test settings shared by every suite: Qt offscreen, never the developer's real database; the
`cli` fixture (the `cchc` command on a test database) and the demo report made through it."""

import os
import tempfile
from pathlib import Path

import pytest

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A code path that forgets --db must not touch the user's real database.
_HOME = tempfile.mkdtemp(prefix="cchc-tests-")
os.environ["CCHC_DB"] = os.path.join(_HOME, "default.sqlite3")
# ...nor the user's settings (window geometry, last folder): GUI tests give each test its own file.
os.environ["CCHC_SETTINGS"] = os.path.join(_HOME, "settings.ini")

from _cli_support import Cli  # noqa: E402 (it imports the app: after the environment above)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "cli.sqlite3", capsys)


@pytest.fixture
def demo_id(cli: Cli) -> int:
    """The id of the demo report, made by `cchc demo`."""
    code, out, _ = cli("demo")
    assert code == 0
    return int(out.strip())
