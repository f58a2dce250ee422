"""The full recomputation of a national campaign is a background job (docs/spec.md §14): a step
per province, keyed by the campaign and the version of the provinces' tables — asking again
before a save joins the job running or done, a save gives a new one; the page's button, the API
(202 and the job's status) and ``kaoping recompute --wait``; a GET starts nothing; only who
opens campaigns there may ask."""

from __future__ import annotations

import json

import pytest
from tests.conftest import CLI

from kaoping.cli import main
from kaoping.collection import summaries
from kaoping.collection.models import Campaign, StoredSummary
from kaoping.collection.services import save_table, table_version
from kaoping.jobs.models import Job
from kaoping.jobs.running import run
from kaoping.jobs.worker import drain

from .conftest import JS_CAMPAIGN, NATIONAL, ZJ, ZJ_CAMPAIGN

PAGE = f"/reports/c/{NATIONAL}/000000/national/recompute/"
HANGZHOU = "330100"


@pytest.fixture(autouse=True)
def _roomy(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JOBS_DIR = tmp_path / "jobs"


def _zhejiang_saves(holders: str) -> None:
    zhejiang = Campaign.objects.get(pk=ZJ_CAMPAIGN)
    version = table_version(zhejiang, HANGZHOU, "T05")
    save_table(CLI, zhejiang, HANGZHOU, "T05", {(HANGZHOU, "holders"): holders}, version, channel="cli")


def test_the_button_recomputes_every_province_once_per_version_of_the_data(national, client_for, personas):
    StoredSummary.objects.all().delete()  # as a bulk load leaves them
    ministry = client_for(personas.ministry_admin)
    assert (
        'data-testid="recompute-start"'
        in ministry.get(f"/reports/c/{NATIONAL}/000000/national/").content.decode()
    )
    offered = ministry.get(PAGE)
    assert (
        offered.status_code == 200
        and "2015 全国规划中期评估调查 · 重新计算各省汇总" in offered.content.decode()
    )
    assert not Job.objects.exists() and not StoredSummary.objects.exists()  # a GET started nothing
    started = ministry.post(PAGE)
    assert started.status_code == 302
    assert ministry.post(PAGE)["Location"] == started["Location"]  # queued: the same job
    drain()
    job = Job.objects.get()
    assert (job.status, job.done, job.total, job.summary) == (Job.DONE, 3, 3, {"units": 3})
    shown = ministry.get(started["Location"]).content.decode()
    assert "可以离开本页" in shown and 'data-testid="job-kept" hidden' in shown  # no file: nothing kept
    assert StoredSummary.objects.count() == 3  # 江苏, 浙江, 安徽
    jiangsu = Campaign.objects.get(pk=JS_CAMPAIGN)
    stored = StoredSummary.objects.get(campaign=jiangsu).data
    assert stored == summaries.refresh(jiangsu).as_json()  # what a save would have stored
    computed = sorted(StoredSummary.objects.values_list("campaign_id", "computed_at"))
    run(str(job.pk), "a-second-worker")  # delivered again (at least once): nothing is recomputed
    assert sorted(StoredSummary.objects.values_list("campaign_id", "computed_at")) == computed
    assert ministry.get(PAGE)["Location"] == started["Location"]  # done from the same data
    assert ministry.post(PAGE)["Location"] == started["Location"]  # built once
    assert Job.objects.count() == 1
    _zhejiang_saves("12")
    assert ministry.get(PAGE).status_code == 200  # new data: offered again, nothing started
    again = ministry.post(PAGE)
    assert again["Location"] != started["Location"] and Job.objects.count() == 2


def test_only_who_opens_campaigns_there_may_ask(
    national, client_for, personas, ministry_reviewer, zhejiang_admin
):
    reviewer = client_for(ministry_reviewer)  # reads the nation, opens no campaign
    assert (
        'data-testid="recompute-start"'
        not in reviewer.get(f"/reports/c/{NATIONAL}/000000/national/").content.decode()
    )
    assert reviewer.get(PAGE).status_code == 403 and reviewer.post(PAGE).status_code == 403
    assert client_for(personas.province_admin).post(PAGE).status_code in (403, 404)
    zhejiang = client_for(zhejiang_admin)
    assert zhejiang.post(f"/api/campaigns/{NATIONAL}/recompute").status_code == 404
    own = zhejiang.post(f"/api/campaigns/{ZJ_CAMPAIGN}/recompute")  # its own province's campaign
    assert own.status_code == 202 and own.json()["label"].endswith("重新计算各省汇总")
    assert not Job.objects.exclude(pk=own.json()["id"]).exists()


def test_the_api_answers_202_with_the_job_and_its_progress(national, client_for, personas):
    ministry = client_for(personas.ministry_admin)
    started = ministry.post(f"/api/campaigns/{NATIONAL}/recompute")
    assert started.status_code == 202
    first = started.json()
    assert (first["kind"], first["status"], first["download"]) == ("recompute", "queued", None)
    assert ministry.post(f"/api/campaigns/{NATIONAL}/recompute").json()["id"] == first["id"]
    drain()
    done = ministry.get(f"/api/jobs/{first['id']}").json()
    assert (done["status"], done["done"], done["total"], done["percent"]) == ("done", 3, 3, 100)
    assert done["message"] == "已完成"
    province = client_for(personas.province_admin)  # opens campaigns at 江苏: its own is not national
    assert province.post("/api/campaigns/demo-2015/recompute").status_code == 404


def test_the_command_line_joins_the_job_and_waits_showing_progress(national, capsys, monkeypatch):
    # a management command closes the connections when it ends; the test's transaction must survive
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    assert main(["recompute", "--campaign", NATIONAL, "--format", "json"]) == 0
    queued = json.loads(capsys.readouterr().out)
    assert queued["status"] == "queued"
    drain()
    assert main(["recompute", "--campaign", NATIONAL, "--wait"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(queued["id"]) and "已完成" in out.out
    assert "[####################] 100%" in out.err  # the bar --wait draws
    assert Job.objects.count() == 1
    assert main(["recompute", "--campaign", "demo-2015"]) == 3
    assert "没有需要重新计算" in capsys.readouterr().err
    assert ZJ in {s.campaign.org_id for s in StoredSummary.objects.select_related("campaign")}
