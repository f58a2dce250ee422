"""Looking at a job: who may (the kind's own check, as the page it came from), and its status
as JSON — the same document for the page's poll, ``/api/jobs/{id}`` and ``kaoping jobs``."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse

from kaoping.downloads import file_response
from kaoping.jobs import queue
from kaoping.jobs.kinds import JobRefused, kind_of
from kaoping.jobs.models import Job
from kaoping.orgs.actors import Actor


def visible_job(actor: Actor, job_id: uuid.UUID | str) -> Job:
    """The job if ``actor`` may see it, else ``Http404`` (naming nothing)."""
    try:
        job = Job.objects.filter(pk=uuid.UUID(str(job_id))).first()
    except ValueError:
        job = None
    if job is None:
        raise Http404("后台任务不存在或无权查看")
    try:
        kind_of(job.kind).check(actor, job.params)
    except (PermissionDenied, Http404, JobRefused) as refused:
        raise Http404("后台任务不存在或无权查看") from refused
    return job


def describe(job: Job) -> dict[str, Any]:
    """A job's status: what it is, how far it got, what went wrong, its file when done."""
    ready = job.status == Job.DONE and bool(job.result_path)
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "label": job.label,
        "status": job.status,
        "status_text": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error,
        "attempts": job.attempt,
        "file": job.result_name,
        "summary": job.summary,
        "expires_at": job.expires_at.isoformat() if job.expires_at else None,
        "page": reverse("jobs:job", args=[job.pk]),
        "download": reverse("jobs:download", args=[job.pk]) if ready else None,
    }


def file_of(job: Job) -> HttpResponseBase:
    """The finished job's file (404 while it is not done, or once it expired)."""
    path = queue.result_file(job)
    if job.status != Job.DONE or path is None or not path.exists():
        raise Http404("文件尚未生成或已过期")
    return file_response(path.open("rb"), job.result_name, job.result_type or "application/octet-stream")
