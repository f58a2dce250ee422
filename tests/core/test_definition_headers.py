"""The header-tree layout on hand-made sections, spans worked out from the seed's Word tables."""

from kaoping.core.definitions.model import Column, ColumnType, HeaderGroup, Section, SectionKind
from kaoping.web.headers import header_rows, leaf_columns


def col(key: str, label: str, unit: str | None = None) -> Column:
    return Column(key=key, label=label, type=ColumnType.INT, unit=unit)


def spans(rows):
    return [[(c.label, c.rowspan, c.colspan) for c in row] for row in rows]


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
                    (col("fin", "各级财政投入"), col("bank", "银行投入"), col("oth", "其他来源")),
                ),
                HeaderGroup("按用途分类", (col("build", "建设经费"), col("run", "运维经费"))),
            ),
        ),
        HeaderGroup("是否能够满足建设和运维需求", (col("ok_b", "建设"), col("ok_r", "运维"))),
    ),
)


def test_own_group_prints_like_the_seed_with_an_of_which_cell():
    assert spans(header_rows(T13)) == [
        [
            ("序号", 3, 1),
            ("地市名称", 3, 1),
            ("投入总额（万元）", 3, 1),
            ("其中", 1, 5),
            ("是否能够满足建设和运维需求", 1, 2),
        ],
        [("按来源分类", 1, 3), ("按用途分类", 1, 2), ("建设", 2, 1), ("运维", 2, 1)],
        [
            ("各级财政投入", 1, 1),
            ("银行投入", 1, 1),
            ("其他来源", 1, 1),
            ("建设经费", 1, 1),
            ("运维经费", 1, 1),
        ],
    ]


def test_leaf_order_follows_the_header_and_own_column_comes_first():
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


def test_unit_already_in_a_label_is_not_repeated_but_a_missing_one_is_shown():
    rows = header_rows(T13)
    assert rows[0][2].unit is None  # 投入总额（万元） names it already
    section = Section(
        key="s", kind=SectionKind.GRID, header=(HeaderGroup("机构规模", (col("staff", "总人数", "人"),)),)
    )
    leaf = header_rows(section)[1][0]
    assert (leaf.label, leaf.unit, leaf.column) == ("总人数", "人", "staff")


def test_flat_header_is_one_row():
    section = Section(key="s", kind=SectionKind.LIST, header=(col("a", "系统名称"), col("b", "业务范围")))
    assert spans(header_rows(section)) == [[("序号", 1, 1), ("系统名称", 1, 1), ("业务范围", 1, 1)]]


def test_hidden_columns_drop_out_and_an_emptied_group_disappears():
    section = Section(
        key="s",
        kind=SectionKind.GRID,
        row_header=("序号",),
        header=(
            HeaderGroup("主用线路", (col("op", "运营商"), col("op_spec", "说明"))),
            HeaderGroup("仅说明", (col("x_spec", "说明"),)),
        ),
    )
    assert spans(header_rows(section, hidden={"op_spec", "x_spec"})) == [
        [("序号", 2, 1), ("主用线路", 1, 1)],
        [("运营商", 1, 1)],
    ]


def test_nested_own_group_inside_a_plain_group():
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
    assert spans(header_rows(section)) == [
        [("序号", 3, 1), ("地市名称", 3, 1), ("预计2015年底发卡情况", 1, 5)],
        [("持卡人数", 2, 1), ("其中", 1, 4)],
        [("城镇职工", 1, 1), ("城镇居民", 1, 1), ("农村居民", 1, 1), ("加载金融功能", 1, 1)],
    ]
