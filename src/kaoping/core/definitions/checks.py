"""Cross-reference checks of a built survey: keys, codes, totals, "——" cells, rules.

Every problem names the file, the table and the key, so an administrator editing the YAML
can go straight to the mistake.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from kaoping.core.definitions.model import (
    MAX_DECIMALS,
    Column,
    ColumnType,
    OrgRowKind,
    Rule,
    RuleScope,
    Section,
    SectionKind,
    Survey,
    Table,
)
from kaoping.core.definitions.problems import Problems

ROWKEY = "rowkey"
OVERRIDABLE = frozenset({"type", "unit", "decimals"})
TEXT_TYPES = frozenset({ColumnType.TEXT})
# ``{row}`` is the row label; any other ``{…}`` in a message is an expression.
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def check_table(table: Table, problems: Problems) -> None:
    _check_unique(table, problems)
    columns = {c.key: c for c in table.columns}
    for section in table.sections:
        _check_section(section, columns, problems)


def row_keys(section: Section) -> list[str]:
    """Keys a section's rows are known by before any organisation tree is given."""
    if section.kind is SectionKind.FORM:
        return [section.key]
    keys = [r.key for r in section.fixed_rows]
    keys += [k.value for k in section.org_rows if k is not OrgRowKind.CITIES]
    return keys


def _check_unique(table: Table, problems: Problems) -> None:
    for kind, keys in (
        ("行", [k for s in table.sections for k in row_keys(s)]),
        ("列", [c.key for c in table.columns]),
        ("分节", [s.key for s in table.sections]),
    ):
        for key, n in Counter(keys).items():
            if n > 1:
                problems.add(key, f"{kind}键“{key}”在表中重复出现 {n} 次")


def _check_section(section: Section, columns: dict[str, Column], problems: Problems) -> None:
    own = {c.key for c in section.columns}
    rows = set(row_keys(section))
    for column in section.columns:
        _check_column(column, columns, rows, problems)
    for key in sorted(section.total_columns):
        if key not in own:
            problems.add(key, f"合计列“{key}”不是分节“{section.key}”的列")
        elif not columns[key].is_numeric:
            problems.add(key, f"合计列“{key}”不是数值列（类型为 {columns[key].type.value}）")
    if section.total_columns and OrgRowKind.TOTAL not in section.org_rows:
        problems.add(section.key, "声明了合计列，但没有合计行（org_rows 中缺少 total）")
    if section.label_column is not None and section.label_column not in own:
        problems.add(section.label_column, f"名称列“{section.label_column}”不是分节“{section.key}”的列")
    if section.kind is SectionKind.LIST and section.label_column is None:
        problems.add(section.key, "列表分节必须指定名称列（label_column）")
    for row in section.fixed_rows:
        for col in sorted(row.na_columns - own):
            problems.add(row.key, f"不适用单元格指向未知的列“{col}”")
        for col, value in row.fixed.items():
            if col not in own:
                problems.add(row.key, f"固定值指向未知的列“{col}”")
            elif columns[col].type is not ColumnType.FIXED:
                problems.add(row.key, f"列“{col}”不是固定列（type: fixed），不能给出固定值“{value}”")
        for col, fields in row.overrides.items():
            if col not in own:
                problems.add(row.key, f"覆盖设置指向未知的列“{col}”")
            for name in sorted(set(fields) - OVERRIDABLE):
                problems.add(row.key, f"列“{col}”的覆盖设置“{name}”不可用（可用：type、unit、decimals）")
            if "type" in fields and str(fields["type"]) not in {t.value for t in ColumnType}:
                problems.add(row.key, f"列“{col}”的覆盖类型“{fields['type']}”未知")
            decimals = fields.get("decimals")
            if decimals is not None and (not isinstance(decimals, int) or not 0 <= decimals <= MAX_DECIMALS):
                problems.add(
                    row.key, f"列“{col}”的覆盖小数位数应在 0 至 {MAX_DECIMALS} 之间，此处为 {decimals}"
                )


def _check_column(column: Column, columns: dict[str, Column], rows: set[str], problems: Problems) -> None:
    key = column.key
    for row in sorted(column.na_rows - rows):
        problems.add(key, f"不适用单元格指向未知的行“{row}”")
    if column.type in (ColumnType.CODE, ColumnType.CODES):
        if not column.codes:
            problems.add(key, "代码列没有代码表（codes）")
    elif column.codes:
        problems.add(key, f"只有代码列（code、codes）可以有代码表，此列类型为 {column.type.value}")
    if column.spec_column is not None:
        spec = columns.get(column.spec_column)
        if spec is None:
            problems.add(key, f"说明列“{column.spec_column}”不存在")
        elif spec.type not in TEXT_TYPES:
            problems.add(key, f"说明列“{column.spec_column}”不是文本列（类型为 {spec.type.value}）")
    elif any(c.needs_spec for c in column.codes):
        needing = "、".join(c.display for c in column.codes if c.needs_spec)
        problems.add(key, f"代码 {needing} 需要说明，但此列没有说明列（spec_column）")
    if column.type is ColumnType.FIXED and column.computed is not None:
        problems.add(key, "固定列不能同时是计算列")
    if column.computed is not None:
        for message in expression_problems(column.computed, set(columns)):
            problems.add(key, f"计算公式{message}")


def check_rule(rule: Rule, survey: Survey, problems: Problems, broken: frozenset[str] = frozenset()) -> None:
    """Check a rule against the survey; rules of ``broken`` tables (not loaded) are skipped."""
    if rule.table in broken:
        return
    table = next((t for t in survey.tables if t.id == rule.table), None)
    if table is None:
        problems.add(rule.id, f"规则指向未知的表“{rule.table}”")
        return
    columns = {c.key for c in table.columns}
    section = None
    if rule.section is not None:
        section = next((s for s in table.sections if s.key == rule.section), None)
        if section is None:
            problems.add(rule.id, f"规则指向表 {table.id} 中未知的分节“{rule.section}”")
    named: list[tuple[str, str | None]] = [("column", rule.column)]
    named += [("suspects", c) for c in rule.suspects]
    named += [("suspect_groups", c) for g in rule.suspect_groups for c in g]
    for field_name, col in named:
        if col is not None and col not in columns:
            problems.add(rule.id, f"{field_name} 指向表 {table.id} 中未知的列“{col}”")
    if rule.scope is RuleScope.CELL and rule.row is None:
        problems.add(rule.id, "单元格范围（cell）的规则必须指定行（row）")
    if rule.row is not None:
        known_rows = {k for s in table.sections for k in row_keys(s)}
        if rule.row not in known_rows:
            problems.add(rule.id, f"规则指向表 {table.id} 中未知的行“{rule.row}”")
    for field_name, text in (("check", rule.check), ("when", rule.when)):
        if text is not None:
            for message in expression_problems(text, columns) + reference_problems(text, survey):
                problems.add(rule.id, f"{field_name} {message}")
    for part in _PLACEHOLDER.findall(rule.message):
        if part.strip() != "row":
            for message in expression_problems(part, columns) + reference_problems(part, survey):
                problems.add(rule.id, f"message 中的“{{{part}}}”{message}")


def expression_problems(text: str, columns: set[str]) -> list[str]:
    """Why an expression is unusable: it does not parse, or it reads unknown columns.

    The expression language lives in ``kaoping.core.rules.expr``; without it (while it is
    being written) expressions are not checked rather than all refused.
    """
    try:
        from kaoping.core.rules.base import ExprError
        from kaoping.core.rules.expr import compile_expr
    except ImportError:
        return []
    try:
        compiled = compile_expr(text)
    except ExprError as exc:
        return [f"无法解析：{exc}"]
    unknown = sorted(set(compiled.names) - columns - {ROWKEY})
    return [f"引用了未知的列“{name}”" for name in unknown]


# Functions that name a table (and then a row, section or column) by literal text.
_REFERENCES = {
    "cell": ("row", "column"),
    "rows": ("section",),
    "values": ("column",),
    "filled_rows": ("section",),
}
_CITY_CODE = re.compile(r"^\d{6}$")


def reference_problems(text: str, survey: Survey) -> list[str]:
    """Literal tables, rows, sections and columns named in ``cell("T14", "street", "qty")`` etc.

    A misspelt reference would otherwise read as blank forever and the rule never fire.
    Only literal arguments are checked; ``cell("T14", rowkey, "qty")`` checks table and column.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return []  # reported by expression_problems
    out: list[str] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _REFERENCES
        ):
            continue
        name = node.func.id
        args = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
        ]
        if not args or args[0] is None:
            continue
        table = next((t for t in survey.tables if t.id == args[0]), None)
        if table is None:
            out.append(f"{name}() 指向未知的表“{args[0]}”")
            continue
        for kind, value in zip(_REFERENCES[name], args[1:], strict=False):
            if value is not None and not _known(table, kind, value):
                what = {"row": "行", "column": "列", "section": "分节"}[kind]
                out.append(f"{name}() 指向表 {table.id} 中未知的{what}“{value}”")
    return out


def _known(table: Table, kind: str, value: str) -> bool:
    if kind == "column":
        return any(c.key == value for c in table.columns)
    if kind == "section":
        return any(s.key == value for s in table.sections)
    return bool(_CITY_CODE.match(value)) or any(value in row_keys(s) for s in table.sections)
