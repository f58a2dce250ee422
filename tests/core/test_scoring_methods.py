"""Scoring methods, targets, reviewers' rules, metrics and rounding, one behaviour each;
expected values worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kaoping.core.definitions.loader import load_survey
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org
from kaoping.core.rubric.loader import load_rubric
from kaoping.core.rubric.model import MethodParams, MetricDef, Rubric, TargetSpec
from kaoping.core.scoring import numbers
from kaoping.core.scoring.methods import (
    METHODS,
    Band,
    BandedParams,
    ExternalParams,
    JudgementParams,
    ShareParams,
)
from kaoping.core.scoring.metrics import extract_metrics, parse_reported
from kaoping.core.scoring.reviews import ReviewerScore, combine
from kaoping.core.scoring.score import check_score, review_problem, score_evaluation
from kaoping.core.scoring.settings import settings_from_json, settings_to_json
from kaoping.core.scoring.targets import CampaignSettings, effective_target, resolve_target
from kaoping.core.scoring.working import MetricValue, Quantity, Working

D = Decimal
RUBRIC_DIR = Path(__file__).resolve().parents[2] / "definitions" / "rubric-jiangsu" / "v1"
NANJING = Org("320100", "南京市", "city", "320000", "苏南")
YANGZHOU = Org("321000", "扬州市", "city", "320000", "苏中")


class FakeLookup:
    def __init__(
        self, metric: MetricValue, target: Decimal | None = None, units: Decimal | None = None
    ) -> None:
        self._metric, self._target, self._units = metric, target, units

    def metric(self, key: str) -> Quantity:
        return Quantity(key, "指标", "%", self._metric, "测试")

    def target(self, key: str) -> Quantity:
        return Quantity(key, "目标", "%", self._target, "测试目标")

    def figure(self, key: str) -> Quantity:
        return Quantity(key, "县级单位数", "个", self._units, "基础数据")


def run(kind: str, params: MethodParams, points: int, look: FakeLookup) -> Working:
    return METHODS[kind].score(params, D(points), look)


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(RUBRIC_DIR)


# --- rounding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"), [("2.25", "2.3"), ("2.24", "2.2"), ("0.05", "0.1"), ("50.98", "51.0")]
)
def test_display_rounds_half_up_to_one_decimal(value: str, shown: str) -> None:
    assert numbers.display(D(value)) == D(shown)


def test_fmt_drops_trailing_zeros() -> None:
    assert (numbers.fmt(D("2.0E+2")), numbers.fmt(D("1.50")), numbers.fmt(D("0.857142"))) == (
        "200",
        "1.5",
        "0.86",
    )


# --- methods ----------------------------------------------------------------------------


def test_proportional_is_capped_at_full_points() -> None:
    params = METHODS["proportional"].params(metric="m", target="t")
    # 150 ÷ 100 × 6 = 9 → capped at 6; 45 ÷ 60 × 6 = 4.5.
    assert run("proportional", params, 6, FakeLookup(D(150), D(100))).score == 6
    below = run("proportional", params, 6, FakeLookup(D(45), D(60)))
    assert below.score == D("4.5") and [n.value for n in below.needs] == [60]


def test_proportional_without_a_usable_target_is_not_scored() -> None:
    params = METHODS["proportional"].params(metric="m", target="t")
    assert run("proportional", params, 6, FakeLookup(D(45), D(0))).score is None
    missing = run("proportional", params, 6, FakeLookup(None, D(60)))
    assert missing.score is None and missing.missing == ("指标",)


def test_banded_with_absolute_thresholds() -> None:
    params = BandedParams(metric="m", bands=[Band(min=D(95), points=D(5)), Band(min=D(80), points=D(2))])
    # 95 → 5; 94.9 → 2 (next band 95 for 5); 79 → 0 (next band 80 for 2, full at 95).
    assert run("banded", params, 5, FakeLookup(D(95))).score == 5
    middle = run("banded", params, 5, FakeLookup(D("94.9")))
    assert middle.score == 2 and [(n.value, n.points) for n in middle.needs] == [(95, 5)]
    low = run("banded", params, 5, FakeLookup(D(79)))
    assert low.score == 0 and [(n.value, n.points, n.full) for n in low.needs] == [
        (80, 2, False),
        (95, 5, True),
    ]


def test_share_compliant_from_a_count_is_capped() -> None:
    params = ShareParams(metric="m", units="counties")
    # 4 of 6 counties: 4 ÷ 6 × 2 = 1.333… → 1.33; 8 "of" 6 → full 2.
    assert run("share_compliant", params, 2, FakeLookup(D(4), units=D(6))).score == D("1.33")
    assert run("share_compliant", params, 2, FakeLookup(D(8), units=D(6))).score == 2
    assert run("share_compliant", params, 2, FakeLookup(D(4), units=D(0))).score is None


def test_share_compliant_from_per_unit_values() -> None:
    params = ShareParams(metric="m", units="counties", unit_target="t")
    # 编制 5, 2, 3 against ≥ 3 in 4 counties: 2 comply; 2 ÷ 4 × 2 = 1.
    working = run("share_compliant", params, 2, FakeLookup((D(5), D(2), D(3)), D(3), D(4)))
    assert working.score == 1
    assert "未报的按不达标计" in working.formula


def test_external_scales_and_refuses_out_of_range() -> None:
    params = ExternalParams(metric="m", instrument="网站考核办法", out_of=D(120))
    # 90 of 120 → 90 ÷ 120 × 5 = 3.75.
    assert run("external", params, 5, FakeLookup(D(90))).score == D("3.75")
    assert run("external", params, 5, FakeLookup(D(121))).score is None


def test_yes_no_with_a_reported_answer_and_without_data() -> None:
    answer = METHODS["yes_no"].params(metric="m")
    assert run("yes_no", answer, 2, FakeLookup(True)).score == 2
    assert run("yes_no", answer, 2, FakeLookup(False)).score == 0
    assert run("yes_no", METHODS["yes_no"].params(), 2, FakeLookup(None)).score is None


def test_judgement_is_never_automatic() -> None:
    working = run("judgement", JudgementParams(step=D("0.5")), 3, FakeLookup(D(100)))
    assert working.score is None and "0–3 分" in working.formula


def test_scores_a_person_may_give(rubric: Rubric) -> None:
    assert check_score(rubric.criterion("leading_group"), D(2)) is None
    assert check_score(rubric.criterion("leading_group"), D(1)) == "是否类评分只能得 0 分或 2 分"
    assert check_score(rubric.criterion("core_standards"), D("2.5")) is None
    assert check_score(rubric.criterion("core_standards"), D("2.3")) is not None
    assert check_score(rubric.criterion("network_coverage"), D(3)) == "分档评分只能取：0、2、4、6 分"
    assert check_score(rubric.criterion("staff_and_funds"), D("3.5")) is None  # parts: 0 … 4
    assert check_score(rubric.criterion("staff_and_funds"), D(5)) is not None


# --- targets ----------------------------------------------------------------------------


def test_target_order_city_then_region(rubric: Rubric) -> None:
    spec = rubric.targets["city_quota"]
    assert resolve_target(spec, NANJING, {}).value == 15
    assert resolve_target(spec, YANGZHOU, {}).value == 10
    own = effective_target(spec, TargetSpec("city_quota", "", by_city={"320100": D(18)}))
    assert resolve_target(own, NANJING, {}).value == 18
    assert resolve_target(own, YANGZHOU, {}).value == 10  # the region default still holds


def test_a_city_outside_every_region_has_no_target(rubric: Rubric) -> None:
    lone = Org("329900", "某市", "city", "320000", None)
    target = resolve_target(rubric.targets["city_quota"], lone, {})
    assert target.value is None and target.how == "未为未分组设定目标"


def test_computed_target_needs_its_base_figure(rubric: Rubric) -> None:
    spec = rubric.targets["ops_funds"]
    # 120 万人 × 3 元/人·年 = 360 万元/年.
    assert resolve_target(spec, NANJING, {"insured_urban": D(120)}).value == 360
    missing = resolve_target(spec, NANJING, {"population": D(900)})
    assert missing.value is None and "缺少基础数据：城镇参保人数" in missing.how


def test_campaign_replaces_a_default_formula_with_a_number(rubric: Rubric) -> None:
    spec = effective_target(rubric.targets["ops_funds"], TargetSpec("ops_funds", "", value=D(500)))
    assert resolve_target(spec, NANJING, {"insured_urban": D(120)}).value == 500


# --- reviewers --------------------------------------------------------------------------


def review(reviewer: str, score: str) -> ReviewerScore:
    return ReviewerScore("320100", "core_standards", reviewer, D(score))


def test_average_waits_for_every_assigned_reviewer() -> None:
    settings = CampaignSettings(review_rule="average")
    waiting = combine([review("wang", "3")], settings, ("wang", "li"))
    assert (waiting.reviewed, waiting.decided) == (3, None) and "尚待 li 评分" in waiting.how
    # (3 + 2) ÷ 2 = 2.5
    done = combine([review("wang", "3"), review("li", "2")], settings, ("wang", "li"))
    assert (done.reviewed, done.decided) == (D("2.5"), D("2.5"))


def test_chief_reviewer_decides() -> None:
    settings = CampaignSettings(review_rule="chief", chief="zhao")
    others = [review("wang", "3"), review("li", "2")]
    before = combine(others, settings, ())
    assert (before.reviewed, before.decided) == (D("2.5"), None)
    after = combine([*others, review("zhao", "1.5")], settings, ())
    assert (after.reviewed, after.decided) == (D("1.5"), D("1.5"))


# --- metrics ----------------------------------------------------------------------------


@pytest.mark.parametrize("with_definition", [False, True])
def test_survey_metrics_blank_zero_and_no_centre(rubric: Rubric, with_definition: bool) -> None:
    province = Org("320000", "江苏省", "province")
    cities = [NANJING, YANGZHOU]
    data = SurveyData(
        province,
        cities,
        {
            # 南京: a 信息中心 with 编制 18; 表11 with 0 users (no rate); 表13 运维 90 万元.
            ("T12", "320100", "city_quota"): 18,
            ("T11", "320100", "users"): 0,
            ("T11", "320100", "cert_users"): 0,
            ("T13", "320100", "use_ops"): D(90),
            # 扬州: no 信息中心, a department with 4 IT staff → 编制 0, 实有 4.
            ("T12", "321000", "dept"): "办公室",
            ("T12", "321000", "dept_staff"): 4,
        },
    )
    survey = load_survey(RUBRIC_DIR.parents[1] / "survey-2015" / "v1") if with_definition else None
    metrics = extract_metrics(rubric, data, survey)
    assert metrics["320100"]["city_quota"] == 18
    assert metrics["320100"]["cert_usage"] is None  # 0 ÷ 0: not computable
    assert metrics["320100"]["ops_funds"] == 20  # 90 ÷ 4.5
    assert metrics["320100"]["card_holders"] is None  # 表5 blank
    assert (metrics["321000"]["city_quota"], metrics["321000"]["city_staff"]) == (0, 4)


def test_parse_reported_values() -> None:
    number = MetricDef("m", "网络覆盖率", "%")
    assert parse_reported(number, " 92.5 ") == D("92.5")
    assert parse_reported(number, "") is None
    with pytest.raises(ValueError, match="网络覆盖率：“九十”不是数值"):
        parse_reported(number, "九十")
    with pytest.raises(ValueError, match="不小于 0"):
        parse_reported(number, "-1")
    assert parse_reported(MetricDef("b", "灾备中心", kind="bool"), "是") is True
    assert parse_reported(MetricDef("l", "编制", kind="list"), "3、4，5") == (D(3), D(4), D(5))


# --- campaign settings as JSON --------------------------------------------------------


def test_settings_round_trip_and_apply(rubric: Rubric) -> None:
    data = {
        "targets": {
            "card_holders": {"by_city": {"321100": "300"}},
            "ops_funds": {"expr": "insured_urban * 4"},
        },
        "review_rule": "chief",
        "chief": "zhao",
        "reviewers": {"321100": ["zhao", "wang"]},
    }
    settings = settings_from_json(data, rubric)
    assert settings_from_json(settings_to_json(settings), rubric) == settings
    funds = effective_target(rubric.targets["ops_funds"], settings.targets["ops_funds"])
    # The province raised the rate to 4 元/人·年: 120 万人 × 4 = 480 万元/年.
    assert resolve_target(funds, NANJING, {"insured_urban": D(120)}).value == 480


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"targets": {"no_such": {"value": 1}}}, "targets.no_such：评分标准中没有这个目标"),
        ({"targets": {"ops_funds": {"expr": "insured_urban ** 2"}}}, "不支持乘方运算"),
        ({"targets": {"ops_funds": {"expr": "salary * 3"}}}, "名称 salary 不可用"),
        ({"targets": {"ops_funds": {"value": 1, "expr": "insured_urban * 3"}}}, "只能给出一个"),
        ({"review_rule": "chief"}, "须指定 chief"),
        ({"review_rule": "vote"}, "考评设置格式错误"),
    ],
)
def test_bad_settings_are_refused(rubric: Rubric, data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings_from_json(data, rubric)


def test_a_reviewer_changing_a_score_gives_a_reason(rubric: Rubric) -> None:
    city = Org("320100", "南京市", "city", "320000", "苏南")
    result = score_evaluation(
        rubric,
        CampaignSettings(),
        [city],
        {},
        {"320100": {"dr_centre": True}},
        {"320100": {"core_standards": D(3)}},
    ).cities[0]
    dr, core = rubric.criterion("dr_centre"), rubric.criterion("core_standards")
    # DR centre scored 2 from the city's report: confirming needs no reason, 0 does.
    assert review_problem(dr, D(2), "", result.criterion("dr_centre")) is None
    assert (
        review_problem(dr, D(0), "", result.criterion("dr_centre"))
        == "评分 0 分与自动计分 2 分不同，须说明理由"
    )
    assert review_problem(dr, D(0), "灾备机房未投入使用", result.criterion("dr_centre")) is None
    assert review_problem(core, D("2.5"), "", result.criterion("core_standards")) == (
        "评分 2.5 分与自评分 3 分不同，须说明理由"
    )
    assert review_problem(core, D("2.7"), "理由", result.criterion("core_standards")) is not None
