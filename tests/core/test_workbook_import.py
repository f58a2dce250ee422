"""What an import gives the shell: changes in storage text, new list rows, cleared cells,
cells the organisation may not change, and findings in the JSON of docs/spec.md §10.5 with sheet and cell."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from workbook_helpers import META, NANJING, PROVINCE, SURVEY, empty, fill, sample, template

from kaoping.core.definitions.model import Column, ColumnType
from kaoping.core.instance import SurveyData
from kaoping.core.values import Invalid, parse
from kaoping.core.workbook.cells import CellReader, raw_text
from kaoping.core.workbook.layout import build_layout
from kaoping.core.workbook.reader import read_workbook


def at(data: SurveyData, key: tuple[str, str, str], org: str | None = None) -> tuple[str, int, int]:
    layout = build_layout(SURVEY, data, org)
    located = layout.locate(key)
    assert located is not None
    sheet, r, c = located
    return sheet.name, r, c


def test_a_changed_cell_and_a_cleared_cell_are_the_changes() -> None:
    stored = sample()
    content, _ = template(stored, None)
    calls = at(stored, ("T09", NANJING, "calls"))
    remark = at(stored, ("T02", "dc", "address"))
    result = read_workbook(fill(content, {calls: 263852, remark: ""}), SURVEY, stored, org=None, meta=META)

    assert result.changes == {("T09", NANJING, "calls"): "263852", ("T02", "dc", "address"): ""}
    assert result.data is not None
    assert result.data.values[("T09", NANJING, "calls")] == 263852
    assert ("T02", "dc", "address") not in result.data.values
    # 85582 + 154917 + 23352 = 263851 ≠ 263852: the balance warning, at 南京's 来电总量
    (finding,) = result.findings
    assert (finding.rule, finding.cell, finding.severity.value) == ("V09-BAL", "表9!H7", "warning")
    assert finding.as_json()["sheet"] == "表9" and finding.as_json()["cell"] == "表9!H7"


def test_a_new_system_typed_in_a_blank_list_row_becomes_a_list_row() -> None:
    stored = empty()
    content, layout = template(stored, NANJING)
    sheet = layout.sheet("表7")
    assert sheet is not None
    blank = next(r for p in sheet.sections for r in p.rows if r.spare)
    name = (sheet.name, blank.sheet_row, 1)
    progress = (sheet.name, blank.sheet_row, 3)
    typed = fill(content, {name: "南京市社保卡服务系统", progress: "否"})
    result = read_workbook(typed, SURVEY, stored, org=NANJING, meta=META, new_key=lambda: "k1")

    assert [(r.key, r.table, r.section, r.org, r.position) for r in result.new_rows] == [
        ("k1", "T07", "systems", NANJING, 0)
    ]
    assert result.changes[("T07", "k1", "name")] == "南京市社保卡服务系统"
    assert result.changes[("T07", "k1", "progress")] == "false"
    # 业务范围 left blank is not an error; the rules see the new row like any other
    assert [f.rule for f in result.findings if f.row == "k1"] == []


def test_a_city_row_in_the_province_template_is_read_only() -> None:
    stored = sample()
    content, _ = template(stored, PROVINCE.code)
    suzhou = at(stored, ("T09", "320500", "staff"), PROVINCE.code)
    own = at(stored, ("T09", "province", "staff"), PROVINCE.code)
    result = read_workbook(fill(content, {suzhou: 99, own: 41}), SURVEY, stored, org=PROVINCE.code, meta=META)

    assert result.changes == {("T09", "province", "staff"): "41"}
    locked = [f for f in result.findings if f.rule == "X-LOCKED"]
    assert [(f.cell, f.severity.value) for f in locked] == [("表9!E11", "error")]
    assert "苏州市" in locked[0].message


def test_definition_text_changed_is_a_warning_and_ignored() -> None:
    stored = sample()
    content, _ = template(stored, None)
    target = at(stored, ("T01", "dc_province", "target"))
    result = read_workbook(fill(content, {target: "90"}), SURVEY, stored, org=None, meta=META)
    assert result.changes == {}
    assert [(f.rule, f.cell, f.severity.value) for f in result.findings] == [
        ("X-LOCKED", "表1!D5", "warning")
    ]


def test_what_people_type_is_understood() -> None:
    stored = empty()
    content, _ = template(stored, None)
    cells = {
        at(stored, ("T02", "province_data", "status_jun")): "a",  # the letter alone
        at(stored, ("T02", "province_data", "status_dec")): "a.已建",  # picked from the list
        at(stored, ("T04", "si_city", "plan_date")): "2016年6月30日",
        at(stored, ("T06", "transition", "transition_plan")): "  逐步过渡  ",
        at(stored, ("T09", NANJING, "opened")): "是",
        at(stored, ("T10", NANJING, "functions")): "a、c",
        at(stored, ("T05", NANJING, "holders")): 512.5,
    }
    result = read_workbook(fill(content, cells), SURVEY, stored, org=None, meta=META)
    assert result.data is not None
    got = result.data.values
    assert got[("T02", "province_data", "status_jun")] == "a"
    assert got[("T02", "province_data", "status_dec")] == "a"
    assert got[("T04", "si_city", "plan_date")] == date(2016, 6, 30)
    assert got[("T06", "transition", "transition_plan")] == "逐步过渡"
    assert got[("T09", NANJING, "opened")] is True
    assert got[("T10", NANJING, "functions")] == ("a", "c")
    assert got[("T05", NANJING, "holders")] == Decimal("512.5")
    assert result.changes[("T04", "si_city", "plan_date")] == "2016-06-30"


COLUMNS = [c for t in SURVEY.tables for c in t.columns if c.type is not ColumnType.FIXED]
CELLS = st.one_of(
    st.none(),
    st.just(""),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    st.datetimes(datetime(1990, 1, 1), datetime(2030, 12, 31)),
    st.sampled_from(
        ["a", "b", "z", "是", "否", "a.已建", "c.未建", "b.电信", "  文字 ", "2015-06-30", "12.50"]
    ),
    st.text(max_size=12),
)


@given(st.sampled_from(COLUMNS), CELLS)
def test_the_fast_cell_reading_gives_exactly_what_parse_gives(column: Column, cell: object) -> None:
    raw = raw_text(cell)
    fast = CellReader().value(column, cell, raw)
    slow = parse(column, raw)
    assert fast == slow
    assert type(fast) is type(slow) or isinstance(slow, Invalid) is isinstance(fast, Invalid)


def test_the_import_document_follows_the_command_line_contract() -> None:
    stored = sample()
    content, _ = template(stored, None)
    calls = at(stored, ("T09", NANJING, "calls"))
    result = read_workbook(fill(content, {calls: 1}), SURVEY, stored, org=None, meta=META)
    document = result.as_json(saved=False, sha256="ab" * 32)
    assert document["saved"] is False and document["sha256"] == "ab" * 32 and document["changed"] == 1
    findings = document["findings"]
    assert isinstance(findings, list)
    assert {"table", "row", "column", "severity", "rule", "message", "sheet", "cell"} <= set(findings[0])
    refused = read_workbook(b"not a workbook", SURVEY, stored, org=None, meta=META)
    assert refused.as_json(saved=False, sha256="") == {"refused": "不是 Excel 工作簿（.xlsx）文件"}
