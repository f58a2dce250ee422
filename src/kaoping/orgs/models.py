"""Organisations (GB/T 2260 tree), users, their role assignments and personal API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from kaoping.orgs.roles import ROLE_CHOICES, ROLE_LABELS, ROLE_LEVELS, Role
from kaoping.orgs.secret import EncryptedField
from kaoping.records import AppendOnly, kept


class Organisation(models.Model):
    """One node of the tree, synced from ``definitions/orgs/*.yaml`` (see ``sync.py``) or maintained
    on the organisation page (``units.py``); never deleted."""

    LEVEL_CHOICES = [("ministry", "部"), ("province", "省"), ("city", "地市"), ("county", "县区")]

    code = models.CharField("代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=LEVEL_CHOICES)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    region = models.CharField("区域", max_length=20, blank=True, default="")
    position = models.PositiveIntegerField("排序", default=0)
    kind = models.CharField("类型", max_length=20, blank=True, default="")  # 地级市 / 自治州 / 市辖区 / 师 …
    counties = models.PositiveIntegerField("县级单位数", null=True, blank=True)  # the base figure's default
    active = models.BooleanField("现行", default=True)  # False: abolished or its code changed (never deleted)
    successor = models.ForeignKey(
        "self",
        verbose_name="承继单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # Added, renamed or (de)activated on the organisation page (kaoping.orgs.units): ``kaoping orgs
    # sync`` leaves it alone from then on (docs/deploy.md, 组织树的同步与页面维护).
    maintained_locally = models.BooleanField("本地维护", default=False)
    updated = models.DateTimeField("更新时间", auto_now=True)  # the tree cache's freshness (access.org_tree)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class User(AbstractUser):
    # Personal data, encrypted at rest (SM4, kaoping.orgs.secret); Django's first_name and
    # last_name stay unused and empty. Nothing finds a person by these (the username signs in).
    name = EncryptedField("姓名", max_length=50, blank=True, default="")
    phone = EncryptedField("联系电话", max_length=30, blank=True, default="")
    email = EncryptedField("电子邮箱", max_length=254, blank=True, default="")
    org = models.ForeignKey(
        Organisation,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # The identity at the province's 统一身份认证 platform, when unified sign-on matches accounts
    # by it (settings.OIDC_MATCH_FIELD = "external_id"; kaoping.ops.sso).
    external_id = models.CharField("统一身份认证标识", max_length=200, blank=True, default="", db_index=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def display_name(self) -> str:
        return self.name or self.username


class RoleAssignment(models.Model):
    """A user holds ``role`` at ``org`` (covering its subtree as ``kaoping.orgs.access`` says)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=30, choices=ROLE_CHOICES)
    org = models.ForeignKey(Organisation, verbose_name="组织", on_delete=models.PROTECT, related_name="roles")

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [models.UniqueConstraint(fields=["user", "role", "org"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.user} · {ROLE_LABELS[Role(self.role)]} · {self.org.name}"

    def clean(self) -> None:
        level = ROLE_LEVELS[Role(self.role)]
        if level is not None and self.org_id and self.org.level != level:
            raise ValidationError(f"{ROLE_LABELS[Role(self.role)]}只能分配在{level}级组织")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored (the token is shown once)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=100)
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=12, editable=False)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"


class LoginEvent(AppendOnly):
    """Every login, logout and failed login (docs/spec.md §9.6: every login is logged)."""

    RECORD = "登录记录"
    CHAINED = True
    SEALED = ("user", "username", "kind", "ip", "at")

    # 解除锁定: the 安全管理员 ends a lock-out (kaoping.ops.lockout); the failures before it stop counting.
    KIND_CHOICES = [("login", "登录"), ("logout", "退出"), ("failed", "登录失败"), ("unlock", "解除锁定")]

    user = kept(User, "用户", null=True, blank=True)
    username = models.CharField("用户名", max_length=150)
    kind = models.CharField("事件", max_length=10, choices=KIND_CHOICES)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    def complete(self) -> None:
        """No address is NULL: the field stores an empty text as NULL, and the seal must cover
        what the row holds (else ``audit verify`` reports an untouched login as changed)."""
        self.ip = self.ip or None

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at", "-id"]


class ConfigChange(AppendOnly):
    """Append-only: one change of the configuration — a campaign opened, its base figures, an
    evaluation's settings, the organisation tree, security policy: what, old → new, who, when."""

    RECORD = "配置变更记录"
    CHAINED = True
    SEALED = ("subject", "key", "org", "old", "new", "user", "actor", "at")

    subject = models.CharField("配置项", max_length=60)  # in words: 开启任务, 测算基数, 考评设置 …
    key = models.CharField("对象", max_length=100, blank=True, default="")  # the campaign's id …
    org = kept(Organisation, "组织", null=True, blank=True)
    old = models.TextField("原值", blank=True, default="")
    new = models.TextField("新值", blank=True, default="")
    user = kept(User, "操作人账号", null=True, blank=True)
    actor = models.CharField("操作人", max_length=150)  # username, or "cli:<os user>"
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "配置变更记录"
        verbose_name_plural = "配置变更记录"
        ordering = ["-at", "-id"]
