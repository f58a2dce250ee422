"""测算基数 in a workbook from the base figures page: the template to download (the campaign's
cities with the figures entered so far) and the filled file to upload; the same reading and
refusals as ``kaoping basefigures`` (docs/用户手册.md, 测算基数)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.collection.campaigns import set_base_figures, visible_campaigns
from kaoping.collection.models import Campaign
from kaoping.downloads import XLSX, file_response
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.transfer.basefigures import MAX_BYTES, FiguresRefused, read_figures, template

SHOWN_PROBLEMS = 30  # a refused file's problems listed on the page; the rest are counted


def _campaign(request: SignedInRequest, campaign: str) -> Campaign:
    found = next(iter(visible_campaigns(request.user, only=campaign)), None)
    if found is None:
        raise Http404(campaign)
    access.require(request.user, Action.OPEN_CAMPAIGN, found.org_id)
    return found


@login_required
def figures_template(request: SignedInRequest, campaign: str) -> HttpResponse:
    found = _campaign(request, campaign)
    return file_response(template(found), f"测算基数_{found.pk}.xlsx", XLSX)


@login_required
@require_POST
def figures_upload(request: SignedInRequest, campaign: str) -> HttpResponse:
    found = _campaign(request, campaign)
    back = redirect("collection:base_figures", campaign=found.pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the filled base figures file (xlsx or csv) first."))
        return back
    try:
        figures = read_figures(found, upload.read(MAX_BYTES + 1), upload.name or "")
    except FiguresRefused as refused:
        messages.error(request, _("%(file)s was not imported:") % {"file": upload.name})
        for problem in refused.problems[:SHOWN_PROBLEMS]:
            messages.error(request, problem)
        if len(refused.problems) > SHOWN_PROBLEMS:
            rest = len(refused.problems) - SHOWN_PROBLEMS
            messages.error(request, _("and %(n)s more problems") % {"n": rest})
        return back
    set_base_figures(request.user, found, figures)
    messages.success(request, _("Base figures of %(n)s cities imported.") % {"n": len(figures)})
    return back
