"""Two-factor sign-in in a real browser (strict: no console error, so the inline QR code breaks
no CSP rule): an administrator enrols at first login by typing the secret shown as text into
an "app" (django-otp's RFC 6238 TOTP), keeps the recovery codes, signs in again with a code,
is refused a wrong code and signs in with a recovery code. Screenshots for the user guide."""

from __future__ import annotations

import re
from base64 import b32decode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.conftest import PASSWORD

from kaoping.orgs.models import LoginEvent


def app_code(secret: str, ahead: int = 0) -> str:
    """What an authenticator app shows for ``secret`` (typed in from the page)."""
    text = secret.replace(" ", "")
    return str(totp(b32decode(text + "=" * (-len(text) % 8)), drift=ahead)).zfill(6)


def password_step(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")


def test_enrol_then_sign_in_with_a_code_a_wrong_code_and_a_recovery_code(
    new_page, live_server, personas, settings, photo
):
    settings.REQUIRE_TWO_FACTOR = True
    url, admin = live_server.url, personas.province_admin.username
    page = new_page()
    password_step(page, url, admin)
    page.wait_for_url(re.compile(r".*/accounts/otp/enrol/.*"))
    assert page.locator("[data-testid=otp-qr] svg").count() == 1
    secret = page.inner_text("[data-testid=otp-secret]")
    photo(page, "otp-enrol")
    page.fill("#id_code", app_code(secret))
    page.press("#id_code", "Enter")
    page.wait_for_selector("[data-testid=recovery-codes]")
    codes = page.locator("[data-testid=recovery-codes] code").all_inner_texts()
    assert len(set(codes)) == 10
    photo(page, "otp-codes")
    page.click("[data-testid=otp-continue]")
    page.wait_for_url(f"{url}/")

    # The next sign-in asks for the code after the password.
    again = new_page()
    password_step(again, url, admin)
    again.wait_for_url(f"{url}/accounts/otp/")
    photo(again, "otp-verify")
    again.fill("#id_code", app_code(secret, ahead=1))  # the next step: the enrolment's is used
    again.press("#id_code", "Enter")
    again.wait_for_url(f"{url}/")
    assert "省管理员" in again.inner_text("header")

    # A wrong code is refused (and counted); a recovery code signs in once.
    third = new_page()
    password_step(third, url, admin)
    third.wait_for_url(f"{url}/accounts/otp/")
    third.fill("#id_code", "000000")
    third.press("#id_code", "Enter")
    third.wait_for_selector("[data-testid=otp-error]")
    photo(third, "otp-wrong")
    third.fill("#id_code", codes[0])
    third.press("#id_code", "Enter")
    third.wait_for_url(f"{url}/")
    assert "还剩 9 个" in third.inner_text("main")
    third.click("[data-testid=security-link]")
    assert "剩余恢复码：9 个" in third.inner_text("[data-testid=otp-settings]")
    photo(third, "otp-settings")

    # The account's page: a city user locked out and with a second factor; the administrator
    # (the 安全管理员 under 三员分立) ends the lock-out and resets the second factor.
    reporter = personas.nanjing_reporter
    TOTPDevice.objects.create(user=reporter, name="authenticator", confirmed=True)
    LoginEvent.objects.bulk_create(
        LoginEvent(username=reporter.username, kind="failed", ip="10.1.2.3") for _ in range(5)
    )
    third.goto(f"{url}/ops/accounts/{reporter.pk}/")
    assert "10.1.2.3" in third.inner_text("[data-testid=account-locked]")
    photo(third, "ops-account-security")
    third.click("[data-testid=unlock]")
    third.wait_for_selector("text=已解除")
    third.click("[data-testid=otp-reset]")
    third.wait_for_selector("text=已重置")
    assert "未启用双因素认证" in third.inner_text("[data-testid=account-otp]")
