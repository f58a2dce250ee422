"""Unified sign-on in a real browser against a real OpenID provider: the certified
`oidc-provider` from the npm registry, run by tests/e2e/oidc_provider.mjs (once per session),
signed in through its own sign-in and consent pages.

A matched identity lands on its account's home; an identity without an account here is refused
in Chinese (and logged as a failed login); logging out ends the session here and at the provider
(the next unified sign-on asks for the provider's sign-in again). An administrator signed in by the
provider still gives this system's second factor (docs/deploy.md §17) before any page opens."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaoping.demo import ensure_user
from kaoping.orgs.models import LoginEvent
from kaoping.orgs.roles import Role

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
SECRET = "kaoping-test-client-secret-0123456789"
ACCOUNTS = {
    "zhang.sso": {"preferred_username": "p_sso_nanjing", "name": "张三"},
    "stranger": {"preferred_username": "nobody_here", "name": "外单位人员"},
    "li.admin": {"preferred_username": "p_sso_admin", "name": "李四"},
}


@pytest.fixture(scope="session")
def provider(live_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The provider's issuer URL; its static client knows the live server's callback."""
    config = {
        "client": {
            "client_id": "kaoping",
            "client_secret": SECRET,
            "redirect_uris": [f"{live_server.url}/accounts/oidc/callback/"],
            "post_logout_redirect_uris": [f"{live_server.url}/accounts/login/"],
        },
        "accounts": ACCOUNTS,
    }
    path = tmp_path_factory.mktemp("oidc") / "provider.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    process = subprocess.Popen(
        ["node", str(SCRIPT), str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("ready "):
        process.kill()
        pytest.fail(f"the OpenID provider did not start (npm ci installs oidc-provider): {line!r}")
    yield line.split()[1]
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso_settings(settings: Any, provider: str) -> Any:
    settings.OIDC_DISCOVERY_URL = f"{provider}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = "kaoping"
    settings.OIDC_CLIENT_SECRET = SECRET
    return settings


def _sign_in_at_provider(page: Any, login: str) -> None:
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any-password")
    page.click("button[type=submit]")
    page.click("button:has-text('Continue')")  # the provider's consent page


def _quiet(page: Any) -> Any:
    """The provider's development pages ask for a web font; this machine has no internet."""
    page.route("**/fonts.googleapis.com/**", lambda route: route.abort())
    return page


def test_unified_sign_on_matched_refused_and_logout_of_both(
    sso_settings, org_tree, new_page, live_server, photo
):  # type: ignore[no-untyped-def]
    ensure_user("p_sso_nanjing", "南京统一认证用户", Role.CITY_REPORTER, "320100")
    page = _quiet(new_page(1366, 768))
    page.set_default_timeout(30_000)  # the shared machine may be busy; nothing here is timed
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.inner_text("[data-testid=sso-login]") == "统一身份认证登录"
    photo(page, "login-sso")
    page.click("[data-testid=sso-login]")
    _sign_in_at_provider(page, "zhang.sso")
    page.wait_for_url(f"{live_server.url}/")
    assert "南京统一认证用户" in page.inner_text("header")
    assert LoginEvent.objects.filter(username="p_sso_nanjing", kind="login").count() == 1

    page.click("header button:has-text('退出')")
    page.click("button[name=logout]")  # the provider asks before ending its own session
    page.wait_for_url(f"{live_server.url}/accounts/login/?state=*")
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")  # the session here ended
    page.click("[data-testid=sso-login]")
    page.wait_for_selector("input[name=login]")  # and the provider's: it asks who you are again

    _sign_in_at_provider(page, "stranger")
    refusal = page.inner_text("[data-testid=sso-error]")
    assert refusal == "统一身份认证账号“nobody_here”在本系统中没有对应的账号，请联系管理员开通"
    photo(page, "login-sso-refused")
    assert LoginEvent.objects.filter(username="nobody_here", kind="failed").count() == 1


def test_an_administrator_signed_in_by_the_provider_still_gives_the_second_factor(
    sso_settings, org_tree, new_page, live_server
):  # type: ignore[no-untyped-def]
    sso_settings.REQUIRE_TWO_FACTOR = True
    admin = ensure_user("p_sso_admin", "江苏统一认证管理员", Role.PROVINCE_ADMIN, "320000")
    key = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, as django-otp stores it
    TOTPDevice.objects.create(user=admin, name="authenticator", confirmed=True, key=key)
    page = _quiet(new_page(1366, 768))
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("[data-testid=sso-login]")
    _sign_in_at_provider(page, "li.admin")
    page.wait_for_url(f"{live_server.url}/accounts/otp/?next=*")  # the provider's sign-in is not enough
    page.goto(f"{live_server.url}/ops/accounts/")
    assert page.url.startswith(f"{live_server.url}/accounts/otp/")  # no page opens before the code
    page.fill("#id_code", str(totp(bytes.fromhex(key))).zfill(6))
    page.press("#id_code", "Enter")
    page.wait_for_url(f"{live_server.url}/ops/accounts/")
    assert "江苏统一认证管理员" in page.inner_text("header")
