"""表1 plan indicators from the page, the API and ``kaoping indicators``, on hand-computed data.

The numbers are worked out in reports_helpers.py. The three channels must agree: the CLI's
JSON is exactly the list of docs/spec.md §10.8, the API returns the same list, and the page shows the same
values with 不可推算, the differs flag, met / not met and links to the source cells.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from reports_helpers import NANJING, PROVINCE, fill, save

from kaoping.cli import main

SPEC_KEYS = {
    "indicator", "label", "target", "attribute", "date", "derivable", "derived", "missing",
    "reported", "differs", "met", "scope", "target_share",
    "complete", "units_reported", "units_expected", "partial",
}  # fmt: skip
LATE = ("321100", "321200", "321300")  # 镇江, 泰州, 宿迁: 表5 blank in reports_helpers


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    # A management command closes the connections when it ends; the test's transaction must survive.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


def judged(r: dict) -> tuple:
    return (r["derived"], r["reported"], r["differs"], r["met"])


def by(results: list[dict], key: str, date: str) -> dict:
    found = [r for r in results if r["indicator"] == key and r["date"] == date]
    assert len(found) == 1
    return found[0]


def cli_json(campaign_id: str, *extra: str) -> list[dict]:
    from io import StringIO

    out = StringIO()
    call_command("indicators", "--campaign", campaign_id, "--format", "json", *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def partly(campaign):
    """reports_helpers' data as it is: 镇江, 泰州 and 宿迁 have not filled 表5."""
    fill(campaign)
    return campaign


@pytest.fixture
def filled(partly):
    """Every city has filled 表5: the three late ones report 0 card holders, which changes no
    sum and no count: 发卡地市比例 is 8 × 100 ÷ 13 = 61.54 and complete."""
    for code in LATE:
        save(partly, code, "T05", {(code, "holders"): "0"})
    return partly


def test_cli_json_is_the_spec_list_with_hand_computed_values(filled):
    results = cli_json(filled.pk)
    assert len(results) == 19 * 2  # every 表1 row at 2015-06 and 2015-12
    assert all(set(r) == SPEC_KEYS for r in results)

    cards = by(results, "card_cities", "2015-12")
    assert cards["target"] == {"op": ">", "value": 90}
    assert cards["attribute"] == "约束性"
    assert (cards["derivable"], cards["derived"], cards["reported"]) == (True, 61.54, 61.54)
    assert (cards["differs"], cards["met"]) == (False, False)

    holders = by(results, "card_holders", "2015-12")
    # 8 亿 is national: the province is not judged, it sees its share (0.46 ÷ 8 = 5.75 %)
    assert judged(holders) == (0.46, 0.5, True, None)
    assert (holders["scope"], holders["target_share"]) == ("national", 5.75)
    assert cards["scope"] == "province" and cards["target_share"] is None

    hotline = by(results, "hotline_city", "2015-06")
    assert hotline["target"] == {"op": ">=", "value": 90}
    assert judged(hotline) == (92.31, 90, True, True)

    # 不可推算: no formula for that date; met is judged on the reported value alone
    network = by(results, "network_city", "2015-12")
    assert network["derivable"] is False
    assert judged(network) == (None, 100, False, True)
    # a formula whose inputs are blank: underived, the blank inputs named
    agencies = by(results, "man_agencies", "2015-12")
    assert agencies["derivable"] and agencies["derived"] is None and agencies["missing"]
    assert (agencies["complete"], agencies["met"]) == (False, None)
    # 表5's 13 cities and the province (表14) have all reported
    assert (cards["complete"], cards["units_reported"], cards["units_expected"]) == (True, 14, 14)


def test_incomplete_inputs_are_not_judged_on_any_channel(partly, client_for, province_admin):
    """镇江, 泰州, 宿迁 have not filled 表5: 发卡地市比例 is 数据不全, 11 of 14 units, never
    the 61.54 in red the 13-city denominator gave; over the 10 reporting cities 8 ÷ 10 = 80.00."""
    cards = by(cli_json(partly.pk), "card_cities", "2015-12")
    assert (cards["complete"], cards["units_reported"], cards["units_expected"]) == (False, 11, 14)
    assert (cards["derived"], cards["met"], cards["differs"], cards["partial"]) == (None, None, False, 80)
    client = client_for(province_admin)
    detail = by(
        client.get(f"/api/campaigns/{partly.pk}/indicators?detail=true").json(), "card_cities", "2015-12"
    )
    assert detail["severity"] is None
    assert detail["missing_units"] == [
        {"org": "321100", "name": "镇江市"},
        {"org": "321200", "name": "泰州市"},
        {"org": "321300", "name": "宿迁市"},
    ]
    html = page_text(client, partly.pk)
    derived = cell(html, "derived-card_cities-2015-12")
    assert "数据不全" in derived and "已填报 11/14 个单位" in derived and "按已填报单位 80.00" in derived
    assert "61.54" not in derived
    met = cell(html, "met-card_cities-2015-12")
    assert "暂不判断" in met and "未达标" not in met and "error" not in met
    working = html[html.index('id="w-card_cities-2015-12"') :]
    working = working[: working.index("</section>")]
    assert "数据不全：已填报 11/14 个单位，暂不判断是否达标" in working
    assert f'<a href="/c/{partly.pk}/321300/">宿迁市</a>' in working  # the missing unit, linked
    assert "按已填报单位计算：80.00（仅供参考" in working


def test_cli_prints_only_json_and_exits_0(filled, capsys):
    assert main(["indicators", "--campaign", filled.pk, "--org", PROVINCE, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == cli_json(filled.pk)


def test_cli_refuses_a_city_and_an_unknown_campaign(filled, capsys):
    assert main(["indicators", "--campaign", filled.pk, "--org", NANJING, "--format", "json"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "表1" in out.err
    assert main(["indicators", "--campaign", "no-such", "--format", "json"]) == 3


def test_api_returns_the_same_list_and_details_on_request(filled, client_for, province_admin):
    client = client_for(province_admin)
    plain = client.get(f"/api/campaigns/{filled.pk}/indicators?org={PROVINCE}")
    assert plain.status_code == 200
    assert plain.json() == cli_json(filled.pk)
    assert client.get(f"/api/campaigns/{filled.pk}/indicators").json() == plain.json()  # org defaults

    detail = client.get(f"/api/campaigns/{filled.pk}/indicators?detail=true").json()
    cards = by(detail, "card_cities", "2015-12")
    assert cards["severity"] == "error"  # an unmet 约束性 target
    inputs = {i["key"]: i for i in cards["inputs"]}
    assert inputs["issuing"]["value"] == 8 and inputs["cities"]["value"] == 13
    assert inputs["cities"]["source"] == {"table": "T14", "row": "cities", "column": "qty"}
    lines = {c["org"]: c for c in cards["cities"]}
    assert lines[NANJING]["counted"] is True
    assert lines["320900"]["reported"] is True and lines["320900"]["counted"] is False  # a reported 0
    assert lines["321300"]["reported"] is True and lines["321300"]["counted"] is False  # 宿迁: 0


def test_api_refuses_a_city_org(filled, client_for, nanjing_reporter, province_admin):
    url = f"/api/campaigns/{filled.pk}/indicators?org={NANJING}"
    assert client_for(province_admin).get(url).status_code == 404
    assert client_for(nanjing_reporter).get(url).status_code == 404


def page_text(client, campaign_id: str) -> str:
    response = client.get(f"/reports/c/{campaign_id}/{PROVINCE}/indicators/")
    assert response.status_code == 200
    return response.content.decode()


def cell(html: str, testid: str) -> str:
    match = re.search(rf'<td[^>]*data-testid="{testid}"[^>]*>(.*?)</td>', html, re.S)
    assert match, testid
    return match.group(0)


def test_page_shows_derived_reported_flags_and_colours(filled, client_for, province_admin):
    html = page_text(client_for(province_admin), filled.pk)
    assert "61.54" in cell(html, "derived-card_cities-2015-12")
    met = cell(html, "met-card_cities-2015-12")
    assert "未达标" in met and "error" in met  # binding target: red
    assert "不一致" in cell(html, "reported-card_holders-2015-12")
    assert "不一致" not in cell(html, "reported-card_cities-2015-12")
    assert "不可推算" in cell(html, "derived-card_cities-2015-06")
    hotline = cell(html, "met-hotline_city-2015-06")
    assert "达标" in hotline and "未达标" not in hotline and "met met" in hotline
    assert "不可推算" in cell(html, "derived-network_city-2015-12")
    # 8 亿 is the nation's target: the province is not judged, it sees its part of it
    holders = cell(html, "met-card_holders-2015-12")
    assert "全国目标" in holders and "本省占 5.75%" in holders and "未达标" not in holders
    assert "error" not in holders and "warning" not in holders


def test_page_explains_the_working_with_links_to_the_source_cells(filled, client_for, province_admin):
    html = page_text(client_for(province_admin), filled.pk)
    working = html[html.index('id="w-card_cities-2015-12"') :]
    working = working[: working.index("</section>")]
    assert "持卡人数大于 0 的地市数" in working
    assert f'href="/c/{filled.pk}/{PROVINCE}/T14/#m__cities__qty"' in working
    assert f'href="/c/{filled.pk}/{PROVINCE}/T05/#m__{NANJING}__holders"' in working  # per-city line
    holders = html[html.index('id="w-card_holders-2015-12"') :]
    holders = holders[: holders.index("</section>")]
    assert f'href="/c/{filled.pk}/{PROVINCE}/T05/#c__total__holders"' in holders


def test_the_linked_cells_exist_on_the_table_pages(filled, client_for, province_admin):
    client = client_for(province_admin)
    t05 = client.get(f"/c/{filled.pk}/{PROVINCE}/T05/").content.decode()
    assert f'id="m__{NANJING}__holders"' in t05 and 'id="c__total__holders"' in t05
    assert 'id="m__cities__qty"' in client.get(f"/c/{filled.pk}/{PROVINCE}/T14/").content.decode()


def test_page_is_recomputed_after_a_save(filled, client_for, province_admin):
    client = client_for(province_admin)
    assert "61.54" in cell(page_text(client, filled.pk), "derived-card_cities-2015-12")
    save(filled, "321100", "T05", {("321100", "holders"): "300"})  # 镇江 issues cards: 9 × 100 ÷ 13
    html = page_text(client, filled.pk)
    assert "69.23" in cell(html, "derived-card_cities-2015-12")
    assert "不一致" in cell(html, "reported-card_cities-2015-12")  # 表1 still says 61.54


def test_a_city_page_says_the_indicators_belong_to_the_province(filled, client_for, nanjing_reporter):
    response = client_for(nanjing_reporter).get(f"/reports/c/{filled.pk}/{NANJING}/indicators/")
    assert response.status_code == 404
