"""Columns declare their bounds in the definition; the loader checks them in Chinese
(docs/definitions.md, docs/spec.md §3.3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from tests.core.test_definition_loader import main_columns, only_problem, texts, valid

from kaoping.core.definitions.loader import load_survey, load_survey_from_texts
from kaoping.core.definitions.model import NUMBER_CEILING, ColumnType

ROOT = Path(__file__).resolve().parents[2]


def test_declared_bounds_are_loaded_and_absent_ones_default_by_type() -> None:
    d = valid()
    main_columns(d)[1]["max"] = 100000
    main_columns(d).append({"key": "since", "label": "上线日期", "type": "date", "earliest": "2000-01-01"})
    table = load_survey_from_texts(texts(d)).table("T01")
    assert table.column("bandwidth").bound == Decimal(100000)
    assert table.column("qty").bound == NUMBER_CEILING
    assert table.column("since").date_range == (date(2000, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize(
    ("declared", "said"),
    [
        (-5, "上限（max）应为正数，此处为“-5”"),
        (0, "上限（max）应为正数，此处为“0”"),
        ("很多", "上限（max）应为正数，此处为“很多”"),
        ("1_000", "上限（max）应为正数，此处为“1_000”"),
        (".inf", "上限（max）应为正数，此处为“.inf”"),
        (10**16, f"上限（max）不能超过 999,999,999,999,999（15 位整数），此处为 {10**16}"),
    ],
)
def test_a_number_bound_that_is_not_a_positive_number_within_15_digits_is_refused(
    declared: object, said: str
) -> None:
    d = valid()
    main_columns(d)[1]["max"] = declared
    problem = only_problem(d)
    assert (problem.file, problem.table, problem.key, problem.message) == (
        "defs/v1/T01.yaml",
        "T01",
        "bandwidth",
        said,
    )


def test_bounds_on_the_wrong_type_of_column_are_refused() -> None:
    d = valid()
    main_columns(d)[2]["max"] = 10
    assert only_problem(d).message == "只有数值列可以声明上限（max），此列类型为 text"
    d = valid()
    main_columns(d)[1]["latest"] = "2020-12-31"
    assert only_problem(d).message == "只有日期列可以声明日期范围（earliest、latest），此列类型为 bandwidth"


@pytest.mark.parametrize(
    ("earliest", "latest", "said"),
    [
        ("2020-01-01", "2010-01-01", "日期范围的起点 2020-01-01 晚于终点 2010-01-01"),
        ("2010-01-01", "9999-12-31", "日期范围 latest 应在 1900-01-01 至 2999-12-31 之间，此处为 9999-12-31"),
        ("去年", None, "日期范围 earliest 应为日期（如 2015-12-31），此处为“去年”"),
    ],
)
def test_a_date_range_must_be_dates_in_order_within_1900_to_2999(
    earliest: str, latest: str | None, said: str
) -> None:
    d = valid()
    column = {"key": "since", "label": "上线日期", "type": "date", "earliest": earliest}
    if latest is not None:
        column["latest"] = latest
    main_columns(d).append(column)
    problem = only_problem(d)
    assert (problem.key, problem.message) == ("since", said)


def test_decimals_beyond_six_are_refused_on_columns_and_row_overrides() -> None:
    d = valid()
    main_columns(d)[1]["decimals"] = 9
    assert only_problem(d).message == "小数位数（decimals）应在 0 至 6 之间，此处为 9"
    d = valid()
    d["T01.yaml"]["sections"][1]["rows"][0]["overrides"] = {"qty": {"decimals": 8}}
    problem = only_problem(d)
    assert (problem.key, problem.message) == ("cities", "列“qty”的覆盖小数位数应在 0 至 6 之间，此处为 8")


def test_every_column_of_the_shipped_survey_is_bounded() -> None:
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    for table in survey.tables:
        for column in table.columns:
            if column.is_numeric:
                assert 0 < column.bound <= NUMBER_CEILING, (table.id, column.key)
            if column.type is ColumnType.DATE:
                first, last = column.date_range
                assert date(1900, 1, 1) <= first < last <= date(2999, 12, 31), (table.id, column.key)
