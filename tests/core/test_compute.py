"""Computed cells: total rows and 表4 coverage, worked out by hand."""

from __future__ import annotations

from decimal import Decimal

from kaoping.core.definitions.model import (
    Column,
    ColumnType,
    OrgRowKind,
    Row,
    Section,
    SectionKind,
    Survey,
    Table,
)
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org
from kaoping.core.rules.compute import computed_values

PROVINCE = Org("320000", "江苏省", "province", "000000")
NANJING = Org("320100", "南京市", "city", "320000", "苏南")
WUXI = Org("320200", "无锡市", "city", "320000", "苏南")
XUZHOU = Org("320300", "徐州市", "city", "320000", "苏北")

CARDS = Table(
    id="T05",
    label="表5",
    title="社会保障卡",
    sections=(
        Section(
            key="main",
            kind=SectionKind.GRID,
            header=(
                Column("holders", "持卡人数", ColumnType.PEOPLE, unit="万人", decimals=2),
                Column("financial", "加载金融功能", ColumnType.PEOPLE, unit="万人", decimals=2),
            ),
            org_rows=(OrgRowKind.CITIES, OrgRowKind.TOTAL),
            total_columns=frozenset({"holders", "financial"}),
        ),
    ),
)
NETWORK = Table(
    id="T04",
    label="表4",
    title="城域网",
    sections=(
        Section(
            key="main",
            kind=SectionKind.GRID,
            header=(
                Column("networked", "单位数量", ColumnType.INT),
                Column(
                    "coverage",
                    "网络覆盖率",
                    ColumnType.PERCENT,
                    decimals=2,
                    computed="networked * 100 / (networked + unnetworked)",
                ),
                Column("unnetworked", "单位数量", ColumnType.INT),
            ),
            fixed_rows=(Row("si_city", "市级社保经办机构"), Row("street", "街道"), Row("town", "乡镇")),
            org_rows=(OrgRowKind.TOTAL,),
            total_columns=frozenset({"networked", "unnetworked"}),
        ),
    ),
)
SURVEY = Survey(id="t", version=1, title="t", tables=(CARDS, NETWORK))


def data(**values: object) -> SurveyData:
    d = SurveyData(province=PROVINCE, cities=[NANJING, WUXI, XUZHOU])
    for key, value in values.items():
        table, row, column = key.split("__")
        d.values[(table, row, column)] = value  # type: ignore[assignment]
    return d


def test_total_row_sums_reported_rows_and_skips_blanks() -> None:
    d = data(
        T05__320100__holders=Decimal("812.35"),
        T05__320200__holders=Decimal("590.10"),
        T05__320100__financial=Decimal("700.00"),
    )
    out = computed_values(SURVEY, d)
    # 812.35 + 590.10 = 1402.45; 徐州 not reported is skipped, not counted as an error
    assert out[("T05", "total", "holders")] == Decimal("1402.45")
    assert out[("T05", "total", "financial")] == Decimal("700.00")


def test_total_is_blank_when_no_row_reported_and_zero_when_zeros_reported() -> None:
    assert computed_values(SURVEY, data())[("T05", "total", "holders")] is None
    out = computed_values(SURVEY, data(T05__320100__holders=Decimal("0.00")))
    assert out[("T05", "total", "holders")] == Decimal("0.00")


def test_a_value_typed_into_the_total_row_is_not_used() -> None:
    d = data(T05__320100__holders=Decimal("10.00"), T05__total__holders=Decimal("0"))
    assert computed_values(SURVEY, d)[("T05", "total", "holders")] == Decimal("10.00")


def test_coverage_rounds_half_up_to_two_decimals() -> None:
    # 2 of 2 + 1 = 66.666… → 66.67 ; 7 of 8 = 87.5 → 87.50
    d = data(
        T04__si_city__networked=2,
        T04__si_city__unnetworked=1,
        T04__street__networked=7,
        T04__street__unnetworked=1,
    )
    out = computed_values(SURVEY, d)
    assert out[("T04", "si_city", "coverage")] == Decimal("66.67")
    assert out[("T04", "street", "coverage")] == Decimal("87.50")
    # the total row's coverage is computed from the totals: 9 of 9 + 2 = 81.818… → 81.82
    assert out[("T04", "total", "networked")] == 9
    assert out[("T04", "total", "unnetworked")] == 2
    assert out[("T04", "total", "coverage")] == Decimal("81.82")


def test_coverage_is_blank_when_the_denominator_is_zero_or_blank() -> None:
    d = data(T04__si_city__networked=0, T04__si_city__unnetworked=0, T04__street__networked=5)
    out = computed_values(SURVEY, d)
    assert out[("T04", "si_city", "coverage")] is None  # 0 ÷ 0
    assert out[("T04", "street", "coverage")] is None  # unnetworked not reported
    assert out[("T04", "town", "coverage")] is None


def test_full_coverage_is_100() -> None:
    out = computed_values(SURVEY, data(T04__town__networked=718, T04__town__unnetworked=0))
    assert out[("T04", "town", "coverage")] == Decimal("100.00")
