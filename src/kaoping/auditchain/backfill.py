"""Sealing audit rows written before their model was chained (migrations), oldest first, after
the chain's last entry. The migration's own (historical) models are used throughout: the live
``Link`` may have columns the database does not have yet at that point of the migrations."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models, transaction

from kaoping.auditchain.chain import chained_models, lock, seal
from kaoping.auditchain.seal import GENESIS, key, key_id

BATCH = 2000


def _rows(
    historical: Any, model: type[models.Model], sealed: set[int]
) -> Iterator[tuple[Any, int, models.Model]]:
    try:
        old = historical.get_model(model._meta.app_label, model._meta.model_name)
    except LookupError:  # not in the database yet at this point of the migrations
        return
    names = [f.attname for f in old._meta.concrete_fields]
    for row in old.objects.order_by("at", "pk").iterator(chunk_size=BATCH):
        if row.pk not in sealed:
            yield row.at, row.pk, model(**{n: getattr(row, n) for n in names})


def _tip(link: Any, cut: Any) -> tuple[int, str, str]:
    keyed = any(f.name == "key" for f in link._meta.fields)
    for model in (link, cut):
        last = model.objects.order_by("-seq").values_list("seq", "mac", *(["key"] if keyed else [])).first()
        if last is not None:
            return last[0], last[1], (last[2] if keyed and last[2] else key_id(key()))
    return 0, GENESIS, key_id(key())


def _append(historical: Any, rows: list[models.Model]) -> None:
    link, cut = historical.get_model("auditchain", "Link"), historical.get_model("auditchain", "Cut")
    with transaction.atomic():
        lock()
        seq, previous, kid = _tip(link, cut)
        link.objects.bulk_create(seal(rows, seq, previous, kid, link))


def seal_rows(historical: Any, chained: Iterable[type[models.Model]]) -> None:
    """Every row of the ``chained`` models no entry seals yet, merged in time order, in batches."""
    link = historical.get_model("auditchain", "Link")
    streams = []
    for model in chained:
        kind = model._meta.label_lower
        sealed = set(link.objects.filter(kind=kind).values_list("row", flat=True))
        streams.append(_rows(historical, model, sealed))
    batch: list[models.Model] = []
    for _at, _pk, row in heapq.merge(*streams, key=lambda item: (item[0], item[1])):
        batch.append(row)
        if len(batch) == BATCH:
            _append(historical, batch)
            batch = []
    if batch:
        _append(historical, batch)


def seal_existing(historical: Any, schema_editor: Any = None) -> None:
    """Migration 0002: every existing row of every chained model."""
    seal_rows(historical, chained_models().values())
