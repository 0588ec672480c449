"""What the export takes from outside its code: the Word template's named styles, and the wording
and conventions of the report template (resources/templates/*.json)."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError

from ...assets import data_path, report_template
from ...domain.vn import nfc
from ...errors import FileProblemError
from .ooxml import W

# Logical role -> the style name (w:name) the template must define. Footnote styles are added by
# the footnotes module when a template lacks them.
STYLE_NAMES: dict[str, str] = {
    "body": "Normal",
    "h1": "heading 1",
    "h2": "heading 2",
    "h3": "heading 3",
    "header": "header",
    "agency_parent": "Agency Parent",
    "agency_name": "Agency Name",
    "number": "Document Number",
    "national_title": "National Title",
    "national_motto": "National Motto",
    "place_date": "Place Date",
    "rule": "Rule",
    "recipient_to": "Recipient To",
    "title": "Report Title",
    "subject": "Report Subject",
    "signer": "Signer",
    "signer_name": "Signer Name",
    "recipients_heading": "Recipients Heading",
    "recipients_entry": "Recipients Entry",
    "appendix_heading": "Appendix Heading",
    "appendix_title": "Appendix Title",
    "appendix_reference": "Appendix Reference",
    "table_text": "Table Text",
    "table_heading": "Table Heading",
    "draft_mark": "Draft Mark",
    "table_grid": "Table Grid",
}

APPENDIX_KINDS = ("i", "ii", "iii")  # propaganda, remediation, statistics (keys of appendix_titles)


@dataclass(frozen=True)
class DocxLayout:
    """Wording and conventions that the report template (resources/templates/*.json) decides.

    A province that words its appendices differently edits the data, not this module.
    """

    appendix_titles: Mapping[str, str]  # "i" | "ii" | "iii" -> title, with {period}-style fields
    appendix_heading: str = (
        "PHỤ LỤC {roman}"  # the decree writes "Phụ lục I"; the reference report capitals
    )
    # Counts 1-9 printed "01".."09" in the appendix tables, as the reference report does (zero stays "0").
    count_leading_zero: bool = True


def layout_from_template(data: Mapping[str, Any]) -> DocxLayout:
    """The export's layout from a report template's data (see resources/templates/)."""
    titles = data.get("appendix_titles")
    missing = [
        k
        for k in APPENDIX_KINDS
        if not isinstance(titles, Mapping) or not str(titles.get(k, "")).strip()
    ]
    if missing or not isinstance(titles, Mapping):
        raise FileProblemError(
            "Mẫu báo cáo thiếu tên phụ lục (appendix_titles: "
            + ", ".join(f"“{m}”" for m in missing)
            + "). Hãy bổ sung trong resources/templates."
        )
    heading = str(data.get("appendix_heading") or "PHỤ LỤC {roman}")
    return DocxLayout(
        appendix_titles={k: nfc(str(titles[k])) for k in APPENDIX_KINDS},
        appendix_heading=nfc(heading),
        count_leading_zero=bool(data.get("count_leading_zero", True)),
    )


@cache
def default_layout() -> DocxLayout:
    """The layout of the app's own report template (used when the caller passes none)."""
    return layout_from_template(report_template())


def resolve_styles(doc: DocxDocument) -> dict[str, str]:
    """Style ids by role, found by style name (Word localises ids, never the built-in names)."""
    by_name: dict[str, str] = {}
    for style in doc.styles.element.iterchildren(W + "style"):
        name = style.find(W + "name")
        sid = style.get(W + "styleId")
        if name is not None and sid:
            by_name.setdefault(str(name.get(W + "val", "")).casefold(), sid)
    out: dict[str, str] = {}
    missing: list[str] = []
    for role, name in STYLE_NAMES.items():
        sid = by_name.get(name.casefold())
        if sid is None:
            missing.append(name)
        else:
            out[role] = sid
    if missing:
        raise FileProblemError(
            "Mẫu Word thiếu các kiểu (style) mà bản xuất cần: "
            + ", ".join(f"“{m}”" for m in missing)
            + ". Hãy dùng mẫu templates_docx/base.docx làm gốc."
        )
    return out


def default_template() -> Path:
    return data_path("templates_docx", "base.docx")


def open_template(template: Path | None) -> DocxDocument:
    path = template if template is not None else default_template()
    try:
        return Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblemError(
            f"Không mở được mẫu Word “{path.name}”: tệp không tồn tại hoặc không phải tệp .docx"
            f" hợp lệ ({exc})."
        ) from exc
