"""A value that cannot be used never breaks the scoring (docs/spec.md §7.6): its criterion,
its category subtotal and the city's total and rank are 无法计算 (None with the reason), never
0 and never an exception; the other cities keep their totals and are ranked among themselves.

Three 苏南 cities, scored on two criteria, worked out by hand:
  南京 coverage 100 → 6 (banded on the target 100); self-scored leading_group 2 → total 8, rank 1
  无锡 coverage 92 → 4 (≥ 90);                     self-scored leading_group 2 → total 6, rank 2
  常州 coverage <what cannot be used>;             self-scored leading_group 2 → 无法计算
常州 comes first in the tree's order and is listed last in the ranking.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org
from kaoping.core.rubric.loader import load_rubric
from kaoping.core.scoring import numbers
from kaoping.core.scoring.export import score_json
from kaoping.core.scoring.metrics import extract_metrics, parse_reported, read_reported
from kaoping.core.scoring.results import EvaluationResult
from kaoping.core.scoring.reviews import ReviewerScore
from kaoping.core.scoring.score import score_evaluation
from kaoping.core.scoring.targets import CampaignSettings
from kaoping.core.scoring.working import MetricValue, Unusable

D = Decimal
RUBRIC = load_rubric(Path(__file__).resolve().parents[2] / "definitions" / "rubric-jiangsu" / "v1")
PROVINCE = Org("320000", "江苏省", "province", "000000")
CHANGZHOU, NANJING, WUXI = (Org(c, n, "city", "320000", "苏南") for c, n in [
    ("320400", "常州"), ("320100", "南京"), ("320200", "无锡")
])  # fmt: skip
CITIES = [CHANGZHOU, NANJING, WUXI]
SELF = {c.code: {"leading_group": D(2)} for c in CITIES}
COVERAGE = RUBRIC.metrics["network_coverage"]
BAD: list[MetricValue] = [
    D("1" * 30),
    D("1e999999999"),
    D("-1e999999999"),
    D("NaN"),
    D("Infinity"),
    D("100.01"),  # just beyond the metric's declared max: 100 (%)
    read_reported(COVERAGE, "1e999999999"),  # a stored text the entry checks refuse
    read_reported(COVERAGE, "九十"),
]


def scored(bad: MetricValue, **more: object) -> EvaluationResult:
    metrics = {
        NANJING.code: {"network_coverage": D(100)},
        WUXI.code: {"network_coverage": D(92)},
        CHANGZHOU.code: {"network_coverage": bad},
    }
    return score_evaluation(
        RUBRIC,
        CampaignSettings(),
        CITIES,
        more.get("figures", {}),  # type: ignore[arg-type]
        metrics,
        more.get("self_scores", SELF),  # type: ignore[arg-type]
        more.get("reviews", ()),  # type: ignore[arg-type]
    )


def test_a_good_value_is_scored_as_before() -> None:
    result = scored(D(85))  # 常州 85 ≥ 80 → 2; total 4, rank 3
    assert [(c.org.name, c.total, c.rank) for c in result.ranking()] == [
        ("南京", D(8), 1),
        ("无锡", D(6), 2),
        ("常州", D(4), 3),
    ]


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_an_unusable_metric_makes_the_city_incalculable_not_zero(bad: MetricValue) -> None:
    result = scored(bad)
    changzhou = result.city(CHANGZHOU.code)
    coverage = changzhou.criterion("network_coverage")
    assert (coverage.auto, coverage.final, coverage.counted) == (None, None, None)
    assert coverage.problem is not None and "网络覆盖率" in coverage.problem
    assert "无法计算" in coverage.explanation and "无法计算" in coverage.parts[0].working.formula
    assert (changzhou.total, changzhou.rank, changzhou.display_total) == (None, None, None)
    assert changzhou.problem is not None and changzhou.problem.startswith("网络覆盖率达标：")
    assert (changzhou.shown_total, changzhou.shown_rank) == ("无法计算", "无法计算")
    # the category that holds the criterion cannot be added up; the others can
    assert changzhou.categories["platform"] is None and changzhou.categories["management"] == 2
    assert changzhou.shown_subtotal("platform") == "无法计算"
    # the others are ranked among themselves; 常州 comes last, unranked
    assert [(c.org.name, c.total, c.rank) for c in result.ranking()] == [
        ("南京", D(8), 1),
        ("无锡", D(6), 2),
        ("常州", None, None),
    ]


@pytest.mark.parametrize("bad", BAD, ids=str)
def test_the_score_document_says_null_with_the_reason(bad: MetricValue) -> None:
    document = score_json(scored(bad), published=True)
    text = json.dumps(document, allow_nan=False, ensure_ascii=False)  # finite numbers or null
    cities = json.loads(text)["cities"]
    assert [(c["name"], c["total"], c["rank"]) for c in cities] == [
        ("南京", 8.0, 1),
        ("无锡", 6.0, 2),
        ("常州", None, None),
    ]
    assert cities[0]["reason"] is None and "网络覆盖率" in cities[2]["reason"]
    coverage = next(c for c in cities[2]["criteria"] if c["key"] == "network_coverage")
    assert coverage["final"] is None and "网络覆盖率" in coverage["reason"]
    assert cities[2]["categories"]["platform"] is None and cities[2]["categories"]["management"] == 2.0


def test_an_unusable_base_figure_makes_its_target_incalculable() -> None:
    # 常州's 城镇参保人数 1e999999999: the 运维资金 target (× 3) cannot be computed, so
    # staff_and_funds (管理机制) is 无法计算; coverage 85 is still scored (2).
    figures = {CHANGZHOU.code: {"insured_urban": D("1e999999999")}}
    result = scored(D(85), figures=figures)
    changzhou = result.city(CHANGZHOU.code)
    staff = changzhou.criterion("staff_and_funds")
    assert staff.problem is not None and "城镇参保人数" in staff.problem
    assert changzhou.criterion("network_coverage").final == 2
    assert changzhou.categories["management"] is None and changzhou.categories["platform"] == 2
    assert changzhou.total is None and changzhou.rank is None


@pytest.mark.parametrize("stored", [D("1" * 30), D("1e999999999")])
def test_an_unusable_survey_value_makes_its_metric_incalculable(stored: Decimal) -> None:
    # 表13 运维经费 of 30 digits (÷ 4.5 is beyond the metric's bound) or 1e999999999 (÷ 4.5
    # overflows): 年均运维经费 cannot be used.
    data = SurveyData(PROVINCE, CITIES, {("T13", CHANGZHOU.code, "use_ops"): stored})
    metrics = extract_metrics(RUBRIC, data)
    result = score_evaluation(RUBRIC, CampaignSettings(), CITIES, {}, metrics, SELF)
    staff = result.city(CHANGZHOU.code).criterion("staff_and_funds")
    assert staff.problem is not None and "运维经费" in staff.problem
    assert result.city(CHANGZHOU.code).total is None
    assert result.city(NANJING.code).total == 2 and result.city(NANJING.code).rank == 1


@pytest.mark.parametrize("score", [D("NaN"), D("1e999999999"), D(5)])
def test_a_stored_self_or_reviewer_score_beyond_the_points(score: Decimal) -> None:
    own = {**SELF, CHANGZHOU.code: {"leading_group": score}}
    result = scored(D(85), self_scores=own)
    lead = result.city(CHANGZHOU.code).criterion("leading_group")
    assert lead.problem == "自评分不在 0–2 分之间" and result.city(CHANGZHOU.code).total is None
    reviews = [ReviewerScore(WUXI.code, "leading_group", "wang", score, "", "王专家")]
    result = scored(D(85), reviews=reviews)
    assert result.city(WUXI.code).criterion("leading_group").problem == "王专家的评分不在 0–2 分之间"
    assert result.city(CHANGZHOU.code).rank == 2  # 常州 4 behind 南京 8; 无锡 无法计算


def test_reported_values_are_bounded_on_entry() -> None:
    assert parse_reported(COVERAGE, "100") == 100
    with pytest.raises(ValueError, match=r"网络覆盖率：应在 0–100 % 之间"):
        parse_reported(COVERAGE, "100.5")
    with pytest.raises(ValueError, match="网络覆盖率：应在 0–100 % 之间"):
        parse_reported(COVERAGE, "1" * 30)
    for typed in ("1e999999999", "NaN", "Infinity", "1_000", "１２", "1,5", "0x10"):
        with pytest.raises(ValueError, match="不是数值"):
            parse_reported(COVERAGE, typed)
    quotas = RUBRIC.metrics["county_quotas"]  # a list: each number within max 10000
    assert parse_reported(quotas, "3、10000") == (3, 10000)
    with pytest.raises(ValueError, match="应在 0–10000 人 之间"):
        parse_reported(quotas, "3、10001")
    assert read_reported(COVERAGE, "1e999999999") == Unusable(
        "地市填报的网络覆盖率：“1e999999999”不是数值（请填写如 95.5 的数字）"
    )


def test_rounding_and_display_never_raise() -> None:
    for value in (D("1e999999999"), D("NaN"), D("-Infinity")):
        assert numbers.display(value) is value and numbers.score(value) is value  # left as stored
    assert numbers.display(D("1" * 30)) == D("1" * 30)  # 30 digits are rounded exactly
    assert numbers.fmt(D("1e999999999")) == "1E+999999999"
    assert numbers.fmt(D("1" * 30)) == "1" * 30
    assert numbers.fmt(D("2.255")) == "2.26" and numbers.display(D("2.25")) == D("2.3")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1e999999999", "targets.network_coverage：目标值超出上限 1000000000000"),
        ("1" * 30, "targets.network_coverage：目标值超出上限 1000000000000"),
        ("NaN", "targets.network_coverage：目标值不是有效的数值"),
    ],
)
def test_the_province_cannot_set_a_target_beyond_the_limit(value: str, message: str) -> None:
    from kaoping.core.scoring.settings import settings_from_json

    with pytest.raises(ValueError) as refused:
        settings_from_json({"targets": {"network_coverage": {"by_city": {"320100": value}}}}, RUBRIC)
    assert str(refused.value) == message.replace(".value", ".by_city.320100")
    assert settings_from_json({"targets": {"network_coverage": {"value": "95"}}}, RUBRIC).targets
