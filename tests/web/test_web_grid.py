"""The grid layout on a hand-made table and survey: who sees and edits which rows, which
cells are inputs, "——", fixed or computed, and how 序号 and sub-labels merge."""

from __future__ import annotations

from decimal import Decimal

from kaoping.core.definitions.model import (
    Column,
    ColumnType,
    OrgRowKind,
    Row,
    Section,
    SectionKind,
    Table,
)
from kaoping.core.instance import SurveyData, row_owner
from kaoping.core.orgs import Org
from kaoping.core.values import display, to_text
from kaoping.pages.grid import Access, Texts, build_grid

PROVINCE = Org("320000", "江苏省", "province")
CITIES = [Org("320100", "南京市", "city", "320000"), Org("320500", "苏州市", "city", "320000")]
TEXTS = Texts(edit=to_text, show=display)

CALLS = Section(
    key="main",
    kind=SectionKind.GRID,
    row_header=("序号", "地市"),
    org_rows=(OrgRowKind.PROVINCE, OrgRowKind.CITIES, OrgRowKind.TOTAL),
    total_columns=frozenset({"calls"}),
    header=(
        Column("opened", "是否开通", ColumnType.BOOL, na_rows=frozenset({"total"})),
        Column("calls", "来电总量", ColumnType.INT),
    ),
)
TABLE = Table(id="T09", label="表9", title="12333电话咨询服务情况表", sections=(CALLS,))


def data() -> SurveyData:
    out = SurveyData(province=PROVINCE, cities=CITIES)
    out.values[("T09", "320100", "calls")] = 575127
    out.values[("T09", "320100", "opened")] = True
    return out


def access_for(org: str, province_page: bool) -> Access:
    return Access(
        owner=lambda section, row: row_owner(TABLE, section, row, data()),
        visible=lambda code: province_page or code == org,
        editable=lambda code: code == org,
    )


def test_a_city_sees_and_edits_only_its_own_row():
    [grid] = build_grid(TABLE, data(), {}, access_for("320100", False), TEXTS)
    assert [r.key for r in grid.rows] == ["320100"]
    row = grid.rows[0]
    assert row.editable and row.number == "2"  # 省本级 is 1 in the full table
    assert [(c.key, c.state, c.text) for c in row.cells] == [
        ("opened", "input", "true"),
        ("calls", "input", "575127"),
    ]


def test_the_province_sees_every_row_and_edits_only_its_own():
    computed = {("T09", "total", "calls"): 575127}
    [grid] = build_grid(TABLE, data(), computed, access_for("320000", True), TEXTS)
    assert [(r.key, r.editable, r.number) for r in grid.rows] == [
        ("province", True, "1"),
        ("320100", False, "2"),
        ("320500", False, "3"),
        ("total", False, ""),
    ]
    nanjing = grid.rows[1].cells
    assert [(c.state, c.display) for c in nanjing] == [("readonly", "是"), ("readonly", "575127")]
    total = grid.rows[3].cells
    assert [(c.state, c.display, c.total) for c in total] == [
        ("na", "——", False),
        ("computed", "575127", True),
    ]
    assert grid.width == 4  # 序号, 地市, two columns


def test_indicator_sub_rows_merge_number_label_and_a_repeated_fixed_value():
    section = Section(
        key="main",
        kind=SectionKind.GRID,
        row_header=("序号", "指标"),
        header=(
            Column("attribute", "属性", ColumnType.FIXED),
            Column("jun", "2015年6月", ColumnType.PERCENT, decimals=2),
        ),
        fixed_rows=(
            Row("dc_p", "统一数据中心比例（%）", "1", "省级", fixed={"attribute": "约束性"}),
            Row("dc_c", "统一数据中心比例（%）", "1", "地市级", fixed={"attribute": "约束性"}),
            Row("net", "省市网络覆盖率（%）", "2", fixed={"attribute": "约束性"}),
        ),
    )
    table = Table(id="T01", label="表1", title="规划发展目标完成情况表", sections=(section,))
    values = data()
    values.values[("T01", "dc_p", "jun")] = Decimal("100.00")
    everyone = Access(owner=lambda s, r: "320000", visible=lambda c: True, editable=lambda c: True)
    [grid] = build_grid(table, values, {}, everyone, TEXTS)
    assert grid.row_columns == ("number", "label", "sub")
    assert [(r.number_span, r.label_span) for r in grid.rows] == [(2, 2), (0, 0), (1, 1)]
    # 属性 约束性 prints once over the indicator's two sub-rows, and again for indicator 2
    assert [r.cells[0].rowspan for r in grid.rows] == [2, 0, 1]
    assert grid.rows[0].cells[1].text == "100.00"
    assert grid.header[0][1].colspan == 2  # 指标 spans label and sub-label
