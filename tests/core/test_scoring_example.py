"""Jiangsu's 13 cities scored against rubric-jiangsu@1, every expected score worked out by
hand in the comments.

The example scores 13 of the rubric's 34 criteria (51 of its 100 points); the others have
no score yet and add nothing. Every city starts from the same "full marks" profile and
then deviates in one to three places, so each expected total is 51 minus the deviations:

  criterion (points)              method            where the number comes from
  staff_and_funds (4)             parts: 2 + 2
    · city_quota (2)              yes_no            表12 编制人数 ≥ region target (苏南 15, 苏中 10, 苏北 8)
    · ops_funds (2)               proportional      表13 运维经费 ÷ 4.5 vs 城镇参保人数 × 3 元
  county_staff (2)                share_compliant   each county's 编制 (reported) ≥ 3, ÷ 县级单位数
  county_business (2)             share_compliant   counties centralised (reported) ÷ 县级单位数
  network_coverage (6)            banded            reported %, target 100: ≥100 → 6, ≥90 → 4, ≥80 → 2
  upload_rate (5)                 banded            reported %, target 90: ≥90 → 5, ≥81 → 3, ≥72 → 1
  dr_centre (2)                   yes_no            reported 是/否
  certificates (1)                proportional      表11 证书用户 ÷ 用户 × 100 vs 70
  card_holders (6)                proportional      表5 持卡人数 vs 常住人口 × 0.6, or the city's own target
  website_assessment (5)          external          网站考核 score ÷ 100 × 5
  hotline_assessment (5)          external          12333考核 score ÷ 100 × 5
  core_standards (3)              judgement         reviewers
  city_business (8)               judgement         reviewers
  leading_group (2)               yes_no            reviewers (a person answers)
  total                                             51

The full-marks profile: 编制 20; 城镇参保 100 万人 → target 100 × 3 = 300 万元/年, 表13
运维经费 1350 万元 → 1350 ÷ 4.5 = 300 → 300 ÷ 300 × 2 = 2; every county 编制 3; every
county centralised; coverage 100; upload 95; DR centre 是; 表11 80 of 100 users → 80 ≥ 70
(capped at 1); 常住人口 500 → card target 500 × 0.6 = 300 万人, 表5 持卡人数 300; both
instruments 100; reviewer wang: core 3, city_business 8, leading_group 2.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org
from kaoping.core.rubric.loader import load_rubric
from kaoping.core.rubric.model import Rubric, TargetSpec
from kaoping.core.scoring.explain import what_it_takes
from kaoping.core.scoring.export import score_json
from kaoping.core.scoring.metrics import extract_metrics, merge_metrics
from kaoping.core.scoring.results import EvaluationResult
from kaoping.core.scoring.reviews import ReviewerScore
from kaoping.core.scoring.score import score_evaluation
from kaoping.core.scoring.targets import CampaignSettings
from kaoping.core.scoring.working import MetricValue

D = Decimal
RUBRIC_DIR = Path(__file__).resolve().parents[2] / "definitions" / "rubric-jiangsu" / "v1"
PROVINCE = Org("320000", "江苏省", "province", "000000")
# (code, name, region, county-level divisions — docs/spec.md §15.1)
CITIES = [
    ("320100", "南京", "苏南", 11),
    ("320200", "无锡", "苏南", 7),
    ("320300", "徐州", "苏北", 10),
    ("320400", "常州", "苏南", 6),
    ("320500", "苏州", "苏南", 9),
    ("320600", "南通", "苏中", 7),
    ("320700", "连云港", "苏北", 6),
    ("320800", "淮安", "苏北", 7),
    ("320900", "盐城", "苏北", 9),
    ("321000", "扬州", "苏中", 6),
    ("321100", "镇江", "苏南", 6),
    ("321200", "泰州", "苏中", 6),
    ("321300", "宿迁", "苏北", 5),
]
ORGS = [Org(code, name, "city", PROVINCE.code, region) for code, name, region, _ in CITIES]
COUNTIES = {code: n for code, _, _, n in CITIES}
CODE = {name: code for code, name, _, _ in CITIES}


def full_profile(code: str) -> dict[str, object]:
    return {
        "quota": 20,
        "use_ops": D(1350),
        "insured_urban": D(100),
        "population": D(500),
        "holders": D(300),
        "users": 100,
        "cert_users": 80,
        "county_quotas": tuple(D(3) for _ in range(COUNTIES[code])),
        "counties_centralised": D(COUNTIES[code]),
        "network_coverage": D(100),
        "upload_rate": D(95),
        "dr_centre": True,
        "website_score": D(100),
        "hotline_score": D(100),
    }


# The deviations from full marks, city by city.
DEVIATIONS: dict[str, dict[str, object]] = {
    # 无锡 (苏南): 编制 12 < 15 → city_quota 0 (−2). Total 51 − 2 = 49.
    "无锡": {"quota": 12},
    # 南通 (苏中): 编制 12 ≥ 10 → city_quota 2, the same 12 that fails in 苏南.
    # 城镇参保 200 万人 → target 200 × 3 = 600 万元/年; 1350 ÷ 4.5 = 300;
    # 300 ÷ 600 × 2 = 1 (−1). Total 50.
    "南通": {"quota": 12, "insured_urban": D(200)},
    # 徐州: county 编制 3,3,3,3,2,2,4,5,1,3 → 7 of 10 counties ≥ 3; 7 ÷ 10 × 2 = 1.4 (−0.6).
    # Total 50.4.
    "徐州": {"county_quotas": tuple(D(v) for v in (3, 3, 3, 3, 2, 2, 4, 5, 1, 3))},
    # 宿迁 (5 counties): only 4 counties reported, all ≥ 3 → 4 ÷ 5 × 2 = 1.6 (−0.4);
    # 3 counties centralised → 3 ÷ 5 × 2 = 1.2 (−0.8). Total 51 − 1.2 = 49.8.
    "宿迁": {"county_quotas": (D(3), D(4), D(3), D(6)), "counties_centralised": D(3)},
    # 常州: coverage 92 ≥ 90 → 4 (−2); upload 85 ≥ 0.9 × 90 = 81 → 3 (−2). Total 47.
    "常州": {"network_coverage": D(92), "upload_rate": D(85)},
    # 苏州: coverage 79.5 < 80 → 0 (−6); 表11 240 of 400 users = 60 %; 60 ÷ 70 × 1
    # = 0.857… → 0.86 (−0.14). Total 51 − 6.14 = 44.86, shown 44.9.
    "苏州": {"network_coverage": D("79.5"), "users": 400, "cert_users": 240},
    # 连云港: upload 70 < 0.8 × 90 = 72 → 0 (−5). Total 46.
    "连云港": {"upload_rate": D(70)},
    # 扬州: no DR centre → 0 (−2); website 86 → 86 ÷ 100 × 5 = 4.3 (−0.7). Total 48.3.
    "扬州": {"dr_centre": False, "website_score": D(86)},
    # 镇江: the province set its card target to 300 万人 (the default would be 800 × 0.6
    # = 480); 表5 240 → 240 ÷ 300 × 6 = 4.8 (−1.2); 12333 92 → 4.6 (−0.4). Total 49.4.
    "镇江": {"population": D(800), "holders": D(240), "hotline_score": D(92)},
    # 盐城: 城镇参保 150 → target 450 万元/年; 2000 ÷ 4.5 = 444.44…; 444.44… ÷ 450 × 2
    # = 1.975… → 1.98 (−0.02). Total 50.98, shown 51.0 — tied with 51.
    "盐城": {"insured_urban": D(150), "use_ops": D(2000)},
    # 淮安: coverage not reported and no reviewer yet: self-scores count (6, 3, 8, 2).
    # Total 51.
    "淮安": {"network_coverage": None},
    # 泰州: two assigned reviewers (average rule): core 2.5 and 2 → 2.25 (−0.75);
    # city_business 7 and 7 → 7 (−1). Total 49.25, shown 49.3 (half up).
    # 南京: the full profile. Total 51.
}


def profile(code: str, name: str) -> dict[str, object]:
    return {**full_profile(code), **DEVIATIONS.get(name, {})}


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(RUBRIC_DIR)


def survey(profiles: dict[str, dict[str, object]]) -> SurveyData:
    """表12, 表13, 表11 and 表5 of the linked survey, filled by hand."""
    values: dict[tuple[str, str, str], object] = {}
    for code, p in profiles.items():
        values[("T12", code, "city_centre_name")] = "信息中心"
        values[("T12", code, "city_quota")] = p["quota"]
        values[("T12", code, "city_staff")] = p["quota"]
        values[("T13", code, "use_ops")] = p["use_ops"]
        values[("T11", code, "users")] = p["users"]
        values[("T11", code, "cert_users")] = p["cert_users"]
        values[("T05", code, "holders")] = p["holders"]
    return SurveyData(PROVINCE, ORGS, values)  # type: ignore[arg-type]


REPORTED = ("county_quotas", "counties_centralised", "network_coverage", "upload_rate", "dr_centre")
INSTRUMENTS = ("website_score", "hotline_score")


@pytest.fixture(scope="module")
def result(rubric: Rubric) -> EvaluationResult:
    profiles = {code: profile(code, name) for code, name, _, _ in CITIES}
    from_survey = extract_metrics(rubric, survey(profiles))
    reported: dict[str, dict[str, MetricValue]] = {
        code: {k: p[k] for k in (*REPORTED, *INSTRUMENTS)}  # type: ignore[misc]
        for code, p in profiles.items()
    }
    figures = {
        code: {
            "population": p["population"],
            "insured_urban": p["insured_urban"],
            "counties": D(COUNTIES[code]),
        }
        for code, p in profiles.items()
    }
    reviews = []
    for code, name, _, _ in CITIES:
        if name in ("淮安", "泰州"):
            continue
        reviews += [
            ReviewerScore(code, "core_standards", "wang", D(3), "符合", "王专家"),
            ReviewerScore(code, "city_business", "wang", D(8), "全部集中", "王专家"),
            ReviewerScore(code, "leading_group", "wang", D(2), "有成立文件", "王专家"),
        ]
    tz = CODE["泰州"]
    reviews += [
        ReviewerScore(tz, "core_standards", "wang", D("2.5"), "个别接口不符", "王专家"),
        ReviewerScore(tz, "core_standards", "li", D(2), "数据标准执行不全", "李专家"),
        ReviewerScore(tz, "city_business", "wang", D(7), "工伤未集中", "王专家"),
        ReviewerScore(tz, "city_business", "li", D(7), "工伤未集中", "李专家"),
        ReviewerScore(tz, "leading_group", "wang", D(2), "", "王专家"),
        ReviewerScore(tz, "leading_group", "li", D(2), "", "李专家"),
    ]
    self_scores = {
        CODE["淮安"]: {
            "network_coverage": D(6),
            "core_standards": D(3),
            "city_business": D(8),
            "leading_group": D(2),
        },
        CODE["南京"]: {"leading_group": D(2), "core_standards": D("2.5")},
    }
    settings = CampaignSettings(
        targets={
            "card_holders": TargetSpec("card_holders", "持卡人数", "万人", by_city={CODE["镇江"]: D(300)})
        },
        review_rule="average",
        reviewers={tz: ("wang", "li")},
    )
    return score_evaluation(
        rubric, settings, ORGS, figures, merge_metrics(from_survey, reported), self_scores, reviews
    )


EXPECTED_TOTALS = {
    "南京": D(51),
    "无锡": D(49),
    "徐州": D("50.4"),
    "常州": D(47),
    "苏州": D("44.86"),
    "南通": D(50),
    "连云港": D(46),
    "淮安": D(51),
    "盐城": D("50.98"),
    "扬州": D("48.3"),
    "镇江": D("49.4"),
    "泰州": D("49.25"),
    "宿迁": D("49.8"),
}


def test_totals_worked_out_by_hand(result: EvaluationResult) -> None:
    assert {c.org.name: c.total for c in result.cities} == EXPECTED_TOTALS


def test_competition_ranks_on_one_decimal_totals(result: EvaluationResult) -> None:
    # Shown totals: 南京 51.0, 淮安 51.0, 盐城 51.0 (50.98) → all rank 1; then 徐州 50.4 is
    # 4th (not 2nd), 南通 50.0, 宿迁 49.8, 镇江 49.4, 泰州 49.3, 无锡 49.0, 扬州 48.3,
    # 常州 47.0, 连云港 46.0, 苏州 44.9.
    assert [(c.org.name, c.display_total, c.rank) for c in result.ranking()] == [
        ("南京", D("51.0"), 1),
        ("淮安", D("51.0"), 1),
        ("盐城", D("51.0"), 1),
        ("徐州", D("50.4"), 4),
        ("南通", D("50.0"), 5),
        ("宿迁", D("49.8"), 6),
        ("镇江", D("49.4"), 7),
        ("泰州", D("49.3"), 8),
        ("无锡", D("49.0"), 9),
        ("扬州", D("48.3"), 10),
        ("常州", D("47.0"), 11),
        ("连云港", D("46.0"), 12),
        ("苏州", D("44.9"), 13),
    ]


def test_category_subtotals(result: EvaluationResult) -> None:
    # 苏州: 管理机制 staff_and_funds 4 + county_staff 2 + core 3 + leading_group 2 = 11;
    # 基础平台 city_business 8 + county_business 2 + coverage 0 + DR 2 + certificates 0.86
    # = 12.86; 应用系统 nothing scored = 0; 社会保障卡 6; 资源开发 5; 公共服务 5 + 5 = 10.
    assert result.city(CODE["苏州"]).categories == {
        "management": D(11),
        "platform": D("12.86"),
        "applications": D(0),
        "card": D(6),
        "resources": D(5),
        "public_service": D(10),
    }


def score_of(result: EvaluationResult, city: str, criterion: str) -> Decimal | None:
    return result.city(CODE[city]).criterion(criterion).final


def test_region_dependent_target_same_quota_different_regions(result: EvaluationResult) -> None:
    wuxi = result.city(CODE["无锡"]).criterion("staff_and_funds")
    nantong = result.city(CODE["南通"]).criterion("staff_and_funds")
    # 编制 12 in both: 无锡 (苏南, ≥ 15) fails, 南通 (苏中, ≥ 10) passes.
    assert [p.working.score for p in wuxi.parts] == [D(0), D(2)]
    assert [p.working.score for p in nantong.parts] == [D(2), D(1)]
    assert wuxi.parts[0].working.target is not None and wuxi.parts[0].working.target.value == 15
    assert nantong.parts[0].working.target is not None and nantong.parts[0].working.target.value == 10
    assert "苏南" in wuxi.explanation and "12 人 < 目标 15 人" in wuxi.explanation


def test_computed_target_from_insured_population(result: EvaluationResult) -> None:
    funds = result.city(CODE["盐城"]).criterion("staff_and_funds").parts[1].working
    # target 150 万人 × 3 元 = 450 万元/年; metric 2000 ÷ 4.5 = 444.44… 万元/年 from 表13.
    assert funds.target is not None and funds.target.value == 450
    assert funds.metric is not None and isinstance(funds.metric.value, Decimal)
    assert funds.metric.value.quantize(D("0.01")) == D("444.44")
    assert funds.score == D("1.98")
    assert "150 × 3 = 450" in funds.target.how


def test_share_compliant_counties(result: EvaluationResult) -> None:
    assert score_of(result, "徐州", "county_staff") == D("1.4")
    assert score_of(result, "宿迁", "county_staff") == D("1.6")
    assert score_of(result, "宿迁", "county_business") == D("1.2")
    assert score_of(result, "南京", "county_business") == D(2)


def test_every_method_scores_at_least_twice(result: EvaluationResult) -> None:
    cities = ["南京", "无锡", "常州", "苏州", "扬州", "镇江", "泰州", "南通"]
    got = {(c, k): score_of(result, c, k) for c in cities for k in CRITERIA_BY_METHOD_FLAT}
    # yes_no: 无锡 编制 fails (0 of the part), 扬州 no DR centre (0), 南京 DR centre (2),
    # 南京 leading_group decided by the reviewer (2).
    assert got[("扬州", "dr_centre")] == 0 and got[("南京", "dr_centre")] == 2
    assert got[("南京", "leading_group")] == 2
    # proportional: 苏州 certificates 0.86, 镇江 card holders 4.8, 南通 funds part 1.
    assert got[("苏州", "certificates")] == D("0.86") and got[("镇江", "card_holders")] == D("4.8")
    # banded: 常州 coverage 4 and upload 3; 苏州 coverage 0.
    assert (got[("常州", "network_coverage")], got[("常州", "upload_rate")]) == (4, 3)
    assert got[("苏州", "network_coverage")] == 0
    # judgement: 泰州 core 2.25 (mean of 2.5 and 2), city_business 7.
    assert (got[("泰州", "core_standards")], got[("泰州", "city_business")]) == (D("2.25"), 7)
    # external: 扬州 website 4.3, 镇江 12333 4.6.
    assert (got[("扬州", "website_assessment")], got[("镇江", "hotline_assessment")]) == (D("4.3"), D("4.6"))


CRITERIA_BY_METHOD_FLAT = (
    "dr_centre",
    "leading_group",
    "certificates",
    "card_holders",
    "network_coverage",
    "upload_rate",
    "core_standards",
    "city_business",
    "website_assessment",
    "hotline_assessment",
)


def test_city_specific_target_set_by_the_campaign(result: EvaluationResult) -> None:
    card = result.city(CODE["镇江"]).criterion("card_holders").parts[0].working
    assert card.target is not None and card.target.value == 300 and "镇江" in card.target.how
    # Any other city keeps the default: 常住人口 500 × 0.6 = 300.
    other = result.city(CODE["南京"]).criterion("card_holders").parts[0].working
    assert other.target is not None and "500 × 0.6 = 300" in other.target.how


def test_self_scores_count_until_reviewed(result: EvaluationResult) -> None:
    huaian = result.city(CODE["淮安"])
    coverage = huaian.criterion("network_coverage")
    assert (coverage.auto, coverage.reviewed, coverage.final, coverage.self_score) == (None, None, None, 6)
    assert coverage.counted_from == "self" and coverage.counted == 6
    # 南京 self-scored core_standards 2.5 but the reviewer's 3 is final and counts.
    nanjing = result.city(CODE["南京"]).criterion("core_standards")
    assert (nanjing.self_score, nanjing.final, nanjing.counted) == (D("2.5"), 3, 3)


def test_what_it_takes(result: EvaluationResult) -> None:
    suzhou = result.city(CODE["苏州"]).criterion("network_coverage")
    # 79.5 < 80: the next band is ≥ 80 (2 points), full points at ≥ 100.
    assert [(n.value, n.points, n.full) for _, n in suzhou.needs] == [(80, 2, False), (100, 6, True)]
    assert what_it_takes(suzhou) == [
        "提升空间：网络覆盖率达标：网络覆盖率需达到 80 %，可得上一档 2 分",
        "提升空间：网络覆盖率达标：网络覆盖率需达到 100 %，可得满分 6 分",
    ]
    wuxi = result.city(CODE["无锡"]).criterion("staff_and_funds")
    assert [(p.key, n.value) for p, n in wuxi.needs] == [("city_quota", 15)]
    # 常州 upload 85 is in the 3-point band (≥ 81); the next band up is the top one, 1 × 90 = 90.
    changzhou = result.city(CODE["常州"]).criterion("upload_rate")
    assert [(n.value, n.points, n.full) for _, n in changzhou.needs] == [(90, 5, True)]
    # Full points already: nothing to take.
    assert result.city(CODE["南京"]).criterion("upload_rate").needs == ()


def test_explanation_names_metric_formula_target_reviewers(result: EvaluationResult) -> None:
    text = result.city(CODE["泰州"]).criterion("core_standards").explanation
    assert "王专家 2.5 分（个别接口不符）" in text and "李专家 2 分（数据标准执行不全）" in text
    assert "按平均规则取 2.25 分" in text and "计入总分：最终得分 2.25 分" in text
    funds = result.city(CODE["南通"]).criterion("staff_and_funds").explanation
    assert "表13 运维经费 ÷ 4.5 年" in funds and "300 ÷ 600 × 2 = 1" in funds


def test_score_json_follows_spec(result: EvaluationResult) -> None:
    document = score_json(result, published=True)
    assert document["published"] is True
    cities = document["cities"]
    assert isinstance(cities, list)
    top = cities[0]
    assert (top["org"], top["name"], top["total"], top["rank"]) == ("320100", "南京", 51.0, 1)
    tz = next(c for c in cities if c["name"] == "泰州")
    assert (tz["total"], tz["rank"]) == (49.3, 8)
    core = next(c for c in tz["criteria"] if c["key"] == "core_standards")
    # 2.25 shown half up to one decimal: 2.3.
    assert (core["points"], core["self"], core["reviewed"], core["final"], core["method"]) == (
        3,
        None,
        2.3,
        2.3,
        "judgement",
    )
    staff = next(c for c in top["criteria"] if c["key"] == "staff_and_funds")
    assert staff["method"] == "parts"
    assert [(p["key"], p["method"], p["result"]) for p in staff["parts"]] == [
        ("city_quota", "yes_no", 2.0),
        ("ops_funds", "proportional", 2.0),
    ]
    assert staff["parts"][1]["target"]["value"] == 300
    assert set(top["categories"]) == {
        "management",
        "platform",
        "applications",
        "card",
        "resources",
        "public_service",
    }
