"""The organisation pages (组织管理, docs/spec.md §12): the 系统管理员 under 三员分立, the 部 and
省管理员 otherwise, list their part of the tree and add, rename, deactivate or reactivate units
(``kaoping.orgs.units``; never delete). A unit outside the manager's reach is 404, naming nothing.
Deactivating or reactivating needs the confirmation box: a bare POST changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from kaoping.orgs import units
from kaoping.orgs.access import Action, refusal, restrict
from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.models import Organisation

CONFIRMED = "yes"


def _managed(request: SignedInRequest) -> Any:
    return restrict(Organisation.objects.all(), request.user, Action.MANAGE_ORGS, "code")


@login_required
def orgs_page(request: SignedInRequest) -> HttpResponse:
    """The top units the user manages: straight to the one, or a list of several."""
    managed = _managed(request).order_by("position", "code")
    codes = set(managed.values_list("code", flat=True))
    tops = [o for o in managed if o.parent_id not in codes]
    if not tops:
        raise PermissionDenied(refusal(Action.MANAGE_ORGS))
    if len(tops) == 1:
        return redirect("ops:org", org_code=tops[0].code)
    return render(request, "ops/orgs.html", {"tops": tops})


def _act(request: SignedInRequest, unit: Organisation, post: QueryDict) -> str:
    """Do what the form asks; the message to show (empty: nothing asked)."""
    op = post.get("op", "")
    user = request.user
    if op == "add":
        added = units.add_unit(
            user,
            unit,
            post.get("code", ""),
            post.get("name", ""),
            post.get("kind", ""),
            post.get("counties", ""),
        )
        return f"已新增 {added.name}"
    if op == "rename":
        return "已更名" if units.rename_unit(user, unit, post.get("name", "")) else "名称未变"
    if op in ("deactivate", "reactivate"):
        if post.get("confirm") != CONFIRMED:
            raise units.UnitRefused("请勾选确认框后再提交")
        active = op == "reactivate"
        changed = units.set_active(user, unit, active)
        return ("已恢复为现行单位" if active else "已停用") if changed else "未作改动"
    return ""


@login_required
def org_page(request: SignedInRequest, org_code: str) -> HttpResponse:
    unit = _managed(request).select_related("parent").filter(code=org_code).first()
    if unit is None:
        raise Http404("页面不存在")
    context: dict[str, Any] = {}
    if request.method == "POST":
        try:
            context["message"] = _act(request, unit, request.POST)
        except units.UnitRefused as refused:
            context["error"] = str(refused)
        unit.refresh_from_db()
    managed_codes = set(_managed(request).values_list("code", flat=True))
    context.update(
        unit=unit,
        parent_link=unit.parent_id in managed_codes,
        children=Organisation.objects.filter(parent=unit).order_by("position", "code"),
        may_change=units.may_change(request.user, unit),
        may_add=units.may_add_below(request.user, unit),
        child_level=dict(Organisation.LEVEL_CHOICES).get(units.CHILD_LEVEL.get(unit.level, ""), ""),
    )
    return render(request, "ops/org.html", context)
