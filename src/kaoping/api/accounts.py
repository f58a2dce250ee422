"""Accounts of the caller's subtree (docs/spec.md §9.6): list, create (the one-time password
is in the answer, once), change the name, phone and e-mail, change roles, disable, re-enable,
reset the password, the changes' log.
A person outside the caller's subtree answers 404, naming no one."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from ninja import Path, Router

from kaoping.api.schemas import (
    AccountChangeOut,
    AccountIn,
    AccountOut,
    DetailsIn,
    Error,
    NewAccountOut,
    PasswordOut,
    RolesIn,
)
from kaoping.ops import accounts, changes, people
from kaoping.orgs import secret
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.models import User

router = Router(tags=["账号管理"])
UserId = Annotated[int, Path(ge=1, le=2_147_483_647)]  # an account id (a database integer)
REFUSED = {403: Error, 404: Error, 422: Error}


def _require_manager(request: SignedInRequest, action: Action = Action.LIST_ACCOUNTS) -> None:
    accounts.require_manager(request.user, action)


def _managed(request: SignedInRequest, user_id: int) -> User:
    _require_manager(request)
    found = accounts.managed_users(request.user).filter(pk=user_id).first()
    if found is None:
        raise Http404("账号不存在或不属于您管理的组织")
    return found


def _refused(refused: people.AccountRefused) -> HttpResponse:
    return JsonResponse({"detail": str(refused)}, status=422, json_dumps_params={"ensure_ascii": False})


@router.get("/accounts", response={200: list[AccountOut], 403: Error}, summary="账号列表")
def list_accounts(request: SignedInRequest, q: str = "") -> list[dict[str, object]]:
    """The accounts of the caller's organisation and below; ``q`` filters by username or 姓名."""
    _require_manager(request)
    users = accounts.managed_users(request.user)
    if q.strip():
        named = secret.matching(users.values_list("pk", "name"), q.strip())  # names are encrypted
        users = users.filter(Q(username__icontains=q.strip()) | Q(pk__in=named))
    return [changes.account_json(u) for u in users]


@router.post(
    "/accounts", response={201: NewAccountOut, **REFUSED}, summary="创建账号（一次性密码只显示一次）"
)
def create_account(request: SignedInRequest, body: AccountIn) -> HttpResponse:
    _require_manager(request, Action.MANAGE_ACCOUNTS)
    new = people.NewAccount(
        body.username.strip(),
        body.name.strip(),
        body.org.strip(),
        tuple(body.roles),
        body.phone.strip(),
        body.email.strip(),
    )
    try:
        created = people.create_account(request.user, new, "api")
    except people.AccountRefused as refused:
        return _refused(refused)
    user = accounts.managed_users(request.user).get(username=created.username)
    doc = {"account": changes.account_json(user), "password": created.password}
    response = JsonResponse(doc, status=201, json_dumps_params={"ensure_ascii": False})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/accounts/changes", response={200: list[AccountChangeOut], 403: Error}, summary="账号变更记录")
def list_changes(request: SignedInRequest, username: str = "") -> list[dict[str, object]]:
    """Newest first, at most 500; ``username`` keeps one account's."""
    _require_manager(request, Action.READ_AUDIT)
    entries = changes.visible_changes(request.user)
    if username:
        entries = entries.filter(username=username)
    return [changes.change_json(e) for e in entries[:500]]


@router.get("/accounts/{user_id}", response={200: AccountOut, 403: Error, 404: Error}, summary="账号")
def get_account(request: SignedInRequest, user_id: UserId) -> dict[str, object]:
    return changes.account_json(_managed(request, user_id))


@router.patch(
    "/accounts/{user_id}", response={200: AccountOut, **REFUSED}, summary="修改姓名、手机号、电子邮箱"
)
def patch_details(
    request: SignedInRequest, user_id: UserId, body: DetailsIn
) -> HttpResponse | dict[str, object]:
    """The person's ``name``, ``phone`` and ``email``; a field left out keeps its value. Each
    change is recorded in the account changes, old → new."""
    target = _managed(request, user_id)
    wanted = people.Details(
        target.name if body.name is None else body.name,
        target.phone if body.phone is None else body.phone,
        target.email if body.email is None else body.email,
    )
    try:
        people.set_details(request.user, target, wanted, "api")
    except people.AccountRefused as refused:
        return _refused(refused)
    return changes.account_json(_managed(request, user_id))


@router.put("/accounts/{user_id}/roles", response={200: AccountOut, **REFUSED}, summary="修改角色")
def put_roles(request: SignedInRequest, user_id: UserId, body: RolesIn) -> HttpResponse | dict[str, object]:
    """The roles held at the person's own unit, replaced by ``roles``; roles held elsewhere stay."""
    target = _managed(request, user_id)
    try:
        people.set_roles(request.user, target, tuple(body.roles), "api")
    except people.AccountRefused as refused:
        return _refused(refused)
    return changes.account_json(_managed(request, user_id))


@router.post(
    "/accounts/{user_id}/disable", response={200: AccountOut, 403: Error, 404: Error}, summary="停用账号"
)
def disable(request: SignedInRequest, user_id: UserId) -> dict[str, object]:
    """They can no longer sign in; their sessions end and their API tokens are revoked."""
    return _switch(request, user_id, active=False)


@router.post(
    "/accounts/{user_id}/enable", response={200: AccountOut, 403: Error, 404: Error}, summary="启用账号"
)
def enable(request: SignedInRequest, user_id: UserId) -> dict[str, object]:
    return _switch(request, user_id, active=True)


def _switch(request: SignedInRequest, user_id: int, active: bool) -> dict[str, object]:
    people.set_active(request.user, _managed(request, user_id), active, "api")
    return changes.account_json(_managed(request, user_id))


@router.post(
    "/accounts/{user_id}/reset", response={200: PasswordOut, 403: Error, 404: Error}, summary="重置密码"
)
def reset(request: SignedInRequest, user_id: UserId) -> HttpResponse:
    """A new one-time password, in the answer once; the person must change it at the next login."""
    target = _managed(request, user_id)
    password = accounts.reset_password(request.user, target, "api")
    response = JsonResponse({"username": target.username, "password": password})
    response.headers["Cache-Control"] = "no-store"
    return response
