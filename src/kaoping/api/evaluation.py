"""The evaluation (考评): results, a city's self-assessment, evidence, reviewers' scores,
publication. Every call goes through the evaluation's visibility rules."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from kaoping.api.schemas import Answer, Error
from kaoping.collection.campaigns import campaign_json
from kaoping.core.scoring.export import ScoreJson
from kaoping.evaluation import visibility
from kaoping.evaluation.assess import Entry, save_assessment, submission, submit_assessment, why_closed
from kaoping.evaluation.campaigns import settings_of
from kaoping.evaluation.documents import assessment_json, evidence_json, results_json
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.evidence import add_evidence, evidence_download
from kaoping.evaluation.models import Evidence, ReviewScore
from kaoping.evaluation.reviews import Review, publish, save_reviews, withdraw
from kaoping.evaluation.scoring import evaluate
from kaoping.orgs.actors import SignedInRequest

router = Router(tags=["考评"])
BASE = "/evaluations/{evaluation_id}"
CITY = BASE + "/orgs/{org}"


class EntryIn(Schema):
    score: str = ""
    explanation: str = ""


class AssessmentIn(Schema):
    criteria: dict[str, EntryIn] = {}
    reported: dict[str, str] = {}


class ReviewIn(Schema):
    score: str = ""
    reason: str = ""


class ReviewsIn(Schema):
    criteria: dict[str, ReviewIn]


class WithdrawIn(Schema):
    reason: str = Field(min_length=1, max_length=2000, pattern=r"\S")


def _refused(exc: EvaluationError) -> JsonResponse:
    return JsonResponse(
        {"detail": exc.message, "problems": exc.problems},
        status=422,
        json_dumps_params={"ensure_ascii": False},
    )


@router.get(BASE, response={200: dict[str, Any], 404: Error}, summary="考评任务")
def get_evaluation(request: SignedInRequest, evaluation_id: str) -> dict[str, object]:
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    evaluation = campaign.evaluation
    return {
        **campaign_json(campaign),
        "survey": evaluation.survey_id,
        "published": evaluation.published,
        "settings": evaluation.settings if visibility.sees_province(request.user, campaign) else None,
    }


@router.get(BASE + "/score", response={200: dict[str, Any], 403: Error, 404: Error}, summary="考评结果")
def get_score(request: SignedInRequest, evaluation_id: str) -> ScoreJson:
    """The ``kaoping score`` document (docs/spec.md §10.9). Cities only after publication."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.require_results(request.user, campaign)
    hidden = visibility.hidden_drafts(request.user, campaign)
    return results_json(request.user, campaign, evaluate(campaign, hidden))


@router.get(
    CITY + "/criteria/{criterion}", response={200: dict[str, Any], 403: Error, 404: Error}, summary="得分说明"
)
def get_explanation(
    request: SignedInRequest, evaluation_id: str, org: str, criterion: str
) -> dict[str, object]:
    """One city and criterion: working, target, self-score, reviewers' scores and reasons, final."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.city_or_404(campaign, org)
    visibility.require_city_result(request.user, campaign, org)
    hidden = visibility.hidden_drafts(request.user, campaign)
    result = evaluate(campaign, hidden)
    city = result.city(org)
    found = next((c for c in city.criteria if c.key == criterion), None)
    if found is None:
        raise Http404(f"评分标准中没有 {criterion}")
    document = results_json(request.user, campaign, result)
    entry = next(c for c in document["cities"] if c["org"] == org)
    detail = next(c for c in entry["criteria"] if c["key"] == criterion)
    return {
        **detail,
        "org": org,
        "explanation": found.explanation,
        "reviews": [{"reviewer": r.who, "score": float(r.score), "reason": r.reason} for r in found.reviews],
        "evidence": []
        if org in hidden
        else [
            evidence_json(e)
            for e in Evidence.objects.filter(campaign=campaign, org_id=org, criterion=criterion)
        ],
    }


@router.get(CITY + "/self-assessment", response={200: dict[str, Any], 403: Error, 404: Error}, summary="自评")
def get_assessment(request: SignedInRequest, evaluation_id: str, org: str) -> dict[str, object]:
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.city_or_404(campaign, org)
    visibility.require_assessment_read(request.user, campaign, org)
    city = evaluate(campaign).city(org)
    return assessment_json(
        campaign, org, city, submission(campaign, org) is not None, why_closed(campaign, org, request.user)
    )


@router.put(
    CITY + "/self-assessment",
    response={200: dict[str, Any], 403: Error, 404: Error, 422: Error},
    summary="保存自评",
)
def put_assessment(request: SignedInRequest, evaluation_id: str, org: str, body: AssessmentIn) -> Answer:
    """Scores, explanations and reported metrics (市填报员, 市负责人); all or nothing."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.city_or_404(campaign, org)
    entries = {k: Entry(v.score, v.explanation) for k, v in body.criteria.items()}
    try:
        changed = save_assessment(request.user, campaign, org, entries, body.reported)
    except EvaluationError as exc:
        return _refused(exc)
    return {"changed": changed}


@router.post(
    CITY + "/submit", response={200: dict[str, Any], 403: Error, 404: Error, 422: Error}, summary="上报自评"
)
def post_submit(request: SignedInRequest, evaluation_id: str, org: str) -> Answer:
    """市负责人's sign-off; afterwards the city cannot change its self-assessment."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.city_or_404(campaign, org)
    try:
        done = submit_assessment(request.user, campaign, org)
    except EvaluationError as exc:
        return _refused(exc)
    return {"submitted_at": done.submitted_at.isoformat(), "submitted_by": done.submitted_by}


@router.post(
    CITY + "/criteria/{criterion}/evidence",
    response={201: dict[str, Any], 403: Error, 404: Error, 422: Error},
    summary="上传佐证材料",
)
def post_evidence(
    request: SignedInRequest, evaluation_id: str, org: str, criterion: str, file: File[UploadedFile]
) -> JsonResponse:
    """PDF, PNG/JPEG or Office documents, checked by content and size."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.city_or_404(campaign, org)
    try:
        evidence = add_evidence(request.user, campaign, org, criterion, file.name or "", file)
    except EvaluationError as exc:
        return _refused(exc)
    return JsonResponse(evidence_json(evidence), status=201, json_dumps_params={"ensure_ascii": False})


@router.get(
    BASE + "/evidence/{evidence_id}", response={200: None, 403: Error, 404: Error}, summary="佐证材料文件"
)
def get_evidence(request: SignedInRequest, evaluation_id: str, evidence_id: int) -> FileResponse:
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    evidence = get_object_or_404(Evidence, pk=evidence_id, campaign=campaign)
    return evidence_download(request.user, evidence)


@router.get(CITY + "/reviews", response={200: dict[str, Any], 403: Error, 404: Error}, summary="本人评分")
def get_reviews(request: SignedInRequest, evaluation_id: str, org: str) -> dict[str, object]:
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.city_or_404(campaign, org)
    visibility.require_score(request.user, settings_of(campaign), org)
    mine = ReviewScore.objects.filter(campaign=campaign, org_id=org, reviewer_id=request.user.pk)
    return {"criteria": {r.criterion: {"score": str(r.score), "reason": r.reason} for r in mine}}


@router.put(
    CITY + "/reviews", response={200: dict[str, Any], 403: Error, 404: Error, 422: Error}, summary="专家评分"
)
def put_reviews(request: SignedInRequest, evaluation_id: str, org: str, body: ReviewsIn) -> Answer:
    """审核专家 assigned to the city; a reason when departing from the automatic or self score."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    visibility.city_or_404(campaign, org)
    reviews = {k: Review(v.score, v.reason) for k, v in body.criteria.items()}
    try:
        changed = save_reviews(request.user, campaign, org, reviews)
    except EvaluationError as exc:
        return _refused(exc)
    return {"changed": changed}


@router.post(
    BASE + "/publish", response={200: dict[str, Any], 403: Error, 404: Error, 422: Error}, summary="发布结果"
)
def post_publish(request: SignedInRequest, evaluation_id: str) -> Answer:
    """省管理员: the cities see the ranking and their own explanations from now on."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    try:
        evaluation = publish(request.user, campaign)
    except EvaluationError as exc:
        return _refused(exc)
    assert evaluation.published_at is not None
    return {"published_at": evaluation.published_at.isoformat(), "published_by": evaluation.published_by}


@router.post(
    BASE + "/withdraw", response={200: dict[str, Any], 403: Error, 404: Error, 422: Error}, summary="撤回发布"
)
def post_withdraw(request: SignedInRequest, evaluation_id: str, body: WithdrawIn) -> Answer:
    """省管理员 withdraws a publication with a reason (a mistake found): the cities stop seeing
    the results until ``/publish`` publishes them again."""
    campaign = visibility.evaluation_or_404(request.user, evaluation_id)
    try:
        withdraw(request.user, campaign, body.reason)
    except EvaluationError as exc:
        return _refused(exc)
    return {"published": False}
