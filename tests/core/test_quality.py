"""Data quality (docs/spec.md §13) on survey-2015@1's own quality.yaml, worked by hand.

Outliers: the spread is 1.4826 × MAD, floored at ``floor`` and 0.1 × |median|; a unit is
flagged beyond 3.5 spreads; fewer than 5 units with a value judge nothing.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from kaoping.core.definitions.loader import DefinitionError, load_survey, load_survey_from_texts
from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding, FindingKind, can_submit
from kaoping.core.instance import SurveyData, section_rows
from kaoping.core.orgs import Org
from kaoping.core.quality.checks import change_findings, city_outliers, period_findings, province_outliers
from kaoping.core.quality.compare import compare_table
from kaoping.core.quality.mapping import mapped
from kaoping.core.quality.model import BaselineMap, Level
from kaoping.core.quality.peers import outliers
from kaoping.core.quality.robust import centre
from kaoping.core.quality.units import city_units, province_units

ROOT = Path(__file__).resolve().parents[2] / "definitions" / "survey-2015" / "v1"
PROVINCE = Org("320000", "江苏省", "province", "000000")
CITIES = [Org(f"3201{i:02d}", f"第{i}市", "city", "320000") for i in range(1, 7)]


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(ROOT)


def rule(survey: Survey, rule_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in survey.quality.outliers if r.id == rule_id)


def kiosks(survey: Survey, deployed: list[int | None], population: list[str | None]) -> list[Finding]:
    """表10 已部署数量 of six cities, each with its 常住人口 (万人) base figure."""
    data = SurveyData(PROVINCE, CITIES[: len(deployed)])
    figures = {}
    for city, n, pop in zip(CITIES, deployed, population, strict=False):
        if n is not None:
            data.values[("T10", city.code, "deployed")] = n
        if pop is not None:
            figures[city.code] = {"population": D(pop)}
    units = city_units(survey.quality, data, figures)
    return [f for _, f in city_outliers(survey, survey.quality.outliers, data, units)]


def test_a_clear_outlier_is_flagged_with_its_numbers(survey):
    # per 万: 1.1, 1.0, 1.2, 1.1, 1.05, 12.4 → median 1.1; |deviations| 0, 0.1, 0.1, 0, 0.05,
    # 11.3 → MAD 0.075, spread 1.4826 × 0.075 = 0.1112 (above 0.1 × 1.1); 11.3 / 0.1112 ≈ 102
    found = kiosks(survey, [110, 100, 120, 110, 105, 1240], ["100"] * 6)
    assert [(f.row, f.column, f.rule, f.kind, f.severity) for f in found] == [
        ("320106", "deployed", "Q10-KIOSK", FindingKind.OUTLIER, Severity.WARNING)
    ]
    assert found[0].message == "每万人自助终端 12.4 台，全省中位数 1.1 台"
    assert found[0].row_label == "第6市" and found[0].column_label == "已部署数量（台）"
    assert can_submit(found)  # a peer finding never blocks 上报, explained or not


def test_an_honest_skewed_group_of_five_is_not_flooded(survey):
    # 0.8, 1.0, 1.3, 2.1, 3.6 per 万 → median 1.3, MAD 0.5, spread 0.7413: 3.6 is 3.10 spreads out
    assert kiosks(survey, [80, 100, 130, 210, 360], ["100"] * 5) == []
    # five cities agreeing exactly and one 5 % off: MAD 0, the spread floored at 0.1 × median
    assert kiosks(survey, [100, 100, 100, 100, 100, 105], ["100"] * 6) == []


def test_a_group_below_five_is_never_judged(survey):
    assert kiosks(survey, [100, 110, 120, 5000, None, None], ["100"] * 6) == []


def test_a_blank_base_figure_leaves_the_unit_out(survey):
    # the far value has no 常住人口: not flagged, and the other five agree
    assert kiosks(survey, [110, 100, 120, 110, 105, 1240], ["100"] * 5 + [None]) == []
    # five values, one without its figure: four units remain, fewer than five → nothing
    assert kiosks(survey, [110, 100, 120, 1240, 105], ["100", "100", "100", "100", None]) == []
    assert kiosks(survey, [110, 100, 120, 1240, 105], ["100", "100", "100", "0", "100"]) == []


def test_robust_centre_by_hand():
    found = centre([D("1.1"), D("1.0"), D("1.2"), D("1.1"), D("1.05"), D("12.4")], D(0), D("0.1"))
    assert (found.median, found.mad) == (D("1.1"), D("0.075"))
    assert found.spread == D("1.4826") * D("0.075")
    assert centre([D(0)] * 5, D(0), D("0.1")).distance(D(0)) is None  # spread 0: nothing judged


def test_provinces_are_compared_at_their_total_and_owned_by_the_province(survey):
    # 持卡人数 ÷ 常住人口 × 100: 60, 62, 65, 58, 63 and 20 % → median 61; MAD median(1,1,4,3,2,41)=2.5
    # → spread max(3.71, floor 5, 6.1) = 6.1; 41 / 6.1 = 6.7 spreads
    holders = ["600", "620", "650", "580", "630", "200"]
    rows = [(f"{i}10000", {"T05": {"main.holders": h}}, 13) for i, h in enumerate(holders, start=1)]
    figures = {f"{i}10000": {"population": D(1000)} for i in range(1, 7)}
    units = province_units(survey.quality, rows, figures)
    found = province_outliers(survey, survey.quality.outliers, units, {})
    assert [(o, f.row, f.column, f.rule) for o, f in found] == [("610000", "total", "holders", "Q05-HOLDERS")]
    assert found[0][1].message == "持卡人数占常住人口比例 20.0 %，全国中位数 61.0 %"
    only_cities = next(r for r in survey.quality.outliers if r.id == "Q04-NETWORKED")
    assert outliers(only_cities, units, Level.CITIES) == []  # declared for provinces only


def test_a_year_end_forecast_below_june_needs_a_note(survey):
    data = SurveyData(PROVINCE, CITIES)
    data.values.update(
        {
            ("T01", "card_cities", "jun"): D("92.31"),
            ("T01", "card_cities", "dec"): D("84.62"),
            ("T01", "dc_city", "jun"): D("100"),
            ("T01", "dc_city", "dec"): D("100"),  # equal: no change, no finding
            ("T02", "central_data", "cities_jun"): 13,
            ("T02", "central_data", "cities_dec"): 12,
        }
    )
    found = period_findings(survey, survey.quality.periods, data, data.values)
    assert [(o, f.table, f.row, f.column, f.rule, f.kind) for o, f in found] == [
        ("320000", "T01", "card_cities", "dec", "P01-DEC", FindingKind.CHANGE),
        ("320000", "T02", "central_data", "cities_dec", "P02-CITIES", FindingKind.CHANGE),
    ]
    assert found[0][1].message == (
        "社会保障卡发卡地市比例（%）：2015年底 84.62%，低于2015年6月 92.31%（累计数，年底预计不应少于6月）"
    )
    assert found[1][1].message == (
        "全省集中数据级灾备建设：灾备地市数量（2015年底） 12 个，低于灾备地市数量（2015年6月） 13 个"
        "（累计数，年底预计不应少于6月）"
    )
    assert not can_submit([f for _, f in found])  # a change needs its 说明
    data.explanations[found[0][1].explanation_key] = "两市合并，发卡地市比例按新口径计算"
    again = period_findings(survey, survey.quality.periods, data, data.values)
    assert [f.explained for _, f in again] == [True, False]


def holders_change(survey: Survey, before: str, now: str) -> list[str]:
    data = SurveyData(PROVINCE, CITIES[:1])
    key = ("T05", CITIES[0].code, "holders")
    data.values[key] = D(now)
    rules = [r for r in survey.quality.changes if r.id == "C05-HOLDERS"]
    return [f.message for _, f in change_findings(survey, rules, data, data.values, {key: D(before)})]


def test_changes_at_and_around_the_threshold(survey):
    assert holders_change(survey, "100.00", "52.00") == [
        "持卡人数 较上期 −48 %（上期 100.00 万人，本期 52.00 万人）"
    ]
    assert holders_change(survey, "100.00", "70.00") == []  # −30 %: exactly at the threshold
    assert holders_change(survey, "100.00", "69.90") == [
        "持卡人数 较上期 −30.1 %（上期 100.00 万人，本期 69.90 万人）"
    ]
    assert holders_change(survey, "100.00", "130.00") == []
    assert holders_change(survey, "100.00", "131.00") == [
        "持卡人数 较上期 +31 %（上期 100.00 万人，本期 131.00 万人）"
    ]
    assert holders_change(survey, "0", "50") == []  # no change in % from 0


def test_a_baseline_of_another_version_is_read_through_its_mapping(survey):
    how = BaselineMap(
        "survey-2014@1",
        tables={"B05": "T05"},
        columns={"T05": {"cards": "holders"}},
        codes={"T02": {"status_jun": {"y": "a"}}},
    )
    before = {
        ("B05", "320100", "cards"): D("88.5"),
        ("T02", "central_data", "status_jun"): "y",
        ("B99", "320100", "gone"): 1,  # a table this version does not have
    }
    assert mapped(survey, before, how) == {
        ("T05", "320100", "holders"): D("88.5"),
        ("T02", "central_data", "status_jun"): "a",
    }


def test_the_comparison_grid_shows_now_before_and_the_change(survey):
    table = survey.table("T05")
    data = SurveyData(PROVINCE, CITIES[:1])
    rows = section_rows(table, table.sections[0], data)[:1]
    now = {("T05", "320101", "holders"): D("52.00")}
    before = {("T05", "320101", "holders"): D("100.00"), ("T05", "320101", "rural"): D("10.00")}
    (row,) = compare_table(table, rows, now, before, {"holders": D(30)})
    cells = {c.column.key: c for c in row.cells}
    assert (cells["holders"].now, cells["holders"].before, cells["holders"].change) == (
        "52.00",
        "100.00",
        "−48 %",
    )
    assert cells["holders"].flagged and not cells["urban_worker"].differs
    assert (cells["rural"].now, cells["rural"].before, cells["rural"].change) == ("", "10.00", "")


def test_a_quality_file_with_mistakes_names_each(survey):
    files = {name: (ROOT / name).read_text(encoding="utf-8") for name in ("survey.yaml", "rules.yaml")}
    for table in range(1, 15):
        files[f"T{table:02d}.yaml"] = (ROOT / f"T{table:02d}.yaml").read_text(encoding="utf-8")
    files["survey.yaml"] = files["survey.yaml"].replace("indicators: indicators.yaml\n", "")
    files["quality.yaml"] = """
outliers:
  - {id: Q-A, table: T10, column: functions, label: x, unit: 台}
  - {id: Q-B, table: T10, column: deployed, label: x, unit: 台, per: residents}
  - {id: V05-LIB, table: T12, column: staff, label: x, unit: 人}
changes:
  - {id: C-A, table: T05, column: holders, label: 持卡人数, threshold: -5}
"""
    with pytest.raises(DefinitionError) as raised:
        load_survey_from_texts(files)
    messages = [(p.key, p.message) for p in raised.value.problems]
    assert ("functions", "表10的列“functions”不是数值列") in messages
    assert any(k == "per" and "residents" in m for k, m in messages)
    assert ("V05-LIB", "规则标识“V05-LIB”与审核规则重复") in messages
    assert ("threshold", "“-5”应为正数") in messages
