"""Campaigns and what is filled in them. Writes go through ``kaoping.collection.services``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from kaoping.core.definitions.titles import definition_title
from kaoping.orgs.models import Organisation
from kaoping.records import AppendOnly, kept


class DefinitionSnapshot(models.Model):
    """The raw YAML texts of one definition version as a campaign uses it; never changed."""

    ref = models.CharField("定义", max_length=60)  # "survey-2015@1"
    kind = models.CharField("类别", max_length=20, default="survey")
    files = models.JSONField("YAML 文本")  # {relative file name: text}
    sha256 = models.CharField("摘要", max_length=64)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "定义快照"
        verbose_name_plural = "定义快照"
        constraints = [models.UniqueConstraint(fields=["ref", "sha256"], name="unique_snapshot")]

    def __str__(self) -> str:
        return f"{self.ref}（{self.sha256[:8]}）"

    @property
    def title(self) -> str:
        """As officials name it: 规划重点任务实施情况调查表 2015（第1版）."""
        return definition_title(self.ref, self.files)


class Campaign(models.Model):
    KIND_CHOICES = [("survey", "调查"), ("evaluation", "考评")]
    STATUS_CHOICES = [("draft", "草稿"), ("open", "填报中"), ("closed", "已截止"), ("archived", "已归档")]

    id = models.SlugField("编号", max_length=60, primary_key=True)
    title = models.CharField("报表名称", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=KIND_CHOICES, default="survey")
    snapshot = models.ForeignKey(DefinitionSnapshot, verbose_name="定义快照", on_delete=models.PROTECT)
    org = models.ForeignKey(
        Organisation, verbose_name="组织", on_delete=models.PROTECT, related_name="campaigns"
    )
    status = models.CharField("状态", max_length=20, choices=STATUS_CHOICES, default="open")
    reference_date = models.DateField("调查时点", null=True, blank=True)
    forecast_date = models.DateField("预测时点", null=True, blank=True)
    opens = models.DateField("填报开始")
    closes = models.DateField("填报结束")
    copy_from = models.ForeignKey(
        "self", verbose_name="初始数据来源", null=True, blank=True, on_delete=models.SET_NULL
    )
    # The earlier campaign this one is compared with, cell by cell (docs/spec.md §13): the same
    # organisation's, of the same definition or one whose quality.yaml maps the earlier one.
    baseline = models.ForeignKey(
        "self",
        verbose_name="基期任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compared_by",
    )
    # A province's campaign opened as part of a national one (docs/spec.md §11): its parent.
    parent = models.ForeignKey(
        "self",
        verbose_name="全国任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    created_by = models.CharField("创建人", max_length=150, blank=True, default="")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    # The units directly below ``org`` that take part, in order, fixed when the campaign opens:
    # a later change of the tree (a city's code changed, a unit added) does not change it.
    members = models.JSONField("参与单位", default=list, blank=True)
    # After the closing day (Asia/Shanghai) a unit that has not submitted is 逾期 and may still
    # fill and submit (迟报); with this set, entry locks at the deadline instead (docs/spec.md §14).
    lock_at_deadline = models.BooleanField("截止后锁定填报", default=False)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["-opens", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.id}）"

    @property
    def definition(self) -> str:
        return self.snapshot.ref

    def save(self, *args: Any, **kwargs: Any) -> None:  # Model.save's own signature
        if self._state.adding and not self.members:
            self.members = current_members(self.org_id)
        super().save(*args, **kwargs)


def current_members(org_code: str) -> list[str]:
    """The active units directly below ``org_code`` now, in the tree's order."""
    found = Organisation.objects.filter(parent_id=org_code, active=True).order_by("position", "code")
    return list(found.values_list("code", flat=True))


class Extension(AppendOnly):
    """Append-only: the level above extends one unit's deadline (the latest grant counts)."""

    RECORD = "延期记录"
    CHAINED = True
    SEALED = ("campaign", "org", "until", "reason", "user", "actor", "at")

    campaign = kept(Campaign, "任务")
    org = kept(Organisation, "组织")
    until = models.DateField("延期至")
    reason = models.TextField("延期原因")
    user = kept(settings.AUTH_USER_MODEL, "批准人账号", null=True, blank=True)
    actor = models.CharField("批准人", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "延期记录"
        verbose_name_plural = "延期记录"
        ordering = ["-at", "-id"]


class BaseFigure(models.Model):
    KEY_CHOICES = [
        ("population", "常住人口（万人）"),
        ("insured_urban", "城镇参保人数（万人）"),
        ("counties", "县级单位数"),
    ]

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="base_figures")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    key = models.CharField("项目", max_length=30, choices=KEY_CHOICES)
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "测算基数"
        verbose_name_plural = "测算基数"
        constraints = [models.UniqueConstraint(fields=["campaign", "org", "key"], name="unique_base_figure")]


class Value(models.Model):
    """One cell. ``text`` is canonical when ``valid``, else exactly what was typed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="values")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)  # the row's owner
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=60)
    column = models.CharField(max_length=60)
    text = models.TextField()
    valid = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        verbose_name = "填报值"
        verbose_name_plural = "填报值"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "table", "row", "column"], name="unique_value_cell")
        ]
        indexes = [models.Index(fields=["campaign", "org", "table"])]


class ListRow(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="list_rows")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    table = models.CharField(max_length=10)
    section = models.CharField(max_length=60)
    key = models.CharField(max_length=60)
    position = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "table", "key"], name="unique_list_row")]
        ordering = ["position", "id"]


class TableVersion(models.Model):
    """Bumped on every save of (campaign, owner org, table): the optimistic-locking counter."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="versions")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    table = models.CharField(max_length=10)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org", "table"], name="unique_table_version")
        ]


class AuditEntry(AppendOnly):
    """Append-only: one real change of one cell (or a list row added/removed)."""

    RECORD = "修改记录"
    CHAINED = True
    SEALED: ClassVar[tuple[str, ...]] = (
        "campaign",
        "org",
        "table",
        "row",
        "column",
        "old",
        "new",
        "user",
        "actor",
    )
    SEALED += ("at", "channel", "version", "note")

    CHANNEL_CHOICES = [("page", "页面"), ("api", "接口"), ("upload", "上传"), ("cli", "命令行")]

    campaign = kept(Campaign, "任务")
    org = kept(Organisation, "组织")
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=60)
    column = models.CharField(max_length=60)  # "" for a list row added or removed
    old = models.TextField(null=True, blank=True)
    new = models.TextField(null=True, blank=True)
    user = kept(settings.AUTH_USER_MODEL, "用户", null=True, blank=True)
    actor = models.CharField(max_length=150)  # username, or "cli:<os user>"
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(max_length=10, choices=CHANNEL_CHOICES)
    version = models.PositiveIntegerField(default=0)  # the table version this change produced
    note = models.TextField(blank=True, default="")  # uploads: file name and sha256

    class Meta:
        verbose_name = "修改记录"
        verbose_name_plural = "修改记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["campaign", "table", "row", "column"])]


class Explanation(models.Model):
    """The 说明 answering a warning (提示性 rule) at one place."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="explanations")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    rule = models.CharField(max_length=30)
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=60, blank=True, default="")
    column = models.CharField(max_length=60, blank=True, default="")
    text = models.TextField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor = models.CharField(max_length=150, blank=True, default="")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "rule", "table", "row", "column"], name="unique_explanation"
            )
        ]


class StoredSummary(models.Model):
    """What the nation needs of one provincial campaign (``core.national.summary``), recomputed
    on every save and on submission, so the ministry's pages read it instead of recomputing."""

    campaign = models.OneToOneField(
        Campaign, primary_key=True, on_delete=models.CASCADE, related_name="stored_summary"
    )
    data = models.JSONField("全国汇总所需数据")
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "省级汇总结果"
        verbose_name_plural = "省级汇总结果"
