"""The rule expression language: parsing, evaluation over Decimal, and refusing anything else."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_desktop.domain.rules import expr
from cchc_desktop.domain.rules.expr import ExprError, Undefined, parse, tokenize

D = Decimal


def values(**kw: int | str) -> dict[str, Decimal]:
    return {k.replace("_", "."): D(str(v)) for k, v in kw.items()}


def test_parses_codes_and_evaluates_the_reference_rule() -> None:
    rule = parse("1.3.2 + 1.3.3 <= 1.3.1")
    assert rule.codes() == ("1.3.2", "1.3.3", "1.3.1")
    assert rule.evaluate({"1.3.2": D(224), "1.3.3": D(0), "1.3.1": D(273)})
    assert not rule.evaluate({"1.3.2": D(224), "1.3.3": D(50), "1.3.1": D(273)})
    assert rule.show() == "1.3.2 + 1.3.3 ≤ 1.3.1"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("2 * (1.1 + 1.2) = 10", True),  # 2 * (2 + 3)
        ("2 * 1.1 + 1.2 = 7", True),  # precedence: (2*2)+3
        ("1.1 - 1.2 - 1 = -2", True),  # left associative: (2-3)-1
        ("1.2 / 1.1 = 1,5", True),  # Vietnamese decimal comma
        ("-1.1 < 0", True),
        ("- - 1.1 = +1.1", True),
        ("1.1 != 1.2", True),
        ("1.1 ≠ 1.2", True),
        ("1.2 ≥ 1.1", True),
        ("1.1 ≤ 1.1", True),
        ("1.1 == 1.1", True),
        ("1.1 > 1.2", False),
        ("1.1 >= 1.2", False),
        ("[1.1] × 3 = 6", True),
        ("1.2 − 1.1 = 1", True),
    ],
)
def test_arithmetic_and_comparisons(source: str, expected: bool) -> None:
    assert parse(source).evaluate({"1.1": D(2), "1.2": D(3)}) is expected


def test_decimal_arithmetic_is_exact() -> None:
    # 0,1 + 0,2 = 0,3 exactly: no binary floating point anywhere
    assert parse("[a] + [b] = 0,3").evaluate({"a": D("0.1"), "b": D("0.2")})
    left, right = parse("1.1 / 3 * 3 <= 1").sides({"1.1": D(1)})
    assert isinstance(left, Decimal) and isinstance(right, Decimal)


def test_division_by_zero_is_undefined_not_a_crash() -> None:
    rule = parse("1.1 / 1.2 * 100 >= 50")
    with pytest.raises(Undefined):
        rule.evaluate({"1.1": D(1), "1.2": D(0)})
    with pytest.raises(Undefined):
        rule.evaluate({"1.1": D(0), "1.2": D(0)})


def test_bracketed_codes_and_repeated_codes() -> None:
    rule = parse("[hs.1] + 3.5.1 + [hs.1] > 0")
    assert rule.codes() == ("hs.1", "3.5.1")


def test_a_dotted_number_is_a_code_and_a_plain_number_is_a_number() -> None:
    tokens = tokenize("6.1 + 100")
    assert [(t.kind, t.text) for t in tokens[:-1]] == [
        ("code", "6.1"),
        ("op", "+"),
        ("number", "100"),
    ]
    assert parse("7.1 + 7.2 <= 100").codes() == ("7.1", "7.2")


@pytest.mark.parametrize(
    "source",
    [
        "",
        "1.1",  # no comparison
        "1.1 <= ",
        "1.1 <= 1.2 <= 1.3",  # one comparison only
        "1.1 + <= 1.2",
        "(1.1 <= 1.2",
        "1.1 <= (1.2",
        "1.1 <= 1.2)",
        "__import__('os').system('echo hi') == 0",
        "open('x') <= 1",
        "1.1 ** 2 <= 3",
        "1.1 // 2 <= 3",
        "1.1 % 2 <= 3",
        "x <= 1",
        "1.1 <= 1.2 and 1 < 2",
        "1.1 <= 1.2; 1",
        "lambda: 0 <= 1",
        "1.1. <= 2",
        "1..2 <= 3",
        "1.5e3 <= 1.1",
        "1.1 <= 1,2,3",
        "[] <= 1",
        "[1.1 <= 2",
        "1.1 <> 1.2",
        "1.1 <= 1.2 # comment",
        "1.1 <= '1'",
        "1.1 <= 1.2 if 1 else 0",
    ],
)
def test_rejects_anything_outside_the_language(source: str) -> None:
    with pytest.raises(ExprError):
        parse(source)


def test_error_messages_are_vietnamese_and_name_the_position() -> None:
    with pytest.raises(ExprError, match="vị trí"):
        parse("1.1 <= x")
    with pytest.raises(ExprError, match="Ký tự không hợp lệ"):
        parse("1.1 <= $")


def test_deep_nesting_and_long_input_are_refused_cleanly() -> None:
    with pytest.raises(ExprError):
        parse("(" * 5000 + "1.1" + ")" * 5000 + " <= 1")
    with pytest.raises(ExprError):
        parse("-" * 500 + "1.1 <= 1")
    with pytest.raises(ExprError):
        parse(" + ".join(["1.1"] * 400) + " <= 1")
    with pytest.raises(ExprError):
        parse("1" * (expr.MAX_LENGTH + 1))


def test_non_string_input_is_refused() -> None:
    with pytest.raises(ExprError):
        parse(None)  # type: ignore[arg-type]


_ALPHABET = st.sampled_from(
    [
        *"0123456789.,+-*/()<>=![] ",
        "≤",
        "≥",
        "≠",
        "1.1",
        "2.3.4",
        "__",
        "import",
        "os",
        "'",
        '"',
        "eval",
        "\x00",
        "é",
        "\n",
        "**",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.text())
def test_random_text_never_crashes_the_parser(source: str) -> None:
    try:
        rule = parse(source)
    except ExprError:
        return
    assert isinstance(rule.codes(), tuple)


@settings(max_examples=600, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_random_token_soup_parses_or_is_refused_and_evaluates_safely(source: str) -> None:
    try:
        rule = parse(source)
    except ExprError:
        return
    # whatever parsed reads only codes, and evaluates to a bool or "undefined" over Decimal values
    assert all(set(code) <= set("0123456789.") for code in rule.codes())
    try:
        result = rule.evaluate(dict.fromkeys(rule.codes(), D(7)))
    except Undefined:
        return
    assert isinstance(result, bool)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_executes_anything(source: str) -> None:
    import builtins

    calls: list[str] = []
    saved = {name: getattr(builtins, name) for name in ("eval", "exec", "compile", "__import__")}

    def spy(name: str):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(name)
            return saved[name](*args, **kwargs)

        return wrapper

    for name in ("eval", "exec", "compile"):
        setattr(builtins, name, spy(name))
    try:
        with contextlib.suppress(ExprError):
            parse(source)
    finally:
        for name, fn in saved.items():
            setattr(builtins, name, fn)
    assert calls == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=6))
def test_sum_rule_agrees_with_python_arithmetic(numbers: list[int]) -> None:
    codes = [f"9.{i}" for i in range(len(numbers))]
    parts, whole = codes[:-1], codes[-1]
    rule = parse(" + ".join(parts) + f" <= {whole}")
    vals = {c: D(n) for c, n in zip(codes, numbers, strict=True)}
    assert rule.evaluate(vals) is (sum(numbers[:-1]) <= numbers[-1])
