"""The Excel authoring layout of a catalog and its rules, as rows of cells (docs/mau-danh-muc-excel.md).

A provincial office writes its form and its checks in one workbook, without a programmer, and sends
the same file to every department (the idea of XLSForm): sheet "chi_tieu" one row per indicator,
"quy_tac" one row per rule written in the rules' expression language (domain/rules/expr.py),
"thong_tin" the catalog's id, version and title and the rules' settings, "nhom_tuy_chon" the
optional groups, "huong_dan" what every column means. This module maps those rows to and from the
JSON forms of resources/catalogs/ and resources/rules/; the workbook itself is openpyxl's business
(export/catalog_xlsx.py). Every refusal names its sheet and cell.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .catalog import IndicatorKind, Measure, catalog_from_dict
from .catalog_import import KIND_NAMES, MEASURE_NAMES, FormError, fold
from .rules.expr import BinOp, ExprError, Node, Num, Ref, parse
from .rules.loader import RulesError, rules_from_dict
from .rules.model import RuleKind, Severity
from .vn import clean_line, nfc

INDICATOR_SHEET = "chi_tieu"
RULE_SHEET = "quy_tac"
INFO_SHEET = "thong_tin"
OPTIONAL_SHEET = "nhom_tuy_chon"
GUIDE_SHEET = "huong_dan"


@dataclass(frozen=True)
class Column:
    key: str  # the header written in row 1 (the reader finds columns by it, in any order)
    title: str  # what huong_dan says it is
    required: bool = False


INDICATOR_COLUMNS = (
    Column("ma", "Mã chỉ tiêu sạch, phân cấp bằng dấu chấm: 1, 1.1, 1.1.2. Không trùng.", True),
    Column(
        "ma_in",
        "Số thứ tự in trên biểu (giữ nguyên, kể cả khi bản in đánh số sai; "
        "“Trong đó” cho dòng chi tiết).",
    ),
    Column("chi_tieu", "Tên chỉ tiêu, giữ nguyên như trên biểu.", True),
    Column("loai", "Loại: " + ", ".join(KIND_NAMES.values()) + ".", True),
    Column(
        "don_vi_tinh",
        "Đơn vị tính, giữ nguyên như trên biểu (“Nhiệm vụ”, “%”, “Không = 0 Có = 1”).",
    ),
    Column("ma_cha", "Mã của dòng cha (để trống với nhóm lớn nhất). Dòng cha phải đứng trước."),
    Column(
        "lua_chon",
        "Chỉ với loại lựa chọn: các mã, cách nhau bởi dấu chấm phẩy: “Không = 0; Có = 1”.",
    ),
    Column(
        "trong_do",
        "Ghi “x” nếu là dòng “Trong đó” (một phần của dòng cha; các dòng "
        "“Trong đó” cộng lại bằng dòng cha).",
    ),
    Column(
        "tinh_chat",
        "Số liệu theo kỳ: "
        + ", ".join(MEASURE_NAMES.values())
        + " (để trống: số đếm là “trong kỳ”, còn lại là “thời điểm”).",
    ),
    Column(
        "khoang",
        "Khoảng giá trị khác với mặc định của loại, dạng “tối thiểu..tối đa”, "
        "bỏ trống một bên nếu không giới hạn: “0..” (tỷ lệ có thể vượt 100).",
    ),
    Column(
        "nhom_tuy_chon",
        "Mã nhóm tùy chọn (trang nhom_tuy_chon) nếu dòng chỉ hiện khi đơn vị bật nhóm đó.",
    ),
    Column(
        "tong_hop",
        "Cách tổng hợp từ đơn vị trực thuộc khi khác mặc định của loại, dạng JSON, ví dụ "
        '{"rule": "ratio", "numerator": ["3.5.2.1"], "denominator": ["3.5.2"]} '
        "(để trống: số đếm cộng lại, Có/Không là Có nếu có đơn vị Có, còn lại nhập tay).",
    ),
    Column("ghi_chu", "Ghi chú của danh mục (ví dụ: bản in đánh số sai và cách sửa)."),
)
RULE_COLUMNS = (
    Column("ma", "Mã quy tắc, không trùng (ví dụ “1.1.2<=1.1.1”).", True),
    Column(
        "bieu_thuc",
        "Điều kiện viết bằng mã chỉ tiêu: “1.3.2 + 1.3.3 <= 1.3.1”. Phép tính "
        "+ - * / và ngoặc; so sánh <=, >=, <, >, =, !=; số thập phân viết dấu phẩy (0,5).",
        True,
    ),
    Column(
        "loai",
        "Để trống (so sánh). Hoặc: part_le_whole (“A + B <= C”: các phần không vượt "
        "tổng), sum_equals (“C = A + B”: các phần cộng lại bằng tổng), percent_ratio "
        "(“P = (A + B) / C * 100”: tỷ lệ khớp với tử số / mẫu số).",
    ),
    Column("muc_do", "lỗi (chặn bản chính thức), cảnh báo, lưu ý. Để trống: lỗi."),
    Column(
        "thong_bao",
        "Câu báo khi điều kiện sai. {n:1.1.2} là tên chỉ tiêu, {v:1.1.2} là số liệu của nó.",
    ),
    Column("ghi_chu", "Ghi chú cho người soạn (không hiện cho người nhập)."),
    Column("tham_so", "Chỉ dùng cho loại bounds/choice: các trường khác, dạng JSON."),
)
OPTIONAL_COLUMNS = (
    Column("ma", "Mã nhóm tùy chọn (dùng ở cột nhom_tuy_chon của trang chi_tieu).", True),
    Column("ten", "Tên nhóm.", True),
    Column("mo_ta", "Mô tả: khi nào đơn vị bật nhóm này."),
)
# thong_tin: key, what it is, where it goes in the JSON forms
INFO_KEYS: tuple[tuple[str, str], ...] = (
    ("ma_danh_muc", "Mã danh mục (chữ thường, không dấu, gạch nối): phu-luc-iii-ha-tinh."),
    ("phien_ban", "Phiên bản danh mục: 2024.1. Sửa biểu thì tăng phiên bản."),
    ("ten", "Tên biểu, như dòng tiêu đề của phụ lục."),
    ("nguon", "Nguồn: văn bản ban hành biểu."),
    ("tinh", "Tỉnh ban hành biểu (danh sách biểu xếp theo tỉnh): Hà Tĩnh."),
    ("nam", "Năm bắt đầu dùng biểu: 2025."),
    ("quy_tac.phien_ban", "Phiên bản bộ quy tắc."),
    ("quy_tac.ten", "Tên bộ quy tắc."),
    ("quy_tac.gioi_thieu", "Giới thiệu bộ quy tắc."),
    (
        "quy_tac.tach_mot_phan",
        "Mã các dòng mà các dòng “Trong đó” chỉ là một phần (không cộng "
        "đủ): cách nhau bởi dấu phẩy.",
    ),
    (
        "quy_tac.bo_qua",
        "Mã các quy tắc tự sinh bỏ qua (ví dụ breakdown:3.1.3), cách nhau bởi dấu phẩy.",
    ),
    ("quy_tac.luy_ke", "Mức độ khi chỉ tiêu lũy kế giảm so với kỳ trước: lỗi, cảnh báo, lưu ý."),
    ("quy_tac.trong_ky", "Mức độ khi số trong kỳ nhỏ hơn kỳ ngắn hơn cùng năm."),
    ("quy_tac.cung_ky", "Mức độ khi số liệu thay đổi nhiều so với cùng kỳ năm trước."),
    ("quy_tac.ty_le_thay_doi", "Thay đổi bao nhiêu so với cùng kỳ thì báo (0.5 là 50%)."),
    ("quy_tac.thay_doi_toi_thieu", "Bỏ qua thay đổi nhỏ hơn số này."),
)
_CROSS = {
    "quy_tac.luy_ke": "cumulative",
    "quy_tac.trong_ky": "flow",
    "quy_tac.cung_ky": "year_over_year",
    "quy_tac.ty_le_thay_doi": "yoy_ratio",
    "quy_tac.thay_doi_toi_thieu": "yoy_min_change",
}
SEVERITY_NAMES = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo", Severity.NOTICE: "lưu ý"}
_KIND_BY_NAME = (
    {fold(n): k for k, n in KIND_NAMES.items()}
    | {k.value: k for k in IndicatorKind}
    | {"so dem": IndicatorKind.COUNT, "ty le": IndicatorKind.PERCENT}
)
_MEASURE_BY_NAME = {fold(n): m for m, n in MEASURE_NAMES.items()} | {m.value: m for m in Measure}
_SEVERITY_BY_NAME = {fold(n): s for s, n in SEVERITY_NAMES.items()} | {s.value: s for s in Severity}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- writing -------------------------------------------------------------------------------------
def _range_text(value: Any) -> str:
    low, high = value
    return f"{'' if low is None else low}..{'' if high is None else high}"


def indicator_rows(catalog: Mapping[str, Any]) -> list[list[str]]:
    """Sheet chi_tieu: the header, then one row per indicator (every value a string)."""
    out = [[c.key for c in INDICATOR_COLUMNS]]
    for row in catalog["indicators"]:
        kind = IndicatorKind(row["kind"])
        default = "flow" if kind is IndicatorKind.COUNT else "stock"
        measure = Measure(row.get("measure", default))
        out.append(
            [
                str(row["code"]),
                str(row.get("printed_code", row["code"])),
                str(row["label"]),
                KIND_NAMES[kind],
                str(row.get("unit", "")),
                str(row.get("parent") or ""),
                "; ".join(f"{c['label']} = {c['code']}" for c in row.get("choices", [])),
                "x" if row.get("breakdown") else "",
                MEASURE_NAMES[measure] if "measure" in row else "",
                _range_text(row["range"]) if "range" in row else "",
                str(row.get("optional_group") or ""),
                _aggregation_text(catalog.get("aggregation", {}).get(row["code"])),
                str(row.get("note", "")),
            ]
        )
    return out


def _aggregation_text(rule: Mapping[str, Any] | None) -> str:
    return json.dumps(rule, ensure_ascii=False) if rule else ""


def _join(items: Sequence[str], sep: str = " + ") -> str:
    return sep.join(items)


def _paren(items: Sequence[str]) -> str:
    return f"({_join(items)})" if len(items) > 1 else _join(items)


def rule_expression(rule: Mapping[str, Any]) -> str:
    kind = rule["kind"]
    if kind == "compare":
        return str(rule["expr"])
    if kind == "part_le_whole":
        return f"{_join(rule['parts'])} <= {rule['whole']}"
    if kind == "sum_equals":
        return f"{rule['total']} = {_join(rule['parts'])}"
    if kind == "percent_ratio":
        return (
            f"{rule['percent']} = {_paren(rule['numerator'])} / {_paren(rule['denominator'])} * 100"
        )
    return ""


_RULE_KEYS = ("id", "kind", "severity", "message", "note")
_EXPRESSED = {
    "compare": {"expr"},
    "part_le_whole": {"parts", "whole"},
    "sum_equals": {"total", "parts"},
    "percent_ratio": {"percent", "numerator", "denominator"},
}


def rule_rows(rules: Mapping[str, Any]) -> list[list[str]]:
    out = [[c.key for c in RULE_COLUMNS]]
    for rule in rules.get("rules", []):
        kind = str(rule["kind"])
        expressed = _EXPRESSED.get(kind, set())
        extra = {k: v for k, v in rule.items() if k not in _RULE_KEYS and k not in expressed}
        message = rule.get("message", "")
        out.append(
            [
                str(rule["id"]),
                rule_expression(rule),
                "" if kind == "compare" else kind,
                SEVERITY_NAMES[Severity(rule.get("severity", "error"))],
                message if isinstance(message, str) else json.dumps(message, ensure_ascii=False),
                str(rule.get("note", "")),
                json.dumps(extra, ensure_ascii=False) if extra else "",
            ]
        )
    return out


def info_rows(catalog: Mapping[str, Any], rules: Mapping[str, Any] | None) -> list[list[str]]:
    rules = rules or {}
    derived = rules.get("derived", {})
    cross = rules.get("cross_period", {})
    values = {
        "ma_danh_muc": catalog["id"],
        "phien_ban": catalog["version"],
        "ten": catalog.get("title", ""),
        "nguon": catalog.get("source", ""),
        "tinh": catalog.get("province") or "",
        "nam": "" if catalog.get("year") is None else catalog["year"],
        "quy_tac.phien_ban": rules.get("version", ""),
        "quy_tac.ten": rules.get("title", ""),
        "quy_tac.gioi_thieu": rules.get("about", ""),
        "quy_tac.tach_mot_phan": ", ".join(derived.get("partial_breakdowns", [])),
        "quy_tac.bo_qua": ", ".join(derived.get("disable", [])),
    }
    for key, name in _CROSS.items():
        value = cross.get(name, "")
        if name in ("cumulative", "flow", "year_over_year") and value:
            value = SEVERITY_NAMES[Severity(value)]
        values[key] = value
    out = [["khoa", "gia_tri", "giai_thich"]]
    for key, what in INFO_KEYS:
        out.append([key, str(values.get(key, "")), what])
    for key, text in rules.get("templates", {}).items():
        out.append([f"quy_tac.mau.{key}", str(text), "Mẫu câu báo thay cho mẫu mặc định."])
    return out


def optional_rows(catalog: Mapping[str, Any]) -> list[list[str]]:
    out = [[c.key for c in OPTIONAL_COLUMNS]]
    for g in catalog.get("optional_groups", []):
        out.append([str(g["code"]), str(g["title"]), str(g.get("description", ""))])
    return out


def guide_rows() -> list[list[str]]:
    out = [["Trang", "Cột", "Ý nghĩa"]]
    for sheet, columns in (
        (INDICATOR_SHEET, INDICATOR_COLUMNS),
        (RULE_SHEET, RULE_COLUMNS),
        (OPTIONAL_SHEET, OPTIONAL_COLUMNS),
    ):
        for c in columns:
            out.append([sheet, c.key + (" (bắt buộc)" if c.required else ""), c.title])
    for key, what in INFO_KEYS:
        out.append([INFO_SHEET, key, what])
    return out


# --- reading -------------------------------------------------------------------------------------
Cells = Sequence[Any]  # one row as read: str, int, Decimal, None


@dataclass(frozen=True)
class SheetRows:
    name: str
    rows: Sequence[tuple[int, Cells]]  # (row number, cells) including the header row


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value)).normalize()
    if isinstance(value, Decimal):
        return format(value, "f")
    return nfc(str(value)).strip()


class _Sheet:
    def __init__(self, sheet: SheetRows, columns: Sequence[Column]) -> None:
        self.name = sheet.name
        header_number, header = next(iter(sheet.rows), (1, ()))
        self.index: dict[str, int] = {}
        for i, value in enumerate(header):
            key = fold(_text(value)).replace(" ", "_")
            if key and key not in self.index:
                self.index[key] = i
        for c in columns:
            if c.required and c.key not in self.index:
                raise FormError(
                    f"Trang “{self.name}”: thiếu cột “{c.key}” ở dòng tiêu đề {header_number}"
                )
        self.body = [(n, r) for n, r in list(sheet.rows)[1:] if any(_text(v) for v in r)]

    def get(self, cells: Cells, key: str) -> str:
        i = self.index.get(key)
        return _text(cells[i]) if i is not None and i < len(cells) else ""

    def where(self, number: int, key: str) -> str:
        i = self.index.get(key, 0)
        return f"Trang “{self.name}”, ô {column_letter(i)}{number}"


def _parse_choices(text: str, where: str) -> list[dict[str, Any]]:
    out = []
    for item in re.split(r"[;\n]", text):
        if not item.strip():
            continue
        m = re.fullmatch(r"\s*(.+?)\s*=\s*(\d{1,3})\s*", item)
        if m is None:
            raise FormError(f"{where}: “{item.strip()}” không có dạng “Tên = mã” (Không = 0)")
        out.append({"code": int(m.group(2)), "label": clean_line(m.group(1))})
    codes = [c["code"] for c in out]
    if len(set(codes)) != len(codes):
        raise FormError(f"{where}: các mã lựa chọn bị trùng ({text})")
    return out


def _parse_range(text: str, where: str) -> list[str | None]:
    m = re.fullmatch(r"\s*([0-9.,]*)\s*\.\.\s*([0-9.,]*)\s*", text)
    if m is None or not (m.group(1) or m.group(2)):
        raise FormError(f"{where}: khoảng “{text}” không có dạng “tối thiểu..tối đa” (0..100)")
    out: list[str | None] = []
    for part in (m.group(1), m.group(2)):
        if not part:
            out.append(None)
            continue
        try:
            out.append(str(Decimal(part.replace(",", "."))))
        except InvalidOperation:
            raise FormError(f"{where}: “{part}” không phải là số") from None
    return out


def read_indicators(sheet: SheetRows) -> list[dict[str, Any]]:
    s = _Sheet(sheet, INDICATOR_COLUMNS)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, cells in s.body:
        code = s.get(cells, "ma")
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", code):
            raise FormError(f"{s.where(number, 'ma')}: mã chỉ tiêu “{code}” không hợp lệ")
        if code in seen:
            raise FormError(f"{s.where(number, 'ma')}: mã chỉ tiêu “{code}” bị trùng")
        label = s.get(cells, "chi_tieu")
        if not label:
            raise FormError(f"{s.where(number, 'chi_tieu')}: thiếu tên chỉ tiêu")
        kind_text = s.get(cells, "loai")
        kind = _KIND_BY_NAME.get(fold(kind_text))
        if kind is None:
            raise FormError(
                f"{s.where(number, 'loai')}: loại “{kind_text}” không hợp lệ (dùng một trong: "
                + ", ".join(KIND_NAMES.values())
                + ")"
            )
        parent = s.get(cells, "ma_cha") or None
        if parent is not None and parent not in seen:
            raise FormError(
                f"{s.where(number, 'ma_cha')}: dòng cha “{parent}” không có ở các dòng phía trên"
            )
        row: dict[str, Any] = {
            "code": code,
            "printed_code": s.get(cells, "ma_in"),
            "label": label,
            "unit": s.get(cells, "don_vi_tinh"),
            "kind": kind.value,
            "parent": parent,
        }
        choices = s.get(cells, "lua_chon")
        if kind is IndicatorKind.CHOICE:
            if not choices:
                raise FormError(
                    f"{s.where(number, 'lua_chon')}: dòng loại lựa chọn cần các mã (Không = 0; Có = 1)"
                )
            row["choices"] = _parse_choices(choices, s.where(number, "lua_chon"))
        elif choices:
            raise FormError(
                f"{s.where(number, 'lua_chon')}: chỉ dòng loại lựa chọn mới có mã lựa chọn"
            )
        flag = fold(s.get(cells, "trong_do"))
        if flag in ("x", "co", "1", "true"):
            if parent is None:
                raise FormError(f"{s.where(number, 'trong_do')}: dòng “Trong đó” cần dòng cha")
            row["breakdown"] = True
        elif flag not in ("", "khong", "0", "false"):
            raise FormError(f"{s.where(number, 'trong_do')}: ghi “x” hoặc để trống")
        measure_text = s.get(cells, "tinh_chat")
        if measure_text:
            measure = _MEASURE_BY_NAME.get(fold(measure_text))
            if measure is None:
                raise FormError(
                    f"{s.where(number, 'tinh_chat')}: “{measure_text}” không hợp lệ (dùng: "
                    + ", ".join(MEASURE_NAMES.values())
                    + ")"
                )
            row["measure"] = measure.value
        range_text = s.get(cells, "khoang")
        if range_text:
            row["range"] = _parse_range(range_text, s.where(number, "khoang"))
        group = s.get(cells, "nhom_tuy_chon")
        if group:
            row["optional_group"] = group
        aggregation = s.get(cells, "tong_hop")
        if aggregation:
            try:
                rule = json.loads(aggregation)
            except ValueError:
                raise FormError(f"{s.where(number, 'tong_hop')}: không phải JSON hợp lệ") from None
            if not isinstance(rule, dict) or "rule" not in rule:
                raise FormError(
                    f"{s.where(number, 'tong_hop')}: cần một đối tượng JSON có “rule”, ví dụ "
                    '{"rule": "ratio", "numerator": […], "denominator": […]}'
                )
            row["aggregation"] = rule
        note = s.get(cells, "ghi_chu")
        if note:
            row["note"] = note
        seen.add(code)
        out.append(row)
    if not out:
        raise FormError(f"Trang “{s.name}” không có dòng chỉ tiêu nào")
    return out


def _codes(node: Node, where: str) -> list[str]:
    """The codes of a sum of codes ("1.1.2 + 1.1.3"), in order."""
    if isinstance(node, Ref):
        return [node.code]
    if isinstance(node, BinOp) and node.op == "+":
        return _codes(node.left, where) + _codes(node.right, where)
    raise FormError(f"{where}: ở loại này mỗi vế chỉ là mã chỉ tiêu cộng với nhau")


def _structured(kind: str, source: str, where: str) -> dict[str, Any]:
    try:
        expression = parse(source)
    except ExprError as exc:
        raise FormError(f"{where}: {exc}") from None
    if kind == "compare":
        return {"expr": source}
    left, right, op = expression.left, expression.right, expression.op
    if kind == "part_le_whole":
        if op != "<=":
            raise FormError(f"{where}: loại part_le_whole viết “A + B <= C”")
        whole = _codes(right, where)
        if len(whole) != 1:
            raise FormError(f"{where}: vế phải của part_le_whole là một mã chỉ tiêu")
        return {"parts": _codes(left, where), "whole": whole[0]}
    if kind == "sum_equals":
        total = _codes(left, where)
        if op != "=" or len(total) != 1:
            raise FormError(f"{where}: loại sum_equals viết “C = A + B”")
        return {"total": total[0], "parts": _codes(right, where)}
    if kind == "percent_ratio":
        percent = _codes(left, where)
        ok = (
            op == "="
            and len(percent) == 1
            and isinstance(right, BinOp)
            and right.op == "*"
            and isinstance(right.right, Num)
            and right.right.value == 100
            and isinstance(right.left, BinOp)
            and right.left.op == "/"
        )
        if not ok or not isinstance(right, BinOp) or not isinstance(right.left, BinOp):
            raise FormError(f"{where}: loại percent_ratio viết “P = (A + B) / C * 100”")
        return {
            "percent": percent[0],
            "numerator": _codes(right.left.left, where),
            "denominator": _codes(right.left.right, where),
        }
    raise FormError(f"{where}: loại quy tắc “{kind}” không hợp lệ")


def read_rules(sheet: SheetRows | None, rows: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The rules written on the sheet; `rows` gets where each rule id is (its expression's cell)."""
    if sheet is None:
        return []
    s = _Sheet(sheet, RULE_COLUMNS)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, cells in s.body:
        rule_id = s.get(cells, "ma")
        if not rule_id:
            raise FormError(f"{s.where(number, 'ma')}: thiếu mã quy tắc")
        if rule_id in seen:
            raise FormError(f"{s.where(number, 'ma')}: mã quy tắc “{rule_id}” bị trùng")
        seen.add(rule_id)
        if rows is not None:
            rows[rule_id] = s.where(number, "bieu_thuc")
        kind = s.get(cells, "loai") or "compare"
        rule: dict[str, Any] = {"id": rule_id, "kind": kind}
        extra_text = s.get(cells, "tham_so")
        if kind in _EXPRESSED:
            source = s.get(cells, "bieu_thuc")
            if not source:
                raise FormError(f"{s.where(number, 'bieu_thuc')}: thiếu biểu thức")
            rule.update(_structured(kind, source, s.where(number, "bieu_thuc")))
        elif kind not in {k.value for k in RuleKind}:
            raise FormError(f"{s.where(number, 'loai')}: loại quy tắc “{kind}” không hợp lệ")
        if extra_text:
            try:
                extra = json.loads(extra_text)
            except ValueError:
                raise FormError(f"{s.where(number, 'tham_so')}: không phải JSON hợp lệ") from None
            if not isinstance(extra, dict):
                raise FormError(f"{s.where(number, 'tham_so')}: cần một đối tượng JSON {{…}}")
            rule.update(extra)
        severity_text = s.get(cells, "muc_do")
        severity = _SEVERITY_BY_NAME.get(fold(severity_text)) if severity_text else Severity.ERROR
        if severity is None:
            raise FormError(
                f"{s.where(number, 'muc_do')}: mức độ “{severity_text}” không hợp lệ "
                "(lỗi, cảnh báo, lưu ý)"
            )
        rule["severity"] = severity.value
        message = s.get(cells, "thong_bao")
        if message:
            rule["message"] = json.loads(message) if message.startswith('{"') else message
        note = s.get(cells, "ghi_chu")
        if note:
            rule["note"] = note
        out.append(rule)
    return out


def read_info(sheet: SheetRows) -> dict[str, str]:
    out: dict[str, str] = {}
    for number, cells in list(sheet.rows)[1:]:
        key = _text(cells[0]) if cells else ""
        if not key:
            continue
        out[key] = _text(cells[1]) if len(cells) > 1 else ""
        out[f"@{key}"] = f"Trang “{sheet.name}”, ô B{number}"
    return out


def read_optional(sheet: SheetRows | None) -> list[dict[str, str]]:
    if sheet is None:
        return []
    s = _Sheet(sheet, OPTIONAL_COLUMNS)
    return [
        {"code": s.get(c, "ma"), "title": s.get(c, "ten"), "description": s.get(c, "mo_ta")}
        for _, c in s.body
    ]


def _list(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def workbook_to_data(
    sheets: Mapping[str, SheetRows],
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(catalog JSON, rules JSON or None) from the authoring sheets, both checked by the loaders."""
    for required in (INFO_SHEET, INDICATOR_SHEET):
        if required not in sheets:
            raise FormError(f"Tệp thiếu trang “{required}” (xem trang “{GUIDE_SHEET}”)")
    info = read_info(sheets[INFO_SHEET])
    for key in ("ma_danh_muc", "phien_ban"):
        if not info.get(key):
            cell = info.get(f"@{key}", f"Trang “{INFO_SHEET}”")
            raise FormError(f"{cell}: thiếu “{key}” (dòng có khóa {key}, cột B)")
    catalog: dict[str, Any] = {
        "id": info["ma_danh_muc"],
        "version": info["phien_ban"],
        "title": info.get("ten", ""),
        "source": info.get("nguon", ""),
    }
    if info.get("tinh"):
        catalog["province"] = info["tinh"]
    if info.get("nam"):
        if not re.fullmatch(r"\d{4}", info["nam"]):
            raise FormError(f"{info['@nam']}: năm “{info['nam']}” phải là 4 chữ số")
        catalog["year"] = int(info["nam"])
    optional = read_optional(sheets.get(OPTIONAL_SHEET))
    if optional:
        catalog["optional_groups"] = optional
    catalog["indicators"] = read_indicators(sheets[INDICATOR_SHEET])
    aggregation = {
        str(row["code"]): row.pop("aggregation")
        for row in catalog["indicators"]
        if "aggregation" in row
    }
    if aggregation:
        catalog["aggregation"] = aggregation
    try:
        built = catalog_from_dict(catalog)
    except ValueError as exc:
        raise FormError(f"Trang “{INDICATOR_SHEET}”: {exc}") from None
    where: dict[str, str] = {}
    rules_list = read_rules(sheets.get(RULE_SHEET), where)
    has_settings = any(info.get(k) for k, _ in INFO_KEYS if k.startswith("quy_tac."))
    if not rules_list and not has_settings:
        return catalog, None
    rules: dict[str, Any] = {
        "catalog": {"id": catalog["id"], "version": catalog["version"]},
        "version": info.get("quy_tac.phien_ban") or catalog["version"],
        "title": info.get("quy_tac.ten", ""),
        "about": info.get("quy_tac.gioi_thieu", ""),
        "derived": {
            "partial_breakdowns": _list(info.get("quy_tac.tach_mot_phan", "")),
            "disable": _list(info.get("quy_tac.bo_qua", "")),
        },
    }
    cross: dict[str, str] = {}
    for key, name in _CROSS.items():
        value = info.get(key, "")
        if not value:
            continue
        if name in ("cumulative", "flow", "year_over_year"):
            severity = _SEVERITY_BY_NAME.get(fold(value))
            if severity is None:
                raise FormError(f"{info['@' + key]}: mức độ “{value}” không hợp lệ")
            value = severity.value
        cross[name] = value
    if cross:
        rules["cross_period"] = cross
    templates = {
        k[len("quy_tac.mau.") :]: v for k, v in info.items() if k.startswith("quy_tac.mau.")
    }
    if templates:
        rules["templates"] = templates
    rules["rules"] = rules_list
    try:
        rules_from_dict(rules, built)
    except RulesError as exc:
        # the loader names the rule ("Quy tắc 2.5<=2.4: ..."): name its cell too
        text = str(exc)
        cell = next(
            (w for rule_id, w in where.items() if text.startswith(f"Quy tắc {rule_id}:")),
            f"Trang “{RULE_SHEET}”",
        )
        raise FormError(f"{cell}: {text}") from None
    return catalog, rules
