"""Checks against the same unit's other reports: lũy kế figures never fall, flows grow, big jumps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..catalog import Catalog, Indicator, IndicatorKind, Measure
from ..periods import YEAR_TO_DATE_CHAIN, Period
from ..report import Report
from .loader import _ADDITIVE, DEFAULT_TEMPLATES, CrossPeriodConfig, indicator_name
from .model import Finding, Severity, num, pct, render

if TYPE_CHECKING:  # annotations only: validate imports the matching only when forms differ
    from ..catalog_match import IndicatorMatch

# the findings' rule ids are "<key>:<code>", one per indicator
CROSS_PERIOD_RULES = ("cross.cumulative", "cross.flow", "cross.yoy")


def _comparable(report: Report, history: Iterable[Report]) -> dict[Period, Report]:
    """The other reports of the unit on the same catalog, one per period (the latest saved wins)."""
    out: dict[Period, Report] = {}
    for other in history:
        if other is report or (report.id is not None and other.id == report.id):
            continue
        if other.catalog_id != report.catalog_id or other.period == report.period:
            continue
        if other.unit.name != report.unit.name:
            continue
        kept = out.get(other.period)
        if kept is None or (other.id or 0) >= (kept.id or 0):
            out[other.period] = other
    return out


def _period_name(period: Period) -> str:
    return f"báo cáo {period.wording}"


def cross_period_findings(
    report: Report,
    history: Sequence[Report],
    catalog: Catalog,
    *,
    config: CrossPeriodConfig | None = None,
    templates: Mapping[str, str] = DEFAULT_TEMPLATES,
    codes: Iterable[str] | None = None,
) -> list[Finding]:
    """Compare the report with the unit's other reports (history may include the report itself).

    Within a year, along quý I -> 6 tháng -> 9 tháng -> năm: a lũy kế figure that falls is an error,
    a flow figure of a longer period below the shorter period's is a warning. Against the same
    period of last year: a figure that changed by more than half is a warning. Empty figures on
    either side are not compared. `codes` limits the check to some indicators (after an edit).
    """
    cfg = config or CrossPeriodConfig()
    others = _comparable(report, history)
    if not others:
        return []
    period = report.period
    chain: list[tuple[Report, bool]] = []  # (other report, other is the shorter period)
    if period.kind in YEAR_TO_DATE_CHAIN:
        mine = YEAR_TO_DATE_CHAIN.index(period.kind)
        for kind in YEAR_TO_DATE_CHAIN:
            other = others.get(Period(period.year, kind))
            if other is not None:
                chain.append((other, YEAR_TO_DATE_CHAIN.index(kind) < mine))
    last_year = others.get(period.same_period_last_year()) if period.year > 2000 else None
    wanted = None if codes is None else set(codes)
    out: list[Finding] = []
    # (other report, its figures, other is the shorter period): the figures read in the loop
    # (report.value(code) without the call: a check reads hundreds of figures)
    along_chain = [(other, other.values, shorter) for other, shorter in chain]
    own = report.values
    last_figures = {} if last_year is None else last_year.values
    yoy_ratio, yoy_min_change = cfg.yoy_ratio, cfg.yoy_min_change
    for ind, along, yoy in _compared(catalog, cfg):
        code = ind.code
        if wanted is not None and code not in wanted:
            continue
        found = own.get(code)
        value = None if found is None else found.value
        if not isinstance(value, Decimal):
            continue
        if along:
            for other, figures, shorter in along_chain:
                found = figures.get(code)
                other_value = None if found is None else found.value
                if not isinstance(other_value, Decimal):
                    continue
                if value < other_value if shorter else other_value < value:
                    out.append(
                        _chain_finding(
                            ind,
                            report,
                            value,
                            other=other,
                            other_value=other_value,
                            shorter=shorter,
                            cfg=cfg,
                            templates=templates,
                        )
                    )
        if yoy and last_year is not None:
            # read here, not in a call per figure: most figures changed by less than half
            found = last_figures.get(code)
            old = None if found is None else found.value
            # from nothing, any figure is "more than half": not a useful warning
            if not isinstance(old, Decimal) or old == 0:
                continue
            change = abs(value - old)
            if change <= yoy_ratio * abs(old) or change < yoy_min_change:
                continue
            out.append(
                _yoy_finding(
                    ind, report, value, other=last_year, old=old, cfg=cfg, templates=templates
                )
            )
    return out


# the last catalogs' _compared lists: id -> (catalog, config, list); the catalog is kept, so that
# its id is not another's (a catalog's rows never change once made: Catalog keeps its lookups)
_COMPARED: dict[int, tuple[Catalog, CrossPeriodConfig, list[tuple[Indicator, bool, bool]]]] = {}


def _compared(catalog: Catalog, cfg: CrossPeriodConfig) -> list[tuple[Indicator, bool, bool]]:
    """(indicator, compared along the year-to-date chain, compared with last year) of each
    indicator compared with another period at all, in catalog order; made once per catalog and
    config (each check and each keystroke's recheck reads it)."""
    known = _COMPARED.get(id(catalog))
    if known is not None and known[0] is catalog and known[1] == cfg:
        return known[2]
    out = []
    for ind in catalog:
        if not ind.numeric or ind.kind is IndicatorKind.CHOICE:
            continue
        # a snapshot (biên chế có mặt, a percentage) may go either way along the chain
        along = ind.measure is Measure.CUMULATIVE or (
            ind.measure is Measure.FLOW and ind.kind in _ADDITIVE
        )
        yoy = ind.kind in cfg.yoy_kinds
        if along or yoy:
            out.append((ind, along, yoy))
    if len(_COMPARED) >= 16:  # a few forms are in use at once
        _COMPARED.clear()
    _COMPARED[id(catalog)] = (catalog, cfg, out)
    return out


def _show(ind: Indicator, value: Decimal) -> str:
    return pct(value) if ind.kind is IndicatorKind.PERCENT else num(value)


def _message(
    template: str,
    ind: Indicator,
    report: Report,
    value: Decimal,
    *,
    other: Report,
    other_value: Decimal,
    extra: Mapping[str, str] | None = None,
) -> str:
    variables = {
        "name": indicator_name(ind),
        "period": _period_name(report.period),
        "value": _show(ind, value),
        "other_period": _period_name(other.period),
        "other": _show(ind, other_value),
        **(extra or {}),
    }
    return render(template, variables, lambda c: c, lambda c: c)


def _chain_finding(
    ind: Indicator,
    report: Report,
    value: Decimal,
    *,
    other: Report,
    other_value: Decimal,
    shorter: bool,
    cfg: CrossPeriodConfig,
    templates: Mapping[str, str],
) -> Finding:
    """The finding of a figure that falls along the chain (the longer period's below the
    shorter's): _compared gave only these two measures along it."""
    if ind.measure is Measure.CUMULATIVE:
        key, severity = "cross.cumulative", cfg.cumulative
    else:
        key, severity = "cross.flow", cfg.flow
    if shorter:
        message = _message(templates[key], ind, report, value, other=other, other_value=other_value)
    else:  # this report is the shorter one: say it from the longer report's side
        message = _message(templates[key], ind, other, other_value, other=report, other_value=value)
    return Finding(severity, f"{key}:{ind.code}", (ind.code,), message, {ind.code: value})


def _yoy_finding(
    ind: Indicator,
    report: Report,
    value: Decimal,
    *,
    other: Report,
    old: Decimal,
    cfg: CrossPeriodConfig,
    templates: Mapping[str, str],
) -> Finding:
    """The finding of a figure that changed by more than cfg's share since last year's old
    (cross_period_findings tells)."""
    ratio = "một nửa" if cfg.yoy_ratio == Decimal("0.5") else pct(cfg.yoy_ratio * 100)
    message = _message(
        templates["cross.yoy"],
        ind,
        report,
        value,
        other=other,
        other_value=old,
        extra={"ratio": ratio},
    )
    return Finding(
        cfg.year_over_year, f"cross.yoy:{ind.code}", (ind.code,), message, {ind.code: value}
    )


def form_change_findings(
    changes: Sequence[tuple[IndicatorMatch, Catalog]], catalog: Catalog
) -> list[Finding]:
    """A notice per earlier version of the form the unit's other reports were made with: which
    rows of this form had no counterpart there, and which rows of it have none here (their
    figures are not compared), so nothing is dropped unsaid."""
    out: list[Finding] = []
    seen: set[str] = set()
    for match, old in changes:
        if match.old_key in seen or (not match.unmatched_new and not match.unmatched_old):
            continue
        seen.add(match.old_key)
        parts = []
        if match.unmatched_new:
            names = "; ".join(indicator_name(catalog.get(c), 60) for c in match.unmatched_new)
            parts.append(f"chỉ tiêu mới, không có ở mẫu cũ: {names}")
        if match.unmatched_old:
            names = "; ".join(indicator_name(old.get(c), 60) for c in match.unmatched_old)
            parts.append(f"chỉ tiêu của mẫu cũ không có tương ứng: {names}")
        out.append(
            Finding(
                Severity.NOTICE,
                f"cross.catalog:{match.old_key}",
                tuple(match.unmatched_new),
                f"Các báo cáo trước lập theo mẫu {match.old_key}, báo cáo này theo mẫu"
                f" {match.new_key}: số liệu kỳ trước được đối chiếu theo mã rồi theo tên chỉ"
                f" tiêu; {'; '.join(parts)} (sửa đối chiếu: cchc catalog-match).",
            )
        )
    return out
