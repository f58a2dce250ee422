"""Running one job in a worker: the task Django's tasks API enqueues (``run_job``), the
progress it reports, the heavy-work slot it holds while it builds, and its result — written
only by the attempt that currently owns the job, so a job that a dead worker's successor
finished is never finished again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from kaoping.jobs import queue
from kaoping.jobs.kinds import JobRefused, Output, kind_of
from kaoping.jobs.models import Job
from kaoping.limits import limiter
from kaoping.orgs.actors import Actor, cli_actor

log = logging.getLogger("kaoping.jobs")


class Superseded(Exception):
    """This attempt no longer owns the job (its lease expired and the job was queued again)."""


class JobProgress:
    """Progress of one attempt, written to its job row (also renewing the lease) at most a few
    times a second; raises ``Superseded`` when the job is no longer this attempt's."""

    EVERY = 0.25  # seconds between two writes of the same attempt (the last step is always written)

    def __init__(self, job: Job) -> None:
        self.job_id, self.attempt = job.pk, job.attempt
        self.done, self.total, self.message = 0, 0, ""
        self.written = 0.0

    def start(self, total: int, message: str = "") -> None:
        self.done, self.total = 0, max(0, total)
        self.write(message, force=True)

    def advance(self, message: str = "", steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total) if self.total else self.done + steps
        self.write(message, force=self.done >= self.total)

    def write(self, message: str = "", force: bool = False) -> None:
        self.message = message or self.message
        if not force and time.monotonic() - self.written < self.EVERY:
            return
        self.written = time.monotonic()
        until = timezone.now() + timedelta(seconds=queue.lease_seconds())
        mine = Job.objects.filter(pk=self.job_id, attempt=self.attempt, status=Job.RUNNING)
        if not mine.update(done=self.done, total=self.total, message=self.message[:200], lease_until=until):
            raise Superseded


@task(takes_context=True)
def run_job(context: TaskContext, job_id: str) -> str:
    """The one task every job runs as: build it, record its result."""
    worker = context.task_result.worker_ids[-1] if context.task_result.worker_ids else ""
    run(job_id, worker)
    return job_id


def run(job_id: str, worker: str) -> None:
    job = own(job_id, worker)
    if job is None:
        return
    with translation.override(settings.LANGUAGE_CODE):  # what is stored is read in the site's language
        attempt(job)


def attempt(job: Job) -> None:
    progress = JobProgress(job)
    actor: Actor = job.owner if job.owner is not None else cli_actor()
    try:
        with heavy_slot(job, progress):
            output = kind_of(job.kind).build(actor, job.params, progress)
    except Superseded:
        log.warning("job %s attempt %s superseded: its result is dropped", job.pk, job.attempt)
        return
    except JobRefused as refused:
        fail(job, str(refused))
        return
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        fail(job, _("The job could not be completed because of a server error. Please try again."))
        return
    finish(job, output)


def own(job_id: str, worker: str) -> Job | None:
    """The job as this worker claimed it (``queue.claim``); a worker that did not claim it
    (Django's plain ``db_worker``) claims it now."""
    job = Job.objects.filter(pk=job_id).select_related("owner").first()
    if job is None or job.finished:
        return None
    if job.status == Job.RUNNING and job.worker == worker[:64]:
        return job
    if job.status == Job.QUEUED and queue.claim(job.task_id, worker or f"pid:{os.getpid()}"):
        return Job.objects.select_related("owner").get(pk=job_id)
    return None


@contextmanager
def heavy_slot(job: Job, progress: JobProgress) -> Iterator[None]:
    """Hold a slot of the heavy-work limiter while building (the pool the heavy pages use), so
    that jobs and heavy requests together stay within ``HEAVY_TOTAL``; wait for one when full."""
    while True:
        try:
            lease = limiter.acquire(job.holder, f"job:{job.kind}")
            break
        except limiter.Busy:
            progress.write(_("Waiting for the server: other prints and exports are running"), force=True)
            time.sleep(1)
    Job.objects.filter(pk=job.pk).update(slot=lease.token)
    try:
        yield
    finally:
        limiter.release(lease)


def finish(job: Job, output: Output) -> bool:
    """Record the result if this attempt still owns the job; the file is moved into place under
    the job's row lock, so only the winning attempt's file is ever there."""
    directory = Path(settings.JOBS_DIR)
    name, part = "", None
    if output.content is not None:
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{job.pk}{Path(output.filename).suffix}"
        part = directory / f"{job.pk}.{job.attempt}.{os.getpid()}.part"
        part.write_bytes(output.content)
    now = timezone.now()
    with transaction.atomic():
        mine = Job.objects.select_for_update().filter(pk=job.pk, attempt=job.attempt, status=Job.RUNNING)
        if not mine.exists():
            if part is not None:
                part.unlink(missing_ok=True)
            return False
        if part is not None:
            os.replace(part, directory / name)
        mine.update(
            status=Job.DONE,
            done=F("total"),
            message=_("Done"),
            result_path=name,
            result_name=output.filename[:200],
            result_type=output.content_type[:100],
            summary=output.summary,
            finished_at=now,
            expires_at=now + timedelta(seconds=max(1, int(settings.JOBS_RESULT_SECONDS))),
            lease_until=None,
            slot="",
        )
    return True


def fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk, attempt=job.attempt, status=Job.RUNNING).update(
        status=Job.FAILED, error=message[:2000], finished_at=timezone.now(), lease_until=None, slot=""
    )


@contextmanager
def heartbeat(task_id: str, worker: str) -> Iterator[None]:
    """Renew the running job's lease from a thread while the task runs (a build step may take
    longer than the lease: one WeasyPrint page set, one big workbook)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(max(0.5, queue.lease_seconds() / 3)):
                queue.renew(task_id, worker)
        except Exception:
            log.exception("heartbeat of task %s failed", task_id)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"heartbeat-{task_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
