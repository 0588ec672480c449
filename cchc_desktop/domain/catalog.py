"""The indicator catalog (Phụ lục III): versioned data describing every row of the statistics form."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from .bounds import Bounds
from .frozen import Frozen, Record
from .vn import NumberFormatError, clean_line, format_number, format_percent, nfc, parse_number


class IndicatorKind(Enum):
    GROUP = "group"  # a heading row: no value of its own
    COUNT = "count"  # a whole number >= 0 (Nhiệm vụ, Văn bản, Người, ...)
    PERCENT = "percent"  # 0-100
    DECIMAL = "decimal"  # a score or other non-negative decimal
    CHOICE = "choice"  # one of listed integer codes ("Không = 0 Có = 1")
    TEXT = "text"  # free text ("Đảm bảo")


class Measure(Enum):
    """How a figure behaves across the periods of one year."""

    FLOW = "flow"  # counted over the period (year to date in 6 tháng / 9 tháng / năm reports)
    CUMULATIVE = "cumulative"  # "lũy kế đến thời điểm báo cáo": never falls within a year
    STOCK = "stock"  # a snapshot at the report date (biên chế có mặt, TTHC đang có hiệu lực, %)


# The value classes are Frozen / Record (domain/frozen.py): a dataclass's behaviour without its
# cost at import; the fields are in __match_args__, in the order __init__ takes them.
class Choice(Frozen):
    """One listed answer of a choice indicator ("Không = 0")."""

    __match_args__ = ("code", "label")
    code: int
    label: str

    def __init__(self, code: int, label: str) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "label", label)


class Indicator(Frozen):
    """One row of the statistics form."""

    __match_args__ = (
        "code",
        "printed_code",
        "label",
        "unit",
        "kind",
        "parent",
        "breakdown",
        "measure",
        "choices",
        "note",
        "group",
        "optional_group",
        "level",
        "value_range",
    )
    code: str  # clean hierarchical code, "1.2.1"
    printed_code: str  # as printed on the form, "1.1.1." (may differ; "Trong đó" on breakdown rows)
    label: str  # verbatim
    unit: str  # verbatim, as printed in the "Đơn vị tính" cell
    kind: IndicatorKind
    parent: str | None
    breakdown: bool  # a "Trong đó" row: a part of its parent
    measure: Measure
    choices: tuple[Choice, ...]
    note: str  # a catalog note, e.g. a defect of the printed form and how it was corrected
    group: str  # top-level group code ("1".."7", or an optional group's code)
    optional_group: str | None  # set for rows of a group a unit switches on
    level: int  # depth in the tree, 0 for the seven groups
    # (minimum, maximum) where the catalog says otherwise than the kind ("range": ["0", null] for a
    # percentage that may pass 100); None: the kind's own range
    value_range: tuple[Decimal | None, Decimal | None] | None

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        code: str,
        printed_code: str,
        label: str,
        unit: str,
        kind: IndicatorKind,
        parent: str | None = None,
        breakdown: bool = False,
        measure: Measure = Measure.STOCK,
        choices: tuple[Choice, ...] = (),
        note: str = "",
        group: str = "",
        optional_group: str | None = None,
        level: int = 0,
        value_range: tuple[Decimal | None, Decimal | None] | None = None,
    ) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "printed_code", printed_code)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "breakdown", breakdown)
        object.__setattr__(self, "measure", measure)
        object.__setattr__(self, "choices", choices)
        object.__setattr__(self, "note", note)
        object.__setattr__(self, "group", group)
        object.__setattr__(self, "optional_group", optional_group)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "value_range", value_range)

    @property
    def cumulative(self) -> bool:
        return self.measure is Measure.CUMULATIVE

    @property
    def has_value(self) -> bool:
        return self.kind is not IndicatorKind.GROUP

    @property
    def numeric(self) -> bool:
        return self.kind in (
            IndicatorKind.COUNT,
            IndicatorKind.PERCENT,
            IndicatorKind.DECIMAL,
            IndicatorKind.CHOICE,
        )

    def choice_label(self, code: Decimal | int) -> str | None:
        for c in self.choices:
            if c.code == code:
                return c.label
        return None

    @property
    def bounds(self) -> Bounds:
        """The values this indicator's kind admits (the one home of these bounds)."""
        kind = self.kind
        if kind is IndicatorKind.CHOICE:
            return Bounds("mã lựa chọn", choices=tuple((c.code, c.label) for c in self.choices))
        low: Decimal | None = Decimal(0)
        high: Decimal | None = Decimal(100) if kind is IndicatorKind.PERCENT else None
        whole = kind is IndicatorKind.COUNT
        noun = {IndicatorKind.COUNT: "số đếm", IndicatorKind.PERCENT: "tỷ lệ %"}.get(
            kind, "số liệu này"
        )
        if self.value_range is not None:
            low, high = self.value_range
        return Bounds(noun, minimum=low, maximum=high, integer=whole)

    def admit(self, value: Decimal, shown: str | None = None) -> Decimal:
        """value as stored, or NumberFormatError naming the indicator and why (shown = as typed;
        None: the value in Vietnamese notation, formatted only when it is refused)."""
        problem = self.bounds.problem(value)
        if problem:
            shown = format_number(value) if shown is None else shown
            raise NumberFormatError(f"Chỉ tiêu {self.code}: “{shown}” {problem}")
        return self.bounds.admit(value)

    def parse_value(self, text: str) -> Decimal | str | None:
        """Turn what the user typed into the stored value. Empty is None ("chưa nhập"), never 0.

        A value that breaks the indicator's own type (a negative count, 1,5 for a count, a code not
        among the choices, 120%) is refused here, with the reason; consistency between fields
        (completed <= assigned) is left to the checks, which show it next to the field.
        """
        if self.kind is IndicatorKind.GROUP:
            if nfc(text).strip():
                raise NumberFormatError(
                    f"Dòng {self.code} là dòng tiêu đề nhóm, không nhập số liệu"
                )
            return None
        if self.kind is IndicatorKind.TEXT:
            value = clean_line(text)
            return value or None
        raw = clean_line(text)
        if self.kind is IndicatorKind.CHOICE:
            if not raw:
                return None
            for c in self.choices:  # the label itself is accepted too ("Có")
                if raw.casefold() == c.label.casefold():
                    return Decimal(c.code)
            try:
                number = parse_number(raw)
            except NumberFormatError:
                raise NumberFormatError(
                    f"Chỉ tiêu {self.code}: “{raw}” không phải là mã lựa chọn "
                    f"({self.bounds.listing()})"
                ) from None
        else:
            try:
                number = parse_number(text, percent=self.kind is IndicatorKind.PERCENT)
            except NumberFormatError as exc:
                raise NumberFormatError(f"Chỉ tiêu {self.code}: {exc}") from None
        if number is None:
            return None
        return self.admit(number, raw)

    def format_value(self, value: Decimal | str | None) -> str:
        """The value as printed in the report: "1.088", "98,73%", "0", "Đảm bảo"."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if self.kind is IndicatorKind.PERCENT:
            return format_percent(value)
        return format_number(value)


class OptionalGroup(Frozen):
    """A block of rows a unit switches on when it reports on it."""

    __match_args__ = ("code", "title", "description")
    code: str
    title: str
    description: str

    def __init__(self, code: str, title: str, description: str = "") -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "description", description)


class Catalog(Record):
    """One version of the statistics form: its rows in order, its optional blocks."""

    # the lookups by code and by parent are derived from the rows: not fields (not shown, not
    # compared: rows equal, lookups equal)
    __match_args__ = (
        "id",
        "version",
        "title",
        "indicators",
        "source",
        "optional_groups",
        "province",
        "year",
        "aggregation",
    )
    id: str
    version: str
    title: str
    indicators: list[Indicator]
    source: str
    optional_groups: list[OptionalGroup]
    province: str  # "Hà Tĩnh": whose form it is (user catalogs are listed by it)
    year: int | None  # the first year the form is used for
    # per-indicator aggregation rule overrides (code -> {"rule": ...}); domain/aggregate.py reads them
    aggregation: dict[str, dict[str, Any]]
    _by_code: dict[str, Indicator]
    _children: dict[str | None, list[Indicator]]

    def __init__(  # noqa: PLR0917  # positional, as the dataclass took them
        self,
        id: str,
        version: str,
        title: str,
        indicators: list[Indicator],
        source: str = "",
        optional_groups: list[OptionalGroup] | None = None,
        province: str = "",
        year: int | None = None,
        aggregation: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.id = id
        self.version = version
        self.title = title
        self.indicators = indicators
        self.source = source
        self.optional_groups = [] if optional_groups is None else optional_groups
        self.province = province
        self.year = year
        self.aggregation = {} if aggregation is None else aggregation
        self._by_code = {}
        self._children = {}
        for ind in self.indicators:
            if ind.code in self._by_code:
                raise ValueError(f"Danh mục chỉ tiêu trùng mã {ind.code}")
            if ind.parent is not None and ind.parent not in self._by_code:
                raise ValueError(f"Chỉ tiêu {ind.code}: dòng cha {ind.parent} phải đứng trước nó")
            self._by_code[ind.code] = ind
            self._children.setdefault(ind.parent, []).append(ind)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Indicator:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"Không có chỉ tiêu mã “{code}” trong danh mục {self.id}") from None

    def find(self, code: str) -> Indicator | None:
        return self._by_code.get(code)

    def children(self, code: str | None) -> list[Indicator]:
        return list(self._children.get(code, []))

    def breakdown_of(self, code: str) -> list[Indicator]:
        return [c for c in self._children.get(code, []) if c.breakdown]

    def by_printed_code(self, printed: str) -> list[Indicator]:
        key = printed.strip().rstrip(".")
        return [i for i in self.indicators if i.printed_code.strip().rstrip(".") == key]

    def by_label(self, label: str) -> list[Indicator]:
        key = clean_line(label).casefold()
        return [i for i in self.indicators if clean_line(i.label).casefold() == key]

    def enabled(self, optional_groups: set[str] | frozenset[str] = frozenset()) -> list[Indicator]:
        """The rows a report shows: the standard form plus the optional groups its unit switched on."""
        return [
            i
            for i in self.indicators
            if i.optional_group is None or i.optional_group in optional_groups
        ]

    @property
    def key(self) -> str:
        """ "id@version", how the command line names one version of a form."""
        return f"{self.id}@{self.version}" if self.id else ""

    def value_codes(self) -> list[str]:
        return [i.code for i in self.indicators if i.has_value]


def _choice(data: Mapping[str, Any]) -> Choice:
    return Choice(code=int(data["code"]), label=nfc(str(data["label"])))


def _range(row: Mapping[str, Any]) -> tuple[Decimal | None, Decimal | None] | None:
    if "range" not in row:
        return None
    low, high = row["range"]
    return (
        None if low is None else Decimal(str(low)),
        None if high is None else Decimal(str(high)),
    )


def catalog_from_dict(data: Mapping[str, Any]) -> Catalog:
    """Build a catalog from its JSON form (resources/catalogs/*.json); validates structure."""
    try:
        optional = [
            OptionalGroup(
                code=str(g["code"]),
                title=nfc(str(g["title"])),
                description=nfc(str(g.get("description", ""))),
            )
            for g in data.get("optional_groups", [])
        ]
        indicators: list[Indicator] = []
        levels: dict[str, int] = {}
        groups: dict[str, str] = {}
        for row in data["indicators"]:
            code = str(row["code"])
            parent = row.get("parent")
            level = 0 if parent is None else levels[parent] + 1
            group = code if parent is None else groups[parent]
            levels[code] = level
            groups[code] = group
            kind = IndicatorKind(row["kind"])
            default_measure = "flow" if kind is IndicatorKind.COUNT else "stock"
            indicators.append(
                Indicator(
                    code=code,
                    printed_code=nfc(str(row.get("printed_code", code))),
                    label=nfc(str(row["label"])),
                    unit=nfc(str(row.get("unit", ""))),
                    kind=kind,
                    parent=parent,
                    breakdown=bool(row.get("breakdown", False)),
                    measure=Measure(row.get("measure", default_measure)),
                    choices=tuple(_choice(c) for c in row.get("choices", [])),
                    note=nfc(str(row.get("note", ""))),
                    group=group,
                    optional_group=row.get("optional_group"),
                    level=level,
                    value_range=_range(row),
                )
            )
        catalog = Catalog(
            id=str(data["id"]),
            version=str(data["version"]),
            title=nfc(str(data.get("title", ""))),
            indicators=indicators,
            source=nfc(str(data.get("source", ""))),
            optional_groups=optional,
            province=nfc(str(data.get("province") or "")),
            year=None if data.get("year") in (None, "") else int(data["year"]),
            aggregation={str(k): dict(v) for k, v in data.get("aggregation", {}).items()},
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ValueError(f"Danh mục chỉ tiêu không hợp lệ: {exc}") from exc
    for ind in catalog:
        if ind.kind is IndicatorKind.CHOICE and not ind.choices:
            raise ValueError(
                f"Danh mục chỉ tiêu không hợp lệ: {ind.code} là lựa chọn nhưng không có mã"
            )
    return catalog


def catalog_to_dict(catalog: Catalog) -> dict[str, Any]:
    """The catalog in its JSON form (resources/catalogs/*.json); catalog_from_dict reads it back
    equal. Every row's measure is written out, defaults included."""
    indicators: list[dict[str, Any]] = []
    for ind in catalog.indicators:
        row: dict[str, Any] = {
            "code": ind.code,
            "printed_code": ind.printed_code,
            "label": ind.label,
            "unit": ind.unit,
            "kind": ind.kind.value,
            "parent": ind.parent,
        }
        if ind.kind is not IndicatorKind.GROUP or ind.measure is not Measure.STOCK:
            row["measure"] = ind.measure.value
        if ind.breakdown:
            row["breakdown"] = True
        if ind.choices:
            row["choices"] = [{"code": c.code, "label": c.label} for c in ind.choices]
        if ind.value_range is not None:
            row["range"] = [None if v is None else str(v) for v in ind.value_range]
        if ind.optional_group is not None:
            row["optional_group"] = ind.optional_group
        if ind.note:
            row["note"] = ind.note
        indicators.append(row)
    data: dict[str, Any] = {
        "id": catalog.id,
        "version": catalog.version,
        "title": catalog.title,
        "source": catalog.source,
    }
    if catalog.province:
        data["province"] = catalog.province
    if catalog.year is not None:
        data["year"] = catalog.year
    if catalog.optional_groups:
        data["optional_groups"] = [
            {"code": g.code, "title": g.title, "description": g.description}
            for g in catalog.optional_groups
        ]
    if catalog.aggregation:  # the merge's per-indicator rules (domain/aggregate.py)
        data["aggregation"] = {code: dict(rule) for code, rule in catalog.aggregation.items()}
    data["indicators"] = indicators
    return data
