"""Links to the province administrator's campaign pages, shown only to those who may use them."""

from __future__ import annotations

from typing import Any, Protocol

from django import template

from kaoping.collection.models import Campaign
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import signed_in

register = template.Library()


class OfCampaign(Protocol):
    """A page about one campaign (``pages.page.Page``, which this layer does not import)."""

    @property
    def campaign(self) -> Campaign: ...


@register.inclusion_tag("collection/_navlink.html", takes_context=True)
def open_campaign_link(context: dict[str, Any]) -> dict[str, Any]:
    """The top bar's 开启任务 link."""
    user = signed_in(context.get("request"))
    shown = bool(user and access.orgs_for(user, Action.OPEN_CAMPAIGN))
    return {"shown": shown}


@register.inclusion_tag("collection/_base_figures_link.html", takes_context=True)
def base_figures_link(context: dict[str, Any], page: OfCampaign) -> dict[str, Any]:
    """The overview's 基础数据 link, for whoever enters the campaign's base figures."""
    user = signed_in(context.get("request"))
    shown = bool(user and access.can(user, Action.OPEN_CAMPAIGN, page.campaign.org_id))
    return {"shown": shown, "campaign": page.campaign}
