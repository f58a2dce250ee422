"""表1's plan indicators derived from the detail tables, on Jiangsu's 13 cities.

Every derived indicator has a hand-computed example (the arithmetic is in the comments),
the date it cannot be derived for (不可推算), missing inputs, and the two comparators at
exactly the target: a bare X is met at X, "> X" is not.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from indicator_helpers import CODES, SUQIAN, SURVEY, new_data, result

from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.evaluate import NOT_DERIVABLE, compute_indicators
from kaoping.core.indicators.model import Op, Scope
from kaoping.core.instance import SurveyData

# 表4 groups 13–16; the other 38 unit rows are groups 1–12 (表14 8.1–8.12).
GRASSROOTS = ("street", "community", "town", "medical")


@pytest.fixture(scope="module")
def survey() -> Survey:
    return SURVEY


def group_rows(survey: Survey) -> list[str]:
    main = survey.table("T04").section("main")
    return [r.key for r in main.fixed_rows if r.key not in GRASSROOTS]


def test_every_row_of_table_1_at_both_dates(survey: Survey) -> None:
    results = compute_indicators(survey, new_data())
    assert len(results) == 19 * 2
    derivable = {(r.indicator, r.date) for r in results if r.derivable}
    assert derivable == {
        ("network_city", "2015-06"),
        ("man_agencies", "2015-12"),
        ("man_grassroots", "2015-12"),
        ("dr_province", "2015-06"),
        ("dr_province", "2015-12"),
        ("cert_usage", "2015-06"),
        ("card_cities", "2015-12"),
        ("card_holders", "2015-12"),
        ("hotline_city", "2015-06"),
    }


# --- 2 省市网络覆盖率 -------------------------------------------------------------------


def test_network_coverage_counts_cities_with_a_primary_line(survey: Survey) -> None:
    data = new_data()
    for code in CODES[:11]:
        data.values[("T03", code, "primary_operator")] = "b"
    data.values[("T03", CODES[11], "primary_bandwidth")] = 100  # a line known by its bandwidth
    data.values[("T03", SUQIAN, "primary_bandwidth")] = 0  # reported, but no line
    data.values[("T01", "network_city", "jun")] = Decimal("92.31")
    r = result(survey, data, "network_city", "2015-06")
    # 12 cities with a line ÷ 13 × 100 = 92.3076… → 92.31
    assert r.derived == Decimal("92.31")
    assert [(i.key, i.value) for i in r.inputs] == [("lined", 12), ("cities", 13)]
    assert r.inputs[1].source.table == "T14" and r.inputs[1].source.row == "cities"
    assert r.differs is False
    assert r.met is False and r.severity == "error"  # 约束性, below 100
    suqian = next(c for c in r.cities if c.code == SUQIAN)
    assert (suqian.name, suqian.reported, suqian.counted) == ("宿迁市", True, False)
    assert sum(1 for c in r.cities if c.counted) == 12


def test_network_coverage_at_exactly_100_meets_a_bare_target(survey: Survey) -> None:
    data = new_data()
    for code in CODES:
        data.values[("T03", code, "primary_type")] = "b"
    r = result(survey, data, "network_city", "2015-06")
    # 13 ÷ 13 × 100 = 100.00; the target "100" means ≥ 100
    assert r.target.op is Op.AT_LEAST and r.target.value == 100
    assert r.derived == Decimal("100.00") and r.met is True and r.severity is None


def test_network_coverage_is_not_derivable_at_year_end(survey: Survey) -> None:
    data = new_data()
    for code in CODES:
        data.values[("T03", code, "primary_type")] = "b"
    data.values[("T01", "network_city", "dec")] = Decimal("95")
    r = result(survey, data, "network_city", "2015-12")
    assert r.derivable is False and r.derived is None and r.derived_display == NOT_DERIVABLE
    assert r.formula is None and r.inputs == () and r.missing == ()
    # only the reported value stands: 95 < 100
    assert r.reported == Decimal("95") and r.met is False and r.differs is False


def test_network_coverage_without_any_city_or_the_number_of_cities(survey: Survey) -> None:
    data = new_data()
    del data.values[("T14", "cities", "qty")]
    data.values[("T01", "network_city", "jun")] = Decimal("100")
    r = result(survey, data, "network_city", "2015-06")
    assert r.derived is None
    assert r.missing == ("有主用线路的地市数（表3）", "地市总数（表14 第2项）")
    # nobody has reported: 数据不全, 0 of 13 cities + the province (表14); never judged, not
    # even on the reported 100 (docs/spec.md §6.4)
    assert (r.complete, r.done.units_reported, r.done.units_expected) == (False, 0, 14)
    assert r.met is None and r.partial is None


def test_zero_cities_is_a_problem_not_a_crash(survey: Survey) -> None:
    data = new_data()
    data.values[("T14", "cities", "qty")] = 0
    data.values[("T03", CODES[0], "primary_operator")] = "a"
    r = result(survey, data, "network_city", "2015-06")
    assert r.derived is None and r.missing == () and r.problem == "无法计算：除数为 0"


# --- 3 城域网络覆盖率 -------------------------------------------------------------------


def fill_groups(survey: Survey, data: SurveyData) -> None:
    for key in group_rows(survey):
        data.values[("T14", key, "qty")] = 2
        data.values[("T04", key, "networked")] = 2
    data.values[("T14", "si_county", "qty")] = 100
    data.values[("T04", "si_county", "networked")] = 81


def test_agencies_coverage_over_groups_1_to_12(survey: Survey) -> None:
    data = new_data()
    fill_groups(survey, data)
    # groups 13–16 must not enter this indicator
    data.values[("T04", "street", "networked")] = 500
    data.values[("T14", "street", "qty")] = 500
    r = result(survey, data, "man_agencies", "2015-12")
    assert len(group_rows(survey)) == 38
    # networked 37 × 2 + 81 = 155; 表14 8.1–8.12: 37 × 2 + 100 = 174; 155 ÷ 174 × 100 = 89.0804… → 89.08
    assert [i.value for i in r.inputs] == [155, 174]
    assert r.derived == Decimal("89.08")
    assert r.met is False and r.severity == "warning"  # 预期性
    assert result(survey, data, "man_agencies", "2015-06").derivable is False


def test_agencies_coverage_needs_every_row_reported(survey: Survey) -> None:
    data = new_data()
    fill_groups(survey, data)
    del data.values[("T04", "vet_province", "networked")]  # a blank row is not a 0
    r = result(survey, data, "man_agencies", "2015-12")
    assert r.derived is None
    assert r.missing == ("第1–12类预计2015年底联网单位数（表4）",)


def fill_grassroots(data: SurveyData, networked: tuple[int, int, int, int]) -> None:
    for key, qty, n in zip(GRASSROOTS, (100, 200, 300, 400), networked, strict=True):
        data.values[("T14", key, "qty")] = qty
        data.values[("T04", key, "networked")] = n


def test_grassroots_coverage_at_exactly_90_does_not_meet_above_90(survey: Survey) -> None:
    data = new_data()
    fill_grassroots(data, (90, 180, 270, 360))
    r = result(survey, data, "man_grassroots", "2015-12")
    # (90 + 180 + 270 + 360) ÷ (100 + 200 + 300 + 400) × 100 = 900 ÷ 1000 × 100 = 90.00
    assert r.target.op is Op.ABOVE and r.target.value == 90
    assert r.derived == Decimal("90.00") and r.met is False


def test_grassroots_coverage_just_above_90_meets(survey: Survey) -> None:
    data = new_data()
    fill_grassroots(data, (90, 180, 270, 361))
    data.values[("T01", "man_grassroots", "dec")] = Decimal("90.05")
    r = result(survey, data, "man_grassroots", "2015-12")
    # 901 ÷ 1000 × 100 = 90.10 > 90; the province reported 90.05 → they differ
    assert r.derived == Decimal("90.10") and r.met is True
    assert r.reported == Decimal("90.05") and r.differs is True


def test_grassroots_coverage_missing_one_count(survey: Survey) -> None:
    data = new_data()
    fill_grassroots(data, (90, 180, 270, 361))
    del data.values[("T14", "town", "qty")]
    r = result(survey, data, "man_grassroots", "2015-12")
    assert r.derived is None
    assert r.missing == ("街道、社区、乡镇总数与定点医疗机构数（表14 第4、6、5、8.13项）",)


# --- 4 省级容灾中心建设比例 --------------------------------------------------------------


def test_disaster_recovery_at_both_dates(survey: Survey) -> None:
    data = new_data()
    data.values[("T02", "province_data", "status_jun")] = "b"  # 在建
    data.values[("T02", "central_data", "status_jun")] = "a"  # 已建 → 100
    data.values[("T02", "province_data", "status_dec")] = "c"
    data.values[("T02", "central_data", "status_dec")] = "c"  # neither built → 0
    data.values[("T02", "province_app", "status_dec")] = "a"  # application level does not count
    jun = result(survey, data, "dr_province", "2015-06")
    dec = result(survey, data, "dr_province", "2015-12")
    # 60 % is a share of provinces: one province's 100 or 0 is never judged (docs/spec.md §11.5)
    assert jun.derived == Decimal("100.00") and jun.met is None and jun.scope is Scope.NATIONAL
    assert dec.derived == Decimal("0.00") and dec.met is None and dec.severity is None
    assert jun.target_share is None  # a share of provinces has no province's share of it
    assert [i.source.column for i in dec.inputs] == ["no_dr", "status_dec", "status_dec"]


def test_no_disaster_recovery_at_all_is_zero(survey: Survey) -> None:
    data = new_data()
    data.values[("T02", "dr_none", "no_dr")] = True
    assert result(survey, data, "dr_province", "2015-06").derived == Decimal("0.00")
    assert result(survey, data, "dr_province", "2015-12").derived == Decimal("0.00")


def test_disaster_recovery_with_one_row_unanswered(survey: Survey) -> None:
    data = new_data()
    data.values[("T02", "central_data", "status_jun")] = "c"
    r = result(survey, data, "dr_province", "2015-06")
    # 全省集中 not built and 省本级 unanswered: it could still be 100, so nothing is derived
    assert r.derived is None
    # "no DR at all" left blank is an answer, not a missing input
    assert r.missing == ("省本级数据级灾备建设 2015年6月建设情况（表2）",)
    data.values[("T02", "province_data", "status_jun")] = "a"
    assert result(survey, data, "dr_province", "2015-06").derived == Decimal("100.00")


# --- 5 业务人员数字证书使用率 ------------------------------------------------------------


def test_certificate_usage_at_exactly_70_does_not_meet_above_70(survey: Survey) -> None:
    data = new_data()
    data.values[("T11", "province", "users")] = 300
    data.values[("T11", "province", "cert_users")] = 210
    data.values[("T11", CODES[0], "users")] = 700
    data.values[("T11", CODES[0], "cert_users")] = 490
    for code in CODES[1:]:  # the other cities report no users at all: 0 is an answer
        data.values[("T11", code, "users")] = 0
        data.values[("T11", code, "cert_users")] = 0
    r = result(survey, data, "cert_usage", "2015-06")
    # 合计 = 省本级 + cities: (210 + 490) ÷ (300 + 700) × 100 = 700 ÷ 1000 × 100 = 70.00
    assert [i.value for i in r.inputs] == [700, 1000]
    assert r.inputs[0].source.row == "total"
    assert r.derived == Decimal("70.00") and r.met is False
    data.values[("T11", CODES[0], "cert_users")] = 491
    # 701 ÷ 1000 × 100 = 70.10
    assert result(survey, data, "cert_usage", "2015-06").derived == Decimal("70.10")
    assert result(survey, data, "cert_usage", "2015-06").met is True
    assert result(survey, data, "cert_usage", "2015-12").derivable is False


def test_certificate_usage_missing_users(survey: Survey) -> None:
    data = new_data()
    data.values[("T11", "province", "cert_users")] = 210
    r = result(survey, data, "cert_usage", "2015-06")
    assert r.derived is None and r.missing == ("使用系统的用户总数（表11 合计）",)


# --- 6 社会保障卡发卡地市比例, 7 持卡人数 -------------------------------------------------


def test_card_issuing_cities(survey: Survey) -> None:
    data = new_data()
    for code in CODES[:11]:
        data.values[("T05", code, "holders")] = Decimal("500.00")
    data.values[("T05", CODES[11], "holders")] = Decimal("0")  # reported zero
    # 宿迁 left blank: has not reported, so the indicator is not judged (数据不全)
    r = result(survey, data, "card_cities", "2015-12")
    assert r.complete is False and r.derived is None and r.met is None and r.severity is None
    # 12 cities + the province (表14) of 13 + 1 reported; over the 12 reported cities:
    # 11 ÷ 12 × 100 = 91.666… → 91.67, shown as such, never judged
    assert (r.done.units_reported, r.done.units_expected) == (13, 14)
    assert [u.name for u in r.done.missing] == ["宿迁市"]
    assert r.partial == Decimal("91.67")
    lines = {c.code: (c.reported, c.counted) for c in r.cities}
    assert lines[CODES[11]] == (True, False) and lines[SUQIAN] == (False, False)
    data.values[("T05", SUQIAN, "holders")] = Decimal("0")
    r = result(survey, data, "card_cities", "2015-12")
    # every city reported: 11 ÷ 13 × 100 = 84.615… → 84.62; > 90 not met, 约束性 → a failure
    assert r.complete is True and r.partial is None
    assert r.derived == Decimal("84.62") and r.met is False and r.severity == "error"
    data.values[("T05", CODES[11], "holders")] = Decimal("1.00")
    # 12 ÷ 13 × 100 = 92.31 > 90
    assert result(survey, data, "card_cities", "2015-12").derived == Decimal("92.31")
    assert result(survey, data, "card_cities", "2015-12").met is True
    assert result(survey, data, "card_cities", "2015-06").derivable is False


def test_card_holders_in_hundred_millions_rounded_half_up(survey: Survey) -> None:
    data = new_data()
    for code in CODES[:12]:
        data.values[("T05", code, "holders")] = Decimal("500.00")
    data.values[("T05", SUQIAN, "holders")] = Decimal("50.00")
    data.values[("T01", "card_holders", "dec")] = Decimal("0.60")
    r = result(survey, data, "card_holders", "2015-12")
    # 12 × 500.00 + 50.00 = 6050.00 万人 ÷ 10000 = 0.605 亿人 → 0.61 (half up, not 0.60)
    assert r.inputs[0].value == Decimal("6050.00")
    assert r.inputs[0].source.row == "total"
    assert r.unit == "亿人" and r.derived == Decimal("0.61")
    assert r.differs is True  # reported 0.60
    # 8 亿人 is a national absolute: a province is never judged on it (docs/spec.md §11.5);
    # it sees its share of the target instead: 0.61 ÷ 8 × 100 = 7.625 → 7.63 %
    assert r.scope is Scope.NATIONAL and r.met is None and r.severity is None
    assert r.target_share == Decimal("7.63")
    assert next(c for c in r.cities if c.code == SUQIAN).value == Decimal("50.00")


def test_card_holders_at_exactly_8_meets(survey: Survey) -> None:
    data = new_data()
    data.values[("T05", CODES[0], "holders")] = Decimal("80000.00")
    for code in CODES[1:]:
        data.values[("T05", code, "holders")] = Decimal("0")
    r = result(survey, data, "card_holders", "2015-12")
    # 80000.00 万人 ÷ 10000 = 8.00 亿人: the whole national target, still not a province's to meet
    assert r.derived == Decimal("8.00") and r.met is None and r.target_share == Decimal("100.00")


def test_card_holders_missing_when_no_city_reported(survey: Survey) -> None:
    r = result(survey, new_data(), "card_holders", "2015-12")
    assert r.derived is None and r.missing == ("持卡人数（万人，表5 合计）",) and r.met is None


# --- 8 电话咨询 地市级 ---------------------------------------------------------------------


def test_hotline_cities_do_not_count_the_province(survey: Survey) -> None:
    data = new_data()
    data.values[("T09", "province", "opened")] = True
    for code in CODES[:11]:
        data.values[("T09", code, "opened")] = True
    data.values[("T09", CODES[11], "opened")] = False
    data.values[("T09", SUQIAN, "opened")] = False
    r = result(survey, data, "hotline_city", "2015-06")
    # 11 opened ÷ 13 × 100 = 84.615… → 84.62 < 90
    assert r.derived == Decimal("84.62") and r.met is False and r.severity == "warning"
    assert len(r.cities) == 13
    data.values[("T09", SUQIAN, "opened")] = True
    # 12 ÷ 13 × 100 = 92.31 ≥ 90
    assert result(survey, data, "hotline_city", "2015-06").derived == Decimal("92.31")
    assert result(survey, data, "hotline_city", "2015-12").derivable is False
    assert result(survey, data, "hotline_province", "2015-06").derivable is False


def test_hotline_missing_when_no_city_reported(survey: Survey) -> None:
    data = new_data()
    data.values[("T09", "province", "opened")] = True
    r = result(survey, data, "hotline_city", "2015-06")
    assert r.missing == ("已开通12333咨询服务电话的地市数（表9）",)


# --- entered directly, and the JSON contract ----------------------------------------------


def test_directly_entered_indicator_is_judged_on_the_reported_value(survey: Survey) -> None:
    data = new_data()
    data.values[("T01", "dc_province", "jun")] = Decimal("100")
    data.values[("T01", "monitor_business", "dec")] = Decimal("90")
    dc = result(survey, data, "dc_province", "2015-06")
    assert dc.derivable is False and dc.met is True  # 100 ≥ 100
    monitor = result(survey, data, "monitor_business", "2015-12")
    assert monitor.met is False  # 90 is not > 90
    assert result(survey, data, "dc_province", "2015-12").met is None  # nothing reported


def test_json_follows_the_command_line_contract(survey: Survey) -> None:
    data = new_data()
    for code in CODES[:12]:
        data.values[("T05", code, "holders")] = Decimal("1.00")
    data.values[("T05", SUQIAN, "holders")] = Decimal("0")  # reported: no card holders yet
    data.values[("T01", "card_cities", "dec")] = Decimal("92.3")
    r = result(survey, data, "card_cities", "2015-12")
    assert r.as_json() == {
        "indicator": "card_cities",
        "label": "社会保障卡发卡地市比例（%）",
        "target": {"op": ">", "value": 90},
        "attribute": "约束性",
        "date": "2015-12",
        "derivable": True,
        "derived": 92.31,
        "missing": [],
        "reported": 92.3,
        "differs": True,  # 92.31 vs 92.30
        "met": True,
        "scope": "province",  # a share over the province's own cities: judged on it
        "target_share": None,
        "complete": True,  # 13 cities (表5) and the province (表14) have all reported
        "units_reported": 14,
        "units_expected": 14,
        "partial": None,
    }
    detail = r.as_detail_json()
    assert detail["missing_units"] == []
    assert detail["formula"] == "持卡人数大于 0 的地市数（表5）÷ 地市总数（表14 第2项）× 100"
    assert detail["inputs"] == [
        {
            "key": "issuing",
            "label": "持卡人数大于 0 的地市数（表5）",
            "value": 12,
            "source": {"table": "T05", "row": None, "column": None},
        },
        {
            "key": "cities",
            "label": "地市总数（表14 第2项）",
            "value": 13,
            "source": {"table": "T14", "row": "cities", "column": "qty"},
        },
    ]
    cities = detail["cities"]
    assert isinstance(cities, list) and len(cities) == 13
    assert cities[0] == {
        "input": "issuing",
        "org": "320100",
        "name": "南京市",
        "reported": True,
        "counted": True,
        "value": None,
    }


def test_sub_labels_are_part_of_the_label(survey: Survey) -> None:
    r = result(survey, new_data(), "man_county", "2015-06")
    assert r.label == "城域网络覆盖率（%）：县级网络接入平台"
    assert r.number == "3" and r.target.value == 95
