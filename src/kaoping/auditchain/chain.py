"""Appending to the chain: every sealed audit row gets the next sequence number and a MAC over
its content and the previous entry's MAC, in the transaction that writes the row. Two writers
never fork the chain: the appender holds the chain's lock (``kaoping.dialect.lock_chain``:
PostgreSQL's advisory lock, else the head row; SQLite's write lock) until its transaction ends."""

from __future__ import annotations

from collections.abc import Sequence

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from kaoping import dialect
from kaoping.auditchain.models import Cut, Head, Link
from kaoping.auditchain.seal import GENESIS, content, digest, key, link_mac


def chained_models() -> dict[str, type[models.Model]]:
    """Every model whose rows are sealed (``CHAINED``), by its label (a link's ``kind``)."""
    return {m._meta.label_lower: m for m in apps.get_models() if getattr(m, "CHAINED", False)}


def head() -> tuple[int, str]:
    """(sequence, MAC) of the last entry; after an archive that took everything, the cut's."""
    last = Link.objects.order_by("-seq").values_list("seq", "mac").first()
    if last is None:
        last = Cut.objects.order_by("-seq").values_list("seq", "mac").first()
    return last if last is not None else (0, GENESIS)


def lock() -> None:
    locked = Head.objects.filter(pk=1)
    if not dialect.lock_chain(locked):  # the head row is gone (a flushed test database)
        Head.objects.get_or_create(pk=1)
        dialect.lock_chain(locked)


def append(rows: Sequence[models.Model]) -> None:
    """Seal ``rows`` (just inserted, with their primary keys) as the next entries, in order."""
    if not rows or not settings.AUDIT_CHAIN:
        return
    with transaction.atomic():
        lock()
        seq, previous = head()
        secret, now, links = key(), timezone.now(), []
        for row in rows:
            if row.pk is None:
                raise ValueError(f"{row._meta.label}: 插入后没有得到编号，不能记入审计链")
            seq += 1
            kind, row_digest = row._meta.label_lower, digest(content(row))
            previous = link_mac(secret, seq, kind, row.pk, row_digest, previous)
            links.append(Link(seq=seq, kind=kind, row=row.pk, digest=row_digest, mac=previous, at=now))
        Link.objects.bulk_create(links)
