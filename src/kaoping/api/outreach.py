"""催报 and 延期 over the API, as on the 报送进度 page and with the same services and checks
(docs/spec.md §14): send a reminder now (one unit, or every unit not yet submitted) — a
background job, answered 202 with its status; the delivery log; a unit's extensions, and
granting one (recorded with who, when and why). 403 without the power (naming the role), 404
for what the user cannot see, 409 when the request is refused (a date out of range…)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import JsonResponse
from ninja import Router, Schema, Status
from pydantic import Field

from kaoping.api.jobs import JobOut, started
from kaoping.api.lookups import campaign_or_404, campaign_org
from kaoping.api.schemas import Busy, Error
from kaoping.collection.deadlines import DeadlineError, grant_extension
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.workflow.outreach import extension_json, extensions, reminder_json, reminder_log
from kaoping.workflow.reminderjobs import REMINDERS

router = Router(tags=["催报与延期"])
ORG = "/campaigns/{campaign_id}/orgs/{org}"
JOB = {202: JobOut, 403: Error, 404: Error, 409: Error, 429: Busy}


class RemindIn(Schema):
    text: str = Field("", max_length=500)  # empty: the standard wording with the deadline


class DeliveryOut(Schema):
    channel: str  # email / sms
    address: str  # a phone masked as 139****5678
    user: str
    status: str  # pending / sending / sent / failed
    status_label: str
    attempts: int
    error: str
    sent_at: str | None


class ReminderOut(Schema):
    id: int
    org: str
    org_name: str
    kind: str  # manual / before / overdue
    kind_label: str
    day: str | None
    text: str
    sender: str
    at: str
    deliveries: list[DeliveryOut]


class ExtensionIn(Schema):
    until: date  # the unit's new last day (Asia/Shanghai), after the campaign's closing day
    reason: str = Field(min_length=1, max_length=2000, pattern=r"\S")


class ExtensionOut(Schema):
    org: str
    org_name: str
    until: str
    reason: str
    actor: str
    at: str


@router.post(ORG + "/remind", response=JOB, summary="催报一个单位（后台任务）")
def remind(request: SignedInRequest, campaign_id: str, org: str, body: RemindIn) -> Any:
    """In the product at once, by e-mail and SMS as the job sends them; once a unit a day."""
    return started(request, REMINDERS.name, {"campaign": campaign_id, "org": org, "text": body.text})


@router.post("/campaigns/{campaign_id}/remind-late", response=JOB, summary="催报全部未上报单位（后台任务）")
def remind_late(request: SignedInRequest, campaign_id: str) -> Any:
    return started(request, REMINDERS.name, {"campaign": campaign_id, "org": ""})


@router.get(
    "/campaigns/{campaign_id}/reminders",
    response={200: list[ReminderOut], 404: Error},
    summary="催报记录（发送记录）",
)
def reminders(request: SignedInRequest, campaign_id: str) -> Any:
    """The reminders to the units the user may remind, newest first, with each delivery."""
    campaign = campaign_or_404(request.user, campaign_id)
    return [reminder_json(r, request.user) for r in reminder_log(request.user, campaign)]


@router.get(
    "/campaigns/{campaign_id}/extensions",
    response={200: list[ExtensionOut], 403: Error, 404: Error},
    summary="延期记录",
)
def campaign_extensions(request: SignedInRequest, campaign_id: str, org: str = "") -> Any:
    """The extensions of the units the user reads, newest first (``org``: of that unit only)."""
    campaign = campaign_or_404(request.user, campaign_id)
    return [extension_json(e) for e in extensions(request.user, campaign, org or None)]


@router.post(
    ORG + "/extensions",
    response={201: ExtensionOut, 403: Error, 404: Error, 409: Error},
    summary="批准延期",
)
def grant(request: SignedInRequest, campaign_id: str, org: str, body: ExtensionIn) -> Any:
    """The level above (reviewer or administrator of the unit) extends its deadline."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    try:
        entry = grant_extension(request.user, campaign, org, body.until, body.reason)
    except DeadlineError as error:
        return JsonResponse({"detail": str(error)}, status=409, json_dumps_params={"ensure_ascii": False})
    return Status(201, extension_json(entry))
