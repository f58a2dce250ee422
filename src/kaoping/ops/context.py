"""Template context: whether to show the administrators' links in the top bar."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kaoping.orgs.access import Action, orgs_for
from kaoping.orgs.actors import signed_in


def ops_nav(request: HttpRequest) -> dict[str, Any]:
    def manages() -> bool:
        user = signed_in(request)
        if user is None:
            return False
        codes = orgs_for(user, Action.MANAGE_ACCOUNTS)
        return codes is None or bool(codes)

    return {"can_manage_accounts": SimpleLazyObject(manages)}
