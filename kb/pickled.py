"""Pickling of frozen slots dataclasses: the state dataclasses gives them, made faster.

dataclasses pickles a `slots=True` class by a `__getstate__` that calls `dataclasses.fields()`
on every object and a `__setstate__` that calls it again; documents hold thousands of
sections and tasks, so storing and loading them spent much of its time there. `fast_pickling`
gives a class the same state (the list of its field values, in field order), so pickles are
byte for byte the ones dataclasses writes and either reads the other's.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from types import MemberDescriptorType
from typing import Any, TypeVar

T = TypeVar("T")


def fast_pickling(cls: type[T]) -> type[T]:
    """Decorate a frozen `slots=True` dataclass (above its @dataclass) with a faster
    `__getstate__` and `__setstate__` giving and taking the same state."""
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names)
    slots = [getattr(cls, name) for name in names]
    if not all(isinstance(slot, MemberDescriptorType) for slot in slots):
        raise TypeError(f"{cls.__name__}: fast_pickling needs @dataclass(slots=True) below it")
    setters = [slot.__set__ for slot in slots]  # the slots' own descriptors: frozen is no obstacle

    def __getstate__(self: Any) -> list[Any]:
        return list(values(self)) if len(names) > 1 else [values(self)]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for set_value, value in zip(setters, state, strict=False):  # as dataclasses: zip
            set_value(self, value)

    setattr(cls, "__getstate__", __getstate__)  # noqa: B010 (mypy: a method is not assigned)
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010
    return cls
