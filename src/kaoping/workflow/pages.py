"""What the workflow pages show: one organisation's submission with the actions the user
may take, and the per-table consolidation lines of the province."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kaoping.collection.services import findings_for, load_survey_data
from kaoping.core.consolidation import ConsolidationStatus, consolidation_status, consolidation_statuses
from kaoping.core.definitions.model import Severity
from kaoping.core.findings import Finding
from kaoping.core.instance import SurveyData
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.who import who_labels
from kaoping.pages.page import Page
from kaoping.workflow import services
from kaoping.workflow.attachments import can_attach
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURNED,
    SUBMITTED,
    Attachment,
    CellComment,
    Submission,
)
from kaoping.workflow.reminders import can_remind
from kaoping.workflow.states import CLOSED, notice, reviewer_label, unlocker_label

STATUS_CSS = {
    NOT_STARTED: "empty",
    IN_PROGRESS: "progress",
    SUBMITTED: "submitted",
    RETURNED: "errors",
    APPROVED: "done",
    LOCKED: "locked",
}


@dataclass(frozen=True)
class Explained:
    finding: Finding
    text: str


@dataclass(frozen=True)
class CommentRow:
    comment: CellComment
    where: str  # 表9 · 南京市 · 工作人员数
    sent: bool


def comment_rows(page: Page, comments: list[CellComment], data: SurveyData) -> list[CommentRow]:
    from kaoping.collection.cells import CellIndex

    index = CellIndex(page.survey, data)
    out = []
    for c in comments:
        info = index.cell(c.table, c.row, c.column) if c.row and c.column else None
        table = next((t for t in page.survey.tables if t.id == c.table), None)
        parts = (
            [info.table.label, info.row.label, info.column.label]
            if info
            else [table.label if table else c.table]
        )
        out.append(CommentRow(c, " · ".join(parts), c.transition_id is not None))
    return out


def explained_warnings(findings: list[Finding], data: SurveyData) -> list[Explained]:
    """The warnings answered by their 说明: reviewers read these first."""
    return [
        Explained(f, data.explanations.get(f.explanation_key, ""))
        for f in findings
        if f.severity is Severity.WARNING and f.explained
    ]


def workflow_context(page: Page, user: Actor) -> dict[str, Any]:
    campaign, code = page.campaign, page.org.code
    submission = Submission.objects.filter(campaign=campaign, org_id=code).first() or Submission(
        campaign=campaign, org_id=code
    )
    data = load_survey_data(campaign)
    findings = findings_for(campaign, code, data)
    status = submission.status
    may_submit = access.can(user, Action.SUBMIT, code) and status in (NOT_STARTED, IN_PROGRESS, RETURNED)
    may_review = access.can(user, Action.REVIEW, code)
    return {
        "page": page,
        "campaign": campaign,
        "org": page.org,
        "submission": submission,
        "status_css": STATUS_CSS[status],
        "notice": notice(campaign, page.org, submission),
        "explained": explained_warnings(findings, data),
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        "check": services.submit_check(campaign, code) if may_submit else None,
        **_records(page, user, data, submission),
        "may_submit": may_submit,
        "may_review": may_review and status == SUBMITTED,
        "may_lock": may_review and status == APPROVED,
        "may_unlock": access.can(user, Action.UNLOCK, code) and status in (APPROVED, LOCKED),
        "may_attach": can_attach(user, code) and status not in CLOSED,
        "may_remind": can_remind(user, code) and status not in CLOSED,
        "reviewer": reviewer_label(campaign, code),
        "unlocker": unlocker_label(campaign, code),
        "is_province": page.is_province,
        "consolidation": [
            (f"{page.survey.table(c.table).label} {page.survey.table(c.table).title}", c)
            for c in (consolidation_statuses(page.survey, data) if page.is_province else [])
        ],
    }


def _records(page: Page, user: Actor, data: SurveyData, submission: Submission) -> dict[str, Any]:
    """The unit's comments, attachments and history, with who made each as officials read it."""
    campaign, code = page.campaign, page.org.code
    comments = comment_rows(page, services.comments_for(user, campaign, code), data)
    attachments = list(Attachment.objects.filter(submission__campaign=campaign, submission__org_id=code))
    transitions = services.history(user, campaign, code)
    actors = [c.comment.actor for c in comments] + [a.actor for a in attachments + transitions]
    return {
        "comments": comments,
        "attachments": attachments,
        "transitions": transitions,
        "who": who_labels([*actors, submission.changed_by], user),
    }


def table_consolidation(page: Page, table_id: str, data: SurveyData) -> ConsolidationStatus | None:
    """The 汇总 line of a province's table with organisation rows."""
    if not page.is_province:
        return None
    found = consolidation_status(page.survey, data, table_id)
    return found if found.units else None
