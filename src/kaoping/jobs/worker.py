"""``kaoping worker``'s loop: django-tasks-db's worker (its claim with ``SELECT … FOR UPDATE SKIP
LOCKED``, its task runner and signal handling) with what we add around it — the job's lease
claimed in the same transaction as the task, a heartbeat while the task runs, the reaper and
the scheduler tick between tasks.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from kaoping.jobs import doorbell, periodic, queue, running
from kaoping.jobs.models import Job

log = logging.getLogger("kaoping.jobs")


class JobWorker(Worker):
    """One worker process. ``until_idle``: return once nothing is queued or running anywhere
    (tests, the benchmark, a one-off catch-up); ``beat``: renew leases from a thread (off only
    for jobs run inside a test's transaction)."""

    def __init__(
        self, *, interval: float = 1.0, worker_id: str = "", until_idle: bool = False, beat: bool = True
    ) -> None:
        super().__init__(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        self.until_idle = until_idle
        self.beat = beat
        self.ticked = 0.0
        self.idle = True  # the last step found no task

    def run(self) -> None:
        """Back-to-back tasks while any is ready (no sleep, the connection kept); a sleep of
        ``interval`` only when the queue was found empty, cut short when a job is queued
        (``doorbell``)."""
        log.info("worker %s started", self.worker_id)
        while self.running:
            self.housekeeping()
            self.idle = not self.step()
            if not self.idle:
                continue
            if self.until_idle and not Job.objects.filter(status__in=queue.UNFINISHED).exists():
                return
            if self.running:
                doorbell.wait(self.interval)

    def housekeeping(self) -> None:
        """Reap expired leases (cheap: one indexed query) and, every ``JOBS_TICK_SECONDS``,
        run the periodic work that is due."""
        queue.reap()
        if time.monotonic() - self.ticked >= max(1, int(settings.JOBS_TICK_SECONDS)):
            self.ticked = time.monotonic()
            periodic.tick(self.worker_id)

    def step(self) -> bool:
        """Claim one ready task with its job and run it; False when there was none."""
        if self.beat:
            fresh_connections(self.idle)
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        try:
            with exclusive_transaction(tasks.db):
                found = tasks.get_locked()
                if found is not None:
                    found.claim(self.worker_id)
                    queue.claim(str(found.id), self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                return False
            raise
        if found is None:
            return False
        if self.beat:
            with running.heartbeat(str(found.id), self.worker_id):
                self.run_task(found)
        else:
            self.run_task(found)
        return True


def fresh_connections(idle: bool) -> None:
    """After a pause, Django's request rule (a connection past its age is closed); between two
    tasks, only a connection an error left unusable — reopening one per task (and, on SQLite,
    the checkpoint of closing the last one) was a fixed cost of every job."""
    if idle:
        close_old_connections()
        return
    for connection in connections.all(initialized_only=True):
        if connection.errors_occurred and not connection.is_usable():
            connection.close()


def drain(worker_id: str = "inline") -> None:
    """Run every queued job here and now, without a thread: for tests inside a transaction."""
    JobWorker(interval=0, worker_id=worker_id, until_idle=True, beat=False).run()
