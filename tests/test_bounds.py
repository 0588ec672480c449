"""The bounds of an indicator's own type (domain/bounds.py): refused at entry, shared by every user."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_desktop.domain.bounds import MAX_MAGNITUDE, QUANTITY, Bounds
from cchc_desktop.domain.catalog import Catalog, IndicatorKind, catalog_from_dict
from cchc_desktop.domain.report import IndicatorValue
from cchc_desktop.domain.rules.loader import derive_rules
from cchc_desktop.domain.vn import (
    MAX_SIGNIFICANT_DIGITS,
    NumberFormatError,
    format_number,
    format_percent,
    parse_number,
    significant_digits,
)
from cchc_desktop.services.catalogs import get_catalog

PI_29 = "3,1428571428571428571428571428571"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return get_catalog()


# --- parse_number: digits and spaces ----------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "digits"),
    [
        ("1", 1),
        ("1000000", 1),
        ("1088", 4),
        ("0.5", 1),
        ("0.50", 2),
        ("98.73", 4),
        ("0.001", 1),
        ("123456789012345", 15),
        ("1234567890123456", 16),
        ("0", 1),
    ],
)
def test_significant_digits(value: str, digits: int) -> None:
    assert significant_digits(Decimal(value)) == digits


@pytest.mark.parametrize(
    "text",
    [PI_29, "1234567890123456", "0,1234567890123456", "1.234.567.890.123.456", "-9999999999999999"],
)
def test_more_than_15_digits_is_refused_at_parse(text: str) -> None:
    with pytest.raises(NumberFormatError, match=f"quá {MAX_SIGNIFICANT_DIGITS} chữ số"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123.456.789.012.345", Decimal(123456789012345)),
        ("3,14285714285714", Decimal("3.14285714285714")),
        ("1.000.000.000.000.000", Decimal(10**15)),  # one significant digit
    ],
)
def test_15_digits_are_accepted(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1 2", "12 3456", "1 2,5", "1,2 5", "98, 73", "1 0 8 8", "12 34"])
def test_spaces_inside_a_number_are_refused_not_dropped(text: str) -> None:
    with pytest.raises(NumberFormatError, match="khoảng trắng giữa các chữ số"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 088", Decimal(1088)),
        ("1 234 567,5", Decimal("1234567.5")),
        ("- 3", Decimal(-3)),
        (" 98,73 %", Decimal("98.73")),
        ("1\u202f088", Decimal(1088)),
    ],
)
def test_thousands_spaces_and_a_spaced_sign_are_accepted(text: str, expected: Decimal) -> None:
    assert parse_number(text, percent=True) == expected


# --- a long figure stored by an older version prints, never crashes ---------------------------
@pytest.mark.parametrize(
    ("value", "number", "percent"),
    [
        ("3.1428571428571428571428571428571", "3,1428571428571428571428571428571", "3,14%"),
        ("1E+28", "10.000.000.000.000.000.000.000.000.000", None),
        (
            "-1234567890123456789012345678901.5",
            "-1.234.567.890.123.456.789.012.345.678.901,5",
            None,
        ),
        ("1E-30", "0,000000000000000000000000000001", "0%"),
    ],
)
def test_format_of_a_long_stored_figure(value: str, number: str, percent: str | None) -> None:
    assert format_number(Decimal(value)) == number
    shown = format_percent(Decimal(value))
    assert shown.endswith("%")
    if percent is not None:
        assert shown == percent


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_format_never_crashes(value: Decimal) -> None:
    assert format_number(value)
    assert format_percent(value).endswith("%")
    assert format_number(value, places=2)


# --- Bounds: the reasons ------------------------------------------------------------------------
COUNT = Bounds("số đếm", minimum=Decimal(0), integer=True)
PERCENT = Bounds("tỷ lệ %", minimum=Decimal(0), maximum=Decimal(100))
SCORE = Bounds("số liệu này", minimum=Decimal(0))
CHOICE = Bounds("mã lựa chọn", choices=((0, "Không"), (1, "Có")))


@pytest.mark.parametrize(
    ("bounds", "value", "reason"),
    [
        (COUNT, "-5", "là số âm; số đếm phải là số nguyên từ 0 trở lên."),
        (COUNT, "1.5", "không phải số nguyên; số đếm phải là số nguyên từ 0 trở lên."),
        (COUNT, "-1.5", "là số âm"),
        (COUNT, "1000000000000", "quá lớn"),
        (PERCENT, "120", "nằm ngoài khoảng 0-100 của tỷ lệ %."),
        (PERCENT, "100.01", "nằm ngoài khoảng 0-100"),
        (PERCENT, "-0.01", "là số âm; tỷ lệ % phải từ 0 đến 100."),
        (SCORE, "-0.5", "là số âm; số liệu này phải từ 0 trở lên."),
        (CHOICE, "7", "không phải là mã lựa chọn (Không = 0; Có = 1)."),
        (CHOICE, "0.5", "không phải là mã lựa chọn"),
        (CHOICE, "-1", "không phải là mã lựa chọn"),
        (SCORE, "3.1428571428571428571428571428571", "quá 15 chữ số"),
        (SCORE, "Infinity", "không phải là số hữu hạn"),
        (QUANTITY, "-1", "số lượng phải là số nguyên từ 0 trở lên"),
        (Bounds("điểm", minimum=Decimal(1)), "0.5", "nhỏ hơn 1; điểm phải từ 1 trở lên."),
        (Bounds("điểm", maximum=Decimal(10)), "11", "lớn hơn 10; điểm không được lớn hơn 10."),
        (Bounds("điểm", minimum=Decimal(1), maximum=Decimal(10)), "11", "ngoài khoảng 1-10"),
    ],
)
def test_bounds_say_why(bounds: Bounds, value: str, reason: str) -> None:
    assert reason in (bounds.problem(Decimal(value)) or "")


@pytest.mark.parametrize(
    ("bounds", "value"),
    [
        (COUNT, "0"),
        (COUNT, "38"),
        (COUNT, "38.0"),
        (COUNT, "999999999999"),
        (PERCENT, "0"),
        (PERCENT, "100"),
        (PERCENT, "98.73"),
        (SCORE, "6.981"),
        (SCORE, "1E-30"),
        (CHOICE, "0"),
        (CHOICE, "1.0"),
        (Bounds("x"), "-5"),
    ],
)
def test_bounds_admit(bounds: Bounds, value: str) -> None:
    assert bounds.problem(Decimal(value)) is None


def test_admit_stores_whole_numbers_without_decimals() -> None:
    assert str(COUNT.admit(Decimal("38.0"))) == "38"
    assert str(CHOICE.admit(Decimal("1.0"))) == "1"
    assert str(SCORE.admit(Decimal("6.50"))) == "6.50"


# --- Indicator.bounds and parse_value: refused at entry -----------------------------------------
@pytest.mark.parametrize(
    ("code", "text", "message"),
    [
        ("1.1.2", "-5", "Chỉ tiêu 1.1.2: “-5” là số âm; số đếm phải là số nguyên từ 0 trở lên."),
        ("1.1.2", "1,5", "Chỉ tiêu 1.1.2: “1,5” không phải số nguyên"),
        ("1.5", "7", "Chỉ tiêu 1.5: “7” không phải là mã lựa chọn (Không = 0; Có = 1)."),
        ("1.5", "Co", "Chỉ tiêu 1.5: “Co” không phải là mã lựa chọn (Không = 0; Có = 1)"),
        ("1.4.2", "3", "(Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2)"),
        ("3.3.3", "120", "Chỉ tiêu 3.3.3: “120” nằm ngoài khoảng 0-100 của tỷ lệ %."),
        ("3.3.3", "100,5%", "“100,5%” nằm ngoài khoảng 0-100"),
        ("3.3.3", "-1%", "“-1%” là số âm"),
        ("7.1.5", "-0,5", "Chỉ tiêu 7.1.5: “-0,5” là số âm"),
        ("7.1.5", PI_29, "quá 15 chữ số"),
        ("1.1.1", "1 2", "khoảng trắng giữa các chữ số"),
        ("1.1.1", "12%", "không phải là tỷ lệ"),
        ("1.1.1", "1.000.000.000.000", "quá lớn"),
    ],
)
def test_entry_refuses_what_can_never_be_right(
    catalog: Catalog, code: str, text: str, message: str
) -> None:
    with pytest.raises(NumberFormatError) as info:
        catalog.get(code).parse_value(text)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("1.1.2", "19", Decimal(19)),
        ("1.1.2", "38,0", Decimal(38)),
        ("1.1.2", "0", Decimal(0)),
        ("1.5", "Có", Decimal(1)),
        ("1.5", "1,0", Decimal(1)),
        ("3.3.3", "100%", Decimal(100)),
        ("3.3.3", "0", Decimal(0)),
        ("3.3.3", "98,73", Decimal("98.73")),
        ("7.1.5", "3,14", Decimal("3.14")),
        ("1.1.2", "", None),
    ],
)
def test_entry_admits(catalog: Catalog, code: str, text: str, expected: Decimal | None) -> None:
    value = catalog.get(code).parse_value(text)
    assert value == expected
    if isinstance(value, Decimal) and catalog.get(code).kind is IndicatorKind.COUNT:
        assert str(value) == str(expected)  # "38,0" is stored as 38


def test_every_indicator_has_the_bounds_of_its_kind(catalog: Catalog) -> None:
    for ind in catalog:
        b = ind.bounds
        if ind.kind is IndicatorKind.COUNT:
            assert (b.minimum, b.maximum, b.integer, b.choices) == (0, None, True, ())
        elif ind.kind is IndicatorKind.PERCENT:
            assert (b.minimum, b.maximum, b.integer) == (0, 100, False)
        elif ind.kind is IndicatorKind.DECIMAL:
            assert (b.minimum, b.maximum, b.integer) == (0, None, False)
        elif ind.kind is IndicatorKind.CHOICE:
            assert b.codes == tuple(c.code for c in ind.choices) and b.codes


def _one_row_catalog(**row: Any) -> Catalog:
    base = {"code": "1", "label": "Tăng trưởng", "kind": "percent", "unit": "%"}
    return catalog_from_dict(
        {"id": "t", "version": "1", "title": "", "indicators": [{**base, **row}]}
    )


def test_the_catalog_may_widen_a_range() -> None:
    ind = _one_row_catalog(range=["-100", None]).get("1")
    assert ind.parse_value("150") == Decimal(150)
    assert ind.parse_value("-20") == Decimal(-20)
    with pytest.raises(NumberFormatError, match="nhỏ hơn -100"):
        ind.parse_value("-120")
    rule = next(
        r for r in derive_rules(_one_row_catalog(range=["-100", None])) if r.id == "bounds:1"
    )
    assert (rule.minimum, rule.maximum) == (Decimal(-100), None)  # type: ignore[attr-defined]


def test_a_bad_range_in_the_catalog_is_refused() -> None:
    with pytest.raises(ValueError, match="Danh mục chỉ tiêu không hợp lệ"):
        _one_row_catalog(range=["abc", None])


def test_the_derived_rules_use_the_same_bounds(catalog: Catalog) -> None:
    """The rules still flag a value an older version stored; they read the one home of bounds."""
    rules = {r.id: r for r in derive_rules(catalog)}
    for ind in catalog:
        if ind.kind in (IndicatorKind.COUNT, IndicatorKind.PERCENT, IndicatorKind.DECIMAL):
            rule: Any = rules[f"bounds:{ind.code}"]
            b = ind.bounds
            assert (rule.minimum, rule.maximum, rule.integer) == (b.minimum, b.maximum, b.integer)
        elif ind.kind is IndicatorKind.CHOICE:
            assert rules[f"choice:{ind.code}"].allowed == ind.bounds.codes  # type: ignore[attr-defined]


@given(st.text(alphabet="0123456789,.-% \u00a0", max_size=25))
def test_whatever_entry_admits_is_within_bounds_and_prints(text: str) -> None:
    catalog = get_catalog()
    for code in ("1.1.2", "3.3.3", "7.1.5", "1.5"):
        ind = catalog.get(code)
        try:
            value = ind.parse_value(text)
        except NumberFormatError:
            continue
        if isinstance(value, Decimal):
            assert ind.bounds.problem(value) is None
            assert abs(value) < MAX_MAGNITUDE
        ind.format_value(value)


def test_an_empty_value_is_not_reported() -> None:
    assert not IndicatorValue().is_reported
    assert not IndicatorValue(None, "").is_reported
    assert IndicatorValue(Decimal(0)).is_reported  # 0 is a figure, not "not reported"
    assert IndicatorValue(None, "chưa có số liệu").is_reported
    assert IndicatorValue("Đảm bảo").is_reported
