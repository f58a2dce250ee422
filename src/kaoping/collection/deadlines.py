"""Deadlines (docs/spec.md §14.2): a unit's deadline is the campaign's closing day, or the latest
extension the level above granted it; the day ends at midnight Asia/Shanghai. Whether a unit is
逾期 is derived when read, never written by a batch."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kaoping.collection.models import Campaign, Extension
from kaoping.core import texts
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name, actor_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONGEST = timedelta(days=366)  # an extension reaches at most a year past the closing day
logger = logging.getLogger("kaoping.collection")


class DeadlineError(ValueError):
    """An extension refused for a reason other than permission (message in Chinese)."""


def today(now: datetime | None = None) -> date:
    """The calendar day in Asia/Shanghai, whatever the server's time zone."""
    return timezone.localdate(now or timezone.now(), SHANGHAI)


def extended(campaign: Campaign) -> dict[str, date]:
    """Each extended unit's latest grant, in one query."""
    rows = Extension.objects.filter(campaign=campaign).order_by("at", "id").values_list("org_id", "until")
    return dict(rows)  # later grants overwrite earlier ones


def deadline_of(campaign: Campaign, org_code: str, extensions: dict[str, date] | None = None) -> date:
    """The last day ``org_code`` may fill on time: the closing day or its extension."""
    if extensions is None:
        latest = Extension.objects.filter(campaign=campaign, org_id=org_code).order_by("-at", "-id").first()
        until = latest.until if latest else None
    else:
        until = extensions.get(org_code)
    return max(campaign.closes, until) if until else campaign.closes


def is_past(campaign: Campaign, org_code: str, day: date | None = None) -> bool:
    """The unit's deadline has passed (its closing day, Asia/Shanghai, is over)."""
    return (day or today()) > deadline_of(campaign, org_code)


def locks_at_deadline(campaign: Campaign) -> bool:
    """Entry locks at the deadline when the campaign says so; a self-assessment always does."""
    return campaign.lock_at_deadline or campaign.kind != "survey"


def window_open(campaign: Campaign, day: date | None = None, org_code: str | None = None) -> bool:
    """Open, begun, and — when entry locks at the deadline — the unit's deadline not passed."""
    day = day or today()
    if campaign.status != "open" or day < campaign.opens:
        return False
    if not locks_at_deadline(campaign):
        return True
    return day <= (deadline_of(campaign, org_code) if org_code else campaign.closes)


def may_extend(user: Actor, org_code: str) -> bool:
    """The level above a unit extends its deadline: whoever reviews or unlocks it."""
    return access.can(user, Action.REVIEW, org_code) or access.can(user, Action.UNLOCK, org_code)


def _level(campaign: Campaign, org_code: str) -> str:
    return "province" if org_code == campaign.org_id else "city"


def grant_extension(user: Actor, campaign: Campaign, org_code: str, until: date, reason: str) -> Extension:
    """Extend ``org_code``'s deadline to ``until``; recorded with who, when and why."""
    if not may_extend(user, org_code):
        level = _level(campaign, org_code)
        review, unlock = (access.responsible_text(a, level) for a in (Action.REVIEW, Action.UNLOCK))
        raise PermissionDenied(f"无权延期：需要{review}或{unlock}角色")
    if org_code != campaign.org_id and org_code not in campaign.members:
        raise DeadlineError(f"组织 {org_code} 不属于任务 {campaign.pk}")
    if campaign.kind != "survey" or campaign.status != "open":
        raise DeadlineError("任务未开启或已截止，不能延期")
    if until <= campaign.closes:
        raise DeadlineError(f"延期日期须晚于填报截止日期 {campaign.closes:%Y-%m-%d}")
    if until > campaign.closes + LONGEST:
        raise DeadlineError(f"延期日期不能晚于 {campaign.closes + LONGEST:%Y-%m-%d}")
    if not reason.strip():
        raise DeadlineError("延期须填写原因")
    refused = texts.refusal(reason.strip(), texts.COMMENT, "延期原因")
    if refused:
        raise DeadlineError(refused)
    entry = Extension.objects.create(
        campaign=campaign,
        org_id=org_code,
        until=until,
        reason=reason.strip(),
        user=actor_user(user),
        actor=actor_name(user),
    )
    logger.info("extension campaign=%s org=%s until=%s by %s", campaign.pk, org_code, until, entry.actor)
    return entry
