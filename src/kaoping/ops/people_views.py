"""Administrator pages for one account: create, the account's page (roles, personal details,
state, history), disable and re-enable, and the account changes of one's subtree (docs/spec.md §9.6)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kaoping.ops import accounts, auditexport, changes, people, twofactor
from kaoping.ops.lockout import locked_addresses
from kaoping.ops.models import AccountChange
from kaoping.ops.views import require_manager
from kaoping.orgs.access import Action, grantable_roles, may_manage_user, orgs_for, tree_for
from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.models import User
from kaoping.orgs.roles import ROLE_LABELS, ROLE_LEVELS, Role
from kaoping.orgs.who import who_labels

LEVELS = {"ministry": "部级", "province": "省级", "city": "地市级", None: "任何层级"}


def unit_choices(request: SignedInRequest) -> list[tuple[str, str]]:
    """(code, indented name) of every current unit where the user manages accounts, in tree order."""
    tree, managed = tree_for(request.user), orgs_for(request.user, Action.MANAGE_ACCOUNTS)
    depth = {"ministry": 0, "province": 1, "city": 2, "county": 3}
    return [
        (o.code, "　" * depth.get(o.level, 0) + o.name)
        for o in tree
        if o.active and (managed is None or o.code in managed)
    ]


def _role_choices(request: SignedInRequest, units: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key, label, level) of the roles the user may give at one unit or another of each level
    (grants reach by subtree: one unit per level answers for all of that level)."""
    tree = tree_for(request.user)
    first_of_level: dict[str, str] = {}
    for code, _label in units:
        first_of_level.setdefault(tree.get(code).level, code)
    offered = {r for code in first_of_level.values() for r in grantable_roles(request.user, code)}
    return [(r.value, ROLE_LABELS[r], LEVELS[ROLE_LEVELS[r]]) for r in Role if r in offered]


def _new_account(post: Any) -> people.NewAccount:
    return people.NewAccount(
        username=post.get("username", "").strip(),
        name=post.get("name", "").strip(),
        org=post.get("org", "").strip(),
        roles=tuple(post.getlist("roles")),
        phone=post.get("phone", "").strip(),
        email=post.get("email", "").strip(),
    )


@login_required
def create_page(request: SignedInRequest) -> HttpResponse:
    require_manager(request, Action.MANAGE_ACCOUNTS)
    units = unit_choices(request)
    chosen = request.GET.get("org", "") or (units[0][0] if units else "")
    context: dict[str, Any] = {
        "units": units,
        "role_choices": _role_choices(request, units),
        "values": {"org": chosen},
    }
    if request.method == "POST":
        new = _new_account(request.POST)
        try:
            context["created"] = people.create_account(request.user, new, "page")
        except people.AccountRefused as refused:
            context["errors"] = refused.problems
            context["values"] = {**vars(new), "roles": set(new.roles)}
    response = render(request, "ops/create.html", context)
    response.headers["Cache-Control"] = "no-store"  # the one-time password must not be cached
    return response


def _managed(request: SignedInRequest, user_id: int) -> User:
    """An account the user manages; any other is "not found", whoever's it is."""
    return get_object_or_404(accounts.managed_users(request.user), pk=user_id)


@login_required
def account_page(request: SignedInRequest, user_id: int) -> HttpResponse:
    require_manager(request)
    target = _managed(request, user_id)
    context: dict[str, Any] = {}
    if request.method == "POST":
        words = tuple(request.POST.getlist("roles"))
        try:
            changed = people.set_roles(request.user, target, words, "page")
        except people.AccountRefused as refused:
            context["errors"] = refused.problems
        else:
            context["saved"] = "changed" if changed else "same"
            target = _managed(request, user_id)
    return render(request, "ops/account.html", {**_account_context(request, target), **context})


def _account_context(request: SignedInRequest, target: User) -> dict[str, Any]:
    here = {Role(r) for r in target.roles.filter(org_id=target.org_id).values_list("role", flat=True)}
    grantable = grantable_roles(request.user, target.org_id) if target.org_id else []
    roles = [
        (r.value, ROLE_LABELS[r], r in here, r in grantable) for r in Role if r in grantable or r in here
    ]
    elsewhere = target.roles.exclude(org_id=target.org_id).select_related("org")
    history = list(AccountChange.objects.filter(target=target).order_by("-at", "-id")[:50])
    return {
        "target": target,
        "role_choices": roles,
        "elsewhere": [(ROLE_LABELS[Role(a.role)], a.org.name) for a in elsewhere],
        "history": history,
        "who": who_labels((e.actor for e in history), request.user),
        "is_self": target.pk == request.user.pk,
        "details": people.Details(target.name, target.phone, target.email),
        "may_manage": may_manage_user(request.user, target),
        "may_secure": may_manage_user(request.user, target, Action.MANAGE_SECURITY),
        "otp_on": twofactor.enrolled(target),
        "locked_at": locked_addresses(target.username),
    }


@login_required
@require_POST
def details_view(request: SignedInRequest, user_id: int) -> HttpResponse:
    """Change the person's 姓名, 手机号 and 电子邮箱 (audited); the account's page again."""
    require_manager(request, Action.MANAGE_ACCOUNTS)
    target = _managed(request, user_id)
    post = request.POST
    wanted = people.Details(post.get("name", ""), post.get("phone", ""), post.get("email", ""))
    context: dict[str, Any] = {}
    try:
        changed = people.set_details(request.user, target, wanted, "page")
    except people.AccountRefused as refused:
        context = {"details_errors": refused.problems, "details": wanted}
    else:
        context["details_saved"] = "changed" if changed else "same"
        target = _managed(request, user_id)
    return render(request, "ops/account.html", {**_account_context(request, target), **context})


def _set_active(request: SignedInRequest, user_id: int, active: bool) -> HttpResponse:
    require_manager(request, Action.MANAGE_ACCOUNTS)
    target = _managed(request, user_id)
    people.set_active(request.user, target, active, "page")
    return redirect("ops:account", user_id=target.pk)


@login_required
@require_POST
def disable_view(request: SignedInRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, False)


@login_required
@require_POST
def enable_view(request: SignedInRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, True)


@login_required
def changes_page(request: SignedInRequest) -> HttpResponse:
    require_manager(request, Action.READ_AUDIT)
    entries = changes.visible_changes(request.user)
    kind = request.GET.get("kind", "")
    if kind in dict(AccountChange.KIND_CHOICES):
        entries = entries.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        entries = entries.filter(username__icontains=query)
    if request.GET.get("format") == "csv":
        return auditexport.changes_csv(entries)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": AccountChange.KIND_CHOICES,
        "kind": kind,
        "query": query,
        "who": who_labels((e.actor for e in page), request.user),
    }
    return render(request, "ops/changes.html", context)
