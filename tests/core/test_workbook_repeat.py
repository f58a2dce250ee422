"""Imports that can be repeated (docs/spec.md §9.3): the same filled workbook twice changes
nothing (list rows matched by name within the unit's block, never merged), a province
template older than its cities' saves imports cleanly, and a value typed into a —— cell is
a finding at that cell while the rest of the workbook still reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from workbook_helpers import META, NANJING, PROVINCE, SURVEY, empty, fill, sample, template

from kaoping.core.instance import CellKey, ListRow, SurveyData
from kaoping.core.workbook import read_workbook, write_workbook
from kaoping.core.workbook.layout import WorkbookLayout
from kaoping.core.workbook.readsheet import same
from kaoping.core.workbook.stale import LaterEdit, LaterEdits

P = PROVINCE.code
STAMPED = replace(META, downloaded_at="2026-11-20T09:00:00+08:00")  # a template that says when
WUXI = "320200"


def blank_rows(layout: WorkbookLayout, sheet_name: str, org: str | None = None) -> list[int]:
    """Sheet rows of the blank list rows of a sheet (of ``org``'s block when given)."""
    sheet = layout.sheet(sheet_name)
    assert sheet is not None
    return [
        r.sheet_row for p in sheet.sections for r in p.rows if r.spare and (org is None or r.block_org == org)
    ]


def systems(data: SurveyData, table: str, org: str) -> list[str]:
    """The names of ``org``'s stored rows of a list, in order."""
    return [str(data.get(table, r.key, "name")) for r in data.rows_of_list(table, "systems", org)]


def province_systems() -> tuple[bytes, SurveyData]:
    """The province's template downloaded while 表6 was empty, two systems typed in."""
    stored = empty()
    content, layout = template(stored, P)
    first, second = blank_rows(layout, "表6")[:2]
    typed = fill(
        content,
        {
            ("表6", first, 1): "社会保险核心平台",
            ("表6", first, 3): "是",
            ("表6", first, 4): "2012-05-01",
            ("表6", second, 1): "持卡人员基础信息库",
            ("表6", second, 3): "否",
        },
    )
    return typed, stored


def test_the_same_workbook_imported_twice_changes_nothing_the_second_time() -> None:
    typed, stored = province_systems()
    once = read_workbook(typed, SURVEY, stored, org=P, meta=META)
    assert once.data is not None and len(once.new_rows) == 2
    assert systems(once.data, "T06", P) == ["社会保险核心平台", "持卡人员基础信息库"]

    twice = read_workbook(typed, SURVEY, once.data, org=P, meta=META)
    assert twice.changes == {} and twice.new_rows == []
    assert twice.data is not None and systems(twice.data, "T06", P) == systems(once.data, "T06", P)
    assert [f.rule for f in twice.findings if f.rule.startswith("X-")] == []


def test_a_repeated_row_with_a_changed_cell_changes_that_cell_of_the_stored_row() -> None:
    typed, stored = province_systems()
    once = read_workbook(typed, SURVEY, stored, org=P, meta=META)
    assert once.data is not None
    _, layout = template(stored, P)
    second = blank_rows(layout, "表6")[1]
    # the name spelled with other spaces and width: still the same system (as V07-DUP compares)
    edited = fill(typed, {("表6", second, 1): "持卡人员 基础信息库 ", ("表6", second, 4): "2016-01-01"})

    again = read_workbook(edited, SURVEY, once.data, org=P, meta=META)
    (row,) = [r for r in once.data.rows_of_list("T06", "systems", P) if r.position == 1]
    assert again.new_rows == []
    assert again.changes == {
        ("T06", row.key, "name"): "持卡人员 基础信息库",
        ("T06", row.key, "online_date"): "2016-01-01",
    }


def test_two_rows_with_one_name_in_a_block_are_a_finding_never_merged() -> None:
    stored = empty()
    content, layout = template(stored, NANJING)
    first, second, third = blank_rows(layout, "表7", NANJING)[:3]
    typed = fill(
        content,
        {
            ("表7", first, 1): "南京市就业信息系统",
            ("表7", first, 3): "是",
            ("表7", second, 1): "南京市 就业信息系统",  # the same name, a space apart
            ("表7", second, 3): "否",
            ("表7", third, 1): "南京市工伤保险系统",
        },
    )
    result = read_workbook(typed, SURVEY, stored, org=NANJING, meta=META)

    assert result.data is not None
    assert systems(result.data, "T07", NANJING) == ["南京市就业信息系统", "南京市工伤保险系统"]
    (dup,) = [f for f in result.findings if f.rule == "X-DUP"]
    assert (dup.cell, dup.severity.value) == (f"表7!B{second + 1}", "error")
    assert f"表7!B{first + 1}" in dup.message


def test_a_blank_row_named_as_two_stored_rows_is_a_finding() -> None:
    typed, stored = province_systems()
    # meanwhile the system was added twice on the page (V06-DUPNAME flags that there)
    name = "社会保险核心平台"
    stored.list_rows = [
        ListRow(key=k, table="T06", section="systems", org=P, position=i) for i, k in enumerate("ab")
    ]
    stored.values = {("T06", "a", "name"): name, ("T06", "b", "name"): name}

    result = read_workbook(typed, SURVEY, stored, org=P, meta=META, new_key=lambda: "new")
    (dup,) = [f for f in result.findings if f.rule == "X-DUP"]
    assert "有 2 行名为“社会保险核心平台”" in dup.message
    # the other system is new; the ambiguous one is neither added nor written over a or b
    assert [r.key for r in result.new_rows] == ["new"]
    assert {k[1] for k in result.changes} == {"new"}


def later(cells: Mapping[CellKey, str | None]) -> LaterEdits:
    """What the audit log would answer: these cells changed by their city after the download."""

    def since(versions: Mapping[str, int], downloaded: str) -> dict[CellKey, LaterEdit]:
        when = datetime(2026, 11, 21, 10, 30)
        return {k: LaterEdit(before=v, who="无锡市填报员", when=when, version=3) for k, v in cells.items()}

    return since


def test_a_province_template_downloaded_before_its_cities_saved_imports_cleanly() -> None:
    before = sample()
    wuxi = {k: v for k, v in before.values.items() if k[1] == WUXI}
    for key in wuxi:
        del before.values[key]  # 无锡 had filled nothing when the province downloaded
    content = write_workbook(SURVEY, before, org=P, meta=STAMPED)
    now = sample()  # then 无锡 saved every table

    untouched = read_workbook(content, SURVEY, now, org=P, meta=META, later=later(dict.fromkeys(wuxi)))
    assert untouched.changes == {}
    assert [f for f in untouched.findings if f.rule == "X-LOCKED"] == []

    # a 无锡 cell the province did change in its old file is still refused, at that cell
    staff = at(before, ("T09", WUXI, "staff"), P)
    changed = read_workbook(
        fill(content, {staff: 99}), SURVEY, now, org=P, meta=META, later=later(dict.fromkeys(wuxi))
    )
    assert changed.changes == {}
    assert [(f.rule, f.row, f.column) for f in changed.findings if f.rule.startswith("X-")] == [
        ("X-LOCKED", WUXI, "staff")
    ]


def at(data: SurveyData, key: CellKey, org: str | None) -> tuple[str, int, int]:
    _, layout = template(data, org)
    located = layout.locate(key)
    assert located is not None
    return located[0].name, located[1], located[2]


def test_a_value_in_a_not_applicable_cell_is_a_finding_there_and_the_rest_reads() -> None:
    stored = sample()
    content, layout = template(stored, None)
    na = layout.locate(("T02", "province_data", "cities_jun"))
    calls = layout.locate(("T09", NANJING, "calls"))
    assert na is not None and calls is not None
    typed = fill(content, {(na[0].name, na[1], na[2]): 3, (calls[0].name, calls[1], calls[2]): 263852})
    result = read_workbook(typed, SURVEY, stored, org=None, meta=META)

    assert result.refused is None
    assert result.changes == {("T09", NANJING, "calls"): "263852"}
    (finding,) = [f for f in result.findings if f.rule == "V-NA"]
    assert finding.cell == na[0].address(na[1], na[2]) and finding.severity.value == "error"
    assert same(result.data.get("T02", "province_data", "cities_jun") if result.data else None, None)


def test_a_duplicate_row_is_named_by_its_name_and_its_column_by_the_header_path() -> None:
    stored = empty()
    content, layout = template(stored, NANJING)
    first, second = blank_rows(layout, "表7", NANJING)[:2]
    typed = fill(content, {("表7", first, 1): "南京市就业信息系统", ("表7", second, 1): "南京市就业信息系统"})
    result = read_workbook(typed, SURVEY, stored, org=NANJING, meta=META)
    (dup,) = [f for f in result.findings if f.rule == "X-DUP"]
    assert (dup.table_label, dup.row_label, dup.column_label) == (
        "表7 地市信息系统建设情况表",
        "南京市就业信息系统",
        "系统名称",
    )
