"""Header fields and optional form blocks edited from a script: the GUI's named edits, written as a patch."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..domain.catalog import Catalog, OptionalGroup
from ..domain.changes import diff
from ..domain.history import ChangeSource
from ..domain.report import MAX_SIGNER_LINES, Report
from ..domain.vn import clean_line
from ..errors import UserError
from . import operations
from .catalogs import CatalogRegistry
from .store import ReportStore

Change = Callable[[Report], None]


class UnitRenamer(Protocol):
    def rename_unit(self, report_id: int, name: str) -> None: ...


def apply_changes(repo: ReportStore, report_id: int, changes: Sequence[Change]) -> Report:
    """Load the report, apply the named edits, write only what they changed."""
    report = repo.load_report(report_id)
    before = copy.deepcopy(report)
    for change in changes:
        change(report)
    patch = diff(before, report)
    if not patch.is_empty():  # the command line's edits (`cchc header`, `cchc groups`)
        repo.write_patch(report_id, patch, before.revision, ChangeSource.COMMAND)
    return report


@dataclass
class HeaderEdit:
    """The header fields given on the command line; None = left as it is."""

    number: str | None = None
    date: dt.date | None = None
    no_date: bool = False
    subject: str | None = None
    recipient_to: str | None = None
    signer_lines: Sequence[str] | None = None
    signer_name: str | None = None
    recipients: Sequence[str] | None = None
    parent_authority: str | None = None
    issuer: str | None = None
    abbreviation: str | None = None
    place: str | None = None

    def changes(self) -> list[Change]:
        """The named edits (services.operations) this asks for; UserError for a wrong value."""
        ops = operations
        out: list[Change] = []

        def text(value: str | None, op: Callable[[Report, str], None]) -> None:
            if value is not None:
                out.append(lambda r: op(r, value))

        text(self.number, ops.set_number)
        if self.no_date:
            out.append(lambda r: ops.set_date(r, None))
        elif self.date is not None:
            day = self.date
            out.append(lambda r: ops.set_date(r, day))
        text(self.subject, ops.set_subject)
        text(self.recipient_to, ops.set_recipient_to)
        if self.signer_lines is not None:
            lines = [clean_line(t) for t in self.signer_lines if clean_line(t)]
            if not 1 <= len(lines) <= MAX_SIGNER_LINES:
                raise UserError(
                    f"Người ký có từ 1 đến {MAX_SIGNER_LINES} dòng chức danh (ví dụ “TM. ỦY BAN"
                    f" NHÂN DÂN”, “KT. CHỦ TỊCH”, “PHÓ CHỦ TỊCH”), không phải {len(lines)}."
                )
            out.append(lambda r: ops.set_signer_lines(r, lines))
        text(self.signer_name, ops.set_signer_name)
        if self.recipients is not None:
            items = list(self.recipients)
            out.append(lambda r: ops.set_recipients(r, items))
        text(self.parent_authority, ops.set_parent_authority)
        text(self.abbreviation, ops.set_abbreviation)
        text(self.place, ops.set_place)
        return out


def edit_header(
    repo: ReportStore, renamer: UnitRenamer, report_id: int, edit: HeaderEdit
) -> Report:
    """Apply every given header field. The issuer (cơ quan ban hành) is the unit's name: a name
    differing only in case or spacing writes the same unit another way."""
    changes = edit.changes()  # wrong values are refused before anything is written
    if edit.issuer is not None:
        name = clean_line(edit.issuer)
        if not name:
            raise UserError("Tên cơ quan ban hành không được để trống.")
        if name != repo.load_report(report_id).unit.name:
            renamer.rename_unit(report_id, name)
    return apply_changes(repo, report_id, changes)


def optional_group(catalog: Catalog, code: str) -> OptionalGroup:
    """An optional block of the form by its code; UserError naming the known ones."""
    for g in catalog.optional_groups:
        if g.code == code:
            return g
    known = "; ".join(f"{g.code} ({g.title})" for g in catalog.optional_groups) or "không có"
    raise UserError(f"Danh mục {catalog.id} không có khối tùy chọn “{code}”. Các khối: {known}.")


def switch_groups(
    repo: ReportStore, report_id: int, on: Sequence[str] = (), off: Sequence[str] = ()
) -> Report:
    """Switch optional blocks of Phụ lục III on and off (figures entered in them are kept)."""
    report = repo.load_report(report_id)
    catalog = CatalogRegistry(repo).for_report(report)
    for code in (*on, *off):
        optional_group(catalog, code)
    both = sorted(set(on) & set(off))
    if both:
        raise UserError(f"Khối “{both[0]}” vừa được bật vừa bị tắt trong cùng một lệnh.")
    changes: list[Change] = [
        *(lambda r, c=c: operations.set_optional_group(r, c, True) for c in on),
        *(lambda r, c=c: operations.set_optional_group(r, c, False) for c in off),
    ]
    return apply_changes(repo, report_id, changes)
