"""The version of everything an evaluation's results read (docs/spec.md §14): what a
background job's key names, so that the same export asked for again before anything changed is
the same job and file, and any change — a self-score, a reported metric, evidence, a submission
or its reopening, an expert's score, publication, the settings, the base figures or the linked
survey's data — gives a new one.

Each kind of row gives its count and its newest change (or highest id): an insert moves the
newest forward, an update moves its ``updated_at``/``at``, a delete lowers the count. The parts
are hashed into a short text (the key holds at most 200 characters).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Count, Max, QuerySet

from kaoping.collection.models import BaseFigure, Campaign
from kaoping.collection.services import data_stamp
from kaoping.evaluation.models import (
    Evaluation,
    EvaluationLog,
    Evidence,
    ReportedMetric,
    ReviewScore,
    SelfAssessment,
    Submission,
)


def _seen(rows: QuerySet[Any], newest: str) -> tuple[object, object]:
    found = rows.order_by().aggregate(n=Count("pk"), newest=Max(newest))
    return found["n"], str(found["newest"])


def evaluation_stamp(campaign: Campaign, state: Evaluation) -> str:
    """A short text that changes whenever anything the campaign's results read changes."""
    where = {"campaign": campaign}
    figures = BaseFigure.objects.filter(campaign_id__in=[campaign.pk, state.survey_id or campaign.pk])
    figured = figures.values_list("campaign_id", "org_id", "key", "value")
    parts: list[object] = [
        campaign.snapshot_id,
        sorted(campaign.members),
        _seen(EvaluationLog.objects.filter(**where), "pk"),
        _seen(SelfAssessment.objects.filter(**where), "updated_at"),
        _seen(ReportedMetric.objects.filter(**where), "updated_at"),
        _seen(ReviewScore.objects.filter(**where), "at"),
        _seen(Evidence.objects.filter(**where), "pk"),
        _seen(Submission.objects.filter(**where), "submitted_at"),
        str(state.published_at),
        json.dumps(state.settings, sort_keys=True, ensure_ascii=False, default=str),
        sorted((c, o, k, str(v)) for c, o, k, v in figured),
        data_stamp(state.survey) if state.survey is not None else "",
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]
