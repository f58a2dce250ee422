"""Rule results while typing (htmx), and the 说明 answering a warning."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.collection.services import SaveRefused, save_explanation
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import load, open_page, open_table, posted_changes, table_context


@login_required
@require_POST
def check(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    """Runs the engine on the unsaved page; answers with the cells' messages (out of band)."""
    page = open_page(request.user, campaign, org)
    data = load(page)
    context = table_context(page, open_table(page, table, data), data, posted_changes(request.POST))
    return render(request, "kaoping/_checked.html", context)


@login_required
@require_POST
def explain(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)
    sheet = open_table(page, table, data)
    post = request.POST
    if not post.get("rule"):
        return HttpResponseBadRequest(_("Which warning does the explanation answer?"))
    where = (post["rule"], sheet.id, post.get("row") or None, post.get("column") or None)
    refusal = ""
    try:
        save_explanation(request.user, page.campaign, page.org.code, *where, post.get("text", ""))
    except SaveRefused as refused:  # an unknown rule, a text beyond its bound (docs/spec.md §5.3)
        if not request.headers.get("HX-Request"):
            return HttpResponse(refused.message, status=422, content_type="text/plain; charset=utf-8")
        refusal = refused.message  # shown above the findings: htmx swaps only a 2xx answer
    if not request.headers.get("HX-Request"):
        return redirect("web:table", campaign=campaign, org=org, table=sheet.id)
    data = load(page)
    context = table_context(page, sheet, data, posted_changes(post)) | {"refusal": refusal}
    return render(request, "kaoping/_checked.html", context)  # all the results, as a check answers
