"""What ``compute_indicators`` gives for one 表1 row and date, and its JSON (docs/spec.md §10.8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kaoping.core.indicators.completeness import Completeness
from kaoping.core.indicators.model import Scope, Source, Target
from kaoping.core.instance import Value

NOT_DERIVABLE = "不可推算"
ALL_REPORTED = Completeness((), (), False)  # nobody owes anything: complete, 0 of 0


@dataclass(frozen=True, init=False)
class InputValue:
    key: str
    label: str
    value: Value
    source: Source

    def __init__(self, key: str, label: str, value: Value, source: Source) -> None:
        """The fields set at once (as ``IndicatorResult``'s): one per input on every save."""
        self.__dict__.update(key=key, label=label, value=value, source=source)


@dataclass(frozen=True, init=False)
class CityLine:
    """One city in a city-based indicator: did it report, does it count, with what value."""

    input: str  # the input key
    code: str
    name: str
    reported: bool
    counted: bool | None  # count_cities: the condition held; None for sum_cities
    value: Value  # sum_cities: the city's value; None for count_cities

    def __init__(
        self, input: str, code: str, name: str, reported: bool, counted: bool | None, value: Value
    ) -> None:
        """The fields set at once (as ``IndicatorResult``'s): a line per city and input on every save."""
        self.__dict__.update(
            input=input, code=code, name=name, reported=reported, counted=counted, value=value
        )


@dataclass(frozen=True, init=False)
class IndicatorResult:
    indicator: str
    number: str
    label: str  # with the sub-label: "城域网络覆盖率（%）：县级网络接入平台"
    target: Target
    attribute: str
    unit: str
    date: str  # "2015-06" | "2015-12"
    derivable: bool
    derived: Decimal | None
    formula: str | None
    inputs: tuple[InputValue, ...]
    missing: tuple[str, ...]  # labels of blank inputs when nothing could be derived
    reported: Decimal | None
    differs: bool
    met: bool | None
    binding: bool
    cities: tuple[CityLine, ...] = ()
    problem: str | None = None  # why a formula with every input gave nothing (除数为 0)
    scope: Scope = Scope.PROVINCE
    # a national-scope absolute (8 亿): the province's value as a % of the national target
    target_share: Decimal | None = None
    done: Completeness = ALL_REPORTED  # who owns the inputs, who has not filled them (§6.4)
    partial: Decimal | None = None  # while incomplete: the value over the units that reported

    def __init__(
        self,
        indicator: str,
        number: str,
        label: str,
        target: Target,
        attribute: str,
        unit: str,
        date: str,
        derivable: bool,
        derived: Decimal | None,
        formula: str | None,
        inputs: tuple[InputValue, ...],
        missing: tuple[str, ...],
        reported: Decimal | None,
        differs: bool,
        met: bool | None,
        binding: bool,
        cities: tuple[CityLine, ...] = (),
        problem: str | None = None,
        scope: Scope = Scope.PROVINCE,
        target_share: Decimal | None = None,
        done: Completeness = ALL_REPORTED,
        partial: Decimal | None = None,
    ) -> None:
        """The generated ``__init__``'s, the fields set at once: frozen, it would set each through
        ``object.__setattr__`` — twice the time, 38 results per province on every save."""
        self.__dict__.update(
            indicator=indicator, number=number, label=label, target=target, attribute=attribute,
            unit=unit, date=date, derivable=derivable, derived=derived, formula=formula,
            inputs=inputs, missing=missing, reported=reported, differs=differs, met=met,
            binding=binding, cities=cities, problem=problem, scope=scope,
            target_share=target_share, done=done, partial=partial,
        )  # fmt: skip

    @property
    def complete(self) -> bool:
        return self.done.complete

    @property
    def severity(self) -> str | None:
        """An unmet 约束性 target is a failure (error), an unmet 预期性 one a warning."""
        if self.met is not False:
            return None
        return "error" if self.binding else "warning"

    @property
    def derived_display(self) -> str:
        if not self.derivable:
            return NOT_DERIVABLE
        return "" if self.derived is None else str(self.derived)

    def as_json(self) -> dict[str, object]:
        """The object of ``kaoping indicators --format json`` (docs/spec.md §10.8)."""
        return {
            "indicator": self.indicator,
            "label": self.label,
            "target": {"op": self.target.op.value, "value": _number(self.target.value)},
            "attribute": self.attribute,
            "date": self.date,
            "derivable": self.derivable,
            "derived": _number(self.derived),
            "missing": list(self.missing),
            "reported": _number(self.reported),
            "differs": self.differs,
            "met": self.met,
            "scope": self.scope.value,
            "target_share": _number(self.target_share),
            "complete": self.complete,
            "units_reported": self.done.units_reported,
            "units_expected": self.done.units_expected,
            "partial": _number(self.partial),
        }

    def as_detail_json(self) -> dict[str, object]:
        """The object of docs/spec.md §10.8 with what a page shows beside it: formula, inputs, cities."""
        return {
            **self.as_json(),
            "number": self.number,
            "unit": self.unit,
            "formula": self.formula,
            "problem": self.problem,
            "severity": self.severity,
            "missing_units": [{"org": u.code, "name": u.name} for u in self.done.missing],
            "inputs": [
                {
                    "key": i.key,
                    "label": i.label,
                    "value": _plain(i.value),
                    "source": {"table": i.source.table, "row": i.source.row, "column": i.source.column},
                }
                for i in self.inputs
            ],
            "cities": [
                {
                    "input": c.input,
                    "org": c.code,
                    "name": c.name,
                    "reported": c.reported,
                    "counted": c.counted,
                    "value": _plain(c.value),
                }
                for c in self.cities
            ],
        }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _plain(value: Value) -> object:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
