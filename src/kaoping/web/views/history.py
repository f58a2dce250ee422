"""History of a table or of one cell: who, when, old, new, channel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import load, open_page, open_table
from kaoping.web.history import history_rows


@login_required
def history(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)
    sheet = open_table(page, table, data)
    row, column = request.GET.get("row") or None, request.GET.get("column") or None
    entries = history_rows(page, sheet, data, row, column)
    context = {"page": page, "campaign": page.campaign, "org": page.org, "table": sheet, "entries": entries}
    return render(request, "kaoping/history.html", context | {"row": row, "column": column})
