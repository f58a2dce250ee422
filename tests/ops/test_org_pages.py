"""The organisation pages (docs/spec.md §12, docs/用户手册.md 组织管理): the 省管理员 (三员分立 off)
or the 系统管理员 (on) adds a unit below the province, renames and deactivates and reactivates
its cities — never deletes; each change is a ConfigChange in words; a unit outside the subtree
is 404 without its name; the business and the other duty roles are refused; a blind POST changes
nothing; ``kaoping orgs sync`` afterwards keeps the page's edits and stays idempotent. Expected
names written out by hand from definitions/orgs/national.yaml (320100 南京市, 320000 江苏省)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kaoping.collection.models import Campaign
from kaoping.demo import ensure_user
from kaoping.orgs.models import ConfigChange, Organisation
from kaoping.orgs.roles import Role

pytestmark = pytest.mark.django_db
PROVINCE, NJ, BEIJING = "320000", "320100", "110000"
NEW_UNIT = {"op": "add", "code": "329001", "name": "江苏测试县级市", "kind": "县级市", "counties": "1"}


@pytest.fixture(params=["ordinary", "separated"])
def manager(request, settings, personas):
    """The one who manages Jiangsu's units: 省管理员 without 三员分立, 系统管理员 with it."""
    if request.param == "ordinary":
        settings.SEPARATION_OF_DUTIES = False
        return personas.province_admin
    settings.SEPARATION_OF_DUTIES = True
    return ensure_user("d_system_admin", "系统管理员", Role.SYSTEM_ADMIN, PROVINCE, password="Duty-Pass-2015")


def entries() -> list[tuple[str, str, str, str]]:
    return [
        (e.subject, e.org.name, e.old, e.new)
        for e in ConfigChange.objects.filter(subject="组织").order_by("id")
    ]


def test_add_rename_deactivate_reactivate_in_words(manager, client_for):
    client = client_for(manager)
    assert client.get("/ops/orgs/").url == f"/ops/orgs/{PROVINCE}/"
    page = client.get(f"/ops/orgs/{PROVINCE}/").content.decode()
    assert "江苏省" in page and "南京市" in page and "无锡市" in page
    added = client.post(f"/ops/orgs/{PROVINCE}/", NEW_UNIT).content.decode()
    assert "已新增 江苏测试县级市" in added
    unit = Organisation.objects.get(code="329001")
    assert (unit.parent_id, unit.level, unit.kind, unit.counties) == (PROVINCE, "city", "县级市", 1)
    assert unit.maintained_locally and unit.active
    assert (
        "已更名"
        in client.post(f"/ops/orgs/{NJ}/", {"op": "rename", "name": "南京市（测试）"}).content.decode()
    )
    client.post(f"/ops/orgs/{NJ}/", {"op": "deactivate", "confirm": "yes"})
    assert not Organisation.objects.get(code=NJ).active
    client.post(f"/ops/orgs/{NJ}/", {"op": "reactivate", "confirm": "yes"})
    nanjing = Organisation.objects.get(code=NJ)
    assert nanjing.active and nanjing.name == "南京市（测试）" and nanjing.maintained_locally
    assert entries() == [
        ("组织", "江苏测试县级市", "", "新增 江苏测试县级市（县级市），隶属 江苏省"),
        ("组织", "南京市（测试）", "名称 南京市", "名称 南京市（测试）"),
        ("组织", "南京市（测试）", "现行", "停用（保留其数据，不删除）"),
        ("组织", "南京市（测试）", "停用", "现行"),
    ]


def test_the_config_page_shows_the_changes_in_words(personas, client_for):
    client_for(personas.province_admin).post(f"/ops/orgs/{NJ}/", {"op": "rename", "name": "南京新区"})
    shown = client_for(personas.province_admin).get("/ops/config/?subject=组织").content.decode()
    assert "名称 南京市" in shown and "名称 南京新区" in shown and NJ not in shown


def test_a_blind_post_or_an_unconfirmed_deactivation_changes_nothing(personas, client_for):
    client = client_for(personas.province_admin)
    client.post(f"/ops/orgs/{NJ}/", {"text": "x", "value": "999", "name": "乱改"})
    page = client.post(f"/ops/orgs/{NJ}/", {"op": "deactivate"}).content.decode()
    assert "请勾选确认框后再提交" in page
    nanjing = Organisation.objects.get(code=NJ)
    assert (nanjing.name, nanjing.active, nanjing.maintained_locally) == ("南京市", True, False)
    assert not ConfigChange.objects.filter(subject="组织").exists()


def test_bad_codes_are_refused_in_chinese(personas, client_for):
    client = client_for(personas.province_admin)
    page = client.post(f"/ops/orgs/{PROVINCE}/", {**NEW_UNIT, "code": NJ}).content.decode()
    assert "该代码已被使用" in page
    page = client.post(f"/ops/orgs/{PROVINCE}/", {**NEW_UNIT, "code": "32A"}).content.decode()
    assert "代码须为 6 位数字" in page
    assert not Organisation.objects.filter(name="江苏测试县级市").exists()


def test_the_province_itself_and_other_provinces_are_out_of_reach(personas, client_for):
    client = client_for(personas.province_admin)
    client.post(f"/ops/orgs/{PROVINCE}/", {"op": "rename", "name": "改名省"})
    assert Organisation.objects.get(code=PROVINCE).name == "江苏省"  # its own unit: the ministry's
    outside = client.get(f"/ops/orgs/{BEIJING}/")
    assert outside.status_code == 404 and "北京" not in outside.content.decode()
    assert client.post(f"/ops/orgs/{BEIJING}/", {"op": "rename", "name": "x"}).status_code == 404
    assert Organisation.objects.get(code=BEIJING).name == "北京市"


@pytest.mark.parametrize("separated", [False, True])
def test_others_are_refused(separated, settings, personas, client_for):
    settings.SEPARATION_OF_DUTIES = separated
    refused = [personas.nanjing_reporter, personas.province_reviewer, personas.expert]
    if separated:
        refused += [personas.province_admin]
        refused += [
            ensure_user(f"d_{r.value}", r.value, r, PROVINCE, password="Duty-Pass-2015")
            for r in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
        ]
    for user in refused:
        client = client_for(user)
        assert client.get("/ops/orgs/").status_code == 403, user.username
        assert client.post(f"/ops/orgs/{NJ}/", {"op": "rename", "name": "乱改"}).status_code == 404
    assert Organisation.objects.get(code=NJ).name == "南京市"


def test_a_unit_in_an_open_campaign_stays_in_its_set(personas, client_for, campaign):
    assert NJ in campaign.members
    client_for(personas.province_admin).post(f"/ops/orgs/{NJ}/", {"op": "deactivate", "confirm": "yes"})
    assert NJ in Campaign.objects.get(pk=campaign.pk).members


def test_sync_keeps_the_page_edits_and_is_idempotent(personas, client_for, capsys):
    client = client_for(personas.province_admin)
    client.post(f"/ops/orgs/{PROVINCE}/", NEW_UNIT)
    client.post(f"/ops/orgs/{NJ}/", {"op": "rename", "name": "南京市（测试）"})
    client.post(f"/ops/orgs/{'320200'}/", {"op": "deactivate", "confirm": "yes"})
    call_command("orgs", "sync")
    first = capsys.readouterr().out
    assert "本地维护，未同步：" in first and "南京市（测试）（320100）" in first
    assert "无锡市（320200）" in first and "江苏测试县级市（329001）" in first
    assert first.splitlines()[-1].endswith("无变化")
    assert Organisation.objects.get(code=NJ).name == "南京市（测试）"
    assert not Organisation.objects.get(code="320200").active
    assert Organisation.objects.get(code="329001").active
    call_command("orgs", "sync")
    assert capsys.readouterr().out == first
    assert not ConfigChange.objects.filter(subject="组织树").exists()
