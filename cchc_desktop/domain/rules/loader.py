"""Builds the rule set of a catalog: rules derived from the catalog itself plus the rules file's list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from ..catalog import Catalog, Indicator, IndicatorKind
from ..frozen import Frozen, Record
from .expr import ExprError, parse
from .model import (
    RULE_CLASSES,
    Rule,
    RuleKind,
    Severity,
    placeholders,
)

# Message templates. A rules file may replace any of them under "templates"; a rule may carry its own
# "message" (a string, or for bounds a mapping variant -> string).
DEFAULT_TEMPLATES: dict[str, str] = {
    "bounds.number": "{name}: “{value}” không phải là một số.",
    "bounds.integer": "{name} phải là số nguyên (đang ghi {value}).",
    "bounds.min": "{name} không được nhỏ hơn {min} (đang ghi {value}).",
    "bounds.max": "{name} không được lớn hơn {max} (đang ghi {value}).",
    "choice": "{name} chỉ nhận một trong các mã: {choices} (đang ghi {value}).",
    "part_le_whole": "{parts_names}: {sum}, lớn hơn {whole_name}: {whole}.",
    "sum_equals": "{total_name} là {total}, nhưng {parts_names} cộng lại {parts} = {sum} "
    "(lệch {diff}).",
    "percent_ratio": "{percent_name} ghi {percent}, nhưng theo số liệu {numerator}/{denominator} "
    "thì tỷ lệ là {expected}.",
    "compare": "Số liệu không thỏa điều kiện {formula}: vế trái bằng {lhs}, vế phải bằng {rhs}.",
    "missing": "Chưa nhập {missing}: chưa kiểm tra được điều kiện {formula}.",
    "cross.cumulative": "{name} là chỉ tiêu lũy kế nhưng giảm: {period} ghi {value}, {other_period} "
    "ghi {other}.",
    "cross.flow": "{name} của {period} ({value}) thấp hơn của {other_period} ({other}), "
    "trong khi {period} bao gồm cả {other_period}.",
    "cross.yoy": "{name} thay đổi hơn {ratio} so với cùng kỳ năm trước: {other_period} ghi {other}, "
    "{period} ghi {value}.",
}

_NUMERIC = (IndicatorKind.COUNT, IndicatorKind.PERCENT, IndicatorKind.DECIMAL, IndicatorKind.CHOICE)
_ADDITIVE = (IndicatorKind.COUNT, IndicatorKind.DECIMAL)
_RULE_FIELDS = {
    "expr",
    "code",
    "parts",
    "whole",
    "total",
    "percent",
    "numerator",
    "denominator",
    "minimum",
    "maximum",
    "min",
    "max",
    "integer",
}


class CrossPeriodConfig(Frozen):
    """Thresholds and severities of the checks against the unit's other reports."""

    __match_args__ = (
        "cumulative",
        "flow",
        "year_over_year",
        "yoy_ratio",
        "yoy_min_change",
        "yoy_kinds",
    )
    cumulative: Severity
    flow: Severity
    year_over_year: Severity
    yoy_ratio: Decimal
    yoy_min_change: Decimal
    yoy_kinds: tuple[IndicatorKind, ...]

    def __init__(
        self,
        *,
        cumulative: Severity = Severity.ERROR,
        flow: Severity = Severity.WARNING,
        year_over_year: Severity = Severity.WARNING,
        yoy_ratio: Decimal = Decimal("0.5"),  # "changed by more than half"
        yoy_min_change: Decimal = Decimal(3),  # 1 -> 2 is +100% but no news: ignore tiny changes
        yoy_kinds: tuple[IndicatorKind, ...] = (
            IndicatorKind.COUNT,
            IndicatorKind.DECIMAL,
            IndicatorKind.PERCENT,
        ),
    ) -> None:
        object.__setattr__(self, "cumulative", cumulative)
        object.__setattr__(self, "flow", flow)
        object.__setattr__(self, "year_over_year", year_over_year)
        object.__setattr__(self, "yoy_ratio", yoy_ratio)
        object.__setattr__(self, "yoy_min_change", yoy_min_change)
        object.__setattr__(self, "yoy_kinds", yoy_kinds)


class RuleSet(Record):
    """Everything the checks of one catalog need: rules, templates and cross-period settings."""

    __match_args__ = (
        "catalog_id",
        "catalog_version",
        "version",
        "rules",
        "templates",
        "cross_period",
    )

    def __init__(
        self,
        catalog_id: str,
        catalog_version: str,
        version: str,
        rules: list[Rule],
        *,
        templates: dict[str, str] | None = None,
        cross_period: CrossPeriodConfig | None = None,
    ) -> None:
        self.catalog_id = catalog_id
        self.catalog_version = catalog_version
        self.version = version
        self.rules = rules
        self.templates = dict(DEFAULT_TEMPLATES) if templates is None else templates
        self.cross_period = CrossPeriodConfig() if cross_period is None else cross_period

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def count_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rules:
            out[r.kind.value] = out.get(r.kind.value, 0) + 1
        return out


class RulesError(ValueError):
    """A rules file that does not fit its catalog. The message is Vietnamese."""


def indicator_name(ind: Indicator, limit: int = 90) -> str:
    """How a message names a field: “Số nhiệm vụ đã hoàn thành” (1.1.2)."""
    label = " ".join(ind.label.split()).rstrip(" :;.,")
    if len(label) > limit:
        cut = label.find(":")
        label = label[:cut] if 0 < cut <= limit else label[: limit - 1].rstrip() + "…"
    return f"“{label}” ({ind.code})"


def _names(catalog: Catalog, codes: Sequence[str]) -> str:
    names = [indicator_name(catalog.get(c)) for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def _static(
    rule_kind: RuleKind, catalog: Catalog, fields: Mapping[str, Any], title: str
) -> dict[str, str]:
    out = {"formula": title}
    if rule_kind in (RuleKind.BOUNDS, RuleKind.CHOICE):
        out["name"] = indicator_name(catalog.get(fields["code"]))
    elif rule_kind is RuleKind.PART_LE_WHOLE:
        out["whole_name"] = indicator_name(catalog.get(fields["whole"]))
        out["parts_names"] = _names(catalog, fields["parts"])
    elif rule_kind is RuleKind.SUM_EQUALS:
        out["total_name"] = indicator_name(catalog.get(fields["total"]))
        out["parts_names"] = _names(catalog, fields["parts"])
    elif rule_kind is RuleKind.PERCENT_RATIO:
        out["percent_name"] = indicator_name(catalog.get(fields["percent"]))
    return out


def _title(rule_kind: RuleKind, fields: Mapping[str, Any]) -> str:
    if rule_kind is RuleKind.COMPARE:
        return str(fields["expression"].show())
    if rule_kind is RuleKind.BOUNDS:
        ind_range = []
        if fields.get("minimum") is not None:
            ind_range.append(f"≥ {fields['minimum']}")
        if fields.get("maximum") is not None:
            ind_range.append(f"≤ {fields['maximum']}")
        whole = ", số nguyên" if fields.get("integer") else ""
        return f"{fields['code']} {' và '.join(ind_range)}{whole}".strip()
    if rule_kind is RuleKind.CHOICE:
        return f"{fields['code']} ∈ {{{', '.join(str(a) for a in fields['allowed'])}}}"
    if rule_kind is RuleKind.PART_LE_WHOLE:
        return f"{' + '.join(fields['parts'])} ≤ {fields['whole']}"
    if rule_kind is RuleKind.SUM_EQUALS:
        return f"{fields['total']} = {' + '.join(fields['parts'])}"
    if rule_kind is RuleKind.PERCENT_RATIO:
        top = " + ".join(fields["numerator"])
        bottom = " + ".join(fields["denominator"])
        top = f"({top})" if len(fields["numerator"]) > 1 else top
        bottom = f"({bottom})" if len(fields["denominator"]) > 1 else bottom
        return f"{fields['percent']} ≈ {top} / {bottom} × 100"
    raise AssertionError(rule_kind)


def _messages(rule_kind: RuleKind, templates: Mapping[str, str], own: Any) -> dict[str, str]:
    cls = RULE_CLASSES[rule_kind]
    out: dict[str, str] = {}
    for variant in cls.variants:
        key = rule_kind.value if variant == "default" else f"{rule_kind.value}.{variant}"
        if isinstance(own, str):
            out[variant] = own
        elif isinstance(own, Mapping) and variant in own:
            out[variant] = str(own[variant])
        else:
            out[variant] = templates[key]
    return out


@cache
def _fills(variables: frozenset[str], template: str, static: frozenset[str]) -> bool:
    """Whether a rule kind's variables and static ones fill every placeholder of a template that
    names no indicator (the same few templates serve every rule of a kind: checked once, not per
    rule). False sends make_rule through the placeholders one by one, naming the first misfit."""
    return all(
        arg is None and (key in variables or key in static) for key, arg in placeholders(template)
    )


def make_rule(
    catalog: Catalog,
    templates: Mapping[str, str],
    rule_id: str,
    *,
    kind: RuleKind,
    severity: Severity,
    fields: dict[str, Any],
    message: Any = None,
    origin: str = "rules",
) -> Rule:
    """Build one rule and check it against the catalog (codes exist, take figures, templates fit)."""

    def need(code: str, kinds: tuple[IndicatorKind, ...] = _NUMERIC) -> str:
        ind = catalog.find(code)
        if ind is None:
            raise RulesError(f"Quy tắc {rule_id}: không có chỉ tiêu mã “{code}” trong danh mục")
        if ind.kind not in kinds:
            raise RulesError(
                f"Quy tắc {rule_id}: chỉ tiêu {code} ({ind.kind.value}) không phải là "
                "số liệu mà quy tắc này kiểm tra được"
            )
        return code

    if kind is RuleKind.COMPARE:
        try:
            expression = parse(str(fields["expr"]))
        except ExprError as exc:
            raise RulesError(f"Quy tắc {rule_id}: {exc}") from None
        reads = tuple(need(c) for c in expression.codes())
        if not reads:
            raise RulesError(f"Quy tắc {rule_id}: biểu thức không đọc chỉ tiêu nào")
        rule_fields: dict[str, Any] = {"expression": expression}
    elif kind is RuleKind.BOUNDS:
        code = need(str(fields["code"]))
        rule_fields = {
            "code": code,
            "minimum": fields.get("minimum"),
            "maximum": fields.get("maximum"),
            "integer": bool(fields.get("integer")),
            "percent": catalog.get(code).kind is IndicatorKind.PERCENT,
        }
        reads = (code,)
    elif kind is RuleKind.CHOICE:
        code = need(str(fields["code"]), (IndicatorKind.CHOICE,))
        ind = catalog.get(code)
        rule_fields = {
            "code": code,
            "allowed": ind.bounds.codes,
            "listing": ind.bounds.listing(),
        }
        reads = (code,)
    elif kind is RuleKind.PART_LE_WHOLE:
        parts = tuple(need(str(c)) for c in fields["parts"])
        rule_fields = {"parts": parts, "whole": need(str(fields["whole"]))}
        reads = (*parts, rule_fields["whole"])
    elif kind is RuleKind.SUM_EQUALS:
        parts = tuple(need(str(c)) for c in fields["parts"])
        rule_fields = {"total": need(str(fields["total"])), "parts": parts}
        reads = (rule_fields["total"], *parts)
    elif kind is RuleKind.PERCENT_RATIO:
        rule_fields = {
            "percent": need(str(fields["percent"]), (IndicatorKind.PERCENT,)),
            "numerator": tuple(need(str(c)) for c in fields["numerator"]),
            "denominator": tuple(need(str(c)) for c in fields["denominator"]),
        }
        reads = (rule_fields["percent"], *rule_fields["numerator"], *rule_fields["denominator"])
    else:  # pragma: no cover - every kind is handled above
        raise RulesError(f"Quy tắc {rule_id}: loại “{kind.value}” chưa được hỗ trợ")
    title = _title(kind, rule_fields)
    if kind in (RuleKind.PART_LE_WHOLE, RuleKind.SUM_EQUALS) and not rule_fields["parts"]:
        raise RulesError(f"Quy tắc {rule_id}: cần ít nhất một thành phần (parts)")
    reads = tuple(dict.fromkeys(reads))
    messages = _messages(kind, templates, message)
    cls = RULE_CLASSES[kind]
    static = _static(kind, catalog, rule_fields, title)
    for variant, template in messages.items():
        if _fills(cls.template_vars, template, frozenset(static)):
            continue  # checked for an earlier rule of the kind: nothing here to look up
        for key, arg in placeholders(template):
            if arg is not None:
                if key not in ("n", "v"):
                    raise RulesError(f"Quy tắc {rule_id}: chỗ điền “{{{key}:{arg}}}” không hợp lệ")
                need(arg, tuple(IndicatorKind))
            elif key not in cls.template_vars and key not in static:
                raise RulesError(
                    f"Quy tắc {rule_id} ({variant}): chỗ điền “{{{key}}}” không có "
                    f"cho loại {kind.value}"
                )
    return cls(
        id=rule_id,
        severity=severity,
        messages=messages,
        reads=reads,
        title=title,
        origin=origin,
        static=static,
        **rule_fields,
    )


def derive_rules(
    catalog: Catalog,
    templates: Mapping[str, str] = DEFAULT_TEMPLATES,
    *,
    partial_breakdowns: Sequence[str] = (),
) -> list[Rule]:
    """The rules any catalog gets for free: ranges from each row's kind, choice codes, and the
    "Trong đó" rows of an additive row adding up to it (only bounded by it when it has a single
    such row, or when its code is in partial_breakdowns)."""
    rules: list[Rule] = []
    for ind in catalog:
        # entry refuses these values; the rules still flag one stored by an older version
        if ind.kind in (IndicatorKind.COUNT, IndicatorKind.PERCENT, IndicatorKind.DECIMAL):
            bounds = ind.bounds
            fields: dict[str, Any] = {
                "code": ind.code,
                "minimum": bounds.minimum,
                "maximum": bounds.maximum,
                "integer": bounds.integer,
            }
        elif ind.kind is IndicatorKind.CHOICE:
            rules.append(
                make_rule(
                    catalog,
                    templates,
                    f"choice:{ind.code}",
                    kind=RuleKind.CHOICE,
                    severity=Severity.ERROR,
                    fields={"code": ind.code},
                    origin="catalog",
                )
            )
            continue
        else:
            continue
        rules.append(
            make_rule(
                catalog,
                templates,
                f"bounds:{ind.code}",
                kind=RuleKind.BOUNDS,
                severity=Severity.ERROR,
                fields=fields,
                origin="catalog",
            )
        )
    for ind in catalog:
        if ind.kind not in _ADDITIVE:
            continue
        parts = [c.code for c in catalog.breakdown_of(ind.code) if c.kind is ind.kind]
        if not parts:
            continue
        if len(parts) == 1 or ind.code in partial_breakdowns:
            rules.append(
                make_rule(
                    catalog,
                    templates,
                    f"breakdown:{ind.code}",
                    kind=RuleKind.PART_LE_WHOLE,
                    severity=Severity.ERROR,
                    fields={"parts": parts, "whole": ind.code},
                    origin="catalog",
                )
            )
        else:
            rules.append(
                make_rule(
                    catalog,
                    templates,
                    f"breakdown:{ind.code}",
                    kind=RuleKind.SUM_EQUALS,
                    severity=Severity.ERROR,
                    fields={"total": ind.code, "parts": parts},
                    origin="catalog",
                )
            )
    return rules


def _decimal(value: Any, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        raise RulesError(f"{what}: viết số dưới dạng chuỗi hoặc số nguyên, không dùng số thực")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise RulesError(f"{what}: “{value}” không phải là số") from None


def _or(value: Decimal | None, default: Decimal) -> Decimal:
    return default if value is None else value


def _severity(value: Any, what: str) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        raise RulesError(
            f"{what}: mức độ “{value}” không hợp lệ (error, warning, notice)"
        ) from None


def rules_from_dict(data: Mapping[str, Any], catalog: Catalog) -> RuleSet:
    """Load a rules file (resources/rules/*.json) for its catalog. Raises RulesError."""
    try:
        cat = data["catalog"]
        if str(cat["id"]) != catalog.id:
            raise RulesError(
                f"Tệp quy tắc dành cho danh mục “{cat['id']}”, không phải “{catalog.id}”"
            )
        templates = dict(DEFAULT_TEMPLATES)
        for key, text in data.get("templates", {}).items():
            if key not in DEFAULT_TEMPLATES:
                raise RulesError(f"Mẫu thông báo “{key}” không có trong danh sách mẫu")
            templates[key] = str(text)
        derived_opts = data.get("derived", {})
        derived = derive_rules(
            catalog,
            templates,
            partial_breakdowns=[str(c) for c in derived_opts.get("partial_breakdowns", [])],
        )
        disabled = {str(x) for x in derived_opts.get("disable", [])}
        explicit: list[Rule] = []
        seen: set[str] = set()
        for raw in data.get("rules", []):
            rule_id = str(raw["id"])
            if rule_id in seen:
                raise RulesError(f"Quy tắc trùng mã “{rule_id}”")
            seen.add(rule_id)
            try:
                kind = RuleKind(str(raw["kind"]))
            except ValueError:
                raise RulesError(f"Quy tắc {rule_id}: loại “{raw['kind']}” không hợp lệ") from None
            fields = {
                k: v
                for k, v in raw.items()
                if k not in ("id", "kind", "severity", "message", "note")
            }
            unknown = set(fields) - _RULE_FIELDS
            if unknown:
                raise RulesError(f"Quy tắc {rule_id}: trường không hợp lệ {sorted(unknown)}")
            for key in ("minimum", "maximum", "min", "max"):
                if key in fields:
                    fields[{"min": "minimum", "max": "maximum"}.get(key, key)] = _decimal(
                        fields.pop(key), f"Quy tắc {rule_id}"
                    )
            severity = _severity(raw.get("severity", "error"), f"Quy tắc {rule_id}")
            explicit.append(
                make_rule(
                    catalog,
                    templates,
                    rule_id,
                    kind=kind,
                    severity=severity,
                    fields=fields,
                    message=raw.get("message"),
                )
            )
        rules = [r for r in derived if r.id not in disabled and r.id not in seen] + explicit
        cp = data.get("cross_period", {})
        defaults = CrossPeriodConfig()
        cross = CrossPeriodConfig(
            cumulative=_severity(cp.get("cumulative", defaults.cumulative.value), "cross_period"),
            flow=_severity(cp.get("flow", defaults.flow.value), "cross_period"),
            year_over_year=_severity(
                cp.get("year_over_year", defaults.year_over_year.value), "cross_period"
            ),
            yoy_ratio=_or(_decimal(cp.get("yoy_ratio"), "cross_period"), defaults.yoy_ratio),
            yoy_min_change=_or(
                _decimal(cp.get("yoy_min_change"), "cross_period"), defaults.yoy_min_change
            ),
        )
        return RuleSet(
            catalog_id=catalog.id,
            catalog_version=str(cat.get("version", "")),
            version=str(data.get("version", "")),
            rules=rules,
            templates=templates,
            cross_period=cross,
        )
    except RulesError:
        raise
    except (KeyError, TypeError, AttributeError) as exc:
        raise RulesError(f"Tệp quy tắc không hợp lệ: thiếu hoặc sai trường {exc}") from exc


def default_rules(catalog: Catalog) -> RuleSet:
    """The derived rules only: what a catalog without a rules file is checked with."""
    return RuleSet(
        catalog_id=catalog.id,
        catalog_version=catalog.version,
        version="",
        rules=derive_rules(catalog),
    )
