"""A Python script run in a new process with Qt offscreen, as a user's start would run it: what
its last output line says (JSON). The start-up tests read what the child noted at its first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any


def child_json(code: str, *args: str) -> Any:
    """Run `python -c code ARGS...` with Qt offscreen; its last stdout line, parsed as JSON. A child
    that fails fails the test with the end of its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
