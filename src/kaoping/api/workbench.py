"""The reviewer's workbench over the API (docs/spec.md §13.4): the list as JSON, and accepting
or rejecting a 说明 — the same services as the page (``workflow.workbench``, ``verdicts``)."""

from __future__ import annotations

from django.http import JsonResponse
from ninja import Query, Router, Schema
from pydantic import Field

from kaoping.api.lookups import campaign_or_404
from kaoping.api.schemas import Answer, Error
from kaoping.orgs.actors import SignedInRequest
from kaoping.workflow import verdicts
from kaoping.workflow.services import WorkflowError
from kaoping.workflow.workbench import Filters, Unit, reviewed_units, workbench

router = Router(tags=["审核工作台"])
BASE = "/campaigns/{campaign_id}/workbench"


class WorkbenchQuery(Schema):
    table: str = Field(default="", max_length=10)
    rule: str = Field(default="", max_length=30)
    kind: str = Field(default="", max_length=10, description="rule、outlier 或 change")
    org: str = Field(default="", max_length=10)
    state: str = Field(default="", max_length=12, description="unexplained、explained、accepted 或 rejected")
    new: bool = False
    follow_up: bool = Field(default=False, description="只列出标记需跟进的提示")


class VerdictIn(Schema):
    org: str = Field(max_length=10)
    rule: str = Field(max_length=30)
    table: str = Field(max_length=10)
    row: str = Field(default="", max_length=60)
    column: str = Field(default="", max_length=60)
    comment: str = Field(default="", max_length=2000, description="驳回时必填：显示在该格子上的意见")


@router.get(BASE, response={200: dict[str, object], 403: Error, 404: Error}, summary="审核工作台")
def get_workbench(request: SignedInRequest, campaign_id: str, query: Query[WorkbenchQuery]) -> object:
    """Every warning of the units the user reviews (``warnings``, each a finding with ``org``,
    ``explanation``, ``state``, ``new``, ``follow_up``), after the filters; the values changed
    after approval and the follow-up flags (``follow_ups``, of the ``org`` and ``table`` asked)."""
    campaign = campaign_or_404(request.user, campaign_id)
    filters = Filters(query.table, query.rule, query.kind, query.org, query.state, query.new, query.follow_up)
    return workbench(request.user, campaign, filters).as_json()


DECIDED = {200: dict[str, object], 403: Error, 404: Error, 409: Error}


def _error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def _unit(request: SignedInRequest, campaign_id: str, org: str) -> Unit | JsonResponse:
    """The reviewed unit ``org`` of the campaign; 404 naming no one when the user does not review it."""
    campaign = campaign_or_404(request.user, campaign_id)
    unit = next((u for u in reviewed_units(request.user, campaign) if u.code == org), None)
    return _error("该单位不在您审核的范围内", 404) if unit is None else unit


def _decide(request: SignedInRequest, campaign_id: str, body: VerdictIn, verdict: str) -> Answer:
    unit = _unit(request, campaign_id, body.org)
    if isinstance(unit, JsonResponse):
        return unit
    warning = verdicts.Warning(unit.campaign, unit.code, body.table, body.row, body.column, rule=body.rule)
    try:
        if verdict == "accept":
            found = verdicts.accept(request.user, warning)
        else:
            found = verdicts.reject(request.user, warning, body.comment)
    except WorkflowError as error:
        return _error(error.message, 409)
    return {"verdict": found.verdict, "actor": found.actor, "at": found.at.isoformat()}


@router.post(
    BASE + "/accept",
    response={200: dict[str, object], 403: Error, 404: Error, 409: Error},
    summary="接受说明",
)
def accept(request: SignedInRequest, campaign_id: str, body: VerdictIn) -> Answer:
    """Accept the 说明 of one warning; it stays accepted until the row's values change."""
    return _decide(request, campaign_id, body, "accept")


@router.post(
    BASE + "/reject",
    response={200: dict[str, object], 403: Error, 404: Error, 409: Error},
    summary="驳回说明",
)
def reject(request: SignedInRequest, campaign_id: str, body: VerdictIn) -> Answer:
    """Reject the 说明: the unit (已上报) is returned with ``comment`` on that cell; 409 otherwise."""
    return _decide(request, campaign_id, body, "reject")


class FollowUpIn(Schema):
    org: str = Field(max_length=10)
    table: str = Field(max_length=10)
    row: str = Field(max_length=60)
    column: str = Field(max_length=60)
    note: str = Field(default="", max_length=2000, description="跟进事项（可不填）")


@router.post(BASE + "/follow-up", response=DECIDED, summary="标记需跟进")
def flag(request: SignedInRequest, campaign_id: str, body: FollowUpIn) -> Answer:
    """Flag one value of a reviewed unit (any cell of its table, a warning or not) for follow-up;
    flagging it again changes the note. Recorded with who and when."""
    unit = _unit(request, campaign_id, body.org)
    if isinstance(unit, JsonResponse):
        return unit
    place = verdicts.Place(unit.campaign, unit.code, body.table, body.row, body.column)
    try:
        found = verdicts.flag(request.user, place, body.note)
    except WorkflowError as error:
        return _error(error.message, 409)
    return {"flagged": True, "note": found.note, "actor": found.actor, "at": found.at.isoformat()}


@router.post(BASE + "/follow-up/clear", response=DECIDED, summary="清除跟进标记")
def unflag(request: SignedInRequest, campaign_id: str, body: FollowUpIn) -> Answer:
    """Clear the follow-up flag of one value; ``cleared`` is false when it had none."""
    unit = _unit(request, campaign_id, body.org)
    if isinstance(unit, JsonResponse):
        return unit
    place = verdicts.Place(unit.campaign, unit.code, body.table, body.row, body.column)
    try:
        cleared = verdicts.unflag(request.user, place)
    except WorkflowError as error:
        return _error(error.message, 409)
    return {"cleared": cleared}
