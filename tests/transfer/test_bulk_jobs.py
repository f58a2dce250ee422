"""The province's bulk import as background jobs (docs/spec.md §14): an upload is queued as
chunks, its page shows one bar over them and then the report per file in upload order; the
same upload again is the same jobs; a chunk delivered twice has its effect once; an outsider
sees nothing of it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from kaoping.collection.models import AuditEntry, Value
from kaoping.jobs.models import Job
from kaoping.jobs.worker import drain
from kaoping.transfer import bulkjobs, services
from transfer.helpers import CALLS, NANJING, SUZHOU, fill, where
from workbook_hostile import parts_of, zipped

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


def test_one_citys_files_share_a_chunk_and_are_imported_in_upload_order(
    survey, nj_template, client_for, ministry_admin, settings, tmp_path
):  # type: ignore[no-untyped-def]
    settings.KAOPING_BULK_CHUNK = 1  # every file its own chunk, but for one city's files
    settings.JOBS_DIR = tmp_path / "jobs"
    first = fill(nj_template, {where(survey, NANJING, CALLS): "111111"})
    second = fill(nj_template, {where(survey, NANJING, CALLS): "222222"})
    files = [("nj-1.xlsx", first), ("bad.xlsx", b"junk"), ("nj-2.xlsx", second)]
    client = client_for(ministry_admin)
    client.post(URL, {"mode": "save", "files": [SimpleUploadedFile(n, c) for n, c in files]})
    jobs = {
        j.params["part"]: [f["name"] for f in j.params["files"]]
        for j in Job.objects.filter(kind="bulk_import")
    }
    assert jobs == {1: ["nj-1.xlsx", "nj-2.xlsx"], 2: ["bad.xlsx"]}
    drain()
    saved = {
        f["file"]: f for j in Job.objects.filter(kind="bulk_import") for f in j.summary["files"] if f["saved"]
    }
    assert sorted(saved) == ["nj-1.xlsx", "nj-2.xlsx"]  # neither refused as a concurrent save
    # imported in upload order: the second file, written from the same download, meets the
    # first one's change as a later edit (a conflict, kept at the saved value) — every time
    assert saved["nj-2.xlsx"]["conflicts"] == 1
    assert Value.objects.get(campaign=survey, table="T09", row=NANJING, column="calls").text == "111111"


def test_chunks_keep_an_organisations_files_together_and_fill_up_to_the_size() -> None:
    items = [{"n": str(n), "name": f"{n}.xlsx", "input": ""} for n in range(1, 7)]
    orgs = ["A", "B", "A", "", "C", "C"]
    parts = bulkjobs.chunks(items, 3, orgs)
    assert [[i["n"] for i in part] for part in parts] == [["1", "3", "2"], ["4", "5", "6"]]


def test_the_upload_reads_each_files_organisation_from_its_properties_or_its_meta_sheet(
    survey, nj_template, suzhou_reporter
):  # type: ignore[no-untyped-def]
    """Grouping needs only which organisation a file names: the template's ``kaoping_org``
    property when it has one, else its ``_meta`` sheet (a file that lost the property)."""
    sz, _ = services.template(suzhou_reporter, survey, SUZHOU)
    parts = parts_of(nj_template)
    del parts["docProps/custom.xml"]
    files = [("nj.xlsx", zipped(parts)), ("sz.xlsx", sz), ("bad.xlsx", b"junk")]
    assert bulkjobs.upload_orgs(survey.pk, files) == [NANJING, SUZHOU, ""]


def test_an_upload_opens_its_page_once_for_all_its_chunks_and_keeps_nothing_after(
    survey, uploaded, monkeypatch, suzhou_reporter
):  # type: ignore[no-untyped-def]
    opened = []
    real = bulkjobs.open_page
    monkeypatch.setattr(bulkjobs, "open_page", lambda *args: opened.append(args[1:]) or real(*args))
    _, post = uploaded
    post()
    assert Job.objects.filter(kind="bulk_import").count() == 2  # two chunks, each checked and ordered
    assert opened == [("demo-2015", "320000")]
    chunk = Job.objects.filter(kind="bulk_import", params__part=2).get()
    with pytest.raises((PermissionDenied, Http404)):  # after the upload, rights are asked again
        bulkjobs.check(suzhou_reporter, chunk.params)
    assert len(opened) == 2
