"""Pages of the evaluation: list, home, expert review, results, explanations, the city's PDF and
the Excel export (the self-assessment in ``views_assess``, the province's settings and
publication in ``views_manage``). Rules live in the services and in ``visibility``; views parse
the request and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kaoping.collection.models import Campaign
from kaoping.evaluation import visibility
from kaoping.evaluation.assess import (
    submission,
)
from kaoping.evaluation.campaigns import evaluation_of, rubric_for, settings_of
from kaoping.evaluation.charts import chart_data
from kaoping.evaluation.documents import assessment_rows
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.jobs import CITY_PDF, RESULTS, params_for
from kaoping.evaluation.models import ReviewScore, SelfAssessment, Submission
from kaoping.evaluation.reviews import Review, save_reviews
from kaoping.evaluation.scoring import cities_of, evaluate
from kaoping.jobs.offer import offer
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, SignedInRequest
from kaoping.orgs.models import Organisation
from kaoping.pages.outcome import attempt


@login_required
@require_safe
def evaluation_list(request: SignedInRequest) -> HttpResponse:
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
def home(request: SignedInRequest, evaluation: str) -> HttpResponse:
    """The campaign's cities with their progress; what the user can do next."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    province = visibility.sees_province(request.user, campaign)
    state = evaluation_of(campaign)  # read once: the settings and the scoring use it too
    settings = settings_of(campaign, state)
    cities = cities_of(campaign)
    own = visibility.own_cities(request.user, campaign)
    criteria = sum(1 for _ in rubric_for(campaign).criteria())
    scored = _counts(SelfAssessment.objects.filter(campaign=campaign, score__isnull=False))
    reviewed = _counts(ReviewScore.objects.filter(campaign=campaign))
    submitted = dict(Submission.objects.filter(campaign=campaign).values_list("org_id", "submitted_at"))
    hidden = visibility.hidden_drafts(request.user, campaign)
    result = evaluate(campaign, hidden, state, request.user) if province else None
    scorable = set(visibility.scorable_cities(request.user, campaign, settings))
    rows = []
    for city in cities:
        if not province and city.code not in own:
            continue
        decided = sum(1 for c in result.city(city.code).criteria if c.final is not None) if result else None
        rows.append(
            {
                "org": city,
                "self_scored": None if city.code in hidden else scored.get(city.code, 0),
                "submitted": submitted.get(city.code),
                "reviewed": reviewed.get(city.code, 0),
                "decided": decided,
                "total": result.city(city.code).shown_total if result else None,
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
        "can_unlock": _unlockable(request.user, [c.code for c in cities]),
        "sees_results": province or state.published,
    }
    return render(request, "evaluation/home.html", context)


def _unlockable(user: Actor, codes: list[str]) -> list[str]:
    """The cities whose submitted self-assessment ``user`` may reopen, read through
    ``restrict`` as every other list of what a user may do (one query)."""
    cities = Organisation.objects.filter(code__in=codes)
    allowed = set(access.restrict(cities, user, Action.UNLOCK, "code").values_list("code", flat=True))
    return [code for code in codes if code in allowed]


def _counts(queryset: QuerySet[SelfAssessment] | QuerySet[ReviewScore]) -> dict[str, int]:
    """Rows per city: one aggregate query."""
    grouped = queryset.order_by().values("org_id").annotate(n=Count("pk"))
    return dict(grouped.values_list("org_id", "n"))


@login_required
def review(request: SignedInRequest, evaluation: str, org: str) -> HttpResponse:
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
    hidden = visibility.hidden_drafts(request.user, campaign)
    city = evaluate(campaign, hidden).city(org)
    rows = assessment_rows(campaign, org, city, rubric, hidden=org in hidden)
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
@require_safe
def results(request: SignedInRequest, evaluation: str) -> HttpResponse:
    """Ranking, category subtotals, charts; cities only after publication."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    visibility.require_results(request.user, campaign)
    state = evaluation_of(campaign)
    result = evaluate(campaign, visibility.hidden_drafts(request.user, campaign), state, request.user)
    rubric = result.rubric
    ranking = [
        {
            "city": c,
            "subtotals": [c.shown_subtotal(cat.key) for cat in rubric.categories],
            "readable": access.can(request.user, Action.READ, c.org.code),
        }
        for c in result.ranking()
    ]
    context = {
        "campaign": campaign,
        "state": state,
        "categories": rubric.categories,
        "ranking": ranking,
        "charts": chart_data(result),
        "not_assessed": [c for c in result.ranking() if c.problem is None and not c.assessed],
        "can_publish": access.can(request.user, Action.PUBLISH, campaign.org_id),
        "province": visibility.sees_province(request.user, campaign),
    }
    return render(request, "evaluation/results.html", context)


@login_required
@require_safe
def city_result(request: SignedInRequest, evaluation: str, org: str) -> HttpResponse:
    """One city's scores per criterion (printable A4 report)."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    city_org = visibility.city_or_404(campaign, org)
    visibility.require_city_result(request.user, campaign, org)
    hidden = visibility.hidden_drafts(request.user, campaign)
    result = evaluate(campaign, hidden, viewer=request.user)
    city = result.city(org)
    rows = assessment_rows(campaign, org, city, hidden=org in hidden)
    subtotals = [(cat, city.shown_subtotal(cat.key)) for cat in result.rubric.categories]
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
@require_http_methods(["GET", "HEAD", "POST"])
def city_pdf(request: SignedInRequest, evaluation: str, org: str) -> HttpResponse:
    """The city's result as a PDF report (A4 landscape), drawn in the background (a job,
    docs/spec.md §14): a GET leads to the job drawing or having drawn it from the same data for
    what the user may see, else offers a button; its POST starts the job."""
    return offer(request, CITY_PDF.name, params_for(request.user, evaluation, org))


@login_required
@require_safe
def explain(request: SignedInRequest, evaluation: str, org: str, criterion: str) -> HttpResponse:
    """Why a city got its score for one criterion: metric, formula, target, evidence,
    self-score, reviewers' scores and reasons, final score, what it would take."""
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    city_org = visibility.city_or_404(campaign, org)
    visibility.require_city_result(request.user, campaign, org)
    hidden = visibility.hidden_drafts(request.user, campaign)
    city = evaluate(campaign, hidden, viewer=request.user).city(org)
    rows = assessment_rows(campaign, org, city, hidden=org in hidden)
    row = next((r for r in rows if r.criterion.key == criterion), None)
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
@require_http_methods(["GET", "HEAD", "POST"])
def export(request: SignedInRequest, evaluation: str) -> HttpResponse:
    """The results table in the rubric's layout (criteria as rows, cities as columns), built in
    the background as ``city_pdf`` is."""
    return offer(request, RESULTS.name, params_for(request.user, evaluation))
