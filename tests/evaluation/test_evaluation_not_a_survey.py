"""The survey's pages and API answer 404, not an error, when given an evaluation campaign."""

from __future__ import annotations


def test_survey_pages_refuse_an_evaluation_campaign(demo, client_for, personas):
    client = client_for(personas.province_admin)
    for url in (
        "/c/demo-eval-2015/320100/",
        "/c/demo-eval-2015/320100/T09/",
        "/api/campaigns/demo-eval-2015/orgs/320100/tables/T09",
    ):
        assert client.get(url).status_code == 404, url
    tasks = client.get("/").content.decode()
    assert "demo-eval-2015" not in tasks  # the evaluation is under 考评, not in the survey task list
