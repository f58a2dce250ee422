"""三员分立 (docs/deploy.md): with the separation on, the 系统管理员 creates and disables
accounts, the 安全管理员 grants roles and resets second factors, the 审计管理员 reads and exports
the login log and the account changes and changes nothing; the business administrators keep
their business powers only; no person holds two duties or a duty and a business role; a Django
superuser has no powers and ``check-deploy`` names it. Off, today's powers stay (the rest of the
suite). Expected outcomes written out by hand from the deploy guide's table."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaoping.demo import DEMO_PASSWORD, ensure_user
from kaoping.ops.deploycheck import data_problems
from kaoping.ops.models import AccountChange
from kaoping.orgs.models import User
from kaoping.orgs.roles import Role

pytestmark = pytest.mark.django_db
PROVINCE = "320000"
NEW = {"username": "sanyuan_new", "name": "新同事", "org": "320100", "roles": [], "phone": "13900000099"}


@pytest.fixture
def duties(settings, org_tree):
    settings.SEPARATION_OF_DUTIES = True
    return {
        role: ensure_user(f"d_{role.value}", role.value, role, PROVINCE, password="Duty-Pass-2015")
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }


def api(client, method: str, url: str, body: dict | None = None):
    data = json.dumps(body or {})
    return getattr(client, method)(url, data=data, content_type="application/json")


def test_each_duty_does_its_own_part_only(duties, client_for, nanjing_reporter):
    system = client_for(duties[Role.SYSTEM_ADMIN])
    security = client_for(duties[Role.SECURITY_ADMIN])
    audit = client_for(duties[Role.AUDIT_ADMIN])
    # 系统管理员: creates (no roles: those are the 安全管理员's), disables; grants nothing.
    created = api(system, "post", "/api/accounts", NEW)
    assert created.status_code == 201, created.content
    new_id = created.json()["account"]["id"]
    assert created.json()["account"]["roles"] == []
    grant = api(system, "put", f"/api/accounts/{new_id}/roles", {"roles": ["市填报员"]})
    assert grant.status_code in (403, 422)
    assert api(system, "post", f"/api/accounts/{nanjing_reporter.pk}/disable").status_code == 200
    assert api(system, "post", f"/api/accounts/{nanjing_reporter.pk}/enable").status_code == 200
    # 安全管理员: grants roles, resets a second factor; creates and disables nothing.
    granted = api(security, "put", f"/api/accounts/{new_id}/roles", {"roles": ["市填报员"]})
    assert granted.status_code == 200 and [r["label"] for r in granted.json()["roles"]] == ["市填报员"]
    assert api(security, "post", "/api/accounts", {**NEW, "username": "another1"}).status_code == 403
    assert api(security, "post", f"/api/accounts/{nanjing_reporter.pk}/disable").status_code == 403
    TOTPDevice.objects.create(user=nanjing_reporter, name="authenticator", confirmed=True)
    assert audit.post(f"/ops/accounts/{nanjing_reporter.pk}/otp-reset/").status_code in (403, 404)
    assert security.post(f"/ops/accounts/{nanjing_reporter.pk}/otp-reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=nanjing_reporter).exists()
    for _ in range(5):  # a lock-out: the 安全管理员's to end, not the 系统管理员's
        Client(REMOTE_ADDR="10.0.0.9").post(
            "/accounts/login/", {"username": nanjing_reporter.username, "password": "wrong"}
        )
    assert system.post(f"/ops/accounts/{nanjing_reporter.pk}/unlock/").status_code == 403
    assert security.post(f"/ops/accounts/{nanjing_reporter.pk}/unlock/").status_code == 302
    # 审计管理员: reads and exports the logs; sees no account list, changes nothing.
    assert audit.get("/api/accounts").status_code == 403
    assert api(audit, "post", "/api/accounts", {**NEW, "username": "another2"}).status_code == 403
    changes = audit.get("/ops/accounts/changes/?format=csv")
    text = changes.content.decode("utf-8-sig")
    assert changes["Content-Type"].startswith("text/csv") and text.startswith("时间,账号,所属组织,变更")
    assert "sanyuan_new,南京市,修改角色,无,市填报员（南京市）,d_security_admin" in text
    assert "重置双因素认证" in text and "停用" in text
    assert audit.get("/ops/logins/?format=csv").content.decode("utf-8-sig").startswith("时间,事件,用户名")
    kinds = set(AccountChange.objects.values_list("kind", flat=True))
    assert {"create", "roles", "disable", "enable", "otp_reset", "unlock"} <= kinds


def test_business_administrators_keep_business_powers_only(
    duties, client_for, province_admin, ministry_admin
):
    for admin in (province_admin, ministry_admin):
        client = client_for(admin)
        refused = client.get("/ops/accounts/")
        assert refused.status_code == 403
        assert "无权管理账号：需要系统管理员、安全管理员角色" in refused.content.decode()
        assert client.get("/ops/logins/").status_code == 403
        assert "需要审计管理员角色" in client.get("/ops/accounts/changes/").content.decode()
        assert client.get(f"/api/campaigns?org={PROVINCE}").status_code == 200


def test_no_person_holds_two_duties_or_a_duty_and_a_business_role(duties, client_for, nanjing_reporter):
    security = client_for(duties[Role.SECURITY_ADMIN])
    system_id = duties[Role.SYSTEM_ADMIN].pk
    both = api(security, "put", f"/api/accounts/{system_id}/roles", {"roles": ["系统管理员", "审计管理员"]})
    assert both.status_code == 422 and "系统管理员、审计管理员不能由同一人担任" in both.json()["detail"]
    mixed = api(security, "put", f"/api/accounts/{system_id}/roles", {"roles": ["系统管理员", "只读"]})
    assert mixed.status_code == 422 and "系统管理员不能同时担任业务角色" in mixed.json()["detail"]
    duty = api(security, "put", f"/api/accounts/{nanjing_reporter.pk}/roles", {"roles": ["审计管理员"]})
    assert duty.status_code == 200  # the reporter's role at 南京 replaced: a duty alone
    assert User.objects.get(pk=system_id).roles.count() == 1


def test_a_superuser_has_no_powers_and_check_deploy_names_it(duties, client_for, settings):
    root = User.objects.create(username="root_super", is_superuser=True, is_staff=True)
    table = client_for(root).get(f"/api/campaigns/demo-2015/orgs/{PROVINCE}/tables/T09")
    assert table.status_code in (403, 404)
    assert client_for(root).get("/ops/accounts/").status_code == 403
    assert [p.key for p in data_problems(DEMO_PASSWORD)] == ["superuser"]
    settings.SEPARATION_OF_DUTIES = False
    assert data_problems(DEMO_PASSWORD) == []


def test_check_deploy_refuses_the_demo(demo):
    found = {p.key: p for p in data_problems(DEMO_PASSWORD)}
    assert found["demo"].fatal and "公开演示密码" in found["demo"].message
