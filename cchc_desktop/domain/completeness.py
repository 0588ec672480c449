"""How much of Phụ lục III is filled in: "84/105 chỉ tiêu", the empty rows, a warning per group."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import filterfalse
from typing import TYPE_CHECKING

from .catalog import Catalog, Indicator
from .frozen import Frozen

if TYPE_CHECKING:
    from .rules.model import Finding

RULE = "completeness.group"


def counted(catalog: Catalog, optional_groups: Collection[str]) -> list[Indicator]:
    """The indicators that take a value on this report's form: group title rows and the rows of
    optional groups the unit has not switched on do not count."""
    return [i for i in catalog.enabled(frozenset(optional_groups)) if i.has_value]


class Completeness(Frozen):
    """How much of a report's Phụ lục III holds a figure."""

    __match_args__ = ("filled", "total", "empty")
    filled: int
    total: int
    empty: tuple[str, ...]  # codes of the counted indicators without a figure, in form order

    def __init__(
        self,
        filled: int,
        total: int,
        empty: tuple[str, ...],
    ) -> None:
        object.__setattr__(self, "filled", filled)
        object.__setattr__(self, "total", total)
        object.__setattr__(self, "empty", empty)

    @property
    def label(self) -> str:
        return f"{self.filled}/{self.total} chỉ tiêu"


def counted_codes(catalog: Catalog, optional_groups: Collection[str]) -> tuple[str, ...]:
    """The codes of counted(), in form order."""
    return tuple(i.code for i in counted(catalog, optional_groups))


def completeness(
    catalog: Catalog, optional_groups: Collection[str], filled_codes: Collection[str]
) -> Completeness:
    """filled_codes: the codes holding a figure (a note alone is no figure)."""
    return completeness_of(counted_codes(catalog, optional_groups), filled_codes)


def completeness_of(counted: Sequence[str], filled_codes: Iterable[str]) -> Completeness:
    """completeness() from the form's counted_codes, worked out once for many reports (the list)."""
    filled = filled_codes if isinstance(filled_codes, (set, frozenset)) else set(filled_codes)
    empty = tuple(filterfalse(filled.__contains__, counted))  # in C: a list asks 2,000 times
    return Completeness(len(counted) - len(empty), len(counted), empty)


def filled_codes(values: Mapping[str, object]) -> set[str]:
    """The codes of a report's values that hold a figure (IndicatorValue.value is not None)."""
    return {code for code, v in values.items() if getattr(v, "value", None) is not None}


def completeness_findings(catalog: Catalog, done: Completeness) -> list[Finding]:
    """A warning per group of the form with empty indicators, naming how many: shown before a
    final export so that an unfilled form is never sent as official unseen."""
    # the rules package is imported here, not with the module: the report list counts filled
    # rows (completeness above) and never needs it
    from .rules.model import Finding, Severity

    by_group: dict[str, list[str]] = {}
    for code in done.empty:
        by_group.setdefault(catalog.get(code).group or code.split(".")[0], []).append(code)
    out = []
    for group, codes in by_group.items():
        head = catalog.find(group)
        title = f"nhóm {group}. {head.label}" if head is not None else f"nhóm {group}"
        total = sum(1 for i in catalog if i.group == group and i.has_value) or len(codes)
        out.append(
            Finding(
                Severity.WARNING,
                f"{RULE}:{group}",
                tuple(codes),
                f"Phụ lục III, {title}: {len(codes)}/{total} chỉ tiêu chưa nhập số liệu.",
            )
        )
    return out
