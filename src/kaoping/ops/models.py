"""Password state (forced change, age) and password history; logins are in ``orgs.LoginEvent``."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordState(models.Model):
    """When the password was last set, and whether its owner must change it at next login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_state", primary_key=True
    )
    changed = models.DateTimeField("修改时间")
    must_change = models.BooleanField("须修改密码", default=False)

    class Meta:
        verbose_name = "密码状态"
        verbose_name_plural = "密码状态"


class PasswordHistory(models.Model):
    """The hashes of earlier passwords, so the last few cannot be reused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField("密码摘要", max_length=128)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created", "-id"]


class BenchInsert(models.Model):
    """One row per request of the bare benchmark endpoint (bench/deadline_surge.py).

    The endpoint exists only with ``KAOPING_BENCH_ENDPOINTS=1``; ``check-deploy`` flags it.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    actor = models.CharField(max_length=150)
    n = models.IntegerField()
    created = models.DateTimeField(auto_now_add=True)
