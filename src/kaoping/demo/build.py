"""Build (or bring up to date) the demo campaign, its data and its accounts."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from kaoping.collection.campaigns import CampaignSpec, open_campaign, set_base_figures, snapshot_digest
from kaoping.collection.models import Campaign, ListRow
from kaoping.collection.services import (
    SaveRefused,
    add_list_row,
    findings_for,
    save_explanation,
    save_table,
    table_version,
)
from kaoping.demo import data
from kaoping.demo.baseline import ensure_baseline
from kaoping.demo.evaluation import build_evaluation_demo
from kaoping.demo.figures import CITIES, CLEAN, PARTIAL, PROVINCE, WITH_ERROR
from kaoping.orgs.actors import cli_actor
from kaoping.orgs.models import Organisation, RoleAssignment, User
from kaoping.orgs.roles import ROLE_LABELS, Role
from kaoping.orgs.sync import sync_orgs

DEMO_CAMPAIGN = "demo-2015"
DEMO_PASSWORD = "kaoping-demo-2015"

# Which tables each partly reporting city has filled so far.
PARTIAL_TABLES = {
    "320300": ("T03", "T05", "T09", "T12"),
    "320500": ("T03", "T05", "T09", "T10"),
    "320600": ("T03", "T05", "T13"),
    "321000": ("T05", "T09", "T11"),
}
WITH_ERROR_TABLES = ("T03", "T05", "T09")
EXPLAINED_CITY, EXPLAINED_RULE = "320300", "V12-STAFF"
EXPLANATION = "编制 12 人，另有借调技术人员 2 名在岗，编制调整已报市编办审批"


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    role: str
    org: str


@dataclass
class DemoResult:
    campaign: Campaign
    logins: list[Login] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    skipped: list[str] = field(default_factory=list)  # saves refused (locked tables, changed definition)
    outdated: bool = False  # the campaign keeps an older snapshot than the definition on disk
    explained: bool = False
    evaluation: Campaign | None = None  # demo-eval-2015


@functools.cache
def _password_hash(password: str) -> str:
    # Hashing is slow on purpose; the demo's many accounts share one known password.
    return make_password(password)


def demo_password_hash() -> str:
    """The hash of the demo's one password (computed once per process)."""
    return _password_hash(DEMO_PASSWORD)


def ensure_user(username: str, name: str, role: Role, org_code: str, password: str = DEMO_PASSWORD) -> User:
    """A user holding ``role`` at ``org_code``; the password is set only when the user is new."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, name=name, org_id=org_code, password=_password_hash(password))
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=role.value, org_id=org_code)
    return user


def demo_accounts() -> list[tuple[str, str, Role, str]]:
    """(username, display name, role, org) for every demo login."""
    accounts = [
        ("bu_admin", "部信息中心管理员", Role.MINISTRY_ADMIN, "000000"),
        ("bu_shenhe", "部信息中心审核员", Role.MINISTRY_REVIEWER, "000000"),
        ("sheng_admin", "省厅管理员", Role.PROVINCE_ADMIN, PROVINCE),
        ("sheng_shenhe", "省厅审核员", Role.PROVINCE_REVIEWER, PROVINCE),
        ("zhuanjia", "考评专家", Role.EXPERT, PROVINCE),
        ("zhidu", "只读用户", Role.VIEWER, PROVINCE),
    ]
    names = dict(Organisation.objects.filter(parent_id=PROVINCE).values_list("code", "name"))
    for code, (pinyin, *_rest) in CITIES.items():
        city = names.get(code, code)
        accounts.append((f"{pinyin}_tianbao", f"{city}填报员", Role.CITY_REPORTER, code))
        accounts.append((f"{pinyin}_fuze", f"{city}负责人", Role.CITY_LEADER, code))
    return accounts


# Saves the demo could not make (a table locked by the workflow, a definition that changed
# since the demo campaign was opened): reported, never fatal, so `kaoping demo` stays re-runnable.
_SKIPPED: list[str] = []


def _save(campaign: Campaign, org: str, table: str, cells: dict[tuple[str, str], str]) -> None:
    version = table_version(campaign, org, table)
    try:
        save_table(cli_actor(), campaign, org, table, cells, version, channel="cli", note="kaoping demo")
    except SaveRefused as exc:
        _SKIPPED.append(f"{org} {table}：{exc.message}")


def _ensure_campaign() -> Campaign:
    campaign = Campaign.objects.filter(pk=DEMO_CAMPAIGN).first()
    if campaign is not None:
        return campaign
    spec = CampaignSpec(
        id=DEMO_CAMPAIGN,
        definition="survey-2015@1",
        org=PROVINCE,
        opens=date(2015, 7, 1),
        closes=date(2099, 12, 31),
        title="2015 规划中期评估：规划重点任务实施情况调查",
        reference_date=date(2015, 6, 30),
        forecast_date=date(2015, 12, 31),
    )
    return open_campaign(cli_actor(), spec)


def _fill_city(
    campaign: Campaign, code: str, tables: tuple[str, ...], index: int, names: dict[str, str]
) -> None:
    cells = data.city_tables(code, names[code], index)
    if code == WITH_ERROR:
        staff = int(cells["T09"][(code, "staff")])
        cells["T09"][(code, "consultants")] = str(staff + 5)  # V09-STAFF: more consultants than staff
    if code == EXPLAINED_CITY:
        quota = int(cells["T12"][(code, "city_quota")])
        cells["T12"][(code, "city_staff")] = str(quota + 2)  # V12-STAFF: a warning, explained below
    for table in tables:
        if table == "T07":
            _fill_system(campaign, code, names[code])
        else:
            _save(campaign, code, table, cells[table])


def _fill_system(campaign: Campaign, code: str, name: str) -> None:
    row = ListRow.objects.filter(campaign=campaign, table="T07", org_id=code).first()
    key = row.key if row else add_list_row(cli_actor(), campaign, code, "T07", "systems", channel="cli").key
    _save(campaign, code, "T07", {(key, col): text for col, text in data.city_system(name).items()})


def _explain(campaign: Campaign) -> bool:
    found = [f for f in findings_for(campaign, EXPLAINED_CITY) if f.rule == EXPLAINED_RULE]
    for finding in found:
        if finding.explained:
            continue  # already answered (a re-run, or the city wrote its own 说明)
        try:
            save_explanation(
                cli_actor(),
                campaign,
                EXPLAINED_CITY,
                finding.rule,
                finding.table,
                finding.row,
                finding.column,
                EXPLANATION,
            )
        except SaveRefused as exc:
            _SKIPPED.append(f"{EXPLAINED_CITY} 说明：{exc.message}")
    return bool(found)


@transaction.atomic
def build_demo() -> DemoResult:
    _SKIPPED.clear()
    sync_orgs()
    campaign = _ensure_campaign()
    current = snapshot_digest("survey-2015@1")
    figures = {
        code: {"population": pop, "insured_urban": insured, "counties": Decimal(counties)}
        for code, (_, pop, insured, counties) in CITIES.items()
    }
    set_base_figures(cli_actor(), campaign, figures)
    _save(campaign, PROVINCE, "T14", data.province_t14())
    _save(campaign, PROVINCE, "T01", data.province_t01())
    _save(campaign, PROVINCE, "T02", data.province_t02())
    _save(campaign, PROVINCE, "T09", data.province_t09())
    names = dict(Organisation.objects.filter(parent_id=PROVINCE).values_list("code", "name"))
    order = list(CITIES)
    full = ("T03", "T05", "T07", "T08", "T09", "T10", "T11", "T12", "T13")
    for code in CLEAN:
        _fill_city(campaign, code, full, order.index(code), names)
    for code in PARTIAL:
        _fill_city(campaign, code, PARTIAL_TABLES[code], order.index(code), names)
    _fill_city(campaign, WITH_ERROR, WITH_ERROR_TABLES, order.index(WITH_ERROR), names)
    explained = _explain(campaign)
    ensure_baseline(campaign)
    logins = []
    for username, name, role, org in demo_accounts():
        ensure_user(username, name, role, org)
        logins.append(Login(username, name, ROLE_LABELS[role], names.get(org) or _org_name(org)))
    evaluation = build_evaluation_demo()
    result = DemoResult(campaign=campaign, logins=logins, explained=explained, evaluation=evaluation)
    result.skipped = list(_SKIPPED)
    result.outdated = campaign.snapshot.sha256 != current
    return result


def _org_name(code: str) -> str:
    return Organisation.objects.filter(code=code).values_list("name", flat=True).first() or code


def logins_table(result: DemoResult) -> str:
    width = max(len(login.username) for login in result.logins)
    lines = [f"演示账号（密码均为 {result.password}）：", f"{'用户名'.ljust(width)}  角色      单位"]
    lines += [
        f"{login.username.ljust(width)}  {login.role.ljust(6, '　')}  {login.org}" for login in result.logins
    ]
    return "\n".join(lines)
