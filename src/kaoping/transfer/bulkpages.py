"""The province's bulk import page: the form (GET); the upload (POST), queued as background
jobs (``transfer.bulkjobs``), leading to the batch's page — one progress bar over the upload's
chunks while workers import them, then the report per file. The batch's status is JSON for the
page to poll."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kaoping.core.workbook.safety import Refused
from kaoping.limits import limiter
from kaoping.limits.heavy import busy_response
from kaoping.orgs.actors import SignedInRequest
from kaoping.transfer import bulkjobs
from kaoping.transfer.bulk import received_files
from kaoping.transfer.views import fill_page


@login_required
@require_http_methods(["GET", "POST"])
def bulk_page(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    page = fill_page(request, campaign, org)
    context = {"page": page, "campaign": page.campaign, "org": page.org}
    if request.method == "GET":
        return render(request, "transfer/bulk.html", context)
    try:
        files = received_files(request.FILES.getlist("files"))
    except Refused as refusal:
        return render(request, "transfer/bulk.html", {**context, "problem": str(refusal)})
    if not files:
        return render(
            request, "transfer/bulk.html", {**context, "problem": _("Choose the workbooks to import.")}
        )
    mode = "dry_run" if request.POST.get("mode") == "dry_run" else "save"
    try:
        batch = bulkjobs.queue_bulk(request.user, page.campaign.pk, page.org.code, files, mode)
    except limiter.Busy as busy:
        return busy_response(request, busy)
    return redirect("transfer:bulk_batch", campaign=page.campaign.pk, org=page.org.code, batch=batch)


@login_required
@require_GET
def batch_page(request: SignedInRequest, campaign: str, org: str, batch: str) -> HttpResponse:
    page = fill_page(request, campaign, org)
    found = bulkjobs.batch_of(request.user, page, batch)
    reports = found.reports() if found.finished else []
    context = {
        **{"page": page, "campaign": page.campaign, "org": page.org, "batch": found, "batch_id": batch},
        **{"reports": reports, "saved": sum(1 for r in reports if r.saved), "total": found.total},
        "dry_run": found.jobs[0].params.get("mode") == "dry_run",
    }
    return render(request, "transfer/bulk_batch.html", context)


@login_required
@require_GET
def batch_status(request: SignedInRequest, campaign: str, org: str, batch: str) -> JsonResponse:
    page = fill_page(request, campaign, org)
    return JsonResponse(bulkjobs.batch_of(request.user, page, batch).status())
