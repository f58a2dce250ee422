"""A follow-up flag (需跟进) on any value of a unit's table page (docs/spec.md §13.4): the
province's reviewer flags 南京's 表9 座席数 — no warning there — from the table page; the cell
and the table page's box show it to reviewers only, the workbench lists it (and its follow-up
filter), the API sets and clears it, every change is recorded; fillers and outsiders are
refused without a name, a 部审核员 flags a province's value of a national campaign."""

from __future__ import annotations

import pytest

from kaoping.core.instance import PROVINCE_LABEL
from kaoping.workflow.models import FollowUp, FollowUpRecord
from kaoping.workflow.workbench import Filters, workbench

from .conftest import NJ, SZ

PAGE = f"/c/demo-2015/{NJ}/T09/"
FLAG = f"/w/c/demo-2015/{NJ}/follow-up"
API = "/api/campaigns/demo-2015/workbench/follow-up"
SEATS = {"table": "T09", "cell": f"{NJ}:seats"}


def records() -> list[tuple[str, str, str, str, str]]:
    found = FollowUpRecord.objects.order_by("id").values_list("org_id", "row", "column", "action", "note")
    return list(found)


def test_a_reviewer_flags_any_cell_from_the_table_page(demo, province_reviewer, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_reviewer)
    box = client.get(PAGE).content.decode()
    assert 'data-testid="wf-follow-up-form"' in box and f'<option value="{NJ}:seats">' in box
    answer = client.post(FLAG, {**SEATS, "action": "flag", "note": "与坐席系统核对"})
    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    page = client.get(PAGE).content.decode()
    assert page.count('class="cell readonly w-number follow-up"') == 1  # the one cell, marked
    assert 'title="与坐席系统核对">需跟进</span>' in page
    assert "南京市 · 座席数</span>：与坐席系统核对" in page  # the box lists it
    bench = workbench(province_reviewer, demo.campaign)
    (flag,) = bench.flags
    assert (flag.unit.code, flag.where, flag.follow_up.note) == (
        NJ,
        "表9 · 南京市 · 座席数",
        "与坐席系统核对",
    )
    listed = client.get("/w/c/demo-2015/workbench/", {"follow_up": "1"}).content.decode()
    assert 'data-testid="wb-follow-ups"' in listed and "表9 · 南京市 · 座席数" in listed
    # flagged again: the note changes, one flag; cleared: gone. Each recorded.
    client.post(FLAG, {**SEATS, "action": "flag", "note": "已电话询问"})
    assert list(FollowUp.objects.values_list("org_id", "column", "note")) == [(NJ, "seats", "已电话询问")]
    client.post(FLAG, {**SEATS, "action": "clear"})
    assert not FollowUp.objects.exists() and "follow-up-tag" not in client.get(PAGE).content.decode()
    assert records() == [
        (NJ, NJ, "seats", "flag", "与坐席系统核对"),
        (NJ, NJ, "seats", "flag", "已电话询问"),
        (NJ, NJ, "seats", "clear", ""),
    ]


def test_the_api_flags_and_the_follow_up_filter(demo, province_reviewer, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_reviewer)
    body = {"org": "320300", "table": "T12", "row": "320300", "column": "city_staff", "note": "核实编制"}
    answer = client.post(API, body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["note"] == "核实编制"
    seats = {"org": NJ, "table": "T09", "row": NJ, "column": "seats"}
    assert client.post(API, seats, content_type="application/json").status_code == 200
    # the filter keeps the flagged warning (徐州's 表12 实有人数 > 编制); the flags of the unit asked
    bench = workbench(province_reviewer, demo.campaign, Filters(follow_up=True))
    assert {(e.unit.code, e.finding.rule) for e in bench.shown} == {("320300", "V12-STAFF")}
    listed = client.get("/api/campaigns/demo-2015/workbench", {"org": NJ, "follow_up": "true"}).json()
    assert [(f["org"], f["where"]) for f in listed["follow_ups"]] == [(NJ, "表9 · 南京市 · 座席数")]
    assert listed["warnings"] == []
    wrong = client.post(API, {**seats, "column": "nope"}, content_type="application/json")
    assert wrong.status_code == 409 and "不存在" in wrong.json()["detail"]
    cleared = client.post(API + "/clear", seats, content_type="application/json")
    assert cleared.json() == {"cleared": True}
    again = client.post(API + "/clear", seats, content_type="application/json")
    assert again.json() == {"cleared": False}
    assert [r[3] for r in records()] == ["flag", "flag", "clear"]  # a clear of nothing: not recorded


def test_fillers_and_outsiders_are_refused_and_never_see_flags(  # type: ignore[no-untyped-def]
    demo, province_reviewer, nanjing_reporter, suzhou_reporter, province_admin, client_for
) -> None:
    client_for(province_reviewer).post(FLAG, {**SEATS, "action": "flag", "note": "内部跟进-5521"})
    filler = client_for(nanjing_reporter)
    own = filler.get(PAGE).content.decode()
    assert "follow-up" not in own and "内部跟进-5521" not in own  # reviewers only
    assert filler.post(FLAG, {**SEATS, "action": "clear"}).status_code == 403
    outsider = client_for(suzhou_reporter)  # 苏州's filler: 南京 is not theirs
    refused = outsider.post(FLAG, {**SEATS, "action": "flag"})
    assert refused.status_code == 403 and "南京" not in refused.content.decode()
    body = {"org": NJ, "table": "T09", "row": NJ, "column": "seats"}
    for user in (nanjing_reporter, suzhou_reporter, province_admin):
        answer = client_for(user).post(API, body, content_type="application/json")
        assert answer.status_code in (403, 404) and "南京" not in answer.content.decode()
    # 苏州's reviewer-less page of its own never lists 南京's flag
    assert "内部跟进-5521" not in outsider.get(f"/c/demo-2015/{SZ}/T09/").content.decode()
    assert FollowUp.objects.get().note == "内部跟进-5521" and len(records()) == 1


@pytest.mark.django_db
def test_a_ministry_reviewer_flags_a_province_value(demo, ministry_reviewer, client_for) -> None:  # type: ignore[no-untyped-def]
    from tests.national.conftest import open_national

    national = open_national(demo.campaign)
    jiangsu = national.children.get(org_id="320000")
    client = client_for(ministry_reviewer)
    body = {"org": "320000", "table": "T09", "row": "province", "column": "seats", "note": "省本级座席数偏少"}
    answer = client.post(
        f"/api/campaigns/{national.pk}/workbench/follow-up", body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    (flag,) = workbench(ministry_reviewer, national).flags
    assert (flag.unit.code, flag.follow_up.campaign_id, flag.where) == (
        "320000",
        jiangsu.pk,
        f"表9 · {PROVINCE_LABEL} · 座席数",
    )
    page = client.get(f"/c/{jiangsu.pk}/320000/T09/").content.decode()
    assert page.count("follow-up-tag") == 1
