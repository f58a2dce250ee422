"""Running background jobs inside a test: start a page's job as a user would, run every
queued job here (``drain``, no thread: the test's transaction is the worker's), fetch its file."""

from __future__ import annotations

from django.test import Client

from kaoping.jobs.models import Job
from kaoping.jobs.worker import drain


def file_through_job(client: Client, path: str) -> bytes:
    """POST to an address that starts a job, as its button does (it redirects to the job's
    page), run the queue, and download what the job built."""
    started = client.post(path)
    assert started.status_code == 302, started.status_code
    job_page = started["Location"]
    drain()
    job = Job.objects.get(pk=job_page.rstrip("/").split("/")[-1])
    assert job.status == Job.DONE, (job.status, job.error)
    answer = client.get(f"{job_page}download/")
    assert answer.status_code == 200
    return b"".join(answer.streaming_content)  # type: ignore[attr-defined]


def bulk_through_jobs(client: Client, path: str, data: dict[str, object]) -> str:
    """POST a bulk import (it redirects to its batch's page), run the queue, and read the page
    with the report of each file."""
    started = client.post(path, data)
    assert started.status_code == 302, started.status_code
    drain()
    answer = client.get(started["Location"])
    assert answer.status_code == 200
    return answer.content.decode()
