"""Checks every stored value gets, whatever the table (docs/spec.md §5.3, the V-* rules).

V-TYPE, V-DEC, V-CODE and V-RATE come from the column type (``kaoping.core.values``);
here are the ones that need the row: V-NA ("——" cells stay empty), V-SPEC (a （请说明）
code has its explanation) and V-CALC (a value stored in a computed cell that differs from
the computed one: totals and 表4 coverage are never typed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from kaoping.core.definitions.model import Column, ColumnType, Row, Section, Severity
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey, Value
from kaoping.core.rules.context import TOTAL_KIND, TableLayout
from kaoping.core.rules.messages import format_value
from kaoping.core.values import Invalid, check, column_for_row

CODE_TYPES = frozenset({ColumnType.CODE, ColumnType.CODES})

# The checks every value gets (all E 强制性), for the catalogue pages and their tests.
GENERIC_RULES: dict[str, str] = {
    "V-TYPE": "值符合列的类型：计数为整数；数量、金额、面积、人数、带宽不为负；文字不超长",
    "V-DEC": "小数位数不超过该列允许的位数（万人、万元：2 位）",
    "V-CODE": "代码只能取自该列的代码表；多选代码逐个取自代码表且不重复",
    "V-SPEC": "选择了含“（请说明）”的代码时，须在说明栏填写说明",
    "V-NA": "“——”（不适用）的单元格保持为空",
    "V-RATE": "百分比在 0–100 之间",
    "V-CALC": "合计行和计算列（如表4 网络覆盖率）由系统计算，不应填写；填写且不一致的报告",
}


def is_computed(section: Section, row: Row, column: Column) -> bool:
    return column.computed is not None or (row.kind == TOTAL_KIND and column.key in section.total_columns)


def is_na(row: Row, column: Column) -> bool:
    return row.key in column.na_rows or column.key in row.na_columns


def check_cells(
    layout: TableLayout,
    cells: Iterable[tuple[CellKey, Value]],
    values: Mapping[CellKey, Value],
    computed: Mapping[CellKey, Value],
) -> list[Finding]:
    """Findings on the given stored cells of one table; ``values`` are all stored values."""
    out: list[Finding] = []
    for (_, row_key, column_key), value in cells:
        column = layout.columns.get(column_key)
        located = layout.rows.get(row_key)
        if value is None or column is None or located is None:
            continue
        section, row = located
        out.extend(_check_cell(layout, section, row, column, value, values, computed))
    return out


def _check_cell(
    layout: TableLayout,
    section: Section,
    row: Row,
    column: Column,
    value: Value,
    values: Mapping[CellKey, Value],
    computed: Mapping[CellKey, Value],
) -> list[Finding]:
    def finding(rule: str, message: str, at: Column = column) -> Finding:
        return Finding(
            table=layout.table.id,
            table_label=layout.table.heading,
            row=row.key,
            row_label=row.label,
            column=at.key,
            column_label=at.path,
            severity=Severity.ERROR,
            rule=rule,
            message=f"{layout.table.label} {row.label}“{layout.label(at)}”：{message}",
        )

    key = (layout.table.id, row.key, column.key)
    if is_computed(section, row, column):
        expected = computed.get(key)
        if not _same(value, expected):
            return [
                finding(
                    "V-CALC",
                    f"由系统自动计算（应为 {format_value(expected)}），不应填写；"
                    f"填入的 {format_value(value)} 请删除",
                )
            ]
        return []
    if column.type is ColumnType.FIXED:
        return []
    if is_na(row, column):
        return [finding("V-NA", f"此处为“——”（不适用），应为空，填写的是 {format_value(value)}")]
    out = [finding(rule, message) for rule, message in check(column_for_row(column, row), value)]
    if column.type in CODE_TYPES and column.spec_column and not isinstance(value, Invalid):
        out.extend(_spec(layout, row, column, value, values, finding))
    return out


def _spec(
    layout: TableLayout,
    row: Row,
    column: Column,
    value: Value,
    values: Mapping[CellKey, Value],
    finding: Callable[[str, str, Column], Finding],
) -> list[Finding]:
    letters = value if isinstance(value, tuple) else (value,)
    needing = [
        c for x in letters if isinstance(x, str) and (c := column.code(x)) is not None and c.needs_spec
    ]
    spec = layout.columns.get(column.spec_column or "")
    if not needing or spec is None:
        return []
    text = values.get((layout.table.id, row.key, spec.key))
    if text is not None and str(text).strip():
        return []
    chosen = "、".join(code.display for code in needing)
    return [finding("V-SPEC", f"“{column.label}”选择了“{chosen}”，请在此说明", spec)]


def _same(stored: Value, expected: Value) -> bool:
    if stored is None or expected is None:
        return stored is expected
    try:
        return bool(stored == expected)
    except TypeError:
        return False
