"""Reading a province's statistics form: table rows (text + bold) to a draft catalog for review.

A province sends its Phụ lục III as a Word table: STT | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú,
a header over one or two lines, group rows in bold, "Trong đó" rows, and printed numbering that is
sometimes broken (seed 004: the children of 1.2 are numbered 1.1.1-1.1.3). This module turns the
rows into a draft: each row's kind, parent and clean code are inferred, the printed code, label and
unit are kept verbatim, and the user can change a kind, a unit or a parent before it is saved.
Pure Python: the file readers (export/) hand it rows of cell text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, Choice, IndicatorKind, Measure, catalog_from_dict
from .vn import clean_line

# How the review table, the CLI and the authoring workbook name each kind.
KIND_NAMES: dict[IndicatorKind, str] = {
    IndicatorKind.GROUP: "nhóm",
    IndicatorKind.COUNT: "số đếm",
    IndicatorKind.DECIMAL: "số",
    IndicatorKind.PERCENT: "tỷ lệ %",
    IndicatorKind.CHOICE: "lựa chọn",
    IndicatorKind.TEXT: "văn bản",
}
MEASURE_NAMES: dict[Measure, str] = {
    Measure.FLOW: "trong kỳ",
    Measure.CUMULATIVE: "lũy kế",
    Measure.STOCK: "thời điểm",
}

MAX_TABLE_ROWS = 2_000  # the form has ~130 rows; a bigger table is not a statistics form
HEADER_SCAN_ROWS = 10  # the header is within the table's first rows


class FormError(ValueError):
    """A form that cannot become a catalog. The message is Vietnamese and names the table row or cell."""


@dataclass(frozen=True)
class TableRow:
    """One row of a table as read from the file, one entry per grid column."""

    number: int  # 1-based, counting every row of the table as Word shows it
    cells: tuple[str, ...]  # text ("" for a merged continuation)
    bold: tuple[bool, ...]  # the cell's text is all bold


@dataclass(frozen=True)
class SourceTable:
    number: int  # 1-based position of the table in the document
    rows: tuple[TableRow, ...]
    before: tuple[str, ...] = ()  # the paragraphs between the previous table and this one


@dataclass(frozen=True)
class FormDocument:
    tables: list[SourceTable]
    # the catalog the app wrote into its own Word export (resources/catalogs JSON form), if any
    known: Mapping[str, Any] | None = None


@dataclass
class DraftRow:
    """One indicator of the draft: what was read, and what was inferred (and why)."""

    row: int  # table row number, for messages and the review table
    printed_code: str
    label: str
    unit: str
    kind: IndicatorKind
    parent: int | None = None  # index of the parent in CatalogDraft.rows (always earlier)
    breakdown: bool = False
    choices: tuple[Choice, ...] = ()
    measure: Measure | None = None  # None: the kind's default
    reasons: list[str] = field(default_factory=list)  # why this kind / this parent, for review
    code: str = ""  # set by CatalogDraft.renumber()
    note: str = ""  # set by CatalogDraft.renumber(): a printed code that differs from the code
    known_code: str | None = None  # the code the app's own export recorded for this row
    known_note: str | None = None  # and its catalog note


@dataclass
class CatalogDraft:
    id: str
    version: str
    title: str
    source: str
    rows: list[DraftRow]

    def __post_init__(self) -> None:
        self.renumber()

    # -- what the review may change --------------------------------------------------------------
    def set_kind(self, index: int, kind: IndicatorKind) -> None:
        row = self.rows[index]
        if kind is IndicatorKind.CHOICE:
            choices, _ = parse_choices(row.unit)
            if not choices:
                raise FormError(
                    f"Dòng {row.row}: loại “lựa chọn” cần đơn vị tính dạng “Không = 0 Có = 1”"
                )
            row.choices = choices
        else:
            row.choices = ()
        row.kind = kind
        row.reasons.append(f"người dùng chọn loại “{KIND_NAMES[kind]}”")

    def set_unit(self, index: int, unit: str) -> None:
        row = self.rows[index]
        row.unit = clean_line(unit)
        if row.kind is IndicatorKind.CHOICE:
            choices, _ = parse_choices(row.unit)
            if not choices:
                raise FormError(
                    f"Dòng {row.row}: đơn vị tính của dòng lựa chọn phải có dạng “Không = 0 Có = 1”"
                )
            row.choices = choices

    def set_parent(self, index: int, parent: int | None) -> None:
        row = self.rows[index]
        if parent is not None and not 0 <= parent < index:
            raise FormError(f"Dòng {row.row}: dòng cha phải là một dòng đứng trước nó")
        row.parent = parent
        if parent is None:
            row.breakdown = False
        self.renumber()

    # -- clean codes -------------------------------------------------------------------------------
    def renumber(self) -> None:
        """Give every row a clean hierarchical code: its printed code where that fits its place in
        the tree and is not taken, else the next number under its parent."""
        used: set[str] = set()
        last: dict[str, int] = {}  # parent code -> highest child number given
        for row in self.rows:
            parent_code = "" if row.parent is None else self.rows[row.parent].code
            printed = row.known_code or _numeric_code(row.printed_code)
            prefix = f"{parent_code}." if parent_code else ""
            code = ""
            if printed is not None and printed not in used:
                head, _, tail = printed.rpartition(".")
                if head == parent_code:
                    code = printed
                    last[parent_code] = max(last.get(parent_code, 0), int(tail))
            if not code:
                n = last.get(parent_code, 0) + 1
                while f"{prefix}{n}" in used:
                    n += 1
                code = f"{prefix}{n}"
                last[parent_code] = n
            used.add(code)
            row.code = code
            if row.known_note is not None and row.known_code == code:
                row.note = row.known_note
            elif printed is not None and printed != code:
                row.note = f"Bản in đánh số {row.printed_code}; mã đúng {code}."
            else:
                row.note = ""

    # -- output ----------------------------------------------------------------------------------
    def parent_code(self, row: DraftRow) -> str | None:
        return None if row.parent is None else self.rows[row.parent].code

    def to_dict(self) -> dict[str, Any]:
        """The catalog in the resources/catalogs/*.json form."""
        indicators: list[dict[str, Any]] = []
        for row in self.rows:
            item: dict[str, Any] = {
                "code": row.code,
                "printed_code": row.printed_code,
                "label": row.label,
                "unit": row.unit,
                "kind": row.kind.value,
                "parent": self.parent_code(row),
            }
            if row.breakdown:
                item["breakdown"] = True
            if row.measure is not None:
                item["measure"] = row.measure.value
            if row.choices:
                item["choices"] = [{"code": c.code, "label": c.label} for c in row.choices]
            if row.note:
                item["note"] = row.note
            indicators.append(item)
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "source": self.source,
            "indicators": indicators,
        }

    def catalog(self) -> Catalog:
        """The catalog, checked as any catalog file is (FormError naming the problem)."""
        if not self.rows:
            raise FormError("Bảng không có dòng chỉ tiêu nào")
        for row in self.rows:
            if not row.label:
                raise FormError(f"Dòng {row.row}: thiếu tên chỉ tiêu")
        try:
            return catalog_from_dict(self.to_dict())
        except ValueError as exc:
            raise FormError(str(exc)) from None


# --- reading the header -----------------------------------------------------------------------
def fold(text: str) -> str:
    """Text compared without case, accents or extra spaces: "Đơn vị  tính" -> "don vi tinh"."""
    text = unicodedata.normalize("NFD", clean_line(text).casefold().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_HEADER_WORDS = {
    "stt": ("stt", "tt", "so thu tu", "ma so", "so tt"),
    "label": ("chi tieu", "noi dung", "ten chi tieu"),
    "unit": ("don vi tinh", "dvt", "don vi"),
    "value": ("so lieu", "ket qua", "gia tri"),
    "note": ("ghi chu",),
}
_COLUMN_NUMBERING = re.compile(r"^\(?[0-9a-z]{1,2}\)?$")


@dataclass(frozen=True)
class Columns:
    label: int
    unit: int
    stt: int | None
    header_rows: int  # rows of the table that are header (one or two lines, + a numbering row)


def _role(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    # most specific first: "Kết quả thống kê Đơn vị tính" is the unit column of a two-line header
    for role in ("unit", "label", "note", "value", "stt"):
        for word in _HEADER_WORDS[role]:
            if role == "stt":
                if folded == word or folded.startswith(word + " "):
                    return role
            elif word in folded:
                return role
    return None


def _is_header_word(text: str) -> bool:
    """A cell that is only a column name ("Đơn vị tính"), not a row of the form ("Số liệu về…")."""
    folded = re.sub(r"\(.*?\)", "", fold(text)).strip()
    return any(folded in words for words in _HEADER_WORDS.values())


def find_columns(table: SourceTable) -> Columns | None:
    """Where the header is and which column is which; None when the table has no such header."""
    rows = table.rows[:HEADER_SCAN_ROWS]
    for start, first in enumerate(rows):
        roles = [_role(c) for c in first.cells]
        if "label" not in roles:
            continue
        end = start + 1
        texts = list(first.cells)
        # a second header line ("Đơn vị tính | Số liệu" under "Kết quả thống kê"), and a row of
        # column numbers ("(1) (2) (3)"), belong to the header
        while end < len(table.rows):
            cells = [c for c in table.rows[end].cells if clean_line(c)]
            if cells and all(_is_header_word(c) for c in cells):
                texts = [f"{a} {b}" for a, b in zip(texts, table.rows[end].cells, strict=False)]
                end += 1
                continue
            if len(cells) >= 3 and all(_COLUMN_NUMBERING.match(fold(c)) for c in cells):
                end += 1
                continue
            break
        found: dict[str, int] = {}
        for i, text in enumerate(texts):
            # the role of the last header line wins ("Kết quả thống kê" over "Đơn vị tính")
            role = _role(text)
            if role is not None and role not in found:
                found[role] = i
        if "label" in found and "unit" in found:
            return Columns(found["label"], found["unit"], found.get("stt"), end)
    return None


# --- kinds ----------------------------------------------------------------------------------------
_CHOICE_ITEM = re.compile(r"\s*([^=]+?)\s*=\s*(\d{1,3})(?=\s|$|[,;.])[,;.]?")


def parse_choices(unit: str) -> tuple[tuple[Choice, ...], bool]:
    """Choices written in a unit cell ("Không = 0 Có = 1"), and whether the printed codes repeat.

    Repeated printed codes ("Đã thực hiện = 0 Chưa thực hiện = 0", a defect of seed 004) are
    renumbered 0, 1, 2... in printed order. Anything else in the cell means it is not a choice list.
    """
    text = clean_line(unit)
    if "=" not in text:
        return (), False
    items: list[tuple[str, int]] = []
    pos = 0
    for m in _CHOICE_ITEM.finditer(text):
        if m.start() != pos:
            return (), False
        items.append((m.group(1), int(m.group(2))))
        pos = m.end()
    if pos != len(text) or len(items) < 2:
        return (), False
    codes = [c for _, c in items]
    repeated = len(set(codes)) != len(codes)
    if repeated:
        codes = list(range(len(items)))
    return tuple(
        Choice(code, label) for (label, _), code in zip(items, codes, strict=True)
    ), repeated


def infer_kind(
    label: str, unit: str, bold: bool, has_children: bool, bold_groups: bool
) -> tuple[IndicatorKind, tuple[Choice, ...], str]:
    """A row's kind from what is printed, with the reason shown in the review."""
    folded_label = fold(label)
    folded_unit = fold(unit)
    if bold and not folded_unit:
        return IndicatorKind.GROUP, (), "dòng in đậm, không có đơn vị tính"
    choices, repeated = parse_choices(unit)
    if choices:
        why = "đơn vị tính liệt kê mã lựa chọn"
        if repeated:
            why += " (bản in ghi trùng mã; đã đánh lại 0, 1, 2… theo thứ tự in)"
        return IndicatorKind.CHOICE, choices, why
    if "%" in unit:
        return IndicatorKind.PERCENT, (), "đơn vị tính “%”"
    if folded_unit.startswith("diem"):
        return IndicatorKind.DECIMAL, (), "đơn vị tính là điểm"
    if folded_unit:
        if folded_unit.startswith("theo") or any(ch.isdigit() or ch == "/" for ch in unit):
            return IndicatorKind.TEXT, (), "đơn vị tính là một câu chữ, không phải đơn vị đếm"
        return IndicatorKind.COUNT, (), f"đơn vị tính “{clean_line(unit)}” là đơn vị đếm"
    if folded_label.startswith("ty le"):
        return IndicatorKind.PERCENT, (), "không có đơn vị tính, tên bắt đầu bằng “Tỷ lệ”"
    if folded_label.startswith(("so ", "tong so", "so luong")):
        return IndicatorKind.COUNT, (), "không có đơn vị tính, tên bắt đầu bằng “Số”/“Tổng số”"
    if has_children and not bold_groups:
        return IndicatorKind.GROUP, (), "có dòng con, không có đơn vị tính"
    return IndicatorKind.TEXT, (), "không có đơn vị tính: ghi bằng chữ"


# --- structure --------------------------------------------------------------------------------------
_NUMERIC = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?$")
_ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\.?$")
_BULLET = re.compile(r"^(?:[-+*•–]|[a-zđ]\)|[a-zđ]\.)$")


def _numeric_code(printed: str) -> str | None:
    m = _NUMERIC.match(clean_line(printed).replace(" ", ""))
    if m is None:
        return None
    # "01" is row 1: forms pad numbers to two digits
    return ".".join(str(int(part)) for part in m.group(1).split("."))


def _is_trong_do(text: str) -> bool:
    return fold(text).rstrip(" :.").strip() == "trong do"


def draft_from_table(
    table: SourceTable, *, catalog_id: str, version: str, title: str = "", source: str = ""
) -> CatalogDraft:
    """Infer a draft catalog from a table with a recognizable header; FormError otherwise."""
    if len(table.rows) > MAX_TABLE_ROWS:
        raise FormError(
            f"Bảng {table.number} có {len(table.rows)} dòng (tối đa {MAX_TABLE_ROWS}): "
            "không phải biểu thống kê"
        )
    cols = find_columns(table)
    if cols is None:
        raise FormError(
            f"Bảng {table.number}: không nhận ra dòng tiêu đề (cần các cột “Chỉ tiêu” và "
            "“Đơn vị tính”, thường kèm “STT”, “Số liệu”, “Ghi chú”)"
        )
    body = table.rows[cols.header_rows :]
    bold_groups = any(_cell(r.bold, cols.label, False) for r in body)
    rows: list[DraftRow] = []
    bold_of: list[bool] = []
    stack: list[tuple[int, int]] = []  # (depth, row index) of the open path, numbered rows only
    roman_base = 0  # 1 inside a section numbered I, II, ...: numbered rows sit one level lower
    breakdown_parent: int | None = None  # set after a "Trong đó" row, until the next numbered row
    for tr in body:
        stt = clean_line(_cell(tr.cells, cols.stt, ""))
        label = clean_line(_cell(tr.cells, cols.label, ""))
        unit = clean_line(_cell(tr.cells, cols.unit, ""))
        bold = _cell(tr.bold, cols.label, False)
        if not (stt or label or unit):
            continue
        if not label:
            if stt and not unit and not _numeric_code(stt):
                label, stt = stt, ""  # a heading written across the row's merged cells
            else:
                raise FormError(
                    f"Bảng {table.number}, dòng {tr.number}: thiếu tên chỉ tiêu (cột “Chỉ tiêu”)"
                )
        if _is_trong_do(label) and not unit:
            # a row that only says "Trong đó:": the next rows are parts of the row above
            breakdown_parent = len(rows) - 1 if rows else None
            continue
        index = len(rows)
        row = DraftRow(
            row=tr.number, printed_code=stt, label=label, unit=unit, kind=IndicatorKind.TEXT
        )
        numeric = _numeric_code(stt)
        if _is_trong_do(stt) or (stt == "" and breakdown_parent is not None):
            if _is_trong_do(stt):
                breakdown_parent = _last_numbered(rows, index)
            row.parent = breakdown_parent
            row.breakdown = breakdown_parent is not None
            row.reasons.append("dòng “Trong đó”: một phần của dòng trên")
        elif numeric is not None:
            breakdown_parent = None
            depth = numeric.count(".") + 1 + roman_base
            while stack and stack[-1][0] >= depth:
                stack.pop()
            # the open row one level up is the parent, whatever its printed number says: a form
            # is read top to bottom (seed 004 numbers the children of 1.2 as 1.1.1-1.1.3)
            row.parent = stack[-1][1] if stack else None
            stack.append((depth, index))
        elif _ROMAN.match(stt) and stt:
            breakdown_parent = None
            roman_base = 1
            stack = [(1, index)]
            row.parent = None
        elif _BULLET.match(stt):
            row.parent = _last_numbered(rows, index)
            row.reasons.append("đánh dấu “-”/“a)”: dòng con của dòng có số thứ tự đứng trên")
        else:
            # no number: a sibling of the row above, or a child of a heading row above it
            prev = index - 1
            if prev >= 0 and bold_of[prev] and not rows[prev].unit:
                row.parent = prev
            elif prev >= 0:
                row.parent = rows[prev].parent
            row.reasons.append("không có số thứ tự: xếp theo dòng đứng trên")
        rows.append(row)
        bold_of.append(bold)
    if not rows:
        raise FormError(f"Bảng {table.number}: có dòng tiêu đề nhưng không có dòng chỉ tiêu nào")
    has_children = {r.parent for r in rows if r.parent is not None}
    for i, row in enumerate(rows):
        kind, choices, why = infer_kind(
            row.label, row.unit, bold_of[i], i in has_children, bold_groups
        )
        row.kind, row.choices = kind, choices
        row.reasons.insert(0, why)
        if "luy ke" in fold(row.label) and kind is not IndicatorKind.GROUP:
            row.measure = Measure.CUMULATIVE
    return CatalogDraft(
        id=catalog_id,
        version=version,
        title=title or form_title(table.before),
        source=source,
        rows=rows,
    )


def form_title(paragraphs: Sequence[str]) -> str:
    """The form's title among the paragraphs above its table: the first one written in capitals
    that is not the "PHỤ LỤC III" line, else the last paragraph."""
    for text in paragraphs:
        letters = [ch for ch in text if ch.isalpha()]
        capitals = len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
        if capitals and not fold(text).startswith("phu luc"):
            return clean_line(text)
    return clean_line(paragraphs[-1]) if paragraphs else ""


def _cell(values: Sequence[Any], index: int | None, default: Any) -> Any:
    if index is None or index >= len(values):
        return default
    return values[index]


def _last_numbered(rows: Sequence[DraftRow], before: int) -> int | None:
    """The nearest row above that is not itself a part ("Trong đó") of another."""
    for i in range(before - 1, -1, -1):
        if not rows[i].breakdown:
            return i
    return None


def pick_table(tables: Sequence[SourceTable]) -> SourceTable:
    """The statistics table of a document: the longest one with a "Chỉ tiêu" and "Đơn vị tính"
    header (a report carries smaller tables of the same shape, such as Phụ lục I)."""
    found = [t for t in tables if find_columns(t) is not None]
    if found:
        return max(found, key=lambda t: len(t.rows))
    if not tables:
        raise FormError("Văn bản không có bảng nào")
    raise FormError(
        f"Không bảng nào trong {len(tables)} bảng của văn bản có dòng tiêu đề của biểu thống kê "
        "(cần các cột “Chỉ tiêu” và “Đơn vị tính”, thường kèm “STT”, “Số liệu”, “Ghi chú”)"
    )


def apply_known(draft: CatalogDraft, known: Mapping[str, Any]) -> int:
    """Take what the printed table cannot say from the catalog the app's own export carries
    (export/docx/catalog_part.py), for each row that still reads as that catalog printed it: the
    same code, label, parent, "Trong đó" flag and unit (for a choice row, the same choices). A row
    edited in Word keeps what was inferred. Returns how many rows were taken."""
    try:
        catalog = catalog_from_dict(known)
    except (ValueError, AttributeError):
        return 0  # damaged or foreign: the table alone decides
    taken = 0
    for row in draft.rows:
        ind = catalog.find(row.code)
        if ind is None or ind.label != row.label or ind.breakdown != row.breakdown:
            continue
        if ind.parent != draft.parent_code(row):
            continue
        if ind.kind is IndicatorKind.CHOICE and ind.choices:
            if parse_choices(row.unit)[0] != ind.choices:
                continue
        elif ind.unit != row.unit:
            continue
        row.printed_code, row.unit, row.kind = ind.printed_code, ind.unit, ind.kind
        row.choices, row.measure = ind.choices, ind.measure
        row.known_code, row.known_note = ind.code, ind.note
        row.reasons = [f"như danh mục {catalog.id}@{catalog.version} ghi kèm văn bản"]
        taken += 1
    draft.renumber()
    return taken
