"""Validating a report: the catalog's rules file, the figure checks, cross-period and document checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..assets import asset_path, read_json
from ..domain.catalog import Catalog
from ..domain.report import Report
from ..domain.rules import (
    Finding,
    Recheck,
    RulesError,
    RuleSet,
    Severity,
    Validator,
    cross_period_findings,
    default_rules,
    form_change_findings,
    report_findings,
    rules_from_dict,
    severity_counts,
    sort_findings,
)
from ..domain.rules.crossperiod import CROSS_PERIOD_RULES
from ..domain.rules.generic import generic_rules
from ..domain.template import version_key
from ..errors import FileProblemError, NotFoundError
from .store import load_related, related_ids, related_reports  # noqa: F401 - still given here

if TYPE_CHECKING:
    from ..domain.catalog_match import IndicatorMatch
    from .store import ReportStore  # annotations only: store.py imports the write side's types


@cache
def _read(path: Path) -> Any:
    # once per file: listing the files reads each for its catalog id, loading reads one again
    # (the loader only reads the parsed data, never changes it)
    return read_json(path, "quy tắc")


@cache
def _rules_files() -> tuple[tuple[Path, str, str], ...]:
    """(path, catalog id, catalog version) of every rules file shipped in resources/rules."""
    try:
        folder = asset_path("resources", "rules")
    except FileNotFoundError:
        return ()
    out = []
    for path in sorted(folder.glob("*.json")):
        cat = _read(path).get("catalog", {})
        out.append((path, str(cat.get("id", "")), str(cat.get("version", ""))))
    return tuple(out)


def shipped_rules_data(catalog_id: str, version: str) -> dict[str, Any] | None:
    """The rules file shipped for exactly this catalog version, as data (None: there is none)."""
    for path, cid, v in _rules_files():
        if cid == catalog_id and v == version:
            data: dict[str, Any] = _read(path)
            return data
    return None


def load_rules(catalog: Catalog) -> RuleSet:
    """The catalog's own rules (below) and the generic ones its labels imply ("Trong đó",
    "Tổng số": domain/rules/generic.py), each check once."""
    ruleset = _own_rules(catalog)
    ruleset.rules += generic_rules(catalog, ruleset.rules, ruleset.templates)
    return ruleset


def _own_rules(catalog: Catalog) -> RuleSet:
    """The rules of a catalog: its own rules file (same id and version), else the newest file of the
    same catalog id if it fits, else the rules derived from the catalog alone.

    A broken file shipped for this very catalog version is a FileProblemError (a broken install).
    A user's catalog (services.catalogs) is checked with the rules stored with it."""
    from .catalogs import authored_rules

    own = authored_rules(catalog)
    if own is not None:
        try:
            return rules_from_dict(own, catalog)
        except RulesError as exc:
            raise FileProblemError(f"Quy tắc của danh mục {catalog.key}: {exc}") from exc
    candidates = [(p, v) for p, cid, v in _rules_files() if cid == catalog.id]
    exact = [p for p, v in candidates if v == catalog.version]
    if exact:
        try:
            return rules_from_dict(_read(exact[0]), catalog)
        except RulesError as exc:
            raise FileProblemError(f"{exact[0].name}: {exc}") from exc
    for path, _ in sorted(candidates, key=lambda c: version_key(c[1]), reverse=True):
        try:
            return rules_from_dict(_read(path), catalog)
        except RulesError:
            continue  # written for another version of the form: codes moved
    return default_rules(catalog)


_validators: dict[tuple[str, str, int], Validator] = {}


def validator_for(catalog: Catalog) -> Validator:
    """The validator of a catalog, built once (the GUI calls recheck() on it after every edit)."""
    key = (catalog.id, catalog.version, id(catalog))
    found = _validators.get(key)
    if found is None:
        found = Validator(catalog, load_rules(catalog))
        _validators[key] = found
    return found


def validate_report(
    report: Report,
    catalog: Catalog,
    history: Sequence[Report] = (),
    *,
    appendix_lines: Sequence[str] = (),
    form_changes: Sequence[tuple[IndicatorMatch, Catalog]] = (),
) -> list[Finding]:
    """Every finding of a report, errors first: its figures against the rules, against the same
    unit's other reports (history; the report itself may be among them) and the document itself."""
    validator = validator_for(catalog)
    findings = validator.validate(report)
    findings += cross_period_findings(
        report,
        history,
        catalog,
        config=validator.ruleset.cross_period,
        templates=validator.ruleset.templates,
    )
    findings += report_findings(report, appendix_lines)
    findings += form_change_findings(form_changes, catalog)
    return sort_findings(findings)


def recheck_value(
    report: Report, catalog: Catalog, changed_code: str, history: Sequence[Report] = ()
) -> Recheck:
    """After one edit in the GUI: re-run the figure rules reading changed_code and its comparisons
    with the unit's other reports. Drop the earlier findings of result.rules, add result.findings."""
    validator = validator_for(catalog)
    figures = validator.recheck(report, changed_code)
    cross = cross_period_findings(
        report,
        history,
        catalog,
        config=validator.ruleset.cross_period,
        templates=validator.ruleset.templates,
        codes=(changed_code,),
    )
    cross_ids = tuple(f"{key}:{changed_code}" for key in CROSS_PERIOD_RULES)
    return Recheck(changed_code, figures.rules + cross_ids, sort_findings(figures.findings + cross))


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether a final export is blocked."""
    return any(f.severity is Severity.ERROR for f in findings)


counts = severity_counts  # the name the CLI commands import


def load_validated(db: ReportStore, rid: int) -> tuple[Report, Catalog, list[Finding]]:
    """A stored report, its catalog and its findings (checked against the unit's other reports)."""
    report = db.load_report(rid)
    from .catalogs import CatalogRegistry, aligned_as_is

    registry = CatalogRegistry(db)
    catalog = registry.for_report(report)
    # only the periods the checks compare with, not the unit's whole history
    ids, previous = related_ids(db, report)
    if previous is not None and previous not in ids:
        # The "kỳ trước" report, when it is no compared period, only shows in the window's
        # column: the checks read none of its figures. It still counts for the notice of a
        # report made with another version of the form (align_history): then it is read, as
        # the window reads it; else its form alone (report_form) says so, not its 84 figures.
        try:
            form = db.report_form(previous)
        except NotFoundError:  # deleted meanwhile: left out, as load_figures leaves it out
            pass
        else:
            if not aligned_as_is(catalog, *form):
                ids.add(previous)
    history, changes = registry.align_history(catalog, load_related(db, ids))
    return report, catalog, validate_report(report, catalog, history, form_changes=changes)
