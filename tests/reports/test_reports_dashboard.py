"""Dashboard numbers, worked by hand, and the page that draws them with ECharts.

Per-city ratios on the base figures (常住人口 in 万人):
- 南京 (800 万人): 表5 600 万 holders → 600 × 100 ÷ 800 = 75.00 per 100 residents;
  表9 1,500 answered of 2,000 calls → 75.00 %; 表10 400 kiosks ÷ 800 = 0.50 per 10,000;
  表13 12,000 万元 ÷ 800 万人 = 15.00 元 per resident.
- 苏州 (1,275 万人): 900 × 100 ÷ 1,275 = 70.588… → 70.59; 宁夏's quarter 85,582 of 263,851
  calls → 32.435… → 32.44 %; 51 ÷ 1,275 = 0.04; 25,500 ÷ 1,275 = 20.00.
- 徐州 has cards but no base figure: blank, never 0.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from reports_helpers import NANJING, PROVINCE, SUZHOU, figures, fill, save

from kaoping.collection.campaigns import survey_for
from kaoping.collection.services import load_survey_data
from kaoping.reports.dashboard import charts

XUZHOU = "320300"


@pytest.fixture
def filled(campaign):
    fill(campaign)
    figures(campaign)
    save(campaign, NANJING, "T09", {(NANJING, "calls"): "2000", (NANJING, "answered"): "1500"})
    save(campaign, SUZHOU, "T09", {(SUZHOU, "calls"): "263851", (SUZHOU, "answered"): "85582"})
    save(campaign, NANJING, "T10", {(NANJING, "deployed"): "400"})
    save(campaign, SUZHOU, "T10", {(SUZHOU, "deployed"): "51"})
    save(campaign, NANJING, "T13", {(NANJING, "funds"): "12000"})
    save(campaign, SUZHOU, "T13", {(SUZHOU, "funds"): "25500"})
    return campaign


def by_key(campaign) -> dict:
    return {c.key: c for c in charts(campaign, survey_for(campaign), load_survey_data(campaign))}


def city_values(chart, code_names=("南京市", "苏州市", "徐州市")) -> list:
    values = dict(zip(chart.categories, chart.series[0][1], strict=True))
    return [values[name] for name in code_names]


def test_per_city_ratios_on_the_base_figures(filled):
    found = by_key(filled)
    assert city_values(found["city_cards"]) == [Decimal("75.00"), Decimal("70.59"), None]
    assert city_values(found["city_answer_rate"]) == [Decimal("75.00"), Decimal("32.44"), None]
    assert city_values(found["city_kiosks"]) == [Decimal("0.50"), Decimal("0.04"), None]
    assert city_values(found["city_funding"]) == [Decimal("15.00"), Decimal("20.00"), None]
    assert len(found["city_cards"].categories) == 13  # every city, in the tree's order
    assert found["city_cards"].categories[0] == "南京市"


def test_progress_counts_reported_units_per_table(filled):
    progress = by_key(filled)["progress"]
    rows = {row[0].split()[0]: row for row in progress.rows}
    # 表5: 13 cities; ten reported (a reported 0 counts), 镇江, 泰州, 宿迁 not
    assert rows["表5"][1:3] == ["13", "10"]
    assert rows["表5"][3] == "镇江市、泰州市、宿迁市"
    # 表10: 省本级 and 13 cities; only 南京 and 苏州 reported
    assert rows["表10"][1:3] == ["14", "2"]


def test_attainment_is_the_judged_value_over_the_target(filled):
    attainment = by_key(filled)["attainment"]
    shares = dict(zip(attainment.categories, attainment.series[0][1], strict=True))
    marks = dict(zip(attainment.categories, attainment.marks, strict=True))
    # 地市级 12333 (every city filled 表9): derived 92.31 ÷ 90 × 100 = 102.56… → 102.6, met;
    # judged at June, and the bar says so
    assert shares["8 地市级（6月）"] == Decimal("102.6")
    assert marks["8 地市级（6月）"] == "met"
    assert "时点" in attainment.note


def test_attainment_never_judges_incomplete_data(filled):
    attainment = by_key(filled)["attainment"]
    # 发卡地市比例: 镇江, 泰州, 宿迁 have not filled 表5: no bar, never "61.54 in red"
    assert not any(c.startswith("6 ") for c in attainment.categories)
    row = next(r for r in attainment.rows if r[0] == "6")
    # 10 cities + the province (表14) of 14; over the 10 cities that reported: 8 ÷ 10 × 100 = 80.00
    assert row[5] == "按已填报单位 80.00"
    assert row[7:] == ["—", "数据不全（已填报 11/14 个单位）"]


def test_june_against_year_end_uses_the_reported_values(filled):
    chart = by_key(filled)["june_dec"]
    rows = {row[1]: row for row in chart.rows}
    assert rows["社会保障卡持卡人数（亿人）"][2:4] == ["—", "0.50"]
    assert "7 社会保障卡持卡人数" not in " ".join(chart.categories)  # 亿人 kept out of the % chart


def test_the_page_passes_data_as_json_and_shows_each_table(filled, client_for, province_admin):
    response = client_for(province_admin).get(f"/reports/c/{filled.pk}/{PROVINCE}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.replace('<script type="application/json"', "")  # no inline code
    blob = re.search(r'<script id="chart-data-city_cards" type="application/json">(.*?)</script>', html, re.S)
    assert blob
    data = json.loads(blob.group(1))
    assert data["series"][0]["data"][:2] == [75.0, None]  # 南京, 无锡 (no base figure)
    assert "vendor/echarts.min.js" in html and "reports/dashboard.js" in html
    assert html.count('<details class="chart-table"') == 7  # the numbers one click away
    assert '<td>苏州市</td><td class="num">70.59</td>' in html
