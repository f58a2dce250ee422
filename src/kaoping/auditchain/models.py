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
    # the id of the key that sealed it (``seal.key_id``); which key must have is the chain's
    # rotations' say (``KeyRotation``), checked by ``verify``
    key = models.CharField("密钥编号", max_length=16, default="")

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
    key = models.CharField("密钥编号", max_length=16, default="")  # the key of ``seal``

    class Meta:
        verbose_name = "审计归档"
        verbose_name_plural = "审计归档"


class KeyRotation(models.Model):
    """``kaoping audit rotate-key``: from this entry on (its own included) the chain is sealed
    with key ``new``; the entries before it with ``old``. A chained row itself, so a rotation
    cannot be made up or moved without the key it names. ``actor`` is ``cli:<os user>``, or
    ``system`` when an appender met a chain key that is no longer configured."""

    CHAINED = True
    SEALED = ("old", "new", "actor", "at")

    old = models.CharField("原密钥编号", max_length=16)
    new = models.CharField("新密钥编号", max_length=16)
    actor = models.CharField("操作人", max_length=150)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "审计密钥轮换"
        verbose_name_plural = "审计密钥轮换"


class Head(models.Model):
    """One row, locked (``SELECT … FOR UPDATE``) by the chain's appenders where PostgreSQL's
    advisory lock is not used (``kaoping.dialect.lock_chain``). It holds nothing."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
