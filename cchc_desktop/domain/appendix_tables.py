"""Column headings of the Phụ lục I and II tables, in the wording of the reference report
(Sở Tài chính Hà Tĩnh, 6 tháng đầu năm 2024).

The Word export and the Excel form print them; the editor shows them, splitting Phụ lục II's second
column into the parts the export joins into it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from .report import PropagandaRow, RemediationItem, Report
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


def propaganda_filled(rows: Sequence[PropagandaRow]) -> bool:
    """Whether Phụ lục I says anything: a quantity or a note. The template's row labels alone
    are an empty form, which is not printed."""
    return any(r.quantity is not None or r.note.strip() for r in rows)


def remediation_filled(items: Sequence[RemediationItem]) -> bool:
    """Whether Phụ lục II has a row with any text or score in it."""
    return any(
        i.criterion.strip()
        or i.assessment.strip()
        or i.score_got is not None
        or any(t.strip() for t in (*i.findings, *i.remedies, *i.deadlines, *i.progress))
        for i in items
    )


def printed_appendices(report: Report, form_codes: Sequence[str]) -> tuple[str, ...]:
    """The appendices the Word document carries, in order: "i" (Phụ lục I), "ii", "iii". An
    appendix with nothing entered is left out (no empty appendix, no Phụ lục III page for a
    report without statistics); form_codes are the Phụ lục III rows the report shows."""
    out: list[str] = []
    if propaganda_filled(report.propaganda):
        out.append("i")
    if remediation_filled(report.remediation):
        out.append("ii")
    values = report.values
    if any(c in values and values[c].is_reported for c in form_codes):
        out.append("iii")
    return tuple(out)
