"""Lock-out after repeated failed logins, per username and client address.

``LOCKOUT_FAILURES`` failures within ``LOCKOUT_MINUTES`` (none succeeding since) lock that
username from that address until ``LOCKOUT_MINUTES`` after the last failure. The address is
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
from django.http import HttpRequest
from django.utils import timezone

from kaoping.orgs.addresses import client_ip
from kaoping.orgs.models import LoginEvent, User


def locked_until(username: str, ip: str | None) -> datetime | None:
    """When the lock on (username, ip) ends; None when not locked."""
    window = timedelta(minutes=settings.LOCKOUT_MINUTES)
    since = timezone.now() - window
    recent = LoginEvent.objects.filter(username=username, ip=ip, at__gte=since)
    last_ok = recent.filter(kind="login").order_by("-at").values_list("at", flat=True).first()
    failures = recent.filter(kind="failed")
    if last_ok is not None:
        failures = failures.filter(at__gt=last_ok)
    times: list[datetime] = list(
        failures.order_by("-at").values_list("at", flat=True)[: settings.LOCKOUT_FAILURES]
    )
    if len(times) < settings.LOCKOUT_FAILURES:
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
