"""Lock-out after repeated failed logins, per username and client address.

The policy's failures within its lock-out minutes (none succeeding since; ``kaoping.ops.policy``,
by default ``LOCKOUT_FAILURES`` and ``LOCKOUT_MINUTES``) lock that username from that address
until those minutes after the last failure. The address is
the client's, also behind nginx (``kaoping.orgs.addresses``). Counted from the login log
(``orgs.LoginEvent``, written by the orgs app's signals), so it holds across several app
servers sharing the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from kaoping.ops import policy
from kaoping.orgs.access import Action, may_manage_user
from kaoping.orgs.actors import Actor
from kaoping.orgs.addresses import client_ip
from kaoping.orgs.models import LoginEvent, User


def locked_until(username: str, ip: str | None) -> datetime | None:
    """When the lock on (username, ip) ends; None when not locked."""
    rules = policy.effective()
    window = timedelta(minutes=rules.lockout_minutes)
    since = timezone.now() - window
    recent = LoginEvent.objects.filter(username=username, at__gte=since)
    ended = recent.filter(Q(kind="login", ip=ip) | Q(kind="unlock"))  # an unlock: at every address
    last_ok = ended.order_by("-at").values_list("at", flat=True).first()
    failures = recent.filter(kind="failed", ip=ip)
    if last_ok is not None:
        failures = failures.filter(at__gt=last_ok)
    times: list[datetime] = list(
        failures.order_by("-at").values_list("at", flat=True)[: rules.lockout_failures]
    )
    if len(times) < rules.lockout_failures:
        return None
    return times[0] + window


class LockoutBackend(ModelBackend):
    """The model backend, refusing a locked username before its password is even tried, and
    every password when the deployment switched local passwords off."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kw: Any
    ) -> User | None:
        if not settings.LOCAL_PASSWORDS:  # unified sign-on only (kaoping.ops.sso)
            raise PermissionDenied("local passwords off")  # logged as a failure; the form says why
        if username:
            until = locked_until(username, client_ip(request))
            if until is not None:
                if request is not None:
                    request.kaoping_locked_until = until  # type: ignore[attr-defined]  # for the login form
                raise PermissionDenied("locked")  # logged as a failure; the form says why
        return super().authenticate(request, username=username, password=password, **kw)


def locked_addresses(username: str) -> list[str]:
    """The addresses from which ``username`` is locked out now (for the account's page)."""
    since = timezone.now() - timedelta(minutes=policy.effective().lockout_minutes)
    candidates = LoginEvent.objects.filter(username=username, kind="failed", at__gte=since)
    ips = sorted({ip or "" for ip in candidates.values_list("ip", flat=True)})
    return [ip or "—" for ip in ips if locked_until(username, ip or None) is not None]


def unlock(actor: Actor, target: User, channel: str) -> bool:
    """The 安全管理员 (``Action.MANAGE_SECURITY``) ends ``target``'s lock-outs at every address:
    a 解除锁定 in the login log, and an account change; False when none was locked."""
    from kaoping.ops import changes  # the account changes' audit (a sibling of this module)

    if not may_manage_user(actor, target, Action.MANAGE_SECURITY):
        raise PermissionDenied("无权解除锁定：该账号不属于您管理的组织")
    where = locked_addresses(target.username)
    if not where:
        return False
    with transaction.atomic():
        LoginEvent.objects.create(user=target, username=target.username, kind="unlock", ip=None)
        changes.record(actor, target, "unlock", "已锁定（" + "、".join(where) + "）", "已解除", channel)
    return True
