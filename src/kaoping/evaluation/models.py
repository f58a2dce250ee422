"""What an evaluation campaign stores: the province's settings, each city's self-assessment
with its reported metrics and evidence, the reviewers' scores and the publication.

The campaign itself is a ``collection.Campaign`` of kind ``evaluation`` (so it is listed
with the others, docs/spec.md §10.3); ``Evaluation`` adds what only an evaluation has.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from kaoping.collection.models import Campaign
from kaoping.orgs.models import Organisation
from kaoping.records import AppendOnly, kept


class Evaluation(models.Model):
    campaign = models.OneToOneField(
        Campaign,
        verbose_name="考评任务",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    survey = models.ForeignKey(
        Campaign,
        verbose_name="关联调查任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    settings = models.JSONField("考评设置", default=dict)  # kaoping.core.scoring.settings JSON
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.CharField("发布人", max_length=150, blank=True, default="")

    class Meta:
        verbose_name = "考评"
        verbose_name_plural = "考评"

    @property
    def published(self) -> bool:
        return self.published_at is not None


class Submission(models.Model):
    """A city's self-assessment, submitted by its 市负责人 (the leader's sign-off)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assessment_submissions")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    submitted_at = models.DateTimeField()
    submitted_by = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org"], name="unique_assessment_submission")
        ]


# A score fits its column (6 digits, 2 after the point) in the database itself: PostgreSQL's
# numeric(6, 2) refuses more, and SQLite, which keeps any number, refuses it by this check — a
# value written around the application (1e30 by SQL) would otherwise break every read of it.
SCORE_FITS = models.Q(score__gte=Decimal("-9999.99"), score__lte=Decimal("9999.99"))


class SelfAssessment(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="self_assessments")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    criterion = models.CharField(max_length=60)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(blank=True, default="")
    updated_by = models.CharField(max_length=150, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org", "criterion"], name="unique_self_assessment"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | SCORE_FITS, name="self_assessment_score_fits"
            ),
        ]


class ReportedMetric(models.Model):
    """A number the city reports in the evaluation (network coverage …), as typed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reported_metrics")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    metric = models.CharField(max_length=60)
    text = models.CharField(max_length=500)
    updated_by = models.CharField(max_length=150, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org", "metric"], name="unique_reported_metric")
        ]


class Evidence(models.Model):
    """An evidence file: stored outside the web root under a random name, served by a view."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="evidence")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    criterion = models.CharField(max_length=60)
    name = models.CharField("文件名", max_length=200)  # the uploader's file name, for display
    stored = models.CharField(max_length=80, unique=True)  # random name in the upload dir
    kind = models.CharField(max_length=20)  # pdf, png, jpeg, docx, xlsx …
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class ReviewScore(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="review_scores")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    criterion = models.CharField(max_length=60)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    score = models.DecimalField(max_digits=6, decimal_places=2)
    reason = models.TextField(blank=True, default="")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "org", "criterion", "reviewer"], name="unique_review_score"
            ),
            models.CheckConstraint(condition=SCORE_FITS, name="review_score_fits"),
        ]


class EvaluationLog(AppendOnly):
    """Append-only: who did what in an evaluation (saved, submitted, uploaded, scored, published)."""

    RECORD = "考评记录"
    CHAINED = True
    SEALED = ("campaign", "org", "action", "criterion", "actor", "detail", "at")

    campaign = kept(Campaign, "考评任务")
    org = kept(Organisation, "组织", null=True, blank=True)
    action = models.CharField(max_length=30)
    criterion = models.CharField(max_length=60, blank=True, default="")
    actor = models.CharField(max_length=150)
    detail = models.TextField(blank=True, default="")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
