"""The review workflow: one submission state per (campaign, organisation), its history,
return comments on cells, the scanned sealed 表1 attachments and 催报 reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kaoping.collection.models import Campaign
from kaoping.orgs.models import Organisation
from kaoping.orgs.secret import EncryptedField
from kaoping.records import AppendOnly, kept

NOT_STARTED, IN_PROGRESS, SUBMITTED, RETURNED, APPROVED, LOCKED = (
    "not_started",
    "in_progress",
    "submitted",
    "returned",
    "approved",
    "locked",
)
STATUS_CHOICES = [
    (NOT_STARTED, "未填报"),
    (IN_PROGRESS, "填报中"),
    (SUBMITTED, "已上报"),
    (RETURNED, "已退回"),
    (APPROVED, "已审核"),
    (LOCKED, "已锁定"),
]
STATUS_LABELS = dict(STATUS_CHOICES)
ACTION_LABELS = {
    "edit": "修改数据",
    "submit": "上报",
    "return": "退回",
    "approve": "审核通过",
    "lock": "锁定",
    "unlock": "解锁",
}


class Submission(models.Model):
    """Where one organisation's data of a campaign stands; changed only by ``workflow.services``."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="workflow_submissions")
    org = models.ForeignKey(
        Organisation, verbose_name="组织", on_delete=models.PROTECT, related_name="workflow_submissions"
    )
    status = models.CharField("状态", max_length=20, choices=STATUS_CHOICES, default=NOT_STARTED)
    note = models.TextField("上报说明", blank=True, default="")  # the last 上报说明 (强制上报)
    reason = models.TextField("退回原因或锁定原因", blank=True, default="")
    changed_at = models.DateTimeField("最近变更", auto_now=True)
    changed_by = models.CharField("变更人", max_length=150, blank=True, default="")
    late = models.BooleanField("迟报", default=False)  # the last 上报 came after the unit's deadline

    class Meta:
        verbose_name = "报送状态"
        verbose_name_plural = "报送状态"
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="unique_submission")]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.org_id} · {self.status_label}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class Transition(AppendOnly):
    """Append-only: one change of state, who made it and why (the audit of the workflow)."""

    RECORD = "报送记录"
    CHAINED = True
    SEALED = ("submission", "campaign", "org", "action", "old", "new", "text", "user", "actor", "at")

    submission = kept(Submission, "报送状态", related_name="transitions")
    # Kept as values (filled from the submission): they outlive a deleted campaign's submissions.
    campaign = kept(Campaign, "任务")
    org = kept(Organisation, "组织")
    action = models.CharField("操作", max_length=20)  # edit, submit, return, approve, lock, unlock
    old = models.CharField("原状态", max_length=20)
    new = models.CharField("新状态", max_length=20)
    text = models.TextField("原因或说明", blank=True, default="")
    user = kept(settings.AUTH_USER_MODEL, "操作人账号", null=True, blank=True)
    actor = models.CharField("操作人", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["-at", "-id"]

    def complete(self) -> None:
        if self.campaign_id is None or self.org_id is None:
            self.campaign_id, self.org_id = self.submission.campaign_id, self.submission.org_id

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def old_label(self) -> str:
        return STATUS_LABELS.get(self.old, self.old)

    @property
    def new_label(self) -> str:
        return STATUS_LABELS.get(self.new, self.new)


class CellComment(models.Model):
    """A reviewer's comment on one cell (or a whole row / table) made with a return."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    # None while the reviewer drafts it; the return that sent it afterwards.
    # (kept: an archived transition leaves its comments as they were)
    transition = kept(Transition, null=True, blank=True, related_name="comments")
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=60, blank=True, default="")
    column = models.CharField(max_length=60, blank=True, default="")
    text = models.TextField()
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["table", "row", "column", "id"]


class Attachment(models.Model):
    """An uploaded file (the scanned sealed 表1), stored outside the web root under a random name."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)  # as uploaded, shown only
    stored = models.CharField(max_length=80, unique=True)  # random name in the upload dir
    kind = models.CharField("类型", max_length=10)  # pdf, png, jpeg
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    actor = models.CharField("上传人", max_length=150)
    at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]


MANUAL, BEFORE, OVERDUE = "manual", "before", "overdue"
REMINDER_KINDS = [(MANUAL, "人工催报"), (BEFORE, "截止前提醒"), (OVERDUE, "逾期催报")]


class Reminder(models.Model):
    """A 催报 reminder to an organisation: in the product (a banner until dismissed, and each
    filler's and leader's notifications), by e-mail and by SMS (its ``deliveries``). At most one
    per organisation, kind and day (Asia/Shanghai), however many workers send them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="workflow_reminders")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="workflow_reminders")
    kind = models.CharField("类别", max_length=10, choices=REMINDER_KINDS, default=MANUAL)
    day = models.DateField("日期", null=True, blank=True)  # None only for reminders made before kinds
    text = models.TextField()
    sender = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org", "kind", "day"], name="one_reminder_a_day")
        ]


EMAIL, SMS = "email", "sms"
CHANNELS = [(EMAIL, "邮件"), (SMS, "短信")]
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
DELIVERY_STATES = [(PENDING, "待发送"), (SENDING, "发送中"), (SENT, "已发送"), (FAILED, "发送失败")]


class Delivery(models.Model):
    """One reminder to one person by e-mail or SMS: the delivery log (each try in ``tries``)."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField("方式", max_length=10, choices=CHANNELS)
    address = EncryptedField("地址", max_length=254)  # the e-mail address or phone when queued (SM4)
    status = models.CharField("状态", max_length=10, choices=DELIVERY_STATES, default=PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    error = models.TextField("失败原因", blank=True, default="")  # the last failure's
    next_try = models.DateTimeField("下次尝试", null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # a sender took it (a lease)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user", "channel"], name="one_delivery_per_channel")
        ]


class DeliveryTry(AppendOnly):
    """Append-only: one try of a delivery, and what the server or gateway answered — sealed into
    the audit chain. Only ever inserted (a delivery's state and retries live on ``Delivery``), so
    the try itself is the chained record; it outlives its delivery, which a deleted campaign takes
    with it, keeping whose and which way as values."""

    RECORD = "发送尝试"
    CHAINED = True
    SEALED = ("delivery", "campaign", "org", "user", "channel", "ok", "detail", "at")

    delivery = kept(Delivery, "发送记录", related_name="tries")
    # Kept as values (filled from the delivery): they outlive a deleted campaign's reminders.
    campaign = kept(Campaign, "任务", null=True, blank=True)
    org = kept(Organisation, "组织", null=True, blank=True)
    user = kept(settings.AUTH_USER_MODEL, "收件人账号", null=True, blank=True)
    channel = models.CharField("方式", max_length=10, choices=CHANNELS, default="")
    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField()
    detail = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "发送尝试"
        verbose_name_plural = "发送尝试"
        ordering = ["at", "id"]

    def complete(self) -> None:
        if self.campaign_id is None:
            reminder = self.delivery.reminder
            self.campaign_id, self.org_id = reminder.campaign_id, reminder.org_id
            self.user_id, self.channel = self.delivery.user_id, self.delivery.channel


class ContactPreference(models.Model):
    """What a person agreed to receive besides the notifications in the product (never opted out)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="contact_preference",
    )
    email = models.BooleanField("接收邮件提醒", default=True)
    sms = models.BooleanField("接收短信提醒", default=True)


REMINDER, RETURN, COMMENT, APPROVAL = "reminder", "return", "comment", "approval"
NOTIFICATION_KINDS = [(REMINDER, "催报"), (RETURN, "退回"), (COMMENT, "审核意见"), (APPROVAL, "审核通过")]


class Notification(models.Model):
    """One message to one person in the product: reminders, returns, comments, approvals."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类别", max_length=10, choices=NOTIFICATION_KINDS)
    text = models.TextField("内容")
    link = models.CharField(max_length=300, blank=True, default="")
    key = models.CharField(max_length=80)  # what it is about ("reminder:12"): once per person
    at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")]
        indexes = [models.Index(fields=["user", "read_at"])]


ACCEPTED, REJECTED = "accepted", "rejected"
VERDICTS = [(ACCEPTED, "已接受"), (REJECTED, "已驳回")]


class Verdict(models.Model):
    """A reviewer's judgement of the 说明 answering one warning (docs/spec.md §13.4): the latest
    stands. ``mark`` is the newest audit entry of the warning's row when it was given: a later
    change of the row lifts an acceptance (the 说明 was written for other values)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="workflow_verdicts")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=30)
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=60, blank=True, default="")
    column = models.CharField(max_length=60, blank=True, default="")
    verdict = models.CharField("审核结论", max_length=10, choices=VERDICTS)
    explanation = models.TextField("所审说明")  # the 说明 as the reviewer read it
    comment = models.TextField("意见", blank=True, default="")
    mark = models.BigIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField("审核人", max_length=150)
    at = models.DateTimeField("时间", auto_now=True)

    class Meta:
        verbose_name = "说明审核"
        verbose_name_plural = "说明审核"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "rule", "table", "row", "column"], name="one_verdict")
        ]


class VerdictLog(AppendOnly):
    """Append-only: every acceptance and rejection of a 说明 in the workbench, sealed into the audit
    chain. ``Verdict`` holds the one that stands (updated in place); this is their history,
    written in the same transaction, kept whatever happens to the campaign or the reviewer."""

    RECORD = "说明审核记录"
    CHAINED = True
    SEALED = (
        "campaign",
        "org",
        "rule",
        "table",
        "row",
        "column",
        "verdict",
        "explanation",
        "comment",
        "user",
        "actor",
        "at",
    )

    campaign = kept(Campaign, "任务")
    org = kept(Organisation, "组织")
    rule = models.CharField(max_length=30)
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=60, blank=True, default="")
    column = models.CharField(max_length=60, blank=True, default="")
    verdict = models.CharField("审核结论", max_length=10, choices=VERDICTS)
    explanation = models.TextField("所审说明")
    comment = models.TextField("意见", blank=True, default="")
    user = kept(settings.AUTH_USER_MODEL, "审核人账号", null=True, blank=True)
    actor = models.CharField("审核人", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "说明审核记录"
        verbose_name_plural = "说明审核记录"
        ordering = ["-at", "-id"]


class FollowUp(models.Model):
    """A reviewer's follow-up flag on one value (跟进), until it is cleared."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="workflow_follow_ups")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    table = models.CharField(max_length=10)
    row = models.CharField(max_length=60)
    column = models.CharField(max_length=60)
    note = models.TextField("跟进事项", blank=True, default="")
    actor = models.CharField("标记人", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "跟进标记"
        verbose_name_plural = "跟进标记"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "org", "table", "row", "column"], name="one_follow_up_per_unit_cell"
            )
        ]


FOLLOW_UP_ACTIONS = {"flag": "标记需跟进", "clear": "清除跟进"}


class FollowUpRecord(AppendOnly):
    """Append-only: a follow-up flag set (or its note changed) or cleared — where, the note, who,
    when (the audit of ``FollowUp``, sealed into the audit chain)."""

    RECORD = "跟进记录"
    CHAINED = True
    SEALED = ("campaign", "org", "table", "row", "column", "action", "note", "user", "actor", "at")

    campaign = kept(Campaign, "任务")
    org = kept(Organisation, "组织")
    table = models.CharField("表", max_length=10)
    row = models.CharField("行", max_length=60)
    column = models.CharField("栏目", max_length=60)
    action = models.CharField("操作", max_length=10, choices=list(FOLLOW_UP_ACTIONS.items()))
    note = models.TextField("跟进事项", blank=True, default="")
    user = kept(settings.AUTH_USER_MODEL, "操作人账号", null=True, blank=True)
    actor = models.CharField("操作人", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "跟进记录"
        verbose_name_plural = "跟进记录"
        ordering = ["-at", "-id"]


class ReviewMark(models.Model):
    """Where a reviewer left the workbench of a campaign: the newest audit entry then. A warning
    whose row changed after it is new to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    mark = models.BigIntegerField(default=0)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "campaign"], name="one_review_mark")]
