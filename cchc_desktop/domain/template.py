"""Rules of the versioned data in resources/: the report template's {field} placeholders, and the
order of data versions ("2024.1" < "2024.1a" < "2024.2" < "2024.10")."""

from __future__ import annotations

import re

from .periods import Period

_FIELD = re.compile(r"\{(\w+)\}")
_VERSION_PIECE = re.compile(r"\d+|\D+")


def template_fields(unit_name: str, period: Period, **extra: str) -> dict[str, str]:
    """The values of the template's placeholders for one report (resources/templates/*.json lists
    them in its "source" note)."""
    return {
        "unit": unit_name,
        "period": period.wording,
        "next_period": period.next_period_phrase().upper(),
        "year": str(period.year),
        "prev_year": str(period.year - 1),
        **extra,
    }


def fill_template(template: str, fields: dict[str, str]) -> str:
    """Replace the template's {fields} in one pass (a value that itself holds "{period}" stays as
    typed); unknown fields stay as written, so a typo shows in print."""
    return _FIELD.sub(lambda m: fields.get(m.group(1), m.group(0)), template)


def version_key(version: str) -> tuple[tuple[tuple[int, int | str], ...], ...]:
    """Sort key of a data version: dot-separated parts compared number by number, so "2024.10"
    comes after "2024.9", and a letter suffix after its number ("2024.1a" after "2024.1")."""
    return tuple(
        tuple(
            (0, int(piece)) if piece.isdigit() else (1, piece)
            for piece in _VERSION_PIECE.findall(part)
        )
        for part in version.split(".")
    )
