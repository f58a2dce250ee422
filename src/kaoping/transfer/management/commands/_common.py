"""What the transfer commands share: finding the survey campaign they name."""

from __future__ import annotations

from kaoping.collection.management.commands._base import ProductCommand
from kaoping.collection.models import Campaign


def survey_campaign(command: ProductCommand, campaign_id: str) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise command.refuse(f"任务 {campaign_id} 不存在")
    if campaign.kind != "survey":
        raise command.refuse(f"任务 {campaign.id} 不是调查任务")
    return campaign
