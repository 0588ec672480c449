"""The unit's register of cited documents: how a footnote cites one, how a pick list names one."""

from __future__ import annotations

from ..domain.stored import CitedDocument
from ..domain.vn import clean_line, format_date_short


def cite_document(doc: CitedDocument) -> str:
    """The footnote text citing a document of the register:
    "Kế hoạch số 191/KH-STC ngày 11/01/2024 của Sở Tài chính về công tác CCHC năm 2024."."""
    parts = [clean_line(doc.kind) or "Văn bản"]
    ref = "/".join(p for p in (clean_line(doc.number), clean_line(doc.symbol)) if p)
    if ref:
        parts.append(f"số {ref}")
    if doc.issued_on is not None:
        parts.append(f"ngày {format_date_short(doc.issued_on)}")
    if clean_line(doc.issuer):
        parts.append(f"của {clean_line(doc.issuer)}")
    subject = clean_line(doc.subject)
    if subject:
        parts.append(subject if subject.startswith("về ") else f"về {subject}")
    text = " ".join(parts)
    return text if text.endswith(".") else text + "."


def document_label(doc: CitedDocument) -> str:
    """A short line for pick lists: "Kế hoạch 191/KH-STC (11/01/2024) - công tác CCHC năm 2024"."""
    ref = "/".join(p for p in (doc.number, doc.symbol) if p)
    when = f" ({format_date_short(doc.issued_on)})" if doc.issued_on else ""
    subject = f" - {doc.subject}" if doc.subject else ""
    return f"{doc.kind} {ref}{when}{subject}".strip()
