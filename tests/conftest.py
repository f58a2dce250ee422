"""Shared fixtures: the organisation tree, a campaign, and the personas of every access test.

Personas (docs/architecture.md): 省管理员, 南京 填报员, 南京 负责人, 苏州 填报员 (the
outsider for 南京's data), 省审核员, 审核专家, 部管理员. Other test packages import these
fixtures by name; ``client_for`` gives a logged-in test client.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from tests import demo_once

from kaoping.collection.campaigns import CampaignSpec, open_campaign
from kaoping.collection.models import Campaign
from kaoping.core.orgs import OrgTree
from kaoping.demo import DemoResult, build_demo, ensure_user
from kaoping.orgs.actors import CliActor
from kaoping.orgs.models import User
from kaoping.orgs.roles import Role
from kaoping.orgs.sync import sync_orgs

PROVINCE, NANJING, SUZHOU = "320000", "320100", "320500"
PASSWORD = "persona-pass-2015"
CLI = CliActor(username="cli:test")


@dataclass(frozen=True)
class Personas:
    province_admin: User  # 省管理员
    province_reviewer: User  # 省审核员
    nanjing_reporter: User  # 南京 市填报员
    nanjing_leader: User  # 南京 市负责人
    suzhou_reporter: User  # 苏州 市填报员: the outsider for 南京's data
    expert: User  # 审核专家
    ministry_admin: User  # 部管理员

    def all(self) -> dict[str, User]:
        return dict(vars(self))


@pytest.fixture(scope="session", autouse=True)
def _deployment_modes() -> None:
    """The suite's deployment modes, stated here rather than weakened in the settings: the
    personas and fixtures sign administrators in with the password alone (the demo's way, as
    ``make run`` sets ``KAOPING_REQUIRE_2FA=0``) and in the ordinary mode (no 三员分立).
    The settings' own defaults (two factors on) are a deployment's; the tests of two-factor
    sign-in and 三员分立 switch these on with pytest-django's ``settings`` (tests/ops)."""
    from django.conf import settings as django_settings

    django_settings.REQUIRE_TWO_FACTOR = False
    django_settings.SEPARATION_OF_DUTIES = False


@pytest.fixture(autouse=True)
def _own_audit_anchors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test reads and writes the audit chain's anchors in a file of its own: an anchor left
    by an earlier test (a scheduler tick, ``kaoping audit anchor``) would otherwise name a head
    that the later test's rolled-back or flushed chain never reaches."""
    before = django_settings.AUDIT_ANCHOR
    django_settings.AUDIT_ANCHOR = str(tmp_path_factory.getbasetemp() / f"anchors-{next(_ANCHORS)}.log")
    yield
    django_settings.AUDIT_ANCHOR = before


_ANCHORS = itertools.count()


@pytest.fixture(autouse=True)
def _fresh_security_policy() -> Iterator[None]:
    """Each test starts from the policy its own database holds (kaoping.ops.policy caches it for
    some seconds in the process; a rolled-back test's stricter policy must not outlive it)."""
    from kaoping.ops import policy

    policy.forget()
    yield
    policy.forget()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database, and the demo built in it once for the run (tests/demo_once.py)."""
    with django_db_blocker.unblock():
        demo_once.build()


def _transactional(request: pytest.FixtureRequest) -> bool:
    """A live server or ``django_db(transaction=True)``: nothing rolls back, the test builds."""
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and bool(marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    names = request.fixturenames
    return marked or "transactional_db" in names or "live_server" in names


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``portable_sql`` runs on PostgreSQL twice: with PostgreSQL's own statements
    and with ``KAOPING_SQL_DIALECT`` forced to portable (kaoping.dialect); elsewhere once."""
    if metafunc.definition.get_closest_marker("portable_sql") is None:
        return
    postgres = "postgresql" in str(django_settings.DATABASES["default"]["ENGINE"])
    metafunc.parametrize("sql_dialect", ["native", "portable"] if postgres else ["portable"], indirect=True)


@pytest.fixture
def sql_dialect(request: pytest.FixtureRequest, settings: Any) -> str:
    settings.SQL_DIALECT = request.param
    return str(request.param)


@pytest.fixture
def _copied() -> demo_once.Copied:
    return demo_once.Copied()


@pytest.fixture(autouse=True)
def _demo_first(request: pytest.FixtureRequest) -> None:
    """A test that uses the demo gets its rows before any other fixture writes."""
    if "demo" in request.fixturenames and not _transactional(request):
        request.getfixturevalue("db")
        demo_once.demo_rows(request.getfixturevalue("_copied"))


@pytest.fixture
def org_tree(request: pytest.FixtureRequest, db: None, _copied: demo_once.Copied) -> OrgTree:
    """The organisation tree of definitions/orgs, as ``sync_orgs`` writes it."""
    return sync_orgs() if _transactional(request) else demo_once.org_tree(_copied)


@pytest.fixture
def personas(org_tree: OrgTree) -> Personas:
    def make(username: str, name: str, role: Role, org: str) -> User:
        return ensure_user(username, name, role, org, password=PASSWORD)

    return Personas(
        province_admin=make("p_sheng_admin", "省管理员甲", Role.PROVINCE_ADMIN, PROVINCE),
        province_reviewer=make("p_sheng_shenhe", "省审核员乙", Role.PROVINCE_REVIEWER, PROVINCE),
        nanjing_reporter=make("p_nanjing_tianbao", "南京填报员", Role.CITY_REPORTER, NANJING),
        nanjing_leader=make("p_nanjing_fuze", "南京负责人", Role.CITY_LEADER, NANJING),
        suzhou_reporter=make("p_suzhou_tianbao", "苏州填报员", Role.CITY_REPORTER, SUZHOU),
        expert=make("p_zhuanjia", "审核专家丙", Role.EXPERT, PROVINCE),
        ministry_admin=make("p_bu_admin", "部管理员丁", Role.MINISTRY_ADMIN, "000000"),
    )


@pytest.fixture
def province_admin(personas: Personas) -> User:
    return personas.province_admin


@pytest.fixture
def nanjing_reporter(personas: Personas) -> User:
    return personas.nanjing_reporter


@pytest.fixture
def nanjing_leader(personas: Personas) -> User:
    return personas.nanjing_leader


@pytest.fixture
def suzhou_reporter(personas: Personas) -> User:
    """The outsider: a city reporter of 苏州 facing 南京's data."""
    return personas.suzhou_reporter


@pytest.fixture
def province_reviewer(personas: Personas) -> User:
    return personas.province_reviewer


@pytest.fixture
def expert(personas: Personas) -> User:
    return personas.expert


@pytest.fixture
def ministry_admin(personas: Personas) -> User:
    return personas.ministry_admin


@pytest.fixture
def campaign(org_tree: OrgTree) -> Campaign:
    """An empty, open survey campaign for Jiangsu (fill window 2015-07-01 … 2099-12-31)."""
    spec = CampaignSpec(
        id="test-2015",
        definition="survey-2015@1",
        org=PROVINCE,
        opens=date(2015, 7, 1),
        closes=date(2099, 12, 31),
    )
    return open_campaign(CLI, spec)


@pytest.fixture
def demo(request: pytest.FixtureRequest, db: None, _copied: demo_once.Copied) -> DemoResult:
    """The full demo (campaign ``demo-2015`` with data and demo logins), fresh for each test:
    built once per run and copied in (tests/demo_once.py)."""
    return build_demo() if _transactional(request) else demo_once.demo(_copied)


def renewed_now(client: Client) -> None:
    """The client's session marked renewed this second: the next minute's requests do not save
    it (a renewal is 3 queries: kaoping.ops.middleware), so a page's query count stays exact
    even when a renewal falls due between the warm request and the counted one."""
    from django.utils import timezone

    from kaoping.ops.middleware import RENEWED

    session = client.session
    session[RENEWED] = int(timezone.now().timestamp())
    session.save()


def count_queries(client: Client, pins: dict[str, int], django_assert_num_queries: Any) -> None:
    """Each page's queries counted exactly, on a warm process: the page opened once first (the
    definition caches, the organisation tree). The session is marked renewed and the security
    policy's cache (kaoping.ops.policy, 10 s) dropped just before that first opening, so neither
    falls due between it and the counted one."""
    from kaoping.ops import policy

    for path, expected in pins.items():
        renewed_now(client)
        policy.forget()
        assert client.get(path).status_code == 200  # warm: the process's caches
        with django_assert_num_queries(expected):
            assert client.get(path).status_code == 200


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """A test client logged in as the user (or anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """A frozen clock: ``clock("2026-12-06 00:00")`` makes it that moment in Asia/Shanghai for
    everything that asks ``django.utils.timezone.now`` (deadlines, saved times, sessions)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    def set_to(text: str) -> datetime:
        moment = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to
