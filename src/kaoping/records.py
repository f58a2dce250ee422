"""Append-only records: the audit tables (cell changes, workflow transitions, the evaluation log)
grow but never change. Saving a stored record again refuses, naming what it is."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnly(models.Model):
    """A model whose rows are only ever added; ``RECORD`` names it in the refusal."""

    RECORD: ClassVar[str] = "记录"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{self.RECORD}只能追加，不能修改")
        super().save(*args, **kwargs)
