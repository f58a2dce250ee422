"""The evaluation's texts are bounded before they reach the database, with the bound in the
Chinese refusal (docs/spec.md §5.3): a self-assessment explanation (2000) on the page and the
API, a reported metric's text (500), a reviewer's reason and a reason for returning (2000), an
evidence file's name (200) on the page, the API and the service; nothing is saved."""

from __future__ import annotations

import io
import json

import pytest
from tests.conftest import NANJING

from kaoping.demo.evaluation import pdf_bytes
from kaoping.evaluation.assess import Entry, reopen_assessment, save_assessment, submit_assessment
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.models import Evidence, ReportedMetric, ReviewScore, SelfAssessment
from kaoping.evaluation.reviews import Review, save_reviews
from kaoping.evaluation.scoring import evaluate

EXPLANATION = "说明过长：最多 2000 个字，填写了 2001 个字"


def test_an_explanation_beyond_2000_is_refused_on_the_page_and_by_the_api(evaluation, personas, client_for):
    client = client_for(personas.nanjing_reporter)
    page = client.post(
        f"/evaluations/{evaluation.pk}/orgs/{NANJING}/",
        {"score:leading_group": "2", "explanation:leading_group": "说" * 2001},
    )
    assert page.status_code == 200 and EXPLANATION in page.content.decode()
    api = client.put(
        f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment",
        {"criteria": {"leading_group": {"score": "2", "explanation": "说" * 2001}}},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["problems"] == {"leading_group": EXPLANATION}
    assert not SelfAssessment.objects.exists()
    save_assessment(
        personas.nanjing_reporter, evaluation, NANJING, {"leading_group": Entry("2", "说" * 2000)}
    )
    assert SelfAssessment.objects.get().explanation == "说" * 2000


def test_a_reported_text_beyond_500_is_refused(evaluation, personas):
    with pytest.raises(EvaluationError) as refused:
        save_assessment(personas.nanjing_reporter, evaluation, NANJING, {}, {"county_quotas": "3、" * 300})
    assert refused.value.problems == {
        "county_quotas": "评分标准“县级机构、人员保障到位”：各县级单位信息化编制人数的填报内容过长："
        "最多 500 个字，填写了 600 个字"
    }
    assert not ReportedMetric.objects.exists()


def test_a_reviewers_reason_and_a_reason_for_returning_are_held_to_2000(evaluation, personas):
    city = evaluate(evaluation).city(NANJING)
    save_assessment(
        personas.nanjing_leader, evaluation, NANJING, {c.key: Entry(str(c.points), "") for c in city.criteria}
    )
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    with pytest.raises(EvaluationError) as refused:
        save_reviews(personas.expert, evaluation, NANJING, {"core_standards": Review("2", "理" * 2001)})
    assert refused.value.problems == {"core_standards": "理由过长：最多 2000 个字，填写了 2001 个字"}
    assert not ReviewScore.objects.exists()
    with pytest.raises(EvaluationError, match="退回理由过长：最多 2000 个字，填写了 2001 个字"):
        reopen_assessment(personas.province_admin, evaluation, NANJING, "退" * 2001)


def test_an_evidence_file_name_beyond_200_is_refused(evaluation, personas, client_for):
    name = "佐" * 201 + ".pdf"
    message = "文件名过长：最多 200 个字，此文件名有 205 个字，请改短后重新上传"
    client = client_for(personas.nanjing_reporter)
    upload = io.BytesIO(pdf_bytes("x"))
    upload.name = name
    page = client.post(
        f"/evaluations/{evaluation.pk}/orgs/{NANJING}/criteria/leading_group/evidence/",
        {"file": upload},
        follow=True,
    )
    assert message in page.content.decode()
    upload = io.BytesIO(pdf_bytes("x"))
    upload.name = name
    api = client.post(
        f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/criteria/leading_group/evidence", {"file": upload}
    )
    assert api.status_code == 422 and json.loads(api.content)["detail"] == message
    assert not Evidence.objects.exists()
