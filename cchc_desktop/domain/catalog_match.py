"""Which row of an earlier version of a form is which row of a newer one (Phụ lục III across years).

A province renumbers and renames rows between years; the previous-period column, the cross-period
checks and "Tạo từ kỳ trước" must still find last year's figure. Rows are matched in this order:
a correction the user stored (new code -> old code, or None: no counterpart), then the same code
with the same label, then the same label (normalised: NFC, spaces, case, trailing ":" and
punctuation) where it is unique on both sides, then the same code whatever the label. Only rows of
compatible kinds (a figure for a figure, a heading for a heading) are matched. What stays unmatched
on either side is listed, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .catalog import Catalog, Indicator, IndicatorKind
from .report import IndicatorValue
from .vn import clean_line

_PUNCT = re.compile(r"[\s:;,.\-–—()\"“”']+")


def normalized_label(label: str) -> str:
    """A label as compared across versions: NFC, case and punctuation/spacing ignored."""
    return _PUNCT.sub(" ", clean_line(label).casefold()).strip()


def _compatible(a: Indicator, b: Indicator) -> bool:
    if a.kind is IndicatorKind.GROUP or b.kind is IndicatorKind.GROUP:
        return a.kind is b.kind
    return a.kind is b.kind or (
        a.numeric and b.numeric and IndicatorKind.CHOICE not in (a.kind, b.kind)
    )


@dataclass(frozen=True)
class IndicatorMatch:
    """new code -> old code for every matched row, how each was matched, and what is left over."""

    old_key: str
    new_key: str
    new_to_old: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)  # new code -> "user", "code", "label"
    unmatched_new: list[str] = field(default_factory=list)  # rows with a value, in form order
    unmatched_old: list[str] = field(default_factory=list)

    @property
    def old_to_new(self) -> dict[str, str]:
        return {o: n for n, o in self.new_to_old.items()}

    @property
    def identical(self) -> bool:
        return (
            not self.unmatched_new
            and not self.unmatched_old
            and all(n == o for n, o in self.new_to_old.items())
        )

    def carry(
        self, values: Mapping[str, IndicatorValue]
    ) -> tuple[dict[str, IndicatorValue], list[str]]:
        """Values keyed by old codes -> keyed by new codes, and the old codes that had a value
        but no counterpart (listed to the user)."""
        old_to_new = self.old_to_new
        out: dict[str, IndicatorValue] = {}
        lost: list[str] = []
        for code, value in values.items():
            new = old_to_new.get(code)
            if new is None:
                if value.value is not None or value.note:
                    lost.append(code)
                continue
            out[new] = value
        return out, lost


def match_indicators(
    old: Catalog, new: Catalog, overrides: Mapping[str, str | None] = {}
) -> IndicatorMatch:
    """Match the rows of `old` to those of `new` (see the module docstring)."""
    new_to_old: dict[str, str] = {}
    how: dict[str, str] = {}
    taken: set[str] = set()

    def pair(n: Indicator, o: Indicator, reason: str) -> None:
        new_to_old[n.code] = o.code
        how[n.code] = reason
        taken.add(o.code)

    decided: set[str] = set()
    for new_code, old_code in overrides.items():
        n = new.find(new_code)
        if n is None:
            continue
        decided.add(new_code)
        o = old.find(old_code) if old_code else None
        if o is not None and o.code not in taken:
            pair(n, o, "user")
    open_new = [n for n in new if n.code not in decided]

    def free_old() -> list[Indicator]:
        return [o for o in old if o.code not in taken]

    # 1. the same code and the same label
    for n in open_new:
        o = old.find(n.code)
        if (
            o is not None
            and o.code not in taken
            and _compatible(n, o)
            and normalized_label(o.label) == normalized_label(n.label)
        ):
            pair(n, o, "code")
    # 2. the same label, unique on both sides
    rest = [n for n in open_new if n.code not in new_to_old]
    new_labels: dict[str, list[Indicator]] = {}
    for n in rest:
        new_labels.setdefault(normalized_label(n.label), []).append(n)
    old_labels: dict[str, list[Indicator]] = {}
    for o in free_old():
        old_labels.setdefault(normalized_label(o.label), []).append(o)
    for label, ns in new_labels.items():
        os_ = old_labels.get(label, [])
        if label and len(ns) == 1 and len(os_) == 1 and _compatible(ns[0], os_[0]):
            pair(ns[0], os_[0], "label")
    # 3. the same code, renamed
    for n in open_new:
        if n.code in new_to_old:
            continue
        o = old.find(n.code)
        if o is not None and o.code not in taken and _compatible(n, o):
            pair(n, o, "code")
    return IndicatorMatch(
        old_key=old.key,
        new_key=new.key,
        new_to_old=new_to_old,
        how=how,
        unmatched_new=[n.code for n in new if n.has_value and n.code not in new_to_old],
        unmatched_old=[o.code for o in old if o.has_value and o.code not in taken],
    )
