"""Fetch what a request names, through the access rules (404 when not visible, 403 when not allowed)."""

from __future__ import annotations

from django.http import Http404

from kaoping.collection.campaigns import takes_part, visible_campaigns
from kaoping.collection.models import Campaign
from kaoping.core.definitions.model import Table
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor


def campaign_or_404(user: Actor, campaign_id: str) -> Campaign:
    found = next(iter(visible_campaigns(user, only=campaign_id)), None)
    if found is None:
        raise Http404(f"任务 {campaign_id} 不存在或无权查看")
    return found


def campaign_org(
    user: Actor, campaign_id: str, org: str, action: Action, kind: str | None = "survey"
) -> Campaign:
    """The campaign, after checking ``org`` belongs to it and the user may ``action`` there."""
    campaign = campaign_or_404(user, campaign_id)
    if kind is not None and campaign.kind != kind:
        raise Http404(f"任务 {campaign_id} 不是{'调查' if kind == 'survey' else '考评'}任务")
    if not takes_part(user, campaign, org):
        raise Http404(f"组织 {org} 不在任务 {campaign_id} 中")
    access.require(user, action, org)
    return campaign


def table_or_404(campaign: Campaign, table_id: str) -> Table:
    from kaoping.collection.campaigns import survey_for

    survey = survey_for(campaign)
    if not any(t.id == table_id for t in survey.tables):
        raise Http404(f"表 {table_id} 不存在")
    return survey.table(table_id)
