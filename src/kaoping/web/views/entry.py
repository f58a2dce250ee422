"""The table entry page, and saving it (a stale save shows the conflict view)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.collection.services import SaveRefused, save_table
from kaoping.core.definitions.model import Table
from kaoping.core.instance import SurveyData
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.ids import small_int
from kaoping.pages.page import Page, load, open_page, open_table, posted_changes, table_context
from kaoping.web.conflict import conflict_rows


@login_required
def table_page(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)
    context = table_context(page, open_table(page, table, data), data)
    return render(request, "kaoping/table.html", context)


@login_required
@require_POST
def save(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)
    sheet = open_table(page, table, data)
    return save_posted(request, page, sheet, data) or redirect(
        "web:table", campaign=campaign, org=org, table=sheet.id
    )


def save_posted(request: SignedInRequest, page: Page, sheet: Table, data: SurveyData) -> HttpResponse | None:
    """Save what the form posted; a response only when refused (400) or stale (409)."""
    changes = posted_changes(request.POST)
    base = small_int(request.POST.get("base_version") or "0")
    base = -1 if base is None else base  # garbage never matches a version
    try:
        result = save_table(request.user, page.campaign, page.org.code, sheet.id, changes, base, "page")
    except SaveRefused as refused:
        messages.error(request, refused.message)
        context = table_context(page, sheet, data, changes)  # nothing typed is lost
        return render(request, "kaoping/table.html", context, status=400)
    if result.conflict:
        context = {"page": page, "campaign": page.campaign, "org": page.org, "table": sheet}
        rows = conflict_rows(sheet, data, changes, result.theirs, request.user)
        context |= {"rows": rows, "version": result.version}
        context["changes"] = [(f"v:{row}:{column}", text) for (row, column), text in changes.items()]
        return render(request, "kaoping/conflict.html", context, status=409)
    if result.changed:
        note = _("Saved: %(n)d change(s), version %(v)d.") % {"n": result.changed, "v": result.version}
        messages.success(request, note)
    return None
