"""API authentication: ``Authorization: Bearer <personal token>`` or the browser session.

Both also gate by organisation before the request body is even read: a path that names an
organisation (``{org}``) is answered only to users who may at least read it there, so an
outsider learns nothing from validation errors of endpoints meant for another city.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import User
from kaoping.orgs.tokens import user_for_token

ORG_PARAMS = ("org", "org_code")


def gate(request: HttpRequest, user: Actor) -> None:
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match is not None else {}
    for name in ORG_PARAMS:
        if name in kwargs:
            access.require(user, Action.READ, str(kwargs[name]))


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
            gate(request, user)
        return user


class ScopedSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user: User | None = super().authenticate(request, key)
        if user:
            gate(request, user)
        return user


AUTH = [TokenAuth(), ScopedSessionAuth()]
