"""The national 表1: every indicator over the included provinces (docs/spec.md §11.4, §11.5).

Beside each indicator and date:

- **derived** — for ``national: inputs``, every formula input added up over the provinces
  that can count (their own result complete and every needed input known; the 地市 counted as
  ``summary.national_input`` says), then the formula; for ``national: provinces`` (a 省级 row),
  the share of those provinces whose own derived value is 100. Underived (不可推算) where the
  definition has no formula for the date.
- **reported** — the same aggregate over what provinces reported in their 表1: ``sum`` for an
  absolute; for a share ``weighted`` by each province's denominator where every one is known,
  else the ``mean`` (unweighted, labelled so); ``provinces`` for a 省级 row.
- **met** — the nation judged against the target (derived where there is one, else reported),
  only when every expected province is included and counted; otherwise 数据不全.
- **provinces** — each province's own value (derived, else reported), its judgement where the
  target's scope is ``province``, and for a national absolute its share of the target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.model import Formula, Indicator, NationalRule, Scope, Target
from kaoping.core.instance import Value
from kaoping.core.national.coverage import Coverage, Province
from kaoping.core.national.summary import IndicatorFacts, ProvinceSummary
from kaoping.core.rules.base import EvalError, RowRef, Skip
from kaoping.core.rules.expr import compile_cached
from kaoping.core.rules.numbers import half_up, is_number

HUNDRED = Decimal(100)
REPORTED_HOW = {
    "sum": "各省填报值之和",
    "weighted": "按各省分母加权",
    "mean": "各省填报值的算术平均（未加权）",
    "provinces": "填报 100 的省级单位占比",
}


@dataclass(frozen=True, init=False)
class ProvinceLine:
    province: Province
    value: Decimal | None  # derived where there is one, else reported
    derived: Decimal | None
    reported: Decimal | None
    complete: bool
    met: bool | None  # None for a national-scope target (never judged on one province)
    target_share: Decimal | None  # a national absolute: the province's value as a % of the target

    def __init__(
        self,
        province: Province,
        value: Decimal | None,
        derived: Decimal | None,
        reported: Decimal | None,
        complete: bool,
        met: bool | None,
        target_share: Decimal | None,
    ) -> None:
        """The fields set at once, not each through ``object.__setattr__`` as a frozen dataclass's
        own ``__init__`` does (twice the time: a line per province, indicator and date)."""
        self.__dict__.update(
            province=province, value=value, derived=derived, reported=reported,
            complete=complete, met=met, target_share=target_share,
        )  # fmt: skip


@dataclass(frozen=True)
class NationalIndicator:
    indicator: str
    number: str
    label: str
    unit: str
    target: Target
    attribute: str
    scope: Scope
    date: str
    derivable: bool
    derived: Decimal | None
    inputs: tuple[tuple[str, str, Decimal | None], ...]  # (key, label, national sum)
    counted: tuple[str, ...]  # provinces the derived value is over
    not_counted: tuple[Province, ...]  # included but incomplete or blank for this indicator
    reported: Decimal | None
    reported_how: str | None  # a key of REPORTED_HOW
    reported_count: int  # provinces with a reported value
    provinces: tuple[ProvinceLine, ...]
    coverage: Coverage

    @property
    def complete(self) -> bool:
        return self.coverage.complete and not self.not_counted

    @property
    def differs(self) -> bool:
        if self.derived is None or self.reported is None:
            return False
        return _round(self.derived, 2) != _round(self.reported, 2)

    @property
    def met(self) -> bool | None:
        value = self.derived if self.derivable else self.reported
        if value is None or not self.coverage.complete or (self.derivable and self.not_counted):
            return None
        return self.target.met(value)

    @property
    def binding(self) -> bool:
        return self.attribute == "约束性"

    @property
    def reported_how_label(self) -> str:
        return REPORTED_HOW.get(self.reported_how or "", "")

    def as_json(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "label": self.label,
            "target": {"op": self.target.op.value, "value": _plain(self.target.value)},
            "attribute": self.attribute,
            "scope": self.scope.value,
            "date": self.date,
            "derivable": self.derivable,
            "derived": _plain(self.derived),
            "inputs": [{"key": k, "label": label, "value": _plain(v)} for k, label, v in self.inputs],
            "reported": _plain(self.reported),
            "reported_how": self.reported_how,
            "differs": self.differs,
            "met": self.met,
            "complete": self.complete,
            "provinces_counted": len(self.counted),
            "not_counted": [{"org": p.code, "name": p.name} for p in self.not_counted],
            **self.coverage.as_json(),
            "provinces": [_line_json(line) for line in self.provinces],
        }


def _line_json(line: ProvinceLine) -> dict[str, object]:
    return {
        "org": line.province.code,
        "name": line.province.name,
        "value": _plain(line.value),
        "derived": _plain(line.derived),
        "reported": _plain(line.reported),
        "complete": line.complete,
        "met": line.met,
        "target_share": _plain(line.target_share),
    }


def national_indicators(
    survey: Survey, summaries: Sequence[ProvinceSummary], coverage: Coverage
) -> list[NationalIndicator]:
    """Every 表1 indicator at every date over the included provinces, in 表1's order."""
    spec = survey.indicators
    if spec is None:
        return []
    provinces = tuple(Province(s.code, s.name) for s in summaries)  # made once, not per indicator
    return [
        national_indicator(i, d, summaries, coverage, provinces) for i in spec.indicators for d in spec.dates
    ]


def national_indicator(
    indicator: Indicator,
    date: str,
    summaries: Sequence[ProvinceSummary],
    coverage: Coverage,
    provinces: Sequence[Province] | None = None,
) -> NationalIndicator:
    """One indicator at one date (``provinces``: the summaries' provinces, when already made)."""
    formula = indicator.formula_for(date)
    facts = [s.facts(indicator.key, date) for s in summaries]  # each province's, looked up once
    provinces = provinces or [Province(s.code, s.name) for s in summaries]
    lines = tuple(_line(indicator, f, p) for f, p in zip(facts, provinces, strict=True))
    pairs = list(zip(summaries, facts, strict=True))
    if indicator.national is NationalRule.PROVINCES:
        counted = [(s, f) for s, f in pairs if f.derived is not None]
        derived = _share_of_100([f.derived for _s, f in counted]) if formula else None
        inputs: tuple[tuple[str, str, Decimal | None], ...] = ()
        reported, how = _share_of_100([f.reported for f in facts]), "provinces"
    else:
        needed = [i.key for i in formula.inputs if not i.optional] if formula else []
        counted = [(s, f) for s, f in pairs if formula and _countable(needed, f)]
        inputs = _summed_inputs(formula, [f for _s, f in counted]) if formula else ()
        derived = _derive(formula, inputs) if formula and counted else None
        reported, how = _reported(indicator, formula, facts)
    names = {s.code for s, _f in counted}
    not_counted = tuple(line.province for line in lines if line.province.code not in names) if formula else ()
    return NationalIndicator(
        indicator=indicator.key,
        number=indicator.number,
        label=indicator.full_label,
        unit=indicator.unit,
        target=indicator.target,
        attribute=indicator.attribute,
        scope=indicator.scope,
        date=date,
        derivable=formula is not None,
        derived=None if derived is None else _round(derived, indicator.decimals),
        inputs=inputs,
        counted=tuple(s.code for s, _f in counted),
        not_counted=not_counted,
        reported=None if reported is None else _round(reported, indicator.decimals),
        reported_how=how if reported is not None else None,
        reported_count=sum(1 for line in lines if line.reported is not None),
        provinces=lines,
        coverage=coverage,
    )


def _line(indicator: Indicator, facts: IndicatorFacts, province: Province) -> ProvinceLine:
    met = None if indicator.scope is Scope.NATIONAL else facts.met
    return ProvinceLine(
        province,
        facts.value,
        facts.derived,
        facts.reported,
        facts.complete,
        met,
        facts.target_share,
    )


def _countable(needed: list[str], facts: IndicatorFacts) -> bool:
    """A province counts when its own result is complete and every ``needed`` input (the
    formula's not optional ones) is known."""
    return facts.complete and all(facts.inputs.get(k) is not None for k in needed)


def _summed_inputs(
    formula: Formula, counted: Sequence[IndicatorFacts]
) -> tuple[tuple[str, str, Decimal | None], ...]:
    out = []
    for spec in formula.inputs:
        found = [f.inputs.get(spec.key) for f in counted]
        numbers = [v for v in found if v is not None]
        out.append((spec.key, spec.label, sum(numbers, Decimal(0)) if numbers else None))
    return tuple(out)


def _share_of_100(values: Sequence[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    return Decimal(sum(1 for v in known if v == HUNDRED)) * HUNDRED / len(known)


def _reported(
    indicator: Indicator, formula: Formula | None, facts: Sequence[IndicatorFacts]
) -> tuple[Decimal | None, str]:
    reporting = [f for f in facts if f.reported is not None]
    if not reporting:
        return None, "sum"
    if indicator.absolute:
        return sum((f.reported for f in reporting if f.reported is not None), Decimal(0)), "sum"
    weights = [f.weight for f in reporting]
    if formula is not None and formula.denominator and all(w is not None for w in weights):
        total = sum((w for w in weights if w is not None), Decimal(0))
        if total > 0:
            pairs = [(f.reported, f.weight) for f in reporting]
            parts = (r * w for r, w in pairs if r is not None and w is not None)
            return sum(parts, Decimal(0)) / total, "weighted"
    values = [f.reported for f in reporting if f.reported is not None]
    return sum(values, Decimal(0)) / len(values), "mean"


class _Inputs:
    """The expression context of a national formula: its names are the summed inputs."""

    blank_zero = False
    rowkey = None

    def __init__(self, inputs: dict[str, Value]) -> None:
        self._inputs = inputs

    def name(self, column: str) -> Value:
        return self._inputs.get(column)

    def cell(self, table: str, row: str, column: str) -> Value:
        raise EvalError("全国汇总公式只能引用输入")

    def rows(self, table: str, section: str | None) -> list[RowRef]:
        raise EvalError("全国汇总公式只能引用输入")

    def values(self, table: str, column: str) -> list[Value]:
        raise EvalError("全国汇总公式只能引用输入")

    def filled_rows(self, table: str, section: str) -> int:
        raise EvalError("全国汇总公式只能引用输入")

    def city_count(self) -> int:
        raise EvalError("全国汇总公式只能引用输入")


def _derive(formula: Formula, inputs: tuple[tuple[str, str, Decimal | None], ...]) -> Decimal | None:
    try:
        value = compile_cached(formula.value).evaluate(_Inputs({k: v for k, _label, v in inputs}))
    except Skip:
        return None  # a blank input or a zero divisor: nothing to show
    if value is None or not is_number(value):
        return None
    assert isinstance(value, int | Decimal)
    return Decimal(value)


def _round(value: Decimal, places: int) -> Decimal:
    return half_up(value, places)


def _plain(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
