"""Pages of the evaluation: list, settings, self-assessment, review, results, explanations,
evidence files, publication and the Excel export. Rules live in the services and in
``visibility``; views parse the request and render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kaoping.collection.campaigns import CampaignError
from kaoping.collection.models import Campaign
from kaoping.core.scoring.numbers import display
from kaoping.downloads import PDF, XLSX, file_response
from kaoping.evaluation import visibility
from kaoping.evaluation.assess import (
    Entry,
    missing_scores,
    reopen_assessment,
    save_assessment,
    submission,
    submit_assessment,
    why_closed,
)
from kaoping.evaluation.campaigns import evaluation_of, rubric_for, settings_of, update_settings
from kaoping.evaluation.charts import chart_data
from kaoping.evaluation.documents import assessment_rows
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.evidence import (
    ALLOWED_TEXT,
    add_evidence,
    evidence_download,
    max_bytes,
    remove_evidence,
)
from kaoping.evaluation.exports import results_workbook
from kaoping.evaluation.forms import SettingsForm, default_targets, target_defaults
from kaoping.evaluation.models import Evidence, ReviewScore, SelfAssessment, Submission
from kaoping.evaluation.reviews import Review, publish, save_reviews
from kaoping.evaluation.scoring import cities_of, evaluate, figures_of
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.pages.outcome import act, attempt


@login_required
@require_safe
def evaluation_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for campaign in Campaign.objects.filter(kind="evaluation").select_related("org").order_by("-opens", "id"):
        province = visibility.sees_province(request.user, campaign)
        own = visibility.own_cities(request.user, campaign)
        if not province and not own:
            continue
        rows.append(
            {
                "campaign": campaign,
                "province": province,
                "own": own,
                "published": visibility.published(campaign),
            }
        )
    can_open = bool(access.orgs_for(request.user, Action.OPEN_CAMPAIGN) or access.is_cli(request.user))
    return render(request, "evaluation/list.html", {"rows": rows, "can_open": can_open})


@login_required
@require_safe
def home(request: HttpRequest, evaluation: str) -> HttpResponse:
    """The campaign's cities with their progress; what the user can do next."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    province = visibility.sees_province(request.user, campaign)
    settings = settings_of(campaign)
    state = evaluation_of(campaign)
    cities = cities_of(campaign)
    own = visibility.own_cities(request.user, campaign)
    criteria = sum(1 for _ in rubric_for(campaign).criteria())
    scored = _counts(SelfAssessment.objects.filter(campaign=campaign, score__isnull=False))
    reviewed = _counts(ReviewScore.objects.filter(campaign=campaign))
    submitted = dict(Submission.objects.filter(campaign=campaign).values_list("org_id", "submitted_at"))
    result = evaluate(campaign) if province else None
    scorable = set(visibility.scorable_cities(request.user, campaign, settings))
    rows = []
    for city in cities:
        if not province and city.code not in own:
            continue
        decided = sum(1 for c in result.city(city.code).criteria if c.final is not None) if result else None
        rows.append(
            {
                "org": city,
                "self_scored": scored.get(city.code, 0),
                "submitted": submitted.get(city.code),
                "reviewed": reviewed.get(city.code, 0),
                "decided": decided,
                "total": result.city(city.code).display_total if result else None,
                "can_assess": access.can(request.user, Action.SELF_ASSESS, city.code),
                "can_review": city.code in scorable,
                "reviewers": ", ".join(settings.reviewers.get(city.code, ())),
            }
        )
    context = {
        "campaign": campaign,
        "state": state,
        "settings": settings,
        "rows": rows,
        "criteria": criteria,
        "province": province,
        "can_publish": access.can(request.user, Action.PUBLISH, campaign.org_id),
        "can_configure": access.can(request.user, Action.OPEN_CAMPAIGN, campaign.org_id),
        "can_unlock": [c.code for c in cities if access.can(request.user, Action.UNLOCK, c.code)],
        "sees_results": province or state.published,
    }
    return render(request, "evaluation/home.html", context)


def _counts(queryset: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for org in queryset.values_list("org_id", flat=True):
        out[org] = out.get(org, 0) + 1
    return out


@login_required
def settings_page(request: HttpRequest, evaluation: str) -> HttpResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    access.require(request.user, Action.OPEN_CAMPAIGN, campaign.org_id)
    rubric = rubric_for(campaign)
    cities = cities_of(campaign)
    form = SettingsForm(
        rubric,
        cities,
        campaign,
        evaluation_of(campaign).settings,
        request.POST or None,
        defaults=default_targets(rubric, cities, figures_of(campaign)),
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
        {"campaign": campaign, "form": form, "defaults": target_defaults(rubric)},
    )


@login_required
def assess(request: HttpRequest, evaluation: str, org: str) -> HttpResponse:
    """A city's self-assessment: drafted by 市填报员, submitted by 市负责人."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    city_org = visibility.city_or_404(campaign, org)
    visibility.require_assessment_read(request.user, campaign, org)
    rubric = rubric_for(campaign)
    problems: dict[str, str] = {}
    if request.method == "POST":
        entries = {
            c.key: Entry(request.POST.get(f"score:{c.key}", ""), request.POST.get(f"explanation:{c.key}", ""))
            for _, _, c in rubric.criteria()
            if f"score:{c.key}" in request.POST
        }
        reported = {
            k: request.POST[f"metric:{k}"]
            for k, m in rubric.metrics.items()
            if m.reported and f"metric:{k}" in request.POST
        }
        refusal = attempt(
            request,
            lambda: save_assessment(request.user, campaign, org, entries, reported),
            lambda changed: _("Self-assessment saved (%(n)s changes).") % {"n": changed},
            EvaluationError,
        )
        if refusal is None:
            return redirect("evaluation:assess", evaluation=campaign.pk, org=org)
        problems = refusal.problems
    city = evaluate(campaign).city(org)
    rows = assessment_rows(campaign, org, city, rubric)
    for row in rows:
        if request.method == "POST":  # show what was typed when the save was refused
            typed = request.POST.get(f"score:{row.criterion.key}")
            row.explanation = request.POST.get(f"explanation:{row.criterion.key}", row.explanation)
            row.typed = typed
            row.reported = [(m, request.POST.get(f"metric:{m.key}", text)) for m, text in row.reported]
        row.problem = problems.get(row.criterion.key) or next(
            (problems[m.key] for m, _ in row.reported if m.key in problems), ""
        )
    closed = why_closed(campaign, org)
    editable = closed is None and access.can(request.user, Action.SELF_ASSESS, org)
    context = {
        "campaign": campaign,
        "city": city_org,
        "rows": rows,
        "closed": closed,
        "editable": editable,
        "can_submit": editable and access.can(request.user, Action.SUBMIT, org),
        "missing": missing_scores(campaign, org),
        "self_total": sum((r.self_score for r in rows if r.self_score is not None), start=Decimal(0)),
        "allowed": ALLOWED_TEXT,
        "max_mb": max_bytes() // (1024 * 1024),
        "submitted": submission(campaign, org),
    }
    return render(request, "evaluation/assess.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, evaluation: str, org: str) -> HttpResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    visibility.city_or_404(campaign, org)
    return act(
        request,
        lambda: submit_assessment(request.user, campaign, org),
        _("Self-assessment submitted to the province."),
        _assess_url(campaign.pk, org),
        EvaluationError,
    )


@login_required
@require_POST
def reopen(request: HttpRequest, evaluation: str, org: str) -> HttpResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    visibility.city_or_404(campaign, org)
    return act(
        request,
        lambda: reopen_assessment(request.user, campaign, org, request.POST.get("reason", "")),
        _("Self-assessment returned to the city."),
        reverse("evaluation:home", kwargs={"evaluation": campaign.pk}),
        EvaluationError,
    )


@login_required
@require_POST
def upload(request: HttpRequest, evaluation: str, org: str, criterion: str) -> HttpResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    visibility.city_or_404(campaign, org)
    access.require(request.user, Action.SELF_ASSESS, org)
    file = request.FILES.get("file")
    back = f"{_assess_url(campaign.pk, org)}#c-{criterion}"
    if file is None:
        messages.error(request, _("Choose a file first."))
        return redirect(back)
    return act(
        request,
        lambda: add_evidence(request.user, campaign, org, criterion, file.name or "", file),
        _("Evidence uploaded: %(name)s") % {"name": file.name},
        back,
        EvaluationError,
    )


def _assess_url(campaign: str, org: str) -> str:
    return reverse("evaluation:assess", kwargs={"evaluation": campaign, "org": org})


@login_required
@require_POST
def remove(request: HttpRequest, evaluation: str, evidence: int) -> HttpResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    found = get_object_or_404(Evidence, pk=evidence, campaign=campaign)
    return act(
        request,
        lambda: remove_evidence(request.user, found),
        _("Evidence removed."),
        f"{_assess_url(campaign.pk, found.org_id)}#c-{found.criterion}",
        EvaluationError,
    )


@login_required
@require_safe
def evidence_file(request: HttpRequest, evaluation: str, evidence: int) -> FileResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    found = get_object_or_404(Evidence, pk=evidence, campaign=campaign)
    return evidence_download(request.user, found)


@login_required
def review(request: HttpRequest, evaluation: str, org: str) -> HttpResponse:
    """审核专家 score one city: the self-assessment, evidence and automatic working beside."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    city_org = visibility.city_or_404(campaign, org)
    visibility.require_score(request.user, settings_of(campaign), org)
    rubric = rubric_for(campaign)
    problems: dict[str, str] = {}
    if request.method == "POST":
        reviews = {
            c.key: Review(request.POST.get(f"review:{c.key}", ""), request.POST.get(f"reason:{c.key}", ""))
            for _, _, c in rubric.criteria()
            if f"review:{c.key}" in request.POST
        }
        refusal = attempt(
            request,
            lambda: save_reviews(request.user, campaign, org, reviews),
            lambda changed: _("Scores saved (%(n)s changes).") % {"n": changed},
            EvaluationError,
        )
        if refusal is None:
            return redirect("evaluation:review", evaluation=campaign.pk, org=org)
        problems = refusal.problems
    city = evaluate(campaign).city(org)
    rows = assessment_rows(campaign, org, city, rubric)
    mine = {
        r.criterion: r
        for r in ReviewScore.objects.filter(campaign=campaign, org_id=org, reviewer_id=request.user.pk)
    }
    for row in rows:
        key = row.criterion.key
        given = mine.get(key)
        if request.method == "POST":  # show what was typed when the save was refused
            row.my_score = request.POST.get(f"review:{key}")
            row.my_reason = request.POST.get(f"reason:{key}", "")
        elif given is not None:
            row.my_score, row.my_reason = given.score, given.reason
        row.problem = problems.get(key, "")
    state = evaluation_of(campaign)
    context = {
        "campaign": campaign,
        "city": city_org,
        "rows": rows,
        "submitted": submission(campaign, org),
        "published": state.published,
        "editable": not state.published and submission(campaign, org) is not None,
    }
    return render(request, "evaluation/review.html", context)


@login_required
@require_POST
def publish_view(request: HttpRequest, evaluation: str) -> HttpResponse:
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
def withdraw_view(request: HttpRequest, evaluation: str) -> HttpResponse:
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
@require_safe
def results(request: HttpRequest, evaluation: str) -> HttpResponse:
    """Ranking, category subtotals, charts; cities only after publication."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    visibility.require_results(request.user, campaign)
    result = evaluate(campaign)
    rubric = result.rubric
    ranking = [
        {
            "city": c,
            "subtotals": [display(c.categories[cat.key]) for cat in rubric.categories],
            "readable": access.can(request.user, Action.READ, c.org.code),
        }
        for c in result.ranking()
    ]
    context = {
        "campaign": campaign,
        "state": evaluation_of(campaign),
        "categories": rubric.categories,
        "ranking": ranking,
        "charts": chart_data(result),
        "can_publish": access.can(request.user, Action.PUBLISH, campaign.org_id),
        "province": visibility.sees_province(request.user, campaign),
    }
    return render(request, "evaluation/results.html", context)


@login_required
@require_safe
def city_result(request: HttpRequest, evaluation: str, org: str) -> HttpResponse:
    """One city's scores per criterion (printable A4 report)."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    city_org = visibility.city_or_404(campaign, org)
    visibility.require_city_result(request.user, campaign, org)
    result = evaluate(campaign)
    city = result.city(org)
    rows = assessment_rows(campaign, org, city)
    subtotals = [(cat, display(city.categories[cat.key])) for cat in result.rubric.categories]
    context = {
        "campaign": campaign,
        "city": city_org,
        "result": city,
        "rows": rows,
        "subtotals": subtotals,
        "state": evaluation_of(campaign),
        "count": len(result.cities),
        "charts": chart_data(result, only=org),
    }
    return render(request, "evaluation/city.html", context)


@login_required
@require_safe
def city_pdf(request: HttpRequest, evaluation: str, org: str) -> HttpResponse:
    """The city's result as a PDF report (A4 landscape)."""
    from kaoping.evaluation.report import render_report

    campaign = visibility.evaluation_or_404(request.user, evaluation)
    city_org = visibility.city_or_404(campaign, org)
    visibility.require_city_result(request.user, campaign, org)
    result = evaluate(campaign)
    city = result.city(org)
    context = {
        "campaign": campaign,
        "city": city_org,
        "result": city,
        "rows": assessment_rows(campaign, org, city),
        "subtotals": [(cat, display(city.categories[cat.key])) for cat in result.rubric.categories],
        "state": evaluation_of(campaign),
        "count": len(result.cities),
    }
    return file_response(render_report(context), f"{campaign.pk}-{org}.pdf", PDF)


@login_required
@require_safe
def explain(request: HttpRequest, evaluation: str, org: str, criterion: str) -> HttpResponse:
    """Why a city got its score for one criterion: metric, formula, target, evidence,
    self-score, reviewers' scores and reasons, final score, what it would take."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    city_org = visibility.city_or_404(campaign, org)
    visibility.require_city_result(request.user, campaign, org)
    city = evaluate(campaign).city(org)
    row = next((r for r in assessment_rows(campaign, org, city) if r.criterion.key == criterion), None)
    if row is None:
        raise Http404(criterion)
    context = {
        "campaign": campaign,
        "city": city_org,
        "row": row,
        "result": row.result,
        "lines": row.result.explanation.splitlines(),
        "state": evaluation_of(campaign),
    }
    return render(request, "evaluation/explain.html", context)


@login_required
@require_safe
def export(request: HttpRequest, evaluation: str) -> HttpResponse:
    """The results table in the rubric's layout (criteria as rows, cities as columns)."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    if not visibility.sees_province(request.user, campaign):
        raise PermissionDenied(access.refusal(Action.READ, campaign.org.name, campaign.org.level))
    content = results_workbook(campaign, evaluate(campaign))
    return file_response(content, f"{campaign.pk}-results.xlsx", XLSX)


@login_required
def open_page(request: HttpRequest) -> HttpResponse:
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
    return render(request, "evaluation/open.html", {"form": form})
