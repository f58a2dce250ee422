"""The JSON documents of the workflow, shared by the API and ``kaoping workflow``: where an
organisation's report stands with its history, and why a 上报 was refused."""

from __future__ import annotations

from typing import Any

from kaoping.collection.models import Campaign
from kaoping.collection.services import findings_for
from kaoping.orgs.actors import Actor
from kaoping.workflow import services
from kaoping.workflow.lateness import timeliness
from kaoping.workflow.models import STATUS_LABELS, Attachment, CellComment, Submission, Transition


def state_json(user: Actor, campaign: Campaign, org_code: str) -> dict[str, Any]:
    """``{"campaign", "org", "status", "status_label", "reason", "note", "changed_at",
    "changed_by", "deadline", "extended", "overdue", "late", "history", "comments",
    "attachments"}``; history newest first; ``overdue`` 逾期, ``late`` 迟报 (docs/spec.md §14.2)."""
    history = services.history(user, campaign, org_code)  # checks the user reads org_code
    submission = Submission.objects.filter(campaign=campaign, org_id=org_code).first()
    status = submission.status if submission else "not_started"
    return {
        "campaign": campaign.id,
        "org": org_code,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "reason": submission.reason if submission else "",
        "note": submission.note if submission else "",
        "changed_at": submission.changed_at.isoformat() if submission else None,
        "changed_by": submission.changed_by if submission else "",
        **timeliness(campaign, org_code, submission).as_json(),
        "history": [transition_json(t) for t in history],
        "comments": [comment_json(c) for c in services.comments_for(user, campaign, org_code)],
        "attachments": [
            attachment_json(a)
            for a in Attachment.objects.filter(submission__campaign=campaign, submission__org_id=org_code)
        ],
    }


def transition_json(entry: Transition) -> dict[str, Any]:
    return {
        "action": entry.action,
        "action_label": entry.action_label,
        "old": entry.old,
        "new": entry.new,
        "text": entry.text,
        "actor": entry.actor,
        "at": entry.at.isoformat(),
    }


def comment_json(comment: CellComment) -> dict[str, Any]:
    return {
        "table": comment.table,
        "row": comment.row or None,
        "column": comment.column or None,
        "text": comment.text,
        "actor": comment.actor,
        "at": comment.at.isoformat(),
        "sent": comment.transition_id is not None,
    }


def attachment_json(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "actor": attachment.actor,
        "at": attachment.at.isoformat(),
    }


def submit_refusal_json(campaign: Campaign, org_code: str, message: str, note: str = "") -> dict[str, Any]:
    """A refused 上报: the message, every blocker, and the blocking findings with their cells."""
    blocking = services.blocking_findings(findings_for(campaign, org_code))
    return {
        "detail": message,
        "blockers": services.submit_blockers(campaign, org_code, note),
        "findings": [f.as_json() for f in blocking],
    }
