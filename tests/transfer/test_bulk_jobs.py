"""The province's bulk import as background jobs (docs/spec.md §14): an upload is queued as
chunks, its page shows one bar over them and then the report per file in upload order; the
same upload again is the same jobs; a chunk delivered twice has its effect once; an outsider
sees nothing of it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.collection.models import AuditEntry, Value
from kaoping.jobs.models import Job
from kaoping.jobs.worker import drain
from kaoping.transfer import bulkjobs, services
from transfer.helpers import CALLS, NANJING, SUZHOU, fill, where

URL = "/transfer/c/demo-2015/320000/bulk/"


class Steps:
    def start(self, total: int, message: str = "") -> None:
        self.total = total

    def advance(self, message: str = "", steps: int = 1) -> None:
        pass


@pytest.fixture
def uploaded(survey, nj_template, client_for, ministry_admin, suzhou_reporter, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.KAOPING_BULK_CHUNK = 2  # three files: two chunks
    settings.JOBS_DIR = tmp_path / "jobs"
    sz, _ = services.template(suzhou_reporter, survey, SUZHOU)
    nj = fill(nj_template, {where(survey, NANJING, CALLS): "123456"})
    files = [("nj.xlsx", nj), ("sz.xlsx", sz), ("bad.xlsx", b"junk")]
    client = client_for(ministry_admin)

    def post():  # type: ignore[no-untyped-def]
        return client.post(URL, {"mode": "save", "files": [SimpleUploadedFile(n, c) for n, c in files]})

    return client, post


def test_a_bulk_upload_runs_as_chunks_with_one_bar_then_the_report_per_file(survey, uploaded):
    client, post = uploaded
    started = post()
    assert started.status_code == 302
    batch = started["Location"]
    jobs = Job.objects.filter(kind="bulk_import")
    assert jobs.count() == 2 and {j.status for j in jobs} == {"queued"}
    waiting = client.get(batch).content.decode()
    assert 'data-testid="job-bar"' in waiting and "0 / 3" in waiting and "bulk-done" not in waiting
    assert client.get(f"{batch}status/").json() == {"done": 0, "total": 3, "percent": 0, "finished": False}
    assert post()["Location"] == batch and jobs.count() == 2  # the same upload: the same jobs
    drain()
    assert client.get(f"{batch}status/").json() == {"done": 3, "total": 3, "percent": 100, "finished": True}
    body = client.get(batch).content.decode()
    files = [part.split('"')[0] for part in body.split('data-file="')[1:]]
    assert files == ["nj.xlsx", "sz.xlsx", "bad.xlsx"]  # upload order, across the chunks
    lines = {name: body.split(f'data-file="{name}"')[1].split("</div>")[0] for name in files}
    assert "已保存" in lines["nj.xlsx"]
    assert "有 1 个错误，未保存" in lines["sz.xlsx"]  # the demo's 苏州 has one error: all or nothing
    assert "文件类型不允许：“bad.xlsx”" in lines["bad.xlsx"]
    assert "1/3" in body.split('data-testid="bulk-done"')[1]
    assert Value.objects.get(campaign=survey, table="T09", row=NANJING, column="calls").text == "123456"


def test_a_chunk_delivered_twice_has_its_effect_once(survey, uploaded, ministry_admin):
    _, post = uploaded
    post()
    drain()
    audited = AuditEntry.objects.count()
    chunk = Job.objects.filter(kind="bulk_import", params__part=1).get()
    again = bulkjobs.BULK.build(ministry_admin, chunk.params, Steps())  # a second delivery
    assert AuditEntry.objects.count() == audited
    nanjing = next(f for f in again.summary["files"] if f["file"] == "nj.xlsx")
    assert nanjing["saved"] is True and nanjing["changed"] == 0


def test_an_outsider_sees_nothing_of_a_bulk_upload(survey, uploaded, client_for, suzhou_reporter):
    _, post = uploaded
    batch = post()["Location"]
    outsider = client_for(suzhou_reporter)
    assert outsider.get(batch).status_code in (403, 404)
    assert outsider.get(f"{batch}status/").status_code in (403, 404)
    job = Job.objects.filter(kind="bulk_import").first()
    assert outsider.get(f"/api/jobs/{job.pk}").status_code == 404
