"""The history of every figure and field of a report: what changed (old -> new), when and from
where (typed, Excel import, copy from the previous period, merge, restore). Pure: what one write
changed, as text to store, and its Vietnamese wording; the repository stores it with the write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum
from typing import Any

from .catalog import Catalog, IndicatorKind
from .changes import PartKey, part_map
from .frozen import Frozen, field_names
from .report import (
    Footnote,
    IndicatorValue,
    Narrative,
    Paragraph,
    PropagandaRow,
    RemediationItem,
    Report,
    Signer,
)
from .vn import format_date_short, format_number, format_timestamp


class ChangeSource(StrEnum):
    """Where a change came from; callers pass one (or its plain string value) with each write."""

    TYPED = "typed"  # typed in the app's window
    COMMAND = "command"  # `cchc set` and the other commands that write
    XLSX_IMPORT = "xlsx-import"  # "Nhập Excel…", `cchc import-xlsx`
    PREVIOUS_PERIOD = "previous-period"  # "Tạo từ kỳ trước"
    MERGE = "merge"  # figures merged from sub-units
    RESTORE = "restore"  # a backup put back in place
    UNDO = "undo"  # Ctrl+Z / Ctrl+Y in the window

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]

    @classmethod
    def of(cls, value: ChangeSource | str) -> ChangeSource:
        return value if isinstance(value, ChangeSource) else cls(value)


_SOURCE_LABELS = {
    ChangeSource.TYPED: "nhập tay",
    ChangeSource.COMMAND: "dòng lệnh",
    ChangeSource.XLSX_IMPORT: "nhập từ Excel",
    ChangeSource.PREVIOUS_PERIOD: "chép từ kỳ trước",
    ChangeSource.MERGE: "tổng hợp từ đơn vị",
    ChangeSource.RESTORE: "khôi phục bản sao lưu",
    ChangeSource.UNDO: "hoàn tác / làm lại",
}

# Field names: "value:1.1.1" (a figure), "note:1.1.1" (its note), "header:subject", "unit:place",
# "recipients", "narrative:<headings>", "footnote:<id>", "propaganda:<row>:<attr>",
# "remediation:<row>:<attr>", "optional_groups", "status".
VALUE, NOTE = "value:", "note:"

HEADER_LABELS = {
    "number": "Số văn bản",
    "symbol": "Ký hiệu",
    "place": "Địa danh",
    "date": "Ngày ban hành",
    "subject": "Trích yếu",
    "recipient_to": "Kính gửi",
    "signer": "Người ký",
    "status": "Trạng thái",
}
UNIT_LABELS = {
    "parent_authority": "Cơ quan chủ quản",
    "abbreviation": "Chữ viết tắt",
    "place": "Địa danh của đơn vị",
}
_ROW_LABELS = {
    "number": "số TT",
    "label": "nội dung",
    "unit": "đơn vị tính",
    "quantity": "số lượng",
    "note": "ghi chú",
    "criterion": "tiêu chí",
    "assessment": "đánh giá",
    "score_got": "điểm đạt",
    "score_max": "điểm tối đa",
    "findings": "tồn tại",
    "remedies": "giải pháp",
    "deadlines": "thời hạn",
    "progress": "tiến độ",
}


class FieldChange(Frozen):
    """One field's change, as stored: old and new as text (None = empty / not reported)."""

    __match_args__ = ("field", "old", "new", "code", "detail")
    field: str
    old: str | None
    new: str | None
    code: str | None  # the Phụ lục III code, for "value:" and "note:" fields
    detail: str  # a status change's reason or sending details

    def __init__(
        self,
        field: str,
        old: str | None,
        new: str | None,
        code: str | None = None,
        detail: str = "",
    ) -> None:
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "detail", detail)


class HistoryEntry(Frozen):
    """A stored change."""

    __match_args__ = ("id", "at", "source", "field", "old", "new", "code", "detail")
    id: int
    at: dt.datetime
    source: ChangeSource
    field: str
    old: str | None
    new: str | None
    code: str | None
    detail: str

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        id: int,
        at: dt.datetime,
        source: ChangeSource,
        field: str,
        old: str | None,
        new: str | None,
        code: str | None = None,
        detail: str = "",
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "at", at)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "detail", detail)


def encode(value: Any) -> str | None:
    """A field's value as stored text: figures as exact decimal text, dates ISO, lists one a line."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Signer):
        return "\n".join((value.authority, value.title, value.name))
    if isinstance(value, (set, frozenset)):
        return ", ".join(sorted(value))
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value)


def change(field: str, old: Any, new: Any, *, code: str | None = None) -> FieldChange | None:
    a, b = encode(old), encode(new)
    if (a or None) == (b or None):
        return None
    return FieldChange(field, a or None, b or None, code)


def _compact(changes: Iterable[FieldChange | None]) -> list[FieldChange]:
    return [c for c in changes if c is not None]


def value_changes(code: str, old: IndicatorValue, new: IndicatorValue) -> list[FieldChange]:
    """A figure and its note: two fields, each recorded only when it changed."""
    value = change(VALUE + code, old.value, new.value, code=code)
    same_figure = isinstance(old.value, Decimal) and old.value == new.value  # 38 and 38.0
    if same_figure and isinstance(new.value, Decimal):
        value = None
    return _compact([value, change(NOTE + code, old.note or None, new.note or None, code=code)])


def mapping_changes(
    prefix: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[FieldChange]:
    """Named fields (the header's, the unit's) that differ: "header:subject"."""
    return _compact(change(prefix + name, old.get(name), value) for name, value in new.items())


def row_changes(table: str, old: Mapping[int, Any], new: Mapping[int, Any]) -> list[FieldChange]:
    """Rows of an appendix table by position (None = no such row), attribute by attribute."""
    out: list[FieldChange] = []
    for i in sorted(old.keys() | new.keys()):
        a, b = old.get(i), new.get(i)
        row = a if a is not None else b
        assert row is not None
        for name in field_names(row):
            out += _compact(
                [
                    change(
                        f"{table}:{i}:{name}",
                        None if a is None else getattr(a, name),
                        None if b is None else getattr(b, name),
                    )
                ]
            )
    return out


def _part_name(key: tuple[Any, ...]) -> str:
    if key[0] != "section":
        return str(key[0])
    return " > ".join(str(k) for k in key[2:])


def _paragraphs_text(paragraphs: list[Paragraph] | None) -> str | None:
    if not paragraphs:
        return None
    return "\n".join(p.text for p in paragraphs)


def narrative_changes(old: Narrative, new: Narrative) -> list[FieldChange]:
    """Each part of the narrative (intro, a section's paragraphs, closing) whose text changed;
    a section added or removed is a part that appears or disappears."""
    return part_changes(part_map(old), part_map(new))


def part_changes(
    before: Mapping[PartKey, list[Paragraph]], after: Mapping[PartKey, list[Paragraph]]
) -> list[FieldChange]:
    """narrative_changes of the parts given (by domain.changes.part_map's keys): one part
    written alone is compared alone."""
    return _compact(
        change(
            "narrative:" + _part_name(key),
            _paragraphs_text(before.get(key)),
            _paragraphs_text(after.get(key)),
        )
        for key in list(before) + [k for k in after if k not in before]
    )


def footnote_changes(
    old: Mapping[str, str], new: Mapping[str, Footnote | None]
) -> list[FieldChange]:
    """old: every footnote's text by id; new: the changed ones (None = removed)."""
    return _compact(
        change("footnote:" + key, old.get(key), None if note is None else note.text)
        for key, note in new.items()
    )


def report_changes(old: Report, new: Report) -> list[FieldChange]:
    """Every field that differs between two states of a report (a copy from the previous period
    against an empty report, a restored report against the one it replaced)."""
    from .changes import HEADER_FIELDS, UNIT_FIELDS

    out = mapping_changes(
        "header:",
        {n: getattr(old, n) for n in HEADER_FIELDS if n != "status"},
        {n: getattr(new, n) for n in HEADER_FIELDS if n != "status"},
    )
    out += mapping_changes(
        "unit:",
        {n: getattr(old.unit, n) for n in UNIT_FIELDS},
        {n: getattr(new.unit, n) for n in UNIT_FIELDS},
    )
    out += _compact([change("recipients", old.recipients, new.recipients)])
    out += narrative_changes(old.narrative, new.narrative)
    out += footnote_changes(
        {f.id: f.text for f in old.footnotes},
        {
            **{f.id: f for f in new.footnotes if f not in old.footnotes},
            **{f.id: None for f in old.footnotes if f.id not in {g.id for g in new.footnotes}},
        },
    )
    out += _table_changes("propaganda", old.propaganda, new.propaganda)
    out += _table_changes("remediation", old.remediation, new.remediation)
    empty = IndicatorValue()
    for code in sorted(old.values.keys() | new.values.keys()):
        out += value_changes(code, old.values.get(code, empty), new.values.get(code, empty))
    out += _compact([change("optional_groups", old.optional_groups, new.optional_groups)])
    return out


def _table_changes(
    table: str,
    old: list[PropagandaRow] | list[RemediationItem],
    new: list[PropagandaRow] | list[RemediationItem],
) -> list[FieldChange]:
    return row_changes(table, dict(enumerate(old)), dict(enumerate(new)))


# --- wording --------------------------------------------------------------------------------------
def field_label(field: str, catalog: Catalog | None = None) -> str:
    """The field as the user knows it: "1.1.1 Số nhiệm vụ đề ra…", "Trích yếu", "Phụ lục I dòng 3:
    số lượng"."""
    kind, _, rest = field.partition(":")
    if kind in ("value", "note"):
        label = ""
        if catalog is not None and rest in catalog:
            label = " " + catalog.get(rest).label
        return f"{rest}{label}" + (" (ghi chú)" if kind == "note" else "")
    if kind == "header":
        return HEADER_LABELS.get(rest, rest)
    if field == "status":
        return HEADER_LABELS["status"]
    if kind == "unit":
        return UNIT_LABELS.get(rest, rest)
    if field == "recipients":
        return "Nơi nhận"
    if kind == "narrative":
        named = {"intro": "phần mở đầu", "closing": "phần kết"}.get(rest, rest)
        return f"Nội dung: {named}"
    if kind == "footnote":
        return "Chú thích"
    if kind in ("propaganda", "remediation"):
        row, _, attr = rest.partition(":")
        table = "Phụ lục I" if kind == "propaganda" else "Phụ lục II"
        return f"{table} dòng {int(row) + 1}: {_ROW_LABELS.get(attr, attr)}"
    if field == "optional_groups":
        return "Nhóm chỉ tiêu bật thêm"
    return field


def value_text(field: str, text: str | None, catalog: Catalog | None = None) -> str:
    """A stored old/new as the user reads it: "1.088", "98,73%", "Có", "05/02/2024"."""
    if text is None:
        return "(trống)"
    kind, _, rest = field.partition(":")
    if kind == "value" and catalog is not None and rest in catalog:
        ind = catalog.get(rest)
        if ind.kind is IndicatorKind.TEXT:
            return text
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if ind.kind is IndicatorKind.CHOICE:
            for c in ind.choices:
                if Decimal(c.code) == number:
                    return c.label
        return ind.format_value(number)
    if field == "status":
        from .report import ReportStatus

        try:
            return ReportStatus(text).label
        except ValueError:
            return text
    if field == "header:date":
        try:
            return format_date_short(dt.date.fromisoformat(text))
        except ValueError:
            return text
    if field == "header:signer":
        return " / ".join(p for p in text.split("\n") if p)
    if kind in ("propaganda", "remediation") and rest.endswith(
        ("quantity", "score_got", "score_max")
    ):
        try:
            return format_number(Decimal(text))
        except InvalidOperation:
            return text
    return text


def source_label(source: ChangeSource | str) -> str:
    try:
        return ChangeSource.of(source).label
    except ValueError:
        return str(source)


def entry_to_dict(entry: HistoryEntry, catalog: Catalog | None = None) -> dict[str, Any]:
    """`cchc history --json`: one change (keys are a contract: add, never rename)."""
    return {
        "id": entry.id,
        "time": entry.at.isoformat(),
        "source": entry.source.value,
        "source_label": entry.source.label,
        "field": entry.field,
        "field_label": field_label(entry.field, catalog),
        "code": entry.code,
        "old": entry.old,
        "new": entry.new,
        "old_text": value_text(entry.field, entry.old, catalog),
        "new_text": value_text(entry.field, entry.new, catalog),
        "detail": entry.detail,
    }


def describe(entry: HistoryEntry, catalog: Catalog | None = None) -> str:
    """ "05/02/2024 10:12  nhập từ Excel  1.1.1 Số nhiệm vụ…: 38 → 40"."""
    old = value_text(entry.field, entry.old, catalog)
    new = value_text(entry.field, entry.new, catalog)
    detail = f" ({entry.detail})" if entry.detail else ""
    return (
        f"{format_timestamp(entry.at, seconds=True)}  {entry.source.label}  "
        f"{field_label(entry.field, catalog)}: {old} → {new}{detail}"
    )
