"""The checks of Phụ lục III: a full validation and an incremental re-check after one edited value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from ..catalog import Catalog
from ..frozen import Frozen
from ..report import Report
from .loader import RuleSet, _names, default_rules, indicator_name
from .model import (
    Finding,
    Getter,
    Rule,
    Severity,
    Skipped,
    Value,
    Violation,
    render,
)

NOT_ENTERED = "(chưa nhập)"


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notices; the given order within each severity."""
    return sorted(findings, key=lambda f: f.severity.rank)


class Recheck(Frozen):
    """The result of re-checking after one edit: the rules that were run again (their earlier
    findings are to be dropped) and what they found now."""

    __match_args__ = ("code", "rules", "findings")
    code: str
    rules: tuple[str, ...]
    findings: list[Finding]

    def __init__(self, code: str, rules: tuple[str, ...], findings: list[Finding]) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "findings", findings)


class Validator:
    """Checks the figures of reports entered against one catalog with one rule set."""

    def __init__(self, catalog: Catalog, ruleset: RuleSet | None = None) -> None:
        self.catalog = catalog
        self.ruleset = ruleset if ruleset is not None else default_rules(catalog)
        position = {ind.code: i for i, ind in enumerate(catalog)}
        self.rules: list[Rule] = sorted(
            self.ruleset.rules, key=lambda r: min(position.get(c, len(position)) for c in r.reads)
        )
        self._needs: dict[str, frozenset[str]] = {}
        self._index: dict[str, list[Rule]] = {}
        for rule in self.rules:
            groups = {catalog.get(c).optional_group for c in rule.reads}
            self._needs[rule.id] = frozenset(g for g in groups if g is not None)
            for code in rule.reads:
                self._index.setdefault(code, []).append(rule)
        self._name_cache: dict[str, str] = {}
        self._missing_template = self.ruleset.templates["missing"]

    # --- helpers -----------------------------------------------------------------------------
    def rules_reading(self, code: str) -> list[Rule]:
        """The rules that read a code: what must run again when its value changes."""
        return list(self._index.get(code, ()))

    def applies(self, rule: Rule, optional_groups: set[str] | frozenset[str]) -> bool:
        """A rule reading a row of an optional group runs only when the report switched it on."""
        needs = self._needs[rule.id]
        return not needs or needs <= optional_groups

    def name(self, code: str) -> str:
        cached = self._name_cache.get(code)
        if cached is None:
            cached = indicator_name(self.catalog.get(code))
            self._name_cache[code] = cached
        return cached

    def _finding(self, rule: Rule, get: Getter) -> Finding | None:
        outcome = rule.check(get)
        if outcome is None:
            return None

        # nothing entered at all is "not reported", not a half-done check: say nothing
        if isinstance(outcome, Skipped) and (
            not rule.notice_when_missing or len(outcome.missing) >= len(rule.reads)
        ):
            return None

        def shown(code: str) -> str:
            return self.catalog.get(code).format_value(get(code)) or NOT_ENTERED

        values: dict[str, Decimal | None] = {}
        for code in rule.reads:
            v: Value = get(code)
            values[code] = v if isinstance(v, Decimal) else None
        if isinstance(outcome, Skipped):
            variables = {"missing": _names(self.catalog, outcome.missing), "formula": rule.title}
            message = render(self._missing_template, variables, self.name, shown)
            return Finding(Severity.NOTICE, rule.id, rule.reads, message, values)
        assert isinstance(outcome, Violation)
        variables = {**rule.static, **outcome.vars}
        message = render(rule.messages[outcome.variant], variables, self.name, shown)
        return Finding(rule.severity, rule.id, rule.reads, message, values)

    # --- the API -----------------------------------------------------------------------------
    def check_values(
        self, values: Mapping[str, Value], optional_groups: set[str] | frozenset[str] = frozenset()
    ) -> list[Finding]:
        """Check a mapping code -> value (what a report holds in Phụ lục III)."""
        return self._run(self.rules, values.get, optional_groups)

    def validate(self, report: Report) -> list[Finding]:
        """All findings of the report's figures, errors first."""
        return self._run(self.rules, report.value, report.optional_groups)

    def recheck(self, report: Report, changed_code: str) -> Recheck:
        """Re-run only the rules that read changed_code (the GUI calls this after each edit)."""
        rules = self._index.get(changed_code, ())
        found = self._run(rules, report.value, report.optional_groups)
        return Recheck(changed_code, tuple(r.id for r in rules), found)

    def _run(
        self, rules: Iterable[Rule], get: Getter, optional_groups: set[str] | frozenset[str]
    ) -> list[Finding]:
        out: list[Finding] = []
        for rule in rules:
            if self.applies(rule, optional_groups):
                finding = self._finding(rule, get)
                if finding is not None:
                    out.append(finding)
        return sort_findings(out)
