"""Benchmark: the data-quality checks (docs/spec.md §13) over a national campaign, against the
plain rule check of the same data in the same run.

Data: the 32 provincial units of the real tree with every city-level unit, filled as
bench/national_recompute.py fills them (the workbook sample at docs/spec.md §15 magnitudes), each
city with its 常住人口 base figure, and a baseline round at 85 % to 115 % of this one.

Timed (medians of seven runs, the two workloads taking turns):

- rules: ``engine.validate`` over each province's survey — every generic check and every rule
  of the catalogue, as a province's 报送进度 runs them;
- quality: for each province, its cities compared on every outlier rule, the year-end forecasts
  against June, and every change rule against the baseline (its values read once, as the shell
  keeps them); then the provinces compared on every outlier rule from their stored summaries.

Target: quality adds at most 0.5× the rule check. Run: ``make bench`` or
``.venv/bin/python bench/quality.py``.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from national_recompute import PROVINCES, interleaved, province_data  # noqa: E402

from kaoping.core.definitions.loader import load_survey  # noqa: E402
from kaoping.core.definitions.model import Survey  # noqa: E402
from kaoping.core.instance import CellKey, SurveyData, Value  # noqa: E402
from kaoping.core.national.summary import province_summary  # noqa: E402
from kaoping.core.quality.checks import (  # noqa: E402
    change_findings,
    city_outliers,
    period_findings,
    province_outliers,
)
from kaoping.core.quality.units import city_units, province_units  # noqa: E402
from kaoping.core.rules.compute import computed_values  # noqa: E402
from kaoping.core.rules.context import Layout  # noqa: E402
from kaoping.core.rules.engine import validate  # noqa: E402

TARGET = 0.5
Figures = dict[str, dict[str, Decimal]]


def figures_of(data: SurveyData, rng: random.Random) -> Figures:
    """Each city's 常住人口 (万人): its card holders at a plausible 55–75 % of residents."""
    out: Figures = {}
    for city in data.cities:
        holders = data.values.get(("T05", city.code, "holders"))
        if isinstance(holders, Decimal):
            out[city.code] = {
                "population": (holders / Decimal(str(rng.uniform(0.55, 0.75)))).quantize(Decimal("0.01"))
            }
    return out


def baseline_of(survey: Survey, data: SurveyData, rng: random.Random) -> dict[CellKey, Value]:
    """Last round: every number at 85–115 % of this round's, totals computed over it."""
    earlier = SurveyData(data.province, data.cities, list_rows=data.list_rows)
    for key, value in data.values.items():
        if isinstance(value, int) and not isinstance(value, bool):
            earlier.values[key] = int(value * rng.uniform(0.85, 1.15))
        elif isinstance(value, Decimal):
            earlier.values[key] = (value * Decimal(str(rng.uniform(0.85, 1.15)))).quantize(Decimal("0.01"))
        else:
            earlier.values[key] = value
    return {**earlier.values, **computed_values(survey, earlier)}


def quality_checks(survey: Survey, data: SurveyData, figures: Figures, baseline: dict[CellKey, Value]) -> int:
    """What the shell runs for one province (``collection.services.quality.quality_owned``)."""
    q = survey.quality
    found = city_outliers(survey, q.outliers, data, city_units(q, data, figures))
    tables = frozenset({r.table for r in q.periods} | {r.table for r in q.changes})
    merged = {**data.values, **computed_values(survey, data, Layout.build(survey, data, tables))}
    found += period_findings(survey, q.periods, data, merged)
    found += change_findings(survey, q.changes, data, merged, baseline)
    return len(found)


def main() -> None:
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    rng = random.Random(2015)
    provinces = [province_data(survey, code, name, units, pop, rng) for code, name, units, pop in PROVINCES]
    figures = [figures_of(d, rng) for d in provinces]
    baselines = [baseline_of(survey, d, rng) for d in provinces]
    summaries = [province_summary(survey, d) for d in provinces]
    rows = [(s.code, s.tables, len(d.cities)) for s, d in zip(summaries, provinces, strict=True)]
    nation_figures = {
        code: {"population": sum((f["population"] for f in fs.values()), Decimal(0))}
        for (code, _, _), fs in zip(rows, figures, strict=True)
    }
    cities = sum(len(d.cities) for d in provinces)

    def rules() -> int:
        return sum(len(validate(survey, d)) for d in provinces)

    def quality() -> int:
        n = sum(
            quality_checks(survey, d, f, b) for d, f, b in zip(provinces, figures, baselines, strict=True)
        )
        units = province_units(survey.quality, rows, nation_figures)
        return n + len(province_outliers(survey, survey.quality.outliers, units, {}))

    found_rules, found_quality = rules(), quality()  # warm: compiled expressions, caches
    (rules_ms, quality_ms), (rules_cpu, quality_cpu) = interleaved(rules, quality, 7)
    ratio = quality_cpu / rules_cpu  # CPU time: a machine shared with other work does not inflate it
    print(f"national campaign: {len(provinces)} provincial units, {cities} city-level units")
    print(f"rule check: {rules_ms:.1f} ms wall, {rules_cpu:.1f} ms CPU ({found_rules} findings)")
    print(f"outlier + change checks: {quality_ms:.1f} ms wall, {quality_cpu:.1f} ms CPU", end="")
    print(f" ({found_quality} findings)")
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    wall = quality_ms / rules_ms
    print(f"quality / rules = {ratio:.2f}× CPU, {wall:.2f}× wall (target ≤ {TARGET}×) {verdict}")


if __name__ == "__main__":
    main()
