"""The reviewer's workbench (docs/spec.md §13.4) on the demo: 徐州's explained 表12 warning is
accepted and stays so, goes back to 未说明 when the row's values change, a rejection returns
徐州 with the comment on that cell, reviewers see only the units they review, and the page's
query count does not grow with the number of cities (pinned in tests/web/test_page_queries.py)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from tests.conftest import CLI

from kaoping.collection.services import save_table, table_version
from kaoping.workflow import verdicts
from kaoping.workflow.models import RETURNED, SUBMITTED, CellComment, Submission
from kaoping.workflow.services import WorkflowError
from kaoping.workflow.workbench import workbench

XUZHOU, RULE, TABLE, COLUMN = "320300", "V12-STAFF", "T12", "city_staff"
PAGE = "/w/c/demo-2015/workbench/"


def xuzhou(bench):  # type: ignore[no-untyped-def]
    return next(e for e in bench.entries if e.unit.code == XUZHOU and e.finding.rule == RULE)


def warning(campaign):  # type: ignore[no-untyped-def]
    return verdicts.Warning(campaign, XUZHOU, TABLE, XUZHOU, COLUMN, rule=RULE)


def test_accept_stays_until_the_value_changes(demo, province_reviewer) -> None:  # type: ignore[no-untyped-def]
    campaign = demo.campaign
    assert xuzhou(workbench(province_reviewer, campaign)).state == "explained"
    verdicts.accept(province_reviewer, warning(campaign))
    assert xuzhou(workbench(province_reviewer, campaign)).state == "accepted"
    # another row's change leaves it accepted
    version = table_version(campaign, "320100", "T10")
    save_table(CLI, campaign, "320100", "T10", {("320100", "deployed"): "151"}, version, channel="cli")
    assert xuzhou(workbench(province_reviewer, campaign)).state == "accepted"
    # 徐州 changes a value of that row: the 说明 was written for other values
    version = table_version(campaign, XUZHOU, TABLE)
    save_table(CLI, campaign, XUZHOU, TABLE, {(XUZHOU, COLUMN): "20"}, version, channel="cli")
    entry = xuzhou(workbench(province_reviewer, campaign))
    assert (entry.state, entry.lapsed, entry.new) == ("unexplained", True, True)


def test_reject_returns_the_unit_with_the_comment_on_the_cell(demo, province_reviewer, client_for) -> None:  # type: ignore[no-untyped-def]
    campaign = demo.campaign
    Submission.objects.update_or_create(campaign=campaign, org_id=XUZHOU, defaults={"status": SUBMITTED})
    client = client_for(province_reviewer)
    body = {
        "org": XUZHOU,
        "rule": RULE,
        "table": TABLE,
        "row": XUZHOU,
        "column": COLUMN,
        "comment": "借调人员不计入",
    }
    answer = client.post(
        f"/api/campaigns/{campaign.pk}/workbench/reject", body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert Submission.objects.get(campaign=campaign, org_id=XUZHOU).status == RETURNED
    comment = CellComment.objects.get(submission__org_id=XUZHOU)
    assert (comment.table, comment.row, comment.column, comment.text) == (
        TABLE,
        XUZHOU,
        COLUMN,
        "借调人员不计入",
    )
    assert comment.transition is not None  # sent with the return: the city sees it at the cell
    assert xuzhou(workbench(province_reviewer, campaign)).state == "rejected"
    again = client.post(
        f"/api/campaigns/{campaign.pk}/workbench/reject", body, content_type="application/json"
    )
    assert again.status_code == 409  # 已退回: nothing to return


def test_scope_of_each_reviewer(demo, province_reviewer, nanjing_leader, province_admin, client_for) -> None:  # type: ignore[no-untyped-def]
    from tests.national.conftest import ZJ, open_national

    from kaoping.demo import ensure_user
    from kaoping.orgs.roles import Role

    bench = workbench(province_reviewer, demo.campaign)
    assert {u.code for u in bench.units} == {c for c in demo.campaign.members}  # Jiangsu's 13 cities
    for outsider in (nanjing_leader, province_admin):  # a city's people; 省管理员 reviews no one
        with pytest.raises(PermissionDenied):
            workbench(outsider, demo.campaign)
        assert client_for(outsider).get(PAGE).status_code == 403
    national = open_national(demo.campaign)
    zhejiang = ensure_user("p_zj_shenhe", "浙江省审核员", Role.PROVINCE_REVIEWER, ZJ)
    zj_bench = workbench(zhejiang, national.children.get(org_id=ZJ))
    assert all(u.code.startswith("33") for u in zj_bench.units)
    page = client_for(zhejiang).get(f"/w/c/{national.pk}-{ZJ}/workbench/").content.decode()
    assert "徐州" not in page and "南京" not in page
    refused = client_for(zhejiang).get(f"/w/c/{national.pk}-320000/workbench/")
    assert refused.status_code in (403, 404) and "江苏" not in refused.content.decode()
    ministry = ensure_user("p_bu_sh", "部审核员", Role.MINISTRY_REVIEWER, "000000")
    assert [u.code for u in workbench(ministry, national).units] == ["320000", ZJ, "340000"]


def test_page_filters_and_cli(demo, province_reviewer, client_for, capsys) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_reviewer)
    html = client.get(PAGE, {"state": "explained"}).content.decode()
    assert "审核工作台" in html and "编制 12 人" in html and ">实有人数 ≤ 编制人数</option>" in html
    assert "编制 12 人" not in client.get(PAGE, {"state": "accepted"}).content.decode()
    call_command("workbench", "--campaign", "demo-2015", "--user", "sheng_shenhe", "--format", "json")
    document = json.loads(capsys.readouterr().out)
    found = [w for w in document["warnings"] if w["org"] == XUZHOU and w["rule"] == RULE]
    assert found and found[0]["state"] == "explained" and found[0]["kind"] == "rule"


# The page's query count, flat in the number of cities: tests/web/test_page_queries.py (REVIEWER_PINS).


def test_follow_up_new_since_read_and_changes_after_approval(demo, province_reviewer, client_for) -> None:  # type: ignore[no-untyped-def]
    from kaoping.workflow import services

    campaign = demo.campaign
    client = client_for(province_reviewer)
    keys = {"org": XUZHOU, "rule": RULE, "table": TABLE, "row": XUZHOU, "column": COLUMN}
    assert client.post(PAGE + "decide", {**keys, "action": "flag"}).status_code == 302
    assert xuzhou(workbench(province_reviewer, campaign)).follow_up
    outside = {**keys, "org": "330100", "action": "flag"}  # 杭州: not a unit of this reviewer
    assert client.post(PAGE + "decide", outside).status_code == 404
    client.post(PAGE + "decide", {**keys, "action": "unflag"})
    assert not xuzhou(workbench(province_reviewer, campaign)).follow_up
    # marked as read: nothing is new until a row changes again
    assert xuzhou(workbench(province_reviewer, campaign)).new
    client.post(PAGE + "decide", {"action": "read"})
    assert not any(e.new for e in workbench(province_reviewer, campaign).entries)
    # 徐州 approved, unlocked by the province and changed: who, when, old, new
    Submission.objects.update_or_create(campaign=campaign, org_id=XUZHOU, defaults={"status": SUBMITTED})
    services.approve(province_reviewer, campaign, XUZHOU)
    services.unlock(CLI, campaign, XUZHOU, "补充数据")
    version = table_version(campaign, XUZHOU, TABLE)
    save_table(CLI, campaign, XUZHOU, TABLE, {(XUZHOU, COLUMN): "18"}, version, channel="cli")
    bench = workbench(province_reviewer, campaign)
    changed = [(c.unit.code, c.table, c.row, c.column, c.old, c.new, c.actor) for c in bench.changed]
    assert changed == [(XUZHOU, TABLE, XUZHOU, COLUMN, "17", "18", "cli:test")]
    assert bench.changed[0].where == "表12 · 徐州市 · 实有人数"  # as printed, no codes
    assert xuzhou(bench).new  # its row changed after the mark
    api = client.get(f"/api/campaigns/{campaign.pk}/workbench", {"org": XUZHOU, "new": "true"}).json()
    assert [w["rule"] for w in api["warnings"]] == [RULE] and api["changed_after_approval"][0]["new"] == "18"


def test_a_long_rejection_keeps_its_whole_comment_on_the_cell(demo, province_reviewer) -> None:  # type: ignore[no-untyped-def]
    campaign = demo.campaign
    Submission.objects.update_or_create(campaign=campaign, org_id=XUZHOU, defaults={"status": SUBMITTED})
    verdicts.reject(province_reviewer, warning(campaign), "核" * 2000)
    returned = Submission.objects.get(campaign=campaign, org_id=XUZHOU)
    assert (returned.status, returned.reason) == (RETURNED, "说明未被接受，见格子上的审核意见")
    assert CellComment.objects.get(submission=returned).text == "核" * 2000
    with pytest.raises(WorkflowError, match="2000"):
        verdicts.reject(province_reviewer, warning(campaign), "核" * 2001)


def test_a_corrected_population_moves_the_outlier_on_the_next_read(
    demo, province_reviewer, province_admin
) -> None:  # type: ignore[no-untyped-def]
    """The workbench keeps its warnings while nothing they read changed; a base figure is read.
    12333 staff per million residents (staff / 常住人口 万人 × 100) of the 7 cities with staff:
    苏州 3.02, 徐州 3.03, 无锡 3.54, 盐城 6.09, 常州 6.17, 扬州 10.51, 南京 20/821.61 = 2.43.
    Median 3.54, MAD 1.10, spread 1.4826 × 1.10 = 1.64, flagged beyond 3.5 spreads (5.73):
    扬州 (6.98 off). 南京's population typed as 82.16: 南京 24.34, median 6.09, MAD 3.06, spread
    4.54, limit 15.88: 南京 (18.26 off) is flagged and 扬州 (4.43 off) no longer."""
    from kaoping.collection.campaigns import set_base_figures

    campaign = demo.campaign

    def staff_outliers() -> dict[str, str]:
        found = workbench(province_reviewer, campaign).entries
        return {e.unit.code: e.finding.message for e in found if e.finding.rule == "Q09-STAFF"}

    assert list(staff_outliers()) == ["321000"]  # 扬州, read twice: the second from the cache
    assert list(staff_outliers()) == ["321000"]
    set_base_figures(province_admin, campaign, {"320100": {"population": "82.16"}})
    assert staff_outliers() == {"320100": "每百万人12333工作人员 24.3 人，全省中位数 6.1 人"}
    set_base_figures(province_admin, campaign, {"320100": {"population": "821.61"}})
    assert list(staff_outliers()) == ["321000"]
