"""Turn validated raw YAML models into the immutable objects of ``model.py``.

Only what cannot be represented in the model is reported here (an unknown type or code
list, an unknown organisation row kind); cross-references are checked in ``checks.py``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kaoping.core.definitions.bounds import check_decimals, date_bounds, number_bound
from kaoping.core.definitions.model import (
    BlankPolicy,
    Code,
    Column,
    ColumnType,
    HeaderGroup,
    HeaderNode,
    OrgRowKind,
    Row,
    Rule,
    RuleScope,
    Section,
    SectionKind,
    Severity,
    Table,
)
from kaoping.core.definitions.problems import Problems
from kaoping.core.definitions.raw import (
    Node,
    RawCode,
    RawColumn,
    RawGroup,
    RawRow,
    RawRule,
    RawSection,
    RawTable,
)
from kaoping.core.texts import column_bound

# Units and decimals a type implies when the YAML does not say (docs/spec.md §3.3).
DEFAULT_UNIT = {
    ColumnType.MONEY: "万元",
    ColumnType.PEOPLE: "万人",
    ColumnType.AREA: "平方米",
    ColumnType.BANDWIDTH: "M",
    ColumnType.PERCENT: "%",
}
DEFAULT_DECIMALS = {ColumnType.MONEY: 2, ColumnType.PEOPLE: 2, ColumnType.PERCENT: 2}


def check_codes(codes: Sequence[Code], key: str, problems: Problems) -> None:
    letters = [c.code for c in codes]
    for letter in dict.fromkeys(letters):
        if letters.count(letter) > 1:
            problems.add(key, f"代码“{letter}”在同一代码表中出现了 {letters.count(letter)} 次")


SEVERITIES = {"E": Severity.ERROR, "W": Severity.WARNING}
CodeLists = dict[str, tuple[Code, ...]]


def build_table(raw: RawTable, code_lists: CodeLists, problems: Problems) -> Table:
    return Table(
        id=raw.id,
        label=raw.label,
        title=raw.title,
        sections=tuple(_section(s, code_lists, problems) for s in raw.sections),
        instructions=raw.instructions,
        date=raw.date,
        period=raw.period,
        footer=raw.footer,
    )


def build_codes(raw: Sequence[RawCode]) -> tuple[Code, ...]:
    return tuple(Code(code=c.code, label=c.label) for c in raw)


def column_type(name: str, key: str, problems: Problems) -> ColumnType:
    try:
        return ColumnType(name)
    except ValueError:
        known = "、".join(t.value for t in ColumnType)
        problems.add(key, f"未知的列类型“{name}”（可用：{known}）")
        return ColumnType.TEXT


def raw_leaves(nodes: Sequence[Node]) -> Iterator[RawColumn | RawGroup]:
    """Every value column of a raw header tree, including groups' own columns."""
    for node in nodes:
        if isinstance(node, RawGroup):
            if node.key is not None:
                yield node
            yield from raw_leaves(node.columns)
        else:
            yield node


def _section(raw: RawSection, code_lists: CodeLists, problems: Problems) -> Section:
    nodes = raw.fields if raw.kind == "form" else raw.columns
    # "——" cells may be declared on the column (na_rows) or on the row (na): keep both sides.
    na_by_column: dict[str, set[str]] = {}
    for row in raw.rows:
        for col in row.na:
            na_by_column.setdefault(col, set()).add(row.key)
    for leaf in raw_leaves(nodes):
        if leaf.key is not None:
            na_by_column.setdefault(leaf.key, set()).update(leaf.na_rows)
    builder = _HeaderBuilder(code_lists, na_by_column, problems)
    return Section(
        key=raw.key,
        kind=SectionKind(raw.kind),
        title=raw.title,
        header=builder.nodes(nodes, ()),
        row_header=tuple(raw.row_header),
        fixed_rows=tuple(_row(r, na_by_column) for r in raw.rows),
        org_rows=_org_kinds(raw.org_rows, f"{raw.key}.org_rows", problems),
        total_columns=frozenset(raw.total_columns),
        list_blocks=_org_kinds(raw.blocks, f"{raw.key}.blocks", problems),
        label_column=raw.label_column,
        max_rows=raw.max_rows,
        filled_by=raw.filled_by,
        total_label=raw.total_label,
    )


def _org_kinds(names: list[str], key: str, problems: Problems) -> tuple[OrgRowKind, ...]:
    kinds: list[OrgRowKind] = []
    for name in names:
        try:
            kinds.append(OrgRowKind(name))
        except ValueError:
            problems.add(key, f"未知的组织行“{name}”（可用：province、cities、total）")
    return tuple(kinds)


def _row(raw: RawRow, na_by_column: dict[str, set[str]]) -> Row:
    na = set(raw.na) | {col for col, rows in na_by_column.items() if raw.key in rows}
    return Row(
        key=raw.key,
        label=raw.label,
        number=raw.number,
        sub_label=raw.sub_label,
        fixed=dict(raw.fixed),
        overrides={col: dict(fields) for col, fields in raw.overrides.items()},
        na_columns=frozenset(na),
    )


class _HeaderBuilder:
    def __init__(self, code_lists: CodeLists, na: dict[str, set[str]], problems: Problems) -> None:
        self.code_lists = code_lists
        self.na = na
        self.problems = problems

    def nodes(self, raw: Sequence[Node], parents: tuple[str, ...]) -> tuple[HeaderNode, ...]:
        return tuple(self._node(n, parents) for n in raw)

    def _node(self, raw: Node, parents: tuple[str, ...]) -> HeaderNode:
        if isinstance(raw, RawColumn):
            return self._column(raw, parents)
        children = self.nodes(raw.columns, (*parents, raw.group))
        if raw.key is None:
            return HeaderGroup(label=raw.group, children=children)
        # Parent{own}: the group's own value column comes first, labelled like the group.
        own = RawColumn(
            key=raw.key,
            label=raw.group,
            type=raw.type or "int",
            unit=raw.unit,
            decimals=raw.decimals,
            date=raw.date,
            na_rows=raw.na_rows,
            help=raw.help,
            max=raw.max,
        )
        own_column = self._column(own, parents, own=True)
        return HeaderGroup(label=raw.group, children=(own_column, *children), own=raw.key)

    def _column(self, raw: RawColumn, parents: tuple[str, ...], own: bool = False) -> Column:
        type_ = column_type(raw.type, raw.key, self.problems)
        check_decimals(raw.decimals, raw.key, self.problems)
        earliest, latest = date_bounds(raw.earliest, raw.latest, type_, raw.key, self.problems)
        return Column(
            key=raw.key,
            label=raw.label,
            type=type_,
            header=parents,
            unit=raw.unit if raw.unit is not None else DEFAULT_UNIT.get(type_),
            decimals=raw.decimals if raw.decimals is not None else DEFAULT_DECIMALS.get(type_, 0),
            codes=self._codes(raw),
            spec_column=raw.spec_column,
            computed=raw.computed,
            date=raw.date,
            na_rows=frozenset(self.na.get(raw.key, set())),
            own=own,
            help=raw.help,
            max_length=column_bound(raw.max_length, type_, raw.key, self.problems),
            maximum=number_bound(raw.max, type_, raw.key, self.problems),
            earliest=earliest,
            latest=latest,
        )

    def _codes(self, raw: RawColumn) -> tuple[Code, ...]:
        if raw.codes is None:
            return ()
        if isinstance(raw.codes, str):
            if raw.codes not in self.code_lists:
                self.problems.add(raw.key, f"未知的代码表“{raw.codes}”")
                return ()
            return self.code_lists[raw.codes]
        codes = build_codes(raw.codes)
        check_codes(codes, raw.key, self.problems)  # shared lists are checked once, in survey.yaml
        return codes


def build_rule(raw: RawRule, problems: Problems) -> Rule:
    severity = SEVERITIES.get(raw.severity)
    if severity is None:
        problems.add(raw.id, f"未知的严重程度“{raw.severity}”（可用：E 强制性、W 提示性）")
        severity = Severity.ERROR
    try:
        scope = RuleScope(raw.scope)
    except ValueError:
        problems.add(raw.id, f"未知的规则范围“{raw.scope}”（可用：row、cell、table）")
        scope = RuleScope.ROW
    try:
        blank = BlankPolicy(raw.blank)
    except ValueError:
        problems.add(raw.id, f"未知的空值处理“{raw.blank}”（可用：skip、zero）")
        blank = BlankPolicy.SKIP
    return Rule(
        id=raw.id,
        table=raw.table,
        severity=severity,
        scope=scope,
        check=raw.check,
        message=raw.message,
        section=raw.section,
        column=raw.column,
        row=raw.row,
        when=raw.when,
        blank=blank,
        description=raw.description,
        suspects=tuple(raw.suspects),
        suspect_groups=tuple(tuple(g) for g in raw.suspect_groups),
    )
