"""The Word file to PDF with what the computer has: Microsoft Word (COM, Windows), else LibreOffice.

Both lay the document out themselves, so the PDF keeps the Word file's fonts, real footnotes and
page numbers. A converter is a small seam (PdfConverter); find_converter() picks the first usable.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Protocol

from ..atomic import atomic_write_bytes
from ..errors import FileProblemError, UserError

DEFAULT_TIMEOUT_S = 180.0  # an old PC's first LibreOffice start builds its profile: give it time


class PdfUnavailableError(UserError):
    """Nothing on this computer can turn a Word file into PDF."""


class PdfConverter(Protocol):
    name: str

    def convert(self, docx: Path, outdir: Path, timeout: float) -> Path:
        """Write outdir/<docx stem>.pdf and return it."""
        ...


class LibreOfficeConverter:
    """`soffice --headless --convert-to pdf` with a private profile (a LibreOffice the user has
    open must neither receive the job nor block it)."""

    name = "LibreOffice"

    def __init__(self, program: str) -> None:
        self.program = program

    def convert(self, docx: Path, outdir: Path, timeout: float) -> Path:
        # a profile of our own, kept between runs: LibreOffice builds one in ~20 s on first use;
        # a fresh one is made when it is in use (two conversions at once) or unusable
        profile = _lo_profile()
        try:
            done = subprocess.run(
                [
                    self.program,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    str(docx),
                ],
                capture_output=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise UserError(
                f"LibreOffice không chuyển xong tệp sang PDF sau {timeout:.0f} giây nên đã dừng."
                " Hãy đóng bớt chương trình rồi thử lại."
            ) from None
        except OSError as exc:
            raise UserError(f"Không chạy được LibreOffice ({self.program}): {exc}") from None
        finally:
            _release(profile)
        pdf = outdir / (docx.stem + ".pdf")
        if done.returncode != 0 or not pdf.exists():
            detail = done.stderr.decode("utf-8", "replace").strip()[-300:]
            raise UserError(
                "LibreOffice không chuyển được tệp Word sang PDF"
                + (f": {detail}" if detail else ".")
            )
        return pdf


_LOCK = ".cchc-in-use"


def _lo_profile() -> Path:
    """The kept LibreOffice profile, marked in use; a throwaway one if it is busy or cannot be
    made (the conversion must not wait on, or break, another one)."""
    try:
        from platformdirs import user_cache_path

        kept = user_cache_path("CCHC Desktop", appauthor=False) / "libreoffice-profile"
        kept.mkdir(parents=True, exist_ok=True)
        lock = kept / _LOCK
        with contextlib.suppress(OSError):  # left by a conversion that was killed: not in use
            if time.time() - lock.stat().st_mtime > 2 * DEFAULT_TIMEOUT_S:
                lock.unlink()
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.close(fd)
        return kept
    except OSError:
        return Path(tempfile.mkdtemp(prefix="cchc-lo-"))


def _release(profile: Path) -> None:
    if (profile / _LOCK).exists():
        (profile / _LOCK).unlink(missing_ok=True)
    else:
        shutil.rmtree(profile, ignore_errors=True)


class WordConverter:
    """Microsoft Word through COM (pywin32, imported only here, only on Windows). Not exercised by
    the tests, which run on Linux."""

    name = "Microsoft Word"

    def convert(self, docx: Path, outdir: Path, timeout: float) -> Path:
        import pythoncom
        import win32com.client

        pdf = outdir / (docx.stem + ".pdf")
        pythoncom.CoInitialize()
        word = None
        try:
            word = win32com.client.DispatchEx("Word.Application")  # its own, hidden instance
            word.Visible = False
            word.DisplayAlerts = 0
            doc = word.Documents.Open(str(docx), ReadOnly=True, AddToRecentFiles=False)
            try:
                doc.ExportAsFixedFormat(str(pdf), 17)  # wdExportFormatPDF
            finally:
                doc.Close(False)
        except Exception as exc:  # a COM error: Word missing, broken, or refused the file
            raise UserError(f"Microsoft Word không chuyển được tệp sang PDF: {exc}") from None
        finally:
            if word is not None:
                with contextlib.suppress(Exception):  # Word already gone: nothing to close
                    word.Quit()
            pythoncom.CoUninitialize()
        if not pdf.exists():
            raise UserError("Microsoft Word không tạo ra tệp PDF.")
        return pdf


def _word_available() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import winreg

        import win32com.client  # noqa: F401

        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, "Word.Application"))
    except (ImportError, OSError):
        return False
    return True


def find_soffice() -> str | None:
    """The LibreOffice program: on PATH, else where its Windows installer puts it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if base:
                exe = Path(base) / "LibreOffice" / "program" / "soffice.exe"
                if exe.exists():
                    return str(exe)
    return None


def find_converter() -> PdfConverter:
    if _word_available():
        return WordConverter()
    soffice = find_soffice()
    if soffice is not None:
        return LibreOfficeConverter(soffice)
    raise PdfUnavailableError(
        "Máy này chưa có chương trình chuyển tệp Word sang PDF. Hãy cài LibreOffice (miễn phí,"
        " tải ở https://vi.libreoffice.org) hoặc Microsoft Word rồi thử lại. Trong lúc chờ, có"
        " thể “Xuất Word” rồi mở tệp đó để in."
    )


def docx_to_pdf(
    docx: Path,
    out: Path,
    *,
    converter: PdfConverter | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Path:
    """Convert docx into out (replaced whole, or left as it was on any failure)."""
    converter = converter or find_converter()
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        made = converter.convert(docx, Path(tmp), timeout)
        try:
            data = made.read_bytes()
        except OSError as exc:
            raise FileProblemError(f"Không đọc được tệp PDF vừa tạo: {exc}") from None
    atomic_write_bytes(out, data)
    return out
