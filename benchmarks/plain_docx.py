"""The plain python-docx baseline of the Word export benchmarks: paragraphs and tables written with
python-docx's default template and no formatting. Imports python-docx alone (no app code), so that
`python benchmarks/plain_docx.py BLOCKS.json OUT.docx` is the whole-process baseline.

BLOCKS.json: a list of ["p", text] (a paragraph) and ["t", rows] (a table of 5 columns).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from docx import Document

Block = tuple[str, Any]


def write_plain(blocks: list[Block], path: Path) -> None:
    doc = Document()
    for kind, content in blocks:
        if kind == "p":
            doc.add_paragraph(content)
            continue
        rows: list[list[str]] = content
        table = doc.add_table(rows=len(rows), cols=5)
        for tr, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(tr.cells, values, strict=True):
                cell.text = value
    doc.save(str(path))


if __name__ == "__main__":
    write_plain(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), Path(sys.argv[2]))
