"""Opening a national campaign (docs/spec.md §11): the ministry's campaign over the chosen
provincial units, one provincial campaign per province below it, each with that province's
cities as members; page, API and command line; a province's people cannot open one."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from tests.conftest import CLI

from kaoping.collection.campaigns import CampaignError, CampaignSpec
from kaoping.collection.models import Campaign
from kaoping.collection.national import national_children, open_national_campaign
from kaoping.orgs.models import Organisation

JS, ZJ, BEIJING, BINGTUAN = "320000", "330000", "110000", "660000"
OPEN = reverse("collection:open")


def spec(**given: object) -> CampaignSpec:
    base: dict[str, object] = {
        "id": "nat-2015",
        "definition": "survey-2015@1",
        "org": "000000",
        "opens": date(2015, 7, 1),
        "closes": date(2099, 12, 31),
        "title": "2015 全国规划中期评估调查",
    }
    return CampaignSpec(**(base | given))  # type: ignore[arg-type]


def test_all_provincial_units_by_default_each_with_its_own_campaign_and_cities(org_tree):
    national = open_national_campaign(CLI, spec())
    provinces = list(Organisation.objects.filter(level="province", active=True).order_by("position", "code"))
    assert national.org_id == "000000" and national.parent_id is None
    assert len(provinces) == 32  # 31 provinces and 新疆生产建设兵团 (660000)
    assert national.members == [p.code for p in provinces] and BINGTUAN in national.members
    children = list(national_children(national))
    assert [c.org_id for c in children] == national.members
    jiangsu = next(c for c in children if c.org_id == JS)
    assert jiangsu.id == "nat-2015-320000" and jiangsu.parent_id == "nat-2015"
    assert jiangsu.members == [f"32{n:02d}00" for n in range(1, 14)]  # 南京 320100 … 宿迁 321300
    assert {c.snapshot_id for c in children} == {national.snapshot_id}  # one snapshot for all
    assert {(c.title, c.opens, c.closes) for c in children} == {
        ("2015 全国规划中期评估调查", date(2015, 7, 1), date(2099, 12, 31))
    }
    beijing = next(c for c in children if c.org_id == BEIJING)
    assert len(beijing.members) == 16 and beijing.members[0] == "110101"  # its districts: 东城区 …
    # 县级单位数 defaults from the tree, per provincial campaign (南京 11).
    assert jiangsu.base_figures.get(org_id="320100", key="counties").value == 11


def test_a_chosen_set_and_running_again_adds_only_the_missing_provinces(org_tree):
    national = open_national_campaign(CLI, spec(), [ZJ, JS])
    assert national.members == [JS, ZJ]  # the tree's order, not the order given
    assert sorted(national_children(national).values_list("org_id", flat=True)) == [JS, ZJ]
    again = open_national_campaign(CLI, spec(title="另一个名称"), [JS, ZJ, BEIJING])
    assert again.members == [JS, ZJ, BEIJING] and again.title == "2015 全国规划中期评估调查"
    assert national_children(again).count() == 3
    assert open_national_campaign(CLI, spec(), [JS]).members == [JS, ZJ, BEIJING]
    assert Campaign.objects.filter(parent=national).count() == 3


@pytest.mark.parametrize(
    ("provinces", "message"),
    [
        (["320100"], "不是现行的省级单位：320100"),
        (["999999"], "不是现行的省级单位：999999"),
        ([], "请至少选择一个省级单位"),
    ],
)
def test_anything_but_a_provincial_unit_is_refused(org_tree, provinces, message):
    with pytest.raises(CampaignError, match=message):
        open_national_campaign(CLI, spec(), provinces)
    assert not Campaign.objects.exists()


def test_a_province_admin_cannot_open_a_national_campaign(personas):
    with pytest.raises(PermissionDenied, match="需要部管理员角色"):
        open_national_campaign(personas.province_admin, spec())
    assert not Campaign.objects.exists()


def test_the_ministry_admin_opens_one_on_the_page_for_a_chosen_set(personas, client_for):
    client = client_for(personas.ministry_admin)
    page = client.get(OPEN)
    assert page.status_code == 200
    assert "全国（下列省级单位）" in page.content.decode() and "新疆生产建设兵团" in page.content.decode()
    form = {
        "id": "nat-2015",
        "definition": "survey-2015@1",
        "org": "000000",
        "opens": "2015-07-01",
        "closes": "2015-09-30",
        "provinces": [JS, ZJ],
    }
    response = client.post(OPEN, form)
    assert response.status_code == 302, response.content.decode()
    assert list(national_children(Campaign.objects.get(pk="nat-2015")).values_list("id", flat=True)) == [
        "nat-2015-320000",
        "nat-2015-330000",
    ]
    # A province's administrator sees no national choice.
    assert "全国（下列省级单位）" not in client_for(personas.province_admin).get(OPEN).content.decode()


def test_the_api_and_the_command_line_open_one(personas, client_for, capsys):
    body = {"id": "nat-api", "definition": "survey-2015@1", "org": "000000"}
    body |= {"opens": "2015-07-01", "closes": "2015-09-30", "provinces": [ZJ]}
    created = client_for(personas.ministry_admin).post(
        "/api/campaigns", data=json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["org"] == "000000" and created.json()["parent"] is None
    child = client_for(personas.ministry_admin).get("/api/campaigns/nat-api-330000").json()
    assert child["parent"] == "nat-api" and child["org"] == ZJ
    body |= {"id": "nat-prov", "org": JS}
    refused = client_for(personas.province_admin).post(
        "/api/campaigns", data=json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 422
    assert "只有全国任务" in refused.json()["detail"]
    call_command(
        "campaigns",
        "open",
        "--id",
        "nat-cli",
        "--definition",
        "survey-2015@1",
        "--national",
        "--provinces",
        f"{JS},{BINGTUAN}",
        "--opens",
        "2015-07-01",
        "--closes",
        "2015-09-30",
    )
    out = capsys.readouterr().out
    assert (
        "已开启任务 nat-cli" in out
        and "其下 2 个省级任务" in out
        and "新疆生产建设兵团（nat-cli-660000）" in out
    )


def copy_from_choices(page: str) -> list[tuple[str, str]]:
    """(campaign, its organisation) offered to start from."""
    select = page[page.index('name="copy_from"') :]
    return re.findall(r'<option value="([^"]+)" data-org="(\d+)"', select[: select.index("</select>")])


def test_the_page_names_the_opened_campaign_and_offers_only_its_organisations_campaigns(personas, client_for):
    ministry = client_for(personas.ministry_admin)
    form = {
        "id": "nat-2015",
        "title": "2015 全国规划中期评估调查",
        "definition": "survey-2015@1",
        "org": "000000",
        "opens": "2015-07-01",
        "closes": "2015-09-30",
        "provinces": [JS, ZJ],
    }
    opened = ministry.post(OPEN, form, follow=True).content.decode()
    assert "任务《2015 全国规划中期评估调查》已开启。" in opened
    assert "nat-2015 已开启" not in opened and "任务 nat-2015" not in opened
    # Each campaign offered names its organisation: the page shows those of the one chosen.
    offered = copy_from_choices(ministry.get(OPEN).content.decode())
    assert offered == [("nat-2015", "000000"), ("nat-2015-320000", JS), ("nat-2015-330000", ZJ)]
    # A new national campaign starts from a national one, never from a province's.
    refused = ministry.post(OPEN, form | {"id": "nat-2016", "copy_from": "nat-2015-320000"})
    assert refused.status_code == 200 and "请选择同一组织的任务" in refused.content.decode()
    assert not Campaign.objects.filter(pk="nat-2016").exists()
    # 江苏's administrator, from 江苏's own campaigns only: its part of the national one.
    jiangsu = client_for(personas.province_admin).get(OPEN).content.decode()
    assert copy_from_choices(jiangsu) == [("nat-2015-320000", JS)]
