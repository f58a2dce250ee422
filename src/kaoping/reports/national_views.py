"""The ministry's pages of a national campaign (部管理员, 部审核员; docs/spec.md §11.4).

Each opens the national campaign at the ministry through ``open_page`` (READ at the root:
only the ministry's roles) and reads the provinces' stored summaries (``nation``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from kaoping.jobs.offer import offer
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import Page, open_page
from kaoping.reports import ministry
from kaoping.reports.indicators import DATE_LABELS
from kaoping.reports.nation import Nation, cached, nation
from kaoping.reports.national_jobs import NATIONAL_PDF, NATIONAL_WORKBOOK, params_for
from kaoping.reports.printing import SIGNATURES, inline_css
from kaoping.reports.recompute import RECOMPUTE


def _ministry_page(request: SignedInRequest, campaign: str, org: str) -> Page:
    page = open_page(request.user, campaign, org)
    if page.org.code != page.campaign.org_id:
        raise Http404("全国汇总只在部信息中心查看")
    return page


def _open(request: SignedInRequest, campaign: str, org: str) -> tuple[Page, Nation]:
    page = _ministry_page(request, campaign, org)
    return page, nation(page.campaign, request.user)


def _context(page: Page, found: Nation, **more: Any) -> dict[str, Any]:
    return {"page": page, "campaign": page.campaign, "org": page.org, "nation": found, **more}


@login_required
def dashboard(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page, found = _open(request, campaign, org)
    tables = [(t.id, f"{t.label} {t.title}") for t in found.survey.tables]
    recompute = access.can(request.user, Action.OPEN_CAMPAIGN, page.campaign.org_id)
    context = _context(page, found, charts=charts_html(found), tables=tables, can_recompute=recompute)
    return render(request, "reports/national_dashboard.html", context)


def charts_html(found: Nation) -> str:
    """The dashboard's charts as HTML, rendered once per stored state of the nation and
    language (as ``table1_html``)."""

    def build() -> str:
        charts = ministry.national_charts(found)
        return "".join(render_to_string("reports/_chart.html", {"chart": chart}) for chart in charts)

    return mark_safe(cached(("charts-html", get_language()), found.key, build))


def table1_html(found: Nation, printing: bool) -> str:
    """The national 表1 table as HTML, rendered once per stored state of the nation, language
    and layout (``nation.cached``: the key names the provinces the reader sees, so a reader
    with other rights gets another entry; the HTML holds nothing else of the reader)."""
    spec = found.survey.indicators
    dates = [(d, DATE_LABELS.get(d, d)) for d in (spec.dates if spec else ())]

    def build() -> str:
        context = {"lines": ministry.table1_lines(found), "dates": dates, "printing": printing}
        return render_to_string("reports/_national_table1.html", context)

    return mark_safe(cached(("table1-html", get_language(), printing), found.key, build))


def table1_context(page: Page, found: Nation, printing: bool, for_pdf: bool = False) -> dict[str, Any]:
    return _context(
        page,
        found,
        table1=table1_html(found, printing),
        signatures=SIGNATURES,
        printed_on=timezone.localdate(),
        for_pdf=for_pdf,
        stylesheets=inline_css() if for_pdf else [],
    )


@login_required
def indicators(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page, found = _open(request, campaign, org)
    return render(request, "reports/national_indicators.html", table1_context(page, found, False))


@login_required
def indicators_print(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page, found = _open(request, campaign, org)
    return render(request, "reports/national_print.html", table1_context(page, found, True))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicators_pdf(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """The national 表1 PDF is drawn in the background (``reports.national_jobs``): a GET leads
    to the job drawing or having drawn it from the same data for the same provinces, else
    offers the button; its POST starts it."""
    page = _ministry_page(request, campaign, org)
    return offer(request, NATIONAL_PDF.name, params_for(request.user, page.campaign.pk))


@login_required
def compare(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page, found = _open(request, campaign, org)
    chosen = ministry.comparison(found, request.GET.get("indicator"), request.GET.get("date"))
    choices = [
        (r.indicator, r.date, f"{r.number} {r.label}（{DATE_LABELS.get(r.date, r.date)}）")
        for r in found.indicators
    ]
    context = _context(page, found, comparison=chosen, choices=choices, chart=chosen.chart)
    return render(request, "reports/national_compare.html", context)


@login_required
def table(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page, found = _open(request, campaign, org)
    view = found.table(table)
    rows = [(p, [values.get(c.key) for c in view.columns], found.child(p.code)) for p, values in view.rows]
    totals = [view.totals.get(c.key) for c in view.columns]
    tables = [(t.id, t.label) for t in found.survey.tables]
    context = _context(page, found, view=view, rows=rows, totals=totals, tables=tables)
    return render(request, "reports/national_table.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def workbook(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """The national workbook, built in the background as the 表1 PDF is."""
    page = _ministry_page(request, campaign, org)
    return offer(request, NATIONAL_WORKBOOK.name, params_for(request.user, page.campaign.pk))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recompute(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """Recompute every province's stored summary, in the background (``reports.recompute``): a
    GET leads to the job running or done for the same data, else offers the button; its POST
    starts it."""
    page = _ministry_page(request, campaign, org)
    return offer(request, RECOMPUTE.name, {"campaign": page.campaign.pk})
