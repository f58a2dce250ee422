"""Scoring results as the ``kaoping score --format json`` document (docs/spec.md §10.9)."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from kaoping.core.scoring import numbers
from kaoping.core.scoring.results import CityResult, CriterionResult, EvaluationResult, PartResult
from kaoping.core.scoring.working import Quantity, Unusable

Number = int | float


class QuantityJson(TypedDict):
    key: str
    label: str
    unit: str
    value: Number | list[Number | None] | bool | None  # a number, its parts (a tuple metric), yes/no
    source: str


class PartJson(TypedDict):
    key: str
    label: str
    points: Number | None
    method: str
    metric: QuantityJson | None
    target: QuantityJson | None
    formula: str
    result: float | None


class CriterionJson(TypedDict):
    key: str
    label: str
    points: Number | None
    self: float | None
    reviewed: float | None
    final: float | None
    reason: str | None  # why it cannot be computed (then final is null)
    method: str
    parts: list[PartJson]


class CityJson(TypedDict):
    org: str
    name: str
    total: float | None
    rank: int | None
    reason: str | None  # why total or rank is null: 无法计算 with its reason, or 未自评
    assessed: bool  # the city has submitted its self-assessment
    categories: dict[str, float | None]
    criteria: list[CriterionJson]


class ScoreJson(TypedDict):
    """The document's shape: one entry per city in rank order, each with its criteria."""

    published: bool
    cities: list[CityJson]


def score_json(result: EvaluationResult, published: bool) -> ScoreJson:
    """Scores rounded half up to one decimal; cities in rank order (ties: tree order; cities
    that cannot be ranked last). What cannot be computed is null with its ``reason``."""
    return {"published": published, "cities": [_city(c) for c in result.ranking()]}


def _city(city: CityResult) -> CityJson:
    return {
        "org": city.org.code,
        "name": city.org.name,
        "total": _shown(city.total),
        "rank": city.rank,
        "reason": city.unranked,
        "assessed": city.assessed,
        "categories": {key: _shown(value) for key, value in city.categories.items()},
        "criteria": [_criterion(c) for c in city.criteria],
    }


def _criterion(criterion: CriterionResult) -> CriterionJson:
    return {
        "key": criterion.key,
        "label": criterion.label,
        "points": _plain(criterion.points),
        "self": _shown(criterion.self_score),
        "reviewed": _shown(criterion.reviewed),
        "final": _shown(criterion.final),
        "reason": criterion.problem,
        "method": criterion.method,
        "parts": [_part(p) for p in criterion.parts],
    }


def _part(part: PartResult) -> PartJson:
    working = part.working
    return {
        "key": part.key,
        "label": part.label,
        "points": _plain(part.points),
        "method": part.method,
        "metric": _quantity(working.metric),
        "target": _quantity(working.target),
        "formula": working.formula,
        "result": _shown(working.score),
    }


def _quantity(quantity: Quantity | None) -> QuantityJson | None:
    if quantity is None:
        return None
    value = quantity.value
    shown: Number | list[Number | None] | bool | None
    if isinstance(value, tuple):
        shown = [_plain(v) for v in value]
    elif isinstance(value, Decimal):
        shown = _plain(numbers.half_up(value, 2))
    elif isinstance(value, Unusable):
        shown = None
    else:
        shown = value
    return {
        "key": quantity.key,
        "label": quantity.label,
        "unit": quantity.unit,
        "value": shown,
        "source": quantity.how,
    }


def _shown(value: Decimal | None) -> float | None:
    return None if value is None else float(numbers.display(value))


def _plain(value: Decimal) -> Number | None:
    if not numbers.roundable(value):
        return None
    return int(value) if value == value.to_integral_value() else float(value)
