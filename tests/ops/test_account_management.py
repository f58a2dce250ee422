"""Accounts one at a time in the product (issue 13 item 3): create, change roles, disable and
re-enable, reset — by page, API and command line — within the administrator's subtree only,
every change audited (docs/spec.md §9.6)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from tests.conftest import PASSWORD

from kaoping.demo import ensure_user
from kaoping.ops.models import AccountChange, PasswordState
from kaoping.orgs.access import grantable_roles, may_grant
from kaoping.orgs.models import ApiToken, User
from kaoping.orgs.roles import Role
from kaoping.orgs.tokens import create_token

pytestmark = pytest.mark.django_db

NEW = {
    "org": "320100",
    "roles": ["city_reporter"],
    "name": "王小明",
    "username": "wangxm",
    "phone": "13912345678",
    "email": "wangxm@example.cn",
}


@pytest.fixture
def zhejiang(personas):
    """Another province's administrator and a 杭州 reporter: strangers to Jiangsu's."""
    admin = ensure_user("zj_admin", "浙江管理员", Role.PROVINCE_ADMIN, "330000", password=PASSWORD)
    reporter = ensure_user("hz_tianbao", "杭州填报员", Role.CITY_REPORTER, "330100", password=PASSWORD)
    return admin, reporter


def entries(user: User) -> list[tuple[str, str, str, str, str]]:
    found = AccountChange.objects.filter(target=user).order_by("id")
    return [(e.kind, e.old, e.new, e.actor, e.channel) for e in found]


def test_a_province_admin_creates_an_account_with_a_one_time_password(client_for, province_admin):
    response = client_for(province_admin).post("/ops/accounts/new/", NEW)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.content.decode()
    password = body.split('data-testid="one-time-password">')[1].split("<")[0]
    user = User.objects.get(username="wangxm")
    assert (user.name, user.org_id, user.phone, user.email) == (
        "王小明",
        "320100",
        "13912345678",
        NEW["email"],
    )
    assert list(user.roles.values_list("role", "org_id")) == [("city_reporter", "320100")]
    assert user.check_password(password)
    assert PasswordState.objects.get(user=user).must_change  # forced change at the first login
    assert entries(user) == [
        ("create", "", "姓名 王小明；单位 南京市；角色 市填报员（南京市）", "p_sheng_admin", "page")
    ]
    assert password not in AccountChange.objects.get(target=user).new


def test_a_role_is_given_only_at_its_level(client_for, province_admin):
    bad = {**NEW, "roles": ["province_reviewer", "city_leader"]}
    body = client_for(province_admin).post("/ops/accounts/new/", bad).content.decode()
    assert "省审核员只能设在省级组织，“南京市”不是" in body
    assert not User.objects.filter(username="wangxm").exists()
    assert not AccountChange.objects.exists()


def test_grants_reach_no_further_than_the_granter(province_admin, ministry_admin):
    assert may_grant(province_admin, Role.PROVINCE_REVIEWER, "320000")
    assert may_grant(province_admin, Role.VIEWER, "320500")
    assert not may_grant(province_admin, Role.MINISTRY_REVIEWER, "000000")
    assert not may_grant(province_admin, Role.VIEWER, "000000")  # 只读 at the ministry reads every province
    assert not may_grant(province_admin, Role.CITY_REPORTER, "330100")  # another province
    assert not may_grant(province_admin, Role.CITY_REPORTER, "320000")  # wrong level
    assert grantable_roles(province_admin, "320100") == [Role.CITY_REPORTER, Role.CITY_LEADER, Role.VIEWER]
    assert grantable_roles(ministry_admin, "000000") == [
        Role.MINISTRY_ADMIN,
        Role.MINISTRY_REVIEWER,
        Role.VIEWER,
    ]


def test_roles_change_within_the_level_and_are_audited(client_for, province_admin, nanjing_reporter):
    client = client_for(province_admin)
    url = f"/ops/accounts/{nanjing_reporter.pk}/"
    page = client.get(url).content.decode()
    assert 'value="city_leader"' in page and 'value="province_reviewer"' not in page  # only this level
    response = client.post(url, {"roles": ["city_leader", "viewer"]})
    assert response.status_code == 200
    assert set(nanjing_reporter.roles.values_list("role", flat=True)) == {"city_leader", "viewer"}
    refused = client.post(url, {"roles": ["ministry_admin"]}).content.decode()
    assert "部管理员只能设在部级组织，“南京市”不是" in refused
    empty = client.post(url, {}).content.decode()
    assert "请至少选择一个角色" in empty
    assert set(nanjing_reporter.roles.values_list("role", flat=True)) == {"city_leader", "viewer"}
    assert entries(nanjing_reporter) == [
        ("roles", "市填报员（南京市）", "市负责人（南京市）、只读（南京市）", "p_sheng_admin", "page")
    ]


def test_no_one_changes_their_own_roles_or_state(client_for, province_admin):
    client = client_for(province_admin)
    response = client.post(f"/ops/accounts/{province_admin.pk}/", {"roles": ["viewer"]})
    assert response.status_code == 403
    assert "不能修改自己的角色" in response.content.decode()
    response = client.post(f"/ops/accounts/{province_admin.pk}/disable/")
    assert response.status_code == 403
    assert "不能停用自己的账号" in response.content.decode()
    assert list(province_admin.roles.values_list("role", flat=True)) == ["province_admin"]
    assert User.objects.get(pk=province_admin.pk).is_active


def test_disabling_blocks_sign_in_sessions_and_tokens(client_for, province_admin, nanjing_reporter):
    _token, raw = create_token(nanjing_reporter, "脚本")
    session = client_for(nanjing_reporter)
    assert session.get("/").status_code == 200
    assert Client().get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    admin = client_for(province_admin)
    assert admin.post(f"/ops/accounts/{nanjing_reporter.pk}/disable/").status_code == 302
    assert not Client().login(username=nanjing_reporter.username, password=PASSWORD)
    assert session.get("/").status_code == 302  # the open session ended
    assert Client().get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert ApiToken.objects.get(user=nanjing_reporter).revoked is not None
    listing = admin.get("/ops/accounts/").content.decode()
    assert nanjing_reporter.username in listing and "已停用" in listing  # kept, with their name
    assert admin.post(f"/ops/accounts/{nanjing_reporter.pk}/enable/").status_code == 302
    assert Client().login(username=nanjing_reporter.username, password=PASSWORD)
    assert (
        Client().get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    )  # stays revoked
    assert entries(nanjing_reporter) == [
        ("disable", "启用", "停用（吊销 API 令牌 1 个）", "p_sheng_admin", "page"),
        ("enable", "停用", "启用", "p_sheng_admin", "page"),
    ]


def test_every_change_leaves_an_entry_by_every_channel(client_for, province_admin, nanjing_reporter):
    client = client_for(province_admin)
    client.post(f"/ops/accounts/{nanjing_reporter.pk}/reset/")
    reply = client.put(
        f"/api/accounts/{nanjing_reporter.pk}/roles", {"roles": ["市负责人"]}, content_type="application/json"
    )
    assert reply.status_code == 200
    assert reply.json()["roles"] == [
        {"role": "city_leader", "label": "市负责人", "org": "320100", "org_name": "南京市"}
    ]
    call_command("accounts", "disable", nanjing_reporter.username, stdout=io.StringIO())
    kinds = [(k, actor.split(":")[0], channel) for k, _o, _n, actor, channel in entries(nanjing_reporter)]
    assert kinds == [
        ("reset", "p_sheng_admin", "page"),
        ("roles", "p_sheng_admin", "api"),
        ("disable", "cli", "cli"),
    ]
    entry = AccountChange.objects.filter(target=nanjing_reporter).first()
    with pytest.raises(ValueError, match="账号变更记录只能追加"):
        entry.save()
    page = client.get("/ops/accounts/changes/").content.decode()
    assert "重置密码" in page and "修改角色" in page and "服务器命令行" in page


@pytest.mark.parametrize("persona", ["nanjing_reporter", "nanjing_leader", "province_reviewer", "expert"])
def test_no_one_else_manages_accounts(persona, request, client_for, nanjing_reporter):
    client = client_for(request.getfixturevalue(persona))
    refusals = {
        "/ops/accounts/new/": "无权管理账号：需要部管理员、省管理员角色",
        "/ops/accounts/changes/": "无权查看审计记录：需要部管理员、省管理员角色",  # an audit
        f"/ops/accounts/{nanjing_reporter.pk}/": "无权管理账号：需要部管理员、省管理员角色",
    }
    for url, refusal in refusals.items():
        response = client.get(url)
        assert response.status_code == 403, url
        assert refusal in response.content.decode()
    assert client.post("/ops/accounts/new/", NEW).status_code == 403
    assert client.post(f"/ops/accounts/{nanjing_reporter.pk}/disable/").status_code == 403
    api = client.get("/api/accounts")
    assert api.status_code == 403 and "省管理员" in api.json()["detail"]
    assert client.post(f"/api/accounts/{nanjing_reporter.pk}/disable").status_code == 403
    assert not User.objects.filter(username="wangxm").exists()
    assert User.objects.get(pk=nanjing_reporter.pk).is_active


def test_another_provinces_people_are_out_of_sight(client_for, province_admin, zhejiang):
    _admin, stranger = zhejiang
    call_command("accounts", "reset", stranger.username, stdout=io.StringIO())
    client = client_for(province_admin)
    pages = [
        client.get("/ops/accounts/?q=hz"),
        client.get("/ops/accounts/changes/"),
        client.get("/api/accounts"),
    ]
    for response in pages:
        assert stranger.username not in response.content.decode()
    answers = [
        client.get(f"/ops/accounts/{stranger.pk}/"),
        client.post(f"/ops/accounts/{stranger.pk}/", {"roles": ["viewer"]}),
        client.post(f"/ops/accounts/{stranger.pk}/disable/"),
        client.post(f"/ops/accounts/{stranger.pk}/enable/"),
        client.post(f"/ops/accounts/{stranger.pk}/reset/"),
        client.get(f"/api/accounts/{stranger.pk}"),
        client.put(
            f"/api/accounts/{stranger.pk}/roles", {"roles": ["viewer"]}, content_type="application/json"
        ),
        client.post(f"/api/accounts/{stranger.pk}/disable"),
        client.post(f"/api/accounts/{stranger.pk}/reset"),
    ]
    for answer in answers:
        assert answer.status_code == 404
        assert "杭州" not in answer.content.decode() and "浙江" not in answer.content.decode()
    created = client.post("/ops/accounts/new/", {**NEW, "org": "330100"})
    api = client.post("/api/accounts", {**NEW, "org": "330100"}, content_type="application/json")
    for refused in (created, api):
        assert refused.status_code == 403
        text = refused.content.decode()
        assert "不属于本单位" in text and "杭州" not in text and "浙江" not in text
    stranger.refresh_from_db()
    assert stranger.is_active and list(stranger.roles.values_list("role", flat=True)) == ["city_reporter"]
    assert [e[0] for e in entries(stranger)] == ["reset"]  # only the command line's
    assert not User.objects.filter(username="wangxm").exists()


def test_the_api_creates_and_lists_within_the_subtree(client_for, province_admin, ministry_admin):
    client = client_for(province_admin)
    reply = client.post(
        "/api/accounts", {**NEW, "roles": ["市填报员", "只读"]}, content_type="application/json"
    )
    assert reply.status_code == 201
    doc = reply.json()
    user = User.objects.get(username="wangxm")
    assert user.check_password(doc["password"])
    assert doc["account"]["org_name"] == "南京市" and doc["account"]["active"] is True
    names = {a["username"] for a in client.get("/api/accounts").json()}
    assert "wangxm" in names and ministry_admin.username not in names
    bad = client.post("/api/accounts", {**NEW, "username": "x y"}, content_type="application/json")
    assert bad.status_code == 422
    assert "用户名只能由字母" in bad.json()["detail"]
    log = client.get("/api/accounts/changes?username=wangxm").json()
    assert [(e["kind"], e["actor"], e["channel"]) for e in log] == [("create", "p_sheng_admin", "api")]


def test_the_command_line_creates_changes_and_lists(org_tree, capsys):
    call_command("accounts", "create", "lisi", "--org", "320500", "--role", "市填报员", "--name", "李四",
                 "--phone", "13800001111")  # fmt: skip
    password = capsys.readouterr().out.strip().split("\t")[-1]
    user = User.objects.get(username="lisi")
    assert user.check_password(password) and PasswordState.objects.get(user=user).must_change
    call_command("accounts", "roles", "lisi", "--role", "市负责人")
    assert "已修改：lisi（李四）启用；角色 市负责人（苏州市）" in capsys.readouterr().out
    with pytest.raises(CommandError, match="省审核员只能设在省级组织") as refused:
        call_command("accounts", "roles", "lisi", "--role", "省审核员")
    assert refused.value.returncode == 3
    call_command("accounts", "list", "--org", "320500", "--format", "json")
    listed = json.loads(capsys.readouterr().out)
    assert [a["username"] for a in listed] == ["lisi"]
    call_command("accounts", "changes", "lisi", "--format", "json")
    log = json.loads(capsys.readouterr().out)
    assert [(e["kind"], e["channel"]) for e in log] == [("roles", "cli"), ("create", "cli")]
