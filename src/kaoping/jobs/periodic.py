"""The scheduler tick: a registry of periodic functions that other modules register into
(deadlines, reminders, audit anchoring, the jobs' own clean-up), run by the workers — each at
most once per period across all workers.

    @periodic.register("reminders.send", every_seconds=3600)
    def send_due_reminders(now: datetime) -> None: ...

Every worker calls ``tick`` between jobs (at most every ``JOBS_TICK_SECONDS``). A period is
``floor(epoch seconds / every_seconds)``; the worker that moves a function's ``PeriodicRun.period``
forward with one conditional UPDATE runs it, the others see zero rows updated and skip it. A
worker that dies while running one loses that period's run (at most once): the next period runs
as usual, so a periodic function does what is due *by now*, not what is due in its period.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from kaoping.jobs.models import PeriodicRun

log = logging.getLogger("kaoping.jobs")

PeriodicFunction = Callable[[datetime], object]


@dataclass(frozen=True)
class Periodic:
    name: str
    every_seconds: int
    function: PeriodicFunction

    def period(self, now: datetime) -> int:
        return int(now.timestamp()) // self.every_seconds


REGISTRY: dict[str, Periodic] = {}


def register(name: str, every_seconds: int) -> Callable[[PeriodicFunction], PeriodicFunction]:
    """Run the decorated function once every ``every_seconds`` (by one worker), given the time."""

    def decorate(function: PeriodicFunction) -> PeriodicFunction:
        REGISTRY[name] = Periodic(name, max(1, every_seconds), function)
        return function

    return decorate


def claim(entry: Periodic, worker: str, now: datetime) -> bool:
    """True for the one worker that moves this function into the current period."""
    period = entry.period(now)
    try:
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=entry.name)
    except IntegrityError:  # another worker created it at the same moment
        pass
    won = PeriodicRun.objects.filter(name=entry.name, period__lt=period).update(
        period=period, started_at=now, worker=worker[:64]
    )
    return won == 1


def tick(worker: str, now: datetime | None = None) -> list[str]:
    """Run what is due in this period and not yet run by any worker; the names run."""
    now = now or timezone.now()
    ran = []
    for entry in list(REGISTRY.values()):
        if not claim(entry, worker, now):
            continue
        ran.append(entry.name)
        try:
            entry.function(now)
            error = ""
        except Exception as failure:  # one function's failure must not stop the others
            log.exception("periodic %s failed", entry.name)
            error = f"{type(failure).__name__}: {failure}"[:2000]
        PeriodicRun.objects.filter(name=entry.name).update(error=error)
    return ran
