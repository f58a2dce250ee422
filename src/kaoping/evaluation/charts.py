"""Chart data for the results pages (ECharts reads it from a JSON script element)."""

from __future__ import annotations

from decimal import Decimal

from kaoping.core.scoring.numbers import display
from kaoping.core.scoring.results import EvaluationResult


def _exact(value: Decimal | None) -> Decimal:
    assert value is not None  # only ranked cities are charted: their totals can be computed
    return value


def _num(value: Decimal | None) -> float:
    return float(display(_exact(value)))


def chart_data(result: EvaluationResult, only: str | None = None) -> dict[str, object]:
    """``ranking``: totals best first; ``radar``: each city's six category subtotals against
    the category points; ``distribution``: per city (named, for the chart's labels and
    legend) each category's subtotal as a share of its points (so categories of different
    size compare). Only ranked cities are charted: 无法计算 and 未自评 leave a city out."""
    categories = result.rubric.categories
    ranking = [c for c in result.ranking() if c.rank is not None]
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
            "cities": [
                {
                    "name": c.org.name,
                    "values": [
                        float(round(_exact(c.categories[k.key]) / k.points * 100, 1)) for k in categories
                    ],
                }
                for c in ranking
            ],
        },
    }
