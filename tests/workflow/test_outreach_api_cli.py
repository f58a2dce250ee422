"""催报 and 延期 from the API and the command line (docs/spec.md §14), with the page's services
and checks: a reminder sent now is a job (202), then in the delivery log; an extension is granted
(201, recorded with who and why) and listed; a city may do neither, and reads nothing of other
units. The demo campaign closes on 2026-12-05 here."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kaoping.cli import main
from kaoping.collection.models import Campaign, Extension
from kaoping.jobs.worker import drain
from kaoping.workflow.models import Reminder

from .conftest import NJ, SZ


@pytest.fixture
def closing(demo, settings, tmp_path) -> Campaign:  # type: ignore[no-untyped-def]
    settings.JOBS_DIR = tmp_path / "jobs"
    Campaign.objects.filter(pk=demo.campaign.pk).update(closes=date(2026, 12, 5))
    demo.campaign.refresh_from_db()
    return demo.campaign


def test_the_api_reminds_now_as_a_job_and_lists_the_delivery_log(
    closing, clock, client_for, province_reviewer, suzhou_reporter
):
    clock("2026-12-06 10:00")
    reviewer = client_for(province_reviewer)
    started = reviewer.post(
        f"/api/campaigns/{closing.pk}/orgs/{NJ}/remind", {"text": "请今天上报"}, "application/json"
    )
    assert started.status_code == 202 and started.json()["kind"] == "reminders"
    assert started.json()["label"].endswith("催报 南京市")
    drain()
    done = reviewer.get(f"/api/jobs/{started.json()['id']}").json()
    assert (done["status"], done["summary"]["reminded"], done["percent"]) == ("done", 1, 100)
    log = reviewer.get(f"/api/campaigns/{closing.pk}/reminders").json()
    [entry] = [e for e in log if e["kind"] == "manual"]  # (the worker's tick also sent the overdue ones)
    assert (entry["org"], entry["org_name"], entry["text"], entry["sender"]) == (
        NJ,
        "南京市",
        "请今天上报",
        "p_sheng_shenhe",
    )
    city = client_for(suzhou_reporter)
    assert (
        city.post(f"/api/campaigns/{closing.pk}/orgs/{NJ}/remind", {}, "application/json").status_code == 403
    )
    assert city.get(f"/api/campaigns/{closing.pk}/reminders").json() == []  # nothing of 南京
    late = reviewer.post(f"/api/campaigns/{closing.pk}/remind-late")
    assert late.status_code == 202 and "催报全部未上报单位（13 个）" in late.json()["label"]


def test_the_api_grants_and_lists_extensions_a_city_may_not(
    closing, clock, client_for, province_reviewer, suzhou_reporter
):
    clock("2026-12-06 10:00")
    reviewer = client_for(province_reviewer)
    url = f"/api/campaigns/{closing.pk}/orgs/{NJ}/extensions"
    granted = reviewer.post(url, {"until": "2026-12-10", "reason": "机构调整"}, "application/json")
    assert granted.status_code == 201
    assert granted.json() | {"at": ""} == {
        "org": NJ, "org_name": "南京市", "until": "2026-12-10", "reason": "机构调整",
        "actor": "p_sheng_shenhe", "at": "",
    }  # fmt: skip
    early = reviewer.post(url, {"until": "2026-12-01", "reason": "提前"}, "application/json")
    assert early.status_code == 409 and "须晚于填报截止日期 2026-12-05" in early.json()["detail"]
    listed = f"/api/campaigns/{closing.pk}/extensions"
    assert [e["until"] for e in reviewer.get(f"{listed}?org={NJ}").json()] == ["2026-12-10"]
    assert reviewer.get(f"{listed}?org={SZ}").json() == [] and len(reviewer.get(listed).json()) == 1
    city = client_for(suzhou_reporter)
    refused = city.post(
        f"/api/campaigns/{closing.pk}/orgs/{SZ}/extensions",
        {"until": "2026-12-10", "reason": "x"},
        "application/json",
    )
    assert refused.status_code == 403 and "无权延期" in refused.json()["detail"]
    assert city.get(listed).json() == []  # none of 苏州's own
    other = city.get(f"{listed}?org={NJ}")  # not 苏州's to read: refused, naming no one (the access matrix)
    assert other.status_code == 403 and "不属于本单位" in other.json()["detail"] and "南京" not in other.text
    assert Extension.objects.count() == 1


def test_the_command_line_grants_lists_reminds_and_shows_the_log(closing, clock, capsys, monkeypatch):
    # a management command closes the connections when it ends; the test's transaction must survive
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    clock("2026-12-06 10:00")
    base = ["--campaign", closing.pk]
    assert (
        main(["extensions", "grant", *base, "--org", SZ, "--until", "2026-12-09", "--reason", "系统迁移"])
        == 0
    )
    assert main(["extensions", "grant", *base, "--org", SZ, "--until", "2026-13-01", "--reason", "x"]) == 2
    assert main(["extensions", "grant", *base, "--org", SZ, "--until", "2026-12-01", "--reason", "x"]) == 3
    capsys.readouterr()
    assert main(["extensions", "list", *base, "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert (entry["org"], entry["until"], entry["reason"], entry["actor"][:4]) == (
        SZ,
        "2026-12-09",
        "系统迁移",
        "cli:",
    )
    assert main(["reminders", "send", *base, "--org", NJ, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "queued"
    drain()
    assert Reminder.objects.get(kind="manual").org_id == NJ
    assert main(["reminders", "log", *base, "--format", "json"]) == 0
    [logged] = [e for e in json.loads(capsys.readouterr().out) if e["kind"] == "manual"]
    assert (logged["org_name"], logged["sender"][:4]) == ("南京市", "cli:")
