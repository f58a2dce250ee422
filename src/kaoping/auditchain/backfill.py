"""Sealing the audit rows written before the chain existed (migration 0002), oldest first."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

from django.db import models

from kaoping.auditchain.chain import append, chained_models

BATCH = 2000


def _rows(historical: Any, model: type[models.Model]) -> Iterator[tuple[Any, str, int, models.Model]]:
    old = historical.get_model(model._meta.app_label, model._meta.model_name)
    names = [f.attname for f in old._meta.concrete_fields]
    for row in old.objects.order_by("at", "pk").iterator(chunk_size=BATCH):
        yield row.at, model._meta.label_lower, row.pk, model(**{n: getattr(row, n) for n in names})


def seal_existing(historical: Any, schema_editor: Any = None) -> None:
    """Every existing row of every chained model, merged in time order, sealed in batches."""
    merged = heapq.merge(*(_rows(historical, m) for m in chained_models().values()))
    batch: list[models.Model] = []
    for _at, _kind, _pk, row in merged:
        batch.append(row)
        if len(batch) == BATCH:
            append(batch)
            batch = []
    append(batch)
