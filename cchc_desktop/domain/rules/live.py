"""The findings of a report being edited, kept current one re-check at a time (by rule and by code)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .model import Finding, Severity, severity_counts

if TYPE_CHECKING:  # the engine (and the rules loader behind it) is not needed to hold findings
    from .engine import Recheck


class LiveFindings:
    """Findings by rule id, and by indicator code for the fields that show them.

    A full validation replaces them all (reset); a re-check after one edit drops the findings of
    the rules it ran again and adds what they found now (apply). Worst first everywhere."""

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._by_rule: dict[str, Finding] = {}
        self._by_code: dict[str, list[Finding]] = {}
        self.reset(findings)

    def reset(self, findings: Iterable[Finding]) -> None:
        self._by_rule = {f.rule: f for f in findings}
        self._index()

    def apply(self, recheck: Recheck) -> set[str]:
        """Take in a re-check; returns the codes whose findings may have changed."""
        changed = {recheck.code}
        for rule_id in recheck.rules:
            gone = self._by_rule.pop(rule_id, None)
            if gone is not None:
                changed.update(gone.codes)
        for f in recheck.findings:
            self._by_rule[f.rule] = f
            changed.update(f.codes)
        self._index()
        return changed

    def replace_prefix(self, prefix: str, findings: Iterable[Finding]) -> None:
        """Replace every finding whose rule id starts with prefix (the report-level "report.")."""
        self._by_rule = {k: f for k, f in self._by_rule.items() if not k.startswith(prefix)}
        for f in findings:
            self._by_rule[f.rule] = f
        self._index()

    def _index(self) -> None:
        by_code: dict[str, list[Finding]] = {}
        for f in self._by_rule.values():
            for code in f.codes:
                by_code.setdefault(code, []).append(f)
        for items in by_code.values():
            items.sort(key=lambda f: f.severity.rank)
        self._by_code = by_code

    def findings(self) -> list[Finding]:
        return sorted(self._by_rule.values(), key=lambda f: f.severity.rank)

    def for_code(self, code: str) -> list[Finding]:
        """The findings to show next to one field, worst first."""
        return self._by_code.get(code, [])

    def worst(self, code: str) -> Severity | None:
        items = self._by_code.get(code)
        return items[0].severity if items else None

    def counts(self) -> dict[Severity, int]:
        return severity_counts(self._by_rule.values())
