"""The README's commands stay true: CI runs exactly its test command; the run command names real entry points."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_section = readme.split("## Test it", 1)[1]
    test_cmd = _sh_blocks(test_section)[0].strip()
    ci_lines = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_cmd in ci_lines


def test_run_commands_use_declared_entry_points() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    scripts = set(project["scripts"]) | set(project["gui-scripts"])
    run_section = readme.split("## Run it", 1)[1].split("## Test it", 1)[0]
    used = set(re.findall(r"\.venv/bin/([\w-]+)", " ".join(_sh_blocks(run_section))))
    used.discard("pip")
    assert used and used <= scripts
