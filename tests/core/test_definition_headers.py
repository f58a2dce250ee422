"""The header grid: a section's header tree as rows of merged cells, as the paper tables print it.

Spans are worked out by hand from the seed's Word tables (docs/sources/survey-2015-seed.txt)
and definitions/survey-2015/v1/T*.yaml. A cell is written (label, row, column, rowspan,
colspan), rows and columns counted from 0 at the header's top left, row headers included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kaoping.core.definitions.headers import HeaderCell, header_grid, leaf_columns, names_unit
from kaoping.core.definitions.loader import find_definition, load_survey
from kaoping.core.definitions.model import Column, ColumnType, HeaderGroup, Section, SectionKind, Survey

DEFINITIONS = Path(__file__).resolve().parents[2] / "definitions"

Spans = list[list[tuple[str, int, int, int, int]]]


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(find_definition(DEFINITIONS, "survey-2015"))


def col(key: str, label: str, unit: str | None = None) -> Column:
    return Column(key=key, label=label, type=ColumnType.INT, unit=unit)


def spans(rows: list[list[HeaderCell]]) -> Spans:
    return [[(c.label, c.depth, c.col, c.rowspan, c.colspan) for c in row] for row in rows]


def leaves(rows: list[list[HeaderCell]]) -> list[tuple[str | None, str | None]]:
    """(column key, unit shown) of the value cells, left to right."""
    cells = sorted((c for row in rows for c in row if c.column), key=lambda c: c.col)
    return [(c.column, c.unit) for c in cells]


def test_table4_two_groups_of_two_under_the_row_headers(survey: Survey) -> None:
    grid = header_grid(survey.table("T04").sections[0])
    assert spans(grid) == [
        [
            ("序号", 0, 0, 2, 1),
            ("联网单位", 0, 1, 2, 1),
            ("预计2015年底联网单位情况", 0, 2, 1, 2),
            ("预计2015年底未联网单位情况", 0, 4, 1, 2),
        ],
        [
            ("单位数量", 1, 2, 1, 1),
            ("网络覆盖率", 1, 3, 1, 1),
            ("单位数量", 1, 4, 1, 1),
            ("计划联网时间", 1, 5, 1, 1),
        ],
    ]
    assert leaves(grid) == [
        ("networked", "个"),
        ("coverage", "%"),
        ("unnetworked", "个"),
        ("plan_date", None),
    ]
    assert [c.kind for c in grid[0]] == ["row", "row", "group", "group"]


def test_table9_groups_between_single_columns_reaching_down(survey: Survey) -> None:
    grid = header_grid(survey.table("T09").sections[0])
    assert spans(grid) == [
        [
            ("序号", 0, 0, 2, 1),
            ("地市", 0, 1, 2, 1),
            ("是否开通12333咨询服务电话", 0, 2, 2, 1),
            ("是否使用咨询服务信息系统", 0, 3, 2, 1),
            ("机构规模", 0, 4, 1, 3),
            ("来电情况", 0, 7, 1, 4),
            ("备注", 0, 11, 2, 1),
        ],
        [
            ("总人数", 1, 4, 1, 1),
            ("咨询员人数", 1, 5, 1, 1),
            ("座席数", 1, 6, 1, 1),
            ("来电总量（个）", 1, 7, 1, 1),
            ("人工接听量", 1, 8, 1, 1),
            ("自动语音量", 1, 9, 1, 1),
            ("放弃量", 1, 10, 1, 1),
        ],
    ]
    # 来电总量（个） names its unit already; the others show theirs
    assert leaves(grid) == [
        ("opened", None),
        ("uses_system", None),
        ("staff", "人"),
        ("consultants", "人"),
        ("seats", "个"),
        ("calls", None),
        ("answered", "个"),
        ("voice", "个"),
        ("abandoned", "个"),
        ("remark", None),
    ]


def test_table1_indicator_header_spans_the_sub_label_column(survey: Survey) -> None:
    grid = header_grid(survey.table("T01").sections[0], sub_label=True)
    assert spans(grid) == [
        [
            ("序号", 0, 0, 2, 1),
            ("指标", 0, 1, 2, 2),
            ("规划目标", 0, 3, 2, 1),
            ("属性", 0, 4, 2, 1),
            ("完成情况", 0, 5, 1, 2),
        ],
        [("2015年6月", 1, 5, 1, 1), ("2015年底", 1, 6, 1, 1)],
    ]


# 表13 as printed: 投入总额{own} › 按来源分类 › 3, 按用途分类 › 2; 是否能够满足 › 建设, 运维
T13 = Section(
    key="main",
    kind=SectionKind.GRID,
    row_header=("序号", "地市名称"),
    header=(
        HeaderGroup(
            label="投入总额（万元）",
            own="total",
            children=(
                col("total", "投入总额（万元）", "万元"),
                HeaderGroup(
                    "按来源分类",
                    (
                        col("fin", "各级财政投入", "万元"),
                        col("bank", "银行投入", "万元"),
                        col("oth", "其他来源"),
                    ),
                ),
                HeaderGroup("按用途分类", (col("build", "建设经费"), col("run", "运维经费"))),
            ),
        ),
        HeaderGroup("是否能够满足建设和运维需求", (col("ok_b", "建设"), col("ok_r", "运维"))),
    ),
)


def test_own_group_prints_like_the_seed_with_an_of_which_cell() -> None:
    grid = header_grid(T13)
    assert spans(grid) == [
        [
            ("序号", 0, 0, 3, 1),
            ("地市名称", 0, 1, 3, 1),
            ("投入总额（万元）", 0, 2, 3, 1),
            ("其中", 0, 3, 1, 5),
            ("是否能够满足建设和运维需求", 0, 8, 1, 2),
        ],
        [("按来源分类", 1, 3, 1, 3), ("按用途分类", 1, 6, 1, 2), ("建设", 1, 8, 2, 1), ("运维", 1, 9, 2, 1)],
        [
            ("各级财政投入", 2, 3, 1, 1),
            ("银行投入", 2, 4, 1, 1),
            ("其他来源", 2, 5, 1, 1),
            ("建设经费", 2, 6, 1, 1),
            ("运维经费", 2, 7, 1, 1),
        ],
    ]
    assert [c.kind for c in grid[0]] == ["row", "row", "own", "of_which", "group"]
    assert grid[0][2].column == "total"


def test_a_unit_named_by_the_label_or_a_group_above_is_not_repeated() -> None:
    grid = header_grid(T13)
    assert grid[0][2].unit is None  # 投入总额（万元） names it
    assert (grid[2][0].label, grid[2][0].unit) == ("各级财政投入", None)  # so does the group above
    section = Section(
        key="s", kind=SectionKind.GRID, header=(HeaderGroup("机构规模", (col("staff", "总人数", "人"),)),)
    )
    leaf = header_grid(section)[1][0]
    assert (leaf.label, leaf.unit, leaf.column) == ("总人数", "人", "staff")
    assert names_unit("M", ["带宽(M)"]) and not names_unit("M", ["带宽", "主用线路"])


def test_leaf_order_follows_the_header_and_own_column_comes_first() -> None:
    assert [c.key for c in leaf_columns(T13)] == [
        "total",
        "fin",
        "bank",
        "oth",
        "build",
        "run",
        "ok_b",
        "ok_r",
    ]
    assert [c.key for c in leaf_columns(T13, hidden={"bank", "ok_b"})] == [
        "total",
        "fin",
        "oth",
        "build",
        "run",
        "ok_r",
    ]


def test_flat_header_is_one_row() -> None:
    section = Section(key="s", kind=SectionKind.LIST, header=(col("a", "系统名称"), col("b", "业务范围")))
    assert spans(header_grid(section)) == [
        [("序号", 0, 0, 1, 1), ("系统名称", 0, 1, 1, 1), ("业务范围", 0, 2, 1, 1)]
    ]


def test_hidden_columns_drop_out_and_an_emptied_group_disappears() -> None:
    section = Section(
        key="s",
        kind=SectionKind.GRID,
        row_header=("序号",),
        header=(
            HeaderGroup("主用线路", (col("op", "运营商"), col("op_spec", "说明"))),
            HeaderGroup("仅说明", (col("x_spec", "说明"),)),
        ),
    )
    assert spans(header_grid(section, hidden={"op_spec", "x_spec"})) == [
        [("序号", 0, 0, 2, 1), ("主用线路", 0, 1, 1, 1)],
        [("运营商", 1, 1, 1, 1)],
    ]


def test_nested_own_group_inside_a_plain_group() -> None:
    # 表5: 预计2015年底发卡情况 › 持卡人数{own} › 城镇职工, 城镇居民, 农村居民, 加载金融功能
    section = Section(
        key="main",
        kind=SectionKind.GRID,
        row_header=("序号", "地市名称"),
        header=(
            HeaderGroup(
                "预计2015年底发卡情况",
                (
                    HeaderGroup(
                        "持卡人数",
                        (
                            col("h", "持卡人数"),
                            col("w", "城镇职工"),
                            col("u", "城镇居民"),
                            col("r", "农村居民"),
                            col("f", "加载金融功能"),
                        ),
                        own="h",
                    ),
                ),
            ),
        ),
    )
    assert spans(header_grid(section, row_header=("序号", "地市"))) == [
        [("序号", 0, 0, 3, 1), ("地市", 0, 1, 3, 1), ("预计2015年底发卡情况", 0, 2, 1, 5)],
        [("持卡人数", 1, 2, 2, 1), ("其中", 1, 3, 1, 4)],
        [
            ("城镇职工", 2, 3, 1, 1),
            ("城镇居民", 2, 4, 1, 1),
            ("农村居民", 2, 5, 1, 1),
            ("加载金融功能", 2, 6, 1, 1),
        ],
    ]
