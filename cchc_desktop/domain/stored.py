"""What the report store hands out besides whole reports: a line of the report list, the outcome
of a write, an entry of the unit's register of cited documents. Plain values, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .periods import Period
from .report import ReportStatus, Sending


@dataclass(frozen=True, slots=True)  # slots: a list holds thousands
class ReportSummary:
    """One line of the report list."""

    id: int
    unit: str
    period: Period
    status: ReportStatus
    number_symbol: str
    updated_at: dt.datetime
    values_filled: int
    # what the list needs to say "84/105 chỉ tiêu" (domain/completeness.py) without loading reports
    catalog_id: str = ""
    catalog_version: str = ""
    optional_groups: frozenset[str] = frozenset()
    # the filled codes, each once, joined by FILLED_SEPARATOR: one text per report, split only
    # when a count of the form's rows is asked for (filled_codes). A tuple of ~100 codes per
    # report cost 2,000 splits and interning at every list start, which shows only a few dozen.
    filled: str = ""
    sending: Sending = field(default_factory=Sending)

    @property
    def filled_codes(self) -> tuple[str, ...]:
        return tuple(self.filled.split(FILLED_SEPARATOR)) if self.filled else ()


FILLED_SEPARATOR = "\x1f"  # no code holds it (the list's query joins the codes with it)


@dataclass(frozen=True)
class WriteResult:
    """After a write: the report's new revision, and whether another writer had changed it since
    the revision the writer read (its changes are in the database; the writer should reload)."""

    revision: int
    conflict: bool = False


@dataclass
class CitedDocument:
    """An entry of the unit's register of cited documents."""

    kind: str
    number: str = ""
    symbol: str = ""
    issued_on: dt.date | None = None
    issuer: str = ""
    subject: str = ""
    id: int | None = None


@dataclass(frozen=True)
class StoredCatalog:
    """A user's catalog as the database keeps it: the catalog JSON (resources/catalogs format), its
    authored rules (resources/rules format) and its cross-version mapping, as JSON text."""

    catalog_id: str
    version: str
    title: str
    province: str
    year: int | None
    data: str
    rules: str | None = None
    mapping: str | None = None
    added_at: dt.datetime | None = None
