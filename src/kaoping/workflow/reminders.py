"""催报 that reaches people (docs/spec.md §14.3): scheduled before a unit's deadline and after it,
or sent now by the level above, to the unit's fillers and leaders — in the product (the banner
and their notifications), by e-mail and by SMS (``workflow.delivery``). At most one reminder per
unit, kind and day (Asia/Shanghai): a second worker's or a second click's insert is refused by
the database (``one_reminder_a_day``) and sends nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from kaoping.collection.deadlines import deadline_of, extended, locks_at_deadline, today
from kaoping.collection.models import Campaign
from kaoping.collection.national import is_national, national_children
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name
from kaoping.orgs.models import User
from kaoping.workflow.delivery import deliver_pending, email_enabled, sms_enabled
from kaoping.workflow.lateness import UNSUBMITTED
from kaoping.workflow.models import (
    BEFORE,
    EMAIL,
    MANUAL,
    NOT_STARTED,
    OVERDUE,
    REMINDER,
    SMS,
    ContactPreference,
    Delivery,
    Reminder,
    Submission,
)
from kaoping.workflow.notifications import notify
from kaoping.workflow.services import WorkflowError, check_member
from kaoping.workflow.states import reviewer_label, unlocker_label

SYSTEM = "系统定时催报"
MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")  # SMS reaches mainland mobile numbers only


def can_remind(user: Actor, org_code: str) -> bool:
    """催报 is the reviewing level's (or its administrator's) job."""
    return access.can(user, Action.REVIEW, org_code) or access.can(user, Action.UNLOCK, org_code)


def default_text(campaign: Campaign, org_code: str, kind: str, day: date) -> str:
    deadline = deadline_of(campaign, org_code)
    left = (deadline - day).days
    if left < 0:
        passed = f"《{campaign.title}》已于 {deadline:%Y-%m-%d} 截止，贵单位尚未上报"
        return f"{passed}，已逾期 {-left} 天，请尽快完成填报并上报"
    if kind == BEFORE:
        return f"《{campaign.title}》将于 {deadline:%Y-%m-%d} 截止（还有 {left} 天），请抓紧完成填报并上报"
    return f"请于 {deadline:%Y-%m-%d} 前完成《{campaign.title}》的填报并上报"


def mobile(phone: str) -> str | None:
    """The 11-digit mobile number in ``phone`` (spaces and dashes aside), or None."""
    found = MOBILE.match(re.sub(r"[\s-]", "", phone))
    return found.group(1) if found else None


def _deliveries(reminder: Reminder, users: list[User]) -> list[Delivery]:
    """E-mail and SMS for each person with the contact and without an opt-out, on the channels
    the deployment configured."""
    prefs = {p.user_id: p for p in ContactPreference.objects.filter(user__in=users)}
    out = []
    for user in users:
        pref = prefs.get(user.pk) or ContactPreference(user=user)
        if email_enabled() and user.email and pref.email:
            out.append(Delivery(reminder=reminder, user=user, channel=EMAIL, address=user.email))
        phone = mobile(user.phone)
        if sms_enabled() and phone and pref.sms:
            out.append(Delivery(reminder=reminder, user=user, channel=SMS, address=phone))
    return out


def issue(campaign: Campaign, org_code: str, kind: str, text: str, sender: str, day: date) -> Reminder | None:
    """The reminder of ``org_code`` of this kind for ``day``, with its notifications and queued
    deliveries — or None when it was already issued (by another worker, or an earlier click)."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                campaign=campaign, org_id=org_code, kind=kind, day=day, text=text, sender=sender
            )
            users = list(access.fillers_and_leaders(org_code))
            link = reverse("workflow:submission", kwargs={"campaign": campaign.pk, "org": org_code})
            notify(users, REMINDER, f"《{campaign.title}》：{text}", link, f"reminder:{reminder.pk}")
            Delivery.objects.bulk_create(_deliveries(reminder, users))
    except IntegrityError:
        return None
    return reminder


def remind(user: Actor, campaign: Campaign, org_code: str, text: str = "") -> Reminder:
    """催报 one unit now (the 报送进度 page's button): once a day per unit."""
    if not can_remind(user, org_code):
        raise PermissionDenied(
            f"无权催报：需要{reviewer_label(campaign, org_code)}或{unlocker_label(campaign, org_code)}角色"
        )
    check_member(campaign, org_code)
    day = today()
    reminder = issue(
        campaign,
        org_code,
        MANUAL,
        text.strip() or default_text(campaign, org_code, MANUAL, day),
        actor_name(user),
        day,
    )
    if reminder is None:
        raise WorkflowError("今天已催报过该单位，明天可再次催报")
    return reminder


def remind_late(user: Actor, campaign: Campaign) -> list[Reminder]:
    """催报 every unit the user may remind that has not submitted (and was not reminded today);
    for a national campaign, every province that has not submitted its own campaign."""
    day, sender, out = today(), actor_name(user), []
    for unit_campaign, org_code in late_units(user, campaign):
        text = default_text(unit_campaign, org_code, MANUAL, day)
        found = issue(unit_campaign, org_code, MANUAL, text, sender, day)
        if found is not None:
            out.append(found)
    return out


def late_units(user: Actor, campaign: Campaign) -> list[tuple[Campaign, str]]:
    """(the campaign its data is in, unit) of each unit not yet submitted that ``user`` may remind."""
    return [
        (unit_campaign, org_code)
        for unit_campaign, org_code, status in _units(campaign)
        if status in UNSUBMITTED and can_remind(user, org_code)
    ]


def _units(campaign: Campaign) -> list[tuple[Campaign, str, str]]:
    """(the campaign its data is in, unit, status) of each unit a campaign's 报送进度 lists: its
    province and cities; for a national campaign, each province in its own (docs/spec.md §11.8)."""
    if is_national(campaign):
        children = list(national_children(campaign))
        states = dict(
            Submission.objects.filter(campaign__parent=campaign, org_id=F("campaign__org_id")).values_list(
                "org_id", "status"
            )
        )
        return [(c, c.org_id, states.get(c.org_id, NOT_STARTED)) for c in children]
    states = dict(Submission.objects.filter(campaign=campaign).values_list("org_id", "status"))
    return [(campaign, code, states.get(code, NOT_STARTED)) for code in [campaign.org_id, *campaign.members]]


def due(campaign: Campaign, day: date) -> list[tuple[str, str]]:
    """(unit, kind) of the scheduled reminders due on ``day``: ``REMIND_BEFORE_DAYS`` before a
    unit's deadline, then the day after it and every ``REMIND_OVERDUE_EVERY_DAYS`` days — unless
    entry locked at the deadline (an overdue unit could not act on it)."""
    if (
        campaign.status != "open"
        or campaign.kind != "survey"
        or day < campaign.opens
        or is_national(campaign)
    ):
        return []  # a national campaign's provinces are reminded by their own campaigns
    states = dict(Submission.objects.filter(campaign=campaign).values_list("org_id", "status"))
    extensions, out = extended(campaign), []
    every = max(1, settings.REMIND_OVERDUE_EVERY_DAYS)
    for org_code in [campaign.org_id, *campaign.members]:
        if states.get(org_code, NOT_STARTED) not in UNSUBMITTED:
            continue
        left = (deadline_of(campaign, org_code, extensions) - day).days
        if left in settings.REMIND_BEFORE_DAYS:
            out.append((org_code, BEFORE))
        elif left < 0 and (-left - 1) % every == 0 and not locks_at_deadline(campaign):
            out.append((org_code, OVERDUE))
    return out


@dataclass(frozen=True)
class Sending:
    reminders: int  # issued now
    sent: int
    failed: int  # tries that failed (retried later, or given up)


def send_due_reminders(now: datetime | None = None) -> Sending:
    """The scheduler's tick: issue the reminders due today, then deliver what is queued. Safe to
    run on several workers at once and again after a crash (docs/spec.md §14.3)."""
    now = now or timezone.now()
    day, issued = today(now), 0
    for campaign in Campaign.objects.filter(status="open", kind="survey", opens__lte=day).select_related(
        "org"
    ):
        for org_code, kind in due(campaign, day):
            if issue(campaign, org_code, kind, default_text(campaign, org_code, kind, day), SYSTEM, day):
                issued += 1
    sent, failed = deliver_pending(now)
    return Sending(issued, sent, failed)


def reminders_for(user: Actor) -> list[Reminder]:
    """Undismissed reminders to the organisations where the user holds a role."""
    if access.is_cli(user) or not getattr(user, "is_authenticated", False):
        return []
    return list(
        Reminder.objects.filter(
            org__in=access.home_orgs(user), dismissed_at__isnull=True, campaign__status="open"
        )
        .select_related("campaign", "org")
        .order_by("-at", "-id")[:5]
    )


def dismiss(user: Actor, reminder_id: int) -> None:
    reminder = Reminder.objects.filter(pk=reminder_id).first()
    if reminder is None or reminder.org_id not in access.home_orgs(user):
        raise PermissionDenied("无权处理此提醒：只有被提醒单位的人员可以关闭")
    reminder.dismissed_at, reminder.dismissed_by = timezone.now(), actor_name(user)
    reminder.save(update_fields=["dismissed_at", "dismissed_by"])
