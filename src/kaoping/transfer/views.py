"""Pages: template download, upload with preview then confirm, exports, bulk import."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kaoping.collection.services import load_survey_data
from kaoping.core.uploads import UploadRefused
from kaoping.core.workbook.stale import Overwrite
from kaoping.downloads import file_response
from kaoping.jobs.offer import offer
from kaoping.limits.heavy import heavy
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import Page, open_page
from kaoping.transfer import exports, jobs, services
from kaoping.transfer.models import PendingUpload
from kaoping.transfer.preview import change_lines, split


@login_required
@require_GET
def template(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    try:
        content, name = services.template(request.user, page.campaign, page.org.code)
    except ValueError as error:  # an organisation with no table to fill
        raise Http404(str(error)) from error
    return file_response(content, name, services.XLSX)


def fill_page(request: SignedInRequest, campaign: str, org: str) -> Page:
    page = open_page(request.user, campaign, org)
    access.require(request.user, Action.FILL, page.org.code)
    return page


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """GET: the form. POST: a dry run of the file, shown as a preview awaiting confirmation."""
    page = fill_page(request, campaign, org)
    if request.method == "GET":
        return render(request, "transfer/upload.html", _context(page))
    file = request.FILES.get("file")
    if file is None:
        return render(
            request, "transfer/upload.html", _context(page, problem=_("Choose a workbook to upload."))
        )
    try:
        received = services.receive_workbook(file.name or "", file)
    except UploadRefused as refusal:
        return render(request, "transfer/upload.html", _context(page, problem=str(refusal)))
    # A newer upload replaces the user's earlier unconfirmed ones (their content is not kept).
    PendingUpload.objects.filter(user=request.user, campaign=page.campaign, org=page.org).delete()
    pending = PendingUpload.objects.create(
        user=request.user,
        campaign=page.campaign,
        org=page.org,
        filename=received.name,
        sha256=received.sha256,
        content=received.data,
    )
    return _preview(request, page, pending, services.Mode.DRY_RUN)


@login_required
@require_POST
def confirm(request: SignedInRequest, campaign: str, org: str, upload_id: str) -> HttpResponse:
    """Save the previewed file (re-read against the values as they are now).

    The conflicts the preview showed keep their current value unless ticked; a conflict it
    did not show (an edit since the preview) stops the save, so the user sees it first."""
    page = fill_page(request, campaign, org)
    pending = get_object_or_404(
        PendingUpload, pk=upload_id, user=request.user, campaign=page.campaign, org=page.org, done=False
    )
    mode = services.Mode.DRAFT if request.POST.get("mode") == "draft" else services.Mode.SAVE
    shown = set(request.POST.getlist("shown"))
    ticked = shown if request.POST.get("overwrite_all") else shown & set(request.POST.getlist("overwrite"))
    return _preview(request, page, pending, mode, overwrite=ticked, shown=shown)


def _preview(
    request: SignedInRequest,
    page: Page,
    pending: PendingUpload,
    mode: services.Mode,
    overwrite: Overwrite = False,
    shown: Collection[str] | None = None,
) -> HttpResponse:
    before = load_survey_data(page.campaign)
    outcome = services.import_workbook(
        request.user,
        page.campaign,
        page.org.code,
        bytes(pending.content),
        pending.filename,
        mode,
        overwrite=overwrite,
        shown=shown,
    )
    if outcome.saved:
        pending.done = True
        pending.content = b""
        pending.save(update_fields=["done", "content"])
        messages.success(
            request,
            _("Saved %(n)s change(s) from %(file)s.")
            % {"n": len(outcome.result.changes), "file": pending.filename},
        )
        return redirect("web:overview", campaign=page.campaign.pk, org=page.org.code)
    errors, warnings = split(outcome.result.findings)
    context = _context(
        page,
        outcome=outcome,
        pending=pending,
        changes=change_lines(page.survey, before, outcome.result),
        conflicts=outcome.result.conflicts,
        downloaded=_downloaded(outcome.result.downloaded_at),
        errors=errors,
        warnings=warnings,
        tried=mode is not services.Mode.DRY_RUN,
        closed=services.closed_reason(request.user, page.campaign, page.org.code, "upload"),
    )
    return render(request, "transfer/preview.html", context, status=200)


def _downloaded(text: str) -> datetime | None:
    """When the template was written, if its ``_meta`` says so readably."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _context(page: Page, **extra: object) -> dict[str, object]:
    return {"page": page, "campaign": page.campaign, "org": page.org, **extra}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export(request: SignedInRequest, campaign: str, org: str, kind: str) -> HttpResponse:
    """The consolidated workbook and the CSV are background jobs: a GET leads to the job
    building or having built it from the same data, else offers a button whose POST starts it
    (its page shows progress, then the file). The findings workbook is drawn here (GET),
    holding a heavy-work slot."""
    if kind in jobs.AS_JOBS:
        return offer(request, jobs.EXPORT.name, {"campaign": campaign, "org": org, "kind": kind})
    if request.method == "POST":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return _export_now(request, campaign, org, kind)


@heavy("export")
def _export_now(request: SignedInRequest, campaign: str, org: str, kind: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    try:
        chosen = exports.Kind(kind)
    except ValueError as error:
        raise Http404(_("No such export.")) from error
    content, name, content_type = exports.export(request.user, page.campaign, chosen, page.org.code)
    return file_response(content, name, content_type)


@login_required
@require_GET
def exports_page(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    if not access.can(request.user, Action.READ, page.org.code):
        raise PermissionDenied
    return render(request, "transfer/exports.html", _context(page, kinds=list(exports.Kind)))
