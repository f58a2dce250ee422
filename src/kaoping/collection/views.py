"""Pages of the province administrator: open a campaign, enter its base figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaoping.collection.campaigns import (
    BASE_FIGURE_KEYS,
    CampaignError,
    CampaignSpec,
    base_figures,
    member_orgs,
    set_base_figures,
    visible_campaigns,
)
from kaoping.collection.forms import FIGURE_LABELS, BaseFiguresForm, OpenCampaignForm
from kaoping.collection.national import open_survey
from kaoping.core.definitions.loader import DefinitionError
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest


@login_required
def open_campaign_page(request: SignedInRequest) -> HttpResponse:
    if not access.orgs_for(request.user, Action.OPEN_CAMPAIGN) and not access.is_cli(request.user):
        raise PermissionDenied(access.refusal(Action.OPEN_CAMPAIGN))
    form = OpenCampaignForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        given: dict[str, Any] = {k: v or None for k, v in form.cleaned_data.items()}
        provinces = given.pop("provinces", None)
        spec = CampaignSpec(**given)
        try:
            campaign = open_survey(request.user, spec, provinces)
        except (CampaignError, DefinitionError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Campaign “%(title)s” is open.") % {"title": campaign.title})
            return redirect("collection:base_figures", campaign=campaign.id)
    return render(request, "collection/open_campaign.html", {"form": form})


@login_required
def base_figures_page(request: SignedInRequest, campaign: str) -> HttpResponse:
    found = next(iter(visible_campaigns(request.user, only=campaign)), None)
    if found is None:
        raise Http404(campaign)
    access.require(request.user, Action.OPEN_CAMPAIGN, found.org_id)
    cities = member_orgs(found)
    form = BaseFiguresForm(cities, base_figures(found), request.POST or None)
    if request.method == "POST" and form.is_valid():
        set_base_figures(request.user, found, form.figures())
        messages.success(request, _("Base figures saved."))
        return redirect("collection:base_figures", campaign=found.id)
    headers = [FIGURE_LABELS[k] for k in BASE_FIGURE_KEYS]
    return render(
        request, "collection/base_figures.html", {"campaign": found, "form": form, "headers": headers}
    )
