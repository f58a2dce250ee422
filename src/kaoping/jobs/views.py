"""A job's page (its progress bar, then its file to download), its status as JSON for the page
to poll, and the download. Who may look is the kind's own check (the page it was started from
would let them in); a job that check refuses is a 404, naming nothing."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kaoping.jobs.status import describe, file_of, visible_job
from kaoping.orgs.actors import SignedInRequest


@login_required
@require_GET
def job_page(request: SignedInRequest, job: uuid.UUID) -> HttpResponse:
    found = visible_job(request.user, job)
    return render(request, "jobs/job.html", {"job": found, "status": describe(found)})


@login_required
@require_GET
def job_status(request: SignedInRequest, job: uuid.UUID) -> JsonResponse:
    return JsonResponse(describe(visible_job(request.user, job)), json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def download(request: SignedInRequest, job: uuid.UUID) -> HttpResponseBase:
    return file_of(visible_job(request.user, job))
