"""Properties that hold for any data: every automatic score lies in 0 … points, totals
are the sums of their categories, ranks are competition ranks on one-decimal totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.core.orgs import Org
from kaoping.core.rubric.loader import load_rubric
from kaoping.core.rubric.model import MetricDef
from kaoping.core.scoring import numbers
from kaoping.core.scoring.score import score_evaluation
from kaoping.core.scoring.targets import CampaignSettings
from kaoping.core.scoring.working import MetricValue

RUBRIC = load_rubric(Path(__file__).resolve().parents[2] / "definitions" / "rubric-jiangsu" / "v1")
CITIES = [
    Org("320100", "南京", "city", "320000", "苏南"),
    Org("320600", "南通", "city", "320000", "苏中"),
    Org("320700", "连云港", "city", "320000", "苏北"),
    Org("329900", "新市", "city", "320000", None),  # no region group: no region target
]
numbers_ = st.decimals(min_value=0, max_value=2000, places=2, allow_nan=False, allow_infinity=False)


def metric_values(metric: MetricDef) -> st.SearchStrategy[MetricValue]:
    if metric.kind == "bool":
        return st.one_of(st.none(), st.booleans())
    if metric.kind == "list":
        return st.one_of(st.none(), st.lists(numbers_, max_size=12).map(tuple))
    return st.one_of(st.none(), numbers_)


city_metrics = st.fixed_dictionaries({k: metric_values(m) for k, m in RUBRIC.metrics.items()})
figures = st.fixed_dictionaries(
    {
        "population": st.one_of(st.none(), numbers_),
        "insured_urban": st.one_of(st.none(), numbers_),
        "counties": st.one_of(st.none(), st.integers(0, 12).map(Decimal)),
    }
)


@settings(max_examples=60, deadline=None)
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
            if criterion.auto is not None:
                assert criterion.final == criterion.auto <= criterion.points
        assert city.total == sum(city.categories.values(), Decimal(0))
        assert city.total <= 100
    shown = {c.org.code: numbers.display(c.total) for c in result.cities}
    for city in result.cities:
        assert city.rank == 1 + sum(1 for v in shown.values() if v > shown[city.org.code])
