"""Printed sizes: Times New Roman advance widths, column widths, and line breaks that fit them.

The decree ties the rules under header lines to the text above them, and table columns must hold
their longest unbreakable phrase: both need the width of a text before Word lays it out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

TWIPS_PER_CM = 567
CELL_MARGIN = 108  # Word's default left/right cell margin, twips
TABLE_PT = 12  # the Table Text size of templates_docx/base.docx, for sizing columns
TITLE_PT = 14  # the Appendix Title size of templates_docx/base.docx
SLACK = 60  # twips: metrics differ a little between Times New Roman and its substitutes
_UNIT_KEEP_MAX = round(2.7 * TWIPS_PER_CM)  # longer unit phrases may wrap inside themselves
_CHOICE = re.compile(r"(=\s*\d+)\s+(?=\S)")
_CHOICE_CODE = re.compile(r"\s*=\s*(\d+)$")

# Advance widths of Times New Roman (1/1000 em; Liberation Serif has the same metrics) of these
# characters; others count as 722 (capitals) or 500.
_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,:/()=%*"
_WIDTHS_REGULAR = dict(zip(_CHARS, (
    444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333,
    389, 278, 500, 500, 722, 500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389,
    722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 250, 333, 250, 250, 278, 278, 333, 333, 564,
    833, 500), strict=True))  # fmt: skip
_WIDTHS_BOLD = dict(zip(_CHARS, (
    500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444,
    389, 333, 556, 500, 722, 500, 500, 444, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500,
    778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 250, 333, 250, 250, 333, 278, 333, 333, 570,
    1000, 500), strict=True))  # fmt: skip


def text_width_twips(text: str, size_pt: float, *, bold: bool = False) -> int:
    """Approximate printed width of `text` in Times New Roman (Vietnamese marks add no width)."""
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        base = {"đ": "d", "Đ": "D"}.get(base, base)
        total += table.get(base, 722 if base.isupper() else 500)
    return round(total / 1000 * size_pt * 20)


def _unit_phrases(unit: str) -> list[list[str]]:
    """A unit cell as lines of phrases: one line per choice code ("Không = 0" / "Có = 1"), and
    within a line the comma-separated phrases ("Cơ quan", "đơn vị")."""
    text = " ".join(unit.split())
    return [line.split(", ") for line in _CHOICE.sub(r"\1\n", text).split("\n")]


def unit_min_width(units: Iterable[str]) -> int:
    """The unit column's width so that no short phrase of a unit has to break inside."""
    phrases = [
        text_width_twips(ph, TABLE_PT)
        for unit in units
        for line in _unit_phrases(unit)
        for ph in line
    ]
    fitting = [w for w in phrases if w <= _UNIT_KEEP_MAX]
    return max(fitting, default=0) + 2 * CELL_MARGIN + SLACK


def unit_text(unit: str, inner_width: int) -> str:
    """The unit as printed: choice codes on their own lines, and each phrase that fits the column
    kept on one line (non-breaking spaces), so "Cơ quan, đơn vị" breaks after the comma."""
    lines = []
    for phrases in _unit_phrases(unit):
        # "= 0" never starts a line of its own: glue it to the choice's last word.
        line = [_CHOICE_CODE.sub("\u00a0=\u00a0\\1", ph) for ph in phrases]
        if text_width_twips(", ".join(line), TABLE_PT) + SLACK <= inner_width:
            lines.append(", ".join(line))  # fits as it is: plain spaces, easy to search
            continue
        kept = [
            ph.replace(" ", "\u00a0")
            if text_width_twips(ph, TABLE_PT) + SLACK <= inner_width
            else ph
            for ph in line
        ]
        lines.append(", ".join(kept))
    return "\n".join(lines)


def widen(widths: Sequence[int], minima: Mapping[int, int], *, donor: int) -> list[int]:
    """Widen columns to their minimum, taking the room from the `donor` column (the wide text
    column), which never drops below half its width."""
    out = list(widths)
    floor = out[donor] // 2
    for col, least in minima.items():
        extra = min(max(0, least - out[col]), out[donor] - floor)
        out[col] += extra
        out[donor] -= extra
    return out


def cm_widths(cms: Sequence[float], total: int) -> list[int]:
    """Column widths in twips: the proportions of `cms` scaled to the text width."""
    whole = sum(cms)
    widths = [round(total * c / whole) for c in cms]
    widths[-1] = total - sum(widths[:-1])
    return widths


def balanced_lines(text: str, size_pt: float, width: int, *, bold: bool = False) -> str:
    """A centred title that needs several lines, broken into lines of even length (explicit
    breaks), so that no lone word ends it. A line is kept 8 % short of the width, because the
    widths are estimates."""
    words = text.split()
    room = width * 0.92
    if len(words) < 2 or text_width_twips(text, size_pt, bold=bold) <= room:
        return text
    space = text_width_twips(" ", size_pt, bold=bold)
    sizes = [text_width_twips(w, size_pt, bold=bold) for w in words]

    def fill(limit: float) -> list[list[str]]:
        lines: list[list[str]] = [[]]
        used = 0.0
        for word, size in zip(words, sizes, strict=True):
            if lines[-1] and used + space + size > limit:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0) + size
            lines[-1].append(word)
        return lines

    count = len(fill(room))
    low, high = float(max(sizes)), room
    while high - low > 20:  # the narrowest limit that still needs no more lines
        mid = (low + high) / 2
        if len(fill(mid)) <= count:
            high = mid
        else:
            low = mid
    return "\n".join(" ".join(line) for line in fill(high))
