"""Template context: which of the administrators' links to show in the top bar and tabs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kaoping.ops.policy import may_set
from kaoping.orgs.access import Action, orgs_for
from kaoping.orgs.actors import signed_in


def ops_nav(request: HttpRequest) -> dict[str, Any]:
    def may(action: Action) -> Callable[[], bool]:
        def anywhere() -> bool:
            user = signed_in(request)
            if user is None:
                return False
            codes = orgs_for(user, action)
            return codes is None or bool(codes)

        return anywhere

    return {
        "can_manage_accounts": SimpleLazyObject(may(Action.LIST_ACCOUNTS)),
        "can_create_accounts": SimpleLazyObject(may(Action.MANAGE_ACCOUNTS)),
        "can_read_audit": SimpleLazyObject(may(Action.READ_AUDIT)),
        "can_manage_orgs": SimpleLazyObject(may(Action.MANAGE_ORGS)),
        "can_set_policy": SimpleLazyObject(
            lambda: (user := signed_in(request)) is not None and may_set(user)
        ),
    }
