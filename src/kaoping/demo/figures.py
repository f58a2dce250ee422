"""Jiangsu's magnitudes (docs/spec.md §15.1): per-city population (2014, 万人), urban insured, counties."""

from __future__ import annotations

from decimal import Decimal

PROVINCE = "320000"

# code: (pinyin for account names, 常住人口 2014 万人, 城镇参保人数 万人, 县级单位数)
CITIES: dict[str, tuple[str, Decimal, Decimal, int]] = {
    "320100": ("nanjing", Decimal("821.61"), Decimal("412.30"), 11),
    "320200": ("wuxi", Decimal("650.01"), Decimal("338.20"), 7),
    "320300": ("xuzhou", Decimal("859.10"), Decimal("251.60"), 10),
    "320400": ("changzhou", Decimal("469.64"), Decimal("231.50"), 6),
    "320500": ("suzhou", Decimal("1060.40"), Decimal("612.70"), 9),
    "320600": ("nantong", Decimal("729.80"), Decimal("268.90"), 7),
    "320700": ("lianyungang", Decimal("445.17"), Decimal("118.40"), 6),
    "320800": ("huaian", Decimal("485.21"), Decimal("132.60"), 7),
    "320900": ("yancheng", Decimal("722.85"), Decimal("190.30"), 9),
    "321000": ("yangzhou", Decimal("447.02"), Decimal("158.70"), 6),
    "321100": ("zhenjiang", Decimal("317.65"), Decimal("139.80"), 6),
    "321200": ("taizhou", Decimal("463.86"), Decimal("154.20"), 6),
    "321300": ("suqian", Decimal("485.38"), Decimal("105.10"), 5),
}

CLEAN = ("320100", "320200", "320400")  # every city table filled, no finding
PARTIAL = ("320300", "320500", "320600", "321000")  # some tables filled
WITH_ERROR = "320900"  # 盐城: a hard error left in 表9
