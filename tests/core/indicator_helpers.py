"""Shared pieces of the 表1 indicator tests: Jiangsu's 13 cities and a survey to fill."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kaoping.core.definitions.loader import load_survey
from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.evaluate import IndicatorResult, compute_indicators
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import load_tree

ROOT = Path(__file__).resolve().parents[2]
TREE = load_tree(ROOT / "definitions" / "orgs")
CITIES = TREE.cities("320000")
CODES = [c.code for c in CITIES]  # 南京 320100 … 宿迁 321300, in the tree's order
SUQIAN = "321300"
SURVEY = load_survey(ROOT / "definitions" / "survey-2015" / "v1")


def new_data() -> SurveyData:
    """Jiangsu with 表14's 13 cities filled in, nothing else."""
    data = SurveyData(province=TREE.get("320000"), cities=list(CITIES))
    data.values[("T14", "cities", "qty")] = 13
    return data


def result(survey: Survey, data: SurveyData, key: str, date: str, **kwargs: Any) -> IndicatorResult:
    found = [r for r in compute_indicators(survey, data, **kwargs) if r.indicator == key and r.date == date]
    assert len(found) == 1
    return found[0]
