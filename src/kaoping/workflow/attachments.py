"""Attachments (the scanned sealed 表1): checked by content, size-limited, stored outside the
web root under a random name, read back only through an access-checked view."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied

from kaoping.collection.models import Campaign
from kaoping.core.uploads import Accept, Readable, UploadRefused, receive, store
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name
from kaoping.workflow.models import Attachment
from kaoping.workflow.services import WorkflowError, submission_for
from kaoping.workflow.states import CLOSED, closed_reason

MAX_BYTES = 10 * 1024 * 1024
SCANS = Accept({"pdf": (".pdf",), "png": (".png",), "jpeg": (".jpg", ".jpeg")}, "PDF、PNG 或 JPEG 文件")


def upload_dir() -> Path:
    base = getattr(settings, "UPLOAD_DIR", None) or Path(settings.VAR_DIR) / "uploads"
    return Path(base) / "workflow"


def max_bytes() -> int:
    return int(getattr(settings, "KAOPING_ATTACHMENT_MAX_BYTES", MAX_BYTES))


def can_attach(user: Actor, org_code: str) -> bool:
    return access.can(user, Action.SUBMIT, org_code) or access.can(user, Action.FILL, org_code)


def add_attachment(user: Actor, campaign: Campaign, org_code: str, name: str, stream: Readable) -> Attachment:
    if not can_attach(user, org_code):
        raise PermissionDenied(access.refusal(Action.SUBMIT, org_code))
    submission = submission_for(campaign, org_code)
    if submission.status in CLOSED:
        raise WorkflowError(closed_reason(campaign, org_code, submission.status, submission.reason) or "")
    try:
        received = receive(name, stream, SCANS, max_bytes())
    except UploadRefused as refusal:
        raise WorkflowError(str(refusal)) from None
    stored = store(received.data, upload_dir())
    actor = actor_name(user)
    return Attachment.objects.create(
        submission=submission,
        name=received.name,
        stored=stored,
        kind=received.kind,
        size=received.size,
        sha256=received.sha256,
        actor=actor,
    )


def attachment_path(user: Actor, attachment: Attachment) -> Path:
    """The stored file, for those who read the organisation only."""
    access.require(user, Action.READ, attachment.submission.org_id)
    return upload_dir() / attachment.stored
