"""The catalog of Phụ lục III's printed rows, carried inside the .docx as a custom XML part.

What the printed table cannot say (the reference form's printed numbering, a heading row that
takes a count, the measure, the catalog's notes, choice codes as first printed) travels with the
document, so that importing the app's own export (`cchc import-catalog`) gives back the catalog it
was made with. The importer uses a row's entry only while the printed row still reads as it was
written (code, label, unit, parent): a row edited in Word is inferred again. Invisible in Word.
"""

from __future__ import annotations

import json

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ...domain.catalog import Catalog, catalog_to_dict
from ...domain.report import Report

NAMESPACE = "urn:cchc-desktop:catalog:1"
ROOT = f"{{{NAMESPACE}}}catalog"
_ITEM = "/customXml/item{n}.xml"
_PROPS = "/customXml/itemProps{n}.xml"
# A fixed datastore id: Word keeps a custom XML part that has one
_STORE_ID = "{6F0A4C6E-2C1B-4D8E-9C43-CC4C0000DA7A}"


def catalog_payload(report: Report, catalog: Catalog) -> dict[str, object]:
    """The printed rows of the report's Phụ lục III in the resources/catalogs JSON form."""
    data = catalog_to_dict(catalog)
    printed = {i.code for i in catalog.enabled(report.optional_groups)}
    data["indicators"] = [row for row in data["indicators"] if row["code"] in printed]
    data.pop("optional_groups", None)
    return data


def _escape(text: str) -> str:
    """XML text content: what xml.sax.saxutils.escape does, whose module imports urllib.request
    (http, email, ssl: about 50 ms of every export-docx)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attach_catalog(document: object, report: Report, catalog: Catalog) -> None:
    """Add the part to a python-docx Document (before it is saved)."""
    if not len(catalog):
        return
    doc_part = document.part  # type: ignore[attr-defined]
    package = doc_part.package
    n = 1 + sum(1 for rel in doc_part.rels.values() if rel.reltype == RT.CUSTOM_XML)
    payload = json.dumps(catalog_payload(report, catalog), ensure_ascii=False)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<catalog xmlns="{NAMESPACE}">{_escape(payload)}</catalog>'
    ).encode()
    item = Part(PackURI(_ITEM.format(n=n)), "application/xml", xml, package)
    props_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{_STORE_ID}" xmlns:ds='
        '"http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    props = Part(PackURI(_PROPS.format(n=n)), CT.OFC_CUSTOM_XML_PROPERTIES, props_xml, package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    doc_part.relate_to(item, RT.CUSTOM_XML)
