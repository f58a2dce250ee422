"""Values as the database driver takes them, prepared through their fields only where needed:
``bulk_create`` prepares every value, which costs more than a save's write (``kaoping.dialect``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models

PLAIN = (str, int, bool, type(None))  # what every driver takes as it is: no field preparation
PLAIN_TYPES = frozenset(PLAIN)
# the fields whose preparation leaves such a value as it is (a JSON, IP address or UUID field's does not)
SIMPLE = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


Simple = Sequence[tuple[models.Field[Any, Any], bool]]  # fields, each with whether it is simple


def is_simple(field: models.Field[Any, Any]) -> bool:
    target = getattr(field, "target_field", field) if field.is_relation else field
    return isinstance(target, SIMPLE)


def prepared(fields: Simple, row: models.Model, seen: dict[tuple[str, Any], Any]) -> list[Any]:
    """The row's values as the driver takes them (``fields``: each with whether it is simple),
    each through its field's ``pre_save`` (an ``auto_now`` stamp: the moment it is prepared);
    ``seen``: the timestamps prepared so far."""
    return plain(fields, [field.pre_save(row, True) for field, _ in fields], seen)


def plain(fields: Simple, values: Sequence[Any], seen: dict[tuple[str, Any], Any]) -> list[Any]:
    """``values`` (one per field) as the driver takes them (``driven``)."""
    return [driven(field, simple, value, seen) for (field, simple), value in zip(fields, values, strict=True)]


def plain_rows(fields: Simple, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """``plain`` of every row, worked out column by column: a simple field's column of values
    of exactly the plain types is left as it is without a look at each value."""
    seen: dict[tuple[str, Any], Any] = {}
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for n, (field, simple) in enumerate(fields):
        if not (simple and set(map(type, columns[n])) <= PLAIN_TYPES):
            columns[n] = [driven(field, simple, v, seen) for v in columns[n]]
    return list(zip(*columns, strict=True))


def driven(field: models.Field[Any, Any], simple: bool, value: Any, seen: dict[tuple[str, Any], Any]) -> Any:
    """One value as the driver takes it: a plain one of a simple field as it is, any other
    through its field (``prepare``)."""
    return value if simple and isinstance(value, PLAIN) else prepare(field, value, seen)


def prepare(field: models.Field[Any, Any], value: Any, seen: dict[tuple[str, Any], Any]) -> Any:
    """``value`` through its field's preparation; a moment (the stamps: one for many rows) once."""
    if not isinstance(value, datetime):
        return field.get_db_prep_save(value, connection)
    key = (field.attname, value)
    if key not in seen:
        seen[key] = field.get_db_prep_save(value, connection)
    return seen[key]
