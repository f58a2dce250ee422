"""催报: the province reminds a late city; the city's users see it until one dismisses it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.workflow import services

from .conftest import NJ


def test_the_province_reminds_a_city_and_only_that_city_sees_it(
    campaign, province_reviewer, nanjing_reporter, nanjing_leader, suzhou_reporter
):
    reminder = services.remind(province_reviewer, campaign, NJ)
    assert reminder.text == f"请于 2099-12-31 前完成《{campaign.title}》的填报并上报"
    assert services.reminders_for(nanjing_reporter) == [reminder]
    assert services.reminders_for(nanjing_leader) == [reminder]
    assert services.reminders_for(suzhou_reporter) == []
    with pytest.raises(PermissionDenied):
        services.dismiss(suzhou_reporter, reminder.pk)
    services.dismiss(nanjing_reporter, reminder.pk)
    assert services.reminders_for(nanjing_leader) == []


def test_a_city_cannot_remind_another(campaign, suzhou_reporter, province_admin):
    with pytest.raises(PermissionDenied, match="无权催报"):
        services.remind(suzhou_reporter, campaign, NJ)
    assert services.remind(province_admin, campaign, NJ, "请尽快上报").text == "请尽快上报"
