"""Properties that hold for any data: every automatic score lies in 0 … points, totals
are the sums of their categories, ranks are competition ranks on one-decimal totals. Values
that cannot be used (beyond a metric's bound, 30 digits, 1e999999999, NaN, ±Infinity,
unreadable stored text) never raise: their criteria, category subtotals and the city's total
and rank are 无法计算 (None with a reason), and the other cities are ranked among themselves
(docs/spec.md §7.6)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.core.orgs import Org
from kaoping.core.rubric.loader import load_rubric
from kaoping.core.rubric.model import MetricDef
from kaoping.core.scoring import numbers
from kaoping.core.scoring.export import score_json
from kaoping.core.scoring.score import score_evaluation
from kaoping.core.scoring.targets import CampaignSettings
from kaoping.core.scoring.working import MetricValue, Unusable

RUBRIC = load_rubric(Path(__file__).resolve().parents[2] / "definitions" / "rubric-jiangsu" / "v1")
CITIES = [
    Org("320100", "南京", "city", "320000", "苏南"),
    Org("320600", "南通", "city", "320000", "苏中"),
    Org("320700", "连云港", "city", "320000", "苏北"),
    Org("329900", "新市", "city", "320000", None),  # no region group: no region target
]
HOSTILE = [
    Decimal("1" * 30),
    Decimal("1e999999999"),
    Decimal("-1e999999999"),
    Decimal("NaN"),
    Decimal("Infinity"),
]


def plain(top: Decimal = Decimal(2000)) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=min(top, Decimal(2000)), places=2, allow_nan=False)


def numbers_(top: Decimal = Decimal(2000)) -> st.SearchStrategy[Decimal]:
    """Mostly usable numbers; now and then one that is not (beyond ``top``, or HOSTILE)."""
    bad = st.sampled_from([*HOSTILE, top + Decimal("0.01")])
    return st.one_of(*[plain(top)] * 12, bad)


def metric_values(metric: MetricDef) -> st.SearchStrategy[MetricValue]:
    if metric.kind == "bool":
        return st.one_of(st.none(), st.booleans())
    if metric.kind == "list":
        return st.one_of(st.none(), st.lists(numbers_(metric.max), max_size=12).map(tuple))
    unreadable = st.just(Unusable("地市填报的数值无法使用"))
    return st.one_of(*[st.none(), numbers_(metric.max)] * 12, unreadable)


city_metrics = st.fixed_dictionaries({k: metric_values(m) for k, m in RUBRIC.metrics.items()})
figures = st.fixed_dictionaries(
    {
        "population": st.one_of(st.none(), numbers_()),
        "insured_urban": st.one_of(st.none(), numbers_()),
        "counties": st.one_of(st.none(), st.integers(0, 12).map(Decimal)),
    }
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(city_metrics, figures), min_size=len(CITIES), max_size=len(CITIES)))
def test_scores_totals_and_ranks_hold_for_any_data(data: list[tuple[dict[str, MetricValue], dict]]) -> None:
    metrics = {c.code: m for c, (m, _) in zip(CITIES, data, strict=True)}
    figs = {
        c.code: {k: v for k, v in f.items() if v is not None} for c, (_, f) in zip(CITIES, data, strict=True)
    }
    result = score_evaluation(RUBRIC, CampaignSettings(), CITIES, figs, metrics, {})
    for city in result.cities:
        for criterion in city.criteria:
            for part in criterion.parts:
                score = part.working.score
                assert score is None or Decimal(0) <= score <= part.points, (criterion.key, score)
            if criterion.problem is not None:
                assert criterion.final is None and criterion.counted is None
                assert "无法计算" in criterion.explanation
            elif criterion.auto is not None:
                assert criterion.final == criterion.auto <= criterion.points
        broken = {c.category for c in city.criteria if c.problem is not None}
        assert {k for k, v in city.categories.items() if v is None} == broken
        if broken:
            assert city.total is None and city.rank is None and city.problem
            continue
        assert city.total == sum(city.categories.values(), Decimal(0))
        assert city.total <= 100
    shown = {c.org.code: numbers.display(c.total) for c in result.cities if c.total is not None}
    for city in result.cities:
        if city.total is not None:
            assert city.rank == 1 + sum(1 for v in shown.values() if v > shown[city.org.code])
    document = score_json(result, published=True)
    json.dumps(document, allow_nan=False)  # what the API sends: finite numbers or null
    for entry in document["cities"]:  # type: ignore[union-attr]
        assert (entry["total"] is None) == (entry["rank"] is None) == (entry["reason"] is not None)
