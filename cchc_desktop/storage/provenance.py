"""Reads and writes the tables of migration 0006: sub-units and a compiled report's provenance."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..domain.provenance import MergedMark, PartInfo, Provenance, SubUnit, SubUnitKind
from ..domain.report import IndicatorValue
from .models import MergedValueRow, MergePartRow, SubUnitRow, UnitRow, ValueSourceRow


def _split(value: Decimal | str | None) -> tuple[Decimal | None, str | None]:
    return (value, None) if isinstance(value, Decimal) else (None, value)


def load_sub_units(s: Session, unit_name: str) -> list[SubUnit]:
    rows = s.scalars(
        select(SubUnitRow)
        .join(UnitRow, UnitRow.id == SubUnitRow.unit_id)
        .where(UnitRow.name == unit_name)
        .order_by(SubUnitRow.position, SubUnitRow.id)
    )
    return [SubUnit(r.name, SubUnitKind(r.kind)) for r in rows]


def replace_sub_units(s: Session, unit_id: int, subs: list[SubUnit]) -> None:
    s.execute(delete(SubUnitRow).where(SubUnitRow.unit_id == unit_id))
    s.flush()
    for i, sub in enumerate(subs):
        s.add(SubUnitRow(unit_id=unit_id, name=sub.name, kind=sub.kind.value, position=i))


def load_provenance(s: Session, report_id: int) -> Provenance:
    out = Provenance()
    for p in s.scalars(
        select(MergePartRow)
        .where(MergePartRow.report_id == report_id)
        .order_by(MergePartRow.position, MergePartRow.sub_unit)
    ):
        out.parts[p.sub_unit] = PartInfo(p.source, p.catalog_version, p.merged_at)
    for v in s.scalars(select(ValueSourceRow).where(ValueSourceRow.report_id == report_id)):
        value = v.number if v.number is not None else v.text
        out.sources.setdefault(v.code, {})[v.sub_unit] = IndicatorValue(value, v.note)
    for m in s.scalars(select(MergedValueRow).where(MergedValueRow.report_id == report_id)):
        value = m.number if m.number is not None else m.text
        out.merged[m.code] = MergedMark(m.status, value, bool(m.overridden))
    return out


def replace_provenance(s: Session, report_id: int, prov: Provenance) -> None:
    """The report's provenance becomes prov, in the caller's transaction."""
    for model in (ValueSourceRow, MergedValueRow, MergePartRow):
        s.execute(delete(model).where(model.report_id == report_id))
    s.flush()
    # bulk inserts: a hundred parts of a hundred indicators are ten thousand rows
    parts = [
        {
            "report_id": report_id,
            "sub_unit": name,
            "source": info.source,
            "catalog_version": info.catalog_version,
            "merged_at": info.merged_at,
            "position": position,
        }
        for position, (name, info) in enumerate(prov.parts.items())
    ]
    sources = [
        {
            "report_id": report_id,
            "code": code,
            "sub_unit": part,
            "number": _split(iv.value)[0],
            "text": _split(iv.value)[1],
            "note": iv.note,
        }
        for code, by_part in prov.sources.items()
        for part, iv in by_part.items()
    ]
    merged = [
        {
            "report_id": report_id,
            "code": code,
            "status": mark.status,
            "number": _split(mark.value)[0],
            "text": _split(mark.value)[1],
            "overridden": int(mark.overridden),
        }
        for code, mark in prov.merged.items()
    ]
    for model, rows in ((MergePartRow, parts), (ValueSourceRow, sources), (MergedValueRow, merged)):
        if rows:
            s.execute(insert(model), rows)
