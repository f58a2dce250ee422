"""Numbers and dates are held to their column's bounds at the boundary (docs/spec.md §3.3, §5.3).

Properties of the parser for every numeric type: what it accepts is a finite number within
the column's bound with at most 6 decimals (so rounding can never raise on it); numbers
written as people write them are read exactly; a number written wrongly — separators out of
place, underscores, exponents, NaN/Infinity, too many digits — is ``Refused`` with a Chinese
reason, never read as some other number; it never raises on any text.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kaoping.core.definitions.model import NUMBER_CEILING, Column, ColumnType
from kaoping.core.values import Invalid, Refused, check, parse, to_text
from kaoping.core.workbook.cells import CellReader, raw_text

COUNT = Column("calls", "来电总量（个）", ColumnType.INT, unit="个")
AMOUNT = Column("amount", "数值", ColumnType.DECIMAL, decimals=2)
MONEY = Column("funds", "投入总额", ColumnType.MONEY, unit="万元", decimals=2)
PEOPLE = Column("holders", "持卡人数", ColumnType.PEOPLE, unit="万人", decimals=2)
RATE = Column("rate", "覆盖率", ColumnType.PERCENT, unit="%", decimals=2)
AREA = Column("room_area", "机房面积", ColumnType.AREA, unit="平方米")
BANDWIDTH = Column("bw", "带宽", ColumnType.BANDWIDTH, unit="M")
NUMERIC = [COUNT, AMOUNT, MONEY, PEOPLE, RATE, AREA, BANDWIDTH]
SMALL = Column("seats", "座席数", ColumnType.INT, maximum=Decimal(5000))
WHEN = Column("plan_date", "计划联网时间", ColumnType.DATE)
SINCE_2010 = Column("online", "上线日期", ColumnType.DATE, earliest="2010-01-01", latest="2020-12-31")

numeric_columns = st.sampled_from(NUMERIC)
within_ceiling = st.integers(min_value=0, max_value=int(NUMBER_CEILING))


def refused(column: Column, raw: str) -> str:
    value = parse(column, raw)
    assert isinstance(value, Refused), (raw, value)
    assert check(column, value) == [("V-TYPE", value.reason)]  # read back from storage: reported
    return value.reason


# --- what is accepted ------------------------------------------------------------------------


@given(within_ceiling)
def test_any_count_within_15_digits_is_read_exactly_plain_or_grouped(n: int) -> None:
    for text in (str(n), f"{n:,}", f"{n:,}".replace(",", " "), f" {n:,} 个"):
        assert parse(COUNT, text) == n and isinstance(parse(COUNT, text), int)


@given(st.decimals(min_value=-(10**14), max_value=10**14, places=2, allow_nan=False, allow_infinity=False))
def test_a_decimal_is_read_as_typed_and_round_trips_through_its_stored_text(number: Decimal) -> None:
    grouped = f"{number:,f}"
    assert parse(AMOUNT, grouped) == number
    assert parse(AMOUNT, to_text(AMOUNT, parse(AMOUNT, grouped))) == number


@given(numeric_columns, st.text(max_size=40))
def test_the_parser_never_raises_and_accepts_only_bounded_finite_numbers(column: Column, raw: str) -> None:
    value = parse(column, raw)
    if value is None or isinstance(value, Invalid):
        return
    assert isinstance(value, int | Decimal) and not isinstance(value, bool)
    number = Decimal(value)
    assert number.is_finite() and abs(number) <= column.bound
    assert -number.as_tuple().exponent <= 6 if isinstance(number.as_tuple().exponent, int) else False
    number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # what scoring does: never raises


@given(numeric_columns, st.text(alphabet="0123456789,._ +-eE", max_size=30))
def test_number_characters_are_read_as_a_number_or_refused_never_kept_silently(
    column: Column, raw: str
) -> None:
    value = parse(column, raw)
    text = raw.strip()
    if value is None or not isinstance(value, Invalid):
        return
    assert isinstance(value, Refused) or not any(ch.isdigit() for ch in text)


# --- thousand separators ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["1,2", "1,,2", "12,34", "1,2345", "1,234,56", ",123", "123,", "1, 234", "1,234 567"]
)
def test_separators_out_of_place_are_refused(raw: str) -> None:
    assert "千位分隔符位置不对" in refused(COUNT, raw)


@given(
    st.lists(st.text(alphabet="0123456789", min_size=1, max_size=6), min_size=2, max_size=5),
    st.sampled_from([",", " ", "，"]),
)
def test_groups_that_are_not_three_digits_are_refused(groups: list[str], separator: str) -> None:
    assume(not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])))
    reason = refused(MONEY, separator.join(groups))
    assert "千位分隔符位置不对" in reason


@given(st.integers(min_value=1000, max_value=10**14), st.data())
def test_an_underscore_anywhere_in_a_number_is_refused(n: int, data: st.DataObject) -> None:
    digits = str(n)
    at = data.draw(st.integers(min_value=1, max_value=len(digits) - 1))
    assert "下划线" in refused(COUNT, digits[:at] + "_" + digits[at:])


# --- exponents, NaN, Infinity, too many digits -----------------------------------------------------


@pytest.mark.parametrize("raw", ["1e9", "1E3", "1e999999999", "-2.5e-3", "1e+2"])
def test_exponents_are_refused(raw: str) -> None:
    assert "科学计数法" in refused(AMOUNT, raw)


@pytest.mark.parametrize("raw", ["NaN", "nan", "-NaN", "sNaN", "Infinity", "-inf", "+Infinity", "ＮａＮ"])
def test_nan_and_infinity_are_refused(raw: str) -> None:
    assert refused(AMOUNT, raw).endswith("不是数值")


@given(numeric_columns, st.integers(min_value=10**15, max_value=10**40))
def test_more_than_15_digits_are_refused_naming_the_bound(column: Column, n: int) -> None:
    assert "超出范围：不能超过" in refused(column, str(n))
    assert "超出范围：不能超过" in refused(column, f"{n:,}")


def test_thirty_digits_and_the_bound_in_the_message() -> None:
    assert refused(COUNT, "9" * 30) == f"“{'9' * 24}…”（共 30 个字符）超出范围：不能超过 999,999,999,999,999"
    assert parse(COUNT, "999,999,999,999,999") == 999_999_999_999_999
    assert refused(AMOUNT, "-1000000000000000").endswith("超出范围：不能小于 -999,999,999,999,999")


def test_more_than_six_decimals_are_refused_and_fewer_are_v_dec() -> None:
    assert refused(MONEY, "1.0000001").endswith("小数位数过多：最多 6 位")
    assert [rule for rule, _ in check(MONEY, parse(MONEY, "1.234"))] == ["V-DEC"]


def test_a_declared_bound_is_held_and_percentages_default_to_1000() -> None:
    assert parse(SMALL, "5000") == 5000
    assert refused(SMALL, "5,001") == "“5,001”超出范围：不能超过 5,000"
    assert [rule for rule, _ in check(RATE, parse(RATE, "120.5%"))] == ["V-RATE"]
    assert refused(RATE, "1000.01").endswith("不能超过 1,000")


def test_words_are_still_kept_as_typed() -> None:
    for raw in ("约三千", "八万五", "N/A", "—"):
        value = parse(COUNT, raw)
        assert isinstance(value, Invalid) and not isinstance(value, Refused) and value == raw


# --- dates ---------------------------------------------------------------------------------------


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_any_date_in_the_default_range_is_read(day: date) -> None:
    assert parse(WHEN, day.isoformat()) == day
    assert parse(WHEN, f"{day.year}年{day.month}月{day.day}日") == day


@given(st.dates().filter(lambda d: not date(1990, 1, 1) <= d <= date(2100, 12, 31)))
def test_dates_outside_the_default_range_are_refused(day: date) -> None:
    assume(day.year >= 1000)  # four-digit years are what people write
    assert (
        refused(WHEN, day.isoformat())
        == f"“{day.isoformat()}”超出日期范围：应在 1990-01-01 至 2100-12-31 之间"
    )


def test_9999_12_31_and_a_declared_range() -> None:
    assert "超出日期范围" in refused(WHEN, "9999-12-31")
    assert parse(SINCE_2010, "2015-06-30") == date(2015, 6, 30)
    assert refused(SINCE_2010, "2009-12-31").endswith("应在 2010-01-01 至 2020-12-31 之间")
    assert isinstance(parse(WHEN, "2015-02-30"), Invalid) and not isinstance(
        parse(WHEN, "2015-02-30"), Refused
    )


# --- workbook cells take the same bounds ---------------------------------------------------------


@given(
    st.sampled_from([COUNT, MONEY, RATE, SMALL]),
    st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True),
    ),
)
def test_a_workbook_number_cell_is_read_as_its_text_would_be(column: Column, cell: float) -> None:
    raw = raw_text(cell)
    fast, slow = CellReader().value(column, cell, raw), parse(column, raw)
    assert type(fast) is type(slow) and fast == slow


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0)
    )
)
def test_a_workbook_date_cell_is_held_to_the_range(cell: datetime) -> None:
    value = CellReader().value(WHEN, cell, raw_text(cell))
    assert type(value) is type(parse(WHEN, raw_text(cell)))
    assert isinstance(value, Refused) != (date(1990, 1, 1) <= cell.date() <= date(2100, 12, 31))
