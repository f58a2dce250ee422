"""Every PostgreSQL-specific statement of the product, each beside its portable fallback.

PostgreSQL's own statement runs on PostgreSQL unless ``KAOPING_SQL_DIALECT=portable``; the
portable one runs everywhere else (SQLite, and the PostgreSQL-derived databases of a 信创
deployment whose own dialect may lack it: docs/deploy.md §10). Nothing outside this module
issues raw SQL that only PostgreSQL understands or asks ``connection.vendor`` for one; the
suite runs ``tests/test_dialect.py`` (marker ``portable_sql``) again on PostgreSQL with the
setting forced to portable, so every fallback is tried on a real server too.
"""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction

from kaoping.preparing import PLAIN, is_simple, plain_rows, prepared

# The advisory lock of the audit chain's appenders (any constant; "kaop" in ASCII).
CHAIN_LOCK = 0x6B616F70


def native() -> bool:
    """True where PostgreSQL's own statements are used."""
    return connection.vendor == "postgresql" and settings.SQL_DIALECT != "portable"


def _quoted(model: type[models.Model], *names: str) -> list[str]:
    """The model's table and the fields' columns, quoted (worked out once per engine)."""
    return list(_quoted_once(model, names, connection.vendor))


@functools.cache
def _quoted_once(model: type[models.Model], names: tuple[str, ...], vendor: str) -> tuple[str, ...]:
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(n) for n in names]
    return (quote(model._meta.db_table), *(quote(str(getattr(c, "column", c.name))) for c in columns))


def lock_chain(head: type[models.Model]) -> bool:
    """Serialise the appenders of the audit chain until the transaction ends: PostgreSQL's
    transaction-scoped advisory lock, else ``SELECT … FOR UPDATE`` of the chain's head row
    (``head``: its model, the row with key 1; False when it is missing). On SQLite nothing is
    said: the transaction (IMMEDIATE, settings.py) already holds the database's write lock."""
    if native():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        return True
    if connection.vendor == "sqlite":
        return True
    key = head._meta.pk.attname
    return bool(select(head, (key,), {key: 1}, lock=True))


def increment(model: type[models.Model], field: str, where: dict[str, Any]) -> int | None:
    """Add one to ``field`` of the row matching ``where`` (column values by field name) and
    return the new value, or None when no row matches. The row stays locked until the end of
    the transaction. Native: one ``UPDATE … RETURNING``; portable: ``UPDATE`` then ``SELECT``."""
    table, column, *keys = _quoted(model, field, *where)
    match = " AND ".join(f"{key} = %s" for key in keys)
    params = list(where.values())
    with connection.cursor() as cursor:
        if native():
            cursor.execute(
                f"UPDATE {table} SET {column} = {column} + 1 WHERE {match} RETURNING {column}", params
            )
            found = cursor.fetchone()
            return None if found is None else int(found[0])
        cursor.execute(f"UPDATE {table} SET {column} = {column} + 1 WHERE {match}", params)
        if cursor.rowcount == 0:
            return None
        cursor.execute(f"SELECT {column} FROM {table} WHERE {match}", params)
        row = cursor.fetchone()
        return None if row is None else int(row[0])


def update_rows(
    model: type[models.Model], varying: Sequence[str], rows: Sequence[tuple[Any, ...]], fixed: dict[str, Any]
) -> None:
    """Set ``varying`` fields per row (each row: primary key, then the values in ``varying``'s
    order) and ``fixed`` fields to one value on all of them. Native: one ``UPDATE … FROM`` the
    rows sent as JSON (``_json_rows``); portable: one prepared ``UPDATE`` executed per row."""
    if not rows:
        return
    table, pk, *columns = _quoted(model, model._meta.pk.name, *varying, *fixed)
    changing, constant = columns[: len(varying)], columns[len(varying) :]
    with connection.cursor() as cursor:
        keyed = [model._meta.get_field(name) for name in (model._meta.pk.name, *varying)]
        sent = _json_rows(tuple(keyed)) if native() else None  # type: ignore[arg-type]  # concrete fields
        if sent is not None:  # the rows as one JSON parameter (``_json_rows``): x0 the key
            sets = [f"{c} = x.x{i + 1}" for i, c in enumerate(changing)] + [f"{c} = %s" for c in constant]
            cursor.execute(
                f"UPDATE {table} AS v SET {', '.join(sets)} FROM ({sent}) AS x WHERE v.{pk} = x.x0",
                [*fixed.values(), _json(rows)],
            )
            return
        assigned = ", ".join(f"{c} = %s" for c in [*changing, *constant])
        # the fixed values prepared once through their fields, as the ORM stores them (a moment
        # on SQLite: naive UTC text), not by the driver's adapter once per row
        same = tuple(_param(model._meta.get_field(name), value) for name, value in fixed.items())
        cursor.executemany(
            f"UPDATE {table} SET {assigned} WHERE {pk} = %s",
            [(*row[1:], *same, row[0]) for row in rows],
        )


def read_snapshot() -> None:
    """Make the current transaction read every table as of one moment (a backup): PostgreSQL's
    ``REPEATABLE READ READ ONLY``; portable: the standard ``SERIALIZABLE``, or nothing on SQLite,
    whose transaction already reads one snapshot. First statement of the transaction."""
    statement = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
    if not native():
        if connection.vendor == "sqlite":
            return
        statement = "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"
    with connection.cursor() as cursor:
        cursor.execute(statement)


def insert_new(model: type[models.Model], rows: Iterable[models.Model]) -> None:
    """Insert the rows a unique constraint does not refuse, skipping the others (a row written
    at the same moment by someone else). Native: ``INSERT … ON CONFLICT DO NOTHING``
    (``bulk_create(ignore_conflicts=True)``); portable: one insert per row in a savepoint."""
    if native():
        model._default_manager.bulk_create(list(rows), ignore_conflicts=True)
        return
    for row in rows:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            row.pk = None


def insert_rows(model: type[models.Model], rows: Sequence[models.Model], now: datetime | None = None) -> None:
    """Insert ``rows`` as ``bulk_create`` would (``auto_now`` stamps and defaults filled in, the
    primary keys the database assigns read back onto the rows), in as few multi-row ``INSERT …
    RETURNING`` statements as the database takes — preparing through its field only a value that
    is not already plain or whose field is not simple (a date, a decimal, a JSON or IP address
    field's), each distinct moment once: ``bulk_create`` prepares
    every value, which costs more than the write. ``now``: the one stamp of every ``auto_now``
    field (None: the moment each row is prepared, as ``bulk_create``). Without ``RETURNING``
    (an older database): ``bulk_create`` itself."""
    if not rows:
        return
    if now is not None:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                for row in rows:
                    setattr(row, field.attname, now)
    auto = model._meta.pk if model._meta.pk is not None and model._meta.pk.db_returning else None
    fields = [f for f in model._meta.concrete_fields if f is not auto]
    if auto is not None and not connection.features.can_return_rows_from_bulk_insert:
        models.QuerySet[Any](model).bulk_create(list(rows))
        return
    seen: dict[tuple[str, Any], Any] = {}
    simple = [(f, is_simple(f)) for f in fields]
    values: Sequence[Sequence[Any]]
    if now is None:
        values = [prepared(simple, row, seen) for row in rows]
    else:  # every value an attribute (the stamps set above): read together
        get = operator.attrgetter(*(f.attname for f in fields), "pk")  # two names at least: a tuple
        values = plain_rows(simple, [get(row)[:-1] for row in rows])
    keys = _insert(model, fields, values, auto)
    if auto is not None:
        for row, pk in zip(rows, keys, strict=True):
            setattr(row, auto.attname, pk)
    for row in rows:
        row._state.adding, row._state.db = False, connection.alias


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]], *, keys: bool = False
) -> list[Any]:
    """Insert rows given as values (each in ``names``' order) as ``insert_rows`` does, without a
    model instance per row: a plain value as it is where its field is simple, any other through
    its field, each distinct moment once. ``keys``: the primary keys the database assigns (absent
    from ``names``), in order; else [] (a key among ``names``, or none wanted: nothing read back)."""
    if not rows:
        return []
    fields: list[models.Field[Any, Any]] = [model._meta.get_field(name) for name in names]  # type: ignore[misc]
    auto = model._meta.pk if keys else None
    return _insert(model, fields, plain_rows([(f, is_simple(f)) for f in fields], rows), auto)


def _insert(
    model: type[models.Model],
    fields: Sequence[models.Field[Any, Any]],
    values: Sequence[Sequence[Any]],
    auto: models.Field[Any, Any] | None,
) -> list[Any]:
    """Multi-row ``INSERT`` of prepared ``values`` (a list per row, in ``fields``' order), in as
    few statements as the database takes; the ``auto`` keys it assigned, in order (``RETURNING``)."""
    table, *columns = _quoted(model, *(f.name for f in fields))
    size = max(1, connection.ops.bulk_batch_size(list(fields), values))
    returning = ""
    if auto is not None and connection.features.can_return_rows_from_bulk_insert:
        returning = f" RETURNING {connection.ops.quote_name(str(auto.column))}"
    elif auto is not None:  # an engine without RETURNING: one row a statement, its key asked after
        size = 1
    keys: list[Any] = []
    sent = _json_rows(tuple(fields)) if native() and len(values) > 1 else None
    with connection.cursor() as cursor:
        if sent is not None:  # the rows as one JSON parameter (``_json_rows``)
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {sent}{returning}", [_json(values)])
            return [pk for (pk,) in cursor.fetchall()] if returning else []
        for start in range(0, len(values), size):
            part = values[start : start + size]
            one = f"({', '.join(['%s'] * len(fields))})"
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(part))}"
            cursor.execute(sql + returning, [v for row in part for v in row])
            if returning:
                keys.extend(pk for (pk,) in cursor.fetchall())
            elif auto is not None:
                keys.append(connection.ops.last_insert_id(cursor, model._meta.db_table, str(auto.column)))
    return keys


# the types a value sent in JSON keeps exactly: texts, whole numbers, booleans, moments
JSON_KEEPS = {"Char", "Slug", "Text", "Boolean", "DateTime", "Auto", "BigAuto", "SmallAuto", "Integer"}
JSON_KEEPS |= {"BigInteger", "SmallInteger", "PositiveInteger", "PositiveBigInteger", "PositiveSmallInteger"}


def _json_rows(fields: tuple[models.Field[Any, Any], ...]) -> str | None:
    """A ``SELECT`` (columns ``x0``, ``x1``…) of the rows sent as one JSON array (``_json``),
    each value cast to its column's type (without its length: nothing cut), in order; None where
    a field's type is not one JSON keeps. psycopg converts a statement of over 50 parameters at
    every run and an array parameter element by element: either was most of a save's client cost."""
    casts = []
    for n, field in enumerate(fields):
        target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
        if target.get_internal_type().removesuffix("Field") not in JSON_KEEPS:
            return None
        casts.append(f"(r.e->>{n})::{str(field.db_type(connection)).split('(')[0]} AS x{n}")
    rows = "json_array_elements(%s::json) WITH ORDINALITY AS r(e, n)"
    return f"SELECT {', '.join(casts)} FROM {rows} ORDER BY r.n"


def _json(rows: Sequence[Sequence[Any]]) -> str:
    return json.dumps(rows, default=_moment, ensure_ascii=False, separators=(",", ":"))


def _moment(value: Any) -> str:
    if isinstance(value, datetime):  # with its offset: read back as the same moment
        return value.isoformat()
    raise TypeError(f"not sent as JSON: {type(value).__name__}")


# -- the hot reads and writes of a save, as plain statements ------------------------------
# Building a query through the ORM costs several times running it (~0.3 ms against ~0.05 ms
# on SQLite): a save's fixed reads and writes say their SQL directly, portable, with the
# values converted as ``values_list`` converts them.


def select(
    model: type[models.Model],
    fields: Sequence[str],
    where: dict[str, Any],
    *,
    order: Sequence[str] = (),
    limit: int | None = None,
    lock: bool = False,
) -> list[tuple[Any, ...]]:
    """``model.objects.filter(**where).order_by(*order)[:limit].values_list(*fields)`` (with
    ``select_for_update`` when ``lock``): ``fields`` and ``where``'s keys are column attnames,
    ``"<attname>__in"`` for a collection (empty: no rows); an order field ``-``-prefixed
    descends."""
    shape, params = _matching(model, where)
    if shape is None:
        return []
    locking = lock and connection.features.has_select_for_update
    sql = _select_sql(model, tuple(fields), shape, tuple(order), limit, locking, connection.vendor)
    converters = _converters(model, tuple(fields), connection.ops)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converting = [(n, functions, col) for n, (functions, col) in enumerate(converters) if functions]
    if not converting:
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        values = list(row)
        for n, functions, col in converting:
            for converter in functions:
                values[n] = converter(values[n], col, connection)
        out.append(tuple(values))
    return out


def add_one(model: type[models.Model], field: str, where: dict[str, Any]) -> int:
    """Add one to ``field`` of every row matching ``where`` (as ``select``'s); how many matched."""
    conditions, params = _where(model, where)
    if not conditions:
        return 0
    table, column = _quoted(model, field)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = {column} + 1 WHERE {' AND '.join(conditions)}", params)
        return int(cursor.rowcount)


def delete_rows(model: type[models.Model], keys: Sequence[Any]) -> None:
    """Delete the rows with these primary keys — for a model no signal, cascade or other row
    depends on (what ``QuerySet.delete`` then does, without collecting first)."""
    if keys:
        table, pk = _quoted(model, model._meta.pk.name)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(keys))})", list(keys))


Shape = tuple[tuple[str, int | None], ...]  # each condition's key and its collection's size (None: =)


def _where(model: type[models.Model], where: dict[str, Any]) -> tuple[list[str] | None, list[Any]]:
    """The conditions (None: one is an empty collection, no row matches) and their values."""
    shape, params = _matching(model, where)
    return (None, []) if shape is None else (list(_conditions(model, shape, connection.vendor)), params)


def _matching(model: type[models.Model], where: dict[str, Any]) -> tuple[Shape | None, list[Any]]:
    """``where``'s shape (None: an empty collection, no row matches) and its values, prepared."""
    shape: list[tuple[str, int | None]] = []
    params: list[Any] = []
    for key, value in where.items():
        name, _, lookup = key.partition("__")
        field = model._meta.get_field(name)
        if lookup == "in":
            values = list(value)
            if not values:
                return None, []
            shape.append((name, len(values)))
            params.extend(_param(field, v) for v in values)
        else:
            shape.append((name, None))
            params.append(_param(field, value))
    return tuple(shape), params


@functools.lru_cache(maxsize=512)
def _conditions(model: type[models.Model], shape: Shape, vendor: str) -> tuple[str, ...]:
    """The conditions of a ``where`` of this shape (worked out once: a save asks the same few)."""
    columns = _quoted(model, *(name for name, _ in shape))[1:]
    return tuple(
        f"{column} = %s" if size is None else f"{column} IN ({', '.join(['%s'] * size)})"
        for column, (_, size) in zip(columns, shape, strict=True)
    )


@functools.lru_cache(maxsize=512)
def _select_sql(
    model: type[models.Model],
    fields: tuple[str, ...],
    shape: Shape,
    order: tuple[str, ...],
    limit: int | None,
    lock: bool,
    vendor: str,
) -> str:
    """``select``'s statement, worked out once per shape."""
    table, *columns = _quoted(model, *fields)
    conditions = _conditions(model, shape, vendor)
    sql = f"SELECT {', '.join(columns)} FROM {table}"
    sql += f" WHERE {' AND '.join(conditions)}" if conditions else ""
    if order:
        named = _quoted(model, *(o.lstrip("-") for o in order))[1:]
        sql += " ORDER BY " + ", ".join(
            f"{c}{' DESC' if o[0] == '-' else ''}" for c, o in zip(named, order, strict=True)
        )
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    return sql + (" FOR UPDATE" if lock else "")


def _param(field: Any, value: Any) -> Any:
    if isinstance(value, PLAIN) and is_simple(field):
        return value
    return field.get_db_prep_value(value, connection)


@functools.lru_cache(maxsize=256)
def _converters(
    model: type[models.Model], fields: tuple[str, ...], ops: Any
) -> tuple[tuple[tuple[Any, ...], Any], ...]:
    """Per field, the converters a compiled query applies to its column (the backend's, then
    the field's) and the column they are given; per connection's operations (the backend's
    converters are its methods), the last few hundred kept."""
    out = []
    for name in fields:
        col = model._meta.get_field(name).get_col(model._meta.db_table)  # type: ignore[union-attr]
        backend = tuple(ops.get_db_converters(col))
        out.append((backend + tuple(col.get_db_converters(connection)), col))
    return tuple(out)
