"""The chain's own tables: one link per sealed audit row, the cuts left by archiving, and the
head row the portable lock takes (docs/architecture.md "The audit chain")."""

from __future__ import annotations

from django.db import models


class Link(models.Model):
    """Entry ``seq`` of the chain: which audit row it seals (``kind``: the model's label, ``row``:
    its primary key), the SM3 digest of that row's content and the HMAC-SM3 over both and the
    previous entry's MAC. Only ever inserted (docs/deploy.md: the application's database role
    cannot update or delete it)."""

    seq = models.BigIntegerField("序号", primary_key=True)
    kind = models.CharField("记录类别", max_length=60)
    row = models.BigIntegerField("记录编号")
    digest = models.CharField("内容摘要", max_length=64)
    mac = models.CharField("校验码", max_length=64)
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "审计链条目"
        verbose_name_plural = "审计链条目"
        constraints = [models.UniqueConstraint(fields=["kind", "row"], name="unique_chain_row")]


class Cut(models.Model):
    """Where ``kaoping audit archive`` cut the chain: entries up to ``seq`` (whose MAC is ``mac``)
    went to the archive file ``archive``; ``seal`` is the HMAC-SM3 of this record, so a cut
    cannot be made up to hide a removed beginning."""

    seq = models.BigIntegerField("归档至序号", primary_key=True)
    mac = models.CharField("末条校验码", max_length=64)
    first = models.BigIntegerField("归档起始序号")
    archive = models.CharField("归档文件", max_length=255)
    sha256 = models.CharField("归档文件摘要", max_length=64)
    seal = models.CharField("校验码", max_length=64)
    at = models.DateTimeField("归档时间")

    class Meta:
        verbose_name = "审计归档"
        verbose_name_plural = "审计归档"


class Head(models.Model):
    """One row, locked (``SELECT … FOR UPDATE``) by the chain's appenders where PostgreSQL's
    advisory lock is not used (``kaoping.dialect.lock_chain``). It holds nothing."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
