"""The workflow pages: 报送与审核 of one organisation, its actions, 报送进度, 催报 reminders,
attachments and reviewers' cell comments. Every view checks access before touching data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.collection.deadlines import DeadlineError, grant_extension
from kaoping.collection.models import Campaign
from kaoping.collection.national import is_national
from kaoping.core.uploads import CONTENT_TYPES
from kaoping.downloads import file_response
from kaoping.jobs import queue
from kaoping.jobs.kinds import JobRefused
from kaoping.limits import limiter
from kaoping.limits.heavy import busy_response
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.ids import small_int
from kaoping.pages.outcome import act
from kaoping.pages.page import Page, open_page
from kaoping.workflow import reminders, services
from kaoping.workflow.attachments import add_attachment, attachment_path
from kaoping.workflow.models import Attachment
from kaoping.workflow.pages import workflow_context
from kaoping.workflow.progress import counts, progress_rows
from kaoping.workflow.reminderjobs import REMINDERS
from kaoping.workflow.services import CommentDraft, WorkflowError


@login_required
def submission_page(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    return render(request, "workflow/submission.html", workflow_context(page, request.user))


def _act(
    request: SignedInRequest,
    campaign: str,
    org: str,
    action: Callable[[Any, Campaign, str], object],
    done: str,
) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    return act(
        request,
        lambda: action(request.user, page.campaign, page.org.code),
        done,
        _submission_url(campaign, org),
        WorkflowError,
    )


def _submission_url(campaign: str, org: str) -> str:
    return reverse("workflow:submission", kwargs={"campaign": campaign, "org": org})


@login_required
@require_POST
def submit(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    note = request.POST.get("note", "")
    return _act(request, campaign, org, lambda u, c, o: services.submit(u, c, o, note), _("Submitted."))


@login_required
@require_POST
def return_(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act(
        request, campaign, org, lambda u, c, o: services.return_submission(u, c, o, reason), _("Returned.")
    )


@login_required
@require_POST
def approve(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    text = request.POST.get("text", "")
    return _act(request, campaign, org, lambda u, c, o: services.approve(u, c, o, text), _("Approved."))


@login_required
@require_POST
def lock(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    return _act(request, campaign, org, services.lock, _("Locked."))


@login_required
@require_POST
def unlock(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act(request, campaign, org, lambda u, c, o: services.unlock(u, c, o, reason), _("Unlocked."))


@login_required
@require_POST
def comment(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """A reviewer's comment on one cell, drafted on the table page and sent with the return."""
    page = open_page(request.user, campaign, org)
    post = request.POST
    table = post.get("table", "")
    row, _sep, column = post.get("cell", "").partition(":")
    draft = CommentDraft(table, row, column, post.get("text", ""))
    on_table = table and any(t.id == table for t in page.survey.tables)
    return act(
        request,
        lambda: services.add_comment(request.user, page.campaign, page.org.code, draft),
        _("Comment added; it is sent with the return."),
        reverse("web:table", kwargs={"campaign": campaign, "org": org, "table": table})
        if on_table
        else _submission_url(campaign, org),
        WorkflowError,
    )


@login_required
@require_POST
def attach(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect(_submission_url(campaign, org))
    return act(
        request,
        lambda: add_attachment(request.user, page.campaign, page.org.code, upload.name or "", upload),
        _("File uploaded."),
        _submission_url(campaign, org),
        WorkflowError,
    )


@login_required
def attachment(request: SignedInRequest, campaign: str, org: str, attachment: str) -> FileResponse:
    page = open_page(request.user, campaign, org)  # 403 for those who do not read the organisation
    pk = small_int(attachment)
    if pk is None:
        raise Http404
    found = get_object_or_404(
        Attachment, pk=pk, submission__campaign=page.campaign, submission__org_id=page.org.code
    )
    path = attachment_path(request.user, found)
    return file_response(path.open("rb"), found.name, CONTENT_TYPES[found.kind], uploaded=True)


@login_required
def progress(request: SignedInRequest, campaign: str) -> HttpResponse:
    found = get_object_or_404(Campaign.objects.select_related("snapshot", "org"), pk=campaign)
    access.require(request.user, Action.READ, found.org_id)
    tables, rows = progress_rows(request.user, found)
    context = {
        "campaign": found,
        "tables": tables,
        "rows": rows,
        "counts": counts(rows),
        "national": is_national(found),
        "may_remind_any": any(r.can_remind for r in rows),
        "reviews": bool(access.allowed(request.user, Action.REVIEW, found.members)),  # no query
    }
    return render(request, "workflow/progress.html", context)


@login_required
@require_POST
def remind(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """催报 one unit now, as a background job: its page shows the result (in the product at once,
    by e-mail and SMS as the job sends them)."""
    params = {"campaign": campaign, "org": org, "text": request.POST.get("text", "")[:500]}
    return _remind_job(request, params, campaign)


def _remind_job(request: SignedInRequest, params: dict[str, str], campaign: str) -> HttpResponse:
    try:
        job = queue.start(request.user, REMINDERS.name, params)
    except limiter.Busy as busy:
        return busy_response(request, busy)
    except JobRefused as refused:
        messages.error(request, str(refused))
        return redirect("workflow:progress", campaign=campaign)
    return redirect("jobs:job", job=job.pk)


def _progress_url(page: Page) -> str:
    """The 报送进度 the row came from: a province in a national campaign is on the national one."""
    national = page.campaign.parent_id if page.is_province else None
    return reverse("workflow:progress", kwargs={"campaign": national or page.campaign.pk})


@login_required
@require_POST
def remind_late(request: SignedInRequest, campaign: str) -> HttpResponse:
    """催报 every unit that has not submitted and that the user may remind, as a background job."""
    return _remind_job(request, {"campaign": campaign, "org": ""}, campaign)


def _date(text: str) -> date | None:
    """A posted YYYY-MM-DD, or None for anything else (including 2026-02-30)."""
    try:
        return parse_date(text.strip()[:10])
    except ValueError:
        return None


@login_required
@require_POST
def extend(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """The level above extends one unit's deadline (docs/spec.md §14.2)."""
    page = open_page(request.user, campaign, org)
    until = _date(request.POST.get("until", ""))
    reason = request.POST.get("reason", "")

    def grant() -> object:
        if until is None:
            raise DeadlineError("请填写延期日期（年-月-日）")
        return grant_extension(request.user, page.campaign, page.org.code, until, reason)

    done = _("Deadline of %(org)s extended.") % {"org": page.org.name}
    return act(request, grant, done, _progress_url(page), DeadlineError)


@login_required
@require_POST
def dismiss(request: SignedInRequest, reminder: str) -> HttpResponse:
    pk = small_int(reminder)
    if pk is None:
        raise PermissionDenied
    reminders.dismiss(request.user, pk)
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "web:tasks")
