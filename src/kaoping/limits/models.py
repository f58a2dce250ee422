"""The limiter's tables: one row per pool, one row per slot held (``kaoping.limits.limiter``)."""

from __future__ import annotations

from django.db import models


class LimitPool(models.Model):
    """One row per limiter pool ("heavy"): acquiring a slot locks it, so that two requests on
    two app servers never both take the last slot (``kaoping.limits.limiter``)."""

    name = models.CharField(max_length=40, primary_key=True)


class Lease(models.Model):
    """A slot held in a pool: who holds it, for what, until when. A holder whose process died
    loses the slot when the lease expires; a finished one deletes it."""

    pool = models.ForeignKey(LimitPool, on_delete=models.CASCADE, related_name="leases")
    holder = models.CharField(max_length=160)  # "user:42"
    what = models.CharField(max_length=60)  # "pdf", "export", "bulk_import" …
    token = models.CharField(max_length=32, unique=True)
    acquired_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["pool", "expires_at"]), models.Index(fields=["pool", "holder"])]
