"""Consolidated tables say how many units they sum and how many have reported (docs/spec.md §8.7)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kaoping.core.consolidation import consolidation_status, consolidation_statuses
from kaoping.core.definitions.loader import load_survey
from kaoping.core.definitions.model import Survey
from kaoping.core.instance import ListRow, SurveyData
from kaoping.core.orgs import load_tree

ROOT = Path(__file__).resolve().parents[2]
TREE = load_tree(ROOT / "definitions" / "orgs")
CITIES = TREE.cities("320000")
NANJING, WUXI, XUZHOU, SUQIAN = "320100", "320200", "320300", "321300"


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(ROOT / "definitions" / "survey-2015" / "v1")


def new_data() -> SurveyData:
    return SurveyData(province=TREE.get("320000"), cities=list(CITIES))


def test_card_table_sums_13_cities_and_counts_who_reported(survey: Survey) -> None:
    data = new_data()
    data.values[("T05", NANJING, "holders")] = Decimal("820.50")
    data.values[("T05", WUXI, "financial")] = Decimal("0")  # a reported 0 is reported
    data.values[("T05", XUZHOU, "holders")] = None  # stored blank is not
    data.values[("T05", "total", "holders")] = Decimal("820.50")  # a total never counts
    data.values[("T05", "library", "library_jun")] = Decimal("7000")  # the province's form
    status = consolidation_status(survey, data, "T05")
    # 表5 has a row per city and a 合计: 13 units, of which 南京 and 无锡 reported
    assert (status.units, status.reported) == (13, 2)
    assert len(status.missing_units) == 11
    assert status.missing_units[0].code == XUZHOU and status.missing_units[0].name == "徐州市"
    assert status.missing_units[-1].name == "宿迁市"
    assert status.complete is False
    assert status.summary.startswith("汇总 13 个单位，已填报 2 个，未填报：徐州市、常州市")


def test_hotline_table_counts_the_province_too(survey: Survey) -> None:
    data = new_data()
    data.values[("T09", "province", "opened")] = True
    for city in CITIES:
        data.values[("T09", city.code, "opened")] = False
    status = consolidation_status(survey, data, "T09")
    # 省本级 + 13 cities, all answered (否 is an answer)
    assert (status.units, status.reported) == (14, 14)
    assert status.complete is True and status.missing_units == ()
    assert status.summary == "汇总 14 个单位，已全部填报"


def test_remark_alone_makes_a_row_reported(survey: Survey) -> None:
    data = new_data()
    data.values[("T09", SUQIAN, "remark")] = "由省级平台统一受理"
    status = consolidation_status(survey, data, "T09")
    assert status.reported == 1 and status.missing_units[0].code == "province"
    assert status.missing_units[0].name == "省本级"


def test_system_blocks_of_table_7(survey: Survey) -> None:
    data = new_data()
    data.list_rows = [
        ListRow("s1", "T07", "systems", NANJING, 0),
        ListRow("s2", "T07", "systems", NANJING, 1),
        ListRow("s3", "T07", "systems", WUXI, 0),  # a row created but left empty
        ListRow("s4", "T07", "systems", "320000", 0),  # 省本级's block
    ]
    data.values[("T07", "s2", "name")] = "南京市就业管理系统"
    data.values[("T07", "s4", "name")] = "省级社保卡管理系统"
    status = consolidation_status(survey, data, "T07")
    # 13 city blocks + 省本级; 南京 and 省本级 have a filled system
    assert (status.units, status.reported) == (14, 2)
    assert WUXI in {u.code for u in status.missing_units}


def test_tables_without_organisation_rows_have_no_units(survey: Survey) -> None:
    data = new_data()
    data.values[("T04", "street", "networked")] = 3
    assert consolidation_status(survey, data, "T04").units == 0
    tables = [s.table for s in consolidation_statuses(survey, data)]
    # docs/spec.md §2.4's organisation-row tables
    assert tables == ["T03", "T05", "T07", "T08", "T09", "T10", "T11", "T12", "T13"]


def test_json_shape(survey: Survey) -> None:
    data = new_data()
    data.values[("T03", NANJING, "primary_operator")] = "b"
    out = consolidation_status(survey, data, "T03").as_json()
    assert out["units"] == 13 and out["reported"] == 1 and out["complete"] is False
    missing = out["missing_units"]
    assert isinstance(missing, list) and missing[0] == {"org": WUXI, "name": "无锡市"}
