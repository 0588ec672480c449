"""`cchc export-pdf`: the Word file converted by LibreOffice here (Word through COM on Windows is
not exercised: no Windows here), and what the user sees when conversion cannot happen."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from _cli_support import Cli

from cchc_desktop.errors import UserError
from cchc_desktop.export import pdf as pdf_module
from cchc_desktop.export.pdf import LibreOfficeConverter, docx_to_pdf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert found is not None
    return int(found.group(1))


def _text(pdf: Path, page: int | None = None) -> str:
    span = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", *span, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.libreoffice
@pytest.mark.timeout(600)
def test_pdf_has_the_pages_fonts_footnotes_and_numbers_of_the_word_file(
    cli: Cli, demo_id: int, tmp_path: Path
) -> None:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    out = tmp_path / "bao-cao.pdf"
    code, stdout, err = cli("export-pdf", str(demo_id), str(out), "--draft")
    assert code == 0, err
    assert f"Đã xuất bản dự thảo PDF: {out}" in stdout
    assert out.read_bytes()[:5] == b"%PDF-"
    # the Word file of the same report, rendered the way tools/render-docx does
    docx = tmp_path / "bao-cao.docx"
    assert cli("export-docx", str(demo_id), str(docx), "--draft")[0] == 0
    render = tmp_path / "render"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(render),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    rendered = render / "bao-cao.pdf"
    assert _pages(out) == _pages(rendered) >= 15
    fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True)
    assert (
        fonts.stdout.count(" yes ") >= 2
    )  # embedded serif faces (Times New Roman or its metric twin)
    assert "Serif" in fonts.stdout or "Times" in fonts.stdout
    text = _text(out)
    assert "Kế hoạch số 191/KH-STC ngày 11/01/2024" in text  # the first footnote, at the page foot
    assert _text(out, 2).lstrip().split("\n", 1)[0].split()[0] == "2"  # page number on page 2


class _FakeConverter:
    name = "giả lập"

    def __init__(self) -> None:
        self.calls: list[Path] = []

    def convert(self, docx: Path, outdir: Path, timeout: float) -> Path:
        self.calls.append(docx)
        assert docx.read_bytes()[:2] == b"PK"  # it is handed a real Word file
        made = outdir / (docx.stem + ".pdf")
        made.write_bytes(b"%PDF-1.4\n% fake\n")
        return made


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> _FakeConverter:
    converter = _FakeConverter()
    monkeypatch.setattr(pdf_module, "find_converter", lambda: converter)
    return converter


def test_nothing_to_convert_with_says_what_to_install(
    cli: Cli, demo_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    monkeypatch.setattr(pdf_module, "_word_available", lambda: False)
    out = tmp_path / "x.pdf"
    code, stdout, err = cli("export-pdf", str(demo_id), str(out), "--draft")
    assert code == 2 and stdout == ""
    assert "Hãy cài LibreOffice" in err and "Microsoft Word" in err and "Traceback" not in err
    assert not out.exists()


def test_final_pdf_is_refused_while_errors_remain(
    cli: Cli, demo_id: int, tmp_path: Path, fake: _FakeConverter
) -> None:
    assert cli("set", str(demo_id), "1.1.2", "999")[0] == 0  # more done than planned
    out = tmp_path / "x.pdf"
    code, _, err = cli("export-pdf", str(demo_id), str(out))
    assert code == 1 and "chỉ xuất được bản dự thảo" in err
    assert not out.exists() and fake.calls == []
    code, _, err = cli("export-pdf", str(demo_id), str(out), "--draft")
    assert code == 0 and out.read_bytes().startswith(b"%PDF")


def test_final_pdf_names_the_empty_groups(
    cli: Cli, demo_id: int, tmp_path: Path, fake: _FakeConverter
) -> None:
    code, _, err = cli("export-pdf", str(demo_id), str(tmp_path / "x"))
    assert code == 0 and (tmp_path / "x.pdf").exists()  # ".pdf" added
    assert "CẢNH BÁO: Phụ lục III, nhóm 7." in err


def test_an_unwritable_target_is_a_vietnamese_message_and_nothing_changes(
    cli: Cli, demo_id: int, tmp_path: Path, fake: _FakeConverter
) -> None:
    code, _, err = cli("export-pdf", str(demo_id), str(tmp_path / "khong-co" / "x.pdf"), "--draft")
    assert code == 2 and "không tồn tại" in err and "Traceback" not in err
    folder = tmp_path / "la-thu-muc.pdf"
    folder.mkdir()
    code, _, err = cli("export-pdf", str(demo_id), str(folder), "--draft")
    assert code == 2 and "thư mục" in err and "Traceback" not in err
    assert folder.is_dir() and not list(folder.iterdir())


def test_a_conversion_that_hangs_is_stopped_with_a_message(tmp_path: Path) -> None:
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    with pytest.raises(UserError) as caught:
        docx_to_pdf(docx, target, converter=LibreOfficeConverter(str(slow)), timeout=1)
    assert "sau 1 giây" in caught.value.message
    assert target.read_bytes() == b"old"  # left as it was


def test_a_failed_conversion_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    broken.chmod(0o755)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(UserError) as caught:
        docx_to_pdf(docx, tmp_path / "a.pdf", converter=LibreOfficeConverter(str(broken)))
    assert caught.value.message.startswith("LibreOffice không chuyển được tệp Word sang PDF")
    assert "could not be loaded" in caught.value.message
    assert not (tmp_path / "a.pdf").exists()
