"""Data quality in the shell (docs/spec.md §13) on the demo: a peer finding never blocks 上报 nor
reopens a submitted unit; the baseline's change shows at its cell, beside the baseline on the
comparison page and in its workbook, and in the findings of the command line."""

from __future__ import annotations

import io

import openpyxl
from tests.conftest import CLI, NANJING

from kaoping.collection.services import findings_for, save_table, table_version
from kaoping.core.findings import FindingKind
from kaoping.workflow import services as workflow

NANTONG, WUXI = "320600", "320200"


def test_a_peer_finding_never_blocks_submission_nor_reopens_a_unit(demo, nanjing_leader):
    campaign = demo.campaign
    # 南京's 12333 staff: 900 for 821.61 万 residents, 109.5 per million, far above the others
    version = table_version(campaign, NANJING, "T09")
    save_table(CLI, campaign, NANJING, "T09", {(NANJING, "staff"): "900"}, version)
    found = findings_for(campaign, NANJING)
    (outlier,) = [f for f in found if f.kind is FindingKind.OUTLIER]
    assert (outlier.rule, outlier.row, outlier.column) == ("Q09-STAFF", NANJING, "staff")
    assert outlier.message.startswith("每百万人12333工作人员 109.5 人，全省中位数 ") and not outlier.explained
    assert workflow.submit(nanjing_leader, campaign, NANJING).status == "submitted"
    assert workflow.submit_check(campaign, NANJING).explained == 0  # no 上报说明 asked for it
    # another city's save moves the peers: 南京 stays submitted
    version = table_version(campaign, WUXI, "T09")
    save_table(CLI, campaign, WUXI, "T09", {(WUXI, "staff"): "800"}, version)
    assert workflow.submission_for(campaign, NANJING).status == "submitted"


def test_a_unit_explains_its_outlier_and_its_change(demo, client_for):
    from kaoping.orgs.models import User

    campaign = demo.campaign
    for user, org, table, rule in (
        ("yangzhou_tianbao", "321000", "T09", "Q09-STAFF"),
        ("nantong_tianbao", NANTONG, "T05", "C05-HOLDERS"),
    ):
        column = "staff" if table == "T09" else "holders"
        client = client_for(User.objects.get(username=user))
        form = {"rule": rule, "row": org, "column": column, "text": "本市另有外包座席人员，数据属实"}
        assert client.post(f"/c/demo-2015/{org}/{table}/explain", form).status_code in (200, 302)
        (found,) = [f for f in findings_for(campaign, org) if f.rule == rule]
        assert found.explained, rule


def test_the_baseline_change_at_its_cell_and_beside_the_baseline(demo, client_for, province_admin):
    client = client_for(province_admin)
    entry = client.get(f"/c/demo-2015/{NANTONG}/T05/").content.decode()
    assert "持卡人数 较上期 −47.9 %（上期 1205.05 万人，本期 627.63 万人）" in entry
    assert 'data-kind="change"' in entry and 'data-testid="compare-link"' in entry
    page = client.get(f"/c/demo-2015/{NANTONG}/T05/compare").content.decode()
    assert "2014 规划年度评估" in page and page.count('data-flagged="1"') == 1
    assert "1205.05" in page and "627.63" in page and "−47.9 %" in page
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/c/demo-2015/{NANTONG}/T05/compare.xlsx").content))
    lines = [[c.value for c in row] for row in book["与基期对比"].iter_rows(min_row=3)]
    assert ["南通市", "预计2015年底发卡情况 › 持卡人数", "627.63", "1205.05", "−47.9 %", "是"] in lines
