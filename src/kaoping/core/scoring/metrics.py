"""Metrics per city: taken from the linked survey campaign where the rubric maps them to
its cells, otherwise reported by the city in the evaluation (with evidence).

``extract_metrics`` evaluates each survey metric's expression once per city, with
``city`` bound to the city's GB/T 2260 code (``cell("T13", city, "use_ops") / 4.5``).
``parse_reported`` turns what a city typed into a metric value, or says why it cannot;
``read_reported`` reads a stored text the same way, a text that cannot be used becoming
``Unusable`` with the reason (its criteria are then 无法计算, docs/spec.md §7.6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from kaoping.core.definitions.model import Survey
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org
from kaoping.core.rubric.checks import CITY
from kaoping.core.rubric.model import MetricDef, Rubric
from kaoping.core.rules.base import Skip
from kaoping.core.rules.context import DataContext, Layout
from kaoping.core.rules.expr import compile_expr
from kaoping.core.rules.numbers import is_number
from kaoping.core.scoring.context import CellsOnly, NamesContext
from kaoping.core.scoring.numbers import fmt
from kaoping.core.scoring.working import MetricValue, Unusable

_PLAIN = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
CityMetrics = dict[str, dict[str, MetricValue]]  # city code → metric key → value


def extract_metrics(
    rubric: Rubric, data: SurveyData, survey: Survey | None = None, cities: Iterable[Org] | None = None
) -> CityMetrics:
    """Every survey metric of ``rubric`` for each city (default: the survey's cities).

    A blank cell, or a calculation that cannot be made (a division by 0), gives None: the
    criterion is then not scored automatically. With ``survey``, expressions may also use
    ``rows``/``values``; without it they read single cells.
    """
    table_data = DataContext(Layout.build(survey, data), data.values, len(data.cities)) if survey else None
    compiled = {k: compile_expr(m.survey) for k, m in rubric.metrics.items() if m.survey is not None}
    out: CityMetrics = {}
    for city in data.cities if cities is None else cities:
        context = NamesContext({CITY: city.code}, table_data or CellsOnly(data))
        values: dict[str, MetricValue] = {}
        for key, expression in compiled.items():
            try:
                values[key] = as_metric(rubric.metrics[key], expression.evaluate(context))
            except Skip:
                values[key] = None
            except ArithmeticError:  # a stored number too large to calculate with
                values[key] = Unusable(f"{rubric.metrics[key].label}：调查数据超出可计算范围")
        out[city.code] = values
    return out


def merge_metrics(*sources: Mapping[str, Mapping[str, MetricValue]]) -> CityMetrics:
    """Survey metrics and reported ones together; a later source wins for the same key."""
    out: CityMetrics = {}
    for source in sources:
        for city, values in source.items():
            out.setdefault(city, {}).update(values)
    return out


def as_metric(metric: MetricDef, raw: object) -> MetricValue:
    """A survey value as the metric's kind; anything else is None (not usable)."""
    if raw is None:
        return None
    if metric.kind == "bool":
        return raw if isinstance(raw, bool) else None
    if metric.kind == "list":
        if isinstance(raw, list | tuple) and all(is_number(v) for v in raw):
            return tuple(Decimal(str(v)) for v in raw)
        return None
    return Decimal(raw) if isinstance(raw, int | Decimal) and not isinstance(raw, bool) else None


def parse_reported(metric: MetricDef, text: str) -> MetricValue:
    """What a city typed for a reported metric. Raises ``ValueError`` with a Chinese message.

    Numbers: ``95.5``, from 0 to the metric's ``max``; yes/no: 是/否; a list: numbers
    separated by commas or 、, each from 0 to ``max``.
    """
    text = text.strip()
    if not text:
        return None
    if metric.kind == "bool":
        if text in ("是", "否"):
            return text == "是"
        raise ValueError(f"{metric.label}：请填“是”或“否”")
    if metric.kind == "list":
        parts = [p for p in text.replace("、", ",").replace("，", ",").split(",") if p.strip()]
        return tuple(_number(metric, p) for p in parts)
    return _number(metric, text)


def _number(metric: MetricDef, text: str) -> Decimal:
    """Plain digits with at most one decimal point (no exponent, separator or NaN)."""
    text = text.strip()
    if not _PLAIN.fullmatch(text):
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise ValueError(f"{metric.label}：“{shown}”不是数值（请填写如 95.5 的数字）")
    value = Decimal(text)
    if value < 0:
        raise ValueError(f"{metric.label}：应为不小于 0 的数值")
    if value > metric.max:
        unit = f" {metric.unit}" if metric.unit else ""
        raise ValueError(f"{metric.label}：应在 0–{fmt(metric.max)}{unit} 之间，所填数值超出上限")
    return value


def read_reported(metric: MetricDef, text: str) -> MetricValue:
    """A stored reported text as ``parse_reported`` reads it; one it refuses (a value stored
    before the bound, or written around the checks) is ``Unusable`` with the reason."""
    try:
        return parse_reported(metric, text)
    except ValueError as exc:
        return Unusable(f"地市填报的{exc}")
