"""Indicators never judge incomplete data (docs/spec.md §6.4, §10.8).

An indicator is complete when every unit owning one of its inputs has filled it; until then
it is not judged (``met`` None), ``derived`` stays empty, and ``partial`` is the value over the
units that did report. Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from indicator_helpers import CODES, SURVEY, new_data, result

from kaoping.core.consolidation import Unit
from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.completeness import TableUnits, ownership


@pytest.fixture(scope="module")
def survey() -> Survey:
    return SURVEY


def test_network_coverage_with_six_cities_silent_is_not_judged(survey: Survey) -> None:
    data = new_data()
    for code in CODES[:7]:  # 南京 … 连云港 have a primary line; the last six filled nothing
        data.values[("T03", code, "primary_operator")] = "a"
    data.values[("T01", "network_city", "jun")] = Decimal("53.85")
    r = result(survey, data, "network_city", "2015-06")
    # the old reading, 7 ÷ 13 × 100 = 53.85 in red, is what must not happen
    assert r.complete is False and r.derived is None and r.met is None and r.severity is None
    assert r.differs is False
    # 7 cities of 13 + the province for 表14: 8 of 14 units reported
    assert (r.done.units_reported, r.done.units_expected) == (8, 14)
    assert [u.name for u in r.done.missing] == ["淮安市", "盐城市", "扬州市", "镇江市", "泰州市", "宿迁市"]
    # over the 7 cities that reported: 7 ÷ 7 × 100 = 100.00
    assert r.partial == Decimal("100.00")
    as_json = r.as_json()
    assert {
        k: as_json[k] for k in ("complete", "units_reported", "units_expected", "met", "derived", "partial")
    } == {
        "complete": False,
        "units_reported": 8,
        "units_expected": 14,
        "met": None,
        "derived": None,
        "partial": 100,
    }
    assert r.as_detail_json()["missing_units"][0] == {"org": "320800", "name": "淮安市"}  # type: ignore[index]


def test_the_last_city_completes_it_and_it_is_judged(survey: Survey) -> None:
    data = new_data()
    for code in CODES[:12]:
        data.values[("T03", code, "primary_operator")] = "a"
    data.values[("T03", CODES[12], "primary_bandwidth")] = 0  # reported: no line
    r = result(survey, data, "network_city", "2015-06")
    # 12 ÷ 13 × 100 = 92.307… → 92.31 < 100, 约束性: a failure now that the data is complete
    assert r.complete is True and (r.done.units_reported, r.done.units_expected) == (14, 14)
    assert r.derived == Decimal("92.31") and r.met is False and r.severity == "error" and r.partial is None


def test_a_total_row_is_owned_by_every_unit_of_its_table(survey: Survey) -> None:
    data = new_data()
    data.values[("T11", "province", "users")] = 300
    data.values[("T11", "province", "cert_users")] = 210
    data.values[("T11", CODES[0], "users")] = 700
    data.values[("T11", CODES[0], "cert_users")] = 490
    r = result(survey, data, "cert_usage", "2015-06")
    # 表11 合计 sums 省本级 and 13 cities: 2 of 14 reported
    assert r.complete is False and (r.done.units_reported, r.done.units_expected) == (2, 14)
    assert r.done.missing[0] == Unit("320200", "无锡市")
    # over those two: (210 + 490) ÷ (300 + 700) × 100 = 70.00
    assert r.partial == Decimal("70.00") and r.met is None and r.derived is None


def test_a_national_absolute_shows_the_reported_units_sum(survey: Survey) -> None:
    data = new_data()
    data.values[("T05", CODES[0], "holders")] = Decimal("5000.00")
    r = result(survey, data, "card_holders", "2015-12")
    # 1 of 13 cities: 5000.00 万人 ÷ 10000 = 0.50 亿人 over 南京 only; no share of the 8 亿 yet
    assert (r.done.units_reported, r.done.units_expected) == (1, 13)
    assert r.partial == Decimal("0.50") and r.derived is None and r.target_share is None


def test_an_answer_that_settles_it_owes_nothing_more(survey: Survey) -> None:
    data = new_data()
    data.values[("T02", "dr_none", "no_dr")] = True  # no DR at all: 0 without the two rows
    r = result(survey, data, "dr_province", "2015-06")
    assert r.complete is True and r.derived == Decimal("0.00")
    assert (r.done.units_reported, r.done.units_expected) == (1, 1)


def test_a_row_entered_directly_is_owned_by_the_province(survey: Survey) -> None:
    data = new_data()
    blank = result(survey, data, "monitor_fund", "2015-12")
    assert blank.complete is False and (blank.done.units_reported, blank.done.units_expected) == (0, 1)
    data.values[("T01", "monitor_fund", "dec")] = Decimal("85")
    entered = result(survey, data, "monitor_fund", "2015-12")
    assert entered.complete is True and entered.met is True  # 85 ≥ 80


def test_ownership_is_passed_in(survey: Survey) -> None:
    """The caller says who fills what: a table filled by the seven cities taking part is
    complete when those seven have reported."""
    data = new_data()
    for code in CODES[:7]:
        data.values[("T03", code, "primary_operator")] = "a"
    owners = dict(ownership(survey, data))
    seven = tuple(u for u in owners["T03"].units if u.code in CODES[:7])
    owners["T03"] = TableUnits(seven, frozenset(CODES[:7]))
    r = result(survey, data, "network_city", "2015-06", owners=owners)
    assert r.complete is True and (r.done.units_reported, r.done.units_expected) == (8, 8)
    # the formula still divides by 表14's 13 cities: 7 ÷ 13 × 100 = 53.85, judged
    assert r.derived == Decimal("53.85") and r.met is False
