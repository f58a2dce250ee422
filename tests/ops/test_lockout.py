"""Five failed logins lock a username from that address for 15 minutes; every attempt is logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from kaoping.orgs.models import LoginEvent

pytestmark = pytest.mark.django_db


def attempt(username: str, password: str, ip: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post("/accounts/login/", {"username": username, "password": password})


def test_five_failures_lock_the_account_from_that_address(nanjing_reporter):
    name = nanjing_reporter.username
    for _ in range(5):
        assert attempt(name, "wrong").status_code == 200
    refused = attempt(name, PASSWORD)  # the right password, but locked
    assert refused.status_code == 200
    assert "登录失败次数过多" in refused.content.decode()
    # Another address is not locked (one shared office must not lock out a city).
    assert attempt(name, PASSWORD, ip="10.0.0.2").status_code == 302
    kinds = list(LoginEvent.objects.filter(username=name).order_by("at", "id").values_list("kind", "ip"))
    assert kinds == [("failed", "10.0.0.1")] * 6 + [("login", "10.0.0.2")]


def test_the_lock_ends_after_fifteen_minutes(nanjing_reporter):
    name = nanjing_reporter.username
    for _ in range(5):
        attempt(name, "wrong")
    LoginEvent.objects.filter(username=name).update(at=timezone.now() - timedelta(minutes=16))
    assert attempt(name, PASSWORD).status_code == 302


def test_four_failures_then_a_success_start_the_count_again(nanjing_reporter):
    name = nanjing_reporter.username
    for _ in range(4):
        attempt(name, "wrong")
    assert attempt(name, PASSWORD).status_code == 302
    for _ in range(4):
        attempt(name, "wrong")
    assert attempt(name, PASSWORD).status_code == 302


def test_login_log_page_shows_the_subtree_only(client_for, province_admin, nanjing_reporter, ministry_admin):
    attempt(nanjing_reporter.username, "wrong")
    attempt(ministry_admin.username, "wrong")
    attempt("nobody-at-all", "wrong")
    body = client_for(province_admin).get("/ops/logins/").content.decode()
    assert nanjing_reporter.username in body
    assert ministry_admin.username not in body and "nobody-at-all" not in body
    national = client_for(ministry_admin).get("/ops/logins/?kind=failed").content.decode()
    assert "nobody-at-all" in national and nanjing_reporter.username in national
