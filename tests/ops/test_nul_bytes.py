"""NUL characters are refused before they reach the database (PostgreSQL text cannot hold
them): found by schemathesis as a server error on POST /api/campaigns."""

from __future__ import annotations

import json

import pytest


def post_json(client, body):  # type: ignore[no-untyped-def]
    return client.post("/api/campaigns", json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_api_refuses_a_nul_in_a_json_body_with_a_chinese_message(client_for, province_admin):
    body = {"id": "js-2016", "definition": "survey-2015@1", "org": "32\u00000000"}
    body |= {"opens": "2016-07-01", "closes": "2016-09-30"}
    response = post_json(client_for(province_admin), body)
    assert response.status_code == 422
    assert "空字符" in response.json()["detail"]


@pytest.mark.django_db
def test_a_campaign_id_or_org_code_of_the_wrong_shape_is_a_422_not_a_500(client_for, province_admin):
    body = {"id": "demo-eval-2015", "definition": "rubric-jiangsu@1", "org": "Éé"}
    body |= {"opens": "2015-07-01", "closes": "2099-12-31"}
    response = post_json(client_for(province_admin), body)
    assert response.status_code == 422


@pytest.mark.django_db
def test_pages_refuse_a_nul_in_the_query_string(client_for, province_admin):
    response = client_for(province_admin).get("/?q=%00")
    assert response.status_code == 400
    assert "空字符" in response.content.decode()
