"""Report pages: each opens the (campaign, organisation) through the web app's access check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from kaoping.jobs.offer import offer
from kaoping.limits.heavy import heavy
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import load, open_page
from kaoping.reports import dashboard as dash
from kaoping.reports import indicators as ind
from kaoping.reports import printing
from kaoping.reports.jobs import SURVEY_PDF


@login_required
def indicators(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    ind.require_province(page.campaign, page.org.code)
    report = ind.page(page.campaign, load(page))
    context = {"page": page, "campaign": page.campaign, "org": page.org, "report": report}
    return render(request, "reports/indicators.html", context)


@login_required
def dashboard(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    ind.require_province(page.campaign, page.org.code)
    charts = dash.charts(page.campaign, page.survey, load(page))
    context = {"page": page, "campaign": page.campaign, "org": page.org, "charts": charts}
    return render(request, "reports/dashboard.html", context)


@login_required
def print_survey(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    return render(request, "reports/print.html", printing.context(page, None))


@login_required
def print_table(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    return render(request, "reports/print.html", printing.context(page, table))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pdf_survey(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """The whole survey's PDF is drawn in the background (a job, docs/spec.md §14): a GET leads
    to the job drawing or having drawn it from the same data, else offers a button; its POST
    starts the job. Nothing is drawn in the request."""
    return offer(request, SURVEY_PDF.name, {"campaign": campaign, "org": org})


@login_required
@require_safe
@heavy("pdf")
def pdf_table(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    return printing.pdf_response(request, page, table)
