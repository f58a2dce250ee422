"""Gather what scoring needs from the database and score the whole campaign (pure core)."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from kaoping.collection.campaigns import base_figures, member_orgs, survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.services import load_survey_data
from kaoping.core.masking import mask_login, mask_name
from kaoping.core.orgs import Org
from kaoping.core.rubric.model import Rubric
from kaoping.core.scoring.metrics import extract_metrics, merge_metrics, read_reported
from kaoping.core.scoring.results import EvaluationResult
from kaoping.core.scoring.reviews import ReviewerScore
from kaoping.core.scoring.score import score_evaluation
from kaoping.core.scoring.working import MetricValue
from kaoping.evaluation.campaigns import evaluation_of, rubric_for, settings_of
from kaoping.evaluation.models import Evaluation, ReportedMetric, ReviewScore, SelfAssessment, Submission
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import User
from kaoping.orgs.who import person_names


def cities_of(campaign: Campaign) -> list[Org]:
    """The campaign's cities in the tree's order, with their region groups."""
    return [Org(o.code, o.name, o.level, o.parent_id, o.region or None) for o in member_orgs(campaign)]


def figures_of(campaign: Campaign, state: Evaluation | None = None) -> dict[str, dict[str, Decimal]]:
    """Base figures: the linked survey's, overridden by any entered for the evaluation.
    ``state``: the campaign's ``evaluation_of`` when the caller has read it."""
    survey = (state or evaluation_of(campaign)).survey
    out = base_figures(survey) if survey is not None else {}
    for code, values in base_figures(campaign).items():
        out.setdefault(code, {}).update(values)
    return out


def reported_metrics(
    campaign: Campaign, rubric: Rubric, hidden: Collection[str] = ()
) -> dict[str, dict[str, MetricValue]]:
    """What the cities typed, parsed; a stored text that cannot be used (beyond the metric's
    bound, not a number) is ``Unusable``: its criteria are 无法计算 (docs/spec.md §7.6).
    ``hidden``: cities whose unsubmitted self-assessment the viewer may not see."""
    out: dict[str, dict[str, MetricValue]] = {}
    typed = ReportedMetric.objects.filter(campaign=campaign).exclude(org_id__in=hidden)
    for org, key, text in typed.values_list("org_id", "metric", "text"):
        definition = rubric.metrics.get(key)
        if definition is None or not definition.reported:
            continue
        out.setdefault(org, {})[key] = read_reported(definition, text)
    return out


def survey_metrics(
    campaign: Campaign, rubric: Rubric, cities: list[Org], state: Evaluation | None = None
) -> dict[str, dict[str, MetricValue]]:
    survey = (state or evaluation_of(campaign)).survey
    if survey is None:
        return {}
    return extract_metrics(rubric, load_survey_data(survey), survey_for(survey), cities)


def evaluate(
    campaign: Campaign,
    hidden: Collection[str] = (),
    state: Evaluation | None = None,
    viewer: Actor | None = None,
) -> EvaluationResult:
    """Every city of the campaign scored against every criterion, as things stand now.

    ``hidden``: cities whose unsubmitted self-assessment the viewer may not see
    (``visibility.hidden_drafts``): scored as if they had not self-assessed yet. ``state``: the
    campaign's ``evaluation_of`` when the page has read it (read once, not per part). ``viewer``:
    who reads the result on a page — the experts are named in full to whoever may see their
    personal data (``access.sees_personal_data``), masked to everyone else and in every export
    (no viewer). Cities
    that have not submitted their self-assessment are 未自评 and not ranked (docs/spec.md §7.6)."""
    rubric = rubric_for(campaign)
    state = state or evaluation_of(campaign)
    settings = settings_of(campaign, state)
    cities = cities_of(campaign)
    typed = reported_metrics(campaign, rubric, hidden)
    metrics = merge_metrics(survey_metrics(campaign, rubric, cities, state), typed)
    self_scores: dict[str, dict[str, Decimal]] = {}
    own = SelfAssessment.objects.filter(campaign=campaign).exclude(org_id__in=hidden)
    for org, criterion, score in own.values_list("org_id", "criterion", "score"):
        if score is not None:  # a criterion explained but not yet scored
            self_scores.setdefault(org, {})[criterion] = score
    scores = list(ReviewScore.objects.filter(campaign=campaign).select_related("reviewer").order_by("id"))
    names = person_names({r.reviewer.username for r in scores}, viewer) if viewer is not None else {}
    reviews = [  # experts named masked (张*明) unless the viewer may see them in full
        ReviewerScore(
            r.org_id,
            r.criterion,
            r.reviewer.username,
            r.score,
            r.reason,
            names.get(r.reviewer.username) or _masked(r.reviewer),
        )
        for r in scores
    ]
    figures = figures_of(campaign, state)
    submitted = set(Submission.objects.filter(campaign=campaign).values_list("org_id", flat=True))
    return score_evaluation(rubric, settings, cities, figures, metrics, self_scores, reviews, submitted)


def _masked(person: User) -> str:
    return mask_name(person.name) if person.name else mask_login(person.username)
