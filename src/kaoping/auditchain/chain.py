"""Appending to the chain: every sealed audit row gets the next sequence number and a MAC over
its content and the previous entry's MAC, in the transaction that writes the row. Two writers
never fork the chain: the appender holds the chain's lock (``kaoping.dialect.lock_chain``:
PostgreSQL's advisory lock, else the head row; SQLite's write lock) until its transaction ends.

The key is the chain's own: the one its last entry was sealed with, as long as it is configured
(``KAOPING_AUDIT_KEY`` or ``KAOPING_AUDIT_KEYS_OLD``), so a new key takes effect only at a rotation
entry (``kaoping audit rotate-key``). Should the chain's key be configured nowhere, the appender
writes the rotation itself (actor ``system``) and goes on with the current key: nothing is lost,
and ``verify`` reports the entries it can no longer check until the old key is given back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from kaoping import dialect
from kaoping.auditchain.models import Cut, Head, KeyRotation, Link
from kaoping.auditchain.seal import (
    GENESIS,
    content,
    digest,
    key,
    key_id,
    link_mac,
    ring,
    sealed_positions,
    values_content,
)


def chained_models() -> dict[str, type[models.Model]]:
    """Every model whose rows are sealed (``CHAINED``), by its label (a link's ``kind``)."""
    return {m._meta.label_lower: m for m in apps.get_models() if getattr(m, "CHAINED", False)}


def tip() -> tuple[int, str, str]:
    """(sequence, MAC, key id) of the last entry; after an archive that took everything, the cut's."""
    found = dialect.select(Link, ("seq", "mac", "key"), {}, order=("-seq",), limit=1)
    last = found[0] if found else None
    if last is None:
        last = Cut.objects.order_by("-seq").values_list("seq", "mac", "key").first()
    return last if last is not None else (0, GENESIS, "")


def head() -> tuple[int, str]:
    """(sequence, MAC) of the last entry; after an archive that took everything, the cut's."""
    seq, mac, _kid = tip()
    return seq, mac


def lock() -> None:
    if not dialect.lock_chain(Head):  # the head row is gone (a flushed test database)
        Head.objects.get_or_create(pk=1)
        dialect.lock_chain(Head)


def append(rows: Sequence[models.Model]) -> None:
    """Seal ``rows`` (just inserted, with their primary keys) as the next entries, in order."""
    if rows and settings.AUDIT_CHAIN:
        _append([entry(row) for row in rows])


def append_values(
    model: type[models.Model], names: Sequence[str], keys: Sequence[Any], rows: Sequence[Sequence[Any]]
) -> None:
    """``append`` for rows of ``model`` given as values (each in ``names``' order, attnames),
    just inserted with primary keys ``keys``: sealed as ``append`` seals the same rows as models."""
    if not rows or not settings.AUDIT_CHAIN:
        return
    kind, at = model._meta.label_lower, sealed_positions(model, names)
    _append(
        [
            (kind, pk, values_content(model, [row[i] for i in at]), None)
            for pk, row in zip(keys, rows, strict=True)
        ]
    )


Entry = tuple[str, Any, bytes, str | None]  # kind, primary key, content, a rotation's new key id


def entry(row: models.Model) -> Entry:
    """What a link seals of ``row``: its kind, primary key and content (and a rotation's key)."""
    if row.pk is None:
        raise ValueError(f"{row._meta.label}: 插入后没有得到编号，不能记入审计链")
    return row._meta.label_lower, row.pk, content(row), row.new if isinstance(row, KeyRotation) else None


def _append(entries: list[Entry]) -> None:
    # no savepoint of its own: what fails here fails its caller's transaction (every caller
    # inserted the rows in it, and none goes on after an error)
    with transaction.atomic(savepoint=False):
        lock()
        seq, previous, kid = tip()
        if kid and kid not in ring():  # the chain's key is configured nowhere: rotate first
            rotation = KeyRotation(old=kid, new=key_id(key()), actor="system", at=timezone.now())
            rotation.save()
            entries = [entry(rotation), *entries]
        sealed = _links(entries, seq, previous, kid or key_id(key()))
        now = timezone.now()
        dialect.insert_values(Link, LINK_FIELDS, [(s, k, r, d, m, now, i) for s, k, r, d, m, i in sealed])


LINK_FIELDS = ("seq", "kind", "row", "digest", "mac", "at", "key")


def seal(rows: Sequence[models.Model], seq: int, previous: str, kid: str, link: Any) -> list[Any]:
    """The links of ``rows`` after entry ``seq`` (whose MAC is ``previous``), sealed with key
    ``kid`` — or from a rotation among them on, its new key. ``link`` is the Link model (in a
    migration, the historical one, which may not have ``key`` yet)."""
    now = timezone.now()
    keyed = any(f.name == "key" for f in link._meta.fields)
    return [
        link(seq=s, kind=k, row=r, digest=d, mac=m, at=now, **({"key": i} if keyed else {}))
        for s, k, r, d, m, i in links(rows, seq, previous, kid)
    ]


def links(
    rows: Sequence[models.Model], seq: int, previous: str, kid: str
) -> list[tuple[int, str, Any, str, str, str]]:
    """(sequence, kind, row, digest, MAC, key id) of each link ``seal`` makes, as values."""
    return _links([entry(row) for row in rows], seq, previous, kid)


def _links(
    entries: Sequence[Entry], seq: int, previous: str, kid: str
) -> list[tuple[int, str, Any, str, str, str]]:
    keys, out = ring(), []
    for kind, pk, sealed, new in entries:
        kid = new if new is not None else kid
        seq += 1
        row_digest = digest(sealed)
        previous = link_mac(keys[kid], seq, kind, pk, row_digest, previous)
        out.append((seq, kind, pk, row_digest, previous, kid))
    return out
