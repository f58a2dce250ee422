"""自定义汇总 wired up (docs/spec.md §13.5): the province's cities from the demo's values and
base figures, the nation's provinces, saved per user, the workbook, and who may read what."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import urlencode

from openpyxl import load_workbook
from tests.national.conftest import JS, NATIONAL, ZJ, open_national

from kaoping.collection.campaigns import base_figures
from kaoping.demo import ensure_user
from kaoping.orgs.roles import Role
from kaoping.reports.models import SavedSummary

PAGE = "/reports/c/demo-2015/320000/summary/"
API = "/api/campaigns/demo-2015/orgs/320000/summary"
DEPLOYED = "main.deployed"  # 表10 已部署数量（台）


def test_cities_per_population_by_hand(demo, client_for, province_reviewer) -> None:  # type: ignore[no-untyped-def]
    query = {
        "table": "T10",
        "c": [DEPLOYED, f"{DEPLOYED}/population"],
        "sort": f"{DEPLOYED}/population",
        "desc": "1",
    }
    answer = client_for(province_reviewer).get(API, query)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    # the demo's 表10: 南京 150 台 / 821.61 万人 = 0.1826; 无锡 170 / 650.01 = 0.2615;
    # 常州 210 / 469.64 = 0.4472; 苏州 230 / 1060.40 = 0.2169; the others have not filled 表10
    rows = [(r["name"], r["values"]) for r in body["rows"]]
    assert rows[:4] == [
        ("常州市", ["210", "0.45"]),
        ("无锡市", ["170", "0.26"]),
        ("苏州市", ["230", "0.22"]),
        ("南京市", ["150", "0.18"]),
    ]
    assert all(values == [None, None] for _name, values in rows[4:]) and len(rows) == 13
    # total: 760 台 over 3001.66 万人 = 0.2532
    assert body["total"] == ["760", "0.25"]
    assert (body["units"], body["shown"], body["level"]) == (13, 13, "320000")


def test_page_save_reopen_and_workbook(demo, client_for, province_reviewer, province_admin) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_reviewer)
    query = {"table": "T10", "c": [DEPLOYED, f"{DEPLOYED}/share"], "sort": DEPLOYED, "desc": "1"}
    page = client.get(PAGE, query)
    assert page.status_code == 200
    html = page.content.decode()
    assert "自定义汇总" in html and "合计（所列单位）" in html and "南京市" in html
    saved = client.post(PAGE + "?" + page.wsgi_request.GET.urlencode(), {"name": "终端密度"})
    assert saved.status_code == 302
    mine = SavedSummary.objects.get(user=province_reviewer)
    assert mine.query["c"] == [DEPLOYED, f"{DEPLOYED}/share"] and mine.query["level"] == ["320000"]
    assert "终端密度" in client.get(PAGE).content.decode()
    assert "终端密度" not in client_for(province_admin).get(PAGE).content.decode()  # per user
    # another user cannot delete it
    client_for(province_admin).post(PAGE, {"delete": str(mine.pk)})
    assert SavedSummary.objects.filter(pk=mine.pk).exists()
    book = client.get(PAGE + "xlsx/", query)
    assert book["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(book.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[1] == "合计（所列单位）" for row in values)
    assert client.post(PAGE, {"delete": str(mine.pk)}).status_code == 302
    assert not SavedSummary.objects.filter(pk=mine.pk).exists()


def test_refusals_in_words(demo, client_for, province_reviewer) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_reviewer)
    bad = client.get(PAGE, {"table": "T10", "c": ["nope.nope"]})
    assert bad.status_code == 400 and "所选栏目不属于该表" in bad.content.decode()
    assert client.get(API, {"table": "T10", "c": ["nope"]}).status_code == 422
    assert client.get(PAGE, {"table": "T99"}).status_code == 404
    assert client.get(PAGE, {"level": "330000"}).status_code == 404


def test_city_people_refused(demo, client_for, nanjing_reporter) -> None:  # type: ignore[no-untyped-def]
    assert client_for(nanjing_reporter).get(PAGE).status_code == 403
    assert client_for(nanjing_reporter).get(API).status_code == 403
    city = "/reports/c/demo-2015/320100/summary/"
    assert client_for(nanjing_reporter).get(city).status_code == 404


def test_nation_and_one_province(demo, client_for, ministry_admin) -> None:  # type: ignore[no-untyped-def]
    from kaoping.workflow.models import SUBMITTED, Submission

    open_national(demo.campaign)
    Submission.objects.create(campaign_id=f"{NATIONAL}-{JS}", org_id=JS, status=SUBMITTED)
    api = f"/api/campaigns/{NATIONAL}/orgs/000000/summary"
    client = client_for(ministry_admin)
    body = client.get(api, {"table": "T05"}).json()
    assert [lv["key"] for lv in body["levels"]] == ["nation", JS, ZJ, "340000"]
    key = next(c["key"] for c in body["offered"] if c["kind"] == "number")
    nation = client.get(api, {"table": "T05", "c": [key, f"{key}/counties"]}).json()
    assert [r["org"] for r in nation["rows"]] == [JS]  # only the submitted province, as every national view
    counties = sum(f["counties"] for f in base_figures(demo.campaign).values() if "counties" in f)
    value = Decimal(nation["rows"][0]["values"][0])
    assert Decimal(nation["rows"][0]["values"][1]) == (value / counties).quantize(Decimal("0.01"))
    cities = client.get(api, {"level": JS, "table": "T10", "c": [DEPLOYED]}).json()
    assert cities["total"] == ["760"] and len(cities["rows"]) == 13  # 江苏's own campaign, its cities
    zhejiang = ensure_user("p_zj_view", "浙江只读", Role.VIEWER, ZJ)
    refused = client_for(zhejiang).get(api)
    assert refused.status_code == 403 and "江苏" not in refused.content.decode()


def test_a_saved_summary_opens_on_another_campaign(demo, client_for, province_reviewer) -> None:  # type: ignore[no-untyped-def]
    """Saved on demo-2015, opened on the national campaign's 江苏 (its values start from the
    demo's): the same grid, 常州 first at 210 / 469.64 = 0.45 台 per 万 residents."""
    open_national(demo.campaign)
    client = client_for(province_reviewer)
    query = {"table": "T10", "c": [DEPLOYED, f"{DEPLOYED}/population"], "sort": f"{DEPLOYED}/population"}
    client.post(PAGE + "?" + urlencode({**query, "desc": "1"}, doseq=True), {"name": "终端密度"})
    mine = SavedSummary.objects.get(user=province_reviewer)
    assert mine.labels["c"][f"{DEPLOYED}/population"] == "已部署数量（台）（每万常住人口）"
    there = f"/reports/c/{NATIONAL}-{JS}/{JS}/summary/"
    listed = client.get(there).content.decode()
    assert f'href="?saved={mine.pk}"' in listed and "保存于2015 规划中期评估" in listed
    opened = client.get(there, {"saved": mine.pk})
    assert opened.status_code == 302 and "sort=main.deployed%2Fpopulation" in opened["Location"]
    api = client.get(f"/api/campaigns/{NATIONAL}-{JS}/orgs/{JS}/summary/saved/{mine.pk}").json()
    assert api["notes"] == [] and api["rows"][0]["name"] == "常州市"
    assert api["rows"][0]["values"] == ["210", "0.45"]


def test_what_another_campaign_lacks_is_said_in_chinese(
    demo, client_for, province_reviewer, ministry_admin
) -> None:  # type: ignore[no-untyped-def]
    """A summary saved under another definition: a column this 表10 lacks is left out (with its
    order), a table this definition lacks opens none of it, the nation's level on a province's
    page becomes the province's cities — each said in words; another user's summary: 404."""
    client = client_for(province_reviewer)

    def keep(user, query, labels):  # type: ignore[no-untyped-def]
        return SavedSummary.objects.create(
            user=user,
            campaign=demo.campaign,
            org_id="320000",
            name=str(query["c"]),
            query=query,
            labels=labels,
        ).pk

    old = keep(
        province_reviewer,
        {"level": ["320000"], "table": ["T10"], "c": [DEPLOYED, "main.retired"], "sort": ["main.retired"]},
        {"c": {"main.retired": "已报废数量（台）"}},
    )
    api = f"{API}/saved/{old}"
    body = client.get(api).json()
    assert body["notes"] == ["本任务的表10在该层级没有“已报废数量（台）”，已略去"]
    assert body["query"] == {"level": ["320000"], "table": ["T10"], "c": [DEPLOYED]}
    assert body["total"] == ["760"]
    page = client.get(PAGE, {"saved": old}, follow=True).content.decode()
    assert "本任务的表10在该层级没有“已报废数量（台）”，已略去" in page
    unlabelled = keep(province_reviewer, {"level": ["320000"], "table": ["T10"], "c": ["main.gone"]}, {})
    assert client.get(f"{API}/saved/{unlabelled}").json()["notes"] == [
        "本任务的表10在该层级没有1 个栏目，已略去"
    ]
    missing = keep(
        province_reviewer, {"level": ["320000"], "table": ["T99"], "c": ["main.x"]}, {"table": "表99 旧表"}
    )
    assert client.get(f"{API}/saved/{missing}").json()["notes"] == [
        "本任务的调查表中没有“表99 旧表”，该汇总的栏目均未打开"
    ]
    nation = SavedSummary.objects.create(
        user=ministry_admin, campaign=demo.campaign, org_id="320000", name="全国",
        query={"level": ["nation"], "table": ["T10"], "c": [DEPLOYED]}, labels={"level": "全国各省级单位"},
    )  # fmt: skip
    body = client_for(ministry_admin).get(f"{API}/saved/{nation.pk}").json()
    assert body["notes"] == ["“全国各省级单位”在本页不可用，已改为“江苏省各地市”"] and body["total"] == [
        "760"
    ]
    assert client.get(f"{API}/saved/{nation.pk}").status_code == 404  # not this reviewer's
    assert client.get(PAGE, {"saved": nation.pk}).status_code == 404
