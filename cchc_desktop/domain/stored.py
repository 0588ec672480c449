"""What the report store hands out besides whole reports: a line of the report list, the outcome
of a write, an entry of the unit's register of cited documents. Plain values, no database."""

from __future__ import annotations

import datetime as dt

from .frozen import Frozen, Record
from .periods import Period
from .report import ReportStatus, Sending

# The classes are Frozen / Record (domain/frozen.py): a dataclass's behaviour without its cost at
# import; the fields are in __match_args__, in the order __init__ takes them.


class ReportSummary(Frozen):
    """One line of the report list."""

    __match_args__ = (
        "id",
        "unit",
        "period",
        "status",
        "number_symbol",
        "updated_at",
        "values_filled",
        "catalog_id",
        "catalog_version",
        "optional_groups",
        "filled",
        "sending",
    )
    __slots__ = __match_args__  # slots: a list holds thousands
    id: int
    unit: str
    period: Period
    status: ReportStatus
    number_symbol: str
    updated_at: dt.datetime
    values_filled: int
    # what the list needs to say "84/105 chỉ tiêu" (domain/completeness.py) without loading reports
    catalog_id: str
    catalog_version: str
    optional_groups: frozenset[str]
    # the filled codes, each once, joined by FILLED_SEPARATOR: one text per report, split only
    # when a count of the form's rows is asked for (filled_codes). A tuple of ~100 codes per
    # report cost 2,000 splits and interning at every list start, which shows only a few dozen.
    filled: str
    sending: Sending

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        id: int,
        unit: str,
        period: Period,
        status: ReportStatus,
        number_symbol: str,
        updated_at: dt.datetime,
        values_filled: int,
        catalog_id: str = "",
        catalog_version: str = "",
        optional_groups: frozenset[str] = frozenset(),
        filled: str = "",
        sending: Sending | None = None,
    ) -> None:
        # each slot's own setter (_SUMMARY_SETTERS): a list makes 2,000 of these, and
        # object.__setattr__ by name took 4.5 us of the 6 us a row costs in Python; these 1.5 us
        put = _SUMMARY_SETTERS
        put[0](self, id)
        put[1](self, unit)
        put[2](self, period)
        put[3](self, status)
        put[4](self, number_symbol)
        put[5](self, updated_at)
        put[6](self, values_filled)
        put[7](self, catalog_id)
        put[8](self, catalog_version)
        put[9](self, optional_groups)
        put[10](self, filled)
        put[11](self, Sending() if sending is None else sending)

    @property
    def filled_codes(self) -> tuple[str, ...]:
        return tuple(self.filled.split(FILLED_SEPARATOR)) if self.filled else ()


# ReportSummary's slots' setters, in __match_args__ order (its __init__ sets its fields with them)
_SUMMARY_SETTERS = tuple(
    getattr(ReportSummary, name).__set__ for name in ReportSummary.__match_args__
)

FILLED_SEPARATOR = "\x1f"  # no code holds it (the list's query joins the codes with it)


class WriteResult(Frozen):
    """After a write: the report's new revision, and whether another writer had changed it since
    the revision the writer read (its changes are in the database; the writer should reload)."""

    __match_args__ = ("revision", "conflict")
    revision: int
    conflict: bool

    def __init__(self, revision: int, conflict: bool = False) -> None:
        object.__setattr__(self, "revision", revision)
        object.__setattr__(self, "conflict", conflict)


class CitedDocument(Record):
    """An entry of the unit's register of cited documents."""

    __match_args__ = ("kind", "number", "symbol", "issued_on", "issuer", "subject", "id")
    kind: str
    number: str
    symbol: str
    issued_on: dt.date | None
    issuer: str
    subject: str
    id: int | None

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        kind: str,
        number: str = "",
        symbol: str = "",
        issued_on: dt.date | None = None,
        issuer: str = "",
        subject: str = "",
        id: int | None = None,
    ) -> None:
        self.kind = kind
        self.number = number
        self.symbol = symbol
        self.issued_on = issued_on
        self.issuer = issuer
        self.subject = subject
        self.id = id


class StoredCatalog(Frozen):
    """A user's catalog as the database keeps it: the catalog JSON (resources/catalogs format), its
    authored rules (resources/rules format) and its cross-version mapping, as JSON text."""

    __match_args__ = (
        "catalog_id",
        "version",
        "title",
        "province",
        "year",
        "data",
        "rules",
        "mapping",
        "added_at",
    )
    catalog_id: str
    version: str
    title: str
    province: str
    year: int | None
    data: str
    rules: str | None
    mapping: str | None
    added_at: dt.datetime | None

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        catalog_id: str,
        version: str,
        title: str,
        province: str,
        year: int | None,
        data: str,
        rules: str | None = None,
        mapping: str | None = None,
        added_at: dt.datetime | None = None,
    ) -> None:
        object.__setattr__(self, "catalog_id", catalog_id)
        object.__setattr__(self, "version", version)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "province", province)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "mapping", mapping)
        object.__setattr__(self, "added_at", added_at)
