"""A national campaign over 江苏, 浙江 and 安徽 (docs/spec.md §11.8), with 江苏's campaign
holding the demo's data (every city filled, no finding), and the ministry's and 浙江's people."""

from __future__ import annotations

from datetime import date

import pytest
from tests.conftest import CLI, PASSWORD

from kaoping.collection.campaigns import CampaignSpec, _copy_values
from kaoping.collection.models import Campaign
from kaoping.collection.national import open_national_campaign
from kaoping.demo import ensure_user
from kaoping.orgs.models import User
from kaoping.orgs.roles import Role

JS, ZJ, AH = "320000", "330000", "340000"
NATIONAL = "nat-2015"
JS_CAMPAIGN, ZJ_CAMPAIGN = f"{NATIONAL}-{JS}", f"{NATIONAL}-{ZJ}"


def open_national(demo_campaign: Campaign) -> Campaign:
    """``nat-2015`` over 江苏, 浙江 and 安徽; 江苏's campaign starts from the demo's values."""
    spec = CampaignSpec(
        id=NATIONAL,
        definition="survey-2015@1",
        org="000000",
        opens=date(2015, 7, 1),
        closes=date(2099, 12, 31),
        title="2015 全国规划中期评估调查",
    )
    campaign = open_national_campaign(CLI, spec, [JS, ZJ, AH])
    jiangsu = Campaign.objects.get(pk=JS_CAMPAIGN)
    jiangsu.base_figures.all().delete()  # the demo's figures come with its values
    _copy_values(demo_campaign, jiangsu)
    return campaign


@pytest.fixture
def national(demo) -> Campaign:
    return open_national(demo.campaign)


@pytest.fixture
def jiangsu(national) -> Campaign:
    return Campaign.objects.get(pk=JS_CAMPAIGN)


@pytest.fixture
def ministry_reviewer(personas) -> User:
    return ensure_user("p_bu_shenhe", "部审核员戊", Role.MINISTRY_REVIEWER, "000000", password=PASSWORD)


@pytest.fixture
def zhejiang_admin(personas) -> User:
    return ensure_user("p_zj_admin", "浙江省管理员", Role.PROVINCE_ADMIN, ZJ, password=PASSWORD)
