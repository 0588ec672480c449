"""Consistency checks of a report: rules as data, a safe expression language and the validator.

The names below are loaded from their modules when first asked for (PEP 562): the window that
paints a report first needs only Finding and Severity, and the engine, the rules loader and the
cross-period checks (with their imports) come with the first check, after the paint."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .crossperiod import cross_period_findings, form_change_findings
    from .engine import Recheck, Validator, sort_findings
    from .expr import ExprError, parse
    from .live import LiveFindings
    from .loader import (
        DEFAULT_TEMPLATES,
        CrossPeriodConfig,
        RulesError,
        RuleSet,
        default_rules,
        derive_rules,
        rules_from_dict,
    )
    from .model import Finding, Rule, RuleKind, Severity, severity_counts
    from .reportlevel import report_findings

# each public name and the module it lives in
_HOMES = {
    "cross_period_findings": "crossperiod",
    "form_change_findings": "crossperiod",
    "Recheck": "engine",
    "Validator": "engine",
    "sort_findings": "engine",
    "ExprError": "expr",
    "parse": "expr",
    "LiveFindings": "live",
    "DEFAULT_TEMPLATES": "loader",
    "CrossPeriodConfig": "loader",
    "RulesError": "loader",
    "RuleSet": "loader",
    "default_rules": "loader",
    "derive_rules": "loader",
    "rules_from_dict": "loader",
    "Finding": "model",
    "Rule": "model",
    "RuleKind": "model",
    "Severity": "model",
    "severity_counts": "model",
    "report_findings": "reportlevel",
}

__all__ = [
    "DEFAULT_TEMPLATES",
    "CrossPeriodConfig",
    "ExprError",
    "Finding",
    "LiveFindings",
    "Recheck",
    "Rule",
    "RuleKind",
    "RuleSet",
    "RulesError",
    "Severity",
    "Validator",
    "cross_period_findings",
    "default_rules",
    "derive_rules",
    "form_change_findings",
    "parse",
    "report_findings",
    "rules_from_dict",
    "severity_counts",
    "sort_findings",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # asked once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
