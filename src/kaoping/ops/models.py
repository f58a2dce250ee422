"""Password state (forced change, age), password history and the account changes' audit;
logins are in ``orgs.LoginEvent``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kaoping.orgs.secret import EncryptedField
from kaoping.records import AppendOnly, kept


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


class AccountChange(AppendOnly):
    """Append-only: one change to a person's account — who, when, what, old → new
    (docs/spec.md §9.6). People are disabled, never deleted, so the history keeps their name."""

    RECORD = "账号变更记录"
    CHAINED = True
    SEALED = ("target", "username", "org", "kind", "old", "new", "user", "actor", "channel", "at")

    KIND_CHOICES = [
        ("create", "创建账号"),
        ("roles", "修改角色"),
        ("disable", "停用"),
        ("enable", "启用"),
        ("reset", "重置密码"),
        ("details", "修改个人信息"),
        ("otp_on", "启用双因素认证"),
        ("otp_off", "停用双因素认证"),
        ("otp_reset", "重置双因素认证"),
        ("unlock", "解除锁定"),
    ]
    CHANNEL_CHOICES = [("page", "页面"), ("api", "接口"), ("cli", "命令行")]

    target = kept(settings.AUTH_USER_MODEL, "账号", related_name="account_changes")
    username = models.CharField("用户名", max_length=150)  # the account's username at the time
    # the account's unit at the time: whose administrators see the entry
    org = kept("orgs.Organisation", "所属组织", null=True, blank=True)
    kind = models.CharField("变更", max_length=10, choices=KIND_CHOICES)
    # names, phones and e-mail addresses in words: encrypted at rest (SM4, kaoping.orgs.secret)
    old = EncryptedField("原值", blank=True, default="")
    new = EncryptedField("新值", blank=True, default="")
    user = kept(settings.AUTH_USER_MODEL, "操作人", null=True, blank=True)
    actor = models.CharField("操作人用户名", max_length=150)  # username, or "cli:<os user>"
    channel = models.CharField("途径", max_length=10, choices=CHANNEL_CHOICES)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "账号变更记录"
        verbose_name_plural = "账号变更记录"
        ordering = ["-at", "-id"]


class BenchInsert(models.Model):
    """One row per request of the bare benchmark endpoint (bench/deadline_surge.py).

    The endpoint exists only with ``KAOPING_BENCH_ENDPOINTS=1``; ``check-deploy`` flags it.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    actor = models.CharField(max_length=150)
    n = models.IntegerField()
    created = models.DateTimeField(auto_now_add=True)


class SecurityPolicy(AppendOnly):
    """Append-only: one version of the security policy the 安全管理员 set (docs/spec.md §12); the
    newest is in force (``kaoping.ops.policy``), none means the deployment's settings. Each version
    is also a ``ConfigChange`` in words, sealed into the audit chain."""

    RECORD = "安全策略"

    min_length = models.PositiveSmallIntegerField("密码最小长度")
    classes = models.PositiveSmallIntegerField("密码字符类别")
    lockout_failures = models.PositiveSmallIntegerField("锁定前允许的连续失败次数")
    lockout_minutes = models.PositiveIntegerField("锁定时长（分钟）")
    idle_minutes = models.PositiveIntegerField("空闲自动退出（分钟）")
    two_factor_all = models.BooleanField("所有用户须双因素认证", default=False)
    user = kept(settings.AUTH_USER_MODEL, "操作人", null=True, blank=True)
    actor = models.CharField("操作人用户名", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"
        ordering = ["-id"]
