"""A save checks only its table, with only the tables that table's checks read: the findings
must be exactly those of a check over the whole survey."""

from __future__ import annotations

import pytest
from test_rule_catalogue import CASES, Case, survey, survey_data

from kaoping.core.instance import SurveyData
from kaoping.core.rules.engine import validate
from kaoping.core.rules.reads import tables_named, tables_read


def only(data: SurveyData, tables: frozenset[str]) -> SurveyData:
    kept = SurveyData(province=data.province, cities=data.cities, list_rows=data.list_rows)
    kept.values = {k: v for k, v in data.values.items() if k[0] in tables}
    kept.explanations = data.explanations
    return kept


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}:{c.at}:{c.note}" for c in CASES])
def test_checking_a_table_with_only_the_tables_it_reads_finds_the_same(case: Case) -> None:
    table = case.at.split("/")[0]
    data = survey_data({**case.base, **case.valid, **case.violating})
    reads = tables_read(survey(), table)
    assert reads is not None and table in reads
    assert validate(survey(), only(data, reads), tables={table}) == validate(survey(), data, tables={table})


def test_the_tables_each_table_reads_in_survey_2015() -> None:
    # Worked out from rules.yaml: 表4 and 表5 compare with 表14's figures; 表7's systems
    # must be among the province's 表6 systems; every other table reads only itself.
    expected = {"T04": {"T04", "T14"}, "T05": {"T05", "T14"}, "T07": {"T06", "T07"}}
    for table in survey().tables:
        assert tables_read(survey(), table.id) == frozenset(expected.get(table.id, {table.id}))


def test_a_table_named_by_a_non_literal_means_every_table() -> None:
    assert tables_named("cell('T14', rowkey, 'qty') + sum(values('T06', 'x'))") == {"T14", "T06"}
    assert tables_named("cell(rowkey, 'a', 'b')") is None
    assert tables_named("networked + 1") == set()
