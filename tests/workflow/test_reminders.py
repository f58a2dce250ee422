"""催报: the province reminds a late city; the city's users see it until one dismisses it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.workflow import reminders

from .conftest import NJ


def test_the_province_reminds_a_city_and_only_that_city_sees_it(
    campaign, province_reviewer, nanjing_reporter, nanjing_leader, suzhou_reporter
):
    reminder = reminders.remind(province_reviewer, campaign, NJ)
    assert reminder.text == f"请于 2099-12-31 前完成《{campaign.title}》的填报并上报"
    assert reminders.reminders_for(nanjing_reporter) == [reminder]
    assert reminders.reminders_for(nanjing_leader) == [reminder]
    assert reminders.reminders_for(suzhou_reporter) == []
    with pytest.raises(PermissionDenied):
        reminders.dismiss(suzhou_reporter, reminder.pk)
    reminders.dismiss(nanjing_reporter, reminder.pk)
    assert reminders.reminders_for(nanjing_leader) == []


def test_a_city_cannot_remind_another(campaign, suzhou_reporter, province_admin):
    with pytest.raises(PermissionDenied, match="无权催报"):
        reminders.remind(suzhou_reporter, campaign, NJ)
    assert reminders.remind(province_admin, campaign, NJ, "请尽快上报").text == "请尽快上报"
