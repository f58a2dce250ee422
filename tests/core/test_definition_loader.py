"""The loader refuses broken definitions, naming the file, the table and the key.

Each test starts from a small valid definition (one grid table, one list table, one rule),
breaks one thing, and checks the problem an administrator would read.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from kaoping.core.definitions.dump import dump_survey
from kaoping.core.definitions.loader import (
    DefinitionError,
    DefinitionProblem,
    check_paths,
    find_definition,
    load_survey,
    load_survey_from_texts,
    read_definition_texts,
)
from kaoping.core.definitions.model import ColumnType, Severity
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org

ROOT = Path(__file__).resolve().parents[2]

Definition = dict[str, Any]


def valid() -> Definition:
    """survey.yaml, T01.yaml (a city grid), T02.yaml (a list) and rules.yaml as data."""
    return {
        "survey.yaml": {
            "id": "survey-test",
            "version": 1,
            "title": "测试调查",
            "code_lists": {
                "operator": [{"code": "a", "label": "移动"}, {"code": "f", "label": "其他（请说明）"}],
            },
            "tables": ["T01.yaml", "T02.yaml"],
            "rules": "rules.yaml",
        },
        "T01.yaml": {
            "id": "T01",
            "label": "表1",
            "title": "联网情况表",
            "sections": [
                {
                    "key": "main",
                    "kind": "grid",
                    "row_header": ["序号", "地市名称"],
                    "org_rows": ["cities", "total"],
                    "total_columns": ["bandwidth"],
                    "columns": [
                        {
                            "key": "operator",
                            "label": "运营商",
                            "type": "code",
                            "codes": "operator",
                            "spec_column": "note",
                        },
                        {"key": "bandwidth", "label": "带宽", "type": "bandwidth"},
                        {"key": "note", "label": "说明", "type": "text", "na_rows": ["total"]},
                    ],
                },
                {
                    "key": "base",
                    "kind": "grid",
                    "columns": [
                        {"key": "unit", "label": "单位", "type": "fixed"},
                        {"key": "qty", "label": "数量", "type": "int"},
                    ],
                    "rows": [{"key": "cities", "number": "1", "label": "地市总数", "fixed": {"unit": "个"}}],
                },
            ],
        },
        "T02.yaml": {
            "id": "T02",
            "label": "表2",
            "title": "系统表",
            "sections": [
                {
                    "key": "systems",
                    "kind": "list",
                    "label_column": "name",
                    "columns": [
                        {"key": "name", "label": "系统名称", "type": "text"},
                        {"key": "online", "label": "是否上线", "type": "bool"},
                    ],
                }
            ],
        },
        "rules.yaml": {
            "rules": [
                {
                    "id": "V01-BW",
                    "table": "T01",
                    "section": "main",
                    "scope": "row",
                    "severity": "W",
                    "check": "bandwidth >= 0",
                    "column": "bandwidth",
                    "message": "{row}：带宽 {bandwidth} 不能为负",
                }
            ]
        },
    }


def texts(definition: Definition) -> dict[str, str]:
    return {
        name: yaml.safe_dump(data, allow_unicode=True, sort_keys=False) for name, data in definition.items()
    }


def write(directory: Path, definition: Definition) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in texts(definition).items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def problems_of(definition: Definition) -> list[DefinitionProblem]:
    with pytest.raises(DefinitionError) as caught:
        load_survey_from_texts(texts(definition), source="defs/v1")
    return caught.value.problems


def only_problem(definition: Definition) -> DefinitionProblem:
    problems = problems_of(definition)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def main_columns(d: Definition) -> list[dict[str, Any]]:
    columns: list[dict[str, Any]] = d["T01.yaml"]["sections"][0]["columns"]
    return columns


def rule(d: Definition) -> dict[str, Any]:
    first: dict[str, Any] = d["rules.yaml"]["rules"][0]
    return first


# --- the valid definition -----------------------------------------------------------------


def test_the_valid_definition_loads() -> None:
    survey = load_survey_from_texts(texts(valid()))
    assert survey.ref == "survey-test@1"
    assert [t.id for t in survey.tables] == ["T01", "T02"]
    bandwidth = survey.table("T01").column("bandwidth")
    assert (bandwidth.type, bandwidth.unit) == (ColumnType.BANDWIDTH, "M")  # unit implied by the type
    assert [c.display for c in survey.table("T01").column("operator").codes] == ["a.移动", "f.其他（请说明）"]
    assert survey.rules[0].severity is Severity.WARNING


def test_a_problem_prints_as_file_table_key_message() -> None:
    problem = DefinitionProblem("defs/v1/T01.yaml", "T01", "bandwidth", "合计列不是数值列")
    assert str(problem) == "defs/v1/T01.yaml: T01/bandwidth: 合计列不是数值列"


def test_every_problem_is_reported_not_only_the_first() -> None:
    d = valid()
    main_columns(d)[1]["key"] = "operator"  # a duplicate column …
    rule(d)["severity"] = "X"  # … and an unknown severity
    messages = [p.message for p in problems_of(d)]
    assert any("列键“operator”" in m for m in messages)
    assert any("未知的严重程度“X”" in m for m in messages)


# --- shape --------------------------------------------------------------------------------


def test_misspelt_key_is_refused() -> None:
    d = valid()
    main_columns(d)[2]["na_row"] = ["total"]
    problem = only_problem(d)
    assert (problem.file, problem.table, problem.key) == ("defs/v1/T01.yaml", "T01", "note")
    assert "na_row" in problem.message and "不允许的键" in problem.message


def test_yaml_syntax_error_names_the_line() -> None:
    files = texts(valid())
    files["T02.yaml"] = "id: T02\nlabel: [表2\n"
    with pytest.raises(DefinitionError) as caught:
        load_survey_from_texts(files, source="defs/v1")
    (problem,) = caught.value.problems
    assert problem.file == "defs/v1/T02.yaml"
    assert "YAML 格式错误" in problem.message and "行" in problem.message


def test_a_key_given_twice_in_one_mapping_is_refused() -> None:
    files = texts(valid())
    files["T02.yaml"] = files["T02.yaml"].replace("title: 系统表\n", "title: 系统表\ntitle: 另一个\n")
    with pytest.raises(DefinitionError) as caught:
        load_survey_from_texts(files)
    assert "键“title”在同一映射中重复" in caught.value.problems[0].message


def test_missing_table_file() -> None:
    files = texts(valid())
    del files["T02.yaml"]
    with pytest.raises(DefinitionError) as caught:
        load_survey_from_texts(files)
    (problem,) = caught.value.problems
    assert (problem.file, problem.key, problem.message) == ("T02.yaml", "T02.yaml", "表文件不存在")


def test_unknown_column_type() -> None:
    d = valid()
    main_columns(d)[1]["type"] = "float"
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "bandwidth")
    assert "未知的列类型“float”" in problem.message


def test_unknown_org_row_kind() -> None:
    d = valid()
    d["T01.yaml"]["sections"][0]["org_rows"] = ["cities", "counties", "total"]
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "main.org_rows")
    assert "counties" in problem.message


# --- keys ---------------------------------------------------------------------------------


def test_duplicate_table_ids() -> None:
    d = valid()
    d["T02.yaml"]["id"] = "T01"
    problem = only_problem(d)
    assert (problem.file, problem.table, problem.key) == ("defs/v1/T02.yaml", "T01", "T01")
    assert "与 T01.yaml 重复" in problem.message


def test_duplicate_row_keys_across_sections() -> None:
    d = valid()
    d["T01.yaml"]["sections"][1]["rows"][0]["key"] = "total"  # also the total row of section main
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "total")
    assert "行键“total”在表中重复出现 2 次" in problem.message


def test_duplicate_column_keys_across_sections() -> None:
    d = valid()
    d["T01.yaml"]["sections"][1]["columns"][1]["key"] = "bandwidth"
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "bandwidth")
    assert "列键“bandwidth”在表中重复出现 2 次" in problem.message


def test_code_letter_used_twice_in_a_shared_list() -> None:
    d = valid()
    d["survey.yaml"]["code_lists"]["operator"].append({"code": "a", "label": "联通"})
    problem = only_problem(d)
    assert (problem.file, problem.table, problem.key) == (
        "defs/v1/survey.yaml",
        "survey",
        "code_lists.operator",
    )
    assert "代码“a”在同一代码表中出现了 2 次" in problem.message


def test_code_letter_used_twice_in_an_inline_list() -> None:
    d = valid()
    main_columns(d)[0]["codes"] = [{"code": "h", "label": "自助业务办理"}, {"code": "h", "label": "其他"}]
    main_columns(d)[0].pop("spec_column")
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "operator")
    assert "代码“h”" in problem.message


def test_unknown_shared_code_list() -> None:
    d = valid()
    main_columns(d)[0]["codes"] = "operators"
    problems = problems_of(d)
    assert (problems[0].table, problems[0].key) == ("T01", "operator")
    assert "未知的代码表“operators”" in problems[0].message


# --- totals, "——" cells, explanations, fixed values ----------------------------------------


def test_total_over_a_non_numeric_column() -> None:
    d = valid()
    d["T01.yaml"]["sections"][0]["total_columns"] = ["bandwidth", "note"]
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "note")
    assert "不是数值列" in problem.message


def test_total_over_an_unknown_column() -> None:
    d = valid()
    d["T01.yaml"]["sections"][0]["total_columns"] = ["bandwidth", "speed"]
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "speed")
    assert "合计列“speed”" in problem.message


def test_not_applicable_on_an_unknown_row() -> None:
    d = valid()
    main_columns(d)[2]["na_rows"] = ["totl"]
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "note")
    assert "未知的行“totl”" in problem.message


def test_not_applicable_on_an_unknown_column() -> None:
    d = valid()
    d["T01.yaml"]["sections"][1]["rows"][0]["na"] = ["quantity"]
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "cities")
    assert "未知的列“quantity”" in problem.message


def test_spec_column_unknown() -> None:
    d = valid()
    main_columns(d)[0]["spec_column"] = "remark"
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "operator")
    assert "说明列“remark”不存在" in problem.message


def test_spec_column_not_text() -> None:
    d = valid()
    main_columns(d)[0]["spec_column"] = "bandwidth"
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "operator")
    assert "不是文本列" in problem.message


def test_code_needing_an_explanation_without_spec_column() -> None:
    d = valid()
    main_columns(d)[0].pop("spec_column")
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "operator")
    assert "f.其他（请说明）" in problem.message and "spec_column" in problem.message


def test_fixed_value_for_an_input_column() -> None:
    d = valid()
    d["T01.yaml"]["sections"][1]["rows"][0]["fixed"]["qty"] = "13"
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "cities")
    assert "列“qty”不是固定列" in problem.message


def test_override_of_an_unknown_setting() -> None:
    d = valid()
    d["T01.yaml"]["sections"][1]["rows"][0]["overrides"] = {"qty": {"colour": "red"}}
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "cities")
    assert "colour" in problem.message


def test_list_without_label_column() -> None:
    d = valid()
    d["T02.yaml"]["sections"][0].pop("label_column")
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T02", "systems")
    assert "label_column" in problem.message


def test_a_list_declares_its_rows_per_unit() -> None:
    d = valid()
    assert load_survey_from_texts(texts(d)).table("T02").section("systems").max_rows == 200  # the default
    d["T02.yaml"]["sections"][0]["max_rows"] = 30
    assert load_survey_from_texts(texts(d)).table("T02").section("systems").max_rows == 30


@pytest.mark.parametrize(("rows", "said"), [(0, "应不小于 1"), (1001, "应不大于 1000"), ("many", "应为整数")])
def test_a_list_row_cap_outside_1_to_1000_is_refused(rows: object, said: str) -> None:
    d = valid()
    d["T02.yaml"]["sections"][0]["max_rows"] = rows
    problem = only_problem(d)
    assert (problem.file, problem.table, problem.key) == ("defs/v1/T02.yaml", "T02", "systems")
    assert problem.message == f"sections[0].max_rows：{said}"


def test_the_survey_declares_each_lists_rows_per_unit() -> None:
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    caps = {(t.id, s.key): s.max_rows for t in survey.tables for s in t.sections if s.kind.value == "list"}
    assert caps == {("T06", "systems"): 200, ("T07", "systems"): 200, ("T08", "channels"): 200}
    raw = (ROOT / "definitions" / "survey-2015" / "v1" / "T07.yaml").read_text(encoding="utf-8")
    assert "max_rows: 200" in raw  # the number is in the YAML, not a default


# --- rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("table", "T99", "未知的表“T99”"),
        ("section", "other", "未知的分节“other”"),
        ("column", "speed", "column 指向表 T01 中未知的列“speed”"),
        ("severity", "F", "未知的严重程度“F”"),
        ("scope", "column", "未知的规则范围“column”"),
        ("blank", "none", "未知的空值处理“none”"),
    ],
)
def test_rule_with_unknown_reference(field: str, value: str, message: str) -> None:
    d = valid()
    rule(d)[field] = value
    problem = only_problem(d)
    assert (problem.file, problem.key) == ("defs/v1/rules.yaml", "V01-BW")
    assert message in problem.message


def test_duplicate_rule_ids() -> None:
    d = valid()
    d["rules.yaml"]["rules"].append(copy.deepcopy(rule(d)))
    problem = only_problem(d)
    assert problem.key == "V01-BW" and "重复出现 2 次" in problem.message


def test_rule_check_that_does_not_parse() -> None:
    d = valid()
    rule(d)["check"] = "bandwidth >= "
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "V01-BW")
    assert problem.message.startswith("check 无法解析")


def test_rule_check_naming_an_unknown_column() -> None:
    d = valid()
    rule(d)["check"] = "bandwith >= 0"
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "V01-BW")
    assert "check 引用了未知的列“bandwith”" in problem.message


def test_rule_when_naming_an_unknown_column() -> None:
    d = valid()
    rule(d)["when"] = "filled(operatr)"
    problem = only_problem(d)
    assert "when 引用了未知的列“operatr”" in problem.message


def test_rule_check_with_a_refused_construct() -> None:
    d = valid()
    rule(d)["check"] = "__import__('os').system('true')"
    problem = only_problem(d)
    assert problem.message.startswith("check 无法解析")


def test_rule_message_placeholder_naming_an_unknown_column() -> None:
    d = valid()
    rule(d)["message"] = "{row}：带宽 {bandwith}"
    problem = only_problem(d)
    assert "“{bandwith}”引用了未知的列“bandwith”" in problem.message


def test_rule_may_read_rowkey_and_generator_variables() -> None:
    d = valid()
    rule(d)["check"] = 'rowkey != "total" and sum(r.bandwidth for r in rows("T01", "main")) >= 0'
    assert load_survey_from_texts(texts(d)).rules[0].check.startswith("rowkey")


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("bandwidth <= cell('T03', 'cities', 'qty')", "cell() 指向未知的表“T03”"),
        ("bandwidth <= cell('T01', 'citys', 'qty')", "cell() 指向表 T01 中未知的行“citys”"),
        ("bandwidth <= cell('T01', 'cities', 'quantity')", "cell() 指向表 T01 中未知的列“quantity”"),
        ("count(r for r in rows('T02', 'system')) >= 0", "rows() 指向表 T02 中未知的分节“system”"),
        ("len(values('T02', 'title')) >= 0", "values() 指向表 T02 中未知的列“title”"),
    ],
)
def test_rule_naming_an_unknown_cell_of_another_table(check: str, message: str) -> None:
    d = valid()
    rule(d)["check"] = check
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "V01-BW")
    assert problem.message == f"check {message}"


def test_rule_may_name_a_city_row_or_the_total_row_of_another_table() -> None:
    d = valid()
    rule(d)["check"] = "cell('T01', '320100', 'bandwidth') <= cell('T01', 'total', 'bandwidth')"
    assert len(load_survey_from_texts(texts(d)).rules) == 1


def test_computed_column_naming_an_unknown_column() -> None:
    d = valid()
    main_columns(d).append(
        {"key": "share", "label": "占比", "type": "percent", "computed": "bandwidth / totl"}
    )
    problem = only_problem(d)
    assert (problem.table, problem.key) == ("T01", "share")
    assert "计算公式引用了未知的列“totl”" in problem.message


def test_rules_file_may_be_missing_or_empty() -> None:
    files = texts(valid())
    files["rules.yaml"] = ""
    assert load_survey_from_texts(files).rules == ()
    del files["rules.yaml"]
    assert load_survey_from_texts(files).rules == ()


# --- files, versions, snapshots -----------------------------------------------------------


def test_a_snapshot_of_the_texts_reloads_to_the_same_survey(tmp_path: Path) -> None:
    directory = write(tmp_path / "survey-test" / "v1", valid())
    snapshot = read_definition_texts(directory)
    assert sorted(snapshot) == ["T01.yaml", "T02.yaml", "rules.yaml", "survey.yaml"]
    assert load_survey_from_texts(snapshot) == replace(load_survey(directory), source="")


def test_find_definition_newest_or_given_version(tmp_path: Path) -> None:
    write(tmp_path / "survey-test" / "v1", valid())
    write(tmp_path / "survey-test" / "v2", valid())
    write(tmp_path / "survey-test" / "v10", valid())
    assert find_definition(tmp_path, "survey-test") == tmp_path / "survey-test" / "v10"
    assert find_definition(tmp_path, "survey-test@2") == tmp_path / "survey-test" / "v2"
    with pytest.raises(DefinitionError) as caught:
        find_definition(tmp_path, "survey-test@3")
    assert "找不到定义 survey-test@3" in str(caught.value)
    with pytest.raises(DefinitionError):
        find_definition(tmp_path, "rubric-jiangsu")
    for too_long in ("a" * 300, "survey-test@" + "1" * 300):  # refused by its form, not by the file system
        with pytest.raises(DefinitionError) as caught:
            find_definition(tmp_path, too_long)
        assert "定义标识应写作" in str(caught.value)


def test_check_paths_reports_every_definition_below_a_directory(tmp_path: Path) -> None:
    write(tmp_path / "good" / "v1", valid())
    broken = valid()
    rule(broken)["column"] = "speed"
    write(tmp_path / "bad" / "v1", broken)
    problems = check_paths([tmp_path])
    assert [str(p) for p in problems] == [
        f"{tmp_path}/bad/v1/rules.yaml: T01/V01-BW: column 指向表 T01 中未知的列“speed”"
    ]
    assert check_paths([tmp_path / "good" / "v1" / "survey.yaml"]) == []
    assert "找不到定义文件" in check_paths([tmp_path / "nothing"])[0].message


def test_the_shipped_definitions_pass_the_check() -> None:
    assert [str(p) for p in check_paths([ROOT / "definitions"])] == []


# --- dump ---------------------------------------------------------------------------------


def test_dump_without_a_tree_lists_the_rows_known_from_the_definition() -> None:
    dumped = dump_survey(load_survey_from_texts(texts(valid())))
    t01 = dumped["tables"][0]  # type: ignore[index]
    assert dumped["id"] == "survey-test" and dumped["version"] == 1
    assert t01["rows"] == [{"key": "total", "label": "合计"}, {"key": "cities", "label": "地市总数"}]
    assert t01["columns"][0] == {
        "key": "operator",
        "label": "运营商",
        "header": [],
        "type": "code",
        "unit": None,
        "decimals": 0,
        "codes": [{"code": "a", "label": "移动"}, {"code": "f", "label": "其他（请说明）"}],
    }


def test_dump_with_a_tree_lists_the_city_rows() -> None:
    province = Org("320000", "江苏省", "province")
    cities = [Org("320100", "南京市", "city", "320000"), Org("320200", "无锡市", "city", "320000")]
    dumped = dump_survey(load_survey_from_texts(texts(valid())), SurveyData(province, cities))
    keys = [r["key"] for r in dumped["tables"][0]["rows"]]  # type: ignore[index]
    assert keys == ["320100", "320200", "total", "cities"]
