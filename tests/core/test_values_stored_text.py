"""Reading stored (canonical) text takes a short path; it must give what parsing gives.

A leading space sends the same text through the full parser (fold, separators, suffixes),
so each case compares the two paths on identical content.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kaoping.core.definitions.model import Code, Column, ColumnType
from kaoping.core.values import Invalid, from_text, to_text

KINDS = [
    Column(key="n", label="数量", type=ColumnType.INT),
    Column(key="m", label="金额", type=ColumnType.MONEY, decimals=2),
    Column(key="p", label="比例", type=ColumnType.PERCENT, decimals=2),
    Column(key="d", label="数值", type=ColumnType.DECIMAL, decimals=2),
    Column(key="people", label="人数", type=ColumnType.PEOPLE, decimals=2),
]
MEANINGS = (("a", "已建"), ("b", "在建"), ("c", "其他（请说明）"))
CODES = tuple(Code(code=c, label=label) for c, label in MEANINGS)
ONE = Column(key="s", label="状态", type=ColumnType.CODE, codes=CODES)
SEVERAL = Column(key="f", label="功能", type=ColumnType.CODES, codes=CODES)
YES = Column(key="y", label="是否", type=ColumnType.BOOL)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_read_back_as_the_parser_reads_them(number: Decimal) -> None:
    for column in KINDS:
        text = to_text(column, number)
        short, full = from_text(column, text), from_text(column, " " + text)
        assert type(short) is type(full)
        # a refused value (a percentage over its bound of 1000) keeps the text as given
        assert short == (full.strip() if isinstance(full, Invalid) else full)


def test_integers_stay_integers_and_decimals_keep_their_places() -> None:
    assert from_text(KINDS[0], "85582") == 85582 and isinstance(from_text(KINDS[0], "85582"), int)
    assert str(from_text(KINDS[1], "1234.50")) == "1234.50"
    assert isinstance(from_text(KINDS[0], "1e5"), Invalid)  # still refused, kept as typed


def test_codes_and_yes_no_read_back_as_the_parser_reads_them() -> None:
    for text in ("a", "b", "c"):
        assert from_text(ONE, text) == from_text(ONE, " " + text) == text
    for text in ("a", "a,c", "a,b,c", "c,a"):
        assert from_text(SEVERAL, text) == from_text(SEVERAL, " " + text)
    assert isinstance(from_text(SEVERAL, "a,z"), Invalid) == isinstance(from_text(SEVERAL, " a,z"), Invalid)
    assert (from_text(YES, "true"), from_text(YES, "false")) == (True, False)
