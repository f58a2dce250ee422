"""Record logins, logouts and failed logins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from kaoping.orgs.addresses import client_ip
from kaoping.orgs.models import LoginEvent


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    LoginEvent.objects.create(user=user, username=user.get_username(), kind="login", ip=client_ip(request))


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        LoginEvent.objects.create(
            user=user, username=user.get_username(), kind="logout", ip=client_ip(request)
        )


@receiver(user_login_failed)
def _failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    LoginEvent.objects.create(username=username, kind="failed", ip=client_ip(request))
