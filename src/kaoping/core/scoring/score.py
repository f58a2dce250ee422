"""Score an evaluation campaign: every city against every criterion of the rubric.

The Django side gathers the inputs (the rubric, the province's campaign settings, the
cities with their region groups, their base figures, their metrics from the survey and
from their own reports, self-scores and reviewers' scores) and calls ``score_evaluation``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from kaoping.core.orgs import Org
from kaoping.core.rubric.model import BASE_FIGURES, Criterion, MetricDef, Part, Rubric
from kaoping.core.scoring import numbers
from kaoping.core.scoring.explain import explain
from kaoping.core.scoring.methods import METHODS
from kaoping.core.scoring.results import CityResult, CriterionResult, EvaluationResult, PartResult
from kaoping.core.scoring.reviews import Combined, ReviewerScore, combine
from kaoping.core.scoring.targets import CampaignSettings, effective_target, resolve_target
from kaoping.core.scoring.working import CannotCompute, MetricValue, Quantity, Unusable, Working

REPORTED = "地市填报（附佐证材料）"


def score_evaluation(
    rubric: Rubric,
    settings: CampaignSettings,
    cities: Sequence[Org],
    figures: Mapping[str, Mapping[str, Decimal]],
    metrics: Mapping[str, Mapping[str, MetricValue]],
    self_scores: Mapping[str, Mapping[str, Decimal]],
    reviews: Sequence[ReviewerScore] = (),
    assessed: Collection[str] | None = None,
) -> EvaluationResult:
    """``figures``, ``metrics`` and ``self_scores`` are keyed by city code, then by base
    figure, metric or criterion key; anything missing is simply not known yet. A value that
    cannot be used makes its criteria 无法计算 and the city's total and rank None; it never
    raises, and the other cities are ranked among themselves (docs/spec.md §7.6).
    ``assessed``: the cities that submitted their self-assessment (None: all); the others
    are 未自评 and not ranked."""
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
        scored.append((city, criteria, *_totals(rubric, criteria)))
    ranked = {city.code for city, *_ in scored if assessed is None or city.code in assessed}
    shown = [numbers.display(t) for city, *_, t, _ in scored if t is not None and city.code in ranked]
    return EvaluationResult(
        rubric,
        tuple(
            CityResult(
                city,
                criteria,
                subtotals,
                total,
                _rank(total, shown) if city.code in ranked else None,
                problem,
                assessed=city.code in ranked,
            )
            for city, criteria, subtotals, total, problem in scored
        ),
    )


def _totals(
    rubric: Rubric, criteria: Sequence[CriterionResult]
) -> tuple[dict[str, Decimal | None], Decimal | None, str | None]:
    """Category subtotals, the total and why they cannot be computed (None where a
    criterion of theirs cannot be)."""
    subtotals: dict[str, Decimal | None] = {}
    for category in rubric.categories:
        mine = [c for c in criteria if c.category == category.key]
        usable = all(c.problem is None for c in mine)
        subtotals[category.key] = (
            sum((c.counted for c in mine if c.counted is not None), Decimal(0)) if usable else None
        )
    broken = next((c for c in criteria if c.problem is not None), None)
    if broken is not None:
        return subtotals, None, f"{broken.label}：{broken.problem}"
    return subtotals, sum((s for s in subtotals.values() if s is not None), Decimal(0)), None


def _rank(total: Decimal | None, shown: Sequence[Decimal]) -> int | None:
    if total is None:
        return None
    mine = numbers.display(total)
    return 1 + sum(1 for other in shown if other > mine)


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
    """What the methods read about one city (``methods.Lookup``). A value that cannot be
    used (``Unusable``, not finite, beyond its bound) raises ``CannotCompute``."""

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
        if isinstance(value, Unusable):
            raise CannotCompute(value.reason)
        numbers_in = value if isinstance(value, tuple) else (value,) if isinstance(value, Decimal) else ()
        for number in numbers_in:
            why = numbers.unusable(number, definition.max)
            if why is not None:
                raise CannotCompute(f"{definition.label}（{_how(definition, value)}）的数值{why}")
        return Quantity(key, definition.label, definition.unit, value, _how(definition, value))

    def target(self, key: str) -> Quantity:
        spec = effective_target(self.rubric.targets[key], self.settings.targets.get(key))
        for name in BASE_FIGURES:
            if spec.expr is not None and name in spec.expr:
                self.figure(name)  # raises when the formula's figure cannot be used
        try:
            target = resolve_target(spec, self.city, self.figures)
        except ArithmeticError:
            raise CannotCompute(f"目标{spec.label}超出可计算范围") from None
        why = numbers.unusable(target.value) if isinstance(target.value, Decimal) else None
        if why is not None:
            raise CannotCompute(f"目标{spec.label}的数值{why}")
        return target

    def figure(self, key: str) -> Quantity:
        if key in BASE_FIGURES:
            label, unit = BASE_FIGURES[key]
            value = self.figures.get(key)
            why = numbers.unusable(value) if value is not None else None
            if why is not None:
                raise CannotCompute(f"基础数据{label}的数值{why}")
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
    parts = tuple(_part(part, look) for part in criterion.scored_parts())
    reviews = by_place.get((look.city.code, criterion.key), [])
    problem = next((p.working.problem for p in parts if p.working.problem is not None), None)
    problem = problem or _score_problem(criterion, self_score, reviews)
    scores = [p.working.score for p in parts]
    auto = sum((s for s in scores if s is not None), Decimal(0)) if None not in scores else None
    combined = Combined(None, None, "") if problem else _combine(reviews, settings, look.city.code)
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
        auto=None if problem else auto,
        self_score=None if self_score is None or numbers.unusable(self_score) else self_score,
        reviewed=combined.reviewed,
        final=None if problem else final,
        reviews=tuple(reviews),
        review_how=combined.how,
        problem=problem,
    )
    return replace(result, explanation=explain(result))


def _part(part: Part, look: CityLookup) -> PartResult:
    method = METHODS[part.method.kind]
    try:
        working = method.score(part.method.params, part.points, look)
    except CannotCompute as exc:
        working = Working(None, f"无法计算：{exc.reason}", problem=exc.reason)
    except ArithmeticError:  # a safety net: no stored number may break the scoring
        working = Working(None, "无法计算：计算结果超出可计算范围", problem="计算结果超出可计算范围")
    return PartResult(part.key, part.label, part.points, part.method.kind, method.label, working)


def _combine(reviews: Sequence[ReviewerScore], settings: CampaignSettings, city: str) -> Combined:
    return combine(reviews, settings, tuple(settings.reviewers.get(city, ())))


def _score_problem(
    criterion: Criterion, self_score: Decimal | None, reviews: Sequence[ReviewerScore]
) -> str | None:
    """Why a stored self-score or reviewer's score cannot be counted: not a number in
    0 … the criterion's points (the checks on entry keep such scores out)."""
    given = [("自评分", self_score)] if self_score is not None else []
    given += [(f"{r.who}的评分", r.score) for r in reviews]
    for what, score in given:
        if numbers.unusable(score) is not None or not Decimal(0) <= score <= criterion.points:
            return f"{what}不在 0–{numbers.fmt(criterion.points)} 分之间"
    return None
