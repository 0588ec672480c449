"""Use case: the report as PDF (for printing and sending), through its Word file."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..domain.catalog import Catalog
from ..domain.report import Report
from ..export.pdf import PdfConverter, docx_to_pdf, find_converter
from .export_docx import export_docx


def export_pdf(
    report: Report,
    catalog: Catalog,
    out: Path,
    *,
    draft: bool,
    findings: Sequence[object],
    converter: PdfConverter | None = None,
) -> Path:
    """Write the Word file as export_docx does (a final one refuses while errors remain), then
    convert it; `out` is replaced whole or left as it was."""
    converter = converter or find_converter()  # say what to install before any work is done
    with tempfile.TemporaryDirectory(prefix="cchc-docx-") as tmp:
        docx = Path(tmp) / "bao-cao.docx"
        export_docx(report, catalog, docx, draft=draft, findings=findings)
        return docx_to_pdf(docx, out, converter=converter)


def converter_name() -> str:
    """Which program will make the PDF ("Microsoft Word", "LibreOffice"); PdfUnavailableError."""
    return find_converter().name
