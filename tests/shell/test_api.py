"""The JSON API: campaigns, definitions, a table's values with versions, findings, tokens."""

from __future__ import annotations

import json
import re

import pytest

from kaoping.collection.models import Value
from kaoping.collection.services import save_table
from kaoping.orgs.tokens import create_token, revoke_token

NJ, SZ, PROVINCE = "320100", "320500", "320000"
NJ_T09 = f"/api/campaigns/test-2015/orgs/{NJ}/tables/T09"


def put(client, url, body, **headers):
    return client.put(url, data=json.dumps(body), content_type="application/json", **headers)


def test_campaign_list_has_the_spec_shape_and_is_visible_to_a_city(campaign, client_for, nanjing_reporter):
    response = client_for(nanjing_reporter).get("/api/campaigns")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": "test-2015",
            "kind": "survey",
            "definition": "survey-2015@1",
            "org": PROVINCE,
            "status": "open",
            "opens": "2015-07-01",
            "closes": "2099-12-31",
            "parent": None,
            "baseline": None,
        }
    ]


def test_anonymous_requests_get_a_chinese_401(campaign, client_for):
    response = client_for(None).get("/api/campaigns")
    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}


def test_definition_dump_lists_the_14_tables(campaign, client_for, nanjing_reporter):
    response = client_for(nanjing_reporter).get("/api/definitions/survey-2015@1")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["version"]) == ("survey-2015", 1)
    assert [t["id"] for t in body["tables"]] == [f"T{n:02d}" for n in range(1, 15)]


@pytest.mark.parametrize(
    "ref",
    ["rubric-jiangsu@1", "rubric-jiangsu@2", "survey-2015@999", "..@1", "x", "a" * 300, "s@" + "9" * 300],
)
def test_a_ref_that_is_no_survey_definition_is_a_404(ref, client_for, nanjing_reporter, demo):
    """Found by the hostile-input harness: the rubric's ref (its snapshot is stored by the demo
    evaluation) was read as a survey and answered 500; so was a name longer than a file name
    may be (OSError: File name too long)."""
    response = client_for(nanjing_reporter).get(f"/api/definitions/{ref}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("找不到调查表定义")


def test_read_write_and_conflict_round_trip(campaign, client_for, nanjing_reporter, nanjing_leader):
    client = client_for(nanjing_reporter)
    empty = client.get(NJ_T09).json()
    assert empty["version"] == 0
    assert [r["key"] for r in empty["rows"]] == [NJ]  # a city sees only its own row
    assert empty["rows"][0]["editable"] is True
    body = {"base_version": 0, "values": {NJ: {"calls": "263851", "answered": "85582", "voice": "154917"}}}
    saved = put(client, NJ_T09, body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == 1 and saved.json()["changed"] == 3
    assert client.get(NJ_T09).json()["values"] == {
        NJ: {"calls": "263851", "answered": "85582", "voice": "154917"}
    }
    # The leader saves on top; the reporter's save from version 1 is now stale.
    save_table(nanjing_leader, campaign, NJ, "T09", {(NJ, "abandoned"): "23352"}, 1)
    stale = put(client, NJ_T09, {"base_version": 1, "values": {NJ: {"abandoned": "0"}}})
    assert stale.status_code == 409
    conflict = stale.json()
    assert conflict["version"] == 2
    assert "他人修改" in conflict["detail"]
    assert [
        (c["row"], c["column"], c["base"], c["current"], c["mine"], c["who"]) for c in conflict["conflicts"]
    ] == [(NJ, "abandoned", None, "23352", "0", "p_nanjing_fuze")]
    assert Value.objects.get(row=NJ, column="abandoned").text == "23352"


def test_write_returns_the_findings_of_the_table(campaign, client_for, nanjing_reporter):
    body = {"base_version": 0, "values": {NJ: {"staff": "30", "consultants": "40"}}}
    saved = put(client_for(nanjing_reporter), NJ_T09, body).json()
    staff_rule = [f for f in saved["findings"] if f["rule"] == "V09-STAFF"]
    assert len(staff_rule) == 1
    assert staff_rule[0]["severity"] == "error"
    assert staff_rule[0]["row"] == NJ
    assert set(staff_rule[0]) == {
        "table", "table_label", "row", "row_label", "column", "column_label", "severity", "rule", "message",
        "explained", "suspect", "kind",
    }  # fmt: skip
    assert staff_rule[0]["kind"] == "rule"


def test_findings_endpoint_has_can_submit(campaign, client_for, nanjing_reporter):
    save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "30", (NJ, "consultants"): "40"}, 0)
    body = client_for(nanjing_reporter).get(f"/api/campaigns/test-2015/orgs/{NJ}/findings").json()
    assert body["can_submit"] is False
    assert "V09-STAFF" in {f["rule"] for f in body["findings"]}
    client = client_for(nanjing_reporter)
    only = client.get(f"/api/campaigns/test-2015/orgs/{NJ}/findings", {"kind": "outlier"}).json()
    assert only == {"findings": [], "can_submit": False}  # the kind shown; can_submit over every finding
    assert client.get(f"/api/campaigns/test-2015/orgs/{NJ}/findings", {"kind": "odd"}).status_code == 422


def test_the_outsider_is_refused_with_the_role_needed(campaign, client_for, suzhou_reporter):
    client = client_for(suzhou_reporter)
    read = client.get(NJ_T09)
    assert read.status_code == 403
    assert "需要" in read.json()["detail"] and "角色" in read.json()["detail"]
    write = put(client, NJ_T09, {"base_version": 0, "values": {NJ: {"staff": "1"}}})
    assert write.status_code == 403
    assert not Value.objects.exists()


def test_refused_cells_answer_422_with_the_cells(campaign, client_for, nanjing_reporter):
    response = put(
        client_for(nanjing_reporter), NJ_T09, {"base_version": 0, "values": {"total": {"staff": "1"}}}
    )
    assert response.status_code == 422
    assert response.json()["cells"] == [
        {"row": "total", "column": "staff", "reason": "合计行由系统计算，不能填写"}
    ]


def test_a_bearer_token_acts_as_its_user_and_stops_when_revoked(campaign, client_for, nanjing_reporter):
    token, raw = create_token(nanjing_reporter, "脚本")
    client = client_for(None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(NJ_T09, **auth).status_code == 200
    saved = put(client, NJ_T09, {"base_version": 0, "values": {NJ: {"staff": "12"}}}, **auth)
    assert saved.status_code == 200
    from kaoping.collection.models import AuditEntry

    assert AuditEntry.objects.get(column="staff").channel == "api"
    token.refresh_from_db()
    assert token.last_used is not None
    assert token.token_hash != raw and raw not in token.token_hash  # only a hash is stored
    revoke_token(token)
    assert client.get(NJ_T09, **auth).status_code == 401
    assert client.get(NJ_T09, HTTP_AUTHORIZATION="Bearer kp_guess").status_code == 401


@pytest.mark.parametrize("path", ["/api/docs", "/api/openapi.json"])
def test_openapi_is_served(path, client_for):
    assert client_for(None).get(path).status_code == 200


def test_a_province_admin_opens_a_campaign_and_enters_base_figures(org_tree, client_for, province_admin):
    client = client_for(province_admin)
    body = {
        "id": "js-2016",
        "definition": "survey-2015@1",
        "org": "320000",
        "opens": "2016-07-01",
        "closes": "2016-09-30",
    }
    created = client.post("/api/campaigns", data=json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["definition"] == "survey-2015@1"
    # Opened with each city's 县级单位数 from the tree (docs/spec.md §15.1: 南京 11 … 宿迁 5).
    defaults = client.get("/api/campaigns/js-2016/base-figures").json()
    assert len(defaults) == 13
    assert defaults[NJ] == {"counties": "11"} and defaults["321300"] == {"counties": "5"}
    figures = {NJ: {"population": "821.61", "insured_urban": "412.30", "counties": "12"}}
    saved = put(client, "/api/campaigns/js-2016/base-figures", figures)
    assert saved.status_code == 200, saved.content
    assert client.get("/api/campaigns/js-2016/base-figures").json() == {
        **defaults,
        NJ: {"population": "821.61", "insured_urban": "412.30", "counties": "12"},
    }


def test_a_city_can_neither_open_a_campaign_nor_set_base_figures(campaign, client_for, nanjing_leader):
    client = client_for(nanjing_leader)
    body = {
        "id": "nj-2016",
        "definition": "survey-2015@1",
        "org": PROVINCE,
        "opens": "2016-07-01",
        "closes": "2016-09-30",
    }
    refused = client.post("/api/campaigns", data=json.dumps(body), content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "无权开启任务（江苏省）：需要省管理员角色"
    assert put(client, "/api/campaigns/test-2015/base-figures", {NJ: {"population": "1"}}).status_code == 403


def test_tokens_are_created_once_listed_without_secret_and_revoked(client_for, nanjing_reporter, campaign):
    client = client_for(nanjing_reporter)
    created = client.post(
        "/api/tokens", data=json.dumps({"name": "报表脚本"}), content_type="application/json"
    )
    assert created.status_code == 201
    raw = created.json()["token"]
    listed = client.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["报表脚本"]
    assert raw not in json.dumps(listed)  # the secret is never shown again
    anonymous = client_for(None)
    assert anonymous.get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    # A token cannot mint more tokens: only a browser session can.
    minted = anonymous.post(
        "/api/tokens",
        data=json.dumps({"name": "x"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert minted.status_code == 401
    assert client.delete(f"/api/tokens/{listed[0]['id']}").json()["revoked"] is not None
    assert anonymous.get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_token_page_shows_a_new_token_once_and_revokes_it(
    client_for, nanjing_reporter, suzhou_reporter, campaign
):
    from kaoping.orgs.models import ApiToken

    client = client_for(nanjing_reporter)
    created = client.post("/accounts/tokens/", {"name": "月报脚本"})
    assert created.status_code == 200
    raw = re.search(r'data-testid="new-token">(kp_[^<]+)<', created.content.decode()).group(1)
    assert raw not in client.get("/accounts/tokens/").content.decode()  # shown once
    token = ApiToken.objects.get(name="月报脚本")
    # Another user cannot revoke it.
    assert client_for(suzhou_reporter).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None
    assert client_for(None).get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_table_endpoints_answer_404_for_an_evaluation_campaign(campaign, client_for, nanjing_reporter):
    from kaoping.collection.models import Campaign

    Campaign.objects.create(
        id="eval-x", title="考评", kind="evaluation", snapshot=campaign.snapshot, org_id=PROVINCE,
        opens=campaign.opens, closes=campaign.closes,
    )  # fmt: skip
    response = client_for(nanjing_reporter).get(f"/api/campaigns/eval-x/orgs/{NJ}/tables/T09")
    assert response.status_code == 404
    assert "不是调查任务" in response.json()["detail"]
