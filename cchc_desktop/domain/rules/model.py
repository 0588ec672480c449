"""Consistency rules and their findings: severities, rule kinds and how each kind checks figures."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_DOWN, Decimal
from enum import Enum
from functools import cache
from typing import Any, ClassVar

from ..frozen import Frozen
from ..serialize import decimal_to_json
from ..vn import format_number, format_percent
from .expr import Comparison, Undefined

Value = Decimal | str | None
Getter = Callable[[str], Value]
HUNDRED = Decimal(100)


class Severity(Enum):
    ERROR = "error"  # blocks a final export
    WARNING = "warning"  # shown, not blocking
    NOTICE = "notice"  # for information: a check that could not run, a blank filled in by hand

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABEL[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}
_LABEL = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo", Severity.NOTICE: "Lưu ý"}


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many errors, warnings and notices (every severity present, 0 where none)."""
    out = dict.fromkeys(Severity, 0)
    for f in findings:
        out[f.severity] += 1
    return out


class Finding(Frozen):
    """One result of the checks, shown next to the fields it names."""

    __match_args__ = ("severity", "rule", "codes", "message", "values")
    severity: Severity
    rule: str
    codes: tuple[str, ...]
    message: str
    values: Mapping[str, Decimal | None]

    def __init__(
        self,
        severity: Severity,
        rule: str,
        codes: tuple[str, ...],
        message: str,
        values: Mapping[str, Decimal | None] | None = None,
    ) -> None:
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "values", {} if values is None else values)

    def to_json(self) -> dict[str, Any]:
        """The finding as `cchc validate --json` prints it."""
        return {
            "severity": self.severity.value,
            "rule": self.rule,
            "codes": list(self.codes),
            "message": self.message,
            "values": {
                k: None if v is None else decimal_to_json(v) for k, v in self.values.items()
            },
        }


class RuleKind(Enum):
    BOUNDS = "bounds"  # counts whole and >= 0, percentages 0-100, decimals >= 0
    CHOICE = "choice"  # a choice value among its listed codes
    PART_LE_WHOLE = "part_le_whole"  # one part or a sum of parts <= the whole
    SUM_EQUALS = "sum_equals"  # the parts add up to the total
    PERCENT_RATIO = "percent_ratio"  # a percentage agrees with its numerator / denominator
    COMPARE = "compare"  # a comparison written as an expression over indicator codes


# --- outcomes of one check -------------------------------------------------------------------
class Violation(Frozen):
    """A check that failed: which message applies, with its variables."""

    __slots__ = ("variant", "vars")
    __match_args__ = ("variant", "vars")
    variant: str  # which message of the rule applies ("default", or for bounds "min", ...)
    vars: dict[str, str]

    def __init__(self, variant: str, vars: dict[str, str]) -> None:
        object.__setattr__(self, "variant", variant)
        object.__setattr__(self, "vars", vars)


class Skipped(Frozen):
    """A check that could not run: the codes left empty."""

    __slots__ = ("missing",)
    __match_args__ = ("missing",)
    missing: tuple[str, ...]  # codes left empty ("chưa nhập"): the rule could not run

    def __init__(self, missing: tuple[str, ...]) -> None:
        object.__setattr__(self, "missing", missing)


Outcome = Violation | Skipped | None


def num(value: Decimal) -> str:
    """A figure in a message: "1.088", "98,73"."""
    return format_number(value.normalize() if value != value.to_integral_value() else value)


def pct(value: Decimal) -> str:
    return format_percent(value)


def _numbers(get: Getter, codes: tuple[str, ...]) -> tuple[list[Decimal], tuple[str, ...]]:
    present: list[Decimal] = []
    missing: list[str] = []
    for code in codes:
        v = get(code)
        if isinstance(v, Decimal):
            present.append(v)
        else:  # empty, or text where a figure belongs (the bounds rule reports that)
            missing.append(code)
    return present, tuple(missing)


# --- rules -------------------------------------------------------------------------------------
class Rule(Frozen):
    """A check over the figures of Phụ lục III. `reads` are the codes it needs, `title` the relation
    written for people ("1.1.2 ≤ 1.1.1"); `messages` maps a variant to its message template.

    A kind of rule adds its own fields after these in __match_args__, each with its default as a
    class attribute; they are given to __init__ by name."""

    __match_args__ = ("id", "severity", "messages", "reads", "title", "origin", "static")
    id: str
    severity: Severity
    messages: Mapping[str, str]
    reads: tuple[str, ...]
    title: str
    origin: str  # "rules" (the rules file) or "catalog" (derived from the catalog)
    static: Mapping[str, str]  # message variables fixed at load

    def __init__(
        self,
        id: str,
        severity: Severity,
        messages: Mapping[str, str],
        reads: tuple[str, ...],
        title: str,
        *,
        origin: str = "rules",
        static: Mapping[str, str] | None = None,
        **fields: Any,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "messages", messages)
        object.__setattr__(self, "reads", reads)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "static", {} if static is None else static)
        own = self.__match_args__[len(Rule.__match_args__) :]
        for name, value in fields.items():
            if name not in own:
                raise TypeError(
                    f"{type(self).__name__}() got an unexpected keyword argument {name!r}"
                )
            object.__setattr__(self, name, value)

    kind: ClassVar[RuleKind]
    variants: ClassVar[tuple[str, ...]] = ("default",)
    template_vars: ClassVar[frozenset[str]] = frozenset()
    notice_when_missing: ClassVar[bool] = True

    def check(self, get: Getter) -> Outcome:
        raise NotImplementedError


class BoundsRule(Rule):
    """A figure within its kind's range: whole and >= 0 for counts, 0-100 for percentages."""

    __match_args__ = (*Rule.__match_args__, "code", "minimum", "maximum", "integer", "percent")

    code: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    integer: bool = False
    percent: bool = False

    kind = RuleKind.BOUNDS
    variants = ("number", "integer", "min", "max")
    template_vars = frozenset({"name", "value", "min", "max"})
    notice_when_missing = False  # a blank field is "not reported": nothing to say about it alone

    def _show(self, value: Decimal) -> str:
        return pct(value) if self.percent else num(value)

    def check(self, get: Getter) -> Outcome:
        v = get(self.code)
        if v is None:
            return None
        if not isinstance(v, Decimal):
            variant = "number"
        elif self.minimum is not None and v < self.minimum:
            variant = "min"
        elif self.maximum is not None and v > self.maximum:
            variant = "max"
        elif self.integer and v != v.to_integral_value():
            variant = "integer"
        else:
            return None
        return Violation(
            variant, {"value": v if isinstance(v, str) else self._show(v), **self._limits()}
        )

    def _limits(self) -> dict[str, str]:
        # the same two texts at every violation, worded at the first: a report with a dozen
        # percentages above 100 spent a third of its figure checks wording "0" and "100%" again
        found: dict[str, str] | None = self.__dict__.get("_limit_texts")
        if found is None:
            found = {
                "min": "" if self.minimum is None else self._show(self.minimum),
                "max": "" if self.maximum is None else self._show(self.maximum),
            }
            object.__setattr__(self, "_limit_texts", found)
        return found


class ChoiceRule(Rule):
    """A choice figure takes one of its listed codes ("Không = 0 Có = 1")."""

    __match_args__ = (*Rule.__match_args__, "code", "allowed", "listing")

    code: str = ""
    allowed: tuple[int, ...] = ()
    listing: str = ""  # "Không = 0; Có = 1"

    kind = RuleKind.CHOICE
    variants = ("default",)
    template_vars = frozenset({"name", "value", "choices"})
    notice_when_missing = False

    def check(self, get: Getter) -> Outcome:
        v = get(self.code)
        if v is None:
            return None
        if isinstance(v, Decimal) and v == v.to_integral_value() and int(v) in self.allowed:
            return None
        shown = v if isinstance(v, str) else num(v)
        return Violation("default", {"value": shown, "choices": self.listing})


class PartLeWholeRule(Rule):
    """One part, or the sum of several, is not larger than the whole (1.1.2 <= 1.1.1)."""

    __match_args__ = (*Rule.__match_args__, "parts", "whole")

    parts: tuple[str, ...] = ()
    whole: str = ""

    kind = RuleKind.PART_LE_WHOLE
    template_vars = frozenset({"whole_name", "whole", "parts_names", "sum", "excess"})

    def check(self, get: Getter) -> Outcome:
        whole = get(self.whole)
        present, missing = _numbers(get, self.parts)
        if not isinstance(whole, Decimal):
            return Skipped((self.whole, *missing))
        total = sum(present, Decimal(0))
        # the parts not entered are at least 0, so a sum of the others already above the whole fails
        if total > whole:
            return Violation(
                "default", {"whole": num(whole), "sum": num(total), "excess": num(total - whole)}
            )
        if missing:
            return Skipped(missing)
        return None


class SumEqualsRule(Rule):
    """The parts add up to the total (the "Trong đó" rows, dossiers received = resolved + open)."""

    __match_args__ = (*Rule.__match_args__, "total", "parts")

    total: str = ""
    parts: tuple[str, ...] = ()

    kind = RuleKind.SUM_EQUALS
    template_vars = frozenset({"total_name", "total", "parts_names", "parts", "sum", "diff"})

    def check(self, get: Getter) -> Outcome:
        whole = get(self.total)
        present, missing = _numbers(get, self.parts)
        if not isinstance(whole, Decimal):
            return Skipped((self.total, *missing))
        total = sum(present, Decimal(0))
        if missing and total <= whole:
            return Skipped(missing)
        if total != whole or missing:
            return Violation(
                "default",
                {
                    "total": num(whole),
                    "sum": num(total),
                    "diff": num(abs(total - whole)),
                    "parts": " + ".join(num(p) for p in present),
                },
            )
        return None


class PercentRatioRule(Rule):
    """A percentage agrees with its numerator and denominator, within the rounding it was written with."""

    __match_args__ = (*Rule.__match_args__, "percent", "numerator", "denominator")

    percent: str = ""
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()

    kind = RuleKind.PERCENT_RATIO
    template_vars = frozenset({"percent_name", "percent", "expected", "numerator", "denominator"})

    def check(self, get: Getter) -> Outcome:
        p = get(self.percent)
        top, miss_top = _numbers(get, self.numerator)
        bottom, miss_bottom = _numbers(get, self.denominator)
        missing = tuple(
            dict.fromkeys(
                ((self.percent,) if not isinstance(p, Decimal) else ()) + miss_top + miss_bottom
            )
        )
        if missing:
            return Skipped(missing)
        assert isinstance(p, Decimal)
        num_sum, den_sum = sum(top, Decimal(0)), sum(bottom, Decimal(0))
        if den_sum <= 0:
            return None  # no denominator: the percentage is not defined, nothing to compare
        expected = num_sum * HUNDRED / den_sum
        if percent_agrees(p, expected):
            return None
        return Violation(
            "default",
            {
                "percent": pct(p),
                "expected": pct(expected),
                "numerator": num(num_sum),
                "denominator": num(den_sum),
            },
        )


def percent_agrees(written: Decimal, exact: Decimal) -> bool:
    """Whether a percentage written with d decimals is the exact one rounded (half up or half even,
    within half a unit of its last place) or truncated to d places: "within rounding"."""
    exponent = written.as_tuple().exponent
    places = min(-exponent, 6) if isinstance(exponent, int) and exponent < 0 else 0
    unit = Decimal(1).scaleb(-places)
    if abs(written - exact) <= unit / 2:
        return True
    return exact.quantize(unit, rounding=ROUND_DOWN) == written


class CompareRule(Rule):
    """A comparison written as an expression over indicator codes: "1.3.2 + 1.3.3 <= 1.3.1"."""

    __match_args__ = (
        *Rule.__match_args__,
        "expression",
    )

    expression: Comparison | None = None

    kind = RuleKind.COMPARE
    template_vars = frozenset({"formula", "lhs", "rhs"})

    def check(self, get: Getter) -> Outcome:
        assert self.expression is not None
        present, missing = _numbers(get, self.reads)
        if missing:
            return Skipped(missing)
        try:
            left, right = self.expression.sides(dict(zip(self.reads, present, strict=True)))
        except Undefined:
            return None
        if self.expression.holds(left, right):
            return None
        return Violation("default", {"lhs": num(left), "rhs": num(right)})


RULE_CLASSES: dict[RuleKind, type[Rule]] = {
    cls.kind: cls
    for cls in (
        BoundsRule,
        ChoiceRule,
        PartLeWholeRule,
        SumEqualsRule,
        PercentRatioRule,
        CompareRule,
    )
}

# --- message templates -------------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^{}]+))?\}")


@cache  # the same few templates serve every rule of a kind: ~460 scans at each load
def placeholders(template: str) -> tuple[tuple[str, str | None], ...]:
    """The placeholders of a template: ("v", "1.1.2") for {v:1.1.2}, ("sum", None) for {sum}."""
    return tuple((m.group(1), m.group(2)) for m in _PLACEHOLDER.finditer(template))


def render(
    template: str,
    variables: Mapping[str, str],
    name: Callable[[str], str],
    value: Callable[[str], str],
) -> str:
    """Fill a template: {n:CODE} the indicator's name, {v:CODE} its value, {var} a rule variable."""

    def sub(m: re.Match[str]) -> str:
        key, arg = m.group(1), m.group(2)
        if arg is not None:
            if key == "n":
                return name(arg)
            if key == "v":
                return value(arg)
            return m.group(0)
        return variables.get(key, m.group(0))

    return _PLACEHOLDER.sub(sub, template)
