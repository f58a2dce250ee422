"""The rubric loader refuses broken definitions and names the file, the key and the reason."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from kaoping.core.definitions.loader import load_survey
from kaoping.core.definitions.problems import DefinitionError, DefinitionProblem
from kaoping.core.rubric.checks import survey_reference_problems
from kaoping.core.rubric.dump import dump_rubric
from kaoping.core.rubric.loader import check_rubric_paths, load_rubric, load_rubric_from_text
from kaoping.core.rubric.model import MetricDef

RUBRIC_DIR = Path(__file__).resolve().parents[2] / "definitions" / "rubric-jiangsu" / "v1"
SOURCE = "definitions/rubric-jiangsu/v1/rubric.yaml"
Data = dict[str, Any]


@pytest.fixture(scope="module")
def original() -> Data:
    data: Data = yaml.safe_load((RUBRIC_DIR / "rubric.yaml").read_text(encoding="utf-8"))
    return data


def problems_after(original: Data, change: Callable[[Data], None]) -> list[DefinitionProblem]:
    data = copy.deepcopy(original)
    change(data)
    with pytest.raises(DefinitionError) as caught:
        load_rubric_from_text(yaml.safe_dump(data, allow_unicode=True), SOURCE)
    return caught.value.problems


def category(data: Data, key: str) -> Data:
    return next(c for c in data["categories"] if c["key"] == key)


def item(data: Data, cat: str, key: str) -> Data:
    return next(i for i in category(data, cat)["items"] if i["key"] == key)


def criterion(data: Data, cat: str, it: str, key: str) -> Data:
    return next(c for c in item(data, cat, it)["criteria"] if c["key"] == key)


def test_the_jiangsu_rubric_loads(original: Data) -> None:
    rubric = load_rubric(RUBRIC_DIR)
    assert rubric.ref == "rubric-jiangsu@1"
    assert rubric.points == 100
    staff = rubric.criterion("staff_and_funds")
    assert [(p.key, p.points, p.method.kind) for p in staff.parts] == [
        ("city_quota", 2, "yes_no"),
        ("ops_funds", 2, "proportional"),
    ]


def test_dump_has_the_spec_shape() -> None:
    dumped = dump_rubric(load_rubric(RUBRIC_DIR))
    assert dumped["id"] == "rubric-jiangsu" and dumped["version"] == 1
    categories = dumped["categories"]
    assert isinstance(categories, list)
    first = categories[0]
    assert (first["key"], first["label"], first["points"]) == ("management", "管理机制", 17)
    staff = first["items"][0]["criteria"][1]
    assert staff["method"] == "parts"
    assert [(p["key"], p["points"], p["method"]) for p in staff["parts"]] == [
        ("city_quota", 2, "yes_no"),
        ("ops_funds", 2, "proportional"),
    ]


def test_parts_that_do_not_add_up_to_their_criterion(original: Data) -> None:
    def change(d: Data) -> None:
        criterion(d, "management", "organisation", "staff_and_funds")["parts"][1]["points"] = 3

    found = problems_after(original, change)
    assert [(p.file, p.table, p.key) for p in found] == [
        (SOURCE, "rubric", "management.organisation.staff_and_funds")
    ]
    assert "组成部分分值合计 5 分，与本项 4 分不符" in found[0].message
    assert str(found[0]).startswith(f"{SOURCE}: rubric/management.organisation.staff_and_funds: ")


def test_criteria_that_do_not_add_up_to_their_item(original: Data) -> None:
    def change(d: Data) -> None:
        criterion(d, "management", "rules", "operations_rules")["points"] = 2

    found = problems_after(original, change)
    assert [(p.key, p.message) for p in found] == [
        ("management.rules", "所属评分标准分值合计 5 分，与本项 4 分不符")
    ]


def test_items_that_do_not_add_up_to_their_category(original: Data) -> None:
    def change(d: Data) -> None:
        category(d, "card")["points"] = 16

    found = problems_after(original, change)
    keys = [p.key for p in found]
    # The category no longer matches its items, and the categories no longer make 100.
    assert keys == ["categories", "card"]
    assert found[0].message == "各工作分类分值合计 101 分，应为 100 分"
    assert found[1].message == "所属工作项目分值合计 15 分，与本项 16 分不符"


def test_categories_that_do_not_make_100(original: Data) -> None:
    def change(d: Data) -> None:
        d["categories"] = d["categories"][:-1]

    found = problems_after(original, change)
    assert [(p.key, p.message) for p in found] == [("categories", "各工作分类分值合计 85 分，应为 100 分")]


def test_unknown_method(original: Data) -> None:
    def change(d: Data) -> None:
        criterion(d, "platform", "security", "dr_centre")["method"] = {"kind": "coin_toss"}

    found = problems_after(original, change)
    assert [p.key for p in found] == ["platform.security.dr_centre"]
    assert "未知的评分方法 'coin_toss'" in found[0].message


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ({"kind": "judgement", "step": 0.5, "colour": "red"}, "参数 colour：不允许的键"),
        ({"kind": "judgement", "step": 0.4}, "满分 1 不是步长 0.4 的整数倍"),
        ({"kind": "proportional", "metric": "cert_usage"}, "缺少 target（目标）"),
        (
            {"kind": "proportional", "metric": "no_such_metric", "target": "cert_usage"},
            "未定义的指标 no_such_metric",
        ),
        (
            {"kind": "proportional", "metric": "cert_usage", "target": "no_such_target"},
            "未定义的目标 no_such_target",
        ),
        ({"kind": "yes_no", "metric": "cert_usage"}, "指标 cert_usage 的类型 number 不适用（应为 bool）"),
        ({"kind": "banded", "metric": "cert_usage"}, "参数 bands：缺少必填项"),
        (
            {
                "kind": "banded",
                "metric": "cert_usage",
                "bands": [{"min": 50, "points": 1}, {"min": 60, "points": 0.5}],
            },
            "第 2 档的门槛和分数应低于上一档",
        ),
        (
            {"kind": "banded", "metric": "cert_usage", "bands": [{"min_share": 1, "points": 1}]},
            "缺少 target（目标）",
        ),
        (
            {"kind": "external", "metric": "website_score", "instrument": "网站考核办法", "out_of": 0},
            "out_of",
        ),
        (
            {
                "kind": "share_compliant",
                "metric": "county_quotas",
                "units": "towns",
                "unit_target": "county_quota",
            },
            "units 应为基础数据",
        ),
        ({"kind": "share_compliant", "metric": "county_quotas", "units": "counties"}, "需要 unit_target"),
    ],
)
def test_bad_method_parameters(original: Data, method: Data, expected: str) -> None:
    def change(d: Data) -> None:
        criterion(d, "platform", "security", "certificates")["method"] = method

    found = problems_after(original, change)
    assert [p.key for p in found] == ["platform.security.certificates"]
    assert expected in found[0].message


def test_a_criterion_with_both_method_and_parts(original: Data) -> None:
    def change(d: Data) -> None:
        criterion(d, "management", "organisation", "staff_and_funds")["method"] = {"kind": "yes_no"}

    found = problems_after(original, change)
    assert [(p.key, p.message) for p in found] == [
        ("management.organisation.staff_and_funds", "评分标准应有 method 或 parts 之一，且只能有一个")
    ]


def test_a_metric_expression_that_does_not_parse(original: Data) -> None:
    def change(d: Data) -> None:
        d["metrics"]["ops_funds"]["survey"] = 'cell("T13", city, "use_ops") / '

    found = problems_after(original, change)
    assert [p.key for p in found] == ["metrics.ops_funds"]
    assert found[0].message.startswith("表达式错误")


def test_a_metric_expression_with_a_refused_construct(original: Data) -> None:
    def change(d: Data) -> None:
        d["metrics"]["ops_funds"]["survey"] = 'cell("T13", city, "use_ops") ** 2'

    found = problems_after(original, change)
    assert [p.key for p in found] == ["metrics.ops_funds"]
    assert "不支持乘方运算" in found[0].message


def test_a_metric_expression_naming_something_unknown(original: Data) -> None:
    def change(d: Data) -> None:
        d["metrics"]["ops_funds"]["survey"] = 'cell("T13", town, "use_ops") / 4.5'

    found = problems_after(original, change)
    assert [p.key for p in found] == ["metrics.ops_funds"]
    assert "名称 town 不可用" in found[0].message


def test_a_target_formula_that_does_not_parse(original: Data) -> None:
    def change(d: Data) -> None:
        d["targets"]["ops_funds"]["expr"] = "insured_urban * * 3"

    found = problems_after(original, change)
    assert [p.key for p in found] == ["targets.ops_funds"]
    assert found[0].message.startswith("表达式错误")


def test_a_target_with_two_ways_of_being_set(original: Data) -> None:
    def change(d: Data) -> None:
        d["targets"]["cert_usage"]["by_region"] = {"苏南": 80}

    found = problems_after(original, change)
    assert [(p.key, p.message) for p in found] == [
        ("targets.cert_usage", "目标应给出 value、by_region、expr 之一，且只能一个")
    ]


def test_duplicate_criterion_keys(original: Data) -> None:
    def change(d: Data) -> None:
        criterion(d, "management", "rules", "operations_rules")["key"] = "management_rules"

    found = problems_after(original, change)
    assert [(p.key, p.message) for p in found] == [
        ("criteria.management_rules", "键“management_rules”重复出现 2 次")
    ]


def test_a_shape_error_is_named_by_keys_not_positions(original: Data) -> None:
    def change(d: Data) -> None:
        criterion(d, "resources", "data_use", "fund_supervision")["points"] = "两分"

    found = problems_after(original, change)
    assert [(p.key, p.message) for p in found] == [
        ("categories.resources.items.data_use.criteria.fund_supervision.points", "应为数值")
    ]


def test_a_missing_file_is_named() -> None:
    with pytest.raises(DefinitionError) as caught:
        load_rubric(Path("/nonexistent/rubric-x/v1"))
    assert caught.value.problems[0].message == "文件不存在"


def test_survey_metrics_name_real_cells_of_survey_2015() -> None:
    survey = load_survey(RUBRIC_DIR.parents[1] / "survey-2015" / "v1")
    assert survey_reference_problems(load_rubric(RUBRIC_DIR), survey) == []


def test_a_misspelt_survey_column_is_reported() -> None:
    survey = load_survey(RUBRIC_DIR.parents[1] / "survey-2015" / "v1")
    rubric = load_rubric(RUBRIC_DIR)
    broken = replace(rubric, metrics={"x": MetricDef("x", "x", survey='cell("T13", city, "use_opx") / 4.5')})
    assert survey_reference_problems(broken, survey) == [
        ("metrics.x", "cell() 指向表 T13 中未知的列“use_opx”")
    ]


def test_check_rubric_paths_finds_every_rubric(tmp_path: Path, original: Data) -> None:
    assert check_rubric_paths([RUBRIC_DIR.parents[1]]) == []
    broken = copy.deepcopy(original)
    broken["categories"][0]["points"] = 18
    (tmp_path / "rubric-x" / "v1").mkdir(parents=True)
    (tmp_path / "rubric-x" / "v1" / "rubric.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True))
    assert [p.key for p in check_rubric_paths([tmp_path])] == ["categories", "management"]


def test_metric_bounds_are_declared_or_the_rubrics_default() -> None:
    rubric = load_rubric(RUBRIC_DIR)
    assert rubric.metrics["network_coverage"].max == 100  # max: 100 (%)
    assert rubric.metrics["county_quotas"].max == 10000  # each county's number
    assert rubric.metrics["ops_funds"].max == 1_000_000_000  # the rubric's metric_max


def test_without_metric_max_a_metric_has_the_default_bound(original: Data) -> None:
    from kaoping.core.rubric.model import DEFAULT_METRIC_MAX

    data = copy.deepcopy(original)
    del data["metric_max"]
    rubric = load_rubric_from_text(yaml.safe_dump(data, allow_unicode=True), SOURCE)
    assert rubric.metrics["ops_funds"].max == DEFAULT_METRIC_MAX == 10**9
    assert rubric.metrics["network_coverage"].max == 100


@pytest.mark.parametrize(
    ("bound", "key", "message"),
    [
        (0, "metrics.network_coverage", "max（上限）应大于 0 且不超过 1000000000000"),
        (-5, "metrics.network_coverage", "max（上限）应大于 0 且不超过 1000000000000"),
        ("1e13", "metrics.network_coverage", "max（上限）应大于 0 且不超过 1000000000000"),
        (float("nan"), "metrics.network_coverage.max", "应为有限的数值"),
        ("abc", "metrics.network_coverage.max", "应为数值"),
    ],
)
def test_a_metric_bound_must_be_a_positive_number_within_the_limit(
    original: Data, bound: object, key: str, message: str
) -> None:
    def change(d: Data) -> None:
        d["metrics"]["network_coverage"]["max"] = bound

    assert [(p.key, p.message) for p in problems_after(original, change)] == [(key, message)]


def test_a_target_value_beyond_the_limit(original: Data) -> None:
    def change(d: Data) -> None:
        d["targets"]["cert_usage"]["value"] = "1e999999999"

    found = problems_after(original, change)
    assert [(p.key, p.message) for p in found] == [
        ("targets.cert_usage", "目标值超出上限 1000000000000（应为不超过 1000000000000 的数值）")
    ]
