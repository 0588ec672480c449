"""Consistency checks of a report: rules as data, a safe expression language and the validator."""

from .crossperiod import cross_period_findings, form_change_findings
from .engine import Recheck, Validator, severity_counts, sort_findings
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
from .model import Finding, Rule, RuleKind, Severity
from .reportlevel import report_findings

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
