"""indicators.yaml is loaded with the survey and checked: problems name file/indicator/key.

Each test starts from the real survey-2015 definition, breaks one thing in indicators.yaml
and checks the problem an administrator would read.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kaoping.core.definitions.loader import (
    DefinitionError,
    DefinitionProblem,
    check_paths,
    load_survey_from_texts,
    read_definition_texts,
)
from kaoping.core.indicators.definition import parse_target
from kaoping.core.indicators.model import (
    BINDING,
    EXPECTED,
    InputKind,
    InputNational,
    NationalRule,
    Op,
    Scope,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "definitions" / "survey-2015" / "v1"
FILE = "defs/indicators.yaml"


def texts() -> dict[str, str]:
    return read_definition_texts(SOURCE)


def problems_after(change: Callable[[dict[str, Any]], None]) -> list[DefinitionProblem]:
    files = texts()
    data = yaml.safe_load(files["indicators.yaml"])
    change(data)
    files["indicators.yaml"] = yaml.safe_dump(data, allow_unicode=True)
    with pytest.raises(DefinitionError) as caught:
        load_survey_from_texts(files, source="defs")
    return caught.value.problems


def entry(data: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in data["indicators"] if i["key"] == key)
    return found


def only(problems: list[DefinitionProblem]) -> DefinitionProblem:
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [("100", Op.AT_LEAST, 100), ("> 90", Op.ABOVE, 90), ("8", Op.AT_LEAST, 8), ("＞70", Op.ABOVE, 70)],
)
def test_targets_are_read_with_their_comparator(text: str, op: Op, value: int) -> None:
    target = parse_target(text)
    assert target is not None and (target.op, target.value) == (op, Decimal(value))


def test_comparators_at_exactly_the_target() -> None:
    at_least, above = parse_target("100"), parse_target("> 90")
    assert at_least is not None and above is not None
    assert at_least.met(Decimal("100")) is True and at_least.met(Decimal("99.99")) is False
    assert above.met(Decimal("90")) is False and above.met(Decimal("90.01")) is True


def test_the_real_definition_declares_every_row_of_table_1() -> None:
    survey = load_survey_from_texts(texts(), source="defs")
    assert survey.indicators is not None
    indicators = {i.key: i for i in survey.indicators.indicators}
    assert len(indicators) == 19
    assert survey.indicators.columns == (("2015-06", "jun"), ("2015-12", "dec"))
    assert indicators["card_cities"].attribute == BINDING
    assert indicators["man_grassroots"].attribute == EXPECTED
    assert indicators["card_holders"].unit == "亿人"
    assert indicators["network_city"].unit == "%"


def test_a_campaign_snapshot_keeps_the_indicators_file() -> None:
    assert "indicators.yaml" in texts()


def test_unknown_row() -> None:
    def change(data: dict[str, Any]) -> None:
        data["indicators"].append({"key": "no_such_row", "target": "100", "attribute": BINDING})

    problem = only(problems_after(change))
    assert (problem.file, problem.table, problem.key) == (FILE, "no_such_row", "no_such_row")
    assert "表1中没有行" in problem.message


def test_row_without_an_indicator() -> None:
    def change(data: dict[str, Any]) -> None:
        data["indicators"] = [i for i in data["indicators"] if i["key"] != "monitor_fund"]

    problem = only(problems_after(change))
    assert (problem.table, problem.key) == ("monitor_fund", "monitor_fund")
    assert "没有指标定义" in problem.message


def test_duplicate_indicator() -> None:
    def change(data: dict[str, Any]) -> None:
        data["indicators"].append({"key": "dc_city", "target": "100", "attribute": BINDING})

    assert any("重复出现 2 次" in p.message and p.key == "dc_city" for p in problems_after(change))


def test_target_that_is_not_a_number() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "dc_city")["target"] = "大于九十"

    found = problems_after(change)
    assert {(p.table, p.key) for p in found} == {("dc_city", "target")}
    assert any("无法识别" in p.message for p in found)


def test_target_that_disagrees_with_table_1() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "card_cities")["target"] = "90"  # 表1 prints "> 90"

    problem = only(problems_after(change))
    assert (problem.table, problem.key) == ("card_cities", "target")
    assert problem.message == "规划目标“90”与表1所印“> 90”不一致"


def test_attribute_must_be_binding_or_expected_and_agree() -> None:
    def wrong(data: dict[str, Any]) -> None:
        entry(data, "dc_city")["attribute"] = "必须"

    def swapped(data: dict[str, Any]) -> None:
        entry(data, "dc_city")["attribute"] = EXPECTED

    assert only(problems_after(wrong)).message == "属性“必须”应为 约束性 或 预期性"
    assert "不一致" in only(problems_after(swapped)).message


def test_formula_date_must_be_a_column_of_table_1() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "network_city")["formulas"][0]["dates"] = ["2015-09"]

    problem = only(problems_after(change))
    assert (problem.table, problem.key) == ("network_city", "formulas[0]")
    assert "2015-09" in problem.message


def test_value_using_an_undeclared_input() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "network_city")["formulas"][0]["value"] = "lined * 100 / towns"

    problem = only(problems_after(change))
    assert (problem.table, problem.key) == ("network_city", "formulas[0].value")
    assert problem.message == "引用了未声明的输入“towns”"


def test_value_that_does_not_parse() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "network_city")["formulas"][0]["value"] = "lined ** 2"

    assert "无法解析" in only(problems_after(change)).message


def test_input_reading_an_unknown_cell() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "network_city")["formulas"][0]["inputs"][1]["expr"] = 'cell("T14", "citys", "qty")'

    problem = only(problems_after(change))
    assert (problem.file, problem.table, problem.key) == (FILE, "network_city", "cities")
    assert "未知的行“citys”" in problem.message


def test_expression_input_needs_its_source() -> None:
    def change(data: dict[str, Any]) -> None:
        del entry(data, "cert_usage")["formulas"][0]["inputs"][0]["source"]

    problem = only(problems_after(change))
    assert (problem.table, problem.key) == ("cert_usage", "cert_users")
    assert "source" in problem.message


def test_source_naming_an_unknown_column() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "cert_usage")["formulas"][0]["inputs"][0]["source"]["column"] = "certs"

    problem = only(problems_after(change))
    assert problem.key == "cert_users" and "未知的列“certs”" in problem.message


def test_counting_cities_in_a_table_without_city_rows() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "network_city")["formulas"][0]["inputs"][0]["count_cities"]["table"] = "T04"

    problem = only(problems_after(change))
    assert (problem.table, problem.key) == ("network_city", "lined")
    assert "含地市行的分节" in problem.message


def test_counting_condition_with_an_unknown_column() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "hotline_city")["formulas"][0]["inputs"][0]["count_cities"]["where"] = "open"

    problem = only(problems_after(change))
    assert problem.key == "opened" and "未知的列“open”" in problem.message


def test_summing_a_column_that_is_not_a_number() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "card_holders")["formulas"][0]["inputs"][0]["sum_cities"]["column"] = "name"

    problem = only(problems_after(change))
    assert problem.key == "holders" and "sum_cities 的列“name”" in problem.message


def test_an_input_has_exactly_one_kind() -> None:
    def change(data: dict[str, Any]) -> None:
        source = entry(data, "card_holders")["formulas"][0]["inputs"][0]
        source["expr"] = 'cell("T05", "total", "holders")'

    assert "之一" in only(problems_after(change)).message


def test_two_formulas_for_one_date() -> None:
    def change(data: dict[str, Any]) -> None:
        formulas = entry(data, "dr_province")["formulas"]
        formulas[1]["dates"] = ["2015-06"]

    problem = only(problems_after(change))
    assert (problem.table, problem.key) == ("dr_province", "formulas")
    assert problem.message == "时点 2015-06 有 2 个公式"


def test_unknown_key_in_the_file() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "dc_city")["targets"] = "100"

    problem = only(problems_after(change))
    assert problem.file == FILE and problem.message.endswith("不允许的键")


def test_missing_file_is_named(tmp_path: Path) -> None:
    copy = tmp_path / "survey-2015" / "v1"
    shutil.copytree(SOURCE, copy)
    (copy / "indicators.yaml").unlink()
    problems = check_paths([tmp_path])
    assert [(Path(p.file).name, p.table, p.message) for p in problems] == [
        ("indicators.yaml", "indicators", "指标文件不存在")
    ]


def test_check_paths_reports_a_broken_formula(tmp_path: Path) -> None:
    copy = tmp_path / "survey-2015" / "v1"
    shutil.copytree(SOURCE, copy)
    path = copy / "indicators.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("lined * 100 / cities", "lined * 100 /"), encoding="utf-8"
    )
    problems = check_paths([tmp_path])
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}: network_city/formulas[0].value: 无法解析")


def test_every_indicator_and_input_kind_is_documented() -> None:
    doc = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    survey = load_survey_from_texts(texts(), source="defs")
    assert survey.indicators is not None
    for indicator in survey.indicators.indicators:
        assert indicator.key in doc or indicator.key.split("_")[0] + "_*" in doc, indicator.key
    for kind in InputKind:
        assert f"`{kind.value}`" in doc
    for choice in (*Scope, *NationalRule, *InputNational):
        assert f"`{choice.value}`" in doc, choice


# --- scope (docs/spec.md §6.5, §11.5) ------------------------------------------------------


def test_the_real_definition_declares_every_scope() -> None:
    raw = yaml.safe_load(texts()["indicators.yaml"])
    assert all("scope" in i for i in raw["indicators"])  # declared, never left to the default
    survey = load_survey_from_texts(texts(), source="defs")
    assert survey.indicators is not None
    national = {i.key for i in survey.indicators.indicators if i.scope is Scope.NATIONAL}
    assert national == {"card_holders", "dr_province"}  # 8 亿 and 60 % of provinces
    shares = {i.key for i in survey.indicators.indicators if i.national is NationalRule.PROVINCES}
    assert shares == {"dc_province", "dr_province", "hotline_province"}  # the 省级 rows
    formula = survey.indicators.indicators[2].formulas[0]  # network_city
    assert formula.denominator == "cities"
    assert {i.key: i.national for i in formula.inputs} == {
        "lined": InputNational.SUM,
        "cities": InputNational.CITIES,
    }


def test_scope_and_national_rules_are_checked() -> None:
    def change(data: dict[str, Any]) -> None:
        entry(data, "dc_city")["scope"] = "全国"
        entry(data, "card_holders")["national"] = "mean"
        network = entry(data, "network_city")["formulas"][0]
        network["denominator"] = "towns"
        network["inputs"][1]["national"] = "tree"

    found = {(p.table, p.key): p.message for p in problems_after(change)}
    assert found[("dc_city", "scope")].startswith("“全国”无效：适用范围（scope）应为 province")
    assert "全国汇总方式（national）应为 inputs" in found[("card_holders", "national")]
    assert found[("network_city", "formulas[0].denominator")] == "分母“towns”不是本公式声明的输入"
    assert "输入的全国汇总方式（national）应为 sum" in found[("network_city", "cities")]
