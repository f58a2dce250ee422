"""The survey overview of one organisation: its tables with status and counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import load, open_page
from kaoping.web.overview import table_rows


@login_required
def overview(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)  # read once: the rows here and the workflow box's 汇总 lines
    return render(
        request,
        "kaoping/overview.html",
        {
            "page": page,
            "campaign": page.campaign,
            "org": page.org,
            "rows": table_rows(page, data),
            "data": data,
        },
    )
