"""The demo's baseline campaign ``demo-2014`` (docs/spec.md §13): last round's 表5 of the cities,
read by ``demo-2015`` as its baseline. Kept small — written in one insert per
model, no audit (a baseline is a closed campaign nobody edits) — so the demo stays fast.

Last round's values are this round's at 85 % (growth well inside the threshold), except
南通's 表5: 1.92 times this round's, so ``demo-2015`` shows one change (持卡人数 较上期 −48 %).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kaoping.collection.campaigns import CampaignSpec, open_campaign
from kaoping.collection.models import Campaign, Value
from kaoping.demo.figures import PROVINCE
from kaoping.orgs.actors import cli_actor

BASELINE_CAMPAIGN = "demo-2014"
TABLES = ("T05",)
GROWTH = Decimal("0.85")
FELL = ("320600", "T05", Decimal("1.92"))  # 南通's 表5: 持卡人数 较上期 −48 %


def ensure_baseline(campaign: Campaign) -> Campaign:
    """``demo-2014``, filled once, named as ``campaign``'s baseline."""
    baseline = Campaign.objects.filter(pk=BASELINE_CAMPAIGN).first()
    if baseline is None:
        spec = CampaignSpec(
            id=BASELINE_CAMPAIGN,
            definition="survey-2015@1",
            org=PROVINCE,
            opens=date(2014, 7, 1),
            closes=date(2014, 9, 30),
            title="2014 规划年度评估：规划重点任务实施情况调查（基期）",
            status="archived",  # last round, filed away: not on anyone's task list
        )
        baseline = open_campaign(cli_actor(), spec)
        _fill(campaign, baseline)
    if campaign.baseline_id != baseline.pk:
        campaign.baseline = baseline
        campaign.save(update_fields=["baseline"])
    return baseline


def _fill(campaign: Campaign, baseline: Campaign) -> None:
    stored = Value.objects.filter(campaign=campaign, table__in=TABLES)
    Value.objects.bulk_create(
        Value(
            campaign=baseline,
            org_id=v.org_id,
            table=v.table,
            row=v.row,
            column=v.column,
            text=_earlier(v.org_id, v.table, v.column, v.text),
            updated_by="kaoping demo",
        )
        for v in stored
    )


def _earlier(org: str, table: str, column: str, text: str) -> str:
    try:
        now = Decimal(text)
    except ArithmeticError:
        return text  # a code, a 是/否: as it is
    factor = FELL[2] if (org, table) == FELL[:2] else GROWTH
    places = Decimal(1) if "." not in text else Decimal(1).scaleb(-len(text.split(".")[1]))
    return str((now * factor).quantize(places, rounding=ROUND_HALF_UP))
