"""Two-factor sign-in (docs/deploy.md 等保三级对照): administrators enrol at first login, then
give a code after the password; wrong codes count toward the lock-out; a recovery code works
once; the 安全管理员 (here, ordinary mode: the account's administrator) resets it, audited.

The suite signs administrators in with one factor (tests/conftest.py); these tests switch the
deployment's requirement on. Codes are computed with django-otp's own TOTP (RFC 6238)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from kaoping.ops.models import AccountChange
from kaoping.orgs.models import LoginEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.REQUIRE_TWO_FACTOR = True


def code(device: TOTPDevice, ahead: int = 0) -> str:
    """The code the app shows now (``ahead`` steps later: a step not used yet)."""
    return str(totp(device.bin_key, device.step, device.t0, device.digits, ahead)).zfill(device.digits)


def sign_in(username: str, ip: str = "10.0.0.7") -> Client:
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrol(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/accounts/otp/enrol/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', body)[1]
    from base64 import b32encode

    assert secret.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    assert "<svg" in body and "绑定验证器应用" in body
    done = client.post("/accounts/otp/enrol/", {"code": code(device), "next": "/"})
    assert done.status_code == 200 and "恢复码" in done.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    device.refresh_from_db()
    return device, codes


def test_an_administrator_enrols_at_first_login_then_gives_a_code(province_admin):
    client = sign_in(province_admin.username)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/otp/enrol/")
    api = client.get("/api/accounts")
    assert api.status_code == 403 and "双因素认证" in api.json()["detail"]
    device, codes = enrol(client, province_admin)
    assert device.confirmed and len(set(codes)) == 10
    assert client.get("/").status_code == 200  # verified in this session
    entry = AccountChange.objects.get(target=province_admin, kind="otp_on")
    assert entry.actor == province_admin.username
    assert (entry.old, entry.new) == ("未启用双因素认证", "已启用双因素认证")

    # The next sign-in: the password alone signs no one in; then the code.
    second = sign_in(province_admin.username)
    assert second.get("/").status_code == 302  # not signed in yet: the login page
    good = second.post("/accounts/otp/", {"code": code(device, ahead=1)})
    assert good.status_code == 302 and second.get("/").status_code == 200

    # A wrong code is a failed login; a recovery code signs in once.
    third = sign_in(province_admin.username)
    bad = third.post("/accounts/otp/", {"code": "123456"})
    assert "验证码不正确" in bad.content.decode()
    assert third.post("/accounts/otp/", {"code": codes[0].upper()}).status_code == 302
    kinds = list(LoginEvent.objects.filter(username=province_admin.username).values_list("kind", flat=True))
    assert sorted(kinds) == ["failed", "login", "login", "login"]
    assert "还剩 9 个" in third.get("/").content.decode()
    again = sign_in(province_admin.username)
    assert "验证码不正确" in again.post("/accounts/otp/", {"code": codes[0]}).content.decode()


def test_wrong_codes_lock_the_account_like_wrong_passwords(nanjing_reporter):
    client = sign_in(nanjing_reporter.username)  # not required: enrols by choice
    assert client.get("/").status_code == 200
    assert "未启用双因素认证" in client.get("/accounts/security/").content.decode()
    enrol(client, nanjing_reporter)
    pending = sign_in(nanjing_reporter.username, ip="10.0.0.8")
    for _ in range(4):
        assert "验证码不正确" in pending.post("/accounts/otp/", {"code": "000000"}).content.decode()
    locked = pending.post("/accounts/otp/", {"code": "000000"}).content.decode()
    assert "登录失败次数过多" in locked
    # The pending sign-in is gone, and the password is refused at that address too.
    assert pending.post("/accounts/otp/", {"code": "000000"}).status_code == 302
    refused = Client(REMOTE_ADDR="10.0.0.8").post(
        "/accounts/login/", {"username": nanjing_reporter.username, "password": PASSWORD}
    )
    assert "登录失败次数过多" in refused.content.decode()


def test_a_wrong_code_binds_nothing(ministry_admin):
    client = sign_in(ministry_admin.username)
    assert "绑定验证器应用" in client.get("/accounts/otp/enrol/").content.decode()
    wrong = client.post("/accounts/otp/enrol/", {"code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=ministry_admin, confirmed=True).exists()
    assert client.get("/").status_code == 302


def test_the_requirement_off_lets_administrators_in_with_the_password(settings, ministry_admin):
    settings.REQUIRE_TWO_FACTOR = False
    assert sign_in(ministry_admin.username).get("/").status_code == 200


def test_resetting_someone_s_second_factor_is_audited(province_admin, nanjing_reporter, client_for):
    enrol(sign_in(nanjing_reporter.username), nanjing_reporter)
    outsider = client_for(nanjing_reporter).post(f"/ops/accounts/{province_admin.pk}/otp-reset/")
    assert outsider.status_code == 403
    admin = sign_in(province_admin.username)
    enrol(admin, province_admin)
    page = admin.get(f"/ops/accounts/{nanjing_reporter.pk}/").content.decode()
    assert "已启用双因素认证。" in page and 'data-testid="otp-reset"' in page
    done = admin.post(f"/ops/accounts/{nanjing_reporter.pk}/otp-reset/")
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=nanjing_reporter).exists()
    entry = AccountChange.objects.get(target=nanjing_reporter, kind="otp_reset")
    assert entry.actor == province_admin.username and entry.channel == "page"
    # Their next sign-in needs the password only (not an administrator).
    assert sign_in(nanjing_reporter.username).get("/").status_code == 200
