"""The reference report's transcription (tests/fixtures/seeds/004-*.txt) turned back into a Word file,
the way its author's Word file was shaped: one paragraph per line, **bold** / ***bold italic*** and
"#" headings as bold runs, <sup>N</sup> marks as real footnotes, tab-separated lines as tables
(<b>, <p>, <li> inside a cell as bold runs and paragraphs). It has no header table: the
transcription lost the header's two columns."""

from __future__ import annotations

import html
import re
from pathlib import Path

import docx
from docx.table import _Cell

from cchc_desktop.export.docx.footnotes import add_footnote

SEED_004 = (
    Path(__file__).parent / "fixtures" / "seeds" / "004-bao-cao-cchc-stc-ha-tinh-6-thang-2024.txt"
)
_SUP = re.compile(r"<sup>(\d+)</sup>")


def _cell(cell: _Cell, text: str) -> None:
    first = True
    for raw in re.split(r"</p>|<li[^>]*>|</li>|<br\s*/?>", html.unescape(text)):
        part = re.sub(r"</?(p|ul|ol|i|span)[^>]*>", "", raw).strip()
        if not part:
            continue
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        for piece in re.split(r"(<b>.*?</b>)", part):
            if piece:
                p.add_run(re.sub(r"</?b>", "", piece)).bold = piece.startswith("<b>")


def seed_docx(source: Path, target: Path) -> Path:
    notes: dict[str, str] = {}
    body: list[str] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^<sup>(\d+)</sup>\s*(.*)$", line.strip())
        if m:
            notes.setdefault(m.group(1), m.group(2))
        else:
            body.append(line)
    doc = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = doc.add_table(rows=0, cols=max(len(r) for r in rows))
            for r in rows:
                for cell, text in zip(table.add_row().cells, r, strict=False):
                    _cell(cell, text)
            rows.clear()

    for line in body:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if not line.strip():
            continue
        flush()
        heading = bool(re.match(r"^#+\s", line))
        p = doc.add_paragraph()
        for part in re.split(
            r"(\*\*\*.+?\*\*\*|\*\*.+?\*\*|<sup>\d+</sup>)", re.sub(r"^#+\s*", "", line)
        ):
            mark = _SUP.fullmatch(part)
            if mark:
                if mark.group(1) in notes:
                    add_footnote(p, notes[mark.group(1)])
            elif part:
                run = p.add_run(part.strip("*"))
                run.bold, run.italic = heading or part.startswith("**"), part.startswith("***")
    flush()
    doc.save(str(target))
    return target
