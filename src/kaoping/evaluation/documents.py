"""What pages and the API show of an evaluation, as plain data: one city's self-assessment
(criteria with their working, self-score, explanation, evidence, reported metrics) and the
results (the score document of docs/spec.md §10.9, trimmed to what the user may see)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from kaoping.collection.models import Campaign
from kaoping.core.rubric.model import Category, Criterion, Item, MetricDef, Rubric
from kaoping.core.scoring.export import ScoreJson, score_json
from kaoping.core.scoring.numbers import display, fmt
from kaoping.core.scoring.results import NOT_ASSESSED_REASON, CityResult, CriterionResult, EvaluationResult
from kaoping.evaluation.campaigns import rubric_for
from kaoping.evaluation.models import Evidence, ReportedMetric, SelfAssessment
from kaoping.evaluation.visibility import published, sees_province
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor

OTHERS_CANNOT = "该市有数据无法使用，总分与名次无法计算"


def metrics_of(criterion: Criterion) -> list[str]:
    """The metric keys a criterion's parts read (for the reported ones the city types)."""
    keys: list[str] = []
    for part in criterion.scored_parts():
        params = part.method.params
        for name in ("metric", "units"):
            key = getattr(params, name, None)
            if isinstance(key, str) and key not in keys:
                keys.append(key)
    return keys


@dataclass
class CriterionView:
    category: Category
    item: Item
    criterion: Criterion
    result: CriterionResult
    self_score: Decimal | None
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    reported: list[tuple[MetricDef, str]] = field(default_factory=list)  # (metric, typed text)
    first_of_category: bool = False
    first_of_item: bool = False
    category_span: int = 1  # rows the category cell spans (on its first row)
    item_span: int = 1
    # set by the pages: what was typed when a save was refused, and why
    typed: str | None = None
    problem: str = ""
    my_score: object = None  # the reviewer's own score (review page)
    my_reason: str = ""


def assessment_rows(
    campaign: Campaign, org: str, city: CityResult, rubric: Rubric | None = None, hidden: bool = False
) -> list[CriterionView]:
    """The rubric's criteria with the city's result and self-assessment; ``hidden``: the
    viewer may not see the city's unsubmitted self-assessment (no self-score, explanation,
    evidence or reported metric)."""
    rubric = rubric or rubric_for(campaign)
    own: dict[str, SelfAssessment] = {}
    files: dict[str, list[Evidence]] = {}
    typed: dict[str, str] = {}
    if not hidden:
        own = {a.criterion: a for a in SelfAssessment.objects.filter(campaign=campaign, org_id=org)}
        for evidence in Evidence.objects.filter(campaign=campaign, org_id=org):
            files.setdefault(evidence.criterion, []).append(evidence)
        typed = dict(
            ReportedMetric.objects.filter(campaign=campaign, org_id=org).values_list("metric", "text")
        )
    rows = []
    seen_category: set[str] = set()
    seen_item: set[str] = set()
    for category, item, criterion in rubric.criteria():
        mine = own.get(criterion.key)
        reported = [
            (rubric.metrics[k], typed.get(k, ""))
            for k in metrics_of(criterion)
            if k in rubric.metrics and rubric.metrics[k].reported
        ]
        rows.append(
            CriterionView(
                category=category,
                item=item,
                criterion=criterion,
                result=city.criterion(criterion.key),
                self_score=mine.score if mine else None,
                explanation=mine.explanation if mine else "",
                evidence=files.get(criterion.key, []),
                reported=reported,
                first_of_category=category.key not in seen_category,
                first_of_item=item.key not in seen_item,
                category_span=sum(len(i.criteria) for i in category.items),
                item_span=len(item.criteria),
            )
        )
        seen_category.add(category.key)
        seen_item.add(item.key)
    return rows


def evidence_json(evidence: Evidence) -> dict[str, object]:
    return {
        "id": evidence.pk,
        "name": evidence.name,
        "kind": evidence.kind,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "uploaded_by": evidence.uploaded_by,
        "url": reverse(
            "evaluation:evidence", kwargs={"evaluation": evidence.campaign_id, "evidence": evidence.pk}
        ),
    }


def working_json(result: CriterionResult) -> list[dict[str, object]]:
    return [
        {
            "key": p.key,
            "label": p.label,
            "points": fmt(p.points),
            "method": p.method_label,
            "formula": p.working.formula,
            "score": None if p.working.score is None else fmt(p.working.score),
        }
        for p in result.parts
    ]


def assessment_json(
    campaign: Campaign, org: str, city: CityResult, submitted: bool, closed: str | None
) -> dict[str, object]:
    """A city's self-assessment: no reviewer score and no final score, ever (those are results)."""
    rows = assessment_rows(campaign, org, city)
    return {
        "campaign": campaign.pk,
        "org": org,
        "name": city.org.name,
        "submitted": submitted,
        "closed": closed,
        "criteria": [
            {
                "key": r.criterion.key,
                "number": r.criterion.number,
                "label": r.criterion.label,
                "category": r.category.key,
                "item": r.item.key,
                "points": fmt(r.criterion.points),
                "method": r.criterion.method_label,
                "auto": None if r.result.auto is None else fmt(r.result.auto),
                "working": working_json(r.result),
                "self": None if r.self_score is None else fmt(r.self_score),
                "explanation": r.explanation,
                "reported": {m.key: text for m, text in r.reported},
                "evidence": [evidence_json(e) for e in r.evidence],
            }
            for r in rows
        ],
    }


def results_json(user: Actor, campaign: Campaign, result: EvaluationResult) -> ScoreJson:
    """The score document of docs/spec.md §10.9. A city (after publication) sees every city's total, rank
    and subtotals, but the criteria only of the cities it reads (its own)."""
    document = score_json(result, published=published(campaign))
    if sees_province(user, campaign):
        return document
    for city in document["cities"]:
        if not access.can(user, Action.READ, city["org"]):
            city["criteria"] = []
            if city["reason"] not in (None, NOT_ASSESSED_REASON):  # the other city's data stays its own
                city["reason"] = OTHERS_CANNOT
    return document


def one_decimal(value: Decimal | None) -> str:
    return "" if value is None else str(display(value))
