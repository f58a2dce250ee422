"""报送进度 from the API and the command line (docs/spec.md §11.8): the national campaign as the
ministry's page has it (a row per provincial unit, late first, per table how many of its
units filled it), a province's own campaign for its people, and the refusals: a province's
person reads neither the nation's progress nor another province's campaign."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from kaoping.collection.models import Campaign
from kaoping.collection.services import save_table, table_version
from kaoping.workflow.models import SUBMITTED, Submission

from .conftest import AH, JS, JS_CAMPAIGN, NATIONAL, ZJ, ZJ_CAMPAIGN

API = f"/api/campaigns/{NATIONAL}/progress"


def test_national_progress_from_api_and_cli_late_first(
    national, ministry_reviewer, zhejiang_admin, client_for
):
    zhejiang = Campaign.objects.get(pk=ZJ_CAMPAIGN)
    version = table_version(zhejiang, ZJ, "T09")
    save_table(zhejiang_admin, zhejiang, ZJ, "T09", {("province", "staff"): "12"}, version)
    Submission.objects.update_or_create(campaign_id=JS_CAMPAIGN, org_id=JS, defaults={"status": SUBMITTED})

    found = client_for(ministry_reviewer).get(API).json()
    assert found["national"] is True and found["campaign"] == NATIONAL
    # late first: nothing yet (安徽), then still filling (浙江), then submitted (江苏)
    assert [r["org"] for r in found["rows"]] == [AH, ZJ, JS]
    assert found["outstanding"] == 2 and found["counts"] == {"未填报": 1, "填报中": 1, "已上报": 1}
    ah, zj, js = found["rows"]
    assert (zj["status"], zj["outstanding"], zj["campaign"]) == ("in_progress", True, ZJ_CAMPAIGN)
    # 表9 is filled by the province and by each of 浙江's 11 cities: 12 units, 1 of them filled
    assert zj["tables"]["T09"] == {"state": "填报中", "units": "1/12"}
    assert zj["tables"]["T05"]["state"] == "未填报" and ah["status"] == "not_started"
    assert js["status_label"] == "已上报" and js["tables"]["T05"]["state"] == "已完成"
    assert zj["cities_approved"] == "0/11" and not zj["overdue"]

    out = io.StringIO()
    call_command("progress", campaign=NATIONAL, format="json", stdout=out)
    assert json.loads(out.getvalue()) == found  # the command line reads what the API gives
    out = io.StringIO()
    call_command("progress", campaign=NATIONAL, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "2015 全国规划中期评估调查：未填报 1，填报中 1，已上报 1"
    assert lines[2].startswith("浙江省（330000）填报中，截止 2099-12-31，地市审核通过 0/11：")
    assert "T09 1/12" in lines[2] and lines[1].startswith("安徽省") and lines[3].startswith("江苏省")


def test_a_province_reads_its_own_progress_only(national, zhejiang_admin, client_for):
    client = client_for(zhejiang_admin)
    refused = client.get(API)
    assert refused.status_code in (403, 404)
    assert "江苏" not in refused.content.decode() and "安徽" not in refused.content.decode()
    assert client.get(f"/api/campaigns/{JS_CAMPAIGN}/progress").status_code == 404  # another province
    own = client.get(f"/api/campaigns/{ZJ_CAMPAIGN}/progress").json()
    assert own["national"] is False and own["rows"][0]["org"] == ZJ and len(own["rows"]) == 12
    assert own["rows"][0]["tables"]["T09"] == {"state": "未填报", "errors": 0, "warnings": 0}
    assert all(r["org"].startswith("33") for r in own["rows"])
