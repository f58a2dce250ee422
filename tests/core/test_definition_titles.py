"""Definition versions are named by their title and version, as officials name them."""

from __future__ import annotations

from pathlib import Path

from kaoping.core.definitions.titles import definition_title

DEFINITIONS = Path(__file__).resolve().parents[2] / "definitions"


def test_the_survey_is_named_by_its_title_year_and_version():
    text = (DEFINITIONS / "survey-2015/v1/survey.yaml").read_text(encoding="utf-8")
    assert (
        definition_title("survey-2015@1", {"survey.yaml": text}) == "规划重点任务实施情况调查表 2015（第1版）"
    )


def test_the_rubric_is_named_by_its_title_and_version():
    text = (DEFINITIONS / "rubric-jiangsu/v1/rubric.yaml").read_text(encoding="utf-8")
    assert (
        definition_title("rubric-jiangsu@1", {"rubric.yaml": text})
        == "江苏省人力资源社会保障信息化工作考评标准（第1版）"
    )


def test_a_year_already_in_the_title_is_not_repeated_and_a_missing_title_falls_back_to_the_id():
    assert (
        definition_title("survey-2020@3", {"survey.yaml": "id: x\ntitle: 2020年调查表\n"})
        == "2020年调查表（第3版）"
    )
    assert definition_title("survey-2020@2", {}) == "survey-2020（第2版）"
