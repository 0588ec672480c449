"""Compiling a report from its parts: each indicator's aggregation rule and the value it gives.

The parts are sub-units' figures (phòng, đơn vị trực thuộc) merged into a department's report, or
departments' reports aggregated into a province summary: the same rules either way. A rule is
derived from the indicator's kind (counts add up, a yes/no choice is "Có" if any part says "Có")
and the catalog may override it per indicator (its "aggregation" object: a percentage recomputed
from its numerator and denominator, or weighted by another indicator). What cannot be computed
honestly is never guessed: it is marked "cần nhập tay" with every part listed, never averaged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Any

from .catalog import Catalog, Indicator, IndicatorKind
from .report import IndicatorValue
from .vn import nfc

PERCENT_PLACES = Decimal("0.01")  # a recomputed percentage is kept to two decimals ("98,73%")
_YES_LABELS = {"có"}
_NO_LABELS = {"không"}


class RuleKind(Enum):
    SUM = "sum"  # counts and flows: the parts add up
    RATIO = "ratio"  # a percentage = 100 * sum(numerator) / sum(denominator), from other rows
    WEIGHTED = "weighted"  # a percentage weighted by another row (its base): exact, not an average
    ANY = "any"  # a yes/no choice: yes if any part says yes, no if every part says no
    SAME = "same"  # one value if every part gives the same one, otherwise by hand
    MANUAL = "manual"  # never computed: entered by hand, with the parts listed


@dataclass(frozen=True)
class AggregationRule:
    kind: RuleKind
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    weight: tuple[str, ...] = ()
    yes: int | None = None  # ANY: the choice code that means "yes"
    reason: str = ""  # MANUAL: why, as the user reads it

    def describe(self) -> str:
        """The rule in Vietnamese, for the preview and the provenance panel."""
        if self.kind is RuleKind.SUM:
            return "cộng các đơn vị"
        if self.kind is RuleKind.RATIO:
            return f"tính lại = ({' + '.join(self.numerator)}) / ({' + '.join(self.denominator)})"
        if self.kind is RuleKind.WEIGHTED:
            return f"tính lại theo quyền số {' + '.join(self.weight)} của từng đơn vị"
        if self.kind is RuleKind.ANY:
            return "“Có” nếu có đơn vị chọn “Có”"
        if self.kind is RuleKind.SAME:
            return "lấy giá trị chung nếu các đơn vị ghi giống nhau"
        return "nhập tay" + (f" ({self.reason})" if self.reason else "")


class Status(Enum):
    MERGED = "merged"  # the value computed from the parts
    MANUAL = "manual"  # "cần nhập tay": the parts are listed, the report's value is left alone
    EMPTY = "empty"  # no part reported anything


@dataclass(frozen=True)
class Part:
    """One sub-unit's (or one unit's) value of an indicator."""

    unit: str
    value: Decimal | str | None
    note: str = ""


@dataclass(frozen=True)
class Aggregated:
    code: str
    rule: AggregationRule
    status: Status
    value: Decimal | str | None  # MERGED: the report's new value; otherwise None
    note: str  # the parts' notes joined with their names ("Phòng A: ...; Văn phòng: ...")
    parts: tuple[Part, ...]  # in the order of the units, only those that reported something
    reason: str = ""  # MANUAL: why ("Phòng A ghi 80%, Văn phòng ghi 90%: ...")

    @property
    def manual(self) -> bool:
        return self.status is Status.MANUAL


# --- the rules ----------------------------------------------------------------------------------
def _is_yes_no(ind: Indicator) -> int | None:
    """The "Có" code of a choice whose labels are exactly Không / Có; None otherwise."""
    labels = {nfc(c.label).strip().casefold(): c.code for c in ind.choices}
    if len(labels) == 2 and labels.keys() & _YES_LABELS and labels.keys() & _NO_LABELS:
        return next(code for label, code in labels.items() if label in _YES_LABELS)
    return None


def derived_rule(ind: Indicator) -> AggregationRule:
    """The rule an indicator's kind implies when the catalog says nothing about it."""
    kind = ind.kind
    if kind is IndicatorKind.COUNT:
        return AggregationRule(RuleKind.SUM)
    if kind is IndicatorKind.CHOICE:
        yes = _is_yes_no(ind)
        if yes is not None:
            return AggregationRule(RuleKind.ANY, yes=yes)
        return AggregationRule(RuleKind.MANUAL, reason="lựa chọn không phải Có/Không")
    if kind is IndicatorKind.PERCENT:
        return AggregationRule(
            RuleKind.MANUAL, reason="danh mục không có tử số, mẫu số của tỷ lệ này"
        )
    if kind is IndicatorKind.TEXT:
        return AggregationRule(RuleKind.SAME)
    return AggregationRule(RuleKind.MANUAL, reason="điểm, số thập phân không cộng được")


def _codes(data: Mapping[str, Any], key: str, code: str, catalog: Catalog) -> tuple[str, ...]:
    raw = data.get(key, [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise ValueError(f"quy tắc tổng hợp của {code}: “{key}” phải là danh sách mã chỉ tiêu")
    for c in raw:
        ind = catalog.find(c)
        if ind is None or not ind.numeric:
            raise ValueError(f"quy tắc tổng hợp của {code}: “{c}” không phải chỉ tiêu số")
    return tuple(raw)


def rule_from_dict(code: str, data: Mapping[str, Any], catalog: Catalog) -> AggregationRule:
    """One override of the catalog's "aggregation" object; ValueError names what is wrong."""
    try:
        kind = RuleKind(data.get("rule"))
    except ValueError:
        known = ", ".join(k.value for k in RuleKind)
        raise ValueError(
            f"quy tắc tổng hợp của {code}: “{data.get('rule')}” không phải một trong {known}"
        ) from None
    ind = catalog.get(code)
    rule = AggregationRule(
        kind,
        numerator=_codes(data, "numerator", code, catalog),
        denominator=_codes(data, "denominator", code, catalog),
        weight=_codes(data, "weight", code, catalog),
        yes=int(data["yes"]) if "yes" in data else None,
        reason=nfc(str(data.get("reason", ""))),
    )
    if kind is RuleKind.RATIO and not (rule.numerator and rule.denominator):
        raise ValueError(f"quy tắc tổng hợp của {code}: “ratio” cần numerator và denominator")
    if kind is RuleKind.WEIGHTED and not rule.weight:
        raise ValueError(f"quy tắc tổng hợp của {code}: “weighted” cần weight")
    if kind is RuleKind.ANY:
        yes = rule.yes if rule.yes is not None else _is_yes_no(ind)
        if yes is None or ind.choice_label(yes) is None:
            raise ValueError(f"quy tắc tổng hợp của {code}: “any” cần mã “yes” của lựa chọn")
        rule = AggregationRule(RuleKind.ANY, yes=yes, reason=rule.reason)
    if kind in (RuleKind.SUM, RuleKind.RATIO, RuleKind.WEIGHTED) and not ind.numeric:
        raise ValueError(f"quy tắc tổng hợp của {code}: chỉ tiêu không phải số")
    return rule


def aggregation_rules(catalog: Catalog) -> dict[str, AggregationRule]:
    """Every value row's rule: derived from its kind, or the catalog's override."""
    overrides = catalog.aggregation
    unknown = [c for c in overrides if c not in catalog]
    if unknown:
        raise ValueError(f"quy tắc tổng hợp cho mã không có trong danh mục: {', '.join(unknown)}")
    out: dict[str, AggregationRule] = {}
    for ind in catalog:
        if not ind.has_value:
            continue
        data = overrides.get(ind.code)
        out[ind.code] = (
            rule_from_dict(ind.code, data, catalog) if data is not None else derived_rule(ind)
        )
    return out


# --- aggregating ----------------------------------------------------------------------------------
Table = Mapping[str, Mapping[str, IndicatorValue]]  # unit name -> code -> its value


def _number(value: Decimal | str | None) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _sum_of(codes: Sequence[str], values: Mapping[str, IndicatorValue]) -> Decimal | None:
    """The sum of codes in one unit; None if the unit reported none of them; raises KeyError with
    the missing code if it reported some but not all."""
    got = [_number(values[c].value) if c in values else None for c in codes]
    if all(v is None for v in got):
        return None
    missing = [c for c, v in zip(codes, got, strict=True) if v is None]
    if missing:
        raise KeyError(missing[0])
    return sum((v for v in got if v is not None), Decimal(0))


def shown(ind: Indicator, value: Decimal | str | None) -> str:
    """A part's value as the user reads it: "12", "80%", a choice by its label ("Có")."""
    if isinstance(value, Decimal):
        if ind.choices:
            label = ind.choice_label(value)
            if label is not None:
                return label
        elif ind.kind is IndicatorKind.COUNT and 0 <= value < 1000 and value == int(value):
            return str(int(value))  # what format_number gives, without babel: the common case
    return ind.format_value(value) or "(trống)"


def _listing(ind: Indicator, parts: Iterable[Part]) -> str:
    return ", ".join(f"{p.unit} {shown(ind, p.value)}" for p in parts)


def joined_notes(parts: Iterable[Part]) -> str:
    """The parts' notes with their names: "Phòng A: chờ số liệu; Văn phòng: đã xong"."""
    return "; ".join(f"{p.unit}: {p.note.strip()}" for p in parts if p.note.strip())


def aggregate_one(
    ind: Indicator, rule: AggregationRule, units: Sequence[str], table: Table
) -> Aggregated:
    """The value of one indicator from every unit's figures (units gives their order)."""
    parts = tuple(
        Part(u, iv.value, iv.note)
        for u in units
        if (iv := table.get(u, {}).get(ind.code)) is not None and iv.is_reported
    )
    note = joined_notes(parts)
    reported = [p for p in parts if p.value is not None]

    def manual(reason: str) -> Aggregated:
        return Aggregated(ind.code, rule, Status.MANUAL, None, note, parts, reason)

    def merged(value: Decimal | str | None) -> Aggregated:
        if value is None and not note:
            return Aggregated(ind.code, rule, Status.EMPTY, None, "", parts)
        return Aggregated(ind.code, rule, Status.MERGED, value, note, parts)

    kind = rule.kind
    if kind is RuleKind.MANUAL:
        return manual(rule.reason) if parts else merged(None)
    if kind is RuleKind.SUM:
        numbers = [_number(p.value) for p in reported]
        if any(n is None for n in numbers):
            return manual(f"có đơn vị ghi chữ, không cộng được: {_listing(ind, reported)}")
        total = sum((n for n in numbers if n is not None), Decimal(0))
        return merged(_tidy(total) if reported else None)
    if kind is RuleKind.ANY:
        if not reported:
            return merged(None)
        codes = {p.value for p in reported}
        if Decimal(rule.yes or 0) in codes:
            return merged(Decimal(rule.yes or 0))
        if len(codes) == 1:
            return merged(next(iter(codes)))
        return manual(f"các đơn vị chọn khác nhau: {_listing(ind, reported)}")
    if kind is RuleKind.SAME:
        if not reported:
            return merged(None)
        distinct = {
            nfc(v).strip() if isinstance(v, str) else v for v in (p.value for p in reported)
        }
        if len(distinct) == 1:
            return merged(reported[0].value)
        return manual(f"các đơn vị ghi khác nhau: {_listing(ind, reported)}")
    return _recomputed(ind, rule, units=units, table=table, parts=parts, note=note)


def _recomputed(
    ind: Indicator,
    rule: AggregationRule,
    *,
    units: Sequence[str],
    table: Table,
    parts: tuple[Part, ...],
    note: str,
) -> Aggregated:
    """A percentage from its parts: RATIO from its numerator and denominator rows, WEIGHTED from
    each unit's percentage and base. Any unit lacking a piece makes it a manual entry."""

    def manual(reason: str) -> Aggregated:
        return Aggregated(ind.code, rule, Status.MANUAL, None, note, parts, reason)

    if rule.kind is RuleKind.WEIGHTED and not any(p.value is not None for p in parts):
        status = Status.MERGED if note else Status.EMPTY  # nobody gave the percentage
        return Aggregated(ind.code, rule, status, None, note, parts)
    top, bottom = Decimal(0), Decimal(0)
    counted = 0
    for unit in units:
        values = table.get(unit, {})
        try:
            if rule.kind is RuleKind.RATIO:
                num = _sum_of(rule.numerator, values)
                den = _sum_of(rule.denominator, values)
            else:
                pct = _number(values[ind.code].value) if ind.code in values else None
                den = _sum_of(rule.weight, values)
                num = None if pct is None or den is None else pct * den / 100
                if (pct is None) != (den is None):
                    raise KeyError(ind.code if pct is None else rule.weight[0])
        except KeyError as exc:
            return manual(f"{unit} thiếu số liệu chỉ tiêu {exc.args[0]} để tính lại tỷ lệ")
        if num is None and den is None:
            own = values.get(ind.code)
            if own is not None and own.value is not None:
                return manual(
                    f"{unit} ghi tỷ lệ nhưng không ghi số liệu để tính lại ({rule.describe()})"
                )
            continue
        if num is None or den is None:
            missing = (rule.numerator if num is None else rule.denominator)[0]
            return manual(f"{unit} thiếu số liệu chỉ tiêu {missing} để tính lại tỷ lệ")
        top += num
        bottom += den
        counted += 1
    if counted == 0:
        if any(p.value is not None for p in parts):
            return manual(f"không có số liệu để tính lại tỷ lệ ({rule.describe()})")
        status = Status.MERGED if note else Status.EMPTY
        return Aggregated(ind.code, rule, status, None, note, parts)
    if bottom == 0:
        return manual("mẫu số bằng 0, không tính được tỷ lệ")
    value = _tidy((top * 100 / bottom).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP))
    return Aggregated(ind.code, rule, Status.MERGED, value, note, parts)


@dataclass
class Aggregation:
    """Every value row's result, in catalog order."""

    units: list[str]
    results: dict[str, Aggregated] = field(default_factory=dict)

    def merged(self) -> dict[str, Aggregated]:
        return {c: a for c, a in self.results.items() if a.status is Status.MERGED}

    def manual(self) -> dict[str, Aggregated]:
        return {c: a for c, a in self.results.items() if a.status is Status.MANUAL}


def aggregate(
    catalog: Catalog,
    units: Sequence[str],
    table: Table,
    *,
    codes: Iterable[str] | None = None,
    rules: Mapping[str, AggregationRule] | None = None,
) -> Aggregation:
    """Aggregate every unit's figures (table) indicator by indicator; codes limits it to the rows
    a report shows (its enabled optional groups)."""
    rules = rules if rules is not None else aggregation_rules(catalog)
    wanted = set(codes) if codes is not None else None
    out = Aggregation(list(units))
    for ind in catalog:
        if not ind.has_value or (wanted is not None and ind.code not in wanted):
            continue
        out.results[ind.code] = aggregate_one(ind, rules[ind.code], units, table)
    return out


def same_value(a: Decimal | str | None, b: Decimal | str | None) -> bool:
    """Whether two stored values are the same figure (38 and 38.0 are), text compared NFC."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return nfc(a).strip() == nfc(b).strip()
    return a is None and b is None


__all__ = [
    "Aggregated",
    "Aggregation",
    "AggregationRule",
    "Part",
    "RuleKind",
    "Status",
    "aggregate",
    "aggregate_one",
    "aggregation_rules",
    "derived_rule",
    "joined_notes",
    "rule_from_dict",
    "same_value",
    "shown",
]
