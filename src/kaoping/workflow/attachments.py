"""Attachments (the scanned sealed 表1): checked by content, size-limited, stored outside the
web root under a random name, read back only through an access-checked view."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied

from kaoping.collection.models import Campaign
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.workflow.models import Attachment
from kaoping.workflow.services import WorkflowError, submission_for
from kaoping.workflow.states import CLOSED, actor_name, closed_reason

MAX_BYTES = 10 * 1024 * 1024


class Readable(Protocol):
    """A file-like source: an uploaded file or a BytesIO."""

    def read(self, size: int = -1, /) -> bytes: ...


# Magic bytes → kind; the uploaded name and declared type are never trusted.
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}


def upload_dir() -> Path:
    base = getattr(settings, "UPLOAD_DIR", None) or Path(settings.VAR_DIR) / "uploads"
    return Path(base) / "workflow"


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def max_bytes() -> int:
    return int(getattr(settings, "KAOPING_ATTACHMENT_MAX_BYTES", MAX_BYTES))


def can_attach(user: Any, org_code: str) -> bool:
    return access.can(user, Action.SUBMIT, org_code) or access.can(user, Action.FILL, org_code)


def add_attachment(user: Any, campaign: Campaign, org_code: str, name: str, stream: Readable) -> Attachment:
    if not can_attach(user, org_code):
        raise PermissionDenied(access.refusal(Action.SUBMIT, org_code))
    submission = submission_for(campaign, org_code)
    if submission.status in CLOSED:
        raise WorkflowError(closed_reason(campaign, org_code, submission.status, submission.reason) or "")
    limit = max_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise WorkflowError(f"文件超过 {limit // (1024 * 1024)} MB，不能上传")
    if not data:
        raise WorkflowError("文件为空")
    kind = sniff(data[:16])
    if kind is None:
        raise WorkflowError("只能上传 PDF、PNG 或 JPEG 文件（按文件内容判断）")
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16)
    path = directory / stored
    path.write_bytes(data)
    path.chmod(0o600)
    _, actor = actor_name(user)
    return Attachment.objects.create(
        submission=submission,
        name=Path(name).name[:200] or f"附件.{kind}",
        stored=stored,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        actor=actor,
    )


def attachment_path(user: Any, attachment: Attachment) -> Path:
    """The stored file, for those who read the organisation only."""
    access.require(user, Action.READ, attachment.submission.org_id)
    return upload_dir() / attachment.stored
