"""Vietnamese numbers, dates and text: parsing and formatting."""

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_desktop.domain.vn import (
    NumberFormatError,
    clean_line,
    format_date_long,
    format_date_short,
    format_number,
    format_percent,
    format_timestamp,
    nfc,
    parse_date,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.088", Decimal(1088)),
        ("06", Decimal(6)),
        ("0", Decimal(0)),
        ("19.855", Decimal(19855)),
        ("1.234.567", Decimal(1234567)),
        ("98,73", Decimal("98.73")),
        ("  273 ", Decimal(273)),
        ("1 088", Decimal(1088)),
        ("1\u00a0088", Decimal(1088)),
        ("-3", Decimal(-3)),
        ("-0", Decimal(0)),
        ("98.73", Decimal("98.73")),  # a dot followed by 2 digits cannot be a thousands group
        ("6,981", Decimal("6.981")),
        ("1.08", Decimal("1.08")),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_is_none_not_zero(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text", ["abc", "1,2,3", "1.0888", "12.3456,7", "1234.567", "--1", "1e5", "nan", "١٢"]
)
def test_parse_number_rejects_with_vietnamese_message(text: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_number(text)
    assert "không phải là số hợp lệ" in str(info.value)


def test_percent_sign_only_for_percentages() -> None:
    assert parse_number("98,73%", percent=True) == Decimal("98.73")
    assert parse_number("100%", percent=True) == Decimal(100)
    assert parse_number("100", percent=True) == Decimal(100)
    with pytest.raises(NumberFormatError, match="không phải là tỷ lệ"):
        parse_number("5%")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal(1088), "1.088"),
        (Decimal(19855), "19.855"),
        (Decimal(6), "6"),
        (Decimal(0), "0"),
        (Decimal("98.73"), "98,73"),
        (Decimal("1234567.5"), "1.234.567,5"),
        (None, ""),
    ],
)
def test_format_number(value: Decimal | None, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("98.73"), "98,73%"),
        (Decimal("98.735"), "98,74%"),
        (Decimal("98.725"), "98,73%"),
        (Decimal(100), "100%"),
        (Decimal("56.00"), "56%"),
        (Decimal("6.125"), "6,13%"),
        (Decimal("0.5"), "0,5%"),
    ],
)
def test_format_percent_rounds_half_up(value: Decimal, expected: str) -> None:
    assert format_percent(value) == expected


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_round_trip(n: int) -> None:
    assert parse_number(format_number(Decimal(n))) == Decimal(n)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_decimals_round_trip(d: Decimal) -> None:
    assert parse_number(format_number(d)) == d


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_percent_round_trip(d: Decimal) -> None:
    assert parse_number(format_percent(d), percent=True) == d


@given(st.text())
def test_parse_never_crashes(text: str) -> None:
    try:
        result = parse_number(text, percent=True)
    except NumberFormatError:
        return
    assert result is None or isinstance(result, Decimal)


def test_nfc_composes_unikey_nfd_and_drops_controls() -> None:
    nfd = unicodedata.normalize("NFD", "Cải cách hành chính")
    assert nfd != "Cải cách hành chính"
    assert nfc(nfd) == "Cải cách hành chính"
    assert nfc("a\x00b\x07c\nd") == "abc\nd"
    assert clean_line("  Sở   Tài\tchính \n") == "Sở Tài chính"
    # exactly the control characters (Unicode category Cc) go, tab and newline stay
    controls = [chr(i) for i in range(0x110000) if unicodedata.category(chr(i)) == "Cc"]
    assert nfc("".join(controls)) == "\t\n"
    kept = "đĐ€\u00a0\u00ad\u200b\ufeff😀" + "".join(chr(i) for i in range(0x20, 0x7F))
    assert nfc(kept) == kept


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (dt.date(2024, 6, 15), "ngày 15 tháng 6 năm 2024", "15/6/2024"),
        (dt.date(2024, 2, 5), "ngày 05 tháng 02 năm 2024", "05/02/2024"),
        (dt.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020", "05/01/2020"),
        (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019", "29/6/2019"),
        (dt.date(2024, 12, 1), "ngày 01 tháng 12 năm 2024", "01/12/2024"),
    ],
)
def test_decree_dates(day: dt.date, long: str, short: str) -> None:
    assert format_date_long(day) == long
    assert format_date_short(day) == short
    assert parse_date(long) == day
    assert parse_date(short) == day


def test_parse_date_errors() -> None:
    assert parse_date("") is None
    with pytest.raises(NumberFormatError, match="không phải là ngày hợp lệ"):
        parse_date("31/02/2024")


def _babel_format(value: Decimal, places: int | None) -> str:
    """What babel's own formatter gives with the pattern of the value's places (the reference)."""
    from decimal import localcontext

    from babel.numbers import format_decimal

    from cchc_desktop.domain.vn import LOCALE, round_half_up

    if places is not None:
        value = round_half_up(value, places)
    exponent = value.as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    with localcontext() as ctx:
        ctx.prec = 80
        return str(
            format_decimal(
                value,
                format="#,##0" + ("." + "0" * digits if digits else ""),
                locale=LOCALE,
                decimal_quantization=True,
            )
        )


@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**30), max_value=10**30),
    st.sampled_from([None, 0, 2]),
)
def test_format_number_gives_what_babel_gives(value: Decimal, places: int | None) -> None:
    # the symbols and grouping come from babel once; the result is babel's, digit for digit
    assert format_number(value, places=places) == _babel_format(value, places)


@pytest.mark.parametrize(
    "text", ["0", "-0", "-0.00", "1E+3", "1.5E-7", "-1234567.891", "1E+30", "0.001", "1.50"]
)
def test_format_number_edge_values_match_babel(text: str) -> None:
    for places in (None, 0, 2):
        assert format_number(Decimal(text), places=places) == _babel_format(Decimal(text), places)


@given(st.datetimes())
def test_format_timestamp_is_the_lists_strftime(moment: dt.datetime) -> None:
    # the report list's "Sửa lần cuối" and `cchc list`'s "sửa lần cuối" wrote it with strftime
    assert format_timestamp(moment) == moment.strftime("%d/%m/%Y %H:%M")
    # the change history and the backups list wrote theirs to the second
    assert format_timestamp(moment, seconds=True) == moment.strftime("%d/%m/%Y %H:%M:%S")


def test_format_timestamp() -> None:
    assert format_timestamp(dt.datetime(2026, 2, 5, 8, 7, 59)) == "05/02/2026 08:07"
    assert format_timestamp(dt.datetime(2026, 2, 5, 8, 7, 9), seconds=True) == "05/02/2026 08:07:09"
