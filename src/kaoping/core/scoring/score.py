"""Score an evaluation campaign: every city against every criterion of the rubric.

The Django side gathers the inputs (the rubric, the province's campaign settings, the
cities with their region groups, their base figures, their metrics from the survey and
from their own reports, self-scores and reviewers' scores) and calls ``score_evaluation``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from kaoping.core.orgs import Org
from kaoping.core.rubric.model import BASE_FIGURES, Criterion, MetricDef, Rubric
from kaoping.core.scoring import numbers
from kaoping.core.scoring.explain import explain
from kaoping.core.scoring.methods import METHODS
from kaoping.core.scoring.results import CityResult, CriterionResult, EvaluationResult, PartResult
from kaoping.core.scoring.reviews import ReviewerScore, combine
from kaoping.core.scoring.targets import CampaignSettings, effective_target, resolve_target
from kaoping.core.scoring.working import MetricValue, Quantity

REPORTED = "地市填报（附佐证材料）"


def score_evaluation(
    rubric: Rubric,
    settings: CampaignSettings,
    cities: Sequence[Org],
    figures: Mapping[str, Mapping[str, Decimal]],
    metrics: Mapping[str, Mapping[str, MetricValue]],
    self_scores: Mapping[str, Mapping[str, Decimal]],
    reviews: Sequence[ReviewerScore] = (),
) -> EvaluationResult:
    """``figures``, ``metrics`` and ``self_scores`` are keyed by city code, then by base
    figure, metric or criterion key; anything missing is simply not known yet."""
    by_place: dict[tuple[str, str], list[ReviewerScore]] = {}
    for review in reviews:
        by_place.setdefault((review.city, review.criterion), []).append(review)
    scored = []
    for city in cities:
        look = CityLookup(rubric, settings, city, figures.get(city.code, {}), metrics.get(city.code, {}))
        own = self_scores.get(city.code, {})
        criteria = tuple(
            _criterion(category.key, item.key, criterion, look, own.get(criterion.key), settings, by_place)
            for category, item, criterion in rubric.criteria()
        )
        subtotals = {
            category.key: sum(
                (c.counted for c in criteria if c.category == category.key and c.counted is not None),
                Decimal(0),
            )
            for category in rubric.categories
        }
        scored.append((city, criteria, subtotals, sum(subtotals.values(), Decimal(0))))
    shown = [numbers.display(total) for *_, total in scored]
    return EvaluationResult(
        rubric,
        tuple(
            CityResult(city, criteria, subtotals, total, 1 + sum(1 for other in shown if other > mine))
            for (city, criteria, subtotals, total), mine in zip(scored, shown, strict=True)
        ),
    )


def check_score(criterion: Criterion, score: Decimal) -> str | None:
    """Why a self-score or reviewer's score is not allowed for this criterion, or None."""
    if criterion.method is not None and criterion.method.kind in METHODS:
        return METHODS[criterion.method.kind].allowed(criterion.method.params, criterion.points, score)
    if not Decimal(0) <= score <= criterion.points or score != numbers.score(score):
        return f"得分应在 0–{numbers.fmt(criterion.points)} 分之间，最多 2 位小数"
    return None


def review_problem(criterion: Criterion, score: Decimal, reason: str, result: CriterionResult) -> str | None:
    """Why a reviewer's score cannot be accepted: a score the criterion does not allow, or
    a change from the automatic score (or, without one, from the self-score) with no
    reason given — reviewers confirm, or change with a reason."""
    problem = check_score(criterion, score)
    if problem is not None:
        return problem
    basis = result.auto if result.auto is not None else result.self_score
    if basis is not None and score != basis and not reason.strip():
        what = "自动计分" if result.auto is not None else "自评分"
        return f"评分 {numbers.fmt(score)} 分与{what} {numbers.fmt(basis)} 分不同，须说明理由"
    return None


class CityLookup:
    """What the methods read about one city (``methods.Lookup``)."""

    def __init__(
        self,
        rubric: Rubric,
        settings: CampaignSettings,
        city: Org,
        figures: Mapping[str, Decimal],
        metrics: Mapping[str, MetricValue],
    ) -> None:
        self.rubric, self.settings, self.city = rubric, settings, city
        self.figures, self.metrics = figures, metrics

    def metric(self, key: str) -> Quantity:
        definition = self.rubric.metrics[key]
        value = self.metrics.get(key)
        return Quantity(key, definition.label, definition.unit, value, _how(definition, value))

    def target(self, key: str) -> Quantity:
        spec = effective_target(self.rubric.targets[key], self.settings.targets.get(key))
        return resolve_target(spec, self.city, self.figures)

    def figure(self, key: str) -> Quantity:
        if key in BASE_FIGURES:
            label, unit = BASE_FIGURES[key]
            value = self.figures.get(key)
            how = "省厅录入的基础数据" if value is not None else "省厅尚未录入该基础数据"
            return Quantity(key, label, unit, value, how)
        return self.metric(key)


def _how(definition: MetricDef, value: MetricValue) -> str:
    if definition.survey is not None:
        source = definition.source or "调查数据"
        return source if value is not None else f"{source}：调查中未填报或无法计算"
    return REPORTED if value is not None else "地市尚未填报"


def _criterion(
    category: str,
    item: str,
    criterion: Criterion,
    look: CityLookup,
    self_score: Decimal | None,
    settings: CampaignSettings,
    by_place: Mapping[tuple[str, str], list[ReviewerScore]],
) -> CriterionResult:
    parts = tuple(
        PartResult(
            part.key,
            part.label,
            part.points,
            part.method.kind,
            METHODS[part.method.kind].label,
            METHODS[part.method.kind].score(part.method.params, part.points, look),
        )
        for part in criterion.scored_parts()
    )
    scores = [p.working.score for p in parts]
    auto = sum((s for s in scores if s is not None), Decimal(0)) if None not in scores else None
    reviews = by_place.get((look.city.code, criterion.key), [])
    combined = combine(reviews, settings, tuple(settings.reviewers.get(look.city.code, ())))
    final = combined.decided if combined.decided is not None else auto
    result = CriterionResult(
        key=criterion.key,
        number=criterion.number,
        label=criterion.label,
        points=criterion.points,
        category=category,
        item=item,
        method=criterion.method_label,
        parts=parts,
        auto=auto,
        self_score=self_score,
        reviewed=combined.reviewed,
        final=final,
        reviews=tuple(reviews),
        review_how=combined.how,
    )
    return replace(result, explanation=explain(result))
