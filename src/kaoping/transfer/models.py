"""An uploaded workbook waiting for its confirmation, and the bulk import jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class PendingUpload(models.Model):
    """The file a user previewed: the confirmation re-reads it against the values then current."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    campaign = models.ForeignKey("collection.Campaign", on_delete=models.CASCADE)
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE)
    filename = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("摘要", max_length=64)
    content = models.BinaryField("内容")
    created = models.DateTimeField("上传时间", auto_now_add=True)
    done = models.BooleanField("已处理", default=False)

    class Meta:
        verbose_name = "待确认的上传"
        verbose_name_plural = "待确认的上传"
