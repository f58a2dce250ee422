"""A city's self-assessment pages: the form, submission and reopening, evidence files."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

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
from kaoping.evaluation.campaigns import rubric_for
from kaoping.evaluation.documents import assessment_rows
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.evidence import (
    ALLOWED_TEXT,
    add_evidence,
    evidence_download,
    max_bytes,
    remove_evidence,
)
from kaoping.evaluation.models import Evidence
from kaoping.evaluation.scoring import evaluate
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.outcome import act, attempt


@login_required
def assess(request: SignedInRequest, evaluation: str, org: str) -> HttpResponse:
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
        row.problem = (
            problems.get(row.criterion.key)
            or next((problems[m.key] for m, _ in row.reported if m.key in problems), "")
            or (f"无法计算：{row.result.problem}" if row.result.problem else "")
        )
    closed = why_closed(campaign, org, request.user)
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
def submit(request: SignedInRequest, evaluation: str, org: str) -> HttpResponse:
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
def reopen(request: SignedInRequest, evaluation: str, org: str) -> HttpResponse:
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
def upload(request: SignedInRequest, evaluation: str, org: str, criterion: str) -> HttpResponse:
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
def remove(request: SignedInRequest, evaluation: str, evidence: int) -> HttpResponse:
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
def evidence_file(request: SignedInRequest, evaluation: str, evidence: int) -> FileResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation)
    found = get_object_or_404(Evidence, pk=evidence, campaign=campaign)
    return evidence_download(request.user, found)
