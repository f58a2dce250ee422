"""Who sees what, through the pages and the API: a city sees only its own self-assessment
and evidence; no city sees any result before publication; afterwards a city sees the
ranking and its own explanations, never another city's criteria."""

from __future__ import annotations

import io

import pytest
from tests.conftest import NANJING, SUZHOU

from kaoping.evaluation.assess import Entry, save_assessment, submit_assessment
from kaoping.evaluation.evidence import add_evidence
from kaoping.evaluation.reviews import publish
from kaoping.evaluation.scoring import evaluate

SECRET = "南京自评说明-7731"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def assessed(evaluation, personas):
    city = evaluate(evaluation).city(NANJING)
    save_assessment(
        personas.nanjing_leader,
        evaluation,
        NANJING,
        {c.key: Entry(str(c.points), SECRET) for c in city.criteria},
    )
    evidence = add_evidence(
        personas.nanjing_reporter, evaluation, NANJING, "leading_group", "成立文件.pdf", io.BytesIO(PDF)
    )
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    return evidence


def pages(evaluation_id: str, org: str, evidence: int) -> dict[str, str]:
    base = f"/evaluations/{evaluation_id}"
    return {
        "assess": f"{base}/orgs/{org}/",
        "evidence": f"{base}/evidence/{evidence}/",
        "api_assess": f"/api{base}/orgs/{org}/self-assessment",
        "api_evidence": f"/api{base}/evidence/{evidence}",
    }


def results_urls(evaluation_id: str, org: str) -> list[str]:
    base = f"/evaluations/{evaluation_id}"
    return [
        f"{base}/results/",
        f"{base}/results/{org}/",
        f"{base}/results/{org}/leading_group/",
        f"/api{base}/score",
        f"/api{base}/orgs/{org}/criteria/leading_group",
    ]


def test_a_city_reads_its_own_self_assessment_and_evidence(assessed, evaluation, personas, client_for):
    client = client_for(personas.nanjing_reporter)
    for name, url in pages(evaluation.pk, NANJING, assessed.pk).items():
        response = client.get(url)
        assert response.status_code == 200, name
    assert SECRET in client.get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/").content.decode()
    assert (
        b"".join(client.get(f"/evaluations/{evaluation.pk}/evidence/{assessed.pk}/").streaming_content) == PDF
    )


def test_another_city_sees_neither_the_self_assessment_nor_the_evidence(
    assessed, evaluation, personas, client_for
):
    client = client_for(personas.suzhou_reporter)
    for name, url in pages(evaluation.pk, NANJING, assessed.pk).items():
        response = client.get(url)
        body = response.content.decode() if not response.streaming else ""
        assert response.status_code == 403, name
        assert SECRET not in body
        assert "需要" in body  # the refusal names the roles that would be needed


def test_no_city_sees_any_result_before_publication(assessed, evaluation, personas, client_for):
    for user in (personas.nanjing_reporter, personas.nanjing_leader):
        client = client_for(user)
        for url in results_urls(evaluation.pk, NANJING):
            assert client.get(url).status_code == 403, url
        # the city's own pages show no reviewer or final score column
        page = client.get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/").content.decode()
        assert "最终得分" not in page and "专家评分" not in page
        assert client.get(f"/evaluations/{evaluation.pk}/results.xlsx").status_code == 403


def test_the_province_and_the_expert_see_results_before_publication(
    assessed, evaluation, personas, client_for
):
    for user in (personas.province_admin, personas.province_reviewer, personas.expert):
        client = client_for(user)
        for url in results_urls(evaluation.pk, NANJING):
            assert client.get(url).status_code == 200, (user.username, url)


def test_after_publication_a_city_sees_the_ranking_and_only_its_own_criteria(
    assessed, evaluation, personas, client_for
):
    publish(personas.province_admin, evaluation)
    client = client_for(personas.suzhou_reporter)
    document = client.get(f"/api/evaluations/{evaluation.pk}/score").json()
    assert document["published"] is True
    by_org = {c["org"]: c for c in document["cities"]}
    assert len(by_org) == 13
    # 南京 self-scored everything at full points; 持卡人数 counts its automatic 4.5 of 6.
    assert by_org[NANJING]["criteria"] == [] and by_org[NANJING]["total"] == 98.5
    assert len(by_org[SUZHOU]["criteria"]) == 34
    for url in results_urls(evaluation.pk, NANJING)[1:3] + results_urls(evaluation.pk, NANJING)[4:]:
        assert client.get(url).status_code == 403, url
    assert client.get(f"/evaluations/{evaluation.pk}/results/").status_code == 200
    own = client_for(personas.nanjing_reporter)
    for url in results_urls(evaluation.pk, NANJING):
        assert own.get(url).status_code == 200, url


def test_a_city_user_cannot_write_another_citys_assessment_through_the_api(evaluation, personas, client_for):
    client = client_for(personas.suzhou_reporter)
    body = {"criteria": {"leading_group": {"score": "2", "explanation": "x"}}, "reported": {}}
    response = client.put(
        f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment",
        body,
        content_type="application/json",
    )
    assert response.status_code == 403 and "市填报员" in response.json()["detail"]
    response = client.put(
        f"/api/evaluations/{evaluation.pk}/orgs/{SUZHOU}/self-assessment",
        body,
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json() == {"changed": 1}


def test_the_api_refuses_a_reviewer_writing_a_self_assessment(evaluation, personas, client_for):
    response = client_for(personas.expert).put(
        f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment",
        {"criteria": {"leading_group": {"score": "0"}}},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_api_reports_each_refused_score(evaluation, personas, client_for):
    response = client_for(personas.nanjing_reporter).put(
        f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment",
        {"criteria": {"leading_group": {"score": "1"}}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(response.json()["problems"]) == {"leading_group"}
