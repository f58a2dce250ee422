"""Column types: what people type is understood, stored canonically, and checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.core.definitions.model import Code, Column, ColumnType, Row
from kaoping.core.values import (
    HANDLERS,
    Invalid,
    check,
    column_for_row,
    display,
    from_text,
    parse,
    to_text,
)

OPERATOR = (
    Code("a", "移动"),
    Code("b", "电信"),
    Code("c", "联通"),
    Code("d", "广电"),
    Code("e", "政务外网"),
    Code("f", "其他（请说明）"),
)
SCOPE = (
    Code("a", "城镇职工养老保险"),
    Code("c", "新型农村社会养老保险"),
    Code("x", "社会保障卡管理"),
    Code("y", "人员、单位等基础信息统一管理"),
)
DR_STATUS = (Code("a", "已建"), Code("b", "在建"), Code("c", "未建"))

CALLS = Column("calls", "来电总量（个）", ColumnType.INT, unit="个")
HOLDERS = Column("holders", "持卡人数", ColumnType.PEOPLE, unit="万人", decimals=2)
FUNDS = Column("funds", "投入总额", ColumnType.MONEY, unit="万元", decimals=2)
RATE = Column("rate", "网络覆盖率", ColumnType.PERCENT, unit="%", decimals=2)
AREA = Column("room_area", "机房面积", ColumnType.AREA, unit="平方米")
WHEN = Column("plan_date", "计划联网时间", ColumnType.DATE)
OPENED = Column("opened", "是否开通", ColumnType.BOOL)
OPERATOR_COL = Column("op", "运营商", ColumnType.CODE, codes=OPERATOR, spec_column="note")
STATUS = Column("status", "建设情况", ColumnType.CODE, codes=DR_STATUS)
SCOPE_COL = Column("scope", "业务范围", ColumnType.CODES, codes=SCOPE)
NAME = Column("name", "系统名称", ColumnType.TEXT, max_length=10)
ADDRESS = Column("address", "访问网址", ColumnType.URL)


def rules(column: Column, value: object) -> list[str]:
    return [rule for rule, _ in check(column, value)]  # type: ignore[arg-type]


def test_every_column_type_has_a_handler() -> None:
    assert set(HANDLERS) == set(ColumnType)


def test_blank_is_none_not_zero() -> None:
    for column in (CALLS, HOLDERS, WHEN, OPENED, OPERATOR_COL, NAME):
        assert parse(column, "") is None
        assert parse(column, "   ") is None
    assert parse(CALLS, "0") == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("263851", 263851), ("263,851", 263851), ("２６３８５１", 263851), (" 85582 ", 85582), ("3.0", 3)],
)
def test_counts(raw: str, expected: int) -> None:
    value = parse(CALLS, raw)
    assert value == expected and isinstance(value, int)


def test_decimals_are_kept_as_typed() -> None:
    assert parse(HOLDERS, "1234.50") == Decimal("1234.50")
    assert to_text(HOLDERS, parse(HOLDERS, "1234.50")) == "1234.50"
    assert parse(HOLDERS, "12.5万人") == Decimal("12.5")
    assert parse(RATE, "87.5%") == Decimal("87.5")
    assert parse(FUNDS, "１２．３４") == Decimal("12.34")


def test_unparseable_text_is_kept_as_invalid() -> None:
    value = parse(CALLS, "约三千")
    assert isinstance(value, Invalid) and value == "约三千"
    assert rules(CALLS, value) == ["V-TYPE"]
    assert to_text(CALLS, value) == "约三千"  # nothing typed is lost
    assert isinstance(parse(CALLS, "1e9"), Invalid)
    assert isinstance(parse(CALLS, "NaN"), Invalid)


def test_v_type_integers_for_counts_and_no_negatives() -> None:
    assert rules(CALLS, parse(CALLS, "2.5")) == ["V-TYPE"]
    assert rules(CALLS, -3) == ["V-TYPE"]
    assert rules(FUNDS, Decimal("-1.00")) == ["V-TYPE"]
    assert rules(AREA, -20) == ["V-TYPE"]
    assert rules(HOLDERS, Decimal("-0.01")) == ["V-TYPE"]
    assert rules(CALLS, 263851) == []
    assert rules(CALLS, True) == ["V-TYPE"]  # a bool is not a count


def test_v_dec_no_more_decimals_than_allowed() -> None:
    assert rules(HOLDERS, parse(HOLDERS, "12.345")) == ["V-DEC"]
    assert rules(HOLDERS, parse(HOLDERS, "12.34")) == []
    assert rules(FUNDS, parse(FUNDS, "100.5")) == []
    assert rules(AREA, parse(AREA, "120.5")) == ["V-DEC"]


def test_v_rate_percent_in_0_to_100() -> None:
    assert rules(RATE, Decimal("100.00")) == []
    assert rules(RATE, Decimal("100.01")) == ["V-RATE"]
    assert rules(RATE, Decimal("-1")) == ["V-TYPE"]


@pytest.mark.parametrize(
    "raw", ["2015-12-31", "2015/12/31", "2015年12月31日", "2015.12.31", "20151231", "２０１５-１２-３１"]
)
def test_dates_in_the_ways_people_write_them(raw: str) -> None:
    assert parse(WHEN, raw) == date(2015, 12, 31)


def test_month_only_dates_are_the_first_of_the_month() -> None:
    assert parse(WHEN, "2016-03") == date(2016, 3, 1)
    assert parse(WHEN, "2016年3月") == date(2016, 3, 1)
    assert to_text(WHEN, date(2016, 3, 1)) == "2016-03-01"
    assert isinstance(parse(WHEN, "2015-02-30"), Invalid)
    assert rules(WHEN, parse(WHEN, "明年")) == ["V-TYPE"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("是", True), ("√", True), ("Y", True), ("否", False), ("×", False), ("n", False)]
)
def test_yes_no(raw: str, expected: bool) -> None:
    assert parse(OPENED, raw) is expected


def test_yes_no_storage_and_display() -> None:
    assert to_text(OPENED, True) == "true" and to_text(OPENED, False) == "false"
    assert from_text(OPENED, "true") is True and from_text(OPENED, "false") is False
    assert display(OPENED, True) == "是" and display(OPENED, False) == "否"
    assert rules(OPENED, parse(OPENED, "也许")) == ["V-TYPE"]


@pytest.mark.parametrize("raw", ["a", "A", "ａ", "a.已建", "a．已建", "已建", " a "])
def test_single_code(raw: str) -> None:
    assert parse(STATUS, raw) == "a"


def test_single_code_by_its_meaning() -> None:
    line_type = Column("t", "线路类型", ColumnType.CODE, codes=(Code("h", "FR"), Code("j", "其他（请说明）")))
    assert parse(line_type, "FR") == "h" and parse(line_type, "fr") == "h"
    assert parse(OPERATOR_COL, "其他") == "f"  # the start of "其他（请说明）"
    assert parse(OPERATOR_COL, "政务外网") == "e"


def test_single_code_refuses_two_letters_and_unknown_letters() -> None:
    assert rules(STATUS, parse(STATUS, "a、b")) == ["V-CODE"]
    assert rules(STATUS, parse(STATUS, "z")) == ["V-CODE"]
    assert rules(STATUS, parse(STATUS, "差不多")) == ["V-CODE"]
    assert display(STATUS, "a") == "a.已建"


def test_several_codes_in_list_order() -> None:
    assert parse(SCOPE_COL, "x、a") == ("a", "x")
    assert parse(SCOPE_COL, "a,c,x") == ("a", "c", "x")
    assert parse(SCOPE_COL, "acx") == ("a", "c", "x")
    assert parse(SCOPE_COL, "a；Ｃ") == ("a", "c")
    # a meaning containing "、" is not split into a bogus code
    assert parse(SCOPE_COL, "a.城镇职工养老保险、y.人员、单位等基础信息统一管理") == ("a", "y")
    assert to_text(SCOPE_COL, ("a", "c", "x")) == "a,c,x"
    assert from_text(SCOPE_COL, "a,c,x") == ("a", "c", "x")
    assert display(SCOPE_COL, ("a", "x")) == "a.城镇职工养老保险、x.社会保障卡管理"


def test_v_code_several_codes_each_from_the_list_no_repeats() -> None:
    assert rules(SCOPE_COL, parse(SCOPE_COL, "a,b")) == ["V-CODE"]  # b is not in this list
    assert rules(SCOPE_COL, parse(SCOPE_COL, "a,a")) == ["V-CODE"]
    assert rules(SCOPE_COL, parse(SCOPE_COL, "a,c")) == []


def test_text_length_and_urls() -> None:
    assert rules(NAME, "社保核心平台") == []
    assert rules(NAME, "一二三四五六七八九十十一") == ["V-TYPE"]
    assert rules(ADDRESS, "http://www.jshrss.gov.cn") == []
    assert rules(ADDRESS, "江苏人社") == []  # an app name or WeChat account is allowed
    assert rules(ADDRESS, "http://江苏 人社") == ["V-TYPE"]


def test_row_overrides_change_type_and_decimals() -> None:
    qty = Column("qty", "数量", ColumnType.INT)
    population = Row(
        "population", "人口数", overrides={"qty": {"type": "people", "unit": "万人", "decimals": 2}}
    )
    effective = column_for_row(qty, population)
    assert effective.type is ColumnType.PEOPLE and effective.decimals == 2
    assert parse(effective, "8526.00") == Decimal("8526.00")
    assert rules(effective, Decimal("8526.00")) == []
    assert column_for_row(qty, Row("cities", "地市总数")) is qty


def test_round_trip_through_storage_text() -> None:
    samples = [
        (CALLS, 263851),
        (HOLDERS, Decimal("85.58")),
        (WHEN, date(2015, 6, 30)),
        (OPENED, True),
        (OPERATOR_COL, "f"),
        (SCOPE_COL, ("a", "y")),
        (NAME, "社保核心平台"),
    ]
    for column, value in samples:
        assert from_text(column, to_text(column, value)) == value
    assert to_text(CALLS, None) == "" and from_text(CALLS, "") is None


# --- generated input: parsing never fails, and what parses round-trips -----------------

EVERY_COLUMN = (
    CALLS,
    HOLDERS,
    FUNDS,
    RATE,
    AREA,
    WHEN,
    OPENED,
    OPERATOR_COL,
    STATUS,
    SCOPE_COL,
    NAME,
    ADDRESS,
)


@given(raw=st.text(max_size=40), index=st.integers(0, len(EVERY_COLUMN) - 1))
@settings(max_examples=300, deadline=None)
def test_any_typed_text_parses_to_a_value_or_invalid_and_round_trips(raw: str, index: int) -> None:
    column = EVERY_COLUMN[index]
    value = parse(column, raw)
    if value is None:
        assert not raw.strip()
        return
    check(column, value)  # never raises
    display(column, value)
    assert from_text(column, to_text(column, value)) == value
