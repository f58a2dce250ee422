"""A save's audit entries given as values (``records.insert_values``: no model instance per row)
are stored and sealed exactly as ``bulk_create`` stores and seals the same entries as models:
the same columns, the same content, so the same digests; the chain verifies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from kaoping import dialect, records
from kaoping.auditchain.models import Link
from kaoping.auditchain.seal import content, digest, sealed_positions, values_content
from kaoping.auditchain.verify import verify
from kaoping.collection.models import AuditEntry, Campaign
from kaoping.collection.services.writing import AUDIT_FIELDS, Where
from kaoping.orgs.models import LoginEvent

pytestmark = [pytest.mark.django_db, pytest.mark.portable_sql]

AT = dt.datetime(2026, 12, 6, 3, 0, 1, 250, tzinfo=dt.UTC)


def _rows(campaign: Campaign) -> list[tuple[Any, ...]]:
    where = Where(campaign, "320100", "T09", None, "cli:test", "upload", "f.xlsx sha256:00")
    changes = [
        ("320100", "staff", None, "12"),
        ("320100", "calls", "3", None),
        ("320100", "seats", "带", "五"),
    ]
    return [where.audit_row(row, column, old, new, 4, AT) for row, column, old, new in changes]


def test_values_content_is_the_content_of_the_same_row_as_a_model(
    sql_dialect: str, campaign: Campaign
) -> None:
    at = sealed_positions(AuditEntry, AUDIT_FIELDS)
    for row in _rows(campaign):
        entry = AuditEntry(**dict(zip(AUDIT_FIELDS, row, strict=True)))
        assert values_content(AuditEntry, [row[i] for i in at]) == content(entry)


def test_inserted_as_values_is_stored_and_sealed_as_bulk_created(
    sql_dialect: str, campaign: Campaign
) -> None:
    rows = _rows(campaign)
    with transaction.atomic():
        records.insert_values(AuditEntry, AUDIT_FIELDS, rows)
    models = [AuditEntry(**dict(zip(AUDIT_FIELDS, row, strict=True))) for row in rows]
    AuditEntry.objects.bulk_create(models, now=AT)
    stored = list(AuditEntry.objects.order_by("pk"))
    assert len(stored) == 2 * len(rows)
    plain, made = stored[: len(rows)], stored[len(rows) :]
    assert [tuple(getattr(e, f) for f in AUDIT_FIELDS) for e in plain] == rows
    assert [content(e) for e in plain] == [content(e) for e in made]
    links = {link.row: link.digest for link in Link.objects.filter(kind="collection.auditentry")}
    assert [links[e.pk] for e in plain] == [links[e.pk] for e in made] == [digest(content(e)) for e in plain]
    assert verify().problems == []


def test_a_model_that_completes_its_rows_is_refused(sql_dialect: str, campaign: Campaign) -> None:
    with pytest.raises(TypeError):
        records.insert_values(
            LoginEvent, ("username", "kind", "ip", "at", "user_id"), [("a", "login", "", AT, None)]
        )


def test_insert_values_reads_the_keys_back_with_or_without_returning(
    sql_dialect: str, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(campaign)
    with transaction.atomic():
        keys = dialect.insert_values(AuditEntry, AUDIT_FIELDS, rows, keys=True)
        if dialect.connection.vendor == "sqlite":  # PostgreSQL always returns rows
            features = type(dialect.connection.features)
            monkeypatch.setattr(features, "can_return_rows_from_bulk_insert", False)
            keys += dialect.insert_values(AuditEntry, AUDIT_FIELDS, rows, keys=True)
    assert keys == list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True))
    assert dialect.insert_values(AuditEntry, AUDIT_FIELDS, rows) == []  # no keys asked: none read
