"""What a reviewer does in the workbench (docs/spec.md §13.4): accept a 说明, reject it — which
returns the unit with the reviewer's comment on that cell — flag a value for follow-up, and
mark the list as read. Each asks ``access.require(REVIEW)`` at the unit first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from kaoping.collection.models import AuditEntry, Campaign, Explanation
from kaoping.core import texts
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name, actor_user
from kaoping.workflow import services
from kaoping.workflow.models import (
    ACCEPTED,
    REJECTED,
    FollowUp,
    FollowUpRecord,
    ReviewMark,
    Verdict,
    VerdictLog,
)
from kaoping.workflow.services import CommentDraft, WorkflowError
from kaoping.workflow.workbench import reviewed_units


@dataclass(frozen=True)
class Place:
    """A cell (or a row, or a table) of a unit: the unit's campaign and code, table, row, column."""

    campaign: Campaign
    org: str
    table: str
    row: str = ""
    column: str = ""


@dataclass(frozen=True)
class Warning(Place):
    """Which warning: its place and rule (the 说明's key)."""

    rule: str = ""

    @property
    def key(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "rule": self.rule,
            "table": self.table,
            "row": self.row,
            "column": self.column,
        }


def _explanation(user: Actor, warning: Warning) -> Explanation:
    access.require(user, Action.REVIEW, warning.org)
    keys = (warning.rule, warning.table, warning.row, warning.column)
    if any(len(k) > texts.KEY or texts.unencodable(k) for k in keys):
        raise WorkflowError("所指的提示不存在")
    found = Explanation.objects.filter(**warning.key, org_id=warning.org).first()
    if found is None:
        raise WorkflowError("该提示尚未填写说明，无可审核的说明")
    return found


def _row_mark(warning: Warning) -> int:
    entries = AuditEntry.objects.filter(campaign=warning.campaign, table=warning.table)
    if warning.row:
        entries = entries.filter(row=warning.row)
    return entries.aggregate(last=Max("id"))["last"] or 0


def _record(user: Actor, warning: Warning, note: Explanation, verdict: str, comment: str = "") -> Verdict:
    defaults: dict[str, Any] = {
        "org_id": warning.org,
        "verdict": verdict,
        "explanation": note.text,
        "comment": comment,
        "mark": _row_mark(warning),
        "user": actor_user(user),
        "actor": actor_name(user),
    }
    with transaction.atomic():  # the one that stands, and its chained record
        found, _ = Verdict.objects.update_or_create(**warning.key, defaults=defaults)
        logged = {k: v for k, v in defaults.items() if k != "mark"}
        VerdictLog.objects.create(**warning.key, **logged)
    return found


def accept(user: Actor, warning: Warning) -> Verdict:
    """Accept the 说明 as it stands; it stays accepted until the row's values change."""
    note = _explanation(user, warning)
    return _record(user, warning, note, ACCEPTED)


def reject(user: Actor, warning: Warning, comment: str) -> Verdict:
    """Reject the 说明: the unit is returned (it must be 已上报) with ``comment`` on the cell."""
    note = _explanation(user, warning)
    if not comment.strip():
        raise WorkflowError("驳回说明须填写意见")
    services.bounded(comment, "意见")
    draft = CommentDraft(warning.table, warning.row, warning.column, comment.strip())
    reason = f"说明未被接受：{comment.strip()}"
    if len(reason) > texts.COMMENT:  # the whole comment stays on the cell
        reason = "说明未被接受，见格子上的审核意见"
    with transaction.atomic():
        services.return_submission(user, warning.campaign, warning.org, reason, [draft])
        return _record(user, warning, note, REJECTED, comment.strip())


def flag(user: Actor, place: Place, note: str = "") -> FollowUp:
    """Flag one value of the unit for follow-up (需跟进); flagging it again changes the note.
    Recorded (``FollowUpRecord``) with who and when."""
    _cell(user, place)
    if not place.row or not place.column:
        raise WorkflowError("跟进须指明单元格（行和栏目）")
    services.check_cell(place.campaign, place.org, CommentDraft(place.table, place.row, place.column, note))
    services.bounded(note, "跟进事项")
    with transaction.atomic():
        found, _ = FollowUp.objects.update_or_create(
            campaign=place.campaign,
            org_id=place.org,
            table=place.table,
            row=place.row,
            column=place.column,
            defaults={"note": note.strip(), "actor": actor_name(user)},
        )
        _log(user, place, "flag", found.note)
    return found


def unflag(user: Actor, place: Place) -> bool:
    """Clear the cell's follow-up flag; False when it had none (nothing is recorded then)."""
    _cell(user, place)
    where = {"table": place.table, "row": place.row, "column": place.column}
    with transaction.atomic():
        removed, _ = FollowUp.objects.filter(campaign=place.campaign, org_id=place.org, **where).delete()
        if removed:
            _log(user, place, "clear", "")
    return bool(removed)


def _cell(user: Actor, place: Place) -> None:
    access.require(user, Action.REVIEW, place.org)
    keys = (place.table, place.row, place.column)
    if any(len(k) > texts.KEY or texts.unencodable(k) for k in keys):
        raise WorkflowError("所指的单元格不存在")


def _log(user: Actor, place: Place, action: str, note: str) -> None:
    FollowUpRecord.objects.create(
        campaign=place.campaign, org_id=place.org, table=place.table, row=place.row,
        column=place.column, action=action, note=note, user=actor_user(user), actor=actor_name(user),
    )  # fmt: skip


def mark_read(user: Actor, campaign: Campaign) -> None:
    """Whatever changed so far is no longer new to ``user``."""
    reviewed_units(user, campaign)  # refuses whoever reviews no unit of it
    owner = actor_user(user)
    if owner is None:
        return
    last = AuditEntry.objects.filter(campaign__in=[campaign, *campaign.children.all()]).aggregate(
        m=Max("id")
    )["m"]
    ReviewMark.objects.update_or_create(user=owner, campaign=campaign, defaults={"mark": last or 0})
