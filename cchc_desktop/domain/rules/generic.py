"""The rules a form states in its own words, derived for any catalog (an imported province form
has no authored rules for them): a row printed or labelled "Trong đó" is a part of the row above
it (the parts are not larger than it), and the rows under a "Tổng số ..." row add up to it.

derive_rules (loader.py) already gives every catalog its ranges (a count whole and >= 0, a
percentage 0-100), its choice codes and the sums of rows the catalog flags as breakdowns; these
come on top, and a rule checking exactly what another rule of the set checks (same kind, same
rows) is not added twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..catalog import Catalog, Indicator
from ..vn import clean_line
from .loader import _ADDITIVE, DEFAULT_TEMPLATES, make_rule
from .model import PartLeWholeRule, Rule, RuleKind, Severity, SumEqualsRule

_IN_WHICH = re.compile(r"^trong\s+đó\b", re.IGNORECASE)
_TOTAL = re.compile(r"^tổng\s+số\b", re.IGNORECASE)


def is_in_which(ind: Indicator) -> bool:
    """A "Trong đó" row: flagged in the catalog, printed so in the number column or label."""
    return (
        ind.breakdown
        or bool(_IN_WHICH.match(clean_line(ind.printed_code)))
        or bool(_IN_WHICH.match(clean_line(ind.label)))
    )


def is_total(ind: Indicator) -> bool:
    """A row the form calls a total ("Tổng số nhiệm vụ được giao")."""
    return bool(_TOTAL.match(clean_line(ind.label)))


def _signature(rule: Rule) -> tuple[object, ...] | None:
    if isinstance(rule, PartLeWholeRule):
        return (RuleKind.PART_LE_WHOLE, rule.whole, frozenset(rule.parts))
    if isinstance(rule, SumEqualsRule):
        return (RuleKind.SUM_EQUALS, rule.total, frozenset(rule.parts))
    return None


def generic_rules(
    catalog: Catalog,
    existing: Sequence[Rule] = (),
    templates: Mapping[str, str] = DEFAULT_TEMPLATES,
) -> list[Rule]:
    """The "Trong đó" and "Tổng số" rules of a catalog that `existing` does not already state.

    A sum rule over the same rows also covers the parts-not-larger rule, so a "Trong đó" rule is
    skipped where any rule of the set already relates those rows to that parent."""
    known = {s for s in map(_signature, existing) if s is not None}
    covered = {(s[1], s[2]) for s in known}  # (whole, parts) whatever the kind
    out: list[Rule] = []

    def add(
        rule_id: str, kind: RuleKind, fields: dict[str, object], key: tuple[str, frozenset[str]]
    ) -> None:
        if key in covered:
            return
        covered.add(key)
        out.append(
            make_rule(
                catalog,
                templates,
                rule_id,
                kind=kind,
                severity=Severity.ERROR,
                fields=fields,
                origin="catalog",
            )
        )

    for ind in catalog:
        if ind.kind not in _ADDITIVE:
            continue
        children = [c for c in catalog.children(ind.code) if c.kind is ind.kind]
        parts = [c.code for c in children if is_in_which(c)]
        others = [c.code for c in children if not is_in_which(c)]
        if is_total(ind) and len(others) >= 2 and not parts:
            add(
                f"generic.total:{ind.code}",
                RuleKind.SUM_EQUALS,
                {"total": ind.code, "parts": others},
                (ind.code, frozenset(others)),
            )
        if parts:
            add(
                f"generic.in-which:{ind.code}",
                RuleKind.PART_LE_WHOLE,
                {"parts": parts, "whole": ind.code},
                (ind.code, frozenset(parts)),
            )
    return out
