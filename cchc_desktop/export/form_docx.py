"""Reads the tables of a Word (.docx) statistics form as rows of cell text and bold flags.

A province's form arrives by e-mail: untrusted input, read with the Excel import's safety (size
limits, zip checks, no DTD: xlsx_safety's DOCX checks) and parsed with defusedxml. Unlike the report
reader (docx_import.py) it lays each table out on its grid. Merged cells are laid out on the
table's grid (a cell spanning two columns fills the first, a vertical continuation is empty) so
that the header's columns line up with the rows'.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..domain.catalog_import import MAX_TABLE_ROWS, FormDocument, SourceTable, TableRow
from ..domain.vn import clean_line, nfc
from ..errors import FileProblemError
from .docx.catalog_part import ROOT as CATALOG_ROOT
from .xlsx_safety import DOCX, read_file_checked

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
_SAVE_AS_DOCX = (
    "Hãy mở tệp trong Word, chọn Tệp > Lưu thành > “Tài liệu Word (*.docx)” rồi nhập lại."
)
_OFF = {"0", "false", "off"}


def read_form(path: Path) -> FormDocument:
    """Every top-level table of the document, in order, with the paragraphs above each, and the
    catalog the app wrote into its own export (export/docx/catalog_part.py), if any."""
    name = path.name
    data = read_file_checked(path, DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            document = _parse(zf.read(DOCUMENT))
            styles = _parse(zf.read(STYLES)) if STYLES in zf.namelist() else None
            known = _known_catalog(zf)
    except FileProblemError:
        raise
    except Exception as exc:  # untrusted input: any parser failure is "this file is broken"
        raise _broken(name, exc) from None
    return FormDocument(_tables(document, styles, name), known)


def _known_catalog(zf: zipfile.ZipFile) -> dict[str, Any] | None:
    for part in zf.namelist():
        if not (part.startswith("customXml/item") and part.endswith(".xml")):
            continue
        if part.startswith("customXml/itemProps"):
            continue
        root = _parse(zf.read(part))
        if root.tag != CATALOG_ROOT:
            continue
        try:
            data = json.loads(root.text or "")
        except ValueError:
            return None  # damaged: the table is inferred as any other form's
        return data if isinstance(data, dict) else None
    return None


def _tables(document: Any, styles: Any, name: str) -> list[SourceTable]:
    bold = _BoldStyles(styles)
    body = document.find(W + "body")
    if body is None:
        raise FileProblemError(f"Tệp “{name}” không có nội dung văn bản (thiếu w:body).")
    tables: list[SourceTable] = []
    before: list[str] = []
    for element in _blocks(body):
        if element.tag == W + "p":
            text = clean_line(_text(element))
            if text:
                before = [*before[-5:], text]
        elif element.tag == W + "tbl":
            tables.append(_table(element, len(tables) + 1, tuple(before), bold, name))
            before = []
    return tables


def _parse(xml: bytes) -> Any:
    from defusedxml import ElementTree

    return ElementTree.fromstring(xml, forbid_dtd=True)


def _broken(name: str, exc: BaseException) -> FileProblemError:
    if (type(exc).__module__ or "").startswith("defusedxml"):
        return FileProblemError(
            f"Tệp “{name}” chứa khai báo thực thể XML (kiểu tấn công làm treo hoặc lộ dữ liệu "
            "máy tính) nên không được mở."
        )
    return FileProblemError(
        f"Tệp “{name}” bị hỏng, không đọc được nội dung văn bản ({type(exc).__name__}). "
        + DOCX.save_as
    )


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables of the body in order, looking inside content controls."""
    for child in parent:
        if child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (W + "p", W + "tbl"):
            yield child


def _text(element: Any) -> str:
    """The text of a paragraph or cell: line breaks kept, paragraphs on their own lines."""
    paragraphs = element.iter(W + "p") if element.tag != W + "p" else [element]
    lines = []
    for p in paragraphs:
        parts = []
        for node in p.iter():
            if node.tag == W + "t":
                parts.append(node.text or "")
            elif node.tag == W + "tab":
                parts.append(" ")
            elif node.tag in (W + "br", W + "cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return nfc("\n".join(lines))


class _BoldStyles:
    """Whether a run is bold: its own properties, else its character style, else its paragraph
    style (each following basedOn), else the document defaults."""

    def __init__(self, styles: Any) -> None:
        self._styles: dict[str, Any] = {}
        self._default = False
        if styles is None:
            return
        for style in styles.iter(W + "style"):
            sid = style.get(W + "styleId")
            if sid:
                self._styles[sid] = style
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self._default = bool(_flag(defaults))

    def style_bold(self, style_id: str | None) -> bool | None:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return None
            value = _flag(style.find(W + "rPr"))
            if value is not None:
                return value
            based = style.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return None

    def run_bold(self, run: Any, paragraph: Any) -> bool:
        rpr = run.find(W + "rPr")
        own = _flag(rpr)
        if own is not None:
            return own
        if rpr is not None:
            rstyle = rpr.find(W + "rStyle")
            if rstyle is not None:
                value = self.style_bold(rstyle.get(W + "val"))
                if value is not None:
                    return value
        ppr = paragraph.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        if pstyle is not None:
            value = self.style_bold(pstyle.get(W + "val"))
            if value is not None:
                return value
        return self._default


def _flag(rpr: Any) -> bool | None:
    if rpr is None:
        return None
    b = rpr.find(W + "b")
    if b is None:
        return None
    return (b.get(W + "val") or "1").lower() not in _OFF


def _cell_bold(tc: Any, bold: _BoldStyles) -> bool:
    """All the cell's visible text is bold (an empty cell is not)."""
    seen = False
    for p in tc.iter(W + "p"):
        for run in p.iter(W + "r"):
            text = "".join(t.text or "" for t in run.iter(W + "t"))
            if not text.strip():
                continue
            if not bold.run_bold(run, p):
                return False
            seen = True
    return seen


def _table(
    tbl: Any, number: int, before: tuple[str, ...], bold: _BoldStyles, name: str
) -> SourceTable:
    rows: list[TableRow] = []
    for index, tr in enumerate(tbl.findall(W + "tr"), start=1):
        if index > MAX_TABLE_ROWS + 20:
            raise FileProblemError(
                f"Tệp “{name}”, bảng {number}: hơn {MAX_TABLE_ROWS} dòng, không phải biểu thống kê."
            )
        cells: list[str] = []
        flags: list[bool] = []
        trpr = tr.find(W + "trPr")
        grid_before = trpr.find(W + "gridBefore") if trpr is not None else None
        if grid_before is not None:
            skip = _int(grid_before.get(W + "val"))
            cells += [""] * skip
            flags += [False] * skip
        for tc in tr.findall(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = 1
            continuation = False
            if tcpr is not None:
                gs = tcpr.find(W + "gridSpan")
                if gs is not None:
                    span = max(1, min(_int(gs.get(W + "val")), 50))
                vm = tcpr.find(W + "vMerge")
                continuation = vm is not None and (vm.get(W + "val") or "continue") == "continue"
            text = "" if continuation else _text(tc)
            flag = False if continuation else _cell_bold(tc, bold)
            cells += [text] + [""] * (span - 1)
            flags += [flag] + [False] * (span - 1)
            if len(cells) > 60:
                break
        rows.append(TableRow(number=index, cells=tuple(cells), bold=tuple(flags)))
    return SourceTable(number=number, rows=tuple(rows), before=before)


def _int(value: str | None) -> int:
    try:
        return int(value or "0")
    except ValueError:
        return 0
