"""``kaoping demo``: idempotent, realistic, and the clean cities really pass every rule."""

from __future__ import annotations

from decimal import Decimal

from kaoping.collection.models import AuditEntry, BaseFigure, Explanation, ListRow, TableVersion, Value
from kaoping.collection.services import can_submit, findings_for, load_survey_data
from kaoping.core.definitions.model import Severity
from kaoping.demo import build_demo
from kaoping.demo.figures import CLEAN, PARTIAL, WITH_ERROR
from kaoping.orgs.models import RoleAssignment, User
from kaoping.orgs.roles import DUTY_ROLES, Role


def snapshot() -> tuple:
    return (
        sorted(Value.objects.values_list("table", "row", "column", "text")),
        AuditEntry.objects.count(),
        ListRow.objects.count(),
        sorted(TableVersion.objects.values_list("org_id", "table", "version")),
        Explanation.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        BaseFigure.objects.count(),
    )


def tables_of(campaign, org: str) -> set[str]:
    return set(Value.objects.filter(campaign=campaign, org_id=org).values_list("table", flat=True))


def test_running_the_demo_twice_changes_nothing(demo):
    first = snapshot()
    build_demo()
    assert snapshot() == first


def test_the_three_clean_cities_pass_every_rule(demo):
    data = load_survey_data(demo.campaign)
    for city in CLEAN:
        assert findings_for(demo.campaign, city, data) == [], city


def test_the_clean_cities_filled_every_city_table(demo):
    for city in CLEAN:
        tables = set(
            Value.objects.filter(campaign=demo.campaign, org_id=city).values_list("table", flat=True)
        )
        assert tables == {"T03", "T05", "T07", "T08", "T09", "T10", "T11", "T12", "T13"}, city


def test_yancheng_keeps_a_hard_error_in_table_9(demo):
    findings = findings_for(demo.campaign, WITH_ERROR)
    errors = [(f.rule, f.table, f.row) for f in findings if f.severity is Severity.ERROR]
    assert ("V09-STAFF", "T09", WITH_ERROR) in errors
    assert not can_submit(findings)


def test_one_warning_is_answered_with_an_explanation(demo):
    assert demo.explained
    findings = findings_for(demo.campaign, "320300")
    warning = next(f for f in findings if f.rule == "V12-STAFF")
    assert warning.severity is Severity.WARNING
    assert warning.explained
    assert Explanation.objects.get(rule="V12-STAFF").org_id == "320300"


def test_partly_filled_cities_have_some_but_not_all_tables(demo):
    for city in PARTIAL:
        tables = set(
            Value.objects.filter(campaign=demo.campaign, org_id=city).values_list("table", flat=True)
        )
        assert 0 < len(tables) < 9, city
    empty = Value.objects.filter(
        campaign=demo.campaign, org_id__in=["320700", "320800", "321100", "321200", "321300"]
    )
    assert not empty.exists()


def test_base_figures_follow_spec_magnitudes(demo):
    figures = BaseFigure.objects.filter(campaign=demo.campaign)
    population = sum(f.value for f in figures if f.key == "population")
    assert Decimal("7900") < population < Decimal("8000")  # 7,960 万 in 2014
    counties = {f.org_id: int(f.value) for f in figures if f.key == "counties"}
    assert counties["320100"] == 11 and counties["321300"] == 5
    assert sum(counties.values()) == 95


def test_the_province_filled_tables_14_and_2(demo):
    data = load_survey_data(demo.campaign)
    assert data.get("T14", "cities", "qty") == 13
    assert data.get("T14", "counties", "qty") == 95
    assert data.get("T02", "dc", "room_area") is not None


def test_one_account_per_role_and_per_city(demo):
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    # every business role; the demo runs without 三员分立, so none of its three duties
    assert roles == {r.value for r in Role if r not in DUTY_ROLES}
    reporters = RoleAssignment.objects.filter(role=Role.CITY_REPORTER).values_list("org_id", flat=True)
    assert len(set(reporters)) == 13
    user = User.objects.get(username="nanjing_tianbao")
    assert user.check_password(demo.password)
    assert {login.username for login in demo.logins} >= {"sheng_admin", "bu_admin", "zhuanjia", "zhidu"}


def test_the_demo_stays_rerunnable_when_a_table_is_closed_to_edits(demo, monkeypatch):
    from kaoping.collection.services import writing

    guard = [lambda campaign, org: "已上报，已锁定" if org == "320100" else None]
    monkeypatch.setattr(writing, "WRITE_GUARDS", guard)
    again = build_demo()
    assert again.skipped and all(s.startswith("320100 ") for s in again.skipped)
    assert not again.outdated
