"""Column headings of the Phụ lục I and II tables, in the wording of the reference report
(Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024).

The Word export and the Excel form print them; the editor shows them, splitting Phụ lục II's second
column into the parts the export joins into it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from .vn import NumberFormatError, clean_line, format_number, parse_number

PROPAGANDA_HEADINGS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Số lượng", "Ghi chú")
REMEDIATION_HEADINGS = (
    "TT",
    "Các tồn tại, hạn chế trong công tác CCHC, các tiêu chí bị trừ điểm",
    "Giải pháp khắc phục cụ thể",
    "Thời gian hoàn thành",
    "Tiến độ thực hiện",
)
# The printed second column is criterion + assessment (or score) + the findings, one per line.
REMEDIATION_CRITERION_PARTS = ("Tiêu chí", "Đánh giá", "Điểm", "Bị trừ điểm, lý do")
REMEDIATION_EDIT_COLUMNS = (
    REMEDIATION_HEADINGS[0],
    *REMEDIATION_CRITERION_PARTS,
    *REMEDIATION_HEADINGS[2:],
)


_SCORE_RE = re.compile(r"^\s*([0-9.,]+)\s*(?:đ|điểm)?\s*/\s*([0-9.,]+)\s*(?:đ|điểm)?\s*$")


def parse_score(text: str) -> tuple[Decimal | None, Decimal | None]:
    """A Phụ lục II score as typed: "6,981/10" -> (6.981, 10); "" -> (None, None).
    NumberFormatError (a Vietnamese message) for anything else."""
    raw = clean_line(text)
    if not raw:
        return None, None
    m = _SCORE_RE.match(raw)
    if m is None:
        raise NumberFormatError(f"“{raw}” không phải là điểm dạng đạt/tối đa (ví dụ 6,981/10)")
    return parse_number(m.group(1)), parse_number(m.group(2))


def format_score(got: Decimal | None, top: Decimal | None) -> str:
    """A score as the table shows it: "6,981/10"; "" when neither part is known."""
    if got is None and top is None:
        return ""
    return f"{format_number(got)}/{format_number(top)}"


def renumber(numbers: Sequence[str], *, width: int) -> list[str]:
    """ "01", "02", ... for rows that had a number (sub-rows without one keep it empty)."""
    out, n = [], 0
    for number in numbers:
        if number.strip():
            n += 1
            out.append(str(n).zfill(width))
        else:
            out.append("")
    return out
