"""等保 level 3 password policy: length, classes, history, expiry, forced change at first login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaoping.ops.models import PasswordState
from kaoping.ops.passwords import character_classes, one_time_password, set_one_time_password

pytestmark = pytest.mark.django_db


def messages(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def test_character_classes_are_counted_by_hand():
    assert character_classes("abcdefgh") == 1
    assert character_classes("abcDEF123") == 3
    assert character_classes("abc-DEF-123") == 4
    assert character_classes("密码密码abc1") == 3  # a Chinese character counts as "other"


def test_the_policy_refuses_short_and_single_class_passwords(nanjing_reporter):
    assert any("10" in m for m in messages("Ab1-Ab1-", nanjing_reporter))  # 8 characters: too short
    assert any("3 类" in m for m in messages("onlylowercaseletters", nanjing_reporter))
    assert any("3 类" in m for m in messages("1234567890123", nanjing_reporter))
    assert messages("Hrss-2015-Kaoping", nanjing_reporter) == []


def test_the_last_five_passwords_cannot_be_reused(nanjing_reporter):
    used = [f"Pw-{n}-Jiangsu-{n}x" for n in range(6)]
    for password in used:
        assert messages(password, nanjing_reporter) == [], password
        nanjing_reporter.set_password(password)
        nanjing_reporter.save()
    # The last five (1…5) are remembered, the first (0) has dropped out.
    for password in used[1:]:
        assert any("最近 5 次" in m for m in messages(password, nanjing_reporter)), password
    assert messages(used[0], nanjing_reporter) == []


def test_one_time_passwords_pass_the_policy():
    for _ in range(200):
        password = one_time_password()
        assert len(password) == 12 and character_classes(password) >= 3


def login(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_first_login_after_a_reset_must_change_the_password(nanjing_reporter):
    password = set_one_time_password(nanjing_reporter)
    client = login(nanjing_reporter.username, password)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/password_change/"
    api = client.get("/api/campaigns")
    assert api.status_code == 403 and "须先修改密码" in api.json()["detail"]
    # A password that breaks the policy is refused; a good one frees the account.
    weak = client.post(
        "/accounts/password_change/",
        {"old_password": password, "new_password1": "abcdefghijk", "new_password2": "abcdefghijk"},
    )
    assert weak.status_code == 200 and "3 类" in weak.content.decode()
    same = client.post(
        "/accounts/password_change/",
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert "最近 5 次" in same.content.decode()
    good = "Nanjing-2015-Ok"
    done = client.post(
        "/accounts/password_change/", {"old_password": password, "new_password1": good, "new_password2": good}
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200
    assert not PasswordState.objects.get(user=nanjing_reporter).must_change


def test_a_password_older_than_90_days_must_be_changed(nanjing_reporter, settings):
    nanjing_reporter.set_password("Nanjing-2015-Ok")
    nanjing_reporter.save()
    PasswordState.objects.filter(user=nanjing_reporter).update(changed=timezone.now() - timedelta(days=91))
    client = login(nanjing_reporter.username, "Nanjing-2015-Ok")
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/password_change/"
    PasswordState.objects.filter(user=nanjing_reporter).update(changed=timezone.now() - timedelta(days=89))
    assert (
        Client()
        .post(
            "/accounts/login/",
            {"username": nanjing_reporter.username, "password": "Nanjing-2015-Ok"},
            follow=True,
        )
        .request["PATH_INFO"]
        == "/"
    )


def test_passwords_are_hashed_with_argon2_in_production():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    env = {"KAOPING_TESTING": "0", "DJANGO_SETTINGS_MODULE": "kaoping.settings", "KAOPING_DEBUG": "1"}
    import os

    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, **env, "PYTHONPATH": "src"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/set-password/",
        "/accounts/reset/done/",
    ],
)
def test_there_is_no_password_reset_by_email(url):
    assert Client().get(url).status_code == 404


def test_the_login_page_says_who_resets_a_forgotten_password():
    body = Client().get("/accounts/login/").content.decode()
    expected = "忘记密码？本平台不通过邮件找回密码：请联系省管理员重置（省级账号也可联系部管理员），"
    assert expected + "重置后再次登录时须设置新密码。" in body
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/login/")
    assert "ask your province administrator to reset it" in english.content.decode()
