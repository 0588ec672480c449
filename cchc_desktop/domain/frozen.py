"""Value classes written in source: what @dataclass gives, without its cost at import.

A dataclass writes its __init__, __repr__, __eq__ (and when frozen __hash__, __setattr__ and
__delattr__) as source text and compiles each with exec() every time its module is imported; the
rules package's classes spent about 20 ms of each `cchc validate` that way. A class deriving from
Record or Frozen writes its __init__ in its module (compiled once into the .pyc) and names its
fields, in order, in __match_args__; these bases give the rest the behaviour of a dataclass:
equality with an object of the very same class field by field, the dataclass repr, `match`
patterns by position, copy and pickle; Frozen adds a hash of the fields and FrozenInstanceError on
assignment or deletion (a frozen dataclass), Record is unhashable (a dataclass with eq). replace()
and field_names() stand for dataclasses.replace and dataclasses.fields.

Nothing here imports `dataclasses` until an assignment is refused: it imports `inspect`, which
with the classes' generated methods cost about 20 ms of every `cchc` command's start.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

_R = TypeVar("_R", bound="Record")


class Record:
    """Base of a value class. A subclass lists its fields in __match_args__, in the order its
    __init__ takes them."""

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__match_args__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal by value and mutable: unhashable

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"{self.__class__.__qualname__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt through __init__ (copy, deepcopy, pickle): for a Frozen object the default
        # would restore the fields with setattr, which it refuses
        return (
            _rebuild,
            (self.__class__, dict(zip(self.__match_args__, self._values(), strict=True))),
        )


class Frozen(Record):
    """Base of an immutable value class: its __init__ sets each field with object.__setattr__."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values())

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError  # only when refusing: see the module's doc

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")


class Ordered(Frozen):
    """A Frozen class ordered as a dataclass with order=True: by its fields in order, against an
    object of the very same class only."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() < other._values()
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() <= other._values()
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() > other._values()
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() >= other._values()
        return NotImplemented


def field_names(obj: Record | type[Record]) -> tuple[str, ...]:
    """The fields of a value class, in order (what dataclasses.fields names)."""
    return obj.__match_args__


def replace(obj: _R, /, **changes: Any) -> _R:
    """A copy of obj with some fields changed, built through its __init__ (dataclasses.replace).
    A name that is not a field is refused with TypeError, as __init__ refuses it."""
    unknown = changes.keys() - set(obj.__match_args__)
    if unknown:
        raise TypeError(f"{obj.__class__.__qualname__} has no field {sorted(unknown)[0]!r}")
    fields = dict(zip(obj.__match_args__, obj._values(), strict=True))
    fields.update(changes)
    return obj.__class__(**fields)


def _rebuild(cls: type[Record], fields: dict[str, Any]) -> Record:
    return cls(**fields)
