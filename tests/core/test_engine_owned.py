"""Checking only some organisations' rows (a city's workbook) gives exactly the findings that
checking every row and keeping theirs gives: on the real survey, with errors in every unit."""

from __future__ import annotations

from collections import Counter

import pytest
from workbook_helpers import CITIES, PROVINCE, SURVEY, sample

from kaoping.core.definitions.model import Row
from kaoping.core.instance import SurveyData
from kaoping.core.rules.context import TableLayout
from kaoping.core.rules.engine import validate, validate_owned

ORGS = [PROVINCE.code, *(c.code for c in CITIES)]


def faulty() -> SurveyData:
    """The sample survey with every third whole number doubled plus one and every seventh cell
    blanked: sums, balances and required cells break in every unit's rows."""
    data = sample()
    for n, key in enumerate(sorted(data.values)):
        value = data.values[key]
        if n % 7 == 0:
            data.values.pop(key)
        elif n % 3 == 0 and isinstance(value, int) and not isinstance(value, bool):
            data.values[key] = value * 2 + 1
    return data


def test_each_units_findings_are_those_of_the_whole_check() -> None:
    data = faulty()
    everything = validate_owned(SURVEY, data)
    for org in ORGS:
        mine = [f for owner, f in everything if owner == org]
        assert validate(SURVEY, data, orgs={org}) == mine
        assert validate_owned(SURVEY, data, orgs={org}) == [(org, f) for f in mine]
    owners = {owner for owner, _ in everything}
    assert len(owners) >= 10  # findings in most units' rows: the comparison means something


def test_some_tables_of_one_unit_as_a_workbook_import_checks_them() -> None:
    data, tables = faulty(), {"T03", "T09", "T11", "T13"}
    nanjing = CITIES[0].code
    mine = [f for owner, f in validate_owned(SURVEY, data, tables=tables) if owner == nanjing]
    assert mine  # Nanjing's rows hold errors
    assert validate(SURVEY, data, tables=tables, orgs={nanjing}) == mine


def test_a_pass_lists_each_sections_rows_once_for_all_its_row_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[tuple[str, str | None]] = Counter()
    listed = TableLayout.data_rows

    def counted(self: TableLayout, section: str | None = None) -> list[Row]:
        calls[(self.table.id, section)] += 1
        return listed(self, section)

    monkeypatch.setattr(TableLayout, "data_rows", counted)
    data, nanjing = faulty(), CITIES[0].code
    assert validate_owned(SURVEY, data, orgs={nanjing})  # the sections' row rules ran…
    assert calls and set(calls.values()) == {1}  # …each section's rows listed once
