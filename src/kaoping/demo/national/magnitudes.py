"""The national demo's magnitudes per provincial unit (docs/spec.md §9 and §11).

常住人口 is the year-end 2014 figure in 万人 (新疆 without 兵团, 兵团 about 270, so that no one is
counted twice). ``cards`` is the share of residents expected to hold a social security card at
the end of 2015: the national total is about 8.84 亿 (about 65 % of residents), the eastern
provinces above it, some western ones below 50 %. ``hotline`` is the number of 12333 calls in
the first half of 2015 per 万 residents (宁夏 Q3 2020: 263,851 calls a quarter for 662 万, about
800 a half year per 万; 2015 volumes were lower). Each province's cities vary around these.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

EAST, CENTRAL, WEST = "东部", "中部", "西部"


@dataclass(frozen=True)
class Magnitude:
    population: Decimal  # 常住人口, 万人
    cards: Decimal  # expected card holders ÷ residents, end of 2015
    hotline: int  # 12333 calls per 万 residents, first half of 2015
    region: str  # 东部 / 中部 / 西部


def _m(population: int, cards: str, hotline: int, region: str) -> Magnitude:
    return Magnitude(Decimal(population), Decimal(cards), hotline, region)


PROVINCES: dict[str, Magnitude] = {
    "110000": _m(2152, "0.81", 820, EAST),  # 北京
    "120000": _m(1517, "0.75", 700, EAST),  # 天津
    "130000": _m(7384, "0.65", 430, EAST),  # 河北
    "140000": _m(3648, "0.61", 420, CENTRAL),  # 山西
    "150000": _m(2505, "0.58", 400, WEST),  # 内蒙古
    "210000": _m(4391, "0.71", 560, EAST),  # 辽宁
    "220000": _m(2752, "0.63", 470, CENTRAL),  # 吉林
    "230000": _m(3833, "0.60", 450, CENTRAL),  # 黑龙江
    "310000": _m(2426, "0.85", 900, EAST),  # 上海
    "320000": _m(7960, "0.77", 640, EAST),  # 江苏
    "330000": _m(5508, "0.79", 720, EAST),  # 浙江
    "340000": _m(6083, "0.63", 440, CENTRAL),  # 安徽
    "350000": _m(3806, "0.70", 560, EAST),  # 福建
    "360000": _m(4542, "0.62", 410, CENTRAL),  # 江西
    "370000": _m(9789, "0.72", 520, EAST),  # 山东
    "410000": _m(9436, "0.59", 380, CENTRAL),  # 河南
    "420000": _m(5816, "0.66", 500, CENTRAL),  # 湖北
    "430000": _m(6737, "0.61", 430, CENTRAL),  # 湖南
    "440000": _m(10724, "0.74", 680, EAST),  # 广东
    "450000": _m(4754, "0.55", 390, WEST),  # 广西
    "460000": _m(903, "0.64", 480, EAST),  # 海南
    "500000": _m(2991, "0.68", 560, WEST),  # 重庆
    "510000": _m(8140, "0.60", 450, WEST),  # 四川
    "520000": _m(3508, "0.47", 330, WEST),  # 贵州
    "530000": _m(4714, "0.52", 350, WEST),  # 云南
    "540000": _m(318, "0.38", 260, WEST),  # 西藏
    "610000": _m(3775, "0.58", 440, WEST),  # 陕西
    "620000": _m(2591, "0.48", 340, WEST),  # 甘肃
    "630000": _m(583, "0.45", 360, WEST),  # 青海
    "640000": _m(662, "0.56", 620, WEST),  # 宁夏
    "650000": _m(2028, "0.50", 380, WEST),  # 新疆（不含兵团）
    "660000": _m(270, "0.63", 420, WEST),  # 新疆生产建设兵团
}
