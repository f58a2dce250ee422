"""Hooks the web app's templates call (one line each): the reminder banner, the workflow box
of the overview and the notice, comments and 汇总 line of a table page."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from django import template
from django.db.models import Count, F
from django.utils.safestring import SafeString, mark_safe

from kaoping.collection.cells import CellIndex, owner_of
from kaoping.collection.models import Campaign
from kaoping.collection.services import load_survey_data
from kaoping.core.definitions.model import Table
from kaoping.core.instance import SurveyData
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import signed_in
from kaoping.orgs.who import who_labels
from kaoping.pages.page import Page
from kaoping.pages.status import Badge
from kaoping.workflow import services
from kaoping.workflow.lateness import timeliness
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    FollowUp,
    Submission,
)
from kaoping.workflow.notifications import unread_count
from kaoping.workflow.pages import STATUS_CSS, comment_rows, table_consolidation
from kaoping.workflow.reminders import reminders_for
from kaoping.workflow.states import notice

register = template.Library()


@register.inclusion_tag("workflow/_banner.html", takes_context=True)
def workflow_banner(context: template.Context) -> dict[str, Any]:
    """Reminders to the user's organisations, shown on every page until dismissed."""
    request = context.get("request")
    user = signed_in(request)
    found = reminders_for(user) if user is not None else []
    return {
        "reminders": found,
        "next": request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
    }


def _submission(page: Page) -> Submission:
    found = Submission.objects.filter(campaign=page.campaign, org_id=page.org.code).first()
    return found or Submission(campaign=page.campaign, org_id=page.org.code, status=NOT_STARTED)


@register.inclusion_tag("workflow/_overview_box.html", takes_context=True)
def workflow_overview_box(context: template.Context, page: Page) -> dict[str, Any]:
    submission = _submission(page)
    user = page.user
    consolidation = []
    if page.is_province:
        from kaoping.core.consolidation import consolidation_statuses

        data = context.get("data") or load_survey_data(page.campaign)
        consolidation = consolidation_statuses(page.survey, data)
    labels = {t.id: f"{t.label} {t.title}" for t in page.survey.tables}
    return {
        "page": page,
        "campaign": page.campaign,
        "org": page.org,
        "submission": submission,
        "status_css": STATUS_CSS[submission.status],
        "notice": notice(page.campaign, page.org, submission),
        "timing": timeliness(page.campaign, page.org.code, submission),
        "consolidation": [(labels[c.table], c) for c in consolidation],
        "sees_progress": access.can(user, Action.READ, page.campaign.org_id),
    }


@register.simple_tag
def workflow_follow_ups(page: Page, table: Table) -> dict[tuple[str, str], FollowUp] | None:
    """The follow-up flags (需跟进) on the unit's cells of ``table`` by (row, column), for its
    reviewer; None for anyone else (fillers never see them). ``{% … as follow_ups %}``: the
    grid marks those cells, the table box lists them."""
    if not access.can(page.user, Action.REVIEW, page.org.code):
        return None
    found = FollowUp.objects.filter(campaign=page.campaign, org_id=page.org.code, table=table.id)
    return {(f.row, f.column): f for f in found.order_by("row", "column")}


@register.inclusion_tag("workflow/_table_box.html", takes_context=True)
def workflow_table_box(
    context: template.Context,
    page: Page,
    table: Table,
    follow_ups: dict[tuple[str, str], FollowUp] | None = None,
) -> dict[str, Any]:
    """Above a table's grid: why it is closed, the reviewer's comments, the 汇总 line, the
    comment form for a reviewer of a submitted form, and the reviewer's follow-up flags with
    the form to flag a cell (any state)."""
    data = context.get("data") or load_survey_data(page.campaign)
    submission = _submission(page)
    comments = comment_rows(
        page, services.comments_for(page.user, page.campaign, page.org.code, table.id), data
    )
    may_comment = submission.status == SUBMITTED and access.can(page.user, Action.REVIEW, page.org.code)
    may_flag = follow_ups is not None
    cells = _own_cells(page, table, data) if may_comment or may_flag else []
    labels = dict(cells)
    return {
        "page": page,
        "campaign": page.campaign,
        "org": page.org,
        "table": table,
        "submission": submission,
        "status_css": STATUS_CSS[submission.status],
        "notice": notice(page.campaign, page.org, submission),
        "comments": comments,
        "who": who_labels(
            [*(c.comment.actor for c in comments), *(f.actor for f in (follow_ups or {}).values())], page.user
        ),
        "consolidation": table_consolidation(page, table.id, data),
        "may_comment": may_comment,
        "may_flag": may_flag,
        "flags": [(f"{r}:{c}", labels.get(f"{r}:{c}", ""), f) for (r, c), f in (follow_ups or {}).items()],
        "cells": cells,
        "csrf_token": context.get("csrf_token"),
    }


def _own_cells(page: Page, table: Table, data: SurveyData) -> list[tuple[str, str]]:
    """The unit's input cells of ``table``: ("row:column", "row label · column label")."""
    cells: list[tuple[str, str]] = []
    index = CellIndex(page.survey, data)
    for section, row in index.rows_of(table.id):
        if owner_of(page.survey, table, section, row, data) != page.org.code:
            continue
        for column in section.columns:
            if column.is_input:
                cells.append((f"{row.key}:{column.key}", f"{row.label} · {column.label}"))
    return cells


@register.inclusion_tag("workflow/_task_status.html")
def workflow_task_status(
    campaign: Campaign, org_code: str, badge: Badge | None = None, deadline: date | None = None
) -> dict[str, Any]:
    """The task list's one status: the submission state once it is past 填报中 (已退回 with its
    reason, never beside 已完成), else the fill status ``badge`` (docs/spec.md §8.2)."""
    submission = Submission.objects.filter(campaign=campaign, org_id=org_code).first()
    shown = submission is not None and submission.status not in (NOT_STARTED, IN_PROGRESS)
    return {
        # the task's ``deadline`` (its extension) saves reading the extensions again
        "timing": timeliness(campaign, org_code, submission, {org_code: deadline} if deadline else None),
        "submission": submission if shown else None,
        "status_css": STATUS_CSS[submission.status] if submission else "",
        "badge": badge,
    }


@register.inclusion_tag("workflow/_national_status.html")
def workflow_national_status(campaign: Campaign) -> dict[str, Any]:
    """A national campaign in the ministry's task list: how many provincial units stand in each
    state, those waiting for review first (one aggregate over the provinces' campaigns)."""
    found = dict(
        Submission.objects.filter(campaign__parent=campaign, org_id=F("campaign__org_id"))
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    total = len(campaign.members)
    found[NOT_STARTED] = total - sum(n for s, n in found.items() if s != NOT_STARTED)
    order = (SUBMITTED, RETURNED, NOT_STARTED, IN_PROGRESS, APPROVED, LOCKED)
    return {
        "waiting": found.get(SUBMITTED, 0),
        # the submitted ones are the "to review" above
        "states": [(STATUS_LABELS[s], STATUS_CSS[s], found[s]) for s in order[1:] if found.get(s)],
    }


@register.inclusion_tag("workflow/_notify_link.html", takes_context=True)
def notifications_link(context: template.Context) -> dict[str, Any]:
    """The top bar's link to the notifications, with how many are unread."""
    user = signed_in(context.get("request"))
    return {"user": user, "unread": unread_count(user) if user is not None else 0}


@register.inclusion_tag("workflow/_national_crumb.html", takes_context=True)
def national_crumb(context: template.Context, campaign: Campaign) -> dict[str, Any]:
    """In a province's campaign under a national one, the crumb back to the national 报送进度
    (docs/spec.md §11.8), for those who read the national campaign: the ministry's users."""
    user = signed_in(context.get("request"))
    parent_id = campaign.parent_id
    if user is None or parent_id is None:
        return {"national": None}
    national = Campaign.objects.filter(pk=parent_id).only("id", "title", "org_id").first()
    if national is None or not access.can(user, Action.READ, national.org_id):
        return {"national": None}
    return {"national": national}


CELL = '<td class="wf-t"><a href="{}" class="status {}" title="{}">{}</a></td>'
NO_CELL = '<td class="wf-t"><span class="muted">—</span></td>'


@register.simple_tag
def progress_cells(row: Any) -> SafeString:
    """A 报送进度 row's table cells (``progress.ProgressRow.tables``), built in one call: the
    national page has 32 × 14 of them and a template loop over them cost a third of its time."""
    cells = [
        CELL.format(*(escape(str(part)) for part in (c.href, c.badge.css, c.hint, c.badge.label)))
        if c.badge
        else NO_CELL
        for c in row.tables
    ]
    return mark_safe("".join(cells))  # every part escaped above (html.escape: what Django's escape does)
