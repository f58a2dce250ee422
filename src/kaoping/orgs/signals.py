"""Record logins, logouts and failed logins."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from kaoping.orgs.addresses import client_ip
from kaoping.orgs.models import LoginEvent, User


@receiver(user_logged_in)
def _logged_in(sender: type[User], request: HttpRequest | None, user: User, **kwargs: object) -> None:
    LoginEvent.objects.create(user=user, username=user.get_username(), kind="login", ip=client_ip(request))


@receiver(user_logged_out)
def _logged_out(sender: type[User], request: HttpRequest | None, user: User | None, **kwargs: object) -> None:
    if user is not None:
        LoginEvent.objects.create(
            user=user, username=user.get_username(), kind="logout", ip=client_ip(request)
        )


@receiver(user_login_failed)
def _failed(
    sender: str, credentials: dict[str, object], request: HttpRequest | None = None, **kwargs: object
) -> None:
    username = str(credentials.get("username", ""))[:150]
    LoginEvent.objects.create(username=username, kind="failed", ip=client_ip(request))
