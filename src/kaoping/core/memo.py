"""A value worked out once per definition object (a survey, a table, a column).

Definitions are immutable and live as long as the process uses them, so what is derived from
one alone — a table's national columns, a column's reader — is kept by the object's identity.
The entry also holds the object, so an id reused by a later object is never mistaken for it;
past ``most`` entries the cache starts afresh (tests load definitions again and again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Key = TypeVar("Key")
Made = TypeVar("Made")


class PerObject(Generic[Key, Made]):
    """``make(obj)``, once per object: ``PerObject(make, most)(obj)``."""

    def __init__(self, make: Callable[[Key], Made], most: int = 4096) -> None:
        self.make = make
        self.most = most
        self.found: dict[int, tuple[Key, Made]] = {}

    def __call__(self, obj: Key) -> Made:
        found = self.found.get(id(obj))
        if found is None or found[0] is not obj:
            if len(self.found) >= self.most:
                self.found.clear()
            found = self.found[id(obj)] = (obj, self.make(obj))
        return found[1]
