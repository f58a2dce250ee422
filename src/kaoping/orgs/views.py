"""The user's own personal API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.models import ApiToken
from kaoping.orgs.tokens import create_token, revoke_token


@login_required
def tokens_page(request: SignedInRequest) -> HttpResponse:
    created = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:100] or "API"
        _, created = create_token(request.user, name)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "orgs/tokens.html", {"tokens": tokens, "created": created})


@login_required
@require_POST
def revoke_page(request: SignedInRequest, token_id: int) -> HttpResponse:
    revoke_token(get_object_or_404(ApiToken, pk=token_id, user=request.user))
    return redirect("orgs:tokens")
