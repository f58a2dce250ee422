"""Reading submission states: the edit guard, the listener that starts 填报中, and the
notice a closed form shows (why it is closed and who can reopen it)."""

from __future__ import annotations

from dataclasses import dataclass

from kaoping import dialect
from kaoping.collection.campaigns import is_fillable
from kaoping.collection.deadlines import deadline_of
from kaoping.collection.models import Campaign
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name, actor_user
from kaoping.orgs.models import Organisation
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    Submission,
    Transition,
)

CLOSED = (SUBMITTED, APPROVED, LOCKED)  # states in which the organisation's data cannot change


def _level(campaign: Campaign, org_code: str) -> str:
    """A campaign is opened at a province for its cities."""
    return "province" if org_code == campaign.org_id else "city"


def reviewer_label(campaign: Campaign, org_code: str) -> str:
    """Who returns or approves: the province reviews its cities, the ministry the province."""
    return access.responsible_text(Action.REVIEW, _level(campaign, org_code))


def unlocker_label(campaign: Campaign, org_code: str) -> str:
    return access.responsible_text(Action.UNLOCK, _level(campaign, org_code))


def status_of(campaign: Campaign, org_code: str) -> tuple[str, str]:
    """(status, reason) of an organisation; 未填报 when nothing happened yet. Asked before every
    write (``edit_guard``): its SQL said directly (``dialect.select``), as ``.first()`` asks it."""
    where = {"campaign_id": campaign.pk, "org_id": org_code}
    found = dialect.select(Submission, ("status", "reason"), where, order=("id",), limit=1)
    return (found[0][0], found[0][1]) if found else (NOT_STARTED, "")


def closed_reason(campaign: Campaign, org_code: str, status: str, reason: str) -> str | None:
    """Why a submitted, approved or locked form refuses edits, naming who can reopen it."""
    if status == SUBMITTED:
        reviewer = reviewer_label(campaign, org_code)
        return f"已上报，等待{reviewer}审核，不能修改；如需修改，请{reviewer}退回"
    if status == APPROVED:
        return f"已审核通过，不能修改；如需修改，请{unlocker_label(campaign, org_code)}解锁"
    if status == LOCKED:
        why = f"（{reason}）" if reason else ""
        return f"已锁定{why}，不能修改；可由{unlocker_label(campaign, org_code)}解锁"
    return None


def edit_guard(campaign: Campaign, org_code: str) -> str | None:
    """Registered in ``collection.services.writing.WRITE_GUARDS``: refuse writes to a closed form."""
    status, reason = status_of(campaign, org_code)
    _seen(campaign)[org_code] = status
    return closed_reason(campaign, org_code, status, reason)


def submitted_provinces(campaigns: list[Campaign]) -> set[str]:
    """Registered in ``collection.summaries.SUBMITTED_READERS``: the provincial campaigns whose
    province has submitted (submitted, approved or locked), in one query."""
    wanted = {c.pk: c.org_id for c in campaigns}
    found = Submission.objects.filter(campaign_id__in=wanted, status__in=CLOSED).values_list(
        "campaign_id", "org_id"
    )
    return {campaign for campaign, org in found if wanted.get(campaign) == org}


def _seen(campaign: Campaign) -> dict[str, str]:
    """The statuses the edit guard read for this campaign object (one request)."""
    seen: dict[str, str] = campaign.__dict__.setdefault("_kaoping_seen_status", {})
    return seen


def mark_edited(user: Actor, campaign: Campaign, org_code: str) -> None:
    """Registered in ``WRITE_LISTENERS``: the first edit starts 填报中; an edit after a return
    brings the form back to 填报中."""
    if _seen(campaign).get(org_code) == IN_PROGRESS:
        return  # the guard just read 填报中: nothing to start (saves a query on every save)
    submission, _ = Submission.objects.get_or_create(campaign=campaign, org_id=org_code)
    if submission.status not in (NOT_STARTED, RETURNED):
        return
    actor = actor_name(user)
    Transition.objects.create(
        submission=submission,
        action="edit",
        old=submission.status,
        new=IN_PROGRESS,
        user=actor_user(user),
        actor=actor,
    )
    submission.status, submission.changed_by = IN_PROGRESS, actor
    submission.save(update_fields=["status", "changed_by", "changed_at"])


@dataclass(frozen=True)
class Notice:
    """What a form shows above its grid when it cannot be edited."""

    status: str
    status_label: str
    reason: str  # why it is closed
    reopen: str  # who can reopen it


def notice(campaign: Campaign, org: Organisation, submission: Submission | None = None) -> Notice | None:
    """The closed-form notice: submitted/approved/locked first, then the fill window."""
    if submission is None:
        status, reason = status_of(campaign, org.code)
    else:
        status, reason = submission.status, submission.reason
    closed = closed_reason(campaign, org.code, status, reason)
    if closed:
        who = (
            reviewer_label(campaign, org.code) if status == SUBMITTED else unlocker_label(campaign, org.code)
        )
        return Notice(status, STATUS_LABELS[status], closed, who)
    province_admin = access.responsible_text(Action.OPEN_CAMPAIGN, "province")  # sets the fill window
    if campaign.status != "open":
        return Notice(status, STATUS_LABELS[status], "任务未开启或已截止，填报已关闭", province_admin)
    if not is_fillable(campaign, org_code=org.code):
        window = f"{campaign.opens:%Y-%m-%d} 至 {deadline_of(campaign, org.code):%Y-%m-%d}"
        text = f"不在填报期内（{window}），填报已关闭；可由{province_admin}调整填报期"
        return Notice(status, STATUS_LABELS[status], text, province_admin)
    return None
