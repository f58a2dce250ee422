"""Permission = role × organisation subtree, decided in ``kaoping.orgs.access`` only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.collection.models import Value
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import CliActor
from kaoping.orgs.models import RoleAssignment
from kaoping.orgs.roles import Role

PROVINCE, NANJING, SUZHOU, MINISTRY = "320000", "320100", "320500", "000000"


def test_city_reporter_fills_and_reads_only_its_own_city(nanjing_reporter):
    assert access.can(nanjing_reporter, Action.FILL, NANJING)
    assert access.can(nanjing_reporter, Action.READ, NANJING)
    assert not access.can(nanjing_reporter, Action.FILL, SUZHOU)
    assert not access.can(nanjing_reporter, Action.READ, SUZHOU)
    assert not access.can(nanjing_reporter, Action.READ, PROVINCE)
    assert not access.can(nanjing_reporter, Action.SUBMIT, NANJING)  # 上报 is the leader's sign-off


def test_city_leader_may_also_submit(nanjing_leader):
    assert access.can(nanjing_leader, Action.FILL, NANJING)
    assert access.can(nanjing_leader, Action.SUBMIT, NANJING)
    assert not access.can(nanjing_leader, Action.SUBMIT, SUZHOU)


def test_province_admin_fills_provincial_rows_and_reads_every_city(province_admin):
    assert access.can(province_admin, Action.FILL, PROVINCE)
    assert not access.can(province_admin, Action.FILL, NANJING)  # cities fill their own rows
    assert access.can(province_admin, Action.READ, NANJING)
    assert access.can(province_admin, Action.READ, SUZHOU)
    assert access.can(province_admin, Action.OPEN_CAMPAIGN, PROVINCE)
    assert access.can(province_admin, Action.UNLOCK, NANJING)
    assert not access.can(province_admin, Action.UNLOCK, PROVINCE)  # the ministry unlocks a province
    assert not access.can(province_admin, Action.READ, MINISTRY)


def test_province_reviewer_reviews_cities_and_submits_the_province(province_reviewer):
    assert access.can(province_reviewer, Action.REVIEW, NANJING)
    assert not access.can(province_reviewer, Action.REVIEW, PROVINCE)
    assert access.can(province_reviewer, Action.SUBMIT, PROVINCE)
    assert not access.can(province_reviewer, Action.FILL, PROVINCE)


def test_expert_scores_cities_but_fills_nothing(expert):
    assert access.can(expert, Action.SCORE, SUZHOU)
    assert access.can(expert, Action.READ, NANJING)
    assert not access.can(expert, Action.FILL, NANJING)
    assert not access.can(expert, Action.FILL, PROVINCE)


def test_ministry_admin_may_do_everything_everywhere(ministry_admin):
    for action in Action:
        assert access.can(ministry_admin, action, NANJING)
        assert access.can(ministry_admin, action, PROVINCE)


def test_viewer_only_reads_its_subtree(org_tree, django_user_model):
    viewer = django_user_model.objects.create(username="viewer-nj")
    RoleAssignment.objects.create(user=viewer, role=Role.VIEWER, org_id=NANJING)
    assert access.can(viewer, Action.READ, NANJING)
    assert not access.can(viewer, Action.READ, SUZHOU)
    assert not access.can(viewer, Action.FILL, NANJING)


def test_several_roles_add_up(nanjing_reporter):
    RoleAssignment.objects.create(user=nanjing_reporter, role=Role.VIEWER, org_id=SUZHOU)
    access.forget(nanjing_reporter)
    assert access.can(nanjing_reporter, Action.READ, SUZHOU)
    assert not access.can(nanjing_reporter, Action.FILL, SUZHOU)


def test_anonymous_and_inactive_users_may_nothing(nanjing_reporter):
    from django.contrib.auth.models import AnonymousUser

    assert not access.can(AnonymousUser(), Action.READ, NANJING)
    nanjing_reporter.is_active = False
    access.forget(nanjing_reporter)
    assert not access.can(nanjing_reporter, Action.READ, NANJING)


def test_cli_acts_with_full_rights(org_tree):
    assert access.can(CliActor("cli:root"), Action.FILL, NANJING)


def test_refusal_names_the_roles_that_would_be_needed(suzhou_reporter, personas):
    with pytest.raises(PermissionDenied) as refused:
        access.require(personas.expert, Action.FILL, NANJING)  # the expert reads 南京: it is named
    message = str(refused.value)
    assert "南京市" in message
    assert "需要" in message and "市填报员" in message and "市负责人" in message and "角色" in message
    # 苏州 may not even read 南京: its refusal names no one
    with pytest.raises(PermissionDenied) as refused:
        access.require(suzhou_reporter, Action.FILL, NANJING)
    assert str(refused.value) == "无权填报：不属于本单位（需要市填报员、市负责人角色）"
    with pytest.raises(PermissionDenied) as refused:  # its own province it may name
        access.require(suzhou_reporter, Action.FILL, "320000")
    assert "江苏省" in str(refused.value)
    assert access.required_roles(Action.SUBMIT) == [
        "ministry_admin",
        "province_reviewer",
        "city_leader",
    ]


def test_restrict_keeps_only_rows_of_permitted_organisations(campaign, nanjing_reporter, province_admin):
    for org in (NANJING, SUZHOU, PROVINCE):
        Value.objects.create(campaign=campaign, org_id=org, table="T09", row=org, column="staff", text="30")
    mine = access.restrict(Value.objects.all(), nanjing_reporter, Action.READ)
    assert sorted(mine.values_list("org_id", flat=True)) == [NANJING]
    everything = access.restrict(Value.objects.all(), province_admin, Action.READ)
    assert everything.count() == 3
    fillable = access.restrict(Value.objects.all(), province_admin, Action.FILL)
    assert sorted(fillable.values_list("org_id", flat=True)) == [PROVINCE]


def test_the_refusal_names_the_roles_that_would_grant_it_there(org_tree):
    assert access.required_roles(Action.FILL, "city") == ["city_reporter", "city_leader"]
    assert access.required_roles(Action.READ, "city") == ["city_reporter", "city_leader", "viewer"]
    assert access.required_roles(Action.OPEN_CAMPAIGN, "province") == ["province_admin"]
    assert access.required_roles(Action.REVIEW, "city") == ["province_reviewer"]
    assert access.required_roles(Action.UNLOCK, "province") == ["ministry_admin"]
    assert access.refusal(Action.REVIEW, "南京市", "city") == "无权审核（南京市）：需要省审核员角色"


def test_logins_logouts_and_failed_logins_are_recorded(nanjing_reporter, client):
    from tests.conftest import PASSWORD

    from kaoping.orgs.models import LoginEvent

    assert (
        client.post("/accounts/login/", {"username": "p_nanjing_tianbao", "password": "wrong"}).status_code
        == 200
    )
    assert (
        client.post("/accounts/login/", {"username": "p_nanjing_tianbao", "password": PASSWORD}).status_code
        == 302
    )
    client.post("/accounts/logout/")
    events = list(LoginEvent.objects.order_by("id").values_list("username", "kind"))
    assert events == [
        ("p_nanjing_tianbao", "failed"),
        ("p_nanjing_tianbao", "login"),
        ("p_nanjing_tianbao", "logout"),
    ]


def test_restrict_filters_a_queryset_by_who_asks(personas):
    from kaoping.orgs.models import Organisation, User

    cities = Organisation.objects.filter(parent_id=PROVINCE, level="city").order_by("code")
    reads = access.restrict(cities, personas.nanjing_reporter, Action.READ, "code")
    assert list(reads.values_list("code", flat=True)) == [NANJING]
    assert access.restrict(cities, personas.expert, Action.SCORE, "code").count() == 13  # all 13 cities
    assert access.restrict(cities, CliActor("cli:t"), Action.FILL, "code").count() == 13
    # Above a city: nothing to read, but ``covering`` keeps the province and the ministry above it.
    everywhere = Organisation.objects.filter(code__in=[MINISTRY, PROVINCE, NANJING, SUZHOU])
    covering = access.restrict(everywhere, personas.nanjing_reporter, Action.READ, "code", covering=True)
    assert sorted(covering.values_list("code", flat=True)) == [MINISTRY, PROVINCE, NANJING]
    # Several fields: a user is managed where they belong or hold a role; each counted once.
    managed = access.restrict(
        User.objects.all(), personas.province_admin, Action.MANAGE_ACCOUNTS, ("roles__org", "org")
    )
    assert "p_bu_admin" not in set(managed.values_list("username", flat=True))
    assert managed.filter(username="p_nanjing_tianbao").count() == 1


def test_who_manages_an_account_and_a_superuser_is_managed_by_no_one_here(personas):
    from kaoping.orgs.models import User

    assert access.may_manage_user(personas.province_admin, personas.nanjing_reporter)
    assert not access.may_manage_user(personas.province_admin, personas.ministry_admin)
    assert not access.may_manage_user(personas.nanjing_leader, personas.nanjing_reporter)
    root = User.objects.create(username="root", is_superuser=True, org_id=NANJING)
    assert not access.may_manage_user(personas.ministry_admin, root)
    assert not access.may_manage_user(CliActor("cli:t"), root)


def test_scorers_to_assign_are_the_experts_held_at_the_province(personas):
    assert [u.username for u in access.assignable_scorers(PROVINCE)] == ["p_zhuanjia"]
    assert list(access.assignable_scorers(NANJING)) == []


def test_who_is_expected_to_act_comes_from_the_grants_table():
    # 部管理员 may review a province too (every action), but 部审核员 is the one whose grant is for it.
    assert access.responsible_text(Action.REVIEW, "province") == "部审核员"
    assert access.responsible_text(Action.REVIEW, "city") == "省审核员"
    assert access.responsible_text(Action.UNLOCK, "province") == "部管理员"
    assert access.responsible_text(Action.UNLOCK, "city") == "省管理员"
    assert access.responsible_text(Action.OPEN_CAMPAIGN, "province") == "省管理员"
    # The refusal names every role that would do: both ministry roles.
    assert access.required_roles_text(Action.REVIEW, "province") == "部管理员、部审核员"
