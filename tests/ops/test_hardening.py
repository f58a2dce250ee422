"""Hardening: CSP without inline script, cookie flags, CSRF on forms, idle session expiry, checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from kaoping.orgs.tokens import create_token, revoke_token

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src"


def test_every_page_carries_a_csp_without_inline_script(client_for, nanjing_reporter, campaign):
    response = client_for(nanjing_reporter).get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    login = Client().get("/accounts/login/")
    assert "Content-Security-Policy" in login.headers


def test_no_template_has_inline_script_or_event_handlers():
    """The CSP would block them: every script is a static file, data goes in JSON script tags."""
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            if "src=" not in head and "application/json" not in head:
                offenders.append(f"{template.relative_to(SRC)}: inline <script{head}>")
        for handler in ("onclick=", "onload=", "onchange=", "onsubmit=", "javascript:"):
            if handler in text:
                offenders.append(f"{template.relative_to(SRC)}: {handler}")
    assert offenders == []


def test_session_cookie_is_httponly_lax_and_expires_when_idle(nanjing_reporter):
    client = Client()
    client.post("/accounts/login/", {"username": nanjing_reporter.username, "password": "persona-pass-2015"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_session_is_renewed_at_most_once_a_minute_and_ends_after_30_idle_minutes(nanjing_reporter, clock):
    """Each save of a session is a write (on SQLite it waits for the workers' lock): a busy user's
    requests renew it once a minute, and 30 minutes without a request still sign them out."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session

    start = clock("2026-12-07 09:00:00")
    client = Client()
    client.post("/accounts/login/", {"username": nanjing_reporter.username, "password": "persona-pass-2015"})
    assert client.get("/").status_code == 200  # the first page signed in starts the idle time
    key = client.session.session_key

    def expires() -> object:
        return Session.objects.get(pk=key).expire_date

    assert expires() == start + timedelta(minutes=30)
    clock("2026-12-07 09:00:40")
    assert client.get("/").status_code == 200
    assert expires() == start + timedelta(minutes=30)  # not written again within the minute
    renewed = clock("2026-12-07 09:01:05")
    assert client.get("/").status_code == 200
    assert expires() == renewed + timedelta(minutes=30)
    clock("2026-12-07 09:31:06")  # 30 minutes and a second without a request
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_forms_need_the_csrf_token(nanjing_reporter, campaign):
    client = Client(enforce_csrf_checks=True)
    client.force_login(nanjing_reporter)
    response = client.post("/accounts/tokens/", {"name": "x"})
    assert response.status_code == 403
    api = client.post("/api/tokens", data=json.dumps({"name": "x"}), content_type="application/json")
    assert api.status_code == 403  # the session-authenticated API needs the token too


def test_revoked_and_unknown_tokens_are_refused(nanjing_reporter, campaign):
    token, raw = create_token(nanjing_reporter, "t")
    assert token.token_hash != raw and raw not in token.token_hash  # stored hashed only
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/campaigns", **headers).status_code == 200
    revoke_token(token)
    assert Client().get("/api/campaigns", **headers).status_code == 401
    assert Client().get("/api/campaigns", HTTP_AUTHORIZATION="Bearer kp_guess").status_code == 401


def run_settings(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("KAOPING_")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**base, "DJANGO_SETTINGS_MODULE": "kaoping.settings", "PYTHONPATH": str(SRC), **env},
        capture_output=True,
        text=True,
    )


def test_production_cookies_are_secure_and_the_check_reports_unsafe_settings(tmp_path):
    prod = {
        "KAOPING_DATABASE_URL": "postgres://u@127.0.0.1:1/none",
        "KAOPING_SECRET_KEY": "k" * 60,
        "KAOPING_DATA_KEY": "0123456789abcdef" * 2,
        "KAOPING_VAR_DIR": str(tmp_path),
    }
    done = run_settings(
        prod, "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    assert done.stdout.strip() == "True True", done.stderr
    code = "from kaoping.ops.deploycheck import problems; print(sorted((p.key, p.fatal) for p in problems()))"
    unsafe = run_settings({**prod, "KAOPING_DEBUG": "1", "KAOPING_ALLOWED_HOSTS": "*"}, code)
    found = dict(eval(unsafe.stdout))
    assert (
        found["debug"] is True and found["hosts"] is True and found["secret"] is True
    )  # "kkk…": 1 character
    assert "database" not in found
    sqlite = run_settings({"KAOPING_VAR_DIR": str(tmp_path), "KAOPING_DEBUG": "1"}, code)
    assert "('database', False)" in sqlite.stdout and "('cookies', False)" in sqlite.stdout


def test_behind_nginx_the_check_asks_for_the_trusted_proxies_and_a_bad_one_stops_the_start(tmp_path):
    base = {"KAOPING_VAR_DIR": str(tmp_path), "KAOPING_BEHIND_PROXY": "1"}
    code = "from kaoping.ops.deploycheck import problems; print(sorted(p.key for p in problems()))"
    assert "'proxies'" in run_settings(base, code).stdout
    trusted = run_settings({**base, "KAOPING_TRUSTED_PROXIES": "10.0.0.5, 10.0.1.0/28"}, code)
    assert trusted.returncode == 0 and "'proxies'" not in trusted.stdout
    bad = run_settings({**base, "KAOPING_TRUSTED_PROXIES": "10.0.0.5,nginx"}, code)
    assert bad.returncode != 0
    assert "KAOPING_TRUSTED_PROXIES：“nginx”不是 IP 地址或网段" in bad.stderr


def test_serve_refuses_to_start_with_debug_on(tmp_path):
    env = {"KAOPING_VAR_DIR": str(tmp_path), "KAOPING_DEBUG": "1"}
    base = {k: v for k, v in os.environ.items() if not k.startswith("KAOPING_")}
    done = subprocess.run(
        [sys.executable, "-m", "kaoping.cli", "serve", "--bind", "127.0.0.1:1"],
        env={**base, "PYTHONPATH": str(SRC), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "拒绝启动" in done.stderr and "DEBUG" in done.stderr
