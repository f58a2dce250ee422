"""The queue's doorbell (``kaoping.jobs.doorbell``): an idle worker takes a job as soon as it
is queued, not at its next look at the queue — and only once the job is committed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.db import transaction

from jobs.test_workers import start_worker, wait_for, worker_env
from kaoping.jobs import doorbell, queue
from kaoping.jobs.models import Job
from kaoping.orgs.actors import cli_actor


@pytest.fixture
def jobs_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.JOBS_DIR = tmp_path / "uploads" / "jobs"
    return settings.JOBS_DIR


def test_a_wait_without_a_ring_lasts_its_time(jobs_dir: Path) -> None:
    assert doorbell.wait(0.1) is False


@pytest.mark.django_db(transaction=True)
def test_a_ring_from_elsewhere_ends_the_wait(jobs_dir: Path) -> None:
    threading.Timer(0.2, doorbell.ring).start()
    assert doorbell.wait(30) is True  # heard long before the 30 s are up


@pytest.mark.django_db(transaction=True)
def test_the_bell_rings_only_when_the_job_is_committed(jobs_dir: Path) -> None:
    before = doorbell.heard()
    with transaction.atomic():
        queue.start(cli_actor(), "selftest", {"tag": "bell", "steps": 1, "delay": 0})
        assert doorbell.heard() == before  # a worker woken now would not see the job yet
    assert doorbell.heard() != before


@pytest.mark.django_db(transaction=True)
def test_an_idle_worker_takes_a_queued_job_without_waiting_out_its_interval(tmp_path, settings):
    """The worker looks at the queue every 600 s; the job is done long before that."""
    settings.HEAVY_PER_USER = 50
    settings.JOBS_DIR = tmp_path / "uploads" / "jobs"  # the worker's own, from its var dir
    log = tmp_path / "worker.log"
    worker = start_worker(worker_env(tmp_path), log, interval=600)
    try:
        assert wait_for(lambda: "started" in log.read_text(), 60), log.read_text()[-2000:]
        time.sleep(1.0)  # its first look found the queue empty: it now waits its 600 s
        job = queue.start(cli_actor(), "selftest", {"tag": "bell", "steps": 1, "delay": 0})
        assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.DONE, 60), log.read_text()[-2000:]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
