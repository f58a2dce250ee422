"""Texts are bounded before they reach the database, with the bound in a Chinese message, and
text no database can hold (a lone surrogate, JSON's ``"\\ud800"``) is refused with 400/422,
never a 500 (docs/spec.md §5.3): table cells (the column's declared max_length, else 500), 说明
(2000, and only for a rule of the table), API token names (100), on the service, the page and
the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest

from kaoping.collection.models import Explanation, Value
from kaoping.collection.services import SaveRefused, save_explanation, save_table
from kaoping.orgs.models import ApiToken

NJ = "320100"
T09 = f"/api/campaigns/test-2015/orgs/{NJ}/tables/T09"
EXPLAIN = f"/api/campaigns/test-2015/orgs/{NJ}/explanations"
REMARK = "不能保存 表9 南京市 备注：文字过长：最多 500 个字，填写了 501 个字"
SURROGATE = "请求内容无法解析：应为 UTF-8 编码的 JSON，且文字中不能含无法保存的字符（单独的代理字符）"


def put(client, url, body):  # type: ignore[no-untyped-def]
    return client.put(url, data=json.dumps(body), content_type="application/json")


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_text_cell_beyond_its_bound_is_refused_by_the_service_page_and_api(
    campaign, nanjing_reporter, client_for
):
    with pytest.raises(SaveRefused) as refused:
        save_table(nanjing_reporter, campaign, NJ, "T09", {(NJ, "remark"): "备" * 501}, 0)
    assert refused.value.message == REMARK
    client = client_for(nanjing_reporter)
    page = client.post(f"/c/{campaign.pk}/{NJ}/T09/save", {"base_version": "0", f"v:{NJ}:remark": "备" * 501})
    assert page.status_code == 400 and REMARK in page.content.decode()
    assert 'value="' + "备" * 501 + '"' in page.content.decode()  # what was typed stays in the form
    api = put(client, T09, {"base_version": 0, "values": {NJ: {"remark": "备" * 501}}})
    assert api.status_code == 422 and api.json()["detail"] == REMARK
    assert not Value.objects.exists()
    assert put(client, T09, {"base_version": 0, "values": {NJ: {"remark": "备" * 500}}}).status_code == 200
    assert Value.objects.get(column="remark").text == "备" * 500


def test_a_system_name_is_held_to_the_200_its_column_declares(campaign, province_admin, client_for):
    client = client_for(province_admin)
    added = post(client, "/api/campaigns/test-2015/orgs/320000/tables/T06/rows", {"section": "systems"})
    assert added.status_code in (200, 201), added.content
    row = added.json()["key"]
    body = {"base_version": added.json()["version"], "values": {row: {"name": "系" * 100_000}}}
    refused = put(client, "/api/campaigns/test-2015/orgs/320000/tables/T06", body)
    assert refused.status_code == 422
    assert refused.json()["cells"] == [
        {"row": row, "column": "name", "reason": "文字过长：最多 200 个字，填写了 100000 个字"}
    ]
    assert not Value.objects.filter(column="name").exists()


def test_a_note_for_a_rule_that_does_not_exist_is_refused(campaign, nanjing_reporter, client_for):
    message = "说明所答的审核规则不存在（或不属于此表），不能保存"
    with pytest.raises(SaveRefused, match=re.escape(message)):
        save_explanation(nanjing_reporter, campaign, NJ, "V99-NONE", "T09", NJ, None, "说明")
    client = client_for(nanjing_reporter)
    api = post(client, EXPLAIN, {"rule": "V99-NONE", "row": NJ, "text": "说明"})
    assert (api.status_code, api.json()["detail"]) == (422, message)
    long_id = post(client, EXPLAIN, {"rule": "V" * 100_000, "row": NJ, "text": "说明"})
    assert long_id.status_code == 422 and len(long_id.content) < 500  # the id is not echoed whole
    page = client.post(f"/c/{campaign.pk}/{NJ}/T09/explain", {"rule": "V99-NONE", "row": NJ, "text": "x"})
    assert (page.status_code, page.content.decode()) == (422, message)
    htmx = client.post(
        f"/c/{campaign.pk}/{NJ}/T09/explain",
        {"rule": "V99-NONE", "row": NJ, "text": "x"},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-testid="explain-refused">' + message in htmx.content.decode()
    assert not Explanation.objects.exists()


@pytest.mark.parametrize(("row", "column"), [("R" * 61, None), (NJ, "c" * 10_000)])
def test_a_note_naming_an_over_long_row_or_column_is_refused(campaign, nanjing_reporter, row, column):
    with pytest.raises(SaveRefused, match=r"说明所指的(行|栏目)不存在"):
        save_explanation(nanjing_reporter, campaign, NJ, "V09-BAL", "T09", row, column, "说明")


def test_a_note_is_held_to_2000_characters(campaign, nanjing_reporter, client_for):
    client = client_for(nanjing_reporter)
    refused = post(client, EXPLAIN, {"rule": "V09-BAL", "row": NJ, "text": "x" * 2_000_000})  # 2 MB
    assert (refused.status_code, refused.json()["detail"]) == (
        422,
        "说明过长：最多 2000 个字，填写了 2000000 个字",
    )
    page = client.post(
        f"/c/{campaign.pk}/{NJ}/T09/explain", {"rule": "V09-BAL", "row": NJ, "text": "说" * 2001}
    )
    assert (page.status_code, page.content.decode()) == (422, "说明过长：最多 2000 个字，填写了 2001 个字")
    assert not Explanation.objects.exists()
    assert post(client, EXPLAIN, {"rule": "V09-BAL", "row": NJ, "text": "说" * 2000}).status_code == 200
    assert Explanation.objects.get().text == "说" * 2000


def test_a_token_name_is_held_to_100_characters(campaign, nanjing_reporter, client_for):
    client = client_for(nanjing_reporter)
    refused = post(client, "/api/tokens", {"name": "令" * 101})
    assert (refused.status_code, refused.json()) == (
        422,
        {"detail": "令牌名称过长：最多 100 个字，填写了 101 个字"},
    )
    assert not ApiToken.objects.exists()
    assert post(client, "/api/tokens", {"name": "令" * 100}).status_code == 201


def json_operations(client) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every operation of the OpenAPI schema that reads a JSON body, its ids filled in."""
    schema = client.get("/api/openapi.json").json()
    ids = {"campaign_id": "test-2015", "org": NJ, "table_id": "T09", "evaluation_id": "test-2015"}
    ids |= {
        "criterion": "leading_group",
        "token_id": "1",
        "evidence_id": "1",
        "user_id": "1",
        "job_id": "1",
        "table": "T09",
    }
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                found.append((method, re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)))
    return found


def test_a_lone_surrogate_in_any_json_body_is_refused_with_400(
    campaign, province_admin, nanjing_reporter, client_for
):
    for user in (province_admin, nanjing_reporter):
        client = client_for(user)
        operations = json_operations(client)
        assert len(operations) >= 10
        for method, path in operations:
            for body in ('{"text": "\\ud800"}', '{"\\udfff": 1}', '{"values": {"a": ["\\ud83d"]}}'):
                response = getattr(client, method)(path, data=body, content_type="application/json")
                assert response.status_code in (400, 403), (method, path, response.status_code)
                if response.status_code == 400:
                    assert response.json() == {"detail": SURROGATE}
    assert not Value.objects.exists() and not Explanation.objects.exists()


def test_a_campaign_title_is_held_to_200_characters(campaign, province_admin, client_for):
    body = {"id": "long-2015", "definition": "survey-2015@1", "org": "320000"}
    body |= {"opens": "2015-07-01", "closes": "2015-12-31", "title": "任" * 201}
    refused = post(client_for(province_admin), "/api/campaigns", body)
    assert (refused.status_code, refused.json()) == (
        422,
        {"detail": "任务名称过长：最多 200 个字，填写了 201 个字"},
    )
    assert post(client_for(province_admin), "/api/campaigns", body | {"title": "任" * 200}).status_code == 201
