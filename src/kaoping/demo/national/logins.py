"""What ``kaoping demo --national`` prints: where the provinces stand and the logins that show it
(部管理员 and 部审核员 are among the Jiangsu demo's logins already)."""

from __future__ import annotations

from collections import Counter

from kaoping.demo.build import Login
from kaoping.demo.national import states
from kaoping.demo.national.accounts import PINYIN
from kaoping.demo.national.build import NationalResult
from kaoping.orgs.models import Organisation
from kaoping.orgs.roles import Role
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    NOT_STARTED,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    Submission,
)

ORDER = (SUBMITTED, APPROVED, RETURNED, IN_PROGRESS, NOT_STARTED)  # waiting for the ministry first
SHOWN = (states.RETURNED_PROVINCE, states.CITIES_LATE)  # 河南: returned with comments; 海南: cities to review


def national_logins(result: NationalResult | None) -> list[Login]:
    if result is None:
        return []
    codes = [code for code in SHOWN if code in result.campaign.members]
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        Login(f"{PINYIN[code]}_shenhe", f"{names[code]}审核员", Role.PROVINCE_REVIEWER.label, names[code])
        for code in codes
    ]


def national_summary(result: NationalResult) -> str:
    """全国演示任务 with how many provincial units stand where."""
    campaign = result.campaign
    provinces = set(campaign.members)
    found = Submission.objects.filter(campaign__parent=campaign, org_id__in=provinces).values_list(
        "status", flat=True
    )
    counts = Counter(found)
    counts[NOT_STARTED] += len(provinces) - sum(counts.values())
    parts = "，".join(f"{STATUS_LABELS[status]} {counts[status]}" for status in ORDER if counts[status])
    made = f"；本次生成 {len(result.provinces)} 个省级单位的数据" if result.provinces else ""
    waiting = (
        f"\n部审核员 {states.MINISTRY_REVIEWER} 待审核 {counts[SUBMITTED]} 个省级单位"
        if counts[SUBMITTED]
        else ""
    )
    head = f"全国演示任务：{campaign.id}（{campaign.title}）"
    return f"{head}：{len(provinces)} 个省级单位，{parts}{made}{waiting}"
