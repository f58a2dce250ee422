"""Each person's notifications in the product (docs/spec.md §14.4): reminders, returns, comments
on their cells and approvals, to the unit's fillers and leaders; unread until they mark them read."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from kaoping import dialect
from kaoping.collection.models import Campaign
from kaoping.orgs.access import fillers_and_leaders
from kaoping.orgs.models import User
from kaoping.workflow.models import Notification

PAGE = 200  # the newest shown on the page


def notify(users: Iterable[User], kind: str, text: str, link: str, key: str) -> int:
    """One notification per person about ``key``: sending it again (another worker, a retry)
    adds nothing. Returns how many were new."""
    rows = [Notification(user=u, kind=kind, text=text, link=link, key=key) for u in users]
    before = Notification.objects.filter(key=key).count()
    dialect.insert_new(Notification, rows)
    return Notification.objects.filter(key=key).count() - before


def notify_unit(campaign: Campaign, org_code: str, kind: str, text: str, key: str, link: str = "") -> int:
    """Notify ``org_code``'s fillers and leaders; the link defaults to its 报送与审核 page."""
    link = link or reverse("workflow:submission", kwargs={"campaign": campaign.pk, "org": org_code})
    return notify(fillers_and_leaders(org_code), kind, text, link, key)


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (``ids`` None: all of them); others' are untouched."""
    found = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        found = found.filter(pk__in=list(ids))
    return found.update(read_at=timezone.now())
