"""What the 报送进度 page's 催报 and 延期 show, for the page, the API and the command line alike:
the delivery log of a campaign's reminders (those the reader may send) and its extensions (of
the units the reader reads), each as the JSON document the API and ``--format json`` print."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from kaoping.collection.models import Campaign, Extension
from kaoping.collection.national import is_national
from kaoping.core.masking import mask_email, mask_login, mask_name, mask_phone
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.workflow.models import Delivery, Reminder
from kaoping.workflow.reminders import can_remind

LOG_PAGE = 300  # reminders shown, newest first


def shown(viewer: Actor, delivery: Delivery) -> tuple[str, str]:
    """The person's name and the address a delivery went to, masked (张*明, 139****5678,
    z***@example.com) unless ``viewer`` may see them in full (``access.sees_personal_data``)."""
    person = delivery.user
    units = {person.org_id, *(r.org_id for r in person.roles.all())}
    name, address = person.display_name, delivery.address
    if access.sees_personal_data(viewer, person.pk, {u for u in units if u}):
        return name, address
    hidden = mask_phone(address) if delivery.channel == "sms" else mask_email(address)
    return (mask_name(person.name) if person.name else mask_login(person.username)), hidden


def reminder_log(user: Actor, campaign: Campaign, limit: int = LOG_PAGE) -> list[Reminder]:
    """The campaign's reminders to the units ``user`` may remind, newest first, with their
    deliveries and tries; a national campaign's are its provinces' own (docs/spec.md §11.8)."""
    remindable = [c for c in [campaign.org_id, *campaign.members] if can_remind(user, c)]
    sent = (
        Q(campaign__parent=campaign, org_id=F("campaign__org_id"))
        if is_national(campaign)
        else Q(campaign=campaign)
    )
    rows = access.restrict(Reminder.objects.filter(sent, org_id__in=remindable), user, Action.READ)
    return list(
        rows.select_related("org")
        .prefetch_related("deliveries__user__roles", "deliveries__tries")
        .order_by("-at", "-id")[:limit]
    )


def reminder_json(reminder: Reminder, viewer: Actor) -> dict[str, Any]:
    return {
        "id": reminder.pk,
        "org": reminder.org_id,
        "org_name": reminder.org.name,
        "kind": reminder.kind,
        "kind_label": str(reminder.get_kind_display()),
        "day": reminder.day.isoformat() if reminder.day else None,
        "text": reminder.text,
        "sender": reminder.sender,
        "at": reminder.at.isoformat(),
        "deliveries": [delivery_json(d, viewer) for d in reminder.deliveries.all()],
    }


def delivery_json(delivery: Delivery, viewer: Actor) -> dict[str, Any]:
    name, address = shown(viewer, delivery)
    return {
        "channel": delivery.channel,
        "address": address,
        "user": name,
        "status": delivery.status,
        "status_label": str(delivery.get_status_display()),
        "attempts": delivery.attempts,
        "error": delivery.error,
        "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
    }


def extensions(user: Actor, campaign: Campaign, org: str | None = None) -> QuerySet[Extension]:
    """The campaign's extensions of the units ``user`` reads (one unit's with ``org``), newest first."""
    found = Extension.objects.filter(campaign=campaign)
    if org is not None:
        access.require(user, Action.READ, org)  # another unit's: refused, naming no one it may not see
        found = found.filter(org_id=org)
    return access.restrict(found, user, Action.READ).select_related("org").order_by("-at", "-id")


def extension_json(extension: Extension) -> dict[str, Any]:
    return {
        "org": extension.org_id,
        "org_name": extension.org.name,
        "until": extension.until.isoformat(),
        "reason": extension.reason,
        "actor": extension.actor,
        "at": extension.at.isoformat(),
    }
