"""报送进度: each organisation × table with status, errors and last change; the late first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Max, QuerySet

from kaoping.collection.campaigns import member_orgs, survey_for
from kaoping.collection.deadlines import extended, may_extend
from kaoping.collection.models import AuditEntry, Campaign
from kaoping.collection.services import findings_by_org, load_survey_data
from kaoping.collection.tasks import filled_counts, table_statuses
from kaoping.orgs import access
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation
from kaoping.pages.status import Badge, status_badge
from kaoping.workflow.lateness import Timeliness, timeliness
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    Reminder,
    Submission,
)
from kaoping.workflow.pages import STATUS_CSS
from kaoping.workflow.services import can_remind

# Most urgent first: nothing yet, returned, still filling, then waiting for review, then done.
URGENCY = {NOT_STARTED: 0, RETURNED: 1, IN_PROGRESS: 2, SUBMITTED: 3, APPROVED: 4, LOCKED: 5}
LATE = (NOT_STARTED, RETURNED, IN_PROGRESS)


@dataclass(frozen=True)
class TableCell:
    table: str
    badge: Badge | None  # the shell's 未填报 / 填报中 / 有错误 / 已完成; None: no rows of the org there
    errors: int
    warnings: int


@dataclass
class ProgressRow:
    org: Organisation
    status: str
    status_label: str
    status_css: str
    errors: int
    warnings: int
    last_change: datetime | None
    late: bool
    can_remind: bool
    reminded: datetime | None
    timeliness: Timeliness
    may_extend: bool
    tables: list[TableCell] = field(default_factory=list)


@dataclass(frozen=True)
class _Read:
    """What every row of the page reads, each in one query."""

    states: dict[str, Submission]
    edits: dict[str, datetime]
    reminded: dict[str, datetime]
    extensions: dict[str, date]


def _read(campaign: Campaign) -> _Read:
    def last(rows: QuerySet[Any]) -> dict[str, datetime]:
        return dict(rows.values_list("org_id").annotate(last=Max("at")).values_list("org_id", "last"))

    return _Read(
        states={s.org_id: s for s in Submission.objects.filter(campaign=campaign)},
        edits=last(AuditEntry.objects.filter(campaign=campaign)),
        reminded=last(Reminder.objects.filter(campaign=campaign)),
        extensions=extended(campaign),
    )


def progress_rows(user: Actor, campaign: Campaign) -> tuple[list[tuple[str, str]], list[ProgressRow]]:
    """(table ids and labels, rows): late organisations first, then by the official order."""
    survey = survey_for(campaign)
    data = load_survey_data(campaign, access.tree_for(user))
    orgs = [campaign.org, *member_orgs(campaign)]
    filled = filled_counts(campaign)  # every organisation's, in one query
    findings = findings_by_org(campaign, data)  # and the rules run once, not per organisation
    read = _read(campaign)
    rows = []
    for org in orgs:
        statuses = {
            s.table: s for s in table_statuses(campaign, org.code, data, filled, findings.get(org.code, []))
        }
        cells = [
            TableCell(
                t.id, status_badge(statuses[t.id].status), statuses[t.id].errors, statuses[t.id].warnings
            )
            if t.id in statuses
            else TableCell(t.id, None, 0, 0)
            for t in survey.tables
        ]
        rows.append(_row(user, campaign, org, read, cells))
    position = {o.code: i for i, o in enumerate(orgs)}
    rows.sort(key=lambda r: (URGENCY[r.status], not r.timeliness.overdue, position[r.org.code]))
    return [(t.id, t.label) for t in survey.tables], rows


def _row(
    user: Actor, campaign: Campaign, org: Organisation, read: _Read, cells: list[TableCell]
) -> ProgressRow:
    submission = read.states.get(org.code)
    status = submission.status if submission else NOT_STARTED
    changes = [t for t in (read.edits.get(org.code), submission.changed_at if submission else None) if t]
    return ProgressRow(
        org=org,
        status=status,
        status_label=STATUS_LABELS[status],
        status_css=STATUS_CSS[status],
        errors=sum(c.errors for c in cells),
        warnings=sum(c.warnings for c in cells),
        last_change=max(changes) if changes else None,
        late=status in LATE,
        can_remind=status in LATE and can_remind(user, org.code),
        reminded=read.reminded.get(org.code),
        timeliness=timeliness(campaign, org.code, submission, read.extensions),
        may_extend=may_extend(user, org.code),
        tables=cells,
    )


def counts(rows: list[ProgressRow]) -> list[tuple[str, str, int]]:
    """(label, css, how many) per status, in workflow order."""
    return [
        (STATUS_LABELS[s], STATUS_CSS[s], sum(1 for r in rows if r.status == s))
        for s in (NOT_STARTED, IN_PROGRESS, SUBMITTED, RETURNED, APPROVED, LOCKED)
    ]
