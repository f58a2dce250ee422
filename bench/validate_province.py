"""Benchmark: validating a whole province's survey (every rule over 13 cities' rows).

The baseline, measured in the same run, is the same data merely copied value by value into
a fresh ``SurveyData`` (the least any check must touch); the ratio says how many such copies
one validation costs. A save checks only the tables it reads, so this is the worst case: the
pre-submission check of a whole province. Typically a few milliseconds.

Run: ``.venv/bin/python bench/validate_province.py`` (or ``make bench``).
"""

from __future__ import annotations

import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kaoping.core.definitions.loader import load_survey  # noqa: E402
from kaoping.core.instance import SurveyData  # noqa: E402
from kaoping.core.orgs import load_tree  # noqa: E402
from kaoping.core.rules.engine import validate  # noqa: E402

RUNS = 30


def province_data() -> SurveyData:
    tree = load_tree(ROOT / "definitions" / "orgs")
    data = SurveyData(province=tree.get("320000"), cities=tree.cities("320000"))
    for i, city in enumerate(data.cities):
        parts = (("answered", 85582), ("voice", 154917), ("abandoned", 23352))
        for col, value in (("calls", 263851 + i), *parts):
            data.values[("T09", city.code, col)] = value
        for col in ("holders", "urban_worker", "urban_resident", "rural", "financial"):
            data.values[("T05", city.code, col)] = Decimal("100.00")
        for col in ("funds", "fin_public", "use_build"):
            data.values[("T13", city.code, col)] = Decimal("1000.00")
        for col in ("deployed", "src_province", "type_kiosk", "place_hall"):
            data.values[("T10", city.code, col)] = 120
    return data


def median_ms(action: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    data = province_data()
    validate(survey, data)  # compiles the rules once, as a server does

    def copy() -> None:
        fresh = SurveyData(province=data.province, cities=data.cities)
        for key, value in data.values.items():
            fresh.values[key] = value

    validation = median_ms(lambda: validate(survey, data))
    baseline = median_ms(copy)
    print(f"whole-province validation: {validation:.2f} ms (median of {RUNS})")
    print(f"baseline, copying its {len(data.values)} values: {baseline:.3f} ms")
    print(f"ratio validation / copy: {validation / baseline:.0f}×")


if __name__ == "__main__":
    main()
