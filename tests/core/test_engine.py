"""The validation engine on a small hand-made survey: scopes, blanks, messages, owners."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from kaoping.core.definitions.model import (
    BlankPolicy,
    Code,
    Column,
    ColumnType,
    OrgRowKind,
    Row,
    Rule,
    RuleScope,
    Section,
    SectionKind,
    Severity,
    Survey,
    Table,
)
from kaoping.core.findings import can_submit
from kaoping.core.instance import ListRow, SurveyData
from kaoping.core.orgs import Org
from kaoping.core.rules.engine import validate, validate_cell

PROVINCE = Org("320000", "江苏省", "province", "000000")
NANJING = Org("320100", "南京市", "city", "320000", "苏南")
WUXI = Org("320200", "无锡市", "city", "320000", "苏南")

HOTLINE = Table(
    id="T09",
    label="表9",
    title="12333电话咨询服务情况表",
    sections=(
        Section(
            key="main",
            kind=SectionKind.GRID,
            header=(
                Column("opened", "是否开通12333咨询服务电话", ColumnType.BOOL, na_rows=frozenset({"total"})),
                Column("calls", "来电总量（个）", ColumnType.INT),
                Column("answered", "人工接听量", ColumnType.INT),
                Column("voice", "自动语音量", ColumnType.INT),
                Column("abandoned", "放弃量", ColumnType.INT),
                Column(
                    "operator",
                    "运营商",
                    ColumnType.CODE,
                    codes=(Code("a", "移动"), Code("f", "其他（请说明）")),
                    spec_column="remark",
                ),
                Column("remark", "备注", ColumnType.TEXT, na_rows=frozenset({"total"})),
            ),
            org_rows=(OrgRowKind.PROVINCE, OrgRowKind.CITIES, OrgRowKind.TOTAL),
            filled_by="rows",
            total_columns=frozenset({"calls", "answered", "voice", "abandoned"}),
        ),
    ),
)
CHANNELS = Table(
    id="T08",
    label="表8",
    title="互联网服务情况表",
    sections=(
        Section(
            key="channels",
            kind=SectionKind.LIST,
            header=(Column("channel_name", "渠道名称", ColumnType.TEXT),),
            label_column="channel_name",
        ),
        Section(
            key="cities",
            kind=SectionKind.GRID,
            header=(Column("portal", "基于门户网站开展的服务", ColumnType.TEXT),),
            org_rows=(OrgRowKind.CITIES,),
            filled_by="rows",
        ),
    ),
)
BASE = Table(
    id="T14",
    label="表14",
    title="基数表",
    sections=(
        Section(
            key="main",
            kind=SectionKind.GRID,
            header=(Column("qty", "数量", ColumnType.INT),),
            fixed_rows=(Row("calls_cap", "来电上限"),),
        ),
    ),
)
RULES = (
    Rule(
        id="V09-BAL",
        table="T09",
        section="main",
        severity=Severity.WARNING,
        scope=RuleScope.ROW,
        check="answered + voice + abandoned == calls",
        column="calls",
        message="{row}：人工接听 {answered} + 自动语音 {voice} + 放弃 {abandoned} = "
        "{answered + voice + abandoned}，与来电总量 {calls} 不等",
    ),
    Rule(
        id="V09-ZERO",
        table="T09",
        section="main",
        severity=Severity.ERROR,
        scope=RuleScope.ROW,
        blank=BlankPolicy.ZERO,
        when="filled(calls)",
        check="answered + voice + abandoned <= calls",
        column="answered",
        message="{row}：分项之和 {answered + voice + abandoned} 超过来电总量 {calls}",
    ),
    Rule(
        id="V09-CAP",
        table="T09",
        scope=RuleScope.CELL,
        row="total",
        severity=Severity.WARNING,
        check="calls <= cell('T14', 'calls_cap', 'qty')",
        column="calls",
        message="合计来电 {calls} 超过 {cell('T14', 'calls_cap', 'qty')}",
    ),
    Rule(
        id="V08-ONE",
        table="T08",
        scope=RuleScope.TABLE,
        severity=Severity.ERROR,
        check="(filled_rows('T08', 'channels') > 0) != (filled_rows('T08', 'cities') > 0)",
        message="表8：第一部分 {filled_rows('T08', 'channels')} 行，"
        "第二部分 {filled_rows('T08', 'cities')} 行",
    ),
)
SURVEY = Survey(id="t", version=1, title="t", tables=(CHANNELS, HOTLINE, BASE), rules=RULES)


def make(**values: object) -> SurveyData:
    d = SurveyData(province=PROVINCE, cities=[NANJING, WUXI])
    for key, value in values.items():
        table, row, column = key.split("__")
        d.values[(table, row, column)] = value  # type: ignore[assignment]
    # one channel row so that 表8 part 1 is filled and V08-ONE holds by default
    d.list_rows.append(ListRow("ch1", "T08", "channels", PROVINCE.code))
    d.values.setdefault(("T08", "ch1", "channel_name"), "江苏人社网")
    return d


def rule_ids(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.rule for f in findings]


def ningxia(row: str = "320100", abandoned: int = 23352) -> dict[str, object]:
    return {
        f"T09__{row}__opened": True,
        f"T09__{row}__calls": 263851,
        f"T09__{row}__answered": 85582,
        f"T09__{row}__voice": 154917,
        f"T09__{row}__abandoned": abandoned,
    }


def test_a_balanced_row_gives_no_finding() -> None:
    assert validate(SURVEY, make(**ningxia())) == []


def test_an_unbalanced_row_points_at_the_cell_with_labels_and_numbers() -> None:
    [finding] = validate(SURVEY, make(**ningxia(abandoned=23350)))
    assert (finding.rule, finding.severity) == ("V09-BAL", Severity.WARNING)
    assert (finding.table, finding.row, finding.column) == ("T09", "320100", "calls")
    # named as the paper prints them: the table's title (this table has no header groups)
    assert (finding.table_label, finding.row_label, finding.column_label) == (
        "表9 12333电话咨询服务情况表",
        "南京市",
        "来电总量（个）",
    )
    # 85582 + 154917 + 23350 = 263849
    assert (
        finding.message
        == "南京市：人工接听 85582 + 自动语音 154917 + 放弃 23350 = 263849，与来电总量 263851 不等"
    )
    assert finding.explained is False
    assert can_submit([finding]) is False


def test_a_warning_is_explained_by_its_written_note_only() -> None:
    # the 备注 is an ordinary remark: the warning still asks for its 说明 (docs/spec.md §5.1)
    values = {**ningxia(abandoned=23350), "T09__320100__remark": "2个来电转接省平台"}
    [finding] = validate(SURVEY, make(**values))
    assert finding.explained is False and not can_submit([finding])
    d = make(**ningxia(abandoned=23350))
    d.explanations[("V09-BAL", "T09", "320100", "calls")] = "系统统计口径差异"
    assert validate(SURVEY, d)[0].explained is True
    d.explanations[("V09-BAL", "T09", "320100", "calls")] = "  "
    assert validate(SURVEY, d)[0].explained is False


def test_blank_skip_makes_the_rule_not_apply() -> None:
    values = ningxia()
    del values["T09__320100__voice"]
    assert validate(SURVEY, make(**values)) == []


def test_blank_zero_counts_blanks_as_zero() -> None:
    # 来电 100; 人工 90 + 放弃 20 = 110 > 100 with 自动语音 blank counted as 0
    d = make(T09__320100__calls=100, T09__320100__answered=90, T09__320100__abandoned=20)
    [finding] = validate(SURVEY, d)
    assert finding.rule == "V09-ZERO" and finding.column == "answered"
    assert finding.message == "南京市：分项之和 110 超过来电总量 100"


def test_the_total_row_is_computed_and_cell_rules_read_it() -> None:
    values = {**ningxia("320100"), **ningxia("320200"), "T14__calls_cap__qty": 500000}
    [finding] = validate(SURVEY, make(**values))
    # 263851 × 2 = 527702 > 500000
    assert (finding.rule, finding.row, finding.column) == ("V09-CAP", "total", "calls")
    assert finding.message == "合计来电 527702 超过 500000"


def test_row_rules_never_run_on_the_total_row() -> None:
    values = {**ningxia("320100", abandoned=23350)}
    findings = validate(SURVEY, make(**values))
    assert [f.row for f in findings] == ["320100"]


def test_a_typed_total_is_reported_and_ignored() -> None:
    values = {**ningxia(), "T09__total__calls": 1}
    [finding] = validate(SURVEY, make(**values))
    assert (finding.rule, finding.severity, finding.row, finding.column) == (
        "V-CALC",
        Severity.ERROR,
        "total",
        "calls",
    )
    assert "263851" in finding.message


def test_table_scope_finding_has_no_row_or_column_and_belongs_to_the_province() -> None:
    d = make(T08__320100__portal="网上办事")
    [finding] = validate(SURVEY, d)
    assert (finding.rule, finding.row, finding.column) == ("V08-ONE", None, None)
    assert finding.message == "表8：第一部分 1 行，第二部分 1 行"
    assert validate(SURVEY, d, orgs={"320000"}) == [finding]
    assert validate(SURVEY, d, orgs={"320100"}) == []


def test_generic_checks_run_on_every_stored_value() -> None:
    d = make(T09__320100__answered=-5, T09__total__opened=True, T09__320200__operator="f")
    found = {(f.rule, f.row, f.column) for f in validate(SURVEY, d)}
    assert found == {
        ("V-TYPE", "320100", "answered"),
        ("V-NA", "total", "opened"),
        ("V-SPEC", "320200", "remark"),
    }


def test_orgs_keeps_the_rows_each_organisation_fills() -> None:
    values = {
        **ningxia("320100", abandoned=1),
        **ningxia("320200", abandoned=2),
        **ningxia("province", abandoned=3),
    }
    d = make(**values)
    assert {f.row for f in validate(SURVEY, d)} == {"320100", "320200", "province"}
    assert {f.row for f in validate(SURVEY, d, orgs={"320200"})} == {"320200"}
    assert {f.row for f in validate(SURVEY, d, orgs={"320000"})} == {"province"}
    assert validate(SURVEY, d, tables={"T08"}) == []


def test_a_section_the_province_fills_belongs_to_the_province() -> None:
    section = HOTLINE.sections[0]
    by_province = replace(HOTLINE, sections=(replace(section, filled_by="province"),))
    survey = Survey(id="p", version=1, title="p", tables=(by_province,), rules=RULES[:1])
    d = make(**ningxia("320100", abandoned=1))
    assert validate(survey, d, orgs={"320100"}) == []
    assert [f.row for f in validate(survey, d, orgs={"320000"})] == ["320100"]


def test_validate_cell_returns_the_findings_of_that_row() -> None:
    values = {**ningxia("320100", abandoned=1), **ningxia("320200", abandoned=2)}
    found = validate_cell(SURVEY, make(**values), "T09", "320200", "abandoned")
    assert [(f.rule, f.row) for f in found] == [("V09-BAL", "320200")]


def test_a_rule_that_divides_by_zero_does_not_crash() -> None:
    rule = Rule(
        id="X-DIV",
        table="T09",
        section="main",
        severity=Severity.ERROR,
        scope=RuleScope.ROW,
        check="answered / calls <= 1",
        column="calls",
        message="{row}",
    )
    survey = Survey(id="d", version=1, title="d", tables=(HOTLINE,), rules=(rule,))
    assert validate(survey, make(T09__320100__calls=0, T09__320100__answered=5)) == []


def test_whole_province_validation_finds_the_planted_imbalances() -> None:
    """Every city's 表9 calls exceed the parts by i (V09-BAL) from the second city on; the
    time it takes lives in bench/validate_province.py, never here."""
    from kaoping.core.definitions.loader import load_survey
    from kaoping.core.orgs import load_tree

    survey = load_survey(Path("definitions/survey-2015/v1"))
    tree = load_tree(Path("definitions/orgs"))
    d = SurveyData(province=tree.get("320000"), cities=tree.cities("320000"))
    for i, city in enumerate(d.cities):
        for col, value in (
            ("calls", 263851 + i),
            ("answered", 85582),
            ("voice", 154917),
            ("abandoned", 23352),
        ):
            d.values[("T09", city.code, col)] = value
        for col in ("holders", "urban_worker", "urban_resident", "rural", "financial"):
            d.values[("T05", city.code, col)] = Decimal("100.00")
        for col in ("funds", "fin_public", "use_build"):
            d.values[("T13", city.code, col)] = Decimal("1000.00")
        for col in ("deployed", "src_province", "type_kiosk", "place_hall"):
            d.values[("T10", city.code, col)] = 120
    findings = validate(survey, d)
    unbalanced = {f.row for f in findings if f.rule == "V09-BAL"}
    assert unbalanced == {city.code for city in d.cities[1:]}
