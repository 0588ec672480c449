"""Where a compiled report's figures came from: its unit's sub-units, each part's figures, what the
last merge wrote and which values the user overrode since (stored by migration 0006)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .aggregate import Part, same_value
from .report import IndicatorValue


class SubUnitKind(Enum):
    DEPARTMENT = "phong"  # phòng, ban chuyên môn
    AFFILIATE = "don-vi"  # đơn vị trực thuộc

    @property
    def label(self) -> str:
        return "Phòng, ban" if self is SubUnitKind.DEPARTMENT else "Đơn vị trực thuộc"

    @classmethod
    def parse(cls, text: str) -> SubUnitKind:
        key = text.strip().casefold()
        for kind in cls:
            if key in (kind.value, kind.label.casefold()):
                return kind
        if key in ("phòng", "ban"):
            return cls.DEPARTMENT
        if key in ("đơn vị", "đơn vị trực thuộc", "don-vi-truc-thuoc"):
            return cls.AFFILIATE
        raise ValueError(text)


@dataclass(frozen=True)
class SubUnit:
    name: str
    kind: SubUnitKind = SubUnitKind.DEPARTMENT


@dataclass(frozen=True)
class MergedMark:
    """What the last merge made of one indicator."""

    status: str  # aggregate.Status value: "merged" or "manual"
    value: Decimal | str | None  # what it wrote ("merged"); None for "manual"
    overridden: bool = False  # the user changed the value after the merge


@dataclass(frozen=True)
class PartInfo:
    source: str  # the file's name, or "báo cáo số 12"
    catalog_version: str
    merged_at: dt.datetime


@dataclass
class Provenance:
    """A report's whole provenance: written and restored as one (a merge, its undo)."""

    sources: dict[str, dict[str, IndicatorValue]] = field(default_factory=dict)  # code->part->v
    merged: dict[str, MergedMark] = field(default_factory=dict)
    parts: dict[str, PartInfo] = field(default_factory=dict)  # part name -> where from

    def is_empty(self) -> bool:
        return not (self.sources or self.merged or self.parts)

    def table(self) -> dict[str, dict[str, IndicatorValue]]:
        """part -> code -> value: the figures of each part, as domain.aggregate reads them."""
        out: dict[str, dict[str, IndicatorValue]] = {p: {} for p in self.parts}
        for code, by_part in self.sources.items():
            for part, iv in by_part.items():
                out.setdefault(part, {})[code] = iv
        return out

    def parts_of(self, code: str) -> list[Part]:
        """One indicator's parts, in the order the parts were merged."""
        by_part = self.sources.get(code, {})
        order = list(self.parts) + [p for p in by_part if p not in self.parts]
        return [Part(p, by_part[p].value, by_part[p].note) for p in order if p in by_part]

    def is_overridden(self, code: str, current: Decimal | str | None) -> bool:
        """Whether the user changed the merged value (now or before the last merge)."""
        mark = self.merged.get(code)
        if mark is None or mark.status != "merged":
            return False
        return mark.overridden or not same_value(mark.value, current)

    def ordered(self, known: list[str]) -> Provenance:
        """The parts in the order of the unit's list of sub-units, the others after them."""
        rank = {k: i for i, k in enumerate(known)}
        self.parts = dict(sorted(self.parts.items(), key=lambda kv: rank.get(kv[0], len(rank))))
        return self

    def copy(self) -> Provenance:
        return copy.deepcopy(self)
