"""Use case: the report as PDF (for printing and sending), through its Word file."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..domain.catalog import Catalog
from ..domain.report import Report
from ..export import pdf as pdf_export
from ..export.pdf import PdfConverter
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
        return pdf_export.docx_to_pdf(docx, out, converter=converter)


def find_converter() -> PdfConverter:
    """The program that will make the PDF (Microsoft Word, else LibreOffice); PdfUnavailableError
    (a UserError saying what to install) when there is none. Looked up at each call."""
    return pdf_export.find_converter()
