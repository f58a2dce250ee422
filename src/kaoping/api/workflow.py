"""The reporting workflow over the API: an organisation's state and history, and each transition.

Every operation calls the same services as the 报送与审核 page (``kaoping.workflow.services``)
with the same permission checks: 403 without the power (the refusal names the role needed), 404
for a campaign or organisation the user cannot see, 409 when the state or the findings do not
allow the transition (a refused 上报 lists its blocking findings with table, row and column).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import JsonResponse
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from kaoping.api.lookups import campaign_org
from kaoping.api.schemas import Answer, Error, FindingOut
from kaoping.collection.models import Campaign
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, SignedInRequest
from kaoping.workflow import services
from kaoping.workflow.attachments import add_attachment
from kaoping.workflow.documents import attachment_json, state_json, submit_refusal_json
from kaoping.workflow.models import Submission
from kaoping.workflow.services import CommentDraft, WorkflowError

router = Router(tags=["报送与审核"])
BASE = "/campaigns/{campaign_id}/orgs/{org}/workflow"
REASON = Field(min_length=1, max_length=2000, pattern=r"\S")  # the service refuses a blank one too


class TransitionOut(Schema):
    action: str
    action_label: str
    old: str
    new: str
    text: str
    actor: str
    at: str


class CommentOut(Schema):
    table: str
    row: str | None
    column: str | None
    text: str
    actor: str
    at: str
    sent: bool


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    actor: str
    at: str


class StateOut(Schema):
    campaign: str
    org: str
    status: str
    status_label: str
    reason: str
    note: str
    changed_at: str | None
    changed_by: str
    deadline: str  # the unit's last day on time (its extension, if any), Asia/Shanghai
    extended: bool
    overdue: bool  # 逾期: not submitted and the deadline passed
    late: bool  # 迟报: submitted after the deadline
    history: list[TransitionOut]
    comments: list[CommentOut]
    attachments: list[AttachmentOut]


class SubmitRefusedOut(Schema):
    detail: str
    blockers: list[str]
    findings: list[FindingOut]


class SubmitIn(Schema):
    note: str = Field(default="", max_length=2000)  # 上报说明, needed when warnings are explained


class CommentIn(Schema):
    table: str = Field(max_length=10)
    row: str = Field(default="", max_length=60)
    column: str = Field(default="", max_length=60)
    text: str = Field(min_length=1, max_length=2000)


class ReturnIn(Schema):
    reason: str = REASON
    comments: list[CommentIn] = []


class ApproveIn(Schema):
    text: str = Field(default="", max_length=2000)


class LockIn(Schema):
    reason: str = Field(default="审核通过后锁定", max_length=2000)


class UnlockIn(Schema):
    reason: str = REASON


STATE = {200: StateOut, 403: Error, 404: Error, 409: Error}


def _conflict(detail: dict[str, Any]) -> JsonResponse:
    return JsonResponse(detail, status=409, json_dumps_params={"ensure_ascii": False})


def _transition(
    request: SignedInRequest, campaign: Campaign, org: str, move: Callable[[Actor, Campaign, str], Submission]
) -> Answer:
    """Run ``move(user, campaign, org)``; the new state, or 409 with the workflow's reason."""
    try:
        move(request.user, campaign, org)
    except WorkflowError as error:
        return _conflict({"detail": error.message})
    return state_json(request.user, campaign, org)


@router.get(BASE, response={200: StateOut, 403: Error, 404: Error}, summary="报送状态与记录")
def get_state(request: SignedInRequest, campaign_id: str, org: str) -> dict[str, Any]:
    """Where ``org``'s report stands, its transitions (newest first), the reviewers' comments
    (drafts only for reviewers) and the uploaded attachments."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    return state_json(request.user, campaign, org)


@router.post(
    BASE + "/submit",
    response={200: StateOut, 403: Error, 404: Error, 409: SubmitRefusedOut},
    summary="上报",
)
def submit(request: SignedInRequest, campaign_id: str, org: str, body: SubmitIn) -> Answer:
    """市负责人 submits a city, 省审核员 the province (with the sealed 表1 uploaded and every
    city approved). Errors block; every failing warning needs its 说明; with explained warnings
    ``note`` (上报说明) is required. Refused: 409 with ``blockers`` and the blocking ``findings``."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    try:
        services.submit(request.user, campaign, org, body.note)
    except WorkflowError as error:
        return _conflict(submit_refusal_json(campaign, org, error.message, body.note))
    return state_json(request.user, campaign, org)


@router.post(BASE + "/return", response=STATE, summary="退回")
def return_(request: SignedInRequest, campaign_id: str, org: str, body: ReturnIn) -> Answer:
    """The reviewing level returns a submission with its reason; ``comments`` on cells (and the
    drafts written on the table pages) go with it. Nobody returns their own submission."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    drafts = [CommentDraft(c.table, c.row, c.column, c.text) for c in body.comments]
    return _transition(
        request, campaign, org, lambda u, c, o: services.return_submission(u, c, o, body.reason, drafts)
    )


@router.post(BASE + "/approve", response=STATE, summary="审核通过")
def approve(request: SignedInRequest, campaign_id: str, org: str, body: ApproveIn) -> Answer:
    """省审核员 approves a city, 部审核员 the province; nobody approves their own submission."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    return _transition(request, campaign, org, lambda u, c, o: services.approve(u, c, o, body.text))


@router.post(BASE + "/lock", response=STATE, summary="锁定")
def lock(request: SignedInRequest, campaign_id: str, org: str, body: LockIn) -> Answer:
    """The reviewing level locks an approved report; it can then only be unlocked."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    return _transition(request, campaign, org, lambda u, c, o: services.lock(u, c, o, body.reason))


@router.post(BASE + "/unlock", response=STATE, summary="解锁")
def unlock(request: SignedInRequest, campaign_id: str, org: str, body: UnlockIn) -> Answer:
    """省管理员 unlocks a city, 部管理员 the province, with a reason; back to 填报中."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    return _transition(request, campaign, org, lambda u, c, o: services.unlock(u, c, o, body.reason))


@router.post(
    BASE + "/attachments",
    response={201: AttachmentOut, 403: Error, 404: Error, 422: Error},
    summary="上传附件（加盖公章的表1扫描件）",
)
def attach(
    request: SignedInRequest,
    campaign_id: str,
    org: str,
    file: File[UploadedFile],  # a multipart file field named "file"
) -> JsonResponse:
    """PDF, PNG or JPEG, judged by content, at most 10 MB; not once the report is submitted."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    try:
        found = add_attachment(request.user, campaign, org, file.name or "", file)
    except WorkflowError as error:
        return JsonResponse({"detail": error.message}, status=422, json_dumps_params={"ensure_ascii": False})
    return JsonResponse(attachment_json(found), status=201, json_dumps_params={"ensure_ascii": False})
