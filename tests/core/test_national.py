"""National consolidation and the national 表1 on a small hand-computed example (docs/spec.md §11).

Three provincial units, each with its summary computed from its own data as on a save:

- 湖北 (a province): 武汉, 黄石 (地级市) and 仙桃 (县级市, 省直辖县级: fills as a city-level unit
  but is no 地市 nationally);
- 北京 (a municipality): 东城区, 西城区 — nationally one 地市, counted when any row counts;
- 宁夏 (an autonomous region): 银川, 石嘴山.

The nation expects a fourth unit, 新疆生产建设兵团, in the test of missing provinces.
Every expected value is worked out by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from indicator_helpers import SURVEY

from kaoping.core.consolidation import consolidation_statuses
from kaoping.core.instance import SurveyData
from kaoping.core.national.coverage import Coverage, Province, national_table
from kaoping.core.national.summary import ProvinceSummary, province_summary
from kaoping.core.national.table1 import NationalIndicator, national_indicators
from kaoping.core.orgs import Org
from kaoping.core.rules.context import Layout

D = Decimal
HUBEI = Org("420000", "湖北省", "province", "000000", kind="省")
BEIJING = Org("110000", "北京市", "province", "000000", kind="直辖市")
NINGXIA = Org("640000", "宁夏回族自治区", "province", "000000", kind="自治区")
BINGTUAN = Province("660000", "新疆生产建设兵团")
GRASSROOTS = ("street", "community", "town", "medical")


def city(code: str, name: str, parent: str, kind: str) -> Org:
    return Org(code, name, "city", parent, kind=kind)


def fill(
    data: SurveyData,
    lines: dict[str, int],  # 表3 primary bandwidth per city (0: reported, no line)
    holders: dict[str, str],
    opened: dict[str, bool],
    users: dict[str, tuple[int, int]],  # 表11 (users, cert users) per row, 省本级 as "province"
    grassroots: tuple[int, int],  # 表4 networked and 表14 qty per group 13–16
    agencies: tuple[int, int],  # 表4 networked and 表14 qty per group 1–12 row
) -> None:
    v = data.values
    v[("T14", "cities", "qty")] = len(data.cities)
    for code, bandwidth in lines.items():
        v[("T03", code, "primary_bandwidth")] = bandwidth
    for code, number in holders.items():
        v[("T05", code, "holders")] = D(number)
    v[("T09", "province", "opened")] = True
    for code, flag in opened.items():
        v[("T09", code, "opened")] = flag
    for row, (total, cert) in users.items():
        v[("T11", row, "users")] = total
        v[("T11", row, "cert_users")] = cert
    for r in SURVEY.table("T04").section("main").fixed_rows:
        networked, qty = grassroots if r.key in GRASSROOTS else agencies
        v[("T04", r.key, "networked")] = networked
        v[("T14", r.key, "qty")] = qty


def hubei() -> SurveyData:
    cities = [
        city("420100", "武汉市", "420000", "地级市"),
        city("420200", "黄石市", "420000", "地级市"),
        city("429004", "仙桃市", "420000", "县级市"),
    ]
    data = SurveyData(HUBEI, cities)
    users = {"province": (100, 80), "420100": (200, 100), "420200": (50, 50), "429004": (50, 0)}
    fill(data, {"420100": 100, "420200": 0, "429004": 50}, {"420100": "3000", "420200": "0", "429004": "500"},
         {"420100": True, "420200": True, "429004": False}, users, (10, 10), (2, 2))  # fmt: skip
    data.values[("T04", "street", "networked")] = 10  # groups 13–16: 10 + 20 + 30 + 40 = 100
    data.values[("T04", "community", "networked")] = 20
    data.values[("T04", "town", "networked")] = 30
    data.values[("T04", "medical", "networked")] = 40
    data.values[("T14", "community", "qty")] = 30  # 表14: 10 + 30 + 30 + 40 = 110
    data.values[("T14", "town", "qty")] = 30
    data.values[("T14", "medical", "qty")] = 40
    first = next(r.key for r in SURVEY.table("T04").section("main").fixed_rows if r.key not in GRASSROOTS)
    data.values[("T04", first, "networked")] = 1  # groups 1–12: 37 × 2 + 1 = 75 of 38 × 2 = 76
    data.values[("T02", "province_data", "status_jun")] = "a"
    data.values[("T02", "province_data", "status_dec")] = "a"
    reported(data, network=("66.67", "70"), cards=("66.67", "0.35"), platform="80", dc="100")
    return data


def beijing() -> SurveyData:
    cities = [city("110101", "东城区", "110000", "市辖区"), city("110102", "西城区", "110000", "市辖区")]
    data = SurveyData(BEIJING, cities)
    users = {"province": (100, 100), "110101": (50, 50), "110102": (50, 50)}
    fill(data, {"110101": 100, "110102": 0}, {"110101": "800", "110102": "700"},
         {"110101": False, "110102": False}, users, (5, 5), (1, 1))  # fmt: skip
    for row in ("province_data", "central_data"):
        data.values[("T02", row, "status_jun")] = "c"
        data.values[("T02", row, "status_dec")] = "b"
    reported(data, network=("50", "60"), cards=("100", "0.15"), platform="90", dc="100")
    return data


def ningxia() -> SurveyData:
    cities = [city("640100", "银川市", "640000", "地级市"), city("640200", "石嘴山市", "640000", "地级市")]
    data = SurveyData(NINGXIA, cities)
    users = {"province": (100, 50), "640100": (100, 50), "640200": (100, 50)}
    fill(data, {"640100": 100, "640200": 20}, {"640100": "400", "640200": "200"},
         {"640100": True, "640200": True}, users, (1, 2), (0, 1))  # fmt: skip
    data.values[("T02", "dr_none", "no_dr")] = True
    reported(data, network=("100", "100"), cards=("100", "0.06"), platform="70", dc="0")
    return data


def reported(
    data: SurveyData, network: tuple[str, str], cards: tuple[str, str], platform: str, dc: str
) -> None:
    v = data.values
    v[("T01", "network_city", "jun")], v[("T01", "network_city", "dec")] = D(network[0]), D(network[1])
    v[("T01", "card_cities", "dec")], v[("T01", "card_holders", "dec")] = D(cards[0]), D(cards[1])
    v[("T01", "grassroots_platform", "dec")] = D(platform)
    v[("T01", "dc_province", "dec")] = D(dc)


@pytest.fixture(scope="module")
def summaries() -> list[ProvinceSummary]:
    # stored as JSON and read back, as the ministry's pages read them
    made = [province_summary(SURVEY, d()) for d in (hubei, beijing, ningxia)]
    return [ProvinceSummary.from_json(s.as_json()) for s in made]


def coverage(summaries: list[ProvinceSummary], extra: tuple[Province, ...] = ()) -> Coverage:
    expected = tuple(Province(s.code, s.name) for s in summaries) + extra
    return Coverage(expected, frozenset(s.code for s in summaries))


@pytest.fixture(scope="module")
def nation(summaries: list[ProvinceSummary]) -> dict[tuple[str, str], NationalIndicator]:
    return {(r.indicator, r.date): r for r in national_indicators(SURVEY, summaries, coverage(summaries))}


def test_network_coverage_counts_prefecture_units_and_a_municipality_as_one(nation: dict) -> None:
    r = nation[("network_city", "2015-06")]
    # lines: 湖北 武汉 (黄石 0 M: none; 仙桃 is no 地市) = 1; 北京 东城 → the municipality = 1;
    # 宁夏 银川, 石嘴山 = 2. 地市 from the tree: 湖北 2 (仙桃 not), 北京 1, 宁夏 2 = 5.
    assert [(k, v) for k, _label, v in r.inputs] == [("lined", 4), ("cities", 5)]
    assert r.derived == D("80.00")  # 4 ÷ 5 × 100
    # reported, weighed by each one's 地市: (66.67 × 2 + 50 × 1 + 100 × 2) ÷ 5 = 76.668
    assert (r.reported, r.reported_how) == (D("76.67"), "weighted")
    assert r.met is False and r.complete  # 约束性 100, judged on the nation


def test_a_province_keeps_its_own_value_on_its_own_denominator(nation: dict) -> None:
    lines = {p.province.code: p for p in nation[("network_city", "2015-06")].provinces}
    # 湖北 itself: 武汉 and 仙桃 have a line, of its 表14 3 → 66.67; 北京: 1 of 2 districts
    assert (lines["420000"].derived, lines["110000"].derived, lines["640000"].derived) == (
        D("66.67"), D("50.00"), D("100.00"),
    )  # fmt: skip
    assert (lines["420000"].met, lines["640000"].met) == (False, True)  # a share over its own units


def test_network_city_at_year_end_is_a_labelled_unweighted_mean(nation: dict) -> None:
    r = nation[("network_city", "2015-12")]
    assert not r.derivable and r.derived is None
    assert (r.reported, r.reported_how) == (D("76.67"), "mean")  # (70 + 60 + 100) ÷ 3


def test_card_cities_and_hotline(nation: dict) -> None:
    cards = nation[("card_cities", "2015-12")]
    # issuing: 湖北 武汉 (黄石 0; 仙桃 no 地市) 1, 北京 1, 宁夏 2 → 4 ÷ 5
    assert [v for _k, _label, v in cards.inputs] == [4, 5] and cards.derived == D("80.00")
    # reported (66.67 × 2 + 100 × 1 + 100 × 2) ÷ 5 = 86.668
    assert cards.reported == D("86.67") and cards.met is False  # > 90
    hotline = nation[("hotline_city", "2015-06")]
    # opened: 湖北 武汉, 黄石 2 (仙桃 no 地市, and not open); 北京 neither district 0; 宁夏 2 → 4 ÷ 5
    assert [v for _k, _label, v in hotline.inputs] == [4, 5] and hotline.derived == D("80.00")
    assert hotline.met is False  # 预期性 90
    assert hotline.reported is None and hotline.reported_how is None  # nobody reported it


def test_card_holders_is_judged_on_the_nation_only(nation: dict) -> None:
    r = nation[("card_holders", "2015-12")]
    # 3000 + 0 + 500 + 800 + 700 + 400 + 200 = 5,600 万人 = 0.56 亿人
    assert r.inputs[0][2] == D("5600.00") and r.derived == D("0.56")
    assert (r.reported, r.reported_how) == (D("0.56"), "sum")  # 0.35 + 0.15 + 0.06
    assert r.met is False  # 8 亿: judged nationally
    lines = {p.province.code: p for p in r.provinces}
    # never judged on one province; each sees its share of the 8 亿: 0.35 ÷ 8 = 4.375 → 4.38
    assert all(p.met is None for p in r.provinces)
    shares = (lines["420000"].target_share, lines["110000"].target_share, lines["640000"].target_share)
    assert shares == (D("4.38"), D("1.88"), D("0.75"))


def test_dr_centre_is_a_share_of_provinces(nation: dict) -> None:
    for date in ("2015-06", "2015-12"):
        r = nation[("dr_province", date)]
        # 湖北 省本级 a.已建 → 100; 北京 neither built → 0; 宁夏 no DR at all → 0: 1 of 3
        assert r.derived == D("33.33") and r.met is False  # 60 %
        assert [p.derived for p in r.provinces] == [D("100.00"), D("0.00"), D("0.00")]
        assert all(p.met is None for p in r.provinces)  # a share of provinces: national only


def test_cert_usage_and_network_rows_add_their_inputs(nation: dict) -> None:
    cert = nation[("cert_usage", "2015-06")]
    # 表11 合计: certificates 230 + 200 + 150 = 580 of users 400 + 200 + 300 = 900 → 64.444
    assert [v for _k, _label, v in cert.inputs] == [580, 900] and cert.derived == D("64.44")
    grass = nation[("man_grassroots", "2015-12")]
    # groups 13–16: 100 + 20 + 4 = 124 of 110 + 20 + 8 = 138 → 89.855
    assert [v for _k, _label, v in grass.inputs] == [124, 138] and grass.derived == D("89.86")
    agencies = nation[("man_agencies", "2015-12")]
    # groups 1–12 (38 rows): 75 + 38 + 0 = 113 of 76 + 38 + 38 = 152 → 74.342
    assert [v for _k, _label, v in agencies.inputs] == [113, 152] and agencies.derived == D("74.34")


def test_provincial_rows_entered_directly_are_shares_of_provinces_answering_100(nation: dict) -> None:
    r = nation[("dc_province", "2015-12")]
    assert not r.derivable and r.derived is None
    assert (r.reported, r.reported_how) == (D("66.67"), "provinces")  # 湖北, 北京 of 3
    platform = nation[("grassroots_platform", "2015-12")]
    assert (platform.reported, platform.reported_how) == (D("80.00"), "mean")  # (80 + 90 + 70) ÷ 3
    assert platform.met is True  # 80


def test_a_missing_province_is_named_and_nothing_is_judged(summaries: list[ProvinceSummary]) -> None:
    cover = coverage(summaries, (BINGTUAN,))
    assert cover.summary == "已纳入 3 个省级单位的上报数据，未纳入 1 个（尚未上报）：新疆生产建设兵团"
    found = {(r.indicator, r.date): r for r in national_indicators(SURVEY, summaries, cover)}
    r = found[("network_city", "2015-06")]
    assert r.derived == D("80.00") and r.met is None and not r.complete  # over the 3 included
    assert found[("card_holders", "2015-12")].met is None
    assert r.as_json()["missing"] == [{"org": "660000", "name": "新疆生产建设兵团"}]


def test_a_province_with_incomplete_inputs_is_not_counted(summaries: list[ProvinceSummary]) -> None:
    data = ningxia()
    del data.values[("T03", "640200", "primary_bandwidth")]  # 石嘴山 has not reported 表3
    partial = [*summaries[:2], province_summary(SURVEY, data)]
    found = {(r.indicator, r.date): r for r in national_indicators(SURVEY, partial, coverage(partial))}
    r = found[("network_city", "2015-06")]
    # 宁夏 left out: lines 1 + 1 of 地市 2 + 1 → 66.67, not judged
    assert r.derived == D("66.67") and [p.name for p in r.not_counted] == ["宁夏回族自治区"]
    assert r.met is None and not r.complete


def test_national_views_of_tables(summaries: list[ProvinceSummary]) -> None:
    cover = coverage(summaries)
    cards = national_table(SURVEY, "T05", summaries, cover)
    holders = next(c for c in cards.columns if c.key == "main.holders")
    assert [values[holders.key] for _p, values in cards.rows] == ["3500", "1500", "600"]
    assert cards.totals["main.holders"] == D("5600")
    lines = national_table(SURVEY, "T03", summaries, cover)  # city rows, no 合计: units and sums
    assert [values["main.#units"] for _p, values in lines.rows] == ["3", "2", "2"]
    assert lines.totals["main.primary_bandwidth"] == D(370)  # 150 + 100 + 120 (Mbps)
    hotline = national_table(SURVEY, "T09", summaries, cover)
    assert "main.opened" not in {c.key for c in hotline.columns}  # only the summed columns of 合计
    dr = national_table(SURVEY, "T02", summaries, cover)  # fixed rows: each province's answers
    assert dr.rows[0][1]["dr.province_data.status_jun"] == "a.已建"  # codes as the form shows them
    none = next(c for c in dr.columns if c.key == "dr_none.no_dr")
    assert none.kind == "yes" and dr.totals[none.key] == 1  # 宁夏 answers 是
    assert cards.as_json()["provinces_included"] == 3


def test_a_save_after_a_summary_moves_it_by_the_amount_saved(summaries: list[ProvinceSummary]) -> None:
    # What the recomputation keeps between runs (organisation rows, column readers, compiled
    # formulas) depends on the definition and the units only: a save is seen at once.
    data = hubei()
    before = province_summary(SURVEY, data)
    data.values[("T05", "420100", "holders")] = D("3100")  # 武汉 saves 3,000 → 3,100 万人
    after = province_summary(SURVEY, data)
    # 表5 合计: 3,000 + 0 + 500 = 3,500 → 3,100 + 0 + 500 = 3,600; 持卡人数 ÷ 10,000 亿
    assert (before.tables["T05"]["main.holders"], after.tables["T05"]["main.holders"]) == ("3500", "3600")
    holders = before.facts("card_holders", "2015-12"), after.facts("card_holders", "2015-12")
    assert (holders[0].derived, holders[1].derived) == (D("0.35"), D("0.36"))
    # the nation: 3,600 + 北京 1,500 + 宁夏 600 = 5,700 万人 = 0.57 亿
    moved = [ProvinceSummary.from_json(after.as_json()), *summaries[1:]]
    card = {(r.indicator, r.date): r for r in national_indicators(SURVEY, moved, coverage(moved))}
    assert card[("card_holders", "2015-12")].derived == D("0.57")


def test_a_renamed_unit_is_shown_by_its_new_name() -> None:
    province_summary(SURVEY, hubei())
    data = hubei()
    data.cities[2] = city("429004", "仙桃", "420000", "县级市")  # renamed by `kaoping orgs sync`
    del data.values[("T05", "429004", "holders")]
    status = next(s for s in consolidation_statuses(SURVEY, data) if s.table == "T05")
    assert [u.name for u in status.missing_units] == ["仙桃"]
    assert [r.label for r in Layout.build(SURVEY, data).tables["T05"].data_rows("main")][-1] == "仙桃"
