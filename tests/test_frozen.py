"""The rules' value classes written in source behave as the frozen dataclasses they replace."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from cchc_desktop.domain.rules.engine import Recheck
from cchc_desktop.domain.rules.expr import BinOp, Comparison, Neg, Num, Ref, Token, parse
from cchc_desktop.domain.rules.loader import CrossPeriodConfig, RuleSet
from cchc_desktop.domain.rules.model import (
    BoundsRule,
    CompareRule,
    Finding,
    PartLeWholeRule,
    Severity,
    Skipped,
    SumEqualsRule,
    Violation,
)


def _dataclass_twin(obj: Any, *, slots: bool = False) -> Any:
    """A frozen dataclass with the same name and fields as obj's class, holding obj's values:
    what the class was before it was written in source."""
    names = obj.__match_args__
    twin = dataclasses.make_dataclass(
        type(obj).__name__, [(n, Any) for n in names], frozen=True, slots=slots
    )
    twin.__qualname__ = type(obj).__qualname__
    return twin(*(getattr(obj, n) for n in names))


def _rule(**fields: Any) -> PartLeWholeRule:
    base: dict[str, Any] = {
        "id": "r1",
        "severity": Severity.ERROR,
        "messages": {"default": "{sum} > {whole}"},
        "reads": ("1.1.2", "1.1.1"),
        "title": "1.1.2 ≤ 1.1.1",
    }
    return PartLeWholeRule(**{**base, "parts": ("1.1.2",), "whole": "1.1.1", **fields})


def _examples() -> list[Any]:
    comparison = parse("(1.1 + [hs.2]) * 2 - -3 <= 1,5")
    return [
        Finding(Severity.WARNING, "r", ("1.1",), "thông báo", {"1.1": Decimal("2.5")}),
        Violation("min", {"value": "3"}),
        Skipped(("1.2", "1.3")),
        _rule(),
        BoundsRule("b", Severity.ERROR, {}, ("1.1",), "1.1 ≥ 0", code="1.1", minimum=Decimal(0)),
        CompareRule("c", Severity.NOTICE, {}, comparison.codes(), "t", expression=comparison),
        comparison,
        comparison.left,
        Num(Decimal("1.5")),
        Ref("1.1"),
        Neg(Ref("1.1")),
        Token("code", "1.1", 0),
        Recheck("1.1", ("r1",), []),
        CrossPeriodConfig(flow=Severity.NOTICE),
    ]


@pytest.mark.parametrize("obj", _examples(), ids=lambda o: type(o).__name__)
def test_repr_and_equality_are_the_dataclasses(obj: Any) -> None:
    twin = _dataclass_twin(obj)
    assert repr(obj) == repr(twin)
    same = copy.copy(obj)
    assert same == obj
    assert (same != obj) is False
    assert obj != twin  # another class, as with dataclasses
    assert obj.__eq__(twin) is NotImplemented


@pytest.mark.parametrize("obj", _examples(), ids=lambda o: type(o).__name__)
def test_assignment_and_deletion_are_refused(obj: Any) -> None:
    name = obj.__match_args__[0]
    before = getattr(obj, name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, name, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(obj, name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        obj.new_attribute = 1
    assert getattr(obj, name) is before


@pytest.mark.parametrize("obj", _examples(), ids=lambda o: type(o).__name__)
def test_copies_and_pickles_are_equal(obj: Any) -> None:
    assert copy.deepcopy(obj) == obj
    assert pickle.loads(pickle.dumps(obj)) == obj


def test_hash_follows_the_fields_as_a_frozen_dataclass() -> None:
    a, b = parse("1.1 + 2 <= 1.2"), parse("1.1 + 2 <= 1.2")
    assert a == b and a is not b
    assert hash(a) == hash(b) == hash(_dataclass_twin(a))
    assert len({a, b, parse("1.1 + 2 < 1.2")}) == 2
    assert hash(Ref("1.1")) == hash(_dataclass_twin(Ref("1.1"), slots=True))
    # a field holding a dict makes it unhashable, as the dataclass was
    with pytest.raises(TypeError):
        hash(Finding(Severity.ERROR, "r", (), "m", {}))


def test_fields_are_compared_in_order_and_by_class() -> None:
    assert _rule() != _rule(whole="1.1.3")
    assert _rule(origin="catalog") != _rule()
    part = _rule()
    total = SumEqualsRule(
        part.id,
        part.severity,
        part.messages,
        part.reads,
        part.title,
        total="1.1.1",
        parts=part.parts,
    )
    assert part != total  # same base fields, another kind of rule
    assert Num(Decimal(1)) != Ref("1")


def test_match_patterns_by_position() -> None:
    match parse("1.1 + 2 <= 1.2"):
        case Comparison("<=", BinOp("+", Ref(code), Num(value)), Ref(right), source):
            assert (code, value, right) == ("1.1", Decimal(2), "1.2")
            assert source == "1.1 + 2 <= 1.2"
        case _:
            pytest.fail("pattern did not match")
    match Finding(Severity.ERROR, "r", ("1.1",), "m"):
        case Finding(Severity.ERROR, rule, codes, _, values):
            assert (rule, codes, values) == ("r", ("1.1",), {})
        case _:
            pytest.fail("pattern did not match")


def test_defaults_are_fresh_and_unknown_fields_refused() -> None:
    one, two = Finding(Severity.ERROR, "r", (), "m"), Finding(Severity.ERROR, "r", (), "m")
    assert one.values == {} and one.values is not two.values
    rule = BoundsRule("b", Severity.ERROR, {}, ("1.1",), "t")
    assert (rule.code, rule.minimum, rule.maximum, rule.integer, rule.percent) == (
        "",
        None,
        None,
        False,
        False,
    )
    assert rule.origin == "rules" and rule.static == {}
    with pytest.raises(TypeError, match="whole"):
        BoundsRule("b", Severity.ERROR, {}, ("1.1",), "t", whole="1.1")
    slotted: list[Any] = [Violation("v", {}), Skipped(()), Num(Decimal(1)), Ref("1"), Neg(Ref("1"))]
    assert not any(hasattr(o, "__dict__") for o in slotted)


def test_rule_set_is_equal_by_value_and_unhashable() -> None:
    rules: list[Any] = [_rule()]
    a = RuleSet("c", "1", "v", rules)
    b = RuleSet("c", "1", "v", list(rules))
    assert a == b
    templates: Mapping[str, str] = a.templates
    assert templates is not b.templates and templates["missing"]
    assert a.cross_period == CrossPeriodConfig()
    b.version = "w"  # a rule set is built up in place (generic rules are added to it)
    assert a != b
    with pytest.raises(TypeError):
        hash(a)
    assert repr(a).startswith("RuleSet(catalog_id='c', catalog_version='1', version='v', rules=[")
