"""Campaigns: immutable definition snapshots, opening rights, base figures, the task list."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.collection import campaigns as campaigns_module
from kaoping.collection.campaigns import (
    CampaignError,
    CampaignSpec,
    open_campaign,
    set_base_figures,
    survey_for,
    visible_campaigns,
)
from kaoping.collection.models import DefinitionSnapshot
from kaoping.collection.services import findings_for, save_table
from kaoping.collection.tasks import DONE, HAS_ERRORS, IN_PROGRESS, NOT_STARTED, table_statuses, tasks_for
from kaoping.core.definitions.model import Severity

NJ = "320100"


def spec(**overrides) -> CampaignSpec:
    fields = {
        "id": "js-2015",
        "definition": "survey-2015@1",
        "org": "320000",
        "opens": date(2015, 7, 1),
        "closes": date(2099, 12, 31),
    }
    return CampaignSpec(**(fields | overrides))


def test_opening_stores_an_immutable_snapshot_that_reloads_the_survey(province_admin):
    campaign = open_campaign(province_admin, spec())
    snapshot = campaign.snapshot
    assert snapshot.ref == "survey-2015@1"
    assert "survey.yaml" in snapshot.files and "T09.yaml" in snapshot.files
    campaigns_module._SURVEYS.clear()  # a fresh process reads the snapshot, not the files
    survey = survey_for(campaign)
    assert survey.ref == "survey-2015@1"
    assert [t.id for t in survey.tables][:2] == ["T01", "T02"]
    second = open_campaign(province_admin, spec(id="js-2015b"))
    assert second.snapshot_id == snapshot.pk  # same texts → same snapshot
    assert DefinitionSnapshot.objects.count() == 1
    assert (campaign.reference_date, campaign.forecast_date) == (date(2015, 6, 30), date(2015, 12, 31))


def test_only_a_province_admin_or_the_ministry_opens_a_campaign(
    nanjing_leader, province_reviewer, ministry_admin
):
    with pytest.raises(PermissionDenied, match="省管理员"):
        open_campaign(nanjing_leader, spec())
    with pytest.raises(PermissionDenied):
        open_campaign(province_reviewer, spec())
    assert open_campaign(ministry_admin, spec()).id == "js-2015"


def test_a_campaign_opens_with_its_cities_and_their_county_counts(org_tree, province_admin):
    opened = open_campaign(province_admin, spec())
    assert opened.members == [c.code for c in org_tree.cities("320000")]
    assert len(opened.members) == 13
    counties = dict(opened.base_figures.filter(key="counties").values_list("org_id", "value"))
    assert counties == {c.code: c.counties for c in org_tree.cities("320000")}
    assert sum(counties.values()) == 95  # docs/spec.md §15.1: Jiangsu's 95 county-level divisions


def test_bad_campaign_requests_are_refused_in_chinese(province_admin):
    with pytest.raises(CampaignError, match="早于"):
        open_campaign(province_admin, spec(closes=date(2015, 1, 1)))
    with pytest.raises(CampaignError, match="不存在"):
        open_campaign(province_admin, spec(copy_from="nope"))


def test_base_figures_are_entered_by_the_province(campaign, province_admin, nanjing_reporter):
    set_base_figures(province_admin, campaign, {NJ: {"population": "821.61", "counties": "12"}})
    assert {(b.org_id, b.key, str(b.value)) for b in campaign.base_figures.filter(org_id=NJ)} == {
        (NJ, "population", "821.61"),
        (NJ, "counties", "12.00"),
    }
    with pytest.raises(PermissionDenied):
        set_base_figures(nanjing_reporter, campaign, {NJ: {"population": "1"}})
    with pytest.raises(CampaignError):
        set_base_figures(province_admin, campaign, {NJ: {"gdp": "1"}})


def test_a_city_sees_the_province_campaign_and_a_stranger_sees_none(
    campaign, nanjing_reporter, django_user_model
):
    assert [c.id for c in visible_campaigns(nanjing_reporter)] == ["test-2015"]
    stranger = django_user_model.objects.create(username="nobody")
    assert visible_campaigns(stranger) == []


def test_task_list_shows_the_city_task_with_status_and_errors(campaign, nanjing_reporter):
    [task] = tasks_for(nanjing_reporter)
    assert (task.campaign.id, task.org, task.org_name) == ("test-2015", NJ, "南京市")
    assert (task.status, task.can_fill) == (NOT_STARTED, True)  # nothing stored yet
    assert task.period == "2015-06-30"
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "30", (NJ, "consultants"): "40"}, 0)
    [task] = tasks_for(nanjing_reporter)
    assert task.status == HAS_ERRORS
    errors = [f for f in findings_for(campaign, NJ) if f.severity is Severity.ERROR]
    # 表12's "one group or the other" stands too, but 南京 has not started 表12: that is
    # 未填报, not an error on the task list (docs/spec.md §8.2); submission still needs it
    assert {f.table for f in errors} == {"T09", "T12"}
    assert task.errors == len([f for f in errors if f.table == "T09"]) == 2
    assert "V09-STAFF" in {f.rule for f in errors}


def test_the_province_task_is_read_only_for_the_reviewer(campaign, province_reviewer, province_admin):
    [task] = tasks_for(province_reviewer)
    assert (task.org, task.can_fill) == ("320000", False)
    [admin_task] = tasks_for(province_admin)
    assert admin_task.can_fill


def test_fill_closes_outside_the_window(campaign, nanjing_reporter):
    campaign.closes, campaign.lock_at_deadline = date(2015, 8, 31), True
    campaign.save()
    [task] = tasks_for(nanjing_reporter)
    assert task.can_fill is False


def test_table_statuses_list_the_tables_a_city_fills(demo):
    statuses = {s.table: s for s in table_statuses(demo.campaign, NJ)}
    assert set(statuses) == {"T03", "T05", "T07", "T08", "T09", "T10", "T11", "T12", "T13"}
    assert {s.status for s in statuses.values()} == {DONE}
    xuzhou = {s.table: s.status for s in table_statuses(demo.campaign, "320300")}
    assert xuzhou["T09"] == DONE and xuzhou["T10"] == NOT_STARTED
    province = {s.table for s in table_statuses(demo.campaign, "320000")}
    assert {"T01", "T02", "T04", "T06", "T14"} <= province
    assert IN_PROGRESS  # the fourth status exists for partly filled tables
