"""The transitions of the workflow (docs/spec.md §8.3), with the powers of docs/spec.md §2.6.

未填报 → 填报中 (first edit) → 已上报 (submit) → 已退回 (return, with a reason and cell
comments) → 填报中 (the city edits) … → 已审核 (approve) → 已锁定 (lock, or consolidated when
the province submits). Unlocking (省管理员 for a city, 部管理员 for the province) reopens 填报中.
Every transition is appended to ``Transition``; every refusal is a ``WorkflowError`` in Chinese.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from kaoping.collection import summaries
from kaoping.collection.campaigns import is_fillable, is_member, member_orgs, survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.deadlines import is_past
from kaoping.collection.models import Campaign
from kaoping.collection.services import findings_for, load_survey_data
from kaoping.core import texts
from kaoping.core.definitions.model import Severity
from kaoping.core.findings import Finding, FindingKind
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name, actor_user
from kaoping.workflow.models import (
    APPROVAL,
    APPROVED,
    COMMENT,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURN,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    Attachment,
    CellComment,
    Submission,
    Transition,
)
from kaoping.workflow.notifications import notify_unit
from kaoping.workflow.states import reviewer_label, unlocker_label

CONSOLIDATED = "已汇总上报"
logger = logging.getLogger(
    "kaoping.workflow"
)  # every decision is logged (docs/spec.md §8.3)  # the lock reason of a city once its province has submitted


class WorkflowError(Exception):
    """A transition refused for a reason other than permission (message in Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CommentDraft:
    table: str
    row: str
    column: str
    text: str


def submission_for(campaign: Campaign, org_code: str, lock: bool = False) -> Submission:
    check_member(campaign, org_code)
    Submission.objects.get_or_create(campaign=campaign, org_id=org_code)
    found = Submission.objects.select_for_update() if lock else Submission.objects
    return found.get(campaign=campaign, org_id=org_code)


def check_member(campaign: Campaign, org_code: str) -> None:
    if not is_member(campaign, org_code):
        raise WorkflowError(f"组织 {org_code} 不属于任务 {campaign.id}")


def _move(submission: Submission, user: Actor, action: str, new: str, text: str = "") -> Transition:
    owner, actor = actor_user(user), actor_name(user)
    entry = Transition.objects.create(
        submission=submission,
        action=action,
        old=submission.status,
        new=new,
        text=text,
        user=owner,
        actor=actor,
    )
    logger.info(
        "workflow %s campaign=%s org=%s %s->%s by %s",
        action,
        submission.campaign_id,
        submission.org_id,
        entry.old,
        new,
        actor,
    )
    submission.status, submission.changed_by = new, actor
    submission.save()
    return entry


def _expect(submission: Submission, allowed: Iterable[str], doing: str) -> None:
    if submission.status not in allowed:
        raise WorkflowError(f"当前状态为{STATUS_LABELS[submission.status]}，不能{doing}")


def _describe(finding: Finding) -> str:
    where = " ".join(x for x in (finding.table_label, finding.row_label, finding.column_label) if x)
    return f"{where}：{finding.message}"


def blocking_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that block 上报: every error, then every warning without its 说明 (a peer
    finding never blocks: docs/spec.md §13)."""
    found = [f for f in findings if f.blocks]
    errors = [f for f in found if f.severity is Severity.ERROR]
    return errors + [f for f in found if f.severity is Severity.WARNING]


@dataclass(frozen=True)
class SubmitCheck:
    """What stands between a unit and 上报 (docs/spec.md §8.4)."""

    blockers: list[str]  # only fixing the data (or, for the province, its cities) lifts these
    explained: int  # warnings answered with a 说明: the 上报 is a 强制上报 and needs a 上报说明
    findings: int = 0  # how many of ``blockers`` are findings (they come first)

    def refusals(self, note: str = "") -> list[str]:
        """Every reason 上报 is refused with this ``note``: the blockers, and the missing 上报说明."""
        out = list(self.blockers)
        if self.needs_note and not note.strip():
            out.insert(self.findings, f"有 {self.explained} 条已说明的提示，需填写上报说明（强制上报）")
        return out

    @property
    def needs_note(self) -> bool:
        return self.explained > 0 and self.findings == 0


def submit_check(campaign: Campaign, org_code: str) -> SubmitCheck:
    findings = findings_for(campaign, org_code)
    out = [
        f"{'错误（须修改）' if f.severity is Severity.ERROR else '提示未填写说明'}：{_describe(f)}"
        for f in blocking_findings(findings)
    ]
    # an explained peer finding asks for no 上报说明: it never stood in the way (docs/spec.md §13)
    explained = sum(
        1
        for f in findings
        if f.severity is Severity.WARNING and f.explained and f.kind is not FindingKind.OUTLIER
    )
    count = len(out)
    if org_code == campaign.org_id:
        out += _province_blockers(campaign)
    return SubmitCheck(out, explained, count)


def submit_blockers(campaign: Campaign, org_code: str, note: str = "") -> list[str]:
    """Why ``org_code`` cannot be submitted now (empty: it can). Errors block; a failing warning
    needs its 说明; with explained warnings the submission is a 强制上报 and needs a 上报说明."""
    return submit_check(campaign, org_code).refusals(note)


def _province_blockers(campaign: Campaign) -> list[str]:
    """The province submits once every city is approved, with the scanned sealed 表1 attached."""
    done = set(
        Submission.objects.filter(campaign=campaign, status__in=(APPROVED, LOCKED)).values_list(
            "org_id", flat=True
        )
    )
    waiting = [c.name for c in member_orgs(campaign) if c.code not in done]
    out = [f"以下地市尚未审核通过：{'、'.join(waiting)}"] if waiting else []
    if not Attachment.objects.filter(
        submission__campaign=campaign, submission__org_id=campaign.org_id
    ).exists():
        out.append("须上传加盖公章的表1扫描件（PDF 或图片）")
    return out


def submit(user: Actor, campaign: Campaign, org_code: str, note: str = "") -> Submission:
    """上报 to the level above (a city's is its 市负责人's; the province's its 省审核员's)."""
    access.require(user, Action.SUBMIT, org_code)
    if not is_fillable(campaign, org_code=org_code):
        raise WorkflowError("不在填报期内或任务未开启，不能上报")
    _bounded(note, "上报说明")
    with transaction.atomic():
        submission = submission_for(campaign, org_code, lock=True)
        _expect(submission, (NOT_STARTED, IN_PROGRESS, RETURNED), "上报")
        blockers = submit_blockers(campaign, org_code, note)
        if blockers:
            raise WorkflowError("不能上报：" + "；".join(blockers[:5]) + ("…" if len(blockers) > 5 else ""))
        submission.note, submission.reason = note.strip(), ""
        submission.late = is_past(campaign, org_code)  # 迟报 (docs/spec.md §14.2)
        _move(submission, user, "submit", SUBMITTED, note.strip())
        if org_code == campaign.org_id:
            _lock_cities(user, campaign)
            if summaries.in_national(campaign):
                summaries.refresh(campaign)  # what the ministry reads is what was submitted
    return submission


def _lock_cities(user: Actor, campaign: Campaign) -> None:
    """Once the province has submitted, its approved cities are locked as consolidated."""
    for city in (
        Submission.objects.select_for_update()
        .filter(campaign=campaign, status=APPROVED)
        .exclude(org_id=campaign.org_id)
    ):
        city.reason = CONSOLIDATED
        _move(city, user, "lock", LOCKED, CONSOLIDATED)


def _review_target(user: Actor, campaign: Campaign, org_code: str, doing: str) -> Submission:
    access.require(user, Action.REVIEW, org_code)
    submission = submission_for(campaign, org_code, lock=True)
    _expect(submission, (SUBMITTED,), doing)
    submitter = submission.transitions.filter(action="submit").order_by("-at", "-id").first()
    if submitter is not None and getattr(user, "pk", None) is not None and submitter.user_id == user.pk:
        raise PermissionDenied(
            f"不能审核本人上报的数据：需要{reviewer_label(campaign, org_code)}角色的其他人员"
        )
    return submission


def return_submission(
    user: Actor, campaign: Campaign, org_code: str, reason: str, comments: Iterable[CommentDraft] = ()
) -> Submission:
    """退回 with the reason; the drafted cell comments (and any given here) go with it."""
    if not reason.strip():
        raise WorkflowError("退回须填写原因")
    _bounded(reason, "退回原因")
    with transaction.atomic():
        submission = _review_target(user, campaign, org_code, "退回")
        for c in comments:
            if c.text.strip():
                add_comment(user, campaign, org_code, c, submission=submission)
        submission.reason = reason.strip()
        entry = _move(submission, user, "return", RETURNED, reason.strip())
        # Drafts the reviewer wrote on the table pages are sent with this return.
        CellComment.objects.filter(submission=submission, transition__isnull=True).update(transition=entry)
        told = f"《{campaign.title}》{submission.org.name}的数据已被退回：{reason.strip()}"
        notify_unit(campaign, org_code, RETURN, told, f"transition:{entry.pk}")
        _notify_comments(campaign, org_code, entry)
    return submission


def _notify_comments(campaign: Campaign, org_code: str, entry: Transition) -> None:
    """Each comment sent with a return reaches the unit, linked to its table."""
    survey = survey_for(campaign)
    for comment in entry.comments.all():
        table = next((t for t in survey.tables if t.id == comment.table), None)
        where = table.label if table else comment.table
        link = reverse("web:table", kwargs={"campaign": campaign.pk, "org": org_code, "table": comment.table})
        notify_unit(
            campaign, org_code, COMMENT, f"{where}审核意见：{comment.text}", f"comment:{comment.pk}", link
        )


def approve(user: Actor, campaign: Campaign, org_code: str, text: str = "") -> Submission:
    _bounded(text, "审核意见")
    with transaction.atomic():
        submission = _review_target(user, campaign, org_code, "审核通过")
        submission.reason = ""
        entry = _move(submission, user, "approve", APPROVED, text.strip())
        told = f"《{campaign.title}》{submission.org.name}的数据已审核通过"
        notify_unit(campaign, org_code, APPROVAL, told, f"transition:{entry.pk}")
    return submission


def lock(user: Actor, campaign: Campaign, org_code: str, reason: str = "审核通过后锁定") -> Submission:
    """The reviewing level locks an approved form."""
    access.require(user, Action.REVIEW, org_code)
    _bounded(reason, "锁定原因")
    with transaction.atomic():
        submission = submission_for(campaign, org_code, lock=True)
        _expect(submission, (APPROVED,), "锁定")
        submission.reason = reason
        _move(submission, user, "lock", LOCKED, reason)
    return submission


def unlock(user: Actor, campaign: Campaign, org_code: str, reason: str) -> Submission:
    """Reopen an approved or locked form for editing (省管理员 for a city, 部管理员 for the province)."""
    if not access.can(user, Action.UNLOCK, org_code):
        raise PermissionDenied(f"无权解锁：需要{unlocker_label(campaign, org_code)}角色")
    if not reason.strip():
        raise WorkflowError("解锁须填写原因")
    _bounded(reason, "解锁原因")
    with transaction.atomic():
        submission = submission_for(campaign, org_code, lock=True)
        _expect(submission, (APPROVED, LOCKED), "解锁")
        if org_code != campaign.org_id:
            province, _ = Submission.objects.get_or_create(campaign=campaign, org_id=campaign.org_id)
            if province.status in (SUBMITTED, APPROVED, LOCKED):
                above = reviewer_label(campaign, campaign.org_id)
                admin = unlocker_label(campaign, campaign.org_id)
                raise WorkflowError(
                    f"全省数据已{province.status_label}，须先由{above}退回或{admin}解锁全省，才能解锁地市"
                )
        submission.reason = ""
        _move(submission, user, "unlock", IN_PROGRESS, reason.strip())
    return submission


# --- comments ------------------------------------------------------------------------------


def add_comment(
    user: Actor, campaign: Campaign, org_code: str, draft: CommentDraft, submission: Submission | None = None
) -> CellComment:
    """A reviewer's comment on a cell of a submitted form; sent to the city with the return."""
    access.require(user, Action.REVIEW, org_code)
    submission = submission or submission_for(campaign, org_code)
    if submission.status != SUBMITTED:
        raise WorkflowError("只能对已上报、待审核的数据提出意见")
    if not draft.text.strip():
        raise WorkflowError("意见不能为空")
    _bounded(draft.text, "意见")
    check_cell(campaign, org_code, draft)
    actor = actor_name(user)
    return CellComment.objects.create(
        submission=submission,
        transition=None,  # a draft until the return sends it
        table=draft.table,
        row=draft.row,
        column=draft.column,
        text=draft.text.strip(),
        actor=actor,
    )


def _bounded(text: str, what: str) -> None:
    """Refuse a reason, note or comment beyond ``texts.COMMENT`` (docs/spec.md §5.3)."""
    reason = texts.refusal(text.strip(), texts.COMMENT, what)
    if reason is not None:
        raise WorkflowError(reason)


def check_cell(campaign: Campaign, org_code: str, draft: CommentDraft) -> None:
    """A comment names a table of the survey and, if any, a row of ``org_code`` and a column of it."""
    survey = survey_for(campaign)
    table = next((t for t in survey.tables if t.id == draft.table), None)
    if table is None:
        raise WorkflowError(f"意见所指的表 {draft.table} 不存在")
    if not (draft.row or draft.column):
        return
    index = CellIndex(survey, load_survey_data(campaign))
    rows = {r.key for _, r in index.rows_of(table.id)}
    if max(len(draft.row), len(draft.column)) > texts.KEY:
        raise WorkflowError(f"意见所指的行或栏目不存在：{table.label}")
    if draft.row not in rows or index.owner(table.id, draft.row) not in (org_code, None):
        raise WorkflowError(f"意见所指的行不存在：{table.label} 行 {draft.row}")
    if draft.column and index.column(table.id, draft.row, draft.column) is None:
        raise WorkflowError(f"意见所指的列不存在：{table.label} 行 {draft.row} 列 {draft.column}")


def comments_for(
    user: Actor, campaign: Campaign, org_code: str, table: str | None = None
) -> list[CellComment]:
    """The comments on ``org_code``'s data: only for those who read that organisation."""
    access.require(user, Action.READ, org_code)
    found = CellComment.objects.filter(submission__campaign=campaign, submission__org_id=org_code)
    if table is not None:
        found = found.filter(table=table)
    if not access.can(user, Action.REVIEW, org_code):
        found = found.filter(transition__isnull=False)  # drafts stay with the reviewer until sent
    return list(found.select_related("transition").order_by("-at", "-id"))


def history(user: Actor, campaign: Campaign, org_code: str) -> list[Transition]:
    access.require(user, Action.READ, org_code)
    return list(
        Transition.objects.filter(submission__campaign=campaign, submission__org_id=org_code).order_by(
            "-at", "-id"
        )
    )


bounded = _bounded  # the workbench's notes are held to the same bound
