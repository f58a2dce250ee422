"""Template helpers of the pages."""

from __future__ import annotations

from django import template
from django.template import Context
from django.urls import reverse
from django.utils.safestring import SafeString

from kaoping.orgs import access
from kaoping.orgs.models import User
from kaoping.pages.grid import Cell
from kaoping.web.cellhtml import cell_html, messages

register = template.Library()


@register.simple_tag
def user_roles(user: User) -> list[tuple[str, str]]:
    """(role label, organisation name) pairs for the top bar (shown to a signed-in user)."""
    return access.roles_of(user)


@register.filter
def has_code(cell: Cell, letter: str) -> bool:
    """Is code ``letter`` among the cell's chosen codes?"""
    return letter in cell.chosen


@register.simple_tag(takes_context=True)
def grid_cell(context: Context, cell: Cell, in_form: bool = False) -> SafeString:
    """A grid cell (see ``kaoping.web.cellhtml``); its history link names the page's table. A
    reviewer's page has ``follow_ups`` (the workflow's ``workflow_follow_ups``): flagged cells."""
    key: tuple[str, str, str] = (context["campaign"].pk, context["org"].code, context["table"].id)
    urls: dict[tuple[str, str, str], str] | None = context.render_context.get("kaoping_history_urls")
    if urls is None:
        urls = context.render_context["kaoping_history_urls"] = {}
    if key not in urls:
        campaign, org, table = key
        urls[key] = reverse("web:history", kwargs={"campaign": campaign, "org": org, "table": table})
    flags = context.get("follow_ups")
    flagged = flags.get((cell.row, cell.key)) if flags else None
    return cell_html(cell, urls[key], in_form, None if flagged is None else flagged.note)


@register.simple_tag
def cell_messages(cell: Cell) -> SafeString:
    """The rule results under a cell."""
    return messages(cell.findings)
