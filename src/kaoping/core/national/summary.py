"""What the nation needs of one province, computed when the province saves or submits.

``province_summary(survey, data)`` gives a ``ProvinceSummary``: the province's row in every
table's national view (``tables.province_row``) and, per 表1 indicator and date, the facts
the national 表1 adds up (docs/spec.md §11.2–11.4):

- ``derived``, ``reported``, ``complete``, ``met`` and ``target_share`` as the province sees them;
- ``inputs``: each formula input as the nation counts it. A count of 地市 (``count_cities``)
  counts only prefecture-level units (地级市, 地区, 自治州, 盟: a 省直辖县级 unit such as 仙桃 is
  not a 地市), and a municipality or 兵团 as one 地市 that counts when any of its rows meets
  the condition; an input declared ``national: cities`` is the province's 地市 count from the
  tree (1 for a municipality or 兵团), never its 表14 item 2;
- ``weight``: the formula's ``denominator`` input as counted above — the weight of the
  province's reported share in the national aggregate.

It is plain JSON (``as_json``/``from_json``) so the shell can store one per provincial
campaign and the ministry's pages read 32 of them instead of recomputing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.completeness import ownership
from kaoping.core.indicators.evaluate import IndicatorResult, compute_indicators
from kaoping.core.indicators.model import Indicator, Input, InputKind, InputNational, NationalRule
from kaoping.core.instance import CellKey, SurveyData, Value
from kaoping.core.national.needs import summary_reads
from kaoping.core.national.tables import JsonValue, province_row
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.context import Layout
from kaoping.core.rules.numbers import NUMBER_TYPES

# A province whose units are not 地市 (districts, 师) counts as one 地市 nationally (§11.2).
COUNTS_AS_ONE = frozenset({"直辖市", "兵团"})
# The prefecture-level kinds; a unit without a kind (a hand-made tree) counts as one too.
PREFECTURE_KINDS = frozenset({"地级市", "地区", "自治州", "盟"})


@dataclass(frozen=True, init=False)
class IndicatorFacts:
    derived: Decimal | None = None
    reported: Decimal | None = None
    complete: bool = True
    met: bool | None = None
    target_share: Decimal | None = None
    inputs: dict[str, Decimal | None] = field(default_factory=dict)  # as the nation counts them
    weight: Decimal | None = None

    def __init__(
        self,
        derived: Decimal | None = None,
        reported: Decimal | None = None,
        complete: bool = True,
        met: bool | None = None,
        target_share: Decimal | None = None,
        inputs: dict[str, Decimal | None] | None = None,
        weight: Decimal | None = None,
    ) -> None:
        """The fields set at once, not each through ``object.__setattr__`` as a frozen dataclass's
        own ``__init__`` does (twice the time: 38 per province on every save); ``inputs`` None: {}."""
        self.__dict__.update(
            derived=derived, reported=reported, complete=complete, met=met,
            target_share=target_share, inputs={} if inputs is None else inputs, weight=weight,
        )  # fmt: skip

    @property
    def value(self) -> Decimal | None:
        """The value the province is compared on: derived where there is one, else reported."""
        return self.derived if self.derived is not None else self.reported

    def as_json(self) -> dict[str, object]:
        return {
            "derived": _text(self.derived),
            "reported": _text(self.reported),
            "complete": self.complete,
            "met": self.met,
            "target_share": _text(self.target_share),
            "inputs": {k: _text(v) for k, v in self.inputs.items()},
            "weight": _text(self.weight),
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> IndicatorFacts:
        inputs = raw.get("inputs")
        met = raw.get("met")
        return cls(
            derived=_number(raw.get("derived")),
            reported=_number(raw.get("reported")),
            complete=raw.get("complete") is not False,
            met=met if isinstance(met, bool) else None,
            target_share=_number(raw.get("target_share")),
            inputs={str(k): _number(v) for k, v in inputs.items()} if isinstance(inputs, dict) else {},
            weight=_number(raw.get("weight")),
        )


@dataclass(frozen=True)
class ProvinceSummary:
    code: str
    name: str
    tables: dict[str, dict[str, JsonValue]]  # table → national column key → value
    indicators: dict[str, IndicatorFacts]  # "card_holders@2015-12" → facts

    def facts(self, indicator: str, date: str) -> IndicatorFacts:
        return self.indicators.get(f"{indicator}@{date}") or IndicatorFacts(complete=False)

    def as_json(self) -> dict[str, object]:
        return {
            "province": self.code,
            "name": self.name,
            "tables": self.tables,
            "indicators": {k: f.as_json() for k, f in self.indicators.items()},
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> ProvinceSummary:
        tables = raw.get("tables")
        indicators = raw.get("indicators")
        return cls(
            code=str(raw.get("province", "")),
            name=str(raw.get("name", "")),
            tables=dict(tables) if isinstance(tables, dict) else {},
            indicators={str(k): IndicatorFacts.from_json(v) for k, v in indicators.items()}
            if isinstance(indicators, dict)
            else {},
        )


def province_summary(
    survey: Survey,
    data: SurveyData,
    computed: Mapping[CellKey, Value] | None = None,
    layout: Layout | None = None,
) -> ProvinceSummary:
    """The province's national facts from its data (its totals and 表1 computed once; of the
    computed columns, only those it reads: ``needs.summary_reads``)."""
    layout = layout or Layout.build(survey, data)
    if computed is None:
        computed = computed_values(survey, data, layout, summary_reads(survey))
    merged = {**data.values, **computed}
    results = compute_indicators(survey, data, computed, layout, ownership(survey, data), merged)
    tables = {
        t.id: province_row(survey, t, data, merged, layout.tables[t.id].sections) for t in survey.tables
    }
    facts: dict[str, IndicatorFacts] = {}
    if survey.indicators is not None:
        by_key = {i.key: i for i in survey.indicators.indicators}
        for r in results:
            facts[f"{r.indicator}@{r.date}"] = _facts(by_key[r.indicator], r, data)
    return ProvinceSummary(data.province.code, data.province.name, tables, facts)


def _facts(indicator: Indicator, r: IndicatorResult, data: SurveyData) -> IndicatorFacts:
    inputs: dict[str, Decimal | None] = {}
    weight = None
    formula = indicator.formula_for(r.date)
    if formula is not None and indicator.national is NationalRule.INPUTS:
        found = {i.key: i.value for i in r.inputs}
        for spec in formula.inputs:
            inputs[spec.key] = national_input(spec, found.get(spec.key), r, data)
        weight = inputs.get(formula.denominator or "")
    return IndicatorFacts(r.derived, r.reported, r.complete, r.met, r.target_share, inputs, weight)


def counts_as_one(data: SurveyData) -> bool:
    return data.province.kind in COUNTS_AS_ONE


def prefecture_cities(data: SurveyData) -> set[str]:
    """The province's units that are 地市 nationally (all of them but 省直辖县级 units)."""
    return {c.code for c in data.cities if c.kind is None or c.kind in PREFECTURE_KINDS}


def national_input(spec: Input, value: Value, r: IndicatorResult, data: SurveyData) -> Decimal | None:
    """One formula input as the nation counts it (see the module's docstring)."""
    if spec.national is InputNational.CITIES:
        return Decimal(1) if counts_as_one(data) else Decimal(len(prefecture_cities(data)))
    if value is None or isinstance(value, bool) or not isinstance(value, NUMBER_TYPES):
        return None
    if spec.kind is not InputKind.COUNT_CITIES:
        return Decimal(value)
    counted = {c.code for c in r.cities if c.input == spec.key and c.counted}
    if counts_as_one(data):
        return Decimal(1 if counted else 0)
    return Decimal(len(counted & prefecture_cities(data)))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _number(raw: object) -> Decimal | None:
    return Decimal(raw) if isinstance(raw, str) and raw else None
