"""The province administrator's pages: open a campaign, enter its base figures."""

from __future__ import annotations

from kaoping.collection.models import BaseFigure, Campaign

NJ = "320100"


def test_the_province_admin_opens_a_campaign_from_the_page(org_tree, client_for, province_admin):
    client = client_for(province_admin)
    page = client.get("/campaigns/new/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "开启任务" in text and "survey-2015@1" in text and "江苏省" in text
    form = {
        "id": "js-2016",
        "title": "2016 规划评估",
        "definition": "survey-2015@1",
        "org": "320000",
        "opens": "2016-07-01",
        "closes": "2016-09-30",
        "copy_from": "",
    }
    response = client.post("/campaigns/new/", form)
    assert response.status_code == 302
    assert response["Location"] == "/campaigns/js-2016/base-figures/"
    campaign = Campaign.objects.get(pk="js-2016")
    assert (campaign.title, campaign.org_id, str(campaign.closes)) == (
        "2016 规划评估",
        "320000",
        "2016-09-30",
    )


def test_a_window_that_closes_before_it_opens_is_shown_in_chinese(org_tree, client_for, province_admin):
    form = {
        "id": "bad",
        "definition": "survey-2015@1",
        "org": "320000",
        "opens": "2016-07-01",
        "closes": "2016-01-01",
    }
    response = client_for(province_admin).post("/campaigns/new/", form)
    assert response.status_code == 200
    assert "填报结束日期早于开始日期" in response.content.decode()
    assert not Campaign.objects.filter(pk="bad").exists()


def test_base_figures_are_entered_per_city(campaign, client_for, province_admin):
    client = client_for(province_admin)
    page = client.get(f"/campaigns/{campaign.id}/base-figures/")
    assert page.status_code == 200
    assert "南京市" in page.content.decode() and "常住人口（万人）" in page.content.decode()
    response = client.post(
        f"/campaigns/{campaign.id}/base-figures/",
        {f"{NJ}-population": "821.61", f"{NJ}-insured_urban": "412.30", f"{NJ}-counties": "11"},
    )
    assert response.status_code == 302
    assert {(b.key, str(b.value)) for b in BaseFigure.objects.filter(org_id=NJ)} == {
        ("population", "821.61"),
        ("insured_urban", "412.30"),
        ("counties", "11.00"),
    }


def test_cities_and_reviewers_cannot_open_campaigns_or_set_figures(
    campaign, client_for, nanjing_leader, province_reviewer
):
    for user in (nanjing_leader, province_reviewer):
        client = client_for(user)
        assert client.get("/campaigns/new/").status_code == 403
        form = {
            "id": "x",
            "definition": "survey-2015@1",
            "org": "320000",
            "opens": "2016-07-01",
            "closes": "2016-09-30",
        }
        assert client.post("/campaigns/new/", form).status_code == 403
        assert client.post(
            f"/campaigns/{campaign.id}/base-figures/", {f"{NJ}-population": "1"}
        ).status_code in (403, 404)
    assert not BaseFigure.objects.exclude(key="counties").exists()  # only the tree's defaults
    assert Campaign.objects.count() == 1


def test_only_the_campaign_administrator_finds_the_links_to_these_pages(
    campaign, client_for, province_admin, nanjing_reporter
):
    overview = f"/c/{campaign.id}/320000/"
    admin_page = client_for(province_admin).get(overview).content.decode()
    assert 'href="/campaigns/new/"' in admin_page  # top bar: 开启任务
    assert f'href="/campaigns/{campaign.id}/base-figures/"' in admin_page
    city_page = client_for(nanjing_reporter).get(f"/c/{campaign.id}/{NJ}/").content.decode()
    assert "/campaigns/new/" not in city_page and "base-figures" not in city_page


def test_a_campaign_opened_from_the_page_names_its_baseline(demo, client_for, province_admin):
    client = client_for(province_admin)
    assert "基期任务" in client.get("/campaigns/new/").content.decode()
    form = {"id": "js-2016", "definition": "survey-2015@1", "org": "320000"}
    form |= {"opens": "2016-07-01", "closes": "2016-09-30", "baseline": "demo-2015"}
    assert client.post("/campaigns/new/", form).status_code == 302
    assert Campaign.objects.get(pk="js-2016").baseline_id == "demo-2015"
    later = form | {"id": "js-2014", "opens": "2014-07-01", "closes": "2014-09-30"}
    response = client.post("/campaigns/new/", later)  # a baseline must be earlier: nothing opened
    assert "基期任务应早于本任务" in response.content.decode()
    assert not Campaign.objects.filter(pk="js-2014").exists()
