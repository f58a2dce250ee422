"""The security-policy page (安全策略, docs/spec.md §12): the policy in force beside the
deployment's floor; the root's 安全管理员 (部管理员 without 三员分立) tightens it."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from kaoping.ops import policy
from kaoping.orgs.access import Action, refusal
from kaoping.orgs.actors import SignedInRequest


def _wanted(post: QueryDict) -> tuple[policy.Policy | None, list[str]]:
    """The policy the form asks for, or the fields that are not whole numbers."""
    values: dict[str, Any] = {"two_factor_all": post.get("two_factor_all") == "on"}
    problems = []
    for name, (label, _unit, _stricter, _bound) in policy.RULES.items():
        text = post.get(name, "").strip()
        if text.isascii() and text.isdigit() and len(text) <= 6:
            values[name] = int(text)
        else:
            problems.append(f"{label}：请填写整数")
    return (policy.Policy(**values) if not problems else None), problems


def _rows(shown: policy.Policy) -> list[dict[str, Any]]:
    base = policy.floor()
    return [
        {
            "name": name,
            "label": label,
            "unit": unit,
            "value": getattr(shown, name),
            "floor": getattr(base, name),
            "direction": "不低于" if stricter > 0 else "不高于",
        }
        for name, (label, unit, stricter, _bound) in policy.RULES.items()
    ]


@login_required
def policy_page(request: SignedInRequest) -> HttpResponse:
    if not policy.may_set(request.user):
        raise PermissionDenied(refusal(Action.MANAGE_SECURITY))
    context: dict[str, Any] = {}
    shown = policy.effective_now()
    if request.method == "POST":
        wanted, problems = _wanted(request.POST)
        try:
            if wanted is None:
                raise policy.PolicyRefused(problems)
            context["saved"] = "changed" if policy.change(request.user, wanted) else "same"
            shown = policy.effective_now()
        except policy.PolicyRefused as refused:
            context["errors"] = refused.problems
            shown = wanted or shown
    context.update(
        rows=_rows(shown),
        two_factor_all=shown.two_factor_all,
        two_factor_label=policy.TWO_FACTOR_LABEL,
        fields=[f.name for f in fields(policy.Policy)],
        values=asdict(shown),
    )
    return render(request, "ops/security_policy.html", context)
