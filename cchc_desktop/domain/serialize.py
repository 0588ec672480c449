"""Reports to and from plain dicts (JSON): the demo data, `cchc show --json`, report packages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .periods import Period, PeriodKind
from .report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    ParagraphStyle,
    PropagandaRow,
    RemediationItem,
    Report,
    ReportStatus,
    Run,
    Section,
    Signer,
    Unit,
)
from .vn import nfc

JSON = dict[str, Any]


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    return Decimal(str(value))


def decimal_to_json(value: Decimal) -> int | float:
    """A figure as a JSON number: whole numbers as int, others as the shortest float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# --- paragraphs -------------------------------------------------------------------------------
def run_to_dict(run: Run) -> JSON:
    if run.footnote_id is not None:
        return {"footnote": run.footnote_id}
    out: JSON = {"text": run.text}
    if run.bold:
        out["bold"] = True
    if run.italic:
        out["italic"] = True
    return out


def run_from_dict(data: Any) -> Run:
    if isinstance(data, str):
        return Run(nfc(data))
    if "footnote" in data:
        return Run("", footnote_id=str(data["footnote"]))
    return Run(
        nfc(str(data.get("text", ""))),
        bold=bool(data.get("bold", False)),
        italic=bool(data.get("italic", False)),
    )


def paragraph_to_dict(p: Paragraph) -> JSON:
    return {"style": p.style.value, "runs": [run_to_dict(r) for r in p.runs]}


def paragraph_from_dict(data: Any) -> Paragraph:
    """A paragraph: {"style": "body"|"dash", "runs": [...]}; a bare string is a plain body paragraph."""
    if isinstance(data, str):
        return Paragraph([Run(nfc(data))])
    return Paragraph(
        [run_from_dict(r) for r in data.get("runs", [])], ParagraphStyle(data.get("style", "body"))
    )


def section_to_dict(s: Section) -> JSON:
    out: JSON = {
        "title": s.title,
        "paragraphs": [paragraph_to_dict(p) for p in s.paragraphs],
        "children": [section_to_dict(c) for c in s.children],
    }
    if not s.numbered:
        out["numbered"] = False
    return out


def section_from_dict(data: Mapping[str, Any]) -> Section:
    return Section(
        title=nfc(str(data["title"])),
        paragraphs=[paragraph_from_dict(p) for p in data.get("paragraphs", [])],
        children=[section_from_dict(c) for c in data.get("children", [])],
        numbered=bool(data.get("numbered", True)),
    )


def narrative_to_dict(n: Narrative) -> JSON:
    return {
        "intro": [paragraph_to_dict(p) for p in n.intro],
        "sections": [section_to_dict(s) for s in n.sections],
        "closing": [paragraph_to_dict(p) for p in n.closing],
    }


def narrative_from_dict(data: Mapping[str, Any]) -> Narrative:
    return Narrative(
        intro=[paragraph_from_dict(p) for p in data.get("intro", [])],
        sections=[section_from_dict(s) for s in data.get("sections", [])],
        closing=[paragraph_from_dict(p) for p in data.get("closing", [])],
    )


# --- appendices ---------------------------------------------------------------------------------
def propaganda_to_dict(r: PropagandaRow, *, numbers: bool = False) -> JSON:
    q: Any = r.quantity
    if q is not None:
        q = decimal_to_json(q) if numbers else str(q)
    return {"number": r.number, "label": r.label, "unit": r.unit, "quantity": q, "note": r.note}


def propaganda_from_dict(d: Mapping[str, Any]) -> PropagandaRow:
    return PropagandaRow(
        number=nfc(str(d.get("number", ""))),
        label=nfc(str(d["label"])),
        unit=nfc(str(d.get("unit", ""))),
        quantity=_dec(d.get("quantity")),
        note=nfc(str(d.get("note", ""))),
    )


def remediation_to_dict(r: RemediationItem, *, numbers: bool = False) -> JSON:
    def num(v: Decimal | None) -> Any:
        if v is None:
            return None
        return decimal_to_json(v) if numbers else str(v)

    return {
        "number": r.number,
        "criterion": r.criterion,
        "assessment": r.assessment,
        "score_got": num(r.score_got),
        "score_max": num(r.score_max),
        "findings": list(r.findings),
        "remedies": list(r.remedies),
        "deadlines": list(r.deadlines),
        "progress": list(r.progress),
    }


def remediation_from_dict(d: Mapping[str, Any]) -> RemediationItem:
    def texts(key: str) -> list[str]:
        return [nfc(str(x)) for x in d.get(key, [])]

    return RemediationItem(
        number=nfc(str(d.get("number", ""))),
        criterion=nfc(str(d["criterion"])),
        assessment=nfc(str(d.get("assessment", ""))),
        score_got=_dec(d.get("score_got")),
        score_max=_dec(d.get("score_max")),
        findings=texts("findings"),
        remedies=texts("remedies"),
        deadlines=texts("deadlines"),
        progress=texts("progress"),
    )


# --- the report ---------------------------------------------------------------------------------
def report_to_dict(report: Report, *, numbers: bool = False) -> JSON:
    """The whole report. With numbers=True figures are JSON numbers (for `cchc show --json`);
    otherwise exact decimal strings (for storage and packages, where nothing may be lost)."""
    values: JSON = {}
    for code, iv in report.values.items():
        v: Any = iv.value
        if isinstance(v, Decimal):
            v = decimal_to_json(v) if numbers else str(v)
        values[code] = {"value": v, "note": iv.note}
    return {
        "id": report.id,
        "unit": {
            "name": report.unit.name,
            "parent_authority": report.unit.parent_authority,
            "abbreviation": report.unit.abbreviation,
            "place": report.unit.place,
        },
        "period": {
            "kind": report.period.code,
            "year": report.period.year,
            "label": report.period.wording,
        },
        "catalog": {"id": report.catalog_id, "version": report.catalog_version},
        "status": report.status.value,
        "number": report.number,
        "symbol": report.symbol,
        "number_symbol": report.number_symbol,
        "place": report.place,
        "date": report.date.isoformat() if report.date else None,
        "subject": report.subject,
        "recipient_to": report.recipient_to,
        "signer": {
            "authority": report.signer.authority,
            "title": report.signer.title,
            "name": report.signer.name,
        },
        "recipients": list(report.recipients),
        "narrative": narrative_to_dict(report.narrative),
        "footnotes": [
            {"id": f.id, "text": f.text, "document_id": f.document_id} for f in report.footnotes
        ],
        "propaganda": [propaganda_to_dict(r, numbers=numbers) for r in report.propaganda],
        "remediation": [remediation_to_dict(r, numbers=numbers) for r in report.remediation],
        "optional_groups": sorted(report.optional_groups),
        "values": values,
        "created_at": report.created_at.isoformat() if report.created_at else None,
        "updated_at": report.updated_at.isoformat() if report.updated_at else None,
    }


def report_from_dict(data: Mapping[str, Any]) -> Report:
    u = data["unit"]
    p = data["period"]
    s = data.get("signer", {})
    cat = data["catalog"]
    values: dict[str, IndicatorValue] = {}
    for code, iv in data.get("values", {}).items():
        raw = iv.get("value") if isinstance(iv, Mapping) else iv
        note = nfc(str(iv.get("note", ""))) if isinstance(iv, Mapping) else ""
        value: Decimal | str | None
        if raw is None or raw == "":
            value = None
        elif isinstance(raw, (int, float, Decimal)) or (isinstance(raw, str) and _is_decimal(raw)):
            value = _dec(raw)
        else:
            value = nfc(str(raw))
        values[str(code)] = IndicatorValue(value, note)
    date = data.get("date")
    return Report(
        unit=Unit(
            name=nfc(str(u["name"])),
            parent_authority=nfc(str(u.get("parent_authority", ""))),
            abbreviation=nfc(str(u.get("abbreviation", ""))),
            place=nfc(str(u.get("place", ""))),
        ),
        period=Period(int(p["year"]), PeriodKind.parse(str(p["kind"]))),
        catalog_id=str(cat["id"]),
        catalog_version=str(cat["version"]),
        number=nfc(str(data.get("number", ""))),
        symbol=nfc(str(data.get("symbol", ""))),
        place=nfc(str(data.get("place", ""))),
        date=dt.date.fromisoformat(date) if date else None,
        subject=nfc(str(data.get("subject", ""))),
        recipient_to=nfc(str(data.get("recipient_to", ""))),
        signer=Signer(
            authority=nfc(str(s.get("authority", ""))),
            title=nfc(str(s.get("title", ""))),
            name=nfc(str(s.get("name", ""))),
        ),
        recipients=[nfc(str(r)) for r in data.get("recipients", [])],
        narrative=narrative_from_dict(data.get("narrative", {})),
        footnotes=[
            Footnote(text=nfc(str(f["text"])), id=str(f["id"]), document_id=f.get("document_id"))
            for f in data.get("footnotes", [])
        ],
        propaganda=[propaganda_from_dict(r) for r in data.get("propaganda", [])],
        remediation=[remediation_from_dict(r) for r in data.get("remediation", [])],
        values=values,
        optional_groups=set(data.get("optional_groups", [])),
        status=ReportStatus(data.get("status", "draft")),
    )


def _is_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() != "" and text.strip().lower() not in {"nan", "inf", "-inf", "infinity"}
