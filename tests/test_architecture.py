"""The layer contracts of pyproject.toml ([tool.importlinter], ARCHITECTURE.md) hold, and a wrong
import breaks them: the README's test command catches it as CI's `lint-imports` line does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports(cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("lint-imports is missing: pip install -e '.[dev]' installs import-linter")
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [exe, "--no-cache"],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layer_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_gui_module_importing_storage_breaks_them(tmp_path: Path) -> None:
    # a copy of the package with one wrong import: the list window reading the database itself
    shutil.copytree(
        ROOT / "cchc_desktop",
        tmp_path / "cchc_desktop",
        ignore=shutil.ignore_patterns("__pycache__", "_assets"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    window = tmp_path / "cchc_desktop" / "gui" / "main_window.py"
    window.write_text(
        window.read_text(encoding="utf-8") + "\nfrom ..storage.repository import Repository\n",
        encoding="utf-8",
    )
    result = _lint_imports(tmp_path, pythonpath=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cchc_desktop.gui.main_window -> cchc_desktop.storage.repository" in result.stdout
