"""Chart data for the results pages (ECharts reads it from a JSON script element)."""

from __future__ import annotations

from decimal import Decimal

from kaoping.core.scoring.numbers import display
from kaoping.core.scoring.results import EvaluationResult


def _exact(value: Decimal | None) -> Decimal:
    assert value is not None  # only cities whose totals can be computed are charted
    return value


def _num(value: Decimal | None) -> float:
    return float(display(_exact(value)))


def chart_data(result: EvaluationResult, only: str | None = None) -> dict[str, object]:
    """``ranking``: totals best first; ``radar``: each city's six category subtotals against
    the category points; ``distribution``: each category's subtotals across cities as a
    share of its points (so categories of different size compare). A total or subtotal
    that cannot be computed (无法计算) leaves its city out of the charts."""
    categories = result.rubric.categories
    ranking = [c for c in result.ranking() if c.total is not None]
    radar_cities = [c for c in ranking if only is None or c.org.code == only]
    return {
        "ranking": {
            "cities": [c.org.name for c in ranking],
            "totals": [_num(c.total) for c in ranking],
            "highlight": only,
            "codes": [c.org.code for c in ranking],
        },
        "radar": {
            "indicators": [{"name": c.label, "max": float(c.points)} for c in categories],
            "series": [
                {"name": c.org.name, "value": [_num(c.categories[cat.key]) for cat in categories]}
                for c in radar_cities
            ],
        },
        "distribution": {
            "categories": [c.label for c in categories],
            "points": [
                [i, float(round(_exact(c.categories[cat.key]) / cat.points * 100, 1)), c.org.name]
                for i, cat in enumerate(categories)
                for c in ranking
            ],
        },
    }
