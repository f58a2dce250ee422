"""Template → filled in by a person → imported: the stored values come back equal.

The sample survey (``kaoping.core.workbook.sample``) is clean under every rule, so a
faithful round trip also gives no finding at all.
"""

from __future__ import annotations

from decimal import Decimal

from workbook_helpers import (
    META,
    NANJING,
    SURVEY,
    empty,
    fill_data,
    keys,
    list_contents,
    sample,
    template,
)

from kaoping.core.rules.engine import validate
from kaoping.core.workbook.reader import read_workbook


def test_the_sample_survey_is_clean() -> None:
    assert validate(SURVEY, sample()) == []


def test_province_round_trip_gives_back_every_value() -> None:
    content, layout = template(empty(), None)
    filled, _ = fill_data(content, layout, sample())
    new_key = keys()
    result = read_workbook(filled, SURVEY, empty(), org=None, meta=META, new_key=lambda: next(new_key))

    assert result.refused is None
    assert result.findings == []
    assert result.data is not None
    expected = sample()
    listed = {r.key for r in expected.list_rows}
    fixed = {k: v for k, v in expected.values.items() if k[1] not in listed}
    got = {
        k: v
        for k, v in result.data.values.items()
        if k[0:2] not in {(r.table, r.key) for r in result.new_rows}
    }
    assert got == fixed
    assert list_contents(result.data) == list_contents(expected)
    # every stored value arrived as a change, in storage text
    assert result.changes[("T05", NANJING, "holders")] == "500"
    assert result.changes[("T09", NANJING, "calls")] == "263851"
    assert result.changes[("T02", "province_data", "status_jun")] == "a"
    assert result.changes[("T10", NANJING, "functions")] == "a,b,d"
    assert len(result.changes) == len(expected.values)


def test_reimporting_an_unchanged_workbook_changes_nothing() -> None:
    stored = sample()
    content, _ = template(stored, None)
    result = read_workbook(content, SURVEY, stored, org=None, meta=META)
    assert result.refused is None
    assert result.changes == {}
    assert result.findings == []


def test_a_city_template_holds_only_its_rows_and_imports_them() -> None:
    content, layout = template(empty(), NANJING)
    full = sample()
    mine = empty()
    for key, value in full.values.items():
        at = layout.locate((key[0], key[1], key[2]))
        if at is not None:
            mine.values[key] = value
    mine.list_rows = [r for r in full.list_rows if r.org == NANJING and r.table == "T07"]
    for row in mine.list_rows:
        mine.values.update({k: v for k, v in full.values.items() if k[1] == row.key})

    filled, _ = fill_data(content, layout, mine)
    result = read_workbook(filled, SURVEY, empty(), org=NANJING, meta=META, new_key=lambda: "nj-1")

    assert result.refused is None
    assert [s.name for s in layout.sheets] == [
        "表3",
        "表5",
        "表7",
        "表8",
        "表9",
        "表10",
        "表11",
        "表12",
        "表13",
    ]
    assert {k[1] for k in result.changes} == {NANJING, "nj-1"}
    assert result.data is not None
    assert result.data.values[("T13", NANJING, "funds")] == Decimal("4500.50")
    assert result.data.values[("T07", "nj-1", "name")] == "南京市就业管理系统"
    assert [(r.key, r.org) for r in result.new_rows] == [("nj-1", NANJING)]
    assert result.findings == []
