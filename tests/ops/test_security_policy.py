"""The security policy page (docs/spec.md §12, docs/deploy.md §17): the root's 安全管理员 (部管理员
without 三员分立) tightens the password, lock-out, idle and second-factor rules; a change takes
effect at once, is audited in words, and nothing may fall below the deployment's floor (the
settings: 10 characters, 3 classes, 5 failures, 15 minutes, 30 idle minutes)."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from kaoping.demo import ensure_user
from kaoping.ops import policy
from kaoping.ops.models import SecurityPolicy
from kaoping.orgs.models import ConfigChange
from kaoping.orgs.roles import DUTY_ROLES, Role

pytestmark = pytest.mark.django_db
URL = "/ops/security/"
FLOOR = {
    "min_length": "10",
    "classes": "3",
    "lockout_failures": "5",
    "lockout_minutes": "15",
    "idle_minutes": "30",
}


def wrong_logins(username: str, times: int) -> None:
    for _ in range(times):
        Client(REMOTE_ADDR="10.0.0.7").post("/accounts/login/", {"username": username, "password": "wrong"})


def signs_in(username: str, password: str) -> bool:
    client = Client(REMOTE_ADDR="10.0.0.7")
    client.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_a_stricter_lock_out_takes_effect_and_is_audited(client_for, ministry_admin, nanjing_reporter):
    page = client_for(ministry_admin).post(URL, {**FLOOR, "lockout_failures": "3", "lockout_minutes": "30"})
    assert page.status_code == 200 and "新的安全策略已生效" in page.content.decode()
    wrong_logins(nanjing_reporter.username, 3)  # three now lock (five before)
    assert not signs_in(nanjing_reporter.username, PASSWORD)
    [entry] = ConfigChange.objects.filter(subject="安全策略")
    assert entry.old == "连续登录失败锁定次数 5 次；锁定时长 15 分钟"
    assert entry.new == "连续登录失败锁定次数 3 次；锁定时长 30 分钟"
    assert entry.actor == ministry_admin.username and entry.org_id is None
    shown = client_for(ministry_admin).get("/ops/config/?subject=安全策略").content.decode()
    assert "连续登录失败锁定次数 3 次；锁定时长 30 分钟" in shown


def test_two_failures_lock_nothing_under_the_floor_policy(nanjing_reporter):
    wrong_logins(nanjing_reporter.username, 3)
    assert signs_in(nanjing_reporter.username, PASSWORD)


def test_a_weaker_policy_is_refused_in_chinese_and_nothing_is_kept(client_for, ministry_admin):
    weaker = {**FLOOR, "min_length": "8", "lockout_failures": "10", "idle_minutes": "120"}
    page = client_for(ministry_admin).post(URL, weaker).content.decode()
    assert "密码最小长度不能低于部署规定的等保下限 10 位（只能收紧，不能放宽）" in page
    assert "连续登录失败锁定次数不能高于部署规定的等保下限 5 次（只能收紧，不能放宽）" in page
    assert "空闲自动退出时间不能高于部署规定的等保下限 30 分钟（只能收紧，不能放宽）" in page
    bad = client_for(ministry_admin).post(URL, {**FLOOR, "classes": "五"}).content.decode()
    assert "密码至少包含的字符类别（大写字母、小写字母、数字、符号）：请填写整数" in bad
    assert client_for(ministry_admin).post(URL, {**FLOOR, "classes": "5"}).status_code == 200
    assert (
        not SecurityPolicy.objects.exists() and not ConfigChange.objects.filter(subject="安全策略").exists()
    )


def test_length_idle_and_second_factor_follow_the_policy(client_for, ministry_admin, nanjing_reporter):
    assert client_for(nanjing_reporter).get("/").status_code == 200  # before: no second factor asked
    strict = {**FLOOR, "min_length": "14", "idle_minutes": "10", "two_factor_all": "on"}
    client_for(ministry_admin).post(URL, strict)
    reporter = client_for(nanjing_reporter)
    changed = reporter.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Abc-12345678", "new_password2": "Abc-12345678"},
    )
    assert "密码太短，至少需要 14 个字符" in changed.content.decode()  # 12 characters
    assert reporter.get("/")["Location"].startswith("/accounts/otp/enrol/")  # a second factor for all
    assert reporter.session.get_expiry_age() == 600


def test_only_the_root_s_security_role_sets_it_in_both_modes(client_for, personas, settings):
    for user in (personas.province_admin, personas.nanjing_reporter, personas.expert):
        assert client_for(user).post(URL, {**FLOOR, "min_length": "12"}).status_code == 403
    assert client_for(personas.ministry_admin).get(URL).status_code == 200
    settings.SEPARATION_OF_DUTIES = True
    at_root = {
        r: ensure_user(f"s_{r.value}", "某人", r, "000000", password="Duty-Pass-2015") for r in DUTY_ROLES
    }
    province = ensure_user("s_sec_js", "某人", Role.SECURITY_ADMIN, "320000", password="Duty-Pass-2015")
    for user in (personas.ministry_admin, at_root[Role.SYSTEM_ADMIN], at_root[Role.AUDIT_ADMIN], province):
        response = client_for(user).post(URL, {**FLOOR, "min_length": "12"})
        assert response.status_code == 403 and "需要安全管理员角色" in response.content.decode()
    assert not SecurityPolicy.objects.exists()
    saved = client_for(at_root[Role.SECURITY_ADMIN]).post(URL, {**FLOOR, "min_length": "12"})
    assert "新的安全策略已生效" in saved.content.decode() and policy.effective().min_length == 12
