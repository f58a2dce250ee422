"""Real worker processes on the test database (docs/spec.md §14), on SQLite and on PostgreSQL:
two ``kaoping worker`` processes run a batch of jobs while one of them is SIGKILLed in the
middle of a job, three times over (each time a fresh worker takes its place). Every job
still completes, each with its one file; a job a kill interrupted was run again by another
worker (a later attempt) and finished once; a job no kill touched was built exactly once —
two workers never built the same thing twice."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from kaoping.jobs import queue
from kaoping.jobs.models import Job
from kaoping.orgs.actors import cli_actor

SRC = Path(__file__).resolve().parents[2] / "src"
JOBS, STEPS, DELAY = 5, 6, 0.25  # each job about 1.5 s of work


def worker_env(var_dir: Path) -> dict[str, str]:
    """The worker processes' environment: this test's database, a short lease, their own files."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("KAOPING_")}
    env = {
        **base,
        "PYTHONPATH": str(SRC),
        "KAOPING_VAR_DIR": str(var_dir),
        "KAOPING_SECRET_KEY": "worker-test-" + "k" * 50,
        "KAOPING_DATA_KEY": "0" * 32,  # the test process's development key: both read the same rows
        "KAOPING_JOBS_LEASE_SECONDS": "2",
        "KAOPING_JOBS_TICK_SECONDS": "1",
        "KAOPING_HEAVY_PER_USER": "50",
        "KAOPING_HEAVY_TOTAL": "10",
    }
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        env["KAOPING_SQLITE_FILE"] = str(settings["NAME"])
    else:
        env["KAOPING_DATABASE_URL"] = (
            f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    return env


def start_worker(env: dict[str, str], log: Path, interval: float = 0.2) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "kaoping.cli", "worker", "--nice", "0", "--interval", str(interval)],
        env=env,
        stdout=out,
        stderr=out,
    )


def wait_for(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_killed_workers_lose_no_job_and_no_job_is_built_twice(tmp_path, settings):
    settings.HEAVY_PER_USER = 50
    env = worker_env(tmp_path)
    jobs = [
        queue.start(cli_actor(), "selftest", {"tag": f"t{i}", "steps": STEPS, "delay": DELAY})
        for i in range(JOBS)
    ]
    log = tmp_path / "workers.log"
    workers = [start_worker(env, log), start_worker(env, log)]
    try:
        for _ in range(3):  # bounded: three kills, each in the middle of a job
            assert wait_for(lambda: Job.objects.filter(status=Job.RUNNING, done__gt=0).exists(), 60)
            victim = workers.pop(0)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            workers.append(start_worker(env, log))
        finished = lambda: not Job.objects.exclude(status__in=(Job.DONE, Job.FAILED)).exists()  # noqa: E731
        assert wait_for(finished, 120), log.read_text()[-3000:]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    done = {job.key: job for job in Job.objects.all()}
    assert len(done) == JOBS and all(job.status == Job.DONE for job in done.values())
    builds = collections.Counter(
        line.split()[0] for line in (tmp_path / "uploads/jobs/selftest.log").read_text().splitlines()
    )
    for job in jobs:
        finished_job = done[job.key]
        tag = job.params["tag"]
        assert (tmp_path / "uploads/jobs" / finished_job.result_path).read_text() == f"{tag}\n"
        assert 1 <= builds[tag] <= finished_job.attempt  # a killed attempt never finished its build
        if finished_job.attempt == 1:
            assert builds[tag] == 1
    assert any(job.attempt > 1 for job in done.values())  # the kills did interrupt jobs
    assert not list((tmp_path / "uploads/jobs").glob("*.part"))
