"""添加行 / 删除行 of the list tables (表6, 表7, 表8 part 1).

The buttons submit the whole grid form, so what was typed is saved first (with the usual
version check) and never lost; then the row is added or removed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from kaoping.collection.services import SaveRefused, add_list_row, remove_list_row
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import load, open_page, open_table
from kaoping.web.views.entry import save_posted


@login_required
@require_POST
def add_row(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    return _list_action(request, campaign, org, table, add=True)


@login_required
@require_POST
def remove_row(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    return _list_action(request, campaign, org, table, add=False)


def _list_action(request: SignedInRequest, campaign: str, org: str, table: str, *, add: bool) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)
    sheet = open_table(page, table, data)
    refused = save_posted(request, page, sheet, data)
    if refused is not None:
        return refused
    try:
        if add:
            add_list_row(
                request.user, page.campaign, page.org.code, sheet.id, request.POST.get("section", "")
            )
        else:
            remove_list_row(request.user, page.campaign, page.org.code, sheet.id, request.POST.get("row", ""))
    except SaveRefused as error:
        messages.error(request, error.message)
    return redirect("web:table", campaign=campaign, org=org, table=sheet.id)
