"""Smoke test of a built bundle: the CLI, Word and Excel, and the GUI, run from a clean environment.

    python packaging/smoke_test.py "dist/CCHC Desktop"

Standard library only (it runs beside the bundle, not inside it), and the same on Linux (CI,
.ci/bundle-smoke) and Windows (.github/workflows/windows-bundle.yml). The bundle is copied to a
temporary folder outside the checkout and every command runs there with an environment built from
nothing, as `env -i` gives: no PYTHONPATH, no virtualenv, a throwaway home and data folder, Qt
offscreen. Exit 0 when every step succeeded; otherwise each failure is printed and the exit is 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
TIMEOUT = 180  # seconds per command; a hang is a failure, not a stuck CI job


def clean_env(home: Path) -> dict[str, str]:
    """What a fresh login has and nothing else (on Windows, what its loader needs to start)."""
    env = {"HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    if WINDOWS:
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        env |= {
            "SYSTEMROOT": system_root,
            "WINDIR": system_root,
            "PATH": rf"{system_root}\System32;{system_root}",
            "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "TEMP": str(home / "Temp"),
            "TMP": str(home / "Temp"),
            # platformdirs asks Windows itself for these folders; this is its documented override
            "WIN_PD_OVERRIDE_LOCAL_APPDATA": str(home / "AppData" / "Local"),
            "WIN_PD_OVERRIDE_APPDATA": str(home / "AppData" / "Roaming"),
        }
    else:
        env |= {"PATH": "/usr/bin:/bin", "TMPDIR": str(home / "tmp")}
    return env


class Smoke:
    def __init__(self, bundle: Path, work: Path) -> None:
        self.bundle = bundle
        self.work = work
        self.home = work / "home"
        for sub in ("tmp", "Temp", "AppData/Local", "AppData/Roaming"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.env = clean_env(self.home)
        self.failures: list[str] = []

    def run(self, exe: str, *args: str, ok: tuple[int, ...] = (0,)) -> str:
        """Run one of the bundle's executables in the work folder; its stdout, or "" on failure."""
        cmd = [str(self.bundle / f"{exe}{EXE}"), *args]
        shown = " ".join([exe, *args])
        started = time.monotonic()
        try:
            done = subprocess.run(
                cmd, cwd=self.work, env=self.env, capture_output=True, timeout=TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.fail(f"{shown}: {exc}")
            return ""
        seconds = time.monotonic() - started
        out = done.stdout.decode("utf-8", errors="replace")
        err = done.stderr.decode("utf-8", errors="replace")
        if done.returncode not in ok or "Traceback" in err:
            self.fail(f"{shown}: exit {done.returncode}\n--- stdout\n{out}\n--- stderr\n{err}")
            return ""
        print(f"ok   {shown}  ({seconds:.1f} s)")
        return out

    def fail(self, message: str) -> None:
        print(f"FAIL {message}")
        self.failures.append(message)

    def check(self, condition: bool, message: str) -> None:
        if condition:
            print(f"ok   {message}")
        else:
            self.fail(message)


def check_docx(smoke: Smoke, path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
            footnotes = docx.read("word/footnotes.xml").decode("utf-8")
            header_parts = [n for n in docx.namelist() if n.startswith("word/header")]
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        smoke.fail(f"{path.name} is not a Word document: {exc}")
        return
    smoke.check("CẢI CÁCH HÀNH CHÍNH" in body.upper(), f"{path.name}: the report's text is there")
    smoke.check("<w:footnote " in footnotes, f"{path.name}: real footnotes")
    smoke.check(bool(header_parts), f"{path.name}: a page header part (python-docx templates)")


def check_png(smoke: Smoke, path: Path, min_bytes: int) -> None:
    ok = path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    size = path.stat().st_size if path.is_file() else 0
    smoke.check(ok and size >= min_bytes, f"{path.name}: a PNG of {size} bytes (>= {min_bytes})")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    source = Path(argv[0]).resolve()
    if not (source / f"cchc{EXE}").is_file():
        print(f"no bundle at {source} (expected cchc{EXE} there)")
        return 2
    with tempfile.TemporaryDirectory(prefix="cchc-smoke-") as tmp:
        work = Path(tmp)
        bundle = work / "CCHC Desktop"
        shutil.copytree(source, bundle, symlinks=True)
        smoke = Smoke(bundle, work)
        print(f"bundle copied to {bundle}; clean environment: {sorted(smoke.env)}")

        report_id = smoke.run("cchc", "demo").strip()
        smoke.check(report_id.isdigit(), f"cchc demo printed a report id ({report_id!r})")
        if not report_id.isdigit():
            report_id = "1"
        smoke.run("cchc", "validate", report_id)
        smoke.run("cchc", "show", report_id, "--json")
        smoke.run("cchc", "export-docx", report_id, "bao-cao.docx")
        check_docx(smoke, work / "bao-cao.docx")
        smoke.run("cchc", "export-xlsx", report_id, "so-lieu.xlsx")
        smoke.check((work / "so-lieu.xlsx").is_file(), "so-lieu.xlsx written")
        smoke.run("cchc", "import-xlsx", report_id, "so-lieu.xlsx", "--dry-run")
        # a user error stays a Vietnamese message with exit 2, no traceback, in the bundle too
        smoke.run("cchc", "show", "999", ok=(2,))

        gui = "CCHC Desktop"
        for page in ("phu-luc-3", "noi-dung"):
            shot = f"{page}.png"
            smoke.run(gui, "--open", report_id, "--page", page, "--screenshot", shot)
            check_png(smoke, work / shot, 20_000)
        for page in ("danh-sach", "huong-dan", "gioi-thieu"):
            smoke.run(gui, "--page", page, "--screenshot", f"{page}.png")
            check_png(smoke, work / f"{page}.png", 5_000)
        smoke.run(gui, "--page", "khong-co", "--screenshot", "x.png", ok=(2,))

        qm = list(bundle.rglob("qt_vi.qm"))
        smoke.check(bool(qm), "the Vietnamese Qt translation (qt_vi.qm) is in the bundle")
        logs = list(smoke.home.rglob("cchc-desktop.log"))
        log_text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
        smoke.check(bool(logs), "the GUI wrote its log in the user's folder")
        smoke.check(
            "translation unavailable" not in log_text, "the GUI loaded the Vietnamese Qt texts"
        )
        # the Word/Excel files were written where asked, the data in the user's folder, nothing
        # beside the executables
        smoke.check(
            not list(bundle.glob("*.sqlite3")), "no database written inside the bundle folder"
        )

        if smoke.failures:
            print(f"\n{len(smoke.failures)} step(s) failed")
            return 1
        print("\nbundle smoke test passed")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
