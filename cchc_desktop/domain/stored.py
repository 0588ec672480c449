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
    # each code once; a tuple, not a set: 2,000 sets of ~100 codes were most of a long list's memory
    filled_codes: tuple[str, ...] = ()
    sending: Sending = field(default_factory=Sending)


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
