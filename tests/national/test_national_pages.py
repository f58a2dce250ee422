"""The ministry's pages of a national campaign (docs/spec.md §11.4): national 表1, province
comparison, national dashboard, each table by province, the national workbook; page, API and
command line; stored summaries refreshed on save; only the ministry's roles read them; the
query count flat in the number of provinces."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from tests.conftest import CLI, PASSWORD, renewed_now
from tests.jobs.helpers import file_through_job
from tests.national.national_data import NATIONAL, fill, national_with, open_nation, submit

from kaoping.collection.models import Campaign, StoredSummary
from kaoping.collection.national import national_children
from kaoping.collection.services import save_table, table_version
from kaoping.demo import ensure_user
from kaoping.orgs.models import User
from kaoping.orgs.roles import Role

JS, BJ, HB, NX = "320000", "110000", "420000", "640000"
BASE = f"/reports/c/{NATIONAL}/000000/national/"
PAGES = [BASE, BASE + "indicators/", BASE + "compare/", BASE + "tables/T05/", BASE + "indicators/print/"]


@pytest.fixture
def reviewer(org_tree) -> User:  # type: ignore[no-untyped-def]
    return ensure_user("p_bu_shenhe", "部审核员戊", Role.MINISTRY_REVIEWER, "000000", password=PASSWORD)


@pytest.fixture
def nation(org_tree) -> Campaign:  # type: ignore[no-untyped-def]
    return national_with([JS, BJ, NX], submitted=[JS, BJ])  # 宁夏 has not submitted


def children(national: Campaign) -> dict[str, Campaign]:
    return {c.org_id: c for c in national_children(national)}


def test_pages_show_the_submitted_provinces_and_name_the_missing(nation, reviewer, client_for):
    client = client_for(reviewer)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert "已纳入 2 个省级单位的上报数据，未纳入 1 个（尚未上报）：宁夏回族自治区" in page, path
    table = client.get(BASE + "tables/T05/").content.decode()
    assert "江苏省" in table and "北京市" in table and "全国合计" in table
    assert f"/c/{NATIONAL}-{JS}/{JS}/t/T05/" in table or f"{NATIONAL}-{JS}" in table  # links to its table


def test_comparison_ranks_the_provinces_and_links_each_to_its_survey(nation, reviewer, client_for):
    client = client_for(reviewer)
    page = client.get(BASE + "compare/?indicator=card_holders&date=2015-12").content.decode()
    found = client.get(
        f"/api/campaigns/{NATIONAL}/national/compare?indicator=card_holders&date=2015-12"
    ).json()
    values = {p["org"]: p["value"] for p in found["provinces"]}
    ranked = [r["org"] for r in found["ranked"]]
    assert ranked == sorted(values, key=lambda code: -values[code]) and len(ranked) == 2  # 宁夏 not submitted
    rows = [page.index(f'data-org="{code}"') for code in ranked]
    assert rows == sorted(rows)  # the page in the same order, highest first
    # a national absolute: each sees its share of the 8 亿 and is never judged on its own
    assert all(p["met"] is None and p["target_share"] is not None for p in found["provinces"])
    assert page.count("占全国目标") == 2
    assert f"/c/{NATIONAL}-{BJ}/{BJ}/" in page and f"/c/{NATIONAL}-{JS}/{JS}/" in page
    assert 'data-chart="chart-data-compare"' in page


def test_api_and_cli_give_the_national_table_1(nation, reviewer, client_for, capsys):
    client = client_for(reviewer)
    found = client.get(f"/api/campaigns/{NATIONAL}/national/indicators").json()
    holders = next(r for r in found if r["indicator"] == "card_holders" and r["date"] == "2015-12")
    assert holders["provinces_included"] == 2 and holders["provinces_expected"] == 3
    assert holders["met"] is None  # a province is missing: not judged
    assert [p["org"] for p in holders["provinces"]] == [BJ, JS]  # the tree's order
    assert all(p["met"] is None and p["target_share"] is not None for p in holders["provinces"])
    call_command("indicators", campaign=NATIONAL, org="000000", format="json")
    assert json.loads(capsys.readouterr().out) == found
    table = client.get(f"/api/campaigns/{NATIONAL}/national/tables/T05").json()
    assert [r["org"] for r in table["rows"]] == [BJ, JS] and table["missing"] == [
        {"org": NX, "name": "宁夏回族自治区"}
    ]


def test_workbook_from_page_api_and_cli(nation, reviewer, client_for, tmp_path, settings):
    settings.JOBS_DIR = tmp_path / "jobs"
    client = client_for(reviewer)
    for content in (
        file_through_job(client, BASE + "workbook/"),
        client.get(f"/api/campaigns/{NATIONAL}/national/workbook").content,
    ):
        book = openpyxl.load_workbook(io.BytesIO(content))
        assert book.sheetnames[0] == "表1 全国" and "表5" in book.sheetnames and len(book.sheetnames) == 15
        sheet = book["表5"]
        names = [sheet.cell(row=r, column=2).value for r in range(5, 8)]
        assert names == ["北京市", "江苏省", "全国合计"]
    out = tmp_path / "nation.xlsx"
    call_command("export", campaign=NATIONAL, kind="national", output=str(out))
    assert openpyxl.load_workbook(out).sheetnames[0] == "表1 全国"


def test_only_the_ministry_reads_the_nation(nation, personas, client_for):
    for user in (personas.province_admin, personas.province_reviewer, personas.nanjing_reporter):
        client = client_for(user)
        for path in (*PAGES, f"/api/campaigns/{NATIONAL}/national/indicators"):
            assert client.get(path).status_code in (403, 404), (user.username, path)
    assert client_for(personas.ministry_admin).get(BASE).status_code == 200


def test_a_provincial_campaign_has_no_national_pages(nation, reviewer, client_for):
    jiangsu = children(nation)[JS]
    assert client_for(reviewer).get(f"/reports/c/{jiangsu.pk}/{JS}/national/").status_code == 404


def test_a_save_refreshes_the_stored_summary_and_submission_includes_it(nation, reviewer, client_for):
    ningxia = children(nation)[NX]
    city = ningxia.members[0]
    version = table_version(ningxia, city, "T05")
    save_table(CLI, ningxia, city, "T05", {(city, "holders"): "12345.00"}, version, channel="cli")
    stored = StoredSummary.objects.get(campaign=ningxia).data
    assert stored["tables"]["T05"]["main.holders"] is not None
    submit(ningxia)
    page = client_for(reviewer).get(BASE + "tables/T05/").content.decode()
    assert "已纳入全部 3 个省级单位的上报数据" in page and "宁夏回族自治区" in page


def test_query_count_is_flat_in_the_number_of_provinces(nation, reviewer, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(reviewer)

    def counted() -> dict[str, int]:
        out = {}
        for path in PAGES[:4]:
            renewed_now(client)
            client.get(path)  # warm
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            out[path] = len(queries)
        return out

    before = counted()
    hubei = children(open_nation([JS, BJ, NX, HB]))[HB]  # a fourth province, submitted
    fill(hubei)
    submit(hubei)
    after = counted()
    assert "湖北省" in client.get(BASE + "tables/T05/").content.decode()
    assert before == after == PINS, (before, after)


# Every page pays the 8 of tests/web/test_page_queries.py (session, user, roles, tree, top
# bar and its unread notifications, reminders); then 5: the campaign, the
# organisation, the provinces' campaigns (with their organisations), which provinces have
# submitted, their stored summaries.
PINS = {BASE: 13, BASE + "indicators/": 13, BASE + "compare/": 13, BASE + "tables/T05/": 13}


def _cell(page: str, testid: str) -> str:
    import re

    found = re.search(rf'data-testid="{testid}">\s*<a [^>]*>([^<]+)</a>', page)
    assert found, testid
    return found.group(1)


def _table(page: str) -> str:
    return page[page.index('<table class="paper ind national"') : page.index("</table>")]


def test_the_cached_national_figures_follow_every_stored_summary(nation, reviewer, client_for):
    """The national 表1 and dashboard are built once per stored state of the nation: a
    province's new summary gives new figures at once, the same as built afresh; each request
    gets its own list of the (frozen) results."""
    from kaoping.collection import summaries
    from kaoping.collection.models import Value
    from kaoping.reports import nation as module

    client = client_for(reviewer)
    cell = "derived-card_holders-2015-12"
    before = _cell(client.get(BASE + "indicators/").content.decode(), cell)
    jiangsu = children(nation)[JS]
    row = Value.objects.filter(campaign=jiangsu, table="T05", column="holders").exclude(row="total").first()
    Value.objects.filter(pk=row.pk).update(text=str(Decimal(row.text) + 5000))  # 万人: 0.5 亿 more
    summaries.refresh(jiangsu)
    cached = client.get(BASE + "indicators/").content.decode()
    assert Decimal(_cell(cached, cell)) == Decimal(before) + Decimal("0.5")
    module._BUILT.clear()
    afresh = client.get(BASE + "indicators/").content.decode()
    assert _table(afresh) == _table(cached) and "national-indicators" in _table(cached)
    first, second = module.nation(nation, reviewer), module.nation(nation, reviewer)
    assert first.key == second.key and first.indicators == second.indicators
    assert first.indicators is not second.indicators
