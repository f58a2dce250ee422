"""``values.reader``: a column's stored text read on a short path gives exactly what
``from_text`` gives — the same value, of the same type, with the same digits; anything off the
short path (typed text, out of bounds, unknown codes) goes through ``from_text`` itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kaoping.core.definitions.model import Code, Column, ColumnType
from kaoping.core.readers import reader
from kaoping.core.values import Refused, from_text, to_text

CODES = tuple(
    Code(code=c, label=label) for c, label in (("a", "已建"), ("b", "在建"), ("c", "其他（请说明）"))
)
COLUMNS = [
    Column(key="n", label="数量", type=ColumnType.INT),
    Column(key="small", label="数量", type=ColumnType.INT, maximum=Decimal(500)),
    Column(key="m", label="金额", type=ColumnType.MONEY, decimals=2),
    Column(key="p", label="比例", type=ColumnType.PERCENT, decimals=2),
    Column(key="whole", label="面积", type=ColumnType.AREA),
    Column(key="bw", label="带宽", type=ColumnType.BANDWIDTH, unit="M"),
    Column(key="day", label="日期", type=ColumnType.DATE),
    Column(key="late", label="日期", type=ColumnType.DATE, earliest="2015-01-01", latest="2015-12-31"),
    Column(key="s", label="状态", type=ColumnType.CODE, codes=CODES),
    Column(key="f", label="功能", type=ColumnType.CODES, codes=CODES),
    Column(key="y", label="是否", type=ColumnType.BOOL),
    Column(key="t", label="名称", type=ColumnType.TEXT),
]
TEXTS = [
    None, "", "  ", "0", "-0", "7", "-3", "85582", "500", "501", "-501", "1000", "1001",
    "999999999999999", "-999999999999999", "1000000000000000", "0012", "1234.50", "1234.5",
    "-0.50", "12.0", "0.000001", "1234.5000001", "1,234", " 12 ", "１２", "1e9", "12%", "12M",
    "NaN", "约三千", "2015-06-30", "2015-6-30", "2015-02-30", "1980-01-01", "2016-01-01",
    "2015年6月", "a", "b", "c", "z", "A", "a.已建", "a,c", "c,a", "a,a", "a,z", "a,b,c", "ac",
    "true", "false", "是", "否", "True", "南京市",
    "٣", "²", "12²", "0000000000000012", "1234567890123456", "12.", ".5", "1.2.3", "+12", "1_000",
    "1.2345678",
    "1234567890123456.5", "2015-0a-30", "2015-06-30 ", "2015-W01-1", "20150630", "2015-06-3x", "2015-13-01",
    "a,", ",a", "a,,b", "ab,c",
]  # fmt: skip


def same(found: object, expected: object) -> bool:
    """Equal, of one type, with the same text (Decimal places, a refusal's reason)."""
    if type(found) is not type(expected) or str(found) != str(expected) or found != expected:
        return False
    return not isinstance(expected, Refused) or found.reason == expected.reason  # type: ignore[attr-defined]


def test_every_column_type_reads_as_from_text() -> None:
    for column in COLUMNS:
        read = reader(column)
        for text in TEXTS:
            assert same(read(text), from_text(column, text)), (column.key, text)


def test_the_reader_is_built_once_per_column() -> None:
    assert reader(COLUMNS[0]) is reader(COLUMNS[0])
    assert reader(COLUMNS[1]) is not reader(COLUMNS[0])


def test_stored_values_keep_their_type_and_places() -> None:
    assert reader(COLUMNS[0])("85582") == 85582 and type(reader(COLUMNS[0])("85582")) is int
    assert str(reader(COLUMNS[2])("1234.50")) == "1234.50"
    assert type(reader(COLUMNS[2])("12")) is Decimal  # a money column keeps Decimal
    assert reader(COLUMNS[6])("2015-06-30") == date(2015, 6, 30)
    assert isinstance(reader(COLUMNS[7])("2016-01-01"), Refused)  # outside the column's range
    assert reader(COLUMNS[9])("c,a") == ("a", "c")


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=3, allow_nan=False, allow_infinity=False))
def test_any_stored_number_reads_as_from_text(number: Decimal) -> None:
    for column in COLUMNS[:6]:
        text = to_text(column, number)
        assert same(reader(column)(text), from_text(column, text)), (column.key, text)
