"""The queue's promises in one process (docs/spec.md §14): same key, same job; a user's share
of jobs; progress written by the current attempt only; an expired lease queued again, a job
failed after too many lost attempts; a result written once; periodic work once per period;
expired results cleaned up. The workers killed for real are in test_workers.py."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kaoping.jobs import periodic, queue, running
from kaoping.jobs.kinds import Output
from kaoping.jobs.models import Job, PeriodicRun
from kaoping.jobs.worker import drain
from kaoping.limits import limiter
from kaoping.orgs.actors import cli_actor

pytestmark = pytest.mark.django_db


def selftest(tag: str, steps: int = 3) -> Job:
    return queue.start(cli_actor(), "selftest", {"tag": tag, "steps": steps, "delay": 0})


@pytest.fixture(autouse=True)
def _roomy(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.HEAVY_PER_USER = 10
    settings.JOBS_DIR = tmp_path / "jobs"


def test_asking_twice_for_the_same_thing_gives_the_same_job_and_it_is_built_once():
    first, again = selftest("a"), selftest("a")
    assert first.pk == again.pk
    assert DBTaskResult.objects.count() == 1
    drain()
    done = Job.objects.get(pk=first.pk)
    assert (done.status, done.done, done.total, done.percent, done.attempt) == ("done", 3, 3, 100, 1)
    assert queue.result_file(done).read_bytes() == b"a\n"  # type: ignore[union-attr]
    assert selftest("a").pk == first.pk  # done and not expired: still the same job
    assert DBTaskResult.objects.count() == 1
    log = (Path(settings.JOBS_DIR) / "selftest.log").read_text().split()
    assert log[0] == "a" and len(log) == 2  # one build


def test_a_user_with_a_job_waiting_gets_try_again_shortly_for_another(settings, nanjing_reporter):
    settings.HEAVY_PER_USER = 1
    from kaoping.jobs.kinds import Order

    queue.submit(nanjing_reporter, "selftest", {}, Order("one", "一"))
    with pytest.raises(limiter.Busy) as busy:
        queue.submit(nanjing_reporter, "selftest", {}, Order("two", "二"))
    assert busy.value.mine and "请稍后再试" in busy.value.message
    assert queue.submit(nanjing_reporter, "selftest", {}, Order("one", "一")).key == "one"  # the same


def claimed(job: Job, worker: str = "w1") -> Job:
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")
    assert queue.claim(job.task_id, worker)
    return Job.objects.get(pk=job.pk)


def test_a_job_whose_lease_expired_is_queued_again_and_the_old_attempt_may_not_finish():
    job = claimed(selftest("b"))
    assert job.attempt == 1 and job.status == "running"
    assert queue.reap() == 0  # lease still valid
    later = timezone.now() + timedelta(seconds=settings.JOBS_LEASE_SECONDS + 1)
    assert queue.reap(later) == 1
    requeued = Job.objects.get(pk=job.pk)
    assert requeued.status == "queued" and requeued.worker == ""
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    # the first worker was only slow, not dead: its progress and its result are refused
    with pytest.raises(running.Superseded):
        running.JobProgress(job).start(3)
    assert not running.finish(job, Output(b"late", "late.txt", "text/plain"))
    assert list(Path(settings.JOBS_DIR).glob("*")) == []  # its file was not kept
    drain()
    done = Job.objects.get(pk=job.pk)
    assert (done.status, done.attempt) == ("done", 2)
    assert queue.result_file(done).read_bytes() == b"b\n"  # type: ignore[union-attr]


def test_a_job_that_keeps_losing_its_worker_fails_after_the_last_attempt(settings):
    settings.JOBS_MAX_ATTEMPTS = 2
    job = selftest("c")
    for attempt in (1, 2):
        job = claimed(job)
        assert job.attempt == attempt
        queue.reap(timezone.now() + timedelta(seconds=settings.JOBS_LEASE_SECONDS + 1))
    failed = Job.objects.get(pk=job.pk)
    assert failed.status == "failed" and "中断" in failed.error
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert selftest("c").status == "queued"  # asking again starts it afresh


def test_the_heartbeat_keeps_a_long_step_alive():
    job = claimed(selftest("d"))
    soon = timezone.now() + timedelta(seconds=settings.JOBS_LEASE_SECONDS - 1)
    assert queue.renew(job.task_id, "w1", now=soon)
    assert queue.reap(soon + timedelta(seconds=2)) == 0  # renewed past it
    assert not queue.renew(job.task_id, "someone-else")


def test_periodic_work_runs_once_per_period_whichever_worker_ticks():
    ran: list[str] = []
    periodic.register("test.count", every_seconds=60)(lambda now: ran.append(now.isoformat()))
    try:
        now = timezone.now().replace(second=5)
        assert "test.count" in periodic.tick("w1", now)
        assert "test.count" not in periodic.tick("w2", now + timedelta(seconds=30))  # same minute
        assert "test.count" in periodic.tick("w2", now + timedelta(seconds=60))
        assert len(ran) == 2 and PeriodicRun.objects.get(name="test.count").worker == "w2"
    finally:
        del periodic.REGISTRY["test.count"]


def test_expired_results_and_their_files_are_removed():
    job = selftest("e")
    drain()
    path = queue.result_file(Job.objects.get(pk=job.pk))
    assert path is not None and path.exists()
    queue.purge_expired(timezone.now() + timedelta(seconds=settings.JOBS_RESULT_SECONDS + 1))
    assert not Job.objects.filter(pk=job.pk).exists() and not path.exists()
    assert DBTaskResult.objects.count() == 0


def test_a_signed_in_user_may_not_start_or_see_the_self_test(client_for, province_admin):
    job = selftest("f")
    assert client_for(province_admin).get(f"/jobs/{job.pk}/").status_code == 404
    assert client_for(province_admin).get(f"/api/jobs/{job.pk}").status_code == 404


def test_the_workbook_export_runs_as_a_job_the_api_reports_it_and_an_outsider_sees_nothing(
    demo, client_for, nanjing_reporter, suzhou_reporter
):
    nanjing = client_for(nanjing_reporter)
    started = nanjing.post("/api/campaigns/demo-2015/orgs/320100/export/workbook/job")
    assert started.status_code == 202
    job = started.json()
    assert job["status"] == "queued" and job["label"].endswith("南京市 · 汇总工作簿")
    again = nanjing.post("/api/campaigns/demo-2015/orgs/320100/export/workbook/job").json()
    assert again["id"] == job["id"]  # nothing saved in between: the same job
    assert client_for(suzhou_reporter).get(f"/api/jobs/{job['id']}").status_code == 404
    assert client_for(suzhou_reporter).get(f"/jobs/{job['id']}/").status_code == 404
    drain()
    status = nanjing.get(f"/api/jobs/{job['id']}").json()
    assert (status["status"], status["percent"], status["file"]) == (
        "done",
        100,
        "demo-2015-320100-汇总.xlsx",
    )
    body = b"".join(nanjing.get(f"/api/jobs/{job['id']}/file").streaming_content)
    assert body[:2] == b"PK"  # a workbook (zip)
    assert client_for(suzhou_reporter).get(f"/api/jobs/{job['id']}/file").status_code == 404
    page = nanjing.get(f"/jobs/{job['id']}/").content.decode()
    assert "已完成" in page and "下载" in page


def test_a_workbook_import_is_a_job_keyed_by_its_file(demo, nanjing_reporter):
    from kaoping.transfer import services
    from kaoping.transfer.jobs import queue_import

    content, name = services.template(nanjing_reporter, demo.campaign, "320100")
    job = queue_import(nanjing_reporter, "demo-2015", "320100", name, content)
    assert queue_import(nanjing_reporter, "demo-2015", "320100", name, content).pk == job.pk
    drain()
    done = Job.objects.get(pk=job.pk)
    assert done.status == "done" and done.summary["org"] == "320100" and done.summary["file"] == name
    assert done.summary["saved"] is True and done.summary["changed"] == 0  # as downloaded: no change
