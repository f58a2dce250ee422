"""Unified sign-on without a browser: how an identity is matched (kaoping.ops.sso.match), local
passwords switched off, forged answers refused, and the CSP letting logout reach the provider.
The whole sign-in against a real provider is tests/e2e/test_oidc_flow.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from tests.conftest import PASSWORD

from kaoping.ops import sso
from kaoping.orgs.models import LoginEvent, User

pytestmark = pytest.mark.django_db
PROVIDER = "https://ids.example.gov.cn"


@pytest.fixture
def oidc(settings: Any) -> Any:
    settings.OIDC_DISCOVERY_URL = f"{PROVIDER}/.well-known/openid-configuration"  # never fetched here
    settings.OIDC_CLIENT_ID = "kaoping"
    return settings


def request(ip: str = "10.1.1.1") -> Any:
    return RequestFactory().get("/accounts/oidc/callback/", REMOTE_ADDR=ip)


def test_an_identity_is_its_account_by_the_configured_claim(oidc, nanjing_reporter):
    assert sso.match(request(), {"preferred_username": nanjing_reporter.username}) == nanjing_reporter
    oidc.OIDC_CLAIM, oidc.OIDC_MATCH_FIELD = "sub", "external_id"
    User.objects.filter(pk=nanjing_reporter.pk).update(external_id="ids-0042")
    assert sso.match(request(), {"sub": "ids-0042"}) == nanjing_reporter
    with pytest.raises(sso.Refused, match="“p_nanjing_tianbao”在本系统中没有对应的账号"):
        sso.match(request(), {"sub": nanjing_reporter.username})  # the username is not the field


def test_unmatched_identities_are_refused_and_counted_unless_creation_is_on(oidc, nanjing_reporter):
    with pytest.raises(sso.Refused, match="统一身份认证未提供账号标识（preferred_username）"):
        sso.match(request(), {"sub": "x"})
    for _ in range(5):
        with pytest.raises(sso.Refused, match="没有对应的账号"):
            sso.match(request(), {"preferred_username": "wang.new"})
    assert LoginEvent.objects.filter(username="wang.new", kind="failed").count() == 5
    oidc.OIDC_CREATE_USERS = True  # the lock-out holds even where accounts are created
    with pytest.raises(sso.Refused, match="已锁定"):
        sso.match(request(), {"preferred_username": "wang.new"})
    made = sso.match(request("10.9.9.9"), {"preferred_username": "wang.new", "name": "王新"})
    assert (made.username, made.name, made.org_id, made.has_usable_password()) == (
        "wang.new",
        "王新",
        None,
        False,
    )
    assert not made.roles.exists()  # an administrator grants roles; until then it sees nothing
    User.objects.filter(pk=nanjing_reporter.pk).update(is_active=False)
    with pytest.raises(sso.Refused, match="该账号已停用"):
        sso.match(request(), {"preferred_username": nanjing_reporter.username})


def test_local_passwords_off_refuses_the_local_form(oidc, nanjing_reporter):
    oidc.LOCAL_PASSWORDS = False
    page = Client().get("/accounts/login/").content.decode()
    assert 'name="password"' not in page and "统一身份认证登录" in page
    answer = Client(REMOTE_ADDR="10.2.2.2").post(
        "/accounts/login/", {"username": nanjing_reporter.username, "password": PASSWORD}
    )
    assert answer.status_code == 200 and "_auth_user_id" not in answer.client.session
    assert "本系统已停用用户名密码登录，请使用统一身份认证登录" in answer.content.decode()
    assert LoginEvent.objects.filter(username=nanjing_reporter.username, kind="failed").count() == 1


def test_a_forged_or_unconfigured_answer_is_refused_in_chinese(oidc, settings):
    forged = Client(REMOTE_ADDR="10.3.3.3").get("/accounts/oidc/callback/?code=abc&state=made-up")
    assert forged.status_code == 403
    assert "统一身份认证未完成，请重新登录" in forged.content.decode()
    assert LoginEvent.objects.filter(kind="failed", ip="10.3.3.3").count() == 1
    csp = forged.headers["Content-Security-Policy"]
    assert f"form-action 'self' {PROVIDER};" in csp  # logging out posts on to the provider
    settings.OIDC_DISCOVERY_URL = ""
    assert Client().get("/accounts/oidc/login/").status_code == 404
    assert Client().get("/accounts/oidc/callback/").status_code == 404
    assert "统一身份认证登录" not in Client().get("/accounts/login/").content.decode()
