"""What values an indicator's own type admits (whole, 0-100, one of its codes): checked at entry.

One home for these bounds: typing a figure (CLI, GUI editor), the Excel import, the Excel data
validations and the derived consistency rules (which still flag a value stored by an older version)
all read them from Indicator.bounds. Consistency between fields is never a bound: it stays a finding.
"""

from __future__ import annotations

from decimal import Decimal

from .frozen import Frozen
from .vn import MAX_SIGNIFICANT_DIGITS, format_number, too_many_digits

# Beyond this a figure of a CCHC report (documents, people, procedures, scores) is surely a typo
MAX_MAGNITUDE = Decimal(10) ** 12


class Bounds(Frozen):
    """The values of one indicator's kind: a range, whole numbers only, or a list of codes."""

    __match_args__ = ("noun", "minimum", "maximum", "integer", "choices")
    noun: str  # how the reason names the figure: "số đếm", "tỷ lệ %", "số liệu này"
    minimum: Decimal | None
    maximum: Decimal | None
    integer: bool
    choices: tuple[tuple[int, str], ...]  # (code, label); empty: any number in the range

    def __init__(
        self,
        noun: str,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        integer: bool = False,
        choices: tuple[tuple[int, str], ...] = (),
    ) -> None:
        object.__setattr__(self, "noun", noun)
        object.__setattr__(self, "minimum", minimum)
        object.__setattr__(self, "maximum", maximum)
        object.__setattr__(self, "integer", integer)
        object.__setattr__(self, "choices", choices)

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(code for code, _ in self.choices)

    def listing(self) -> str:
        """ "Không = 0; Có = 1" """
        return "; ".join(f"{label} = {code}" for code, label in self.choices)

    def describe(self) -> str:
        """ "số đếm phải là số nguyên từ 0 trở lên", "tỷ lệ % phải từ 0 đến 100" """
        whole = "là số nguyên " if self.integer else ""
        low = None if self.minimum is None else format_number(self.minimum)
        high = None if self.maximum is None else format_number(self.maximum)
        if low is not None and high is not None:
            span = f"từ {low} đến {high}"
        elif low is not None:
            span = f"từ {low} trở lên"
        elif high is not None:
            return f"{self.noun} không được lớn hơn {high}" + (", là số nguyên" if whole else "")
        else:
            span = ""
        return f"{self.noun} phải {whole}{span}".strip()

    def problem(self, value: Decimal) -> str | None:
        """Why value can never be right for this indicator (Vietnamese, to follow the figure as
        typed: "“-5” là số âm; ..."), or None when it is admissible."""
        if not value.is_finite():
            return "không phải là số hữu hạn."
        if too_many_digits(value):
            return f"có quá {MAX_SIGNIFICANT_DIGITS} chữ số; hãy làm tròn."
        if abs(value) >= MAX_MAGNITUDE:
            return "quá lớn, hãy kiểm tra lại."
        if self.choices:
            if value not in self.codes:
                return f"không phải là mã lựa chọn ({self.listing()})."
            return None
        if self.minimum is not None and self.maximum is not None:
            if not self.minimum <= value <= self.maximum:
                if value < 0 <= self.minimum:
                    return f"là số âm; {self.describe()}."
                low, high = format_number(self.minimum), format_number(self.maximum)
                return f"nằm ngoài khoảng {low}-{high} của {self.noun}."
        elif self.minimum is not None and value < self.minimum:
            if value < 0 <= self.minimum:
                return f"là số âm; {self.describe()}."
            return f"nhỏ hơn {format_number(self.minimum)}; {self.describe()}."
        elif self.maximum is not None and value > self.maximum:
            return f"lớn hơn {format_number(self.maximum)}; {self.describe()}."
        if self.integer and value != value.to_integral_value():
            return f"không phải số nguyên; {self.describe()}."
        return None

    def admit(self, value: Decimal) -> Decimal:
        """The stored form of an admissible value: a whole number without decimals ("38,0" is 38,
        a choice "1,0" is its code 1)."""
        if (self.integer or self.choices) and value == value.to_integral_value():
            return Decimal(int(value))
        return value


# a quantity of Phụ lục I (số lượng): tuyên truyền sessions, articles, participants
QUANTITY = Bounds("số lượng", minimum=Decimal(0), integer=True)

__all__ = ["MAX_MAGNITUDE", "QUANTITY", "Bounds"]
