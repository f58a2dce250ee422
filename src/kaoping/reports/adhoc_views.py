"""The 自定义汇总 page and its workbook (docs/spec.md §13.5): opened through ``open_page``
(READ at the province or the ministry), the units cut to those the user reads (``adhoc``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kaoping.core.adhoc.grid import OPS, RATIOS, AdhocError
from kaoping.downloads import XLSX, file_response
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.outcome import act
from kaoping.pages.page import Page, open_page
from kaoping.reports import adhoc, adhoc_saved


def _query(params: QueryDict) -> dict[str, list[str]]:
    return {k: params.getlist(k) for k in params}


def _built(page: Page, query: dict[str, list[str]]) -> tuple[adhoc.Built, str | None]:
    """The summary asked for; on a choice it cannot make, the same level and table without
    columns, and the reason."""
    if "choose" in query:  # another level or table: its columns, none picked yet
        query = {k: v for k, v in query.items() if k in ("level", "table")}
    try:
        return adhoc.build(page, query), None
    except AdhocError as refused:
        bare = {k: v for k, v in query.items() if k in ("level", "table")}
        return adhoc.build(page, bare), str(refused)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def summary(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    query = _query(request.GET)
    if request.method == "POST":
        return _post(request, page, query)
    if "saved" in query:
        return _reopen(request, page, _id(request.GET.get("saved", "")))
    built, error = _built(page, query)
    picked = {p.token for p in built.spec.picks}
    context = {
        "page": page,
        "campaign": page.campaign,
        "org": page.org,
        "built": built,
        "error": error,
        "picked": picked,
        "ratios": list(RATIOS.items()),
        "ops": list(OPS.items()),
        "tables": [(t.id, f"{t.label} {t.title}") for t in page.survey.tables],
        "saved": adhoc.saved(request.user, page, everywhere=True),
        "querystring": urlencode(built.spec.as_query() | {"level": [built.source.level]}, doseq=True),
        "title": adhoc.title_of(page, built.source),
    }
    return render(request, "reports/adhoc.html", context, status=400 if error else 200)


def _reopen(request: SignedInRequest, page: Page, number: int) -> HttpResponse:
    """A saved summary (saved on this page or another campaign's) opened here; what this
    campaign lacks is said in words (``adhoc_saved``)."""
    query, notes = adhoc_saved.reopen(page, adhoc_saved.mine(request.user, page, number))
    for note in notes:
        messages.warning(request, note)
    here = reverse("reports:adhoc", kwargs={"campaign": page.campaign.pk, "org": page.org.code})
    return redirect(f"{here}?{urlencode(query, doseq=True)}")


def _post(request: SignedInRequest, page: Page, query: dict[str, list[str]]) -> HttpResponse:
    here = reverse("reports:adhoc", kwargs={"campaign": page.campaign.pk, "org": page.org.code})
    then = f"{here}?{urlencode(query, doseq=True)}" if query else here
    if "delete" in request.POST:
        number = _id(request.POST.get("delete", ""))
        done = _("Summary deleted.")
        return act(request, lambda: adhoc.delete(request.user, number), done, then, AdhocError)
    name = request.POST.get("name", "")
    return act(
        request,
        lambda: adhoc.save(request.user, page, name, query),
        lambda kept: _("Summary “%(name)s” saved.") % {"name": kept.name},
        then,
        AdhocError,
    )


def _id(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 12 else 0


@login_required
@require_safe
def summary_xlsx(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    try:
        built = adhoc.build(page, _query(request.GET))
    except AdhocError as refused:
        return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
    name = f"{page.campaign.pk}-{built.source.table.label}-自定义汇总.xlsx"
    return file_response(adhoc.workbook(page, built), name, XLSX)
