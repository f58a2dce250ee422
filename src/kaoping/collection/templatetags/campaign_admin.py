"""Links to the province administrator's campaign pages, shown only to those who may use them."""

from __future__ import annotations

from typing import Any

from django import template

from kaoping.orgs import access
from kaoping.orgs.access import Action

register = template.Library()


@register.inclusion_tag("collection/_navlink.html", takes_context=True)
def open_campaign_link(context: dict[str, Any]) -> dict[str, Any]:
    """The top bar's 开启任务 link."""
    user = getattr(context.get("request"), "user", None)
    shown = bool(user and user.is_authenticated and access.orgs_for(user, Action.OPEN_CAMPAIGN))
    return {"shown": shown}


@register.inclusion_tag("collection/_base_figures_link.html", takes_context=True)
def base_figures_link(context: dict[str, Any], page: Any) -> dict[str, Any]:
    """The overview's 基础数据 link, for whoever enters the campaign's base figures."""
    user = getattr(context.get("request"), "user", None)
    shown = bool(user and access.can(user, Action.OPEN_CAMPAIGN, page.campaign.org_id))
    return {"shown": shown, "campaign": page.campaign}
