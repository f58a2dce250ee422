"""Evidence files: checked by their content (magic bytes), size-limited, stored outside the
web root under random names, and read back only through ``open_evidence`` after the
access check. The uploader's file name is kept for display only."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from kaoping.collection.models import Campaign
from kaoping.evaluation.assess import actor_name, log, why_closed
from kaoping.evaluation.campaigns import rubric_for
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.models import Evidence
from kaoping.orgs import access
from kaoping.orgs.access import Action

# kind → (content type, file name endings that may carry it)
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)),
    "ole": ("application/octet-stream", (".doc", ".xls", ".ppt")),  # legacy Office
}
INLINE = {"pdf", "png", "jpeg"}  # shown in the browser; the rest are downloaded
ALLOWED_TEXT = "PDF、PNG、JPEG 图片或 Office 文档（docx、xlsx、pptx、doc、xls、ppt）"
_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def evidence_dir() -> Path:
    return Path(settings.EVIDENCE_DIR)


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def sniff(head: bytes, data: bytes) -> str | None:
    """The file's kind from its content, or None when it is none of the allowed kinds."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        for prefix, kind in _OOXML.items():
            if any(n.startswith(prefix) for n in names):
                return kind
    return None


def check_file(name: str, data: bytes) -> str:
    """The kind of an upload, or ``EvaluationError`` saying why it is refused."""
    if not data:
        raise EvaluationError("文件为空")
    limit = max_bytes()
    if len(data) > limit:
        raise EvaluationError(f"文件过大：{len(data) / 1048576:.1f} MB，上限 {limit / 1048576:.0f} MB")
    kind = sniff(data[:16], data)
    if kind is None:
        raise EvaluationError(f"文件类型不允许：只接受{ALLOWED_TEXT}（按文件内容判断）")
    endings = KINDS[kind][1]
    if not name.lower().endswith(endings):
        raise EvaluationError(f"文件名后缀与内容不符：内容是 {kind.upper()}，应以 {'、'.join(endings)} 结尾")
    return kind


def clean_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name.strip() or "file"
    return "".join(ch for ch in base if ch.isprintable() and ch not in '"<>')[:200]


@transaction.atomic
def add_evidence(
    user: Any, campaign: Campaign, org: str, criterion: str, name: str, stream: IO[bytes]
) -> Evidence:
    access.require(user, Action.SELF_ASSESS, org)
    reason = why_closed(campaign, org)
    if reason is not None:
        raise EvaluationError(reason)
    try:
        rubric_for(campaign).criterion(criterion)
    except KeyError:
        raise EvaluationError("评分标准中没有这一项") from None
    data = stream.read(max_bytes() + 1)
    name = clean_name(name)
    kind = check_file(name, data)
    stored = secrets.token_hex(20)
    folder = evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stored
    path.write_bytes(data)
    path.chmod(0o600)
    evidence = Evidence.objects.create(
        campaign=campaign,
        org_id=org,
        criterion=criterion,
        name=name,
        stored=stored,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor_name(user),
    )
    log(campaign, org, "evidence_added", actor_name(user), criterion, f"{name} sha256={evidence.sha256}")
    return evidence


@transaction.atomic
def remove_evidence(user: Any, evidence: Evidence) -> None:
    access.require(user, Action.SELF_ASSESS, evidence.org_id)
    reason = why_closed(evidence.campaign, evidence.org_id)
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


def open_evidence(user: Any, evidence: Evidence) -> IO[bytes]:
    """The file's content, for a user who reads the city (the city, the province's people)."""
    access.require(user, Action.READ, evidence.org_id)
    return (evidence_dir() / evidence.stored).open("rb")


def content_type(evidence: Evidence) -> str:
    return KINDS.get(evidence.kind, ("application/octet-stream", ()))[0]
