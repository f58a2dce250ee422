"""Append-only records: the audit tables (cell changes, workflow transitions, account changes,
logins, configuration, the evaluation log) grow but never change. Saving a stored record again
refuses, naming what it is. A record whose model sets ``CHAINED`` is sealed into the audit
chain (``kaoping.auditchain``) in the transaction that inserts it — one by one or in bulk.

Audit rows outlive what they name: their foreign keys are ``kept`` (no database constraint, no
cascade, never nulled), so deleting a campaign or a user leaves the ids (and the names the
records store as text) in place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models, transaction

from kaoping import dialect
from kaoping.auditchain import chain


def kept(to: str | type[models.Model], verbose_name: str = "", **options: Any) -> Any:
    """A foreign key of an audit record: the id stays whatever happens to the row it names."""
    options.setdefault("related_name", "+")
    return models.ForeignKey(
        to, verbose_name=verbose_name or None, on_delete=models.DO_NOTHING, db_constraint=False, **options
    )


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list[models.Model]:
        """Django's, or with only ``now`` (one stamp for the ``auto_now`` fields of all the rows:
        one save, one moment) or nothing else, ``dialect.insert_rows`` (the audit rows of
        every save: values prepared only where needed)."""
        now = kwargs.pop("now", None)
        with transaction.atomic(using=self.db):
            rows = list(objs)
            for row in rows:
                row.complete()  # type: ignore[attr-defined]  # an AppendOnly's rows
            if args or kwargs:  # a batch size, conflicts ignored…
                created = super().bulk_create(rows, *args, **kwargs)
            else:
                dialect.insert_rows(self.model, rows, now)
                created = rows
            if getattr(self.model, "CHAINED", False):
                chain.append(created)
        return created


class AppendOnly(models.Model):
    """A model whose rows are only ever added; ``RECORD`` names it in the refusal, ``CHAINED``
    seals its rows into the audit chain, ``SEALED`` names the fields the seal covers."""

    RECORD: ClassVar[str] = "记录"
    CHAINED: ClassVar[bool] = False
    SEALED: ClassVar[tuple[str, ...]] = ()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def complete(self) -> None:
        """Fill what a record keeps as values before it is inserted (subclasses)."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{self.RECORD}只能追加，不能修改")
        self.complete()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.CHAINED:
                chain.append([self])


def insert_values(model: type[AppendOnly], names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert records given as values, each in ``names``' order (every column but the primary
    key: no default is filled in), and seal them as ``bulk_create`` does — without a model
    instance per row (a save's audit entries: their constructor cost more than their insert).
    Only for a model whose ``complete`` adds nothing; no savepoint of its own (a save's
    transaction holds it: what fails here fails that)."""
    if model.complete is not AppendOnly.complete:
        raise TypeError(f"{model.__name__} completes its rows: bulk_create them")
    if not rows:
        return
    with transaction.atomic(savepoint=False):
        keys = dialect.insert_values(model, names, rows, keys=True)
        if model.CHAINED:
            chain.append_values(model, names, keys, rows)
