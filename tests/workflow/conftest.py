"""Fixtures of the workflow tests: the demo campaign (every city filled, no finding) and a
部审核员; helpers that save as a city and read a state."""

from __future__ import annotations

import pytest

from kaoping.collection.services import save_explanation, save_table, table_version
from kaoping.demo import ensure_user
from kaoping.orgs.models import User
from kaoping.orgs.roles import Role
from kaoping.workflow.models import APPROVED, Submission
from kaoping.workflow.states import status_of

NJ, SZ, PROVINCE = "320100", "320500", "320000"
PASSWORD = "persona-pass-2015"


@pytest.fixture
def ministry_reviewer(personas) -> User:
    return ensure_user("p_bu_shenhe", "部审核员戊", Role.MINISTRY_REVIEWER, "000000", password=PASSWORD)


def save(user, campaign, org, table, changes):  # type: ignore[no-untyped-def]
    return save_table(user, campaign, org, table, changes, table_version(campaign, org, table))


def explain_extra_calls(user, campaign) -> None:  # type: ignore[no-untyped-def]
    """南京 reports 100 more calls than its 表9 balances, and explains them (V09-BAL, a 说明)."""
    from kaoping.collection.models import Value

    calls = int(Value.objects.get(campaign=campaign, row=NJ, column="calls").text)
    save(user, campaign, NJ, "T09", {(NJ, "calls"): str(calls + 100)})
    save_explanation(user, campaign, NJ, "V09-BAL", "T09", NJ, "calls", "100个来电转接省级平台")


def status(campaign, org) -> str:  # type: ignore[no-untyped-def]
    return status_of(campaign, org)[0]


def approve_all_cities(campaign) -> None:  # type: ignore[no-untyped-def]
    """Set every city to 已审核 directly: the province-level tests start from there."""
    from kaoping.orgs.models import Organisation

    for code in Organisation.objects.filter(parent_id=campaign.org_id, level="city").values_list(
        "code", flat=True
    ):
        Submission.objects.update_or_create(campaign=campaign, org_id=code, defaults={"status": APPROVED})
