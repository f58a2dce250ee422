"""Evidence files: checked by their content (magic bytes), size-limited, stored outside the
web root under random names, and read back only through ``open_evidence`` after the
access check. The uploader's file name is kept for display only."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.http import FileResponse

from kaoping.collection.models import Campaign
from kaoping.core.uploads import CONTENT_TYPES, Accept, UploadRefused, receive, store
from kaoping.downloads import file_response
from kaoping.evaluation.assess import log, why_closed
from kaoping.evaluation.campaigns import rubric_for
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.models import Evidence
from kaoping.evaluation.visibility import require_assessment_read
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name

ALLOWED_TEXT = "PDF、PNG、JPEG 图片或 Office 文档（docx、xlsx、pptx、doc、xls、ppt）"
EVIDENCE = Accept(
    {
        "pdf": (".pdf",),
        "png": (".png",),
        "jpeg": (".jpg", ".jpeg"),
        "docx": (".docx",),
        "xlsx": (".xlsx",),
        "pptx": (".pptx",),
        "ole": (".doc", ".xls", ".ppt"),  # legacy Office
    },
    ALLOWED_TEXT,
)
INLINE = {"pdf", "png", "jpeg"}  # shown in the browser; the rest are downloaded


def evidence_dir() -> Path:
    return Path(settings.EVIDENCE_DIR)


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


@transaction.atomic
def add_evidence(
    user: Actor, campaign: Campaign, org: str, criterion: str, name: str, stream: IO[bytes]
) -> Evidence:
    access.require(user, Action.SELF_ASSESS, org)
    reason = why_closed(campaign, org, user)
    if reason is not None:
        raise EvaluationError(reason)
    try:
        rubric_for(campaign).criterion(criterion)
    except KeyError:
        raise EvaluationError("评分标准中没有这一项") from None
    try:
        received = receive(name, stream, EVIDENCE, max_bytes())
    except UploadRefused as refusal:
        raise EvaluationError(str(refusal)) from None
    stored = store(received.data, evidence_dir())
    evidence = Evidence.objects.create(
        campaign=campaign,
        org_id=org,
        criterion=criterion,
        name=received.name,
        stored=stored,
        kind=received.kind,
        size=received.size,
        sha256=received.sha256,
        uploaded_by=actor_name(user),
    )
    log(
        campaign,
        org,
        "evidence_added",
        actor_name(user),
        criterion,
        f"{received.name} sha256={evidence.sha256}",
    )
    return evidence


@transaction.atomic
def remove_evidence(user: Actor, evidence: Evidence) -> None:
    access.require(user, Action.SELF_ASSESS, evidence.org_id)
    reason = why_closed(evidence.campaign, evidence.org_id, user)
    if reason is not None:
        raise EvaluationError(reason)
    path = evidence_dir() / evidence.stored
    log(
        evidence.campaign,
        evidence.org_id,
        "evidence_removed",
        actor_name(user),
        evidence.criterion,
        evidence.name,
    )
    evidence.delete()
    path.unlink(missing_ok=True)


def open_evidence(user: Actor, evidence: Evidence) -> IO[bytes]:
    """The file's content, for a user who reads the city (the city, the province's people;
    审核专家 once the self-assessment is submitted)."""
    require_assessment_read(user, evidence.campaign, evidence.org_id)
    return (evidence_dir() / evidence.stored).open("rb")


def content_type(evidence: Evidence) -> str:
    return CONTENT_TYPES.get(evidence.kind, "application/octet-stream")


def evidence_download(user: Actor, evidence: Evidence) -> FileResponse:
    """The file, as a download (inline only for PDF and images), never sniffed as HTML."""
    return file_response(
        open_evidence(user, evidence),
        evidence.name,
        content_type(evidence),
        inline=evidence.kind in INLINE,
        uploaded=True,
    )
