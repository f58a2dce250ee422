"""A person's 姓名, 手机号 and 电子邮箱 changed in account management (issue 13 item 3, docs/spec.md
§9.6): by page, API and command line, within the administrator's subtree only (another
province's person is "not found"), refused in words when malformed with nothing saved, and
each change audited old → new in words."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from tests.conftest import PASSWORD

from kaoping.demo import ensure_user
from kaoping.ops.models import AccountChange
from kaoping.orgs.models import User
from kaoping.orgs.roles import Role

pytestmark = pytest.mark.django_db


def entries(user: User) -> list[tuple[str, str, str, str, str]]:
    found = AccountChange.objects.filter(target=user).order_by("id")
    return [(e.kind, e.old, e.new, e.actor, e.channel) for e in found]


def details(user: User) -> tuple[str, str, str]:
    user.refresh_from_db()
    return user.name, user.phone, user.email


def test_page_api_and_command_line_change_the_details_audited(client_for, province_admin, nanjing_reporter):
    page = f"/ops/accounts/{nanjing_reporter.pk}/details/"
    client = client_for(province_admin)
    form = {"name": "南京填报员王", "phone": "13912345678", "email": ""}
    body = client.post(page, form).content.decode()
    assert 'data-testid="details-saved"' in body and "个人信息已修改" in body
    assert details(nanjing_reporter) == ("南京填报员王", "13912345678", "")
    assert "姓名 南京填报员；手机号 （空）" in body  # the account's history on its page
    assert "没有改动" in client.post(page, form).content.decode()  # the same again: no entry

    api = client.patch(
        f"/api/accounts/{nanjing_reporter.pk}",
        {"email": "wang@nj.example.cn"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["email"] == "wang@nj.example.cn"
    assert api.json()["name"] == "南京填报员王"  # a field left out keeps its value

    out = io.StringIO()
    call_command("accounts", "edit", nanjing_reporter.username, "--phone", "025-84201234", stdout=out)
    assert out.getvalue().startswith("已修改：p_nanjing_tianbao（南京填报员王）启用")
    assert details(nanjing_reporter) == ("南京填报员王", "025-84201234", "wang@nj.example.cn")
    cli = entries(nanjing_reporter)[2][3]
    assert entries(nanjing_reporter) == [
        (
            "details",
            "姓名 南京填报员；手机号 （空）",
            "姓名 南京填报员王；手机号 13912345678",
            "p_sheng_admin",
            "page",
        ),
        ("details", "电子邮箱 （空）", "电子邮箱 wang@nj.example.cn", "p_sheng_admin", "api"),
        ("details", "手机号 13912345678", "手机号 025-84201234", cli, "cli"),
    ]
    assert cli.startswith("cli:")


def test_malformed_details_are_refused_in_words_and_nothing_is_saved(
    client_for, province_admin, nanjing_reporter
):
    client = client_for(province_admin)
    bad = {"name": "  ", "phone": "12ab", "email": "not-an-address"}
    body = client.post(f"/ops/accounts/{nanjing_reporter.pk}/details/", bad).content.decode()
    for words in ("姓名为空", "手机号“12ab”格式不对", "电子邮箱“not-an-address”格式不对"):
        assert words in body, words
    api = client.patch(
        f"/api/accounts/{nanjing_reporter.pk}", {"phone": "x"}, content_type="application/json"
    )
    assert api.status_code == 422 and "手机号“x”格式不对" in api.json()["detail"]
    with pytest.raises(Exception, match="未作修改：电子邮箱"):
        call_command("accounts", "edit", nanjing_reporter.username, "--email", "@", stdout=io.StringIO())
    assert details(nanjing_reporter) == ("南京填报员", "", "") and not entries(nanjing_reporter)
    own = client.post(f"/ops/accounts/{province_admin.pk}/details/", {"name": "改名", "phone": "13912345678"})
    assert own.status_code == 403 and details(province_admin)[0] == "省管理员甲"  # never one's own


def test_another_provinces_person_is_not_found(client_for, province_admin, nanjing_reporter):
    zhejiang = ensure_user("zj_admin", "浙江管理员", Role.PROVINCE_ADMIN, "330000", password=PASSWORD)
    hangzhou = ensure_user("hz_tianbao", "杭州填报员", Role.CITY_REPORTER, "330100", password=PASSWORD)
    form = {"name": "冒名", "phone": "13912345678"}
    for admin, person in ((zhejiang, nanjing_reporter), (province_admin, hangzhou)):
        client = client_for(admin)
        page = client.post(f"/ops/accounts/{person.pk}/details/", form)
        api = client.patch(f"/api/accounts/{person.pk}", form, content_type="application/json")
        assert (page.status_code, api.status_code) == (404, 404)
        assert person.name not in page.content.decode() + api.content.decode()
    assert details(nanjing_reporter)[0] == "南京填报员" and details(hangzhou)[0] == "杭州填报员"
    assert not AccountChange.objects.filter(kind="details").exists()
