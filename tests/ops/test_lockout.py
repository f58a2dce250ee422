"""Five failed logins lock a username from that address for 15 minutes; every attempt is logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from kaoping.orgs.addresses import forwarded_client, parse_networks
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


PROXY = "10.9.9.9"  # nginx, in the trusted network below


def via_proxy(username: str, password: str, forwarded_for: str, peer: str = PROXY):
    client = Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post("/accounts/login/", {"username": username, "password": password})


def logged_ips(username: str) -> list[str]:
    events = LoginEvent.objects.filter(username=username).order_by("at", "id")
    return list(events.values_list("ip", flat=True))


@pytest.mark.parametrize("trusted", [[], ["10.9.9.0/24"]])
def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored(settings, nanjing_reporter, trusted):
    settings.TRUSTED_PROXIES = trusted
    name = nanjing_reporter.username
    via_proxy(name, "wrong", forwarded_for="203.0.113.7", peer="10.0.0.1")
    assert logged_ips(name) == ["10.0.0.1"]


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(settings, nanjing_reporter):
    settings.TRUSTED_PROXIES = ["10.9.9.0/24"]
    name = nanjing_reporter.username
    via_proxy(name, "wrong", forwarded_for="203.0.113.7")
    via_proxy(name, "wrong", forwarded_for="1.1.1.1, 203.0.113.7")  # the client wrote 1.1.1.1
    via_proxy(name, "wrong", forwarded_for="203.0.113.7, 10.9.9.8")  # two nginx hops
    via_proxy(name, "wrong", forwarded_for="")  # nothing forwarded: the proxy itself
    assert logged_ips(name) == ["203.0.113.7", "203.0.113.7", "203.0.113.7", PROXY]


def test_behind_a_trusted_proxy_the_lock_out_counts_each_real_client(settings, nanjing_reporter):
    settings.TRUSTED_PROXIES = ["10.9.9.9"]
    name = nanjing_reporter.username
    for n in range(5):
        via_proxy(name, "wrong", forwarded_for=f"198.51.100.{n}, 203.0.113.7")  # forged left hops vary
    locked = via_proxy(name, PASSWORD, forwarded_for="203.0.113.7")
    assert locked.status_code == 200 and "登录失败次数过多" in locked.content.decode()
    # The colleague at another address, through the same nginx, is not locked out.
    assert via_proxy(name, PASSWORD, forwarded_for="203.0.113.8").status_code == 302


def test_proxy_settings_name_a_bad_value():
    assert parse_networks(["10.0.0.5", " 172.16.0.0/12", "::1"])[1].num_addresses == 2**20
    with pytest.raises(ValueError, match="“nginx”不是 IP 地址或网段"):
        parse_networks(["10.0.0.5", "nginx"])
    trusted = parse_networks(["10.0.0.0/8"])
    assert forwarded_client("10.0.0.2", "203.0.113.7, not-an-ip, 10.0.0.3", trusted) == "10.0.0.3"
    assert forwarded_client("10.0.0.2", "10.0.0.4, 10.0.0.3", trusted) == "10.0.0.4"


def test_an_administrator_ends_a_lock_out_at_every_address(client_for, province_admin, nanjing_reporter):
    """The 安全管理员's act (here, ordinary mode: the account's administrator): the failures before
    it stop counting at every address; a 解除锁定 in the login log and an account change."""
    from kaoping.ops.models import AccountChange

    name = nanjing_reporter.username
    for ip in ("10.0.0.1", "10.0.0.2"):
        for _ in range(5):
            attempt(name, "wrong", ip=ip)
    admin = client_for(province_admin)
    page = admin.get(f"/ops/accounts/{nanjing_reporter.pk}/").content.decode()
    assert "已在以下地址锁定：" in page and "10.0.0.1、10.0.0.2" in page
    assert (
        client_for(nanjing_reporter).post(f"/ops/accounts/{nanjing_reporter.pk}/unlock/").status_code == 403
    )
    assert admin.post(f"/ops/accounts/{nanjing_reporter.pk}/unlock/").status_code == 302
    assert attempt(name, PASSWORD, ip="10.0.0.1").status_code == 302
    assert attempt(name, PASSWORD, ip="10.0.0.2").status_code == 302
    entry = AccountChange.objects.get(target=nanjing_reporter, kind="unlock")
    assert (entry.old, entry.new, entry.actor) == (
        "已锁定（10.0.0.1、10.0.0.2）",
        "已解除",
        province_admin.username,
    )
    assert LoginEvent.objects.filter(username=name, kind="unlock").count() == 1
