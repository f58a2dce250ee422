"""Who acts: a signed-in user, or the server's command line.

``Actor`` is the one name for "whoever asked" across the product: services take an ``Actor``,
ask ``kaoping.orgs.access`` what it may do, and record it with ``actor_user`` (the foreign key)
and ``actor_name`` (the name written into every log: the username, or ``cli:<os user>``).

``SignedInRequest`` is the request a view behind ``login_required`` (or the API's
authentication) receives: its ``user`` is a ``User``, never ``AnonymousUser``.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kaoping.orgs.models import User


@dataclass(frozen=True)
class CliActor:
    """The command line: an administrator's tool with full rights, audited as ``cli:<os user>``."""

    username: str
    is_authenticated: bool = True
    is_active: bool = True
    pk: None = None

    @property
    def display_name(self) -> str:
        return self.username


Actor: TypeAlias = "User | CliActor"


class SignedInRequest(HttpRequest):
    """A request whose user has signed in (``login_required``, the API's ``AUTH``): an
    annotation for views, never instantiated (Django builds the request)."""

    user: User


def signed_in(request: HttpRequest | None) -> User | None:
    """The request's user if signed in, else None: for what every page shares (middleware,
    context processors, the top bar's tags), which also runs for the login page."""
    user: User | AnonymousUser | None = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def cli_actor() -> CliActor:
    """The command line as an actor: ``cli:<os user>``."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return CliActor(username=f"cli:{name}")


def actor_user(actor: Actor) -> User | None:
    """The user to store in a foreign key; None for the command line."""
    return None if isinstance(actor, CliActor) or actor.pk is None else actor


def actor_name(actor: Actor) -> str:
    """The name logs record: the username, or ``cli:<os user>``."""
    return str(actor.username or "")
