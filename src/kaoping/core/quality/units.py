"""The units compared by the outlier rules, built from what the shell reads.

- the cities of a province: their rows of the province's survey (stored values), with the
  base figures the province entered for each (``figures``: org code → key → value);
- the provinces of the nation: each province's row of the national view (``ProvinceSummary
  .tables``: its 合计 or its form answer, as decimal text), with its base figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from kaoping.core.instance import SurveyData, Value
from kaoping.core.quality.model import Per, QualitySet
from kaoping.core.quality.peers import Unit

Figures = Mapping[str, Mapping[str, Decimal]]  # org code → base figure key → value


def _columns(quality: QualitySet) -> set[tuple[str, str, str]]:
    """(table, section, column) of every column an outlier rule reads."""
    out = set()
    for rule in quality.outliers:
        for column in (rule.column, *rule.share_of):
            out.add((rule.table, rule.section, column))
    return out


def city_units(quality: QualitySet, data: SurveyData, figures: Figures) -> list[Unit]:
    """Each city of ``data`` with the values the rules read from its own rows."""
    wanted = _columns(quality)
    units = []
    for city in data.cities:
        values = {(t, c): data.values.get((t, city.code, c)) for t, _, c in wanted}
        own = {**figures.get(city.code, {}), Per.CITIES.value: Decimal(1)}
        units.append(Unit(city.code, values, own))
    return units


def province_units(
    quality: QualitySet, rows: Iterable[tuple[str, Mapping[str, Mapping[str, object]], int]], figures: Figures
) -> list[Unit]:
    """Each province from (code, its national-view tables, its number of city-level units)."""
    wanted = _columns(quality)
    units = []
    for code, tables, cities in rows:
        values: dict[tuple[str, str], Value] = {}
        for table, section, column in wanted:
            values[(table, column)] = _decimal(tables.get(table, {}).get(f"{section}.{column}"))
        own = {**figures.get(code, {}), Per.CITIES.value: Decimal(cities)}
        units.append(Unit(code, values, own))
    return units


def _decimal(raw: object) -> Decimal | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None
