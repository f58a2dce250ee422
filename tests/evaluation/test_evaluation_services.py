"""The evaluation's flow through its services: open, self-assess, submit, review, publish.

Numbers are worked out by hand from the rubric (definitions/rubric-jiangsu/v1) and the
fixture's figures (tests/evaluation/conftest.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from tests.conftest import NANJING, PASSWORD, PROVINCE, SUZHOU
from tests.evaluation.conftest import submit_all

from kaoping.collection.campaigns import CampaignError
from kaoping.collection.models import Campaign
from kaoping.demo import ensure_user
from kaoping.evaluation.assess import Entry, reopen_assessment, save_assessment, submit_assessment
from kaoping.evaluation.campaigns import EvaluationSpec, open_evaluation, update_settings
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.models import EvaluationLog, SelfAssessment
from kaoping.evaluation.reviews import Review, publish, save_reviews
from kaoping.evaluation.scoring import evaluate
from kaoping.orgs.roles import Role


def full_self_assessment(evaluation, user, org=NANJING) -> None:
    """Every criterion self-scored at full points (allowed by every method)."""
    city = evaluate(evaluation).city(org)
    save_assessment(user, evaluation, org, {c.key: Entry(str(c.points), "自评") for c in city.criteria})


def test_only_the_province_opens_an_evaluation(campaign, personas):
    spec = EvaluationSpec(
        id="x-eval", org=PROVINCE, survey=campaign.pk, opens=date(2015, 9, 1), closes=date(2099, 1, 1)
    )
    with pytest.raises(PermissionDenied, match="省管理员"):
        open_evaluation(personas.nanjing_leader, spec)
    opened = open_evaluation(personas.province_admin, spec)
    assert (opened.kind, opened.snapshot.ref, opened.snapshot.kind) == (
        "evaluation",
        "rubric-jiangsu@1",
        "rubric",
    )
    assert opened.evaluation.survey_id == campaign.pk


def test_a_refused_evaluation_keeps_nothing(campaign, personas):
    def spec(**changes):
        fields = dict(
            id="x-eval", org=PROVINCE, survey=campaign.pk, opens=date(2015, 9, 1), closes=date(2099, 1, 1)
        )
        return EvaluationSpec(**{**fields, **changes})

    refusals = [
        (spec(id=campaign.pk), f"任务编号 {campaign.pk} 已存在"),
        (spec(closes=date(2015, 8, 31)), "填报结束日期早于开始日期"),
        (spec(survey="no-such-survey"), "关联调查任务 no-such-survey 不存在或不属于江苏省"),
        (spec(settings={"review_rule": "chief"}), "须指定 chief"),
    ]
    for refused, message in refusals:
        with pytest.raises(CampaignError, match=message):
            open_evaluation(personas.province_admin, refused)
    assert not Campaign.objects.filter(pk="x-eval").exists()
    assert not Campaign.objects.filter(kind="evaluation").exists()


def test_settings_are_checked_against_the_rubric(evaluation, personas):
    with pytest.raises(CampaignError, match="须指定 chief"):
        update_settings(personas.province_admin, evaluation, {"review_rule": "chief"})
    with pytest.raises(CampaignError, match="没有这个目标"):
        update_settings(personas.province_admin, evaluation, {"targets": {"no_such": {"value": "1"}}})
    with pytest.raises(PermissionDenied):
        update_settings(personas.expert, evaluation, {})


def test_survey_metric_and_city_target_give_the_proportional_score(evaluation):
    # 持卡人数 45 万人 (表5) against 100 万人 × 0.6 = 60 万人: 45 / 60 × 6 = 4.5 points.
    card = evaluate(evaluation).city(NANJING).criterion("card_holders")
    assert card.auto == Decimal("4.5")
    assert "45" in card.explanation and "60" in card.explanation


def test_a_province_target_per_city_replaces_the_formula(evaluation, personas):
    # The province sets 南京's target to 50 万人: 45 / 50 × 6 = 5.4 points.
    update_settings(
        personas.province_admin, evaluation, {"targets": {"card_holders": {"by_city": {NANJING: "50"}}}}
    )
    assert evaluate(evaluation).city(NANJING).criterion("card_holders").auto == Decimal("5.4")


def test_a_reported_metric_is_scored_by_its_bands(evaluation, personas):
    # 网络覆盖率 95 % against the target 100 %: share 0.95 reaches the 0.9 band, 4 of 6 points.
    save_assessment(personas.nanjing_reporter, evaluation, NANJING, {}, {"network_coverage": "95"})
    result = evaluate(evaluation).city(NANJING).criterion("network_coverage")
    assert result.auto == Decimal(4)
    # what it would take: 100 % for full points
    assert [(n.value, n.points, n.full) for _, n in result.needs] == [(Decimal(100), Decimal(6), True)]


def test_a_self_score_the_method_does_not_allow_is_refused_and_nothing_is_saved(evaluation, personas):
    entries = {
        "leading_group": Entry("2", "已成立"),
        "staff_and_funds": Entry("9", ""),
        "core_standards": Entry("1.3", ""),
    }
    with pytest.raises(EvaluationError) as refused:
        save_assessment(personas.nanjing_reporter, evaluation, NANJING, entries)
    assert set(refused.value.problems) == {"staff_and_funds", "core_standards"}
    assert not SelfAssessment.objects.filter(campaign=evaluation).exists()
    save_assessment(personas.nanjing_reporter, evaluation, NANJING, {"leading_group": Entry("2", "已成立")})
    assert SelfAssessment.objects.get(campaign=evaluation, org=NANJING, criterion="leading_group").score == 2


def test_a_reporter_drafts_but_only_the_leader_submits(evaluation, personas):
    full_self_assessment(evaluation, personas.nanjing_reporter)
    with pytest.raises(PermissionDenied, match="市负责人"):
        submit_assessment(personas.nanjing_reporter, evaluation, NANJING)
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    with pytest.raises(EvaluationError, match=r"已于 .* 上报"):
        save_assessment(personas.nanjing_reporter, evaluation, NANJING, {"leading_group": Entry("0", "")})


def test_submitting_needs_every_criterion_self_scored(evaluation, personas):
    save_assessment(personas.nanjing_leader, evaluation, NANJING, {"leading_group": Entry("2", "")})
    with pytest.raises(EvaluationError, match="还有 33 项未自评"):
        submit_assessment(personas.nanjing_leader, evaluation, NANJING)


def test_the_province_returns_a_submission_with_a_reason(evaluation, personas):
    full_self_assessment(evaluation, personas.nanjing_leader)
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    with pytest.raises(EvaluationError, match="理由"):
        reopen_assessment(personas.province_admin, evaluation, NANJING, " ")
    with pytest.raises(PermissionDenied):
        reopen_assessment(personas.expert, evaluation, NANJING, "重新核对")
    reopen_assessment(personas.province_admin, evaluation, NANJING, "佐证材料不全")
    save_assessment(personas.nanjing_reporter, evaluation, NANJING, {"leading_group": Entry("0", "")})
    reopened = EvaluationLog.objects.get(campaign=evaluation, action="reopen", detail="佐证材料不全")
    reopened.detail = "改写"
    with pytest.raises(ValueError, match="考评记录只能追加，不能修改"):
        reopened.save()


def test_a_reviewer_cannot_change_a_self_assessment(evaluation, personas):
    for user in (personas.expert, personas.province_admin, personas.suzhou_reporter):
        with pytest.raises(PermissionDenied):
            save_assessment(user, evaluation, NANJING, {"leading_group": Entry("0", "")})


def test_reviewers_score_after_submission_and_give_a_reason_when_departing(evaluation, personas):
    full_self_assessment(evaluation, personas.nanjing_leader)
    with pytest.raises(EvaluationError, match="尚未上报"):
        save_reviews(personas.expert, evaluation, NANJING, {"leading_group": Review("2", "")})
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    # core_standards: self 3 (judgement, no automatic score); the expert gives 2 without a reason.
    with pytest.raises(EvaluationError) as refused:
        save_reviews(personas.expert, evaluation, NANJING, {"core_standards": Review("2", "")})
    assert "须说明理由" in refused.value.problems["core_standards"]
    # card_holders: automatic 4.5; confirming it needs no reason even though the self-score is 6.
    save_reviews(
        personas.expert,
        evaluation,
        NANJING,
        {"core_standards": Review("2", "标准执行不全"), "card_holders": Review("4.5", "")},
    )
    city = evaluate(evaluation).city(NANJING)
    assert (city.criterion("core_standards").final, city.criterion("card_holders").final) == (
        2,
        Decimal("4.5"),
    )
    with pytest.raises(PermissionDenied):
        save_reviews(personas.nanjing_leader, evaluation, NANJING, {"core_standards": Review("3", "")})


def test_two_reviewers_are_averaged_once_both_have_scored(evaluation, personas):
    second = ensure_user("p_zhuanjia2", "审核专家丁", Role.EXPERT, PROVINCE, password=PASSWORD)
    update_settings(
        personas.province_admin,
        evaluation,
        {"review_rule": "average", "reviewers": {NANJING: [personas.expert.username, second.username]}},
    )
    full_self_assessment(evaluation, personas.nanjing_leader)
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    save_reviews(personas.expert, evaluation, NANJING, {"core_standards": Review("2", "部分执行")})
    one = evaluate(evaluation).city(NANJING).criterion("core_standards")
    assert (one.reviewed, one.final) == (2, None)  # still waiting for the second reviewer
    save_reviews(second, evaluation, NANJING, {"core_standards": Review("2.5", "基本执行")})
    both = evaluate(evaluation).city(NANJING).criterion("core_standards")
    assert (both.reviewed, both.final) == (Decimal("2.25"), Decimal("2.25"))  # (2 + 2.5) / 2
    # a reviewer not assigned to the city is refused
    third = ensure_user("p_zhuanjia3", "审核专家戊", Role.EXPERT, PROVINCE, password=PASSWORD)
    with pytest.raises(PermissionDenied, match="未分配"):
        save_reviews(third, evaluation, NANJING, {"core_standards": Review("3", "")})


def test_under_the_chief_rule_the_chief_decides(evaluation, personas):
    second = ensure_user("p_zhuanjia2", "审核专家丁", Role.EXPERT, PROVINCE, password=PASSWORD)
    update_settings(personas.province_admin, evaluation, {"review_rule": "chief", "chief": second.username})
    full_self_assessment(evaluation, personas.nanjing_leader)
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    save_reviews(personas.expert, evaluation, NANJING, {"core_standards": Review("1", "执行较差")})
    save_reviews(second, evaluation, NANJING, {"core_standards": Review("2.5", "基本执行")})
    assert evaluate(evaluation).city(NANJING).criterion("core_standards").final == Decimal("2.5")


def test_publication_is_the_province_admins_and_freezes_the_scores(evaluation, personas):
    full_self_assessment(evaluation, personas.nanjing_leader)
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    for user in (personas.expert, personas.province_reviewer, personas.nanjing_leader):
        with pytest.raises(PermissionDenied):
            publish(user, evaluation)
    publish(personas.province_admin, evaluation)
    with pytest.raises(EvaluationError, match="已发布"):
        save_reviews(personas.expert, evaluation, NANJING, {"core_standards": Review("3", "")})
    with pytest.raises(EvaluationError, match="已发布"):
        save_assessment(personas.nanjing_reporter, evaluation, NANJING, {})
    with pytest.raises(EvaluationError, match="已发布"):
        publish(personas.province_admin, evaluation)


def test_totals_and_ranks_count_final_else_reviewed_else_self(evaluation, personas):
    # 南京 self-scores only leading_group 2; 苏州 nothing. Automatic scores count as final:
    # 南京 card_holders 4.5 → 南京 2 + 4.5 = 6.5; 苏州 has no survey data → 0.
    save_assessment(personas.nanjing_reporter, evaluation, NANJING, {"leading_group": Entry("2", "")})
    unsubmitted = evaluate(evaluation)  # nobody has submitted: totals, but no ranks (未自评)
    assert unsubmitted.city(NANJING).total == Decimal("6.5")
    assert {(c.rank, c.shown_rank) for c in unsubmitted.cities} == {(None, "未自评")}
    submit_all(evaluation)
    result = evaluate(evaluation)
    assert result.city(NANJING).total == Decimal("6.5")
    assert result.city(NANJING).categories["management"] == 2
    assert result.city(NANJING).rank == 1
    assert result.city(SUZHOU).total == 0
    # all 12 cities at 0 share rank 2
    assert sorted({c.rank for c in result.cities}) == [1, 2]


def test_a_withdrawn_publication_hides_the_results_from_the_cities_again(evaluation, personas, client_for):
    from kaoping.evaluation.reviews import withdraw

    publish(personas.province_admin, evaluation)
    client = client_for(personas.nanjing_reporter)
    assert client.get(f"/evaluations/{evaluation.pk}/results/").status_code == 200
    with pytest.raises(EvaluationError, match="理由"):
        withdraw(personas.province_admin, evaluation, "")
    with pytest.raises(PermissionDenied):
        withdraw(personas.expert, evaluation, "发现错误")
    withdraw(personas.province_admin, evaluation, "南京市网络覆盖率录入有误")
    assert client.get(f"/evaluations/{evaluation.pk}/results/").status_code == 403
    assert EvaluationLog.objects.filter(action="withdraw", detail="南京市网络覆盖率录入有误").exists()
