"""One database-backed limiter for heavy work, shared by every app server and worker.

A *pool* ("heavy": whole-survey PDFs, exports, bulk imports, result workbooks) holds at most
``total`` slots, and one *holder* (a user) at most ``per_holder`` of them. A slot is a lease
row with an expiry: the holder deletes it when done (also after an exception), and a holder
whose process died (a killed worker) loses it when the lease expires. Acquiring locks the
pool's row, so two app servers never both take the last slot; on SQLite the immediate
transaction does the same.

    with limiter.slot(limiter.holder_of(user), "pdf"):   # raises Busy when full
        ...

Long work (background jobs) takes a lease with ``acquire`` and keeps it alive with ``renew``
before it expires, then ``release``-s it. Settings: ``HEAVY_PER_USER``, ``HEAVY_TOTAL``,
``HEAVY_LEASE_SECONDS``, ``HEAVY_RETRY_AFTER`` (docs/deploy.md).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.limits.models import Lease, LimitPool
from kaoping.orgs.actors import Actor

HEAVY = "heavy"


@dataclass(frozen=True)
class Limits:
    per_holder: int  # slots one holder may hold at once
    total: int  # slots in the pool
    lease_seconds: int  # a slot not released (a dead process) frees itself after this
    retry_after: int  # what a refusal tells the client to wait, in seconds


def configured() -> Limits:
    """The heavy-work pool's limits from the settings."""
    return Limits(
        per_holder=max(1, int(settings.HEAVY_PER_USER)),
        total=max(1, int(settings.HEAVY_TOTAL)),
        lease_seconds=max(1, int(settings.HEAVY_LEASE_SECONDS)),
        retry_after=max(1, int(settings.HEAVY_RETRY_AFTER)),
    )


class Busy(Exception):
    """No slot now: the holder has its share, or the pool is full. Nothing was started."""

    def __init__(self, message: str, retry_after: int, mine: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.mine = mine  # the holder's own share is used (else: everyone's)


def holder_of(user: Actor) -> str:
    """Who holds a slot: a user by id (the command line by its name)."""
    return f"user:{user.pk}" if user.pk is not None else f"actor:{user.username}"


def acquire(
    holder: str, what: str, pool: str = HEAVY, limits: Limits | None = None, now: datetime | None = None
) -> Lease:
    """Take a slot or raise ``Busy``. Expired leases are cleared first."""
    limits = limits or configured()
    now = now or timezone.now()
    LimitPool.objects.get_or_create(name=pool)
    with transaction.atomic():
        LimitPool.objects.select_for_update().filter(name=pool).first()  # one acquirer at a time
        Lease.objects.filter(pool_id=pool, expires_at__lte=now).delete()
        held = list(Lease.objects.filter(pool_id=pool).values_list("holder", flat=True))
        if held.count(holder) >= limits.per_holder:
            raise Busy(
                _("You already have a print or an export running: wait until it is done and try again."),
                limits.retry_after,
                mine=True,
            )
        if len(held) >= limits.total:
            raise Busy(
                _("The server is busy with other prints and exports: please try again shortly."),
                limits.retry_after,
                mine=False,
            )
        return Lease.objects.create(
            pool_id=pool,
            holder=holder,
            what=what[:60],
            token=secrets.token_hex(16),
            acquired_at=now,
            expires_at=now + timedelta(seconds=limits.lease_seconds),
        )


def renew(lease: Lease, limits: Limits | None = None, now: datetime | None = None) -> bool:
    """Push the lease's expiry forward (long work calls it well before it expires); False
    when the lease was lost (it expired and was cleared)."""
    limits = limits or configured()
    until = (now or timezone.now()) + timedelta(seconds=limits.lease_seconds)
    return bool(Lease.objects.filter(token=lease.token).update(expires_at=until))


def release(lease: Lease) -> None:
    Lease.objects.filter(token=lease.token).delete()


@contextmanager
def slot(holder: str, what: str, pool: str = HEAVY, limits: Limits | None = None) -> Iterator[Lease]:
    """Hold a slot while the block runs; released however the block ends."""
    lease = acquire(holder, what, pool, limits)
    try:
        yield lease
    finally:
        release(lease)


def in_use(pool: str = HEAVY, now: datetime | None = None) -> int:
    """Slots held now (expired leases not counted)."""
    return Lease.objects.filter(pool_id=pool, expires_at__gt=now or timezone.now()).count()
