"""Structural facts of survey-2015@1 that users, rules and indicators rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaoping.core.definitions.dump import dump_survey
from kaoping.core.definitions.loader import find_definition, load_survey
from kaoping.core.definitions.model import ColumnType, HeaderGroup, OrgRowKind, SectionKind, Survey
from kaoping.core.instance import SurveyData, section_rows
from kaoping.core.orgs import load_tree

ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = ROOT / "definitions"


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(find_definition(DEFINITIONS, "survey-2015"))


@pytest.fixture(scope="module")
def jiangsu() -> SurveyData:
    tree = load_tree(DEFINITIONS / "orgs")
    return SurveyData(province=tree.get("320000"), cities=tree.cities("320000"))


def letters(survey: Survey, table: str, column: str) -> str:
    return "".join(c.code for c in survey.table(table).column(column).codes)


def test_identity_and_dates(survey: Survey) -> None:
    assert survey.ref == "survey-2015@1"
    assert [t.id for t in survey.tables] == [f"T{n:02d}" for n in range(1, 15)]
    assert [t.label for t in survey.tables] == [f"表{n}" for n in range(1, 15)]
    assert (str(survey.reference_date), str(survey.forecast_date)) == ("2015-06-30", "2015-12-31")


def test_table1_has_19_rows_of_12_indicators_with_targets(survey: Survey) -> None:
    rows = survey.table("T01").section("main").fixed_rows
    assert len(rows) == 19
    assert len({r.number for r in rows}) == 12
    by_key = {r.key: r for r in rows}
    assert by_key["man_grassroots"].fixed == {"target": "> 90", "attribute": "预期性"}
    # 属性 is merged over sub-rows on paper: every sub-row carries its indicator's value.
    assert {r.fixed["attribute"] for r in rows if r.number == "1"} == {"约束性"}
    assert {r.fixed["attribute"] for r in rows if r.number == "10"} == {"预期性"}
    assert [r.sub_label for r in rows if r.number == "8"] == ["省级", "地市级"]


def test_table1_completion_columns_are_percent_except_card_holders_in_100_million(survey: Survey) -> None:
    table = survey.table("T01")
    jun, dec = table.column("jun"), table.column("dec")
    assert (jun.type, jun.date, dec.date) == (ColumnType.PERCENT, "2015-06-30", "2015-12-31")
    holders = table.section("main").fixed_rows[9]
    assert holders.key == "card_holders"
    assert holders.overrides["jun"] == {"type": "decimal", "unit": "亿人", "decimals": 2}
    assert table.footer is not None and "（公章）" in table.footer and "联系人与联系方式" in table.footer


def test_table2_dr_grid_and_the_explicit_no_dr_answer(survey: Survey) -> None:
    table = survey.table("T02")
    dr = table.section("dr")
    assert [r.key for r in dr.fixed_rows] == ["province_data", "province_app", "central_data", "central_app"]
    # 灾备地市数量 is "——" on the two 省本级 rows only.
    assert table.column("cities_jun").na_rows == {"province_data", "province_app"}
    assert dr.fixed_rows[0].na_columns == {"cities_jun", "cities_dec"}
    assert letters(survey, "T02", "status_dec") == "abc"
    assert table.column("no_dr").type is ColumnType.BOOL
    assert [c.code for c in table.column("location").codes if c.needs_spec] == ["b", "c"]


def test_table3_line_type_skips_i_and_every_other_code_has_its_explanation(survey: Survey) -> None:
    assert letters(survey, "T03", "primary_type") == "abcdefghj"
    assert letters(survey, "T03", "backup_operator") == "abcdef"
    assert survey.table("T03").column("primary_type").spec_column == "other_note"


def test_table4_has_42_unit_rows_in_16_groups_and_a_computed_total(survey: Survey) -> None:
    section = survey.table("T04").section("main")
    numbers = [r.number for r in section.fixed_rows]
    assert len(numbers) == 42
    assert list(dict.fromkeys(numbers)) == [str(n) for n in range(1, 17)]
    assert section.org_rows == (OrgRowKind.TOTAL,)  # group 17 合计
    assert section.total_columns == {"networked", "unnetworked"}
    coverage = survey.table("T04").column("coverage")
    assert (coverage.type, coverage.decimals, coverage.is_input) == (ColumnType.PERCENT, 2, False)


def test_table4_unit_types_share_row_keys_with_table14(survey: Survey) -> None:
    t04 = {r.key: r.label for r in survey.table("T04").section("main").fixed_rows}
    t14 = {r.key: r for r in survey.table("T14").section("main").fixed_rows}
    assert set(t04) <= set(t14)
    # same unit type on both tables (表14 adds 总数 to 街道/社区/乡镇)
    assert t14["si_county"].label == t04["si_county"] == "区县社保经办机构"
    assert (t14["street"].number, t14["town"].number, t14["community"].number) == ("4", "5", "6")
    assert t14["medical"].number == "8.13"
    assert {t14[k].number for k in t04 if k not in ("street", "town", "community")} == {
        f"8.{n}" for n in range(1, 14)
    }


def test_table14_numbers_and_people_rows(survey: Survey) -> None:
    rows = survey.table("T14").section("main").fixed_rows
    assert list(dict.fromkeys(r.number for r in rows)) == [
        *("1", "1.1", "1.2", "1.3", "2", "3", "4", "5", "6", "7", "8"),
        *(f"8.{n}" for n in range(1, 14)),
    ]
    people = [r.key for r in rows if r.overrides.get("qty", {}).get("type") == "people"]
    assert people == ["population", "pop_worker", "pop_urban", "pop_rural"]
    assert {r.fixed["unit"] for r in rows if r.key not in people} == {"个"}


def test_table5_holders_group_has_its_own_column_first(survey: Survey) -> None:
    section = survey.table("T05").section("main")
    (outer,) = section.header
    assert isinstance(outer, HeaderGroup) and outer.label == "预计2015年底发卡情况"
    (holders,) = outer.children
    assert isinstance(holders, HeaderGroup) and holders.own == "holders"
    assert [c.key for c in section.columns] == [
        "holders",
        "urban_worker",
        "urban_resident",
        "rural",
        "financial",
    ]
    assert {(c.type, c.unit, c.decimals) for c in section.columns} == {(ColumnType.PEOPLE, "万人", 2)}
    assert survey.table("T05").column("rural").header == ("预计2015年底发卡情况", "持卡人数")
    assert [c.key for c in survey.table("T05").section("library").columns] == ["library_jun", "library_dec"]


def test_table7_progress_is_answered_as_table6_online_with_a_date(survey: Survey) -> None:
    """填写说明 4: 是否上线 is filled as in 附表6 — 是 or 否 (docs/spec.md §16.4)."""
    section = survey.table("T07").section("systems")
    assert section.list_blocks == (OrgRowKind.CITIES, OrgRowKind.PROVINCE)
    progress = survey.table("T07").column("progress")
    assert progress.type is survey.table("T06").column("online").type is ColumnType.BOOL
    assert progress.codes == ()
    assert survey.table("T07").column("progress_date").type is ColumnType.DATE


def test_table8_service_content_other_is_l_and_h_is_self_service_only(survey: Survey) -> None:
    codes = survey.table("T08").column("services").codes
    assert [(c.code, c.label) for c in codes if c.code in "hl"] == [
        ("h", "自助业务办理（如卡挂失等）"),
        ("l", "其他（请说明）"),
    ]
    assert survey.table("T08").column("mobile_services").codes == codes
    assert survey.table("T08").column("address").type is ColumnType.TEXT  # also app names, SMS numbers


def test_list_tables_are_labelled_by_their_name_column(survey: Survey) -> None:
    lists = {
        (t.id, s.key): s.label_column for t in survey.tables for s in t.sections if s.kind is SectionKind.LIST
    }
    assert lists == {
        ("T06", "systems"): "name",
        ("T07", "systems"): "name",
        ("T08", "channels"): "channel_name",
    }


def test_organisation_rows_follow_spec_section_2(survey: Survey, jiangsu: SurveyData) -> None:
    def keys(table: str, section: str) -> list[str]:
        t = survey.table(table)
        return [r.key for r in section_rows(t, t.section(section), jiangsu)]

    cities = [c.code for c in jiangsu.cities]
    assert len(cities) == 13
    assert keys("T03", "main") == cities
    assert keys("T05", "main") == [*cities, "total"]
    assert keys("T08", "cities") == ["province", *cities]
    for table in ("T09", "T10", "T11"):
        assert keys(table, "main") == ["province", *cities, "total"]
    assert keys("T12", "cities") == cities
    assert keys("T13", "main") == [*cities, "province", "total"]


def test_table9_period_and_total_row(survey: Survey) -> None:
    table = survey.table("T09")
    assert table.period == ("2015-01-01", "2015-06-30")
    assert {c.key for c in table.columns if "total" in c.na_rows} == {"opened", "uses_system", "remark"}
    assert table.section("main").total_columns == {
        "staff",
        "consultants",
        "seats",
        "calls",
        "answered",
        "voice",
        "abandoned",
    }


def test_table10_three_breakdowns_under_the_deployed_count(survey: Survey) -> None:
    table = survey.table("T10")
    deployed = table.column("deployed")
    assert deployed.own and deployed.unit == "台"
    groups = {c.header[-1] for c in table.columns if len(c.header) == 2}
    assert groups == {"按配置来源分类", "按设备类型分类", "按部署场所分类"}
    assert letters(survey, "T10", "functions") == "abcdefg"
    assert letters(survey, "T10", "auth") == "abcde"
    assert table.column("functions").type is ColumnType.CODES


def test_table11_networks_nest_under_the_total(survey: Survey) -> None:
    table = survey.table("T11")
    assert table.period == ("2011-01-01", "2015-06-30")
    assert table.column("public_systems").own and table.column("private_systems").own
    assert table.column("public_cert_users").header == (
        "等级保护三级及以上应用系统总数",
        "公众服务网的系统个数",
    )


def test_table13_money_in_10k_yuan_with_2_decimals(survey: Survey) -> None:
    table = survey.table("T13")
    money = [c for c in table.columns if c.type is ColumnType.MONEY]
    assert [c.key for c in money] == ["funds", "fin_public", "fin_bank", "fin_other", "use_build", "use_ops"]
    assert {(c.unit, c.decimals) for c in money} == {("万元", 2)}
    assert letters(survey, "T13", "enough_build") == "abcde"


def test_every_code_needing_an_explanation_has_a_text_column(survey: Survey) -> None:
    for table in survey.tables:
        for column in table.columns:
            if any(c.needs_spec for c in column.codes):
                assert column.spec_column is not None, (table.id, column.key)
                assert table.column(column.spec_column).type is ColumnType.TEXT


def test_every_quantity_column_says_its_unit(survey: Survey) -> None:
    """A number without a unit is ambiguous; 表14's 数量 takes its unit from each row's 单位."""
    quantities = (ColumnType.INT, ColumnType.MONEY, ColumnType.PEOPLE, ColumnType.AREA, ColumnType.BANDWIDTH)
    without = {(t.id, c.key) for t in survey.tables for c in t.columns if c.type in quantities and not c.unit}
    assert without == {("T14", "qty")}
    assert all(r.fixed["unit"] for r in survey.table("T14").section("main").fixed_rows)


def test_dump_matches_the_spec_shape(survey: Survey, jiangsu: SurveyData) -> None:
    dumped = dump_survey(survey, jiangsu)
    tables = dumped["tables"]
    assert isinstance(tables, list) and len(tables) == 14
    t09 = tables[8]
    assert (t09["id"], t09["label"]) == ("T09", "表9")
    assert [r["key"] for r in t09["rows"]][:2] == ["province", "320100"]
    calls = next(c for c in t09["columns"] if c["key"] == "calls")
    assert calls == {
        "key": "calls",
        "label": "来电总量（个）",
        "header": ["来电情况"],
        "type": "int",
        "unit": "个",
        "decimals": 0,
        "codes": [],
        "max": "999999999999999",
    }
    plan_date = next(c for c in tables[3]["columns"] if c["key"] == "plan_date")
    assert (plan_date["earliest"], plan_date["latest"]) == ("1990-01-01", "2100-12-31")
    assert len(tables[3]["rows"]) == 43  # 表4: 42 unit types + 合计


def test_total_rows_are_labelled_as_printed(survey: Survey, jiangsu: SurveyData) -> None:
    # 表13 prints 全省合计; every other total row reads 合计.
    def total_label(table_id: str) -> str:
        table = survey.table(table_id)
        section = table.sections[0]
        return next(r.label for r in section_rows(table, section, jiangsu) if r.kind == "total")

    assert total_label("T13") == "全省合计"
    assert [total_label(t) for t in ("T05", "T09", "T10", "T11")] == ["合计"] * 4
