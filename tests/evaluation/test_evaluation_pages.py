"""The province's pages: open an evaluation, set targets, reviewers and the rule; the
self-assessment and review forms save through the services and show refusals at the row."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import NANJING, PROVINCE, SUZHOU

from kaoping.collection.models import Campaign
from kaoping.evaluation.models import Evaluation, SelfAssessment
from kaoping.evaluation.scoring import evaluate


def test_the_province_opens_an_evaluation_from_the_page(campaign, personas, client_for):
    client = client_for(personas.province_admin)
    form = {
        "id": "eval-page",
        "title": "",
        "org": PROVINCE,
        "survey": campaign.pk,
        "opens": "2015-09-01",
        "closes": "2099-01-01",
    }
    response = client.post("/evaluations/new/", form)
    assert response.status_code == 302 and response["Location"] == "/evaluations/eval-page/settings/"
    opened = Campaign.objects.get(pk="eval-page")
    assert (opened.kind, opened.title, opened.evaluation.survey_id) == (
        "evaluation",
        "江苏省人力资源社会保障信息化工作考评标准",
        campaign.pk,
    )
    assert client_for(personas.nanjing_leader).get("/evaluations/new/").status_code == 403


def test_the_settings_page_stores_rule_reviewers_and_city_targets(evaluation, personas, client_for):
    client = client_for(personas.province_admin)
    page = client.get(f"/evaluations/{evaluation.pk}/settings/").content.decode()
    assert 'placeholder="60"' in page  # 南京's default 持卡人数 target: 100 万人 × 0.6
    form = {
        "review_rule": "chief",
        "chief": personas.expert.username,
        f"card_holders-city-{NANJING}": "50",
        f"reviewers:{NANJING}": [personas.expert.username],
        "network_coverage-mode": "value",
        "network_coverage-value": "95",
    }
    response = client.post(f"/evaluations/{evaluation.pk}/settings/", form)
    assert response.status_code == 302
    stored = Evaluation.objects.get(pk=evaluation.pk).settings
    assert stored["review_rule"] == "chief" and stored["chief"] == personas.expert.username
    assert stored["reviewers"] == {NANJING: [personas.expert.username]}
    assert stored["targets"]["card_holders"] == {"by_city": {NANJING: "50"}}
    assert stored["targets"]["network_coverage"] == {"value": "95"}
    # 45 / 50 × 6 = 5.4
    assert evaluate(evaluation).city(NANJING).criterion("card_holders").auto == Decimal("5.4")


def test_the_settings_page_refuses_a_chief_rule_without_a_chief(evaluation, personas, client_for):
    response = client_for(personas.province_admin).post(
        f"/evaluations/{evaluation.pk}/settings/", {"review_rule": "chief", "chief": ""}
    )
    assert response.status_code == 200 and "选择“由主审专家决定”时须指定主审专家" in response.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).settings["review_rule"] == "average"


def test_the_self_assessment_form_saves_and_shows_a_refusal_at_its_row(evaluation, personas, client_for):
    client = client_for(personas.nanjing_reporter)
    url = f"/evaluations/{evaluation.pk}/orgs/{NANJING}/"
    refused = client.post(url, {"score:leading_group": "1", "explanation:leading_group": "已成立"})
    page = refused.content.decode()
    assert refused.status_code == 200 and "是否类评分只能得 0 分或 2 分" in page
    assert 'value="1"' in page  # what was typed stays in the form
    assert not SelfAssessment.objects.exists()
    saved = client.post(
        url,
        {"score:leading_group": "2", "explanation:leading_group": "已成立", "metric:network_coverage": "92"},
    )
    assert saved.status_code == 302
    assert SelfAssessment.objects.get(org=NANJING, criterion="leading_group").explanation == "已成立"
    assert (
        evaluate(evaluation).city(NANJING).criterion("network_coverage").auto == 4
    )  # 92 % of 100 %: the 0.9 band


def test_only_an_assigned_expert_opens_the_review_page(evaluation, personas, client_for):
    from tests.conftest import PASSWORD

    from kaoping.demo import ensure_user
    from kaoping.evaluation.campaigns import update_settings
    from kaoping.orgs.roles import Role

    other = ensure_user("p_zhuanjia9", "审核专家己", Role.EXPERT, PROVINCE, password=PASSWORD)
    update_settings(personas.province_admin, evaluation, {"reviewers": {NANJING: [other.username]}})
    assert (
        client_for(personas.expert).get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/review/").status_code
        == 403
    )
    assert (
        client_for(personas.expert).get(f"/evaluations/{evaluation.pk}/orgs/{SUZHOU}/review/").status_code
        == 200
    )
    assert client_for(other).get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/review/").status_code == 200
    assert (
        client_for(personas.nanjing_leader)
        .get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/review/")
        .status_code
        == 403
    )


def test_the_province_withdraws_a_publication_from_the_results_page(evaluation, personas, client_for):
    from kaoping.evaluation.reviews import publish

    publish(personas.province_admin, evaluation)
    client = client_for(personas.province_admin)
    assert "撤回发布" in client.get(f"/evaluations/{evaluation.pk}/results/").content.decode()
    response = client.post(f"/evaluations/{evaluation.pk}/withdraw/", {"reason": "数据有误"}, follow=True)
    assert "已撤回发布" in response.content.decode()
    assert not Evaluation.objects.get(pk=evaluation.pk).published
