"""The computed columns a province's summary reads (``national.needs``): only those are made."""

from __future__ import annotations

from dataclasses import replace

from indicator_helpers import SURVEY
from test_national import beijing, hubei, ningxia

from kaoping.core.definitions.model import Survey
from kaoping.core.national.needs import summary_reads
from kaoping.core.national.summary import province_summary
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.context import Layout

COVERAGE = ("T04", "coverage")


def with_input_expr(survey: Survey, expr: str) -> Survey:
    """``survey`` with its first formula's first expression input reading ``expr``."""
    assert survey.indicators is not None
    first = next(i for i in survey.indicators.indicators if i.formulas)
    formula = first.formulas[0]
    spec = next(s for s in formula.inputs if s.expr)
    inputs = tuple(replace(s, expr=expr) if s is spec else s for s in formula.inputs)
    changed = replace(first, formulas=(replace(formula, inputs=inputs), *first.formulas[1:]))
    indicators = tuple(changed if i is first else i for i in survey.indicators.indicators)
    return replace(survey, indicators=replace(survey.indicators, indicators=indicators))


def test_the_2015_summary_reads_no_computed_column() -> None:
    # 表4's coverage is no national column and no 表1 formula names it
    assert summary_reads(SURVEY) == frozenset()


def test_a_formula_naming_a_computed_column_has_it_made() -> None:
    assert summary_reads(with_input_expr(SURVEY, 'cell("T04", "total", "coverage")')) == {COVERAGE}
    looped = 'sum(r.coverage for r in rows("T04", "main"))'
    assert summary_reads(with_input_expr(SURVEY, looped)) == {COVERAGE}


def test_a_column_not_written_out_has_every_computed_column_made() -> None:
    assert summary_reads(with_input_expr(SURVEY, 'cell("T04", "total", cell("T02", "a", "b"))')) is None
    assert summary_reads(with_input_expr(SURVEY, 'sum(values("T04", c) for c in ["x"])')) is None


def test_only_the_wanted_computed_columns_are_made_and_every_total() -> None:
    data = hubei()
    data.values[("T04", "street", "unnetworked")] = 10  # 10 of 10 + 10 → 50.00
    everything = computed_values(SURVEY, data)
    assert everything[("T04", "street", "coverage")] == 50
    some = computed_values(SURVEY, data, wanted=frozenset())
    assert {k: v for k, v in everything.items() if k[::2] != COVERAGE} == some
    assert computed_values(SURVEY, data, wanted={COVERAGE}) == everything


def test_a_summary_is_the_same_as_from_every_computed_cell() -> None:
    for make in (hubei, beijing, ningxia):
        data = make()
        layout = Layout.build(SURVEY, data)
        full = province_summary(SURVEY, data, computed_values(SURVEY, data, layout), layout)
        assert province_summary(SURVEY, data).as_json() == full.as_json()


def test_a_computed_column_holding_a_reported_value_is_made() -> None:
    assert SURVEY.indicators is not None
    reported_there = replace(SURVEY.indicators, table="T04", columns=(("2015-06", "coverage"),))
    assert summary_reads(replace(SURVEY, indicators=reported_there)) == {COVERAGE}
