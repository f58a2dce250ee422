"""A small Jiangsu campaign with hand-chosen numbers for the report tests.

Worked by hand:
- 表5 持卡人数 (万人): eight cities above 0 (南京 600, 无锡 500, 徐州 700, 常州 400, 苏州 900,
  南通 650, 连云港 350, 淮安 450), 盐城 and 扬州 a reported 0, 镇江/泰州/宿迁 blank.
  社会保障卡发卡地市比例 2015-12 = 8 × 100 ÷ 13 = 61.538… → 61.54 (target > 90, 约束性: not met);
  持卡人数 2015-12 = 4550 ÷ 10000 = 0.455 → 0.46 亿人 (half up; target 8: not met).
- 表9 是否开通12333: twelve cities 是, 宿迁 否 → 地市级 2015-06 = 12 × 100 ÷ 13 = 92.307… → 92.31
  (target 90: met).
- 表1 reported: card_cities 2015-12 61.54 (same), card_holders 2015-12 0.50 (differs),
  hotline_city 2015-06 90 (differs), network_city 2015-12 100 (not derivable: judged on it).
"""

from __future__ import annotations

from decimal import Decimal

from kaoping.collection.campaigns import set_base_figures
from kaoping.collection.models import Campaign
from kaoping.collection.services import save_table, table_version
from kaoping.orgs.actors import CliActor

CLI = CliActor(username="cli:test")
PROVINCE, NANJING, SUZHOU, SUQIAN = "320000", "320100", "320500", "321300"
CITIES = [
    "320100", "320200", "320300", "320400", "320500", "320600", "320700",
    "320800", "320900", "321000", "321100", "321200", "321300",
]  # fmt: skip
HOLDERS = {
    "320100": "600", "320200": "500", "320300": "700", "320400": "400", "320500": "900",
    "320600": "650", "320700": "350", "320800": "450", "320900": "0", "321000": "0",
}  # fmt: skip


def save(campaign: Campaign, org: str, table: str, changes: dict[tuple[str, str], str]) -> None:
    version = table_version(campaign, org, table)
    result = save_table(CLI, campaign, org, table, changes, version, channel="cli")
    assert not result.conflict


def fill(campaign: Campaign) -> None:
    save(campaign, PROVINCE, "T14", {("cities", "qty"): "13"})
    for code, holders in HOLDERS.items():
        save(campaign, code, "T05", {(code, "holders"): holders})
    for code in CITIES:
        save(campaign, code, "T09", {(code, "opened"): "否" if code == SUQIAN else "是"})
    save(
        campaign,
        PROVINCE,
        "T01",
        {
            ("card_cities", "dec"): "61.54",
            ("card_holders", "dec"): "0.50",
            ("hotline_city", "jun"): "90",
            ("network_city", "dec"): "100",
        },
    )


def figures(campaign: Campaign) -> None:
    """常住人口 (万人) of 南京 and 苏州 for the per-city ratios."""
    population = {NANJING: Decimal(800), SUZHOU: Decimal(1275)}
    set_base_figures(CLI, campaign, {code: {"population": value} for code, value in population.items()})
