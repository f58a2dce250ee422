"""The province's pages: opening an evaluation, its settings, publishing and withdrawing results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.collection.campaigns import CampaignError
from kaoping.evaluation import visibility
from kaoping.evaluation.campaigns import evaluation_of, rubric_for, rubric_title, update_settings
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.forms import SettingsForm, default_targets
from kaoping.evaluation.reviews import publish
from kaoping.evaluation.scoring import cities_of, figures_of
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.outcome import act


@login_required
def settings_page(request: SignedInRequest, evaluation: str) -> HttpResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    access.require(request.user, Action.OPEN_CAMPAIGN, campaign.org_id)
    rubric = rubric_for(campaign)
    cities = cities_of(campaign)
    current = evaluation_of(campaign).settings
    form = SettingsForm(
        rubric,
        cities,
        campaign,
        current,
        request.POST or None,
        defaults=default_targets(rubric, cities, figures_of(campaign), current),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_settings(request.user, campaign, form.settings_json())
        except CampaignError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Evaluation settings saved."))
            return redirect("evaluation:home", evaluation=campaign.pk)
    return render(
        request,
        "evaluation/settings.html",
        {"campaign": campaign, "form": form},
    )


@login_required
@require_POST
def publish_view(request: SignedInRequest, evaluation: str) -> HttpResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    return act(
        request,
        lambda: publish(request.user, campaign),
        _("Results published: the cities can now see the ranking."),
        _results_url(campaign.pk),
        EvaluationError,
    )


def _results_url(campaign: str) -> str:
    return reverse("evaluation:results", kwargs={"evaluation": campaign})


@login_required
@require_POST
def withdraw_view(request: SignedInRequest, evaluation: str) -> HttpResponse:
    from kaoping.evaluation.reviews import withdraw

    campaign = visibility.evaluation_or_404(request.user, evaluation)
    return act(
        request,
        lambda: withdraw(request.user, campaign, request.POST.get("reason", "")),
        _("Publication withdrawn: the cities no longer see the results."),
        _results_url(campaign.pk),
        EvaluationError,
    )


@login_required
def open_page(request: SignedInRequest) -> HttpResponse:
    """省管理员 opens an evaluation of the province's cities, linked to a survey campaign."""
    from kaoping.evaluation.campaigns import EvaluationSpec, open_evaluation
    from kaoping.evaluation.forms import OpenForm

    if not access.orgs_for(request.user, Action.OPEN_CAMPAIGN) and not access.is_cli(request.user):
        raise PermissionDenied(access.refusal(Action.OPEN_CAMPAIGN))
    form = OpenForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = EvaluationSpec(
            id=data["id"],
            org=data["org"],
            survey=data["survey"] or None,
            opens=data["opens"],
            closes=data["closes"],
            title=data["title"] or None,
        )
        try:
            campaign = open_evaluation(request.user, spec)
        except CampaignError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Evaluation %(id)s is open.") % {"id": campaign.pk})
            return redirect("evaluation:settings", evaluation=campaign.pk)
    return render(request, "evaluation/open.html", {"form": form, "rubric": rubric_title()})
