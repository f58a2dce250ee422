"""Targets per evaluation campaign: the rubric's defaults, replaced where the province's
campaign says otherwise, resolved for one city (its own value, its region group's, a
formula over its base figures, or one number for all)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from kaoping.core.orgs import Org
from kaoping.core.rubric.model import BASE_FIGURES, TargetSpec
from kaoping.core.rules.base import ExprError, Skip
from kaoping.core.rules.expr import compile_expr
from kaoping.core.rules.numbers import is_number
from kaoping.core.scoring.context import NamesContext
from kaoping.core.scoring.numbers import fmt
from kaoping.core.scoring.working import Quantity

ReviewRule = Literal["average", "chief"]


@dataclass(frozen=True)
class CampaignSettings:
    """What the province sets when it opens an evaluation campaign.

    ``targets`` replace the rubric's defaults key by key: a ``by_city`` table is added to
    the default's, and a ``value``, ``by_region`` or ``expr`` replaces the default's way.
    ``review_rule``: ``average`` — the mean of the assigned reviewers, decided once all
    have scored; ``chief`` — the ``chief`` reviewer's score decides.
    ``reviewers``: city code → the reviewers assigned to it (empty: whoever scored).
    """

    targets: Mapping[str, TargetSpec] = field(default_factory=dict)
    review_rule: ReviewRule = "average"
    chief: str | None = None
    reviewers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def effective_target(default: TargetSpec, override: TargetSpec | None) -> TargetSpec:
    if override is None:
        return default
    by_city = {**default.by_city, **override.by_city}
    if override.value is None and not override.by_region and override.expr is None:
        return replace(default, by_city=by_city)
    return replace(
        default,
        value=override.value,
        by_region=dict(override.by_region),
        expr=override.expr,
        note=override.note if override.expr is not None else None,
        by_city=by_city,
    )


def resolve_target(spec: TargetSpec, city: Org, figures: Mapping[str, Decimal]) -> Quantity:
    """The target's value for ``city``; ``how`` says how it was set, with the numbers."""

    def quantity(value: Decimal | None, how: str) -> Quantity:
        return Quantity(spec.key, spec.label, spec.unit, value, how)

    if city.code in spec.by_city:
        return quantity(spec.by_city[city.code], f"省厅为{city.name}设定的目标")
    if spec.by_region:
        region = city.region or "未分组"
        if region in spec.by_region:
            levels = "，".join(f"{r} ≥ {fmt(v)}" for r, v in spec.by_region.items())
            return quantity(spec.by_region[region], f"按地区分组：{city.name}属{region}（{levels}）")
        return quantity(None, f"未为{region}设定目标")
    if spec.expr is not None:
        return _computed(spec, figures, quantity)
    if spec.value is not None:
        return quantity(spec.value, "省厅统一目标")
    return quantity(None, "目标未设定")


def _computed(
    spec: TargetSpec, figures: Mapping[str, Decimal], quantity: Callable[[Decimal | None, str], Quantity]
) -> Quantity:
    assert spec.expr is not None
    try:
        value = compile_expr(spec.expr).evaluate(NamesContext(dict(figures)))
    except (ExprError, Skip):
        value = None
    words = spec.note or spec.expr
    if not is_number(value):
        absent = [BASE_FIGURES[n][0] for n in BASE_FIGURES if n in spec.expr and figures.get(n) is None]
        reason = f"缺少基础数据：{'、'.join(absent)}" if absent else "无法计算"
        return quantity(None, f"{words}；{reason}")
    assert isinstance(value, int | Decimal)
    return quantity(Decimal(value), f"{words}：{arithmetic(spec.expr, figures)} = {fmt(value)}")


def arithmetic(expr: str, names: Mapping[str, Decimal]) -> str:
    """A formula with its numbers: ``insured_urban * 3`` → ``120 × 3``."""
    text = re.sub(r"[A-Za-z_]\w*", lambda m: fmt(names[m[0]]) if m[0] in names else m[0], expr)
    return text.replace("*", "×").replace("/", "÷")
