"""Asking for a job, and the queue's dependability: the lease a running job holds, the reaper
that queues again a job whose worker died, and the clean-up of expired results.

``start(actor, kind, params)`` checks the actor may ask, works out what the job builds (its
key) and returns the job that builds it: the existing one when the same thing is queued,
running or done and not expired (same key, same job — never built twice), else a new one
enqueued through Django's tasks API (``kaoping.jobs.running.run_job``). A user may have
``HEAVY_PER_USER`` jobs waiting or running at once; one more is refused with ``limiter.Busy``
(请稍后再试, Retry-After), as the heavy pages are.

Delivery is at least once: a worker claims a task and its job in one transaction and holds the
job's lease (``lease_until``), renewing it while it works (``renew``, from a heartbeat thread,
and with every progress report). ``reap`` — every worker calls it between jobs — finds leases
that expired (the worker was killed, its machine lost) and queues the job again with the next
attempt, or fails it after ``JOBS_MAX_ATTEMPTS``; a result is written only by the current
attempt (``kaoping.jobs.running.finish``), so a job has its effect once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kaoping.jobs import doorbell
from kaoping.jobs.kinds import Order, Params, kind_of
from kaoping.jobs.models import Job
from kaoping.limits import limiter
from kaoping.limits.models import Lease
from kaoping.orgs.actors import Actor, actor_user

log = logging.getLogger("kaoping.jobs")

UNFINISHED = (Job.QUEUED, Job.RUNNING)


def lease_seconds() -> int:
    return max(1, int(settings.JOBS_LEASE_SECONDS))


def result_file(job: Job) -> Path | None:
    return Path(settings.JOBS_DIR) / job.result_path if job.result_path else None


def start(actor: Actor, kind: str, params: Params) -> Job:
    """The job that builds ``kind`` with ``params`` for ``actor`` (checked), queued if need be."""
    chosen = kind_of(kind)
    chosen.check(actor, params)
    return submit(actor, kind, params, chosen.order(actor, params))


def find(actor: Actor, kind: str, params: Params) -> tuple[Order, Job | None]:
    """What the job would build for ``actor`` (checked), and the job building or having built
    it from the same data, if any — nothing is queued."""
    chosen = kind_of(kind)
    chosen.check(actor, params)
    order = chosen.order(actor, params)
    found = Job.objects.filter(key=stored_key(order.key)).first()
    return order, found if found is not None and reusable(found, timezone.now()) else None


def start_all(actor: Actor, kind: str, many: list[Params]) -> list[Job]:
    """The jobs of one request that is split into parts (a bulk import's chunks of workbooks,
    so that several workers share it): checked and counted against the user's share once —
    as one job — then each part queued (or found) by its own key."""
    chosen = kind_of(kind)
    for params in many:
        chosen.check(actor, params)
    orders = [chosen.order(actor, params) for params in many]
    fresh = [
        o
        for o in orders
        if not any(reusable(j, timezone.now()) for j in Job.objects.filter(key=stored_key(o.key)))
    ]
    if fresh:
        refuse_when_busy(limiter.holder_of(actor))
    return [submit(actor, kind, p, o, busy_checked=True) for p, o in zip(many, orders, strict=True)]


def stored_key(key: str) -> str:
    return key if len(key) <= 200 else f"{key[:130]}#{hashlib.sha256(key.encode()).hexdigest()}"


def reusable(job: Job, now: datetime) -> bool:
    """Queued, running, or done with its result still there."""
    if job.status in UNFINISHED:
        return True
    if job.status == Job.FAILED or (job.expires_at is not None and job.expires_at <= now):
        return False
    path = result_file(job)
    return path is None or path.exists()


def submit(
    actor: Actor,
    kind: str,
    params: Params,
    order: Order,
    now: datetime | None = None,
    busy_checked: bool = False,
) -> Job:
    now = now or timezone.now()
    key = stored_key(order.key)
    existing = Job.objects.filter(key=key).first()
    if existing is not None and reusable(existing, now):
        return existing
    holder = limiter.holder_of(actor)
    if not busy_checked:
        refuse_when_busy(holder)
    fields: dict[str, Any] = {
        **{"kind": kind, "params": params, "label": order.label[:200], "holder": holder},
        **{"owner": actor_user(actor), "status": Job.QUEUED, "done": 0, "total": 0, "message": ""},
        **{"attempt": 0, "worker": "", "lease_until": None, "slot": "", "error": "", "summary": {}},
        **{"result_path": "", "result_name": "", "result_type": "", "created_at": now},
        **{"started_at": None, "finished_at": None, "expires_at": None, "task_id": ""},
    }
    if existing is not None:
        drop_result(existing)
        # only one of two requests renewing the same stale job wins; the other gets it
        same = Job.objects.filter(pk=existing.pk, status=existing.status, attempt=existing.attempt)
        if not same.update(**fields):
            return Job.objects.get(pk=existing.pk)
        job = Job.objects.get(pk=existing.pk)
    else:
        try:
            with transaction.atomic():
                job = Job.objects.create(key=key, **fields)
        except IntegrityError:  # asked for at the same moment by someone else
            return Job.objects.get(key=key)
    return enqueue(job)


def enqueue(job: Job) -> Job:
    from kaoping.jobs.running import run_job

    result = run_job.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    doorbell.ring()
    return job


def refuse_when_busy(holder: str) -> None:
    """A user with their share of jobs waiting or running gets 请稍后再试 for one more."""
    limits = limiter.configured()
    if Job.objects.filter(holder=holder, status__in=UNFINISHED).count() >= limits.per_holder:
        raise limiter.Busy(
            _("You already have a print or an export running: wait until it is done and try again."),
            limits.retry_after,
            mine=True,
        )


def claim(task_id: str, worker: str, now: datetime | None = None) -> bool:
    """The worker takes the task's job (in the transaction that claimed the task): the next
    attempt, with a fresh lease."""
    now = now or timezone.now()
    return bool(
        Job.objects.filter(task_id=task_id, status__in=UNFINISHED).update(
            status=Job.RUNNING,
            attempt=F("attempt") + 1,
            worker=worker[:64],
            lease_until=now + timedelta(seconds=lease_seconds()),
            started_at=now,
        )
    )


def renew(task_id: str, worker: str, now: datetime | None = None) -> bool:
    """The heartbeat: push the running job's lease (and its limiter slot) forward; False when
    the job is no longer this worker's."""
    now = now or timezone.now()
    mine = Job.objects.filter(task_id=task_id, worker=worker, status=Job.RUNNING)
    until = now + timedelta(seconds=lease_seconds())
    if not mine.update(lease_until=until):
        return False
    slots = list(mine.exclude(slot="").values_list("slot", flat=True))
    if slots:
        slot_until = now + timedelta(seconds=limiter.configured().lease_seconds)
        Lease.objects.filter(token__in=slots).update(expires_at=slot_until)
    return True


def reap(now: datetime | None = None) -> int:
    """Queue again every running job whose lease expired (its worker died); after
    ``JOBS_MAX_ATTEMPTS`` attempts, fail it. Returns how many were requeued or failed."""
    now = now or timezone.now()
    expired = list(
        Job.objects.filter(status=Job.RUNNING, lease_until__lt=now).values_list(
            "pk", "attempt", "task_id", "slot"
        )
    )
    count = 0
    for pk, attempt, task_id, slot in expired:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            count += requeue(pk, attempt, task_id, now)
        if slot:
            Lease.objects.filter(token=slot).delete()
    return count


def requeue(pk: Any, attempt: int, task_id: str, now: datetime) -> int:
    same = Job.objects.filter(pk=pk, attempt=attempt, status=Job.RUNNING, lease_until__lt=now)
    task = DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING)
    if attempt >= max(1, int(settings.JOBS_MAX_ATTEMPTS)):
        failed = same.update(
            status=Job.FAILED,
            error=_("The work was interrupted several times and has been stopped. Please try again."),
            finished_at=now,
            lease_until=None,
            slot="",
        )
        task.update(status=TaskResultStatus.FAILED, finished_at=now)
        log.warning("job %s failed after %s interrupted attempts", pk, attempt)
        return failed
    queued = same.update(
        status=Job.QUEUED,
        worker="",
        lease_until=None,
        slot="",
        message=_("Interrupted; queued again"),
    )
    if queued:
        task.update(status=TaskResultStatus.READY, started_at=None)
        log.warning("job %s: worker lost on attempt %s, queued again", pk, attempt)
    return queued


def drop_result(job: Job) -> None:
    path = result_file(job)
    if path is not None:
        path.unlink(missing_ok=True)


def purge_expired(now: datetime) -> int:
    """Delete expired results and their files, failed jobs as old, and finished task rows."""
    keep = timedelta(seconds=max(1, int(settings.JOBS_RESULT_SECONDS)))
    old = Job.objects.filter(
        Q(status=Job.DONE, expires_at__lte=now) | Q(status=Job.FAILED, finished_at__lte=now - keep)
    )
    gone = 0
    for job in old:
        drop_result(job)
        gone += Job.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).delete()[0]
    DBTaskResult.objects.finished().filter(finished_at__lte=now - keep).delete()
    return gone
