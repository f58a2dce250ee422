"""The targets of the evaluation settings page are set in a form — the rubric's default, one
value, a value per region group, a base figure times a factor, a value for single cities —
and stored as the settings the scoring reads; bad values are refused naming the target and
its criterion, and nothing is saved (docs/scoring.md, docs/用户手册.md 考评设置)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from tests.conftest import NANJING, SUZHOU

from kaoping.core.orgs import Org
from kaoping.core.scoring.targets import effective_target, resolve_target
from kaoping.evaluation.campaigns import rubric_for, settings_of, update_settings
from kaoping.evaluation.models import Evaluation


def url(evaluation) -> str:
    return f"/evaluations/{evaluation.pk}/settings/"


def post(client, evaluation, **fields: str):
    return client.post(url(evaluation), {"review_rule": "average", **fields})


def stored(evaluation) -> dict:
    return Evaluation.objects.get(pk=evaluation.pk).settings["targets"]


def target_for(evaluation, key: str, city: Org, figures: dict[str, Decimal]) -> Decimal | None:
    spec = effective_target(rubric_for(evaluation).targets[key], settings_of(evaluation).targets.get(key))
    return resolve_target(spec, city, figures).value


def test_the_page_offers_each_way_and_no_json(evaluation, personas, client_for):
    page = client_for(personas.province_admin).get(url(evaluation)).content.decode()
    assert "<textarea" not in page and "JSON" not in page
    assert 'data-testid="target-city_quota"' in page and "沿用考评标准默认：苏南 15，苏中 10，苏北 8" in page
    for way in ("各市统一目标值", "按地区分组设定", "按测算基数乘以倍数", "为个别城市单独设定"):
        assert way in page
    assert "用于评分：网络覆盖率达标" in page
    assert '<option value="insured_urban">城镇参保人数（万人）</option>' in page


def test_a_value_per_region_group_is_stored_and_shown_again(evaluation, personas, client_for):
    client = client_for(personas.province_admin)
    # the region groups in the rubric's order: 苏南, 苏中, 苏北
    fields = {"city_quota-mode": "region", "city_quota-region-0": "12", "city_quota-region-1": "9"}
    response = post(client, evaluation, **fields, **{"city_quota-region-2": "7"})
    assert response.status_code == 302
    assert stored(evaluation) == {"city_quota": {"by_region": {"苏南": "12", "苏中": "9", "苏北": "7"}}}
    suzhou = Org(SUZHOU, "苏州市", "city", region="苏南")
    assert target_for(evaluation, "city_quota", suzhou, {}) == Decimal(12)
    page = client.get(url(evaluation)).content.decode()
    assert re.search(r'name="city_quota-mode" value="region"[^>]*checked', page)
    assert re.search(r'name="city_quota-region-1" value="9"', page)


def test_a_formula_over_a_base_figure_is_stored_with_its_words(evaluation, personas, client_for):
    client = client_for(personas.province_admin)
    fields = {"ops_funds-mode": "formula", "ops_funds-base": "population", "ops_funds-factor": "2.5"}
    assert post(client, evaluation, **fields).status_code == 302
    assert stored(evaluation) == {"ops_funds": {"expr": "population * 2.5", "note": "常住人口（万人）× 2.5"}}
    nanjing = Org(NANJING, "南京市", "city", region="苏南")
    # 南京: 常住人口 100 万人 × 2.5 = 250 万元/年
    assert target_for(evaluation, "ops_funds", nanjing, {"population": Decimal(100)}) == Decimal(250)
    page = client.get(url(evaluation)).content.decode()
    assert re.search(f'name="ops_funds-city-{NANJING}"[^>]*placeholder="250"', page)


def test_one_value_then_back_to_the_default(evaluation, personas, client_for):
    client = client_for(personas.province_admin)
    post(client, evaluation, **{"upload_rate-mode": "value", "upload_rate-value": "85"})
    assert stored(evaluation) == {"upload_rate": {"value": "85"}}
    post(client, evaluation, **{"upload_rate-mode": "default", f"upload_rate-city-{SUZHOU}": "80"})
    assert stored(evaluation) == {"upload_rate": {"by_city": {SUZHOU: "80"}}}
    suzhou = Org(SUZHOU, "苏州市", "city", region="苏南")
    nanjing = Org(NANJING, "南京市", "city", region="苏南")
    assert target_for(evaluation, "upload_rate", suzhou, {}) == Decimal(80)
    assert target_for(evaluation, "upload_rate", nanjing, {}) == Decimal(90)  # the rubric's


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"network_coverage-mode": "value", "network_coverage-value": "-5"},
            "「网络覆盖率」（评分标准：网络覆盖率达标）目标值：确保该值大于或等于0。",
        ),
        (
            {"network_coverage-mode": "value"},
            "「网络覆盖率」（评分标准：网络覆盖率达标）请填写各市统一目标值",
        ),
        (
            {"city_quota-mode": "region", "city_quota-region-0": "12", "city_quota-region-1": "9"},
            "「市级信息化机构编制」（评分标准：市级人员编制、运维资金保障到位·市级人员编制）请填写苏北的目标值",
        ),
        (
            {"ops_funds-mode": "formula", "ops_funds-factor": "3"},
            "「年运维资金」（评分标准：市级人员编制、运维资金保障到位·运维资金）请选择测算基数并填写倍数",
        ),
        (
            {f"card_holders-city-{NANJING}": "1e13"},
            "「持卡人数」（评分标准：持卡人数达标）南京市：超出上限 1000000000000",
        ),
        (
            {f"card_holders-city-{NANJING}": "很多"},
            "「持卡人数」（评分标准：持卡人数达标）南京市：输入一个数字。",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_the_target_and_nothing_is_saved(
    evaluation, personas, client_for, fields, message
):
    update_settings(personas.province_admin, evaluation, {"targets": {"cert_usage": {"value": "75"}}})
    response = post(client_for(personas.province_admin), evaluation, **fields)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert stored(evaluation) == {"cert_usage": {"value": "75"}}


def test_a_formula_set_on_the_command_line_is_kept(evaluation, personas, client_for):
    targets = {"ops_funds": {"expr": "insured_urban * 3 + counties", "note": "参保人数×3加县数"}}
    update_settings(personas.province_admin, evaluation, {"targets": targets})
    client = client_for(personas.province_admin)
    page = client.get(url(evaluation)).content.decode()
    assert "保持命令行设定的公式：参保人数×3加县数" in page
    assert post(client, evaluation, **{"ops_funds-mode": "keep"}).status_code == 302
    assert stored(evaluation) == targets


def test_the_placeholder_follows_the_way_chosen(evaluation, personas, client_for):
    update_settings(
        personas.province_admin,
        evaluation,
        {"targets": {"card_holders": {"expr": "population * 0.5"}}},
    )
    page = client_for(personas.province_admin).get(url(evaluation)).content.decode()
    assert re.search(f'name="card_holders-city-{NANJING}"[^>]*placeholder="50"', page)  # 100 万人 × 0.5
