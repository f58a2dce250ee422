"""The nation's view of every table: one row per province and the national total (docs/spec.md §11.4).

Each table's national columns follow its kind, section by section:

- a section with a computed 合计 row (表4, 表5, 表9, 表10, 表11, 表13): the province's 合计 of
  each summed column (``total``);
- a form (表2 数据中心, 表5 持卡人员基础信息库, 表12 省级机构 …) or a grid of fixed rows without
  a 合计 (表1, 表2 容灾, 表14): the province's own answer, cell by cell (``answer``);
- a grid of city rows without a 合计 (表3, 表8 part 2, 表12 part 2): the number of units that
  reported, and each number column added over them, yes/no columns counted (``sum``);
- a list (表6, 表7, 表8 part 1): the number of entries, yes/no columns counted (``rows``).

The national total adds number columns over the provinces and counts 是 in yes/no columns;
text and code columns have no total. A province's row is plain JSON (numbers as decimal
strings) so it can be stored when the province saves and read without recomputing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kaoping.core import values as coltypes
from kaoping.core.consolidation import input_columns, row_reported
from kaoping.core.definitions.model import (
    Column,
    ColumnType,
    OrgRowKind,
    Row,
    Section,
    SectionKind,
    Survey,
    Table,
)
from kaoping.core.instance import TOTAL_ROW, CellKey, SurveyData, Value, section_rows
from kaoping.core.memo import PerObject
from kaoping.core.rules.numbers import NUMBER_TYPES

JsonValue = str | bool | int | None
NUMBER, YES, TEXT = "number", "yes", "text"


@dataclass(frozen=True)
class NationalColumn:
    """One column of a table's national view: where a province's value comes from."""

    key: str  # "main.holders", "dr.province_data.status_jun", "systems.#rows"
    label: str  # as a heading: "持卡人数", "省本级数据级灾备 › 2015年6月建设情况"
    kind: str  # NUMBER | YES | TEXT
    how: str  # total | answer | sum | count | rows | units
    section: str
    row: str | None = None  # answer: the fixed row (None for a form)
    column: str | None = None


def _kind(column: Column) -> str:
    if column.type is ColumnType.BOOL:
        return YES
    if column.is_numeric:
        return NUMBER
    return TEXT


def _summable(column: Column) -> bool:
    return column.is_input and _kind(column) != TEXT and column.type is not ColumnType.PERCENT


_COLUMNS: PerObject[Table, tuple[NationalColumn, ...]] = PerObject(lambda t: tuple(_table_columns(t)))


def table_columns(table: Table) -> list[NationalColumn]:
    """The national columns of ``table``, section by section (see the module's docstring):
    worked out once per table (the nation asks for every table's on every recomputation)."""
    return list(_COLUMNS(table))


def _table_columns(table: Table) -> list[NationalColumn]:
    out: list[NationalColumn] = []
    for s in table.sections:
        by_key = {c.key: c for c in s.columns}
        if OrgRowKind.TOTAL in s.org_rows and s.total_columns:
            out += [_plain(s, c, NUMBER, "total") for c in s.columns if c.key in s.total_columns]
        elif s.kind is SectionKind.FORM:
            out += [_plain(s, c, _kind(c), "answer") for c in s.columns if c.is_input]
        elif s.kind is SectionKind.LIST:
            out.append(NationalColumn(f"{s.key}.#rows", "条目数", NUMBER, "rows", s.key))
            out += _summed(s, list(by_key.values()))
        elif OrgRowKind.CITIES in s.org_rows:
            out.append(NationalColumn(f"{s.key}.#units", "已填报单位数", NUMBER, "units", s.key))
            out += _summed(s, list(by_key.values()))
        else:
            out += _answers(s)
    return out


def _plain(section: Section, c: Column, kind: str, how: str) -> NationalColumn:
    return NationalColumn(f"{section.key}.{c.key}", c.path, kind, how, section.key, None, c.key)


def _summed(section: Section, columns: list[Column]) -> list[NationalColumn]:
    """Number columns added over a section's rows; yes/no columns as the number of 是."""
    out = []
    for c in columns:
        if _summable(c):
            yes = _kind(c) == YES
            label = f"{c.path}（填“是”的个数）" if yes else c.path
            how = "count" if yes else "sum"
            out.append(NationalColumn(f"{section.key}.{c.key}", label, NUMBER, how, section.key, None, c.key))
    return out


def _answers(section: Section) -> list[NationalColumn]:
    out = []
    for r in section.fixed_rows:
        for c in section.columns:
            if c.is_input and c.key not in r.na_columns:
                column = coltypes.column_for_row(c, r)
                label = f"{r.number} {r.label}".strip() + (f"：{r.sub_label}" if r.sub_label else "")
                out.append(
                    NationalColumn(
                        f"{section.key}.{r.key}.{c.key}", f"{label} › {c.path}", _kind(column), "answer",
                        section.key, r.key, c.key,
                    )
                )  # fmt: skip
    return out


def province_row(
    survey: Survey,
    table: Table,
    data: SurveyData,
    merged: Mapping[CellKey, Value],
    sections: Sequence[tuple[Section, list[Row]]] | None = None,
) -> dict[str, JsonValue]:
    """One province's values in ``table``'s national columns (``merged``: stored and computed;
    ``sections``: the table's rows when the caller has built them, as ``Layout`` does)."""
    out: dict[str, JsonValue] = {}
    if sections is None:
        sections = [(s, section_rows(table, s, data)) for s in table.sections]
    rows_of = {s.key: rows for s, rows in sections}
    for nc, column, inputs, kind, cell in _plan(table):
        if nc.how == "total":
            out[nc.key] = _json(merged.get(cell), nc.kind)
        elif nc.how == "answer":
            assert column is not None
            out[nc.key] = _answer(column, kind, merged.get(cell))
        elif nc.how == "rows":
            out[nc.key] = str(len(rows_of[nc.section]))
        elif nc.how == "units":
            units = [r for r in rows_of[nc.section] if r.kind in ("city", "province")]
            reported = sum(row_reported(merged, table.id, r.key, inputs) for r in units)
            out[nc.key] = str(reported) if units else None
        else:
            found = [merged.get((table.id, r.key, nc.column or "")) for r in rows_of[nc.section]]
            out[nc.key] = _added(found, YES if nc.how == "count" else NUMBER)
    return out


Plan = list[tuple[NationalColumn, Column | None, tuple[str, ...], str, CellKey]]
_PLANS: dict[int, tuple[Table, Plan]] = {}


def _plan(table: Table) -> Plan:
    """Each national column with the definition's column as it applies there (and its kind), its
    section's input columns and the cell a total or an answer is read from, worked out once per
    table (the summary runs on every save)."""
    cached = _PLANS.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    sections = {s.key: s for s in table.sections}
    plan: Plan = []
    for nc in table_columns(table):
        section = sections[nc.section]
        column = _column(section, nc.column, nc.row or section.key) if nc.column else None
        row = TOTAL_ROW if nc.how == "total" else nc.row or nc.section
        cell = (table.id, row, nc.column or "")
        plan.append((nc, column, input_columns(section), _kind(column) if column else TEXT, cell))
    _PLANS[id(table)] = (table, plan)
    return plan


def _column(section: Section, key: str, row: str) -> Column:
    column = next(c for c in section.columns if c.key == key)
    fixed = next((r for r in section.fixed_rows if r.key == row), None)
    return coltypes.column_for_row(column, fixed)


def _answer(column: Column, kind: str, value: Value) -> JsonValue:
    if kind != TEXT:
        return _json(value, kind)
    if value is None or isinstance(value, coltypes.Invalid):
        return None
    return coltypes.display(column, value)


def _json(value: Value, kind: str) -> JsonValue:
    if kind == YES:
        return value if isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, NUMBER_TYPES):
        return None
    return str(value)


def _added(values: list[Value], kind: str) -> JsonValue:
    if kind == YES:
        flags = [v for v in values if isinstance(v, bool)]
        return str(sum(flags)) if flags else None
    numbers = [v for v in values if isinstance(v, NUMBER_TYPES) and not isinstance(v, bool)]
    return str(sum(numbers, Decimal(0))) if numbers else None


def column_total(column: NationalColumn, rows: list[Mapping[str, JsonValue]]) -> Decimal | None:
    """The national total of one column over the provinces' rows: numbers (and counts of 是)
    added, a yes/no answer counted as the provinces answering 是; None for text."""
    if column.kind == TEXT:
        return None
    found = [r.get(column.key) for r in rows]
    if column.kind == YES:
        flags = [v for v in found if isinstance(v, bool)]
        return Decimal(sum(flags)) if flags else None
    numbers = [Decimal(v) for v in found if isinstance(v, str)]
    return sum(numbers, Decimal(0)) if numbers else None
