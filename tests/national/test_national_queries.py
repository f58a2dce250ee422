"""Query counts of the ministry's national pages, pinned exactly and flat in the number of
provinces (as tests/web/test_page_queries.py pins the province's pages in its cities).

The national 报送进度 (as 部审核员) pays the 8 every page pays (tests/web/test_page_queries.py)
and then: the campaign, the provinces' campaigns, their submissions, what each of their units
filled per table, their last edit and last reminder (three aggregates), their deadline
extensions — and the definition's
snapshot texts are read once per process. 我的任务 reads the campaigns once, the demo's 江苏
campaign as for any province (its list rows, values and 说明, what it filled, its extensions, its submission,
its base figures and its baseline's data stamp for the data-quality findings)
and the national campaign's provinces by status (one aggregate); the provinces' own campaigns
are followed there, not listed."""

from __future__ import annotations

from datetime import date

from tests.conftest import CLI, count_queries

from kaoping.collection.campaigns import CampaignSpec
from kaoping.collection.national import open_national_campaign
from kaoping.collection.services import save_table, table_version
from kaoping.workflow import reminders

from .conftest import JS_CAMPAIGN, NATIONAL, ZJ, ZJ_CAMPAIGN

PINS = {f"/w/c/{NATIONAL}/progress/": 15, "/": 18}


def test_the_national_pages_take_the_same_queries_with_3_and_with_32_provinces(
    national, jiangsu, ministry_reviewer, zhejiang_admin, client_for, django_assert_num_queries
):
    zhejiang = national.children.get(pk=ZJ_CAMPAIGN)
    save_table(
        zhejiang_admin, zhejiang, ZJ, "T09", {("province", "staff"): "12"}, table_version(zhejiang, ZJ, "T09")
    )
    reminders.remind(ministry_reviewer, zhejiang, ZJ)
    client = client_for(ministry_reviewer)
    count_queries(client, PINS, django_assert_num_queries)
    spec = CampaignSpec(
        id=NATIONAL,
        definition="survey-2015@1",
        org="000000",
        opens=date(2015, 7, 1),
        closes=date(2099, 12, 31),
    )
    assert len(open_national_campaign(CLI, spec).members) == 32
    count_queries(client, PINS, django_assert_num_queries)
    page = client.get(f"/w/c/{NATIONAL}/progress/").content.decode()
    for name in ("北京市", "江苏省", "浙江省", "新疆维吾尔自治区", "新疆生产建设兵团"):
        assert name in page, name
    assert page.count('data-org="') == 32 and JS_CAMPAIGN in page
