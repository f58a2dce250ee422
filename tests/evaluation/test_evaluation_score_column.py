"""A self-assessment or review score beyond its column (6 digits, 2 after the point: at most
9999.99 either way) cannot be stored, by the application or around it (SQL), on either
database: PostgreSQL's numeric(6, 2) refuses it, SQLite (which keeps any number) by a check
constraint. Before the check, 1e30 written by SQL on SQLite was stored, and every read of
the row (the evaluation's pages, its API) raised in Django's decimal converter.

By hand: 9999.99 and -9999.99 are the column's limits and are kept; 10000, 1e30 and
-1e30 are refused, and the row keeps the 2 it held."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from tests.conftest import NANJING

from kaoping.evaluation.models import ReviewScore, SelfAssessment

TOO_BIG = [1e30, -1e30, 10000]


def written_by_sql(table: str, pk: int, value: float) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET score = %s WHERE id = %s", [value, pk])


@pytest.fixture
def own(evaluation) -> SelfAssessment:  # type: ignore[no-untyped-def]
    return SelfAssessment.objects.create(
        campaign=evaluation, org_id=NANJING, criterion="leading_group", score=Decimal(2)
    )


@pytest.fixture
def review(evaluation, expert) -> ReviewScore:  # type: ignore[no-untyped-def]
    return ReviewScore.objects.create(
        campaign=evaluation, org_id=NANJING, criterion="leading_group", reviewer=expert, score=Decimal(2)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", TOO_BIG)
@pytest.mark.parametrize("model", [SelfAssessment, ReviewScore])
def test_a_score_beyond_its_column_is_refused_even_by_sql(own, review, model, value):
    row = own if model is SelfAssessment else review
    with pytest.raises(DatabaseError):
        written_by_sql(model._meta.db_table, row.pk, value)
    assert model.objects.get(pk=row.pk).score == Decimal(2)


@pytest.mark.django_db
def test_the_column_limits_are_kept_and_read_back(own, review):
    for limit in (Decimal("9999.99"), Decimal("-9999.99")):
        written_by_sql(SelfAssessment._meta.db_table, own.pk, float(limit))
        written_by_sql(ReviewScore._meta.db_table, review.pk, float(limit))
        assert SelfAssessment.objects.get(pk=own.pk).score == limit
        assert ReviewScore.objects.get(pk=review.pk).score == limit
    with pytest.raises(DatabaseError), transaction.atomic():
        SelfAssessment.objects.filter(pk=own.pk).update(score=Decimal("10000"))
