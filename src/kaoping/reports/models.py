"""What the reports keep: a user's saved ad-hoc summaries (自定义汇总, docs/spec.md §13.5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kaoping.collection.models import Campaign
from kaoping.orgs.models import Organisation


class SavedSummary(models.Model):
    """One user's summary as they left it: the page (campaign, organisation) and its query
    (level, table, columns, order, filter), reopened by its name — on that page or on any
    other campaign's whose definition has the table (``labels``: the level's, the table's and
    each column's name as saved, to say in words what another campaign lacks)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Organisation, verbose_name="组织", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=60)
    query = models.JSONField("汇总条件")  # {"level": [...], "table": [...], "c": [...], ...}
    labels = models.JSONField("名称", default=dict, blank=True)  # {"level", "table", "c": {token: …}}
    saved_at = models.DateTimeField("保存时间", auto_now=True)

    class Meta:
        verbose_name = "自定义汇总"
        verbose_name_plural = "自定义汇总"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "campaign", "org", "name"], name="one_summary_per_name")
        ]
