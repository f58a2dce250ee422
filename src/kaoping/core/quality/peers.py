"""Peer outliers: a unit's normalised value far from the other units' (docs/spec.md §13).

A ``Unit`` is one city of a province (its row of the province's survey) or one province of
the nation (its 合计 or form answer, as the national view holds it), with its base figures.
``outliers`` judges one rule over one group: the units with a value and, where the rule
divides, a denominator above 0 (a blank base figure leaves the unit out, never flags it);
fewer than ``min_group`` such units judge nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kaoping.core.instance import Value
from kaoping.core.quality.model import Level, OutlierRule
from kaoping.core.quality.robust import Centre, centre


@dataclass(frozen=True)
class Unit:
    code: str  # the organisation
    values: Mapping[tuple[str, str], Value]  # (table, column) → the unit's value
    figures: Mapping[str, Decimal] = field(default_factory=dict)  # base figures by key


@dataclass(frozen=True)
class Hit:
    rule: OutlierRule
    level: Level
    unit: str
    value: Decimal  # normalised, as compared
    centre: Centre


def _number(value: Value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)


def measure(rule: OutlierRule, unit: Unit) -> Decimal | None:
    """The unit's value as compared: divided by its base figure or share total, scaled."""
    value = _number(unit.values.get((rule.table, rule.column)))
    if value is None:
        return None
    if rule.share_of:
        parts = [_number(unit.values.get((rule.table, c))) for c in rule.share_of]
        if any(p is None for p in parts):
            return None
        denominator: Decimal | None = sum((p for p in parts if p is not None), Decimal(0))
    elif rule.per is not None:
        denominator = unit.figures.get(rule.per.value)
    else:
        denominator = Decimal(1)
    if denominator is None or denominator <= 0:
        return None
    return value * rule.scale / denominator


def outliers(rule: OutlierRule, units: Sequence[Unit], level: Level) -> list[Hit]:
    """The units of the group whose value lies beyond ``threshold`` spreads of the median."""
    if level not in rule.levels:
        return []
    measured = [(u.code, m) for u in units if (m := measure(rule, u)) is not None]
    if len(measured) < rule.min_group:
        return []
    found = centre([m for _, m in measured], rule.floor, rule.floor_ratio)
    hits = []
    for code, value in measured:
        distance = found.distance(value)
        if distance is not None and distance > rule.threshold:
            hits.append(Hit(rule, level, code, value, found))
    return hits
