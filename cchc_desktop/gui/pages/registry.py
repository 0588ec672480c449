"""The report window's pages, in one list: key (the `--page` name), title, other names, class.

Page keys are Vietnamese and stable: `cchc-desktop --page KEY` and the screenshots script use them.
Findings are mapped here to the page and field they are about. Page modules are imported only when a
page is first shown (the window opens sooner)."""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...domain.frozen import Frozen

if TYPE_CHECKING:
    from ...domain.rules import Finding
    from ..controller import ReportController
    from .base import Page


class PageSpec(Frozen):
    """Not a dataclass: importing `dataclasses` and writing the class's methods was about 3 ms of
    the window's start (domain/frozen.py)."""

    __match_args__ = ("key", "title", "aliases", "module", "class_name")
    key: str
    title: str
    aliases: tuple[str, ...]  # compact spellings (no accents, spaces or dashes) page_key accepts
    module: str  # under cchc_desktop.gui.pages
    class_name: str

    def __init__(
        self, key: str, title: str, aliases: tuple[str, ...], module: str, class_name: str
    ) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "aliases", aliases)
        object.__setattr__(self, "module", module)
        object.__setattr__(self, "class_name", class_name)

    def page_class(self) -> Callable[[ReportController], Page]:
        module = importlib.import_module(f"{__package__}.{self.module}")
        cls: Callable[[ReportController], Page] = getattr(module, self.class_name)
        return cls


HEADER, NARRATIVE, PROPAGANDA, REMEDIATION, INDICATORS, FINDINGS = (
    "thong-tin-chung",
    "noi-dung",
    "phu-luc-1",
    "phu-luc-2",
    "phu-luc-3",
    "kiem-tra",
)

PAGES: tuple[PageSpec, ...] = (
    PageSpec(HEADER, "Thông tin chung", ("thongtinchung",), "header", "HeaderPage"),
    PageSpec(NARRATIVE, "Nội dung", ("noidung",), "narrative", "NarrativePage"),
    PageSpec(PROPAGANDA, "Phụ lục I", ("phuluc1", "phuluci"), "appendix_tables", "PropagandaPage"),
    PageSpec(
        REMEDIATION, "Phụ lục II", ("phuluc2", "phulucii"), "appendix_tables", "RemediationPage"
    ),
    PageSpec(INDICATORS, "Phụ lục III", ("phuluc3", "phuluciii"), "indicators", "IndicatorPage"),
    PageSpec(FINDINGS, "Kiểm tra", ("kiemtra",), "findings", "FindingsPage"),
)
PAGE_KEYS: tuple[str, ...] = tuple(p.key for p in PAGES)
_BY_KEY = {p.key: p for p in PAGES}
_ALIASES = {alias: p.key for p in PAGES for alias in p.aliases}


def spec(key: str) -> PageSpec:
    return _BY_KEY[key]


def page_key(name: str) -> str | None:
    """ "Phụ lục III", "phu-luc-3", "phuluc3", "Kiểm tra" -> the page key; None when unknown."""
    if name in _BY_KEY:
        return name
    raw = unicodedata.normalize("NFD", name.strip().lower().replace("đ", "d"))
    compact = "".join(c for c in raw if c.isalnum() and unicodedata.category(c) != "Mn")
    return _ALIASES.get(compact)


class FieldTarget(Frozen):
    """Where the window takes the user for a finding: a page and a field (or an indicator code)."""

    __match_args__ = ("page", "field")
    page: str
    field: str

    def __init__(self, page: str, field: str = "") -> None:
        object.__setattr__(self, "page", page)
        object.__setattr__(self, "field", field)


# report-level rule ids (report.<name>) -> the page and field they are about
_REPORT_RULE_TARGETS: dict[str, FieldTarget] = {
    "symbol": FieldTarget(HEADER, "symbol"),
    "number": FieldTarget(HEADER, "number"),
    "place": FieldTarget(HEADER, "place"),
    "date": FieldTarget(HEADER, "date"),
    "subject": FieldTarget(HEADER, "subject"),
    "signer": FieldTarget(HEADER, "signer_title"),
    "signer-name": FieldTarget(HEADER, "signer_name"),
    "recipients": FieldTarget(HEADER, "recipients"),
    "appendix-reference": FieldTarget(HEADER, "number"),
}


def finding_target(finding: Finding) -> FieldTarget:
    if finding.codes:
        return FieldTarget(INDICATORS, finding.codes[0])
    name = finding.rule.removeprefix("report.")
    if name in _REPORT_RULE_TARGETS:
        return _REPORT_RULE_TARGETS[name]
    for prefix, target in _REPORT_RULE_TARGETS.items():
        if name.startswith(prefix):
            return target
    if name.startswith(("footnote", "section", "appendix")):
        return FieldTarget(NARRATIVE)
    return FieldTarget(HEADER)
