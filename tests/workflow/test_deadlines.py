"""Deadlines (docs/spec.md §14.2) under a frozen clock: the closing day ends at midnight
Asia/Shanghai; a unit that has not submitted is then 逾期 and may still fill and submit (迟报)
unless the campaign locks entry at the deadline; the level above extends one unit's deadline.

The demo campaign has every city filled without a finding; it is made to close on 2026-12-05."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.collection.deadlines import DeadlineError, grant_extension
from kaoping.collection.models import Campaign, Extension
from kaoping.collection.services import SaveRefused
from kaoping.workflow import services
from kaoping.workflow.documents import state_json
from kaoping.workflow.lateness import timeliness
from kaoping.workflow.models import Submission

from .conftest import NJ, SZ, save

CLOSES = date(2026, 12, 5)
LAST_SECOND = "2026-12-05 23:59:59"  # 15:59:59 UTC: still the closing day in Shanghai
NEXT_DAY = "2026-12-06 00:00:00"  # 16:00 UTC on the 5th: the deadline has passed


@pytest.fixture
def closing(demo) -> Campaign:  # type: ignore[no-untyped-def]
    Campaign.objects.filter(pk=demo.campaign.pk).update(closes=CLOSES)
    demo.campaign.refresh_from_db()
    return demo.campaign


def _locking(campaign: Campaign) -> Campaign:
    Campaign.objects.filter(pk=campaign.pk).update(lock_at_deadline=True)
    campaign.refresh_from_db()
    return campaign


def test_a_unit_is_overdue_from_midnight_in_shanghai(closing, clock, province_reviewer):
    clock(LAST_SECOND)
    assert not timeliness(closing, NJ, None).overdue
    clock(NEXT_DAY)
    now = state_json(province_reviewer, closing, NJ)
    assert (now["deadline"], now["overdue"], now["late"], now["extended"]) == (
        "2026-12-05",
        True,
        False,
        False,
    )


def test_the_progress_page_shows_overdue_units_first(
    closing, clock, client_for, province_reviewer, nanjing_leader
):
    clock("2026-12-04 10:00")
    services.submit(nanjing_leader, closing, NJ)  # on time
    clock(NEXT_DAY)
    html = client_for(province_reviewer).get(f"/w/c/{closing.pk}/progress/").content.decode()
    assert html.count('data-testid="overdue"') == len(closing.members)  # the others; the province not yet
    assert f'data-testid="extend-{SZ}"' in html and f'data-testid="extend-{NJ}"' not in html


def test_late_entry_stays_open_and_the_submission_is_marked_late(
    closing, clock, nanjing_reporter, nanjing_leader
):
    clock("2026-12-07 09:00")
    save(nanjing_reporter, closing, NJ, "T09", {(NJ, "staff"): "21"})  # still accepted
    assert timeliness(closing, NJ, Submission.objects.get(campaign=closing, org_id=NJ)).overdue
    services.submit(nanjing_leader, closing, NJ)
    after = timeliness(closing, NJ, Submission.objects.get(campaign=closing, org_id=NJ))
    assert (after.overdue, after.late, after.label) == (False, True, "迟报")


def test_a_campaign_that_locks_at_the_deadline_refuses_entry_and_submission(
    closing, clock, nanjing_reporter, nanjing_leader
):
    campaign = _locking(closing)
    clock(LAST_SECOND)
    save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "21"})
    clock(NEXT_DAY)
    with pytest.raises(SaveRefused, match="不在填报期内"):
        save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "22"})
    with pytest.raises(services.WorkflowError, match="不在填报期内"):
        services.submit(nanjing_leader, campaign, NJ)


def test_an_extension_is_honoured_for_that_unit_only(
    closing, clock, nanjing_reporter, suzhou_reporter, province_admin
):
    campaign = _locking(closing)
    clock("2026-12-04 12:00")
    grant_extension(province_admin, campaign, NJ, date(2026, 12, 8), "系统故障，延期三天")
    clock("2026-12-08 23:00")
    save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "21"})  # inside its extension
    with pytest.raises(SaveRefused, match="不在填报期内"):
        save(suzhou_reporter, campaign, SZ, "T09", {(SZ, "staff"): "21"})
    assert not timeliness(campaign, NJ, None).overdue and timeliness(campaign, SZ, None).overdue
    clock("2026-12-09 00:00")
    assert timeliness(campaign, NJ, None).overdue


def test_extensions_are_granted_from_the_progress_page_and_recorded(
    closing, clock, client_for, province_reviewer
):
    clock(NEXT_DAY)
    client = client_for(province_reviewer)
    response = client.post(f"/w/c/{closing.pk}/{NJ}/extend", {"until": "2026-12-10", "reason": "机构调整"})
    assert response.status_code == 302
    [entry] = Extension.objects.filter(campaign=closing)
    assert (entry.org_id, entry.until, entry.reason, entry.actor) == (
        NJ,
        date(2026, 12, 10),
        "机构调整",
        "p_sheng_shenhe",
    )
    html = client.get(f"/w/c/{closing.pk}/progress/").content.decode()
    assert "2026-12-10" in html and "已延期" in html
    refused = client.post(
        f"/w/c/{closing.pk}/{NJ}/extend", {"until": "2026-02-30", "reason": "x"}, follow=True
    )
    assert "请填写延期日期" in refused.content.decode()
    with pytest.raises(DeadlineError, match="须晚于填报截止日期 2026-12-05"):
        grant_extension(province_reviewer, closing, NJ, date(2026, 12, 1), "提前")
    with pytest.raises(DeadlineError, match="须填写原因"):
        grant_extension(province_reviewer, closing, NJ, date(2026, 12, 9), "  ")


def test_a_city_cannot_grant_an_extension(closing, client_for, nanjing_leader, suzhou_reporter):
    with pytest.raises(PermissionDenied, match="无权延期：需要省审核员或省管理员"):
        grant_extension(nanjing_leader, closing, NJ, date(2026, 12, 9), "自己延期")
    response = client_for(suzhou_reporter).post(
        f"/w/c/{closing.pk}/{NJ}/extend", {"until": "2026-12-09", "reason": "x"}
    )
    assert response.status_code in (403, 404)
    assert not Extension.objects.exists()


def test_the_open_campaign_page_sets_the_lock_at_the_deadline(org_tree, client_for, province_admin):
    form = {
        "id": "js-2016", "title": "", "definition": "survey-2015@1", "org": "320000",
        "opens": "2016-07-01", "closes": "2016-09-30", "copy_from": "", "lock_at_deadline": "on",
    }  # fmt: skip
    response = client_for(province_admin).post("/campaigns/new/", form)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Campaign.objects.get(pk="js-2016").lock_at_deadline is True
