"""The workflow over the JSON API: each transition and each refusal, with the powers of docs/spec.md §2.6.

The operations call the same services as the page, so these tests check what a script sees:
status codes, the state document, and a refused 上报 listing its blocking findings by cell.
"""

from __future__ import annotations

import json

import pytest

from kaoping.collection.models import Value
from kaoping.collection.services import save_explanation, table_version
from kaoping.workflow.models import APPROVED, IN_PROGRESS, LOCKED, RETURNED, SUBMITTED, Transition

from .conftest import NJ, PROVINCE, SZ, approve_all_cities, save, status

WF = f"/api/campaigns/demo-2015/orgs/{NJ}/workflow"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def post(client, url: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.UPLOAD_DIR = tmp_path / "uploads"


def test_a_city_goes_through_every_transition_by_api(
    demo, client_for, nanjing_leader, province_reviewer, province_admin
):
    leader, reviewer = client_for(nanjing_leader), client_for(province_reviewer)
    first = leader.get(WF)
    assert first.status_code == 200
    assert (first.json()["status"], first.json()["status_label"]) == (IN_PROGRESS, "填报中")
    assert [h["action"] for h in first.json()["history"]] == ["edit"]  # the demo filled it

    submitted = post(leader, WF + "/submit")
    assert submitted.status_code == 200 and submitted.json()["status_label"] == "已上报"

    comment = {"table": "T09", "row": NJ, "column": "staff", "text": "人数偏少，请核实"}
    returned = post(reviewer, WF + "/return", {"reason": "坐席数请核实", "comments": [comment]})
    assert returned.status_code == 200
    state = returned.json()
    assert (state["status"], state["reason"]) == (RETURNED, "坐席数请核实")
    assert [(c["table"], c["row"], c["column"], c["text"], c["sent"]) for c in state["comments"]] == [
        ("T09", NJ, "staff", "人数偏少，请核实", True)
    ]
    assert leader.get(WF).json()["comments"][0]["text"] == "人数偏少，请核实"  # the city reads it

    assert post(leader, WF + "/submit").status_code == 200
    approved = post(reviewer, WF + "/approve", {"text": "数据无误"})
    assert approved.status_code == 200 and approved.json()["status"] == APPROVED
    locked = post(reviewer, WF + "/lock")
    assert (locked.status_code, locked.json()["status"], locked.json()["reason"]) == (
        200,
        LOCKED,
        "审核通过后锁定",
    )

    unlocked = post(client_for(province_admin), WF + "/unlock", {"reason": "更正坐席数"})
    assert unlocked.status_code == 200 and unlocked.json()["status"] == IN_PROGRESS
    history = [(h["action"], h["old"], h["new"], h["text"]) for h in unlocked.json()["history"]]
    assert history == [  # newest first
        ("unlock", LOCKED, IN_PROGRESS, "更正坐席数"),
        ("lock", APPROVED, LOCKED, "审核通过后锁定"),
        ("approve", SUBMITTED, APPROVED, "数据无误"),
        ("submit", RETURNED, SUBMITTED, ""),
        ("return", SUBMITTED, RETURNED, "坐席数请核实"),
        ("submit", IN_PROGRESS, SUBMITTED, ""),
        ("edit", "not_started", IN_PROGRESS, ""),
    ]


def test_an_error_blocks_submit_and_the_response_names_the_cell(campaign, client_for, nanjing_reporter):
    leader_url = f"/api/campaigns/{campaign.id}/orgs/{NJ}/workflow"
    from kaoping.orgs.models import User

    save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "20"})  # 是否开通 left blank
    leader = client_for(User.objects.get(username="p_nanjing_fuze"))
    refused = post(leader, leader_url + "/submit")
    assert refused.status_code == 409
    body = refused.json()
    assert body["detail"].startswith("不能上报：错误（须修改）")
    blocking = [(f["table"], f["row"], f["column"], f["rule"], f["severity"]) for f in body["findings"]]
    assert ("T09", NJ, "opened", "V09-OPEN", "error") in blocking
    assert any("是否开通12333" in b for b in body["blockers"])
    assert status(campaign, NJ) == IN_PROGRESS


def test_an_unexplained_warning_blocks_then_the_note_lets_it_through(demo, client_for, nanjing_leader):
    campaign, leader = demo.campaign, client_for(nanjing_leader)
    calls = int(Value.objects.get(campaign=campaign, row=NJ, column="calls").text)
    save(nanjing_leader, campaign, NJ, "T09", {(NJ, "calls"): str(calls + 100), (NJ, "remark"): ""})

    refused = post(leader, WF + "/submit", {"note": "数据属实"})
    assert refused.status_code == 409
    warning = refused.json()["findings"]
    assert [(f["rule"], f["severity"], f["explained"], f["row"]) for f in warning] == [
        ("V09-BAL", "warning", False, NJ)
    ]

    save_explanation(nanjing_leader, campaign, NJ, "V09-BAL", "T09", NJ, "calls", "100个来电转接省级平台")
    without_note = post(leader, WF + "/submit")
    assert without_note.status_code == 409 and without_note.json()["findings"] == []
    assert without_note.json()["blockers"] == ["有 1 条已说明的提示，需填写上报说明（强制上报）"]
    done = post(leader, WF + "/submit", {"note": "转接量单列，数据属实"})
    assert (done.status_code, done.json()["note"]) == (200, "转接量单列，数据属实")


def test_the_city_cannot_approve_and_nobody_approves_their_own(
    demo, client_for, nanjing_leader, ministry_admin
):
    admin = client_for(ministry_admin)  # 部管理员 may do everything, but not review itself
    assert post(admin, WF + "/submit").status_code == 200
    own = post(admin, WF + "/approve")
    assert own.status_code == 403 and "不能审核本人上报的数据" in own.json()["detail"]
    refused = post(client_for(nanjing_leader), WF + "/approve")
    assert refused.status_code == 403 and "省审核员" in refused.json()["detail"]
    assert status(demo.campaign, NJ) == SUBMITTED


def test_another_citys_workflow_answers_403_without_its_state(
    demo, client_for, nanjing_leader, suzhou_reporter
):
    assert post(client_for(nanjing_leader), WF + "/submit").status_code == 200
    outsider = client_for(suzhou_reporter)
    for answer in (
        outsider.get(WF),
        post(outsider, WF + "/approve"),
        post(outsider, WF + "/unlock", {"reason": "x"}),
    ):
        assert answer.status_code == 403
        assert "submitted" not in answer.content.decode() and "已上报" not in answer.content.decode()
    assert outsider.get("/api/campaigns/demo-2015/orgs/999999/workflow").status_code == 403
    assert client_for(nanjing_leader).get("/api/campaigns/nope-2015/orgs/320100/workflow").status_code == 404
    assert status(demo.campaign, NJ) == SUBMITTED


def test_a_locked_report_refuses_edits_and_wrong_state_answers_409(
    demo, client_for, nanjing_leader, province_reviewer
):
    campaign = demo.campaign
    reviewer = client_for(province_reviewer)
    early = post(reviewer, WF + "/approve")
    assert early.status_code == 409 and early.json()["detail"] == "当前状态为填报中，不能审核通过"
    post(client_for(nanjing_leader), WF + "/submit")
    post(reviewer, WF + "/approve")
    post(reviewer, WF + "/lock")
    version = table_version(campaign, NJ, "T09")
    edit = client_for(nanjing_leader).put(
        f"/api/campaigns/demo-2015/orgs/{NJ}/tables/T09",
        data=json.dumps({"base_version": version, "values": {NJ: {"remark": "改"}}}),
        content_type="application/json",
    )
    assert edit.status_code == 422 and "已锁定" in edit.json()["detail"]
    assert status(campaign, NJ) == LOCKED


def test_return_and_unlock_need_a_reason_and_a_comment_must_name_a_real_cell(
    demo, client_for, nanjing_leader, province_reviewer, province_admin
):
    post(client_for(nanjing_leader), WF + "/submit")
    reviewer = client_for(province_reviewer)
    assert post(reviewer, WF + "/return", {"reason": ""}).status_code == 422
    assert post(reviewer, WF + "/return", {"reason": "  "}).status_code == 422
    bad = {"table": "T09", "row": NJ, "column": "nope", "text": "?"}
    wrong = post(reviewer, WF + "/return", {"reason": "核实", "comments": [bad]})
    assert wrong.status_code == 409 and wrong.json()["detail"] == "意见所指的列不存在：表9 行 320100 列 nope"
    other_city = {"table": "T09", "row": SZ, "column": "staff", "text": "?"}
    assert post(reviewer, WF + "/return", {"reason": "核实", "comments": [other_city]}).status_code == 409
    assert status(demo.campaign, NJ) == SUBMITTED and not Transition.objects.filter(action="return").exists()
    assert post(client_for(province_admin), WF + "/unlock", {}).status_code == 422


def test_the_province_uploads_its_sealed_table1_and_submits_to_the_ministry(
    demo, client_for, province_reviewer, ministry_reviewer
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    campaign = demo.campaign
    url = f"/api/campaigns/demo-2015/orgs/{PROVINCE}/workflow"
    reviewer = client_for(province_reviewer)
    waiting = post(reviewer, url + "/submit")
    assert waiting.status_code == 409
    assert "须上传加盖公章的表1扫描件（PDF 或图片）" in waiting.json()["blockers"]

    approve_all_cities(campaign)
    fake = reviewer.post(url + "/attachments", {"file": SimpleUploadedFile("表1.pdf", b"<html>")})
    assert fake.status_code == 422 and "PDF、PNG 或 JPEG" in fake.json()["detail"]
    sealed = reviewer.post(url + "/attachments", {"file": SimpleUploadedFile("表1盖章.pdf", PDF)})
    assert sealed.status_code == 201
    assert (sealed.json()["name"], sealed.json()["kind"], sealed.json()["size"]) == (
        "表1盖章.pdf",
        "pdf",
        len(PDF),
    )

    assert post(reviewer, url + "/submit", {"note": "全省数据已核"}).status_code == 200
    assert status(campaign, NJ) == LOCKED  # consolidated
    assert post(reviewer, url + "/approve").status_code == 403  # the province does not approve itself
    approved = post(client_for(ministry_reviewer), url + "/approve")
    assert approved.status_code == 200 and approved.json()["attachments"][0]["name"] == "表1盖章.pdf"


def test_a_publication_is_withdrawn_and_republished_by_api(demo, client_for, province_admin, nanjing_leader):
    admin, city = client_for(province_admin), client_for(nanjing_leader)
    url = "/api/evaluations/demo-eval-2015"
    assert post(admin, url + "/publish").status_code == 200
    assert city.get(url + "/score").status_code == 200
    assert post(city, url + "/withdraw", {"reason": "x"}).status_code == 403
    assert post(admin, url + "/withdraw", {"reason": ""}).status_code == 422
    withdrawn = post(admin, url + "/withdraw", {"reason": "南京得分有误"})
    assert withdrawn.status_code == 200 and withdrawn.json() == {"published": False}
    assert city.get(url + "/score").status_code == 403
    again = post(admin, url + "/withdraw", {"reason": "再次"})
    assert again.status_code == 422 and again.json()["detail"] == "考评结果尚未发布"
    assert post(admin, url + "/publish").status_code == 200
    assert city.get(url + "/score").status_code == 200


def test_an_over_long_reason_is_refused_with_its_bound(demo, client_for, nanjing_leader, province_reviewer):
    post(client_for(nanjing_leader), WF + "/submit")
    refused = post(client_for(province_reviewer), WF + "/return", {"reason": "退" * 2001})
    assert refused.status_code == 422 and refused.json()["detail"] == "请求格式错误：原因（最多 2000 个字）"
    assert status(demo.campaign, NJ) == SUBMITTED
