"""Frozen dataclasses made in numbers on every save fill their fields at once (their own
``__init__``): each takes exactly the dataclass's fields, in order, with the same defaults,
and makes what the generated ``__init__`` would."""

from __future__ import annotations

import inspect
from dataclasses import MISSING, FrozenInstanceError, fields, make_dataclass
from decimal import Decimal

import pytest

from kaoping.core.definitions.model import Row
from kaoping.core.indicators.result import CityLine, IndicatorResult, InputValue
from kaoping.core.national.summary import IndicatorFacts
from kaoping.core.national.table1 import ProvinceLine

FAST = (IndicatorResult, CityLine, ProvinceLine, IndicatorFacts, InputValue, Row)


def default(field: object) -> object:
    if field.default is not MISSING:  # type: ignore[attr-defined]
        return field.default  # type: ignore[attr-defined]
    if field.default_factory is not MISSING:  # type: ignore[attr-defined]
        return "factory"
    return inspect.Parameter.empty


@pytest.mark.parametrize("cls", FAST)
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields(cls)]
    for p, f in zip(parameters, fields(cls), strict=True):
        expected = default(f)
        assert p.default == (None if expected == "factory" else expected), f.name


@pytest.mark.parametrize("cls", FAST)
def test_made_as_the_generated_init_makes_it(cls: type) -> None:
    values = {f.name: f"v{i}" for i, f in enumerate(fields(cls))}
    made = cls(**values)
    plain = make_dataclass(cls.__name__, [f.name for f in fields(cls)], frozen=True)
    assert tuple(vars(made).values()) == tuple(vars(plain(**values)).values())
    assert made == cls(**values) and hash(made) == hash(cls(**values))
    assert repr(made).startswith(f"{cls.__name__}(")
    with pytest.raises(FrozenInstanceError):
        made.x = 1  # type: ignore[attr-defined]


def test_facts_made_without_inputs_have_their_own() -> None:
    first, second = IndicatorFacts(), IndicatorFacts(Decimal(1))
    assert first.inputs == {} and first.inputs is not second.inputs


def test_rows_made_without_fixed_values_or_overrides_have_their_own() -> None:
    first, second = Row("a", "A"), Row("b", "B")
    assert first.fixed == {} == first.overrides and first.fixed is not second.fixed
    assert first.overrides is not second.overrides and first.kind == "fixed"
