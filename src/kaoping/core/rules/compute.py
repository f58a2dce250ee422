"""Values the platform computes and people never type: total rows and computed columns.

- A total row (合计 / 全省合计) holds, for each of its section's ``total_columns``, the sum
  over the section's data rows; blank rows are skipped, and the total is blank when no
  row reported the column (blank is "not reported", not 0).
- A ``computed`` column (表4 网络覆盖率) is its expression over the row, rounded half up
  (四舍五入) to the column's decimals; blank when an operand is blank or the divisor is 0.

Totals are computed first, so a computed column on a total row reads the totals.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from functools import lru_cache

from kaoping.core.definitions.model import Survey
from kaoping.core.instance import CellKey, SurveyData, Value
from kaoping.core.rules.base import Skip
from kaoping.core.rules.compiled import compiled
from kaoping.core.rules.context import TOTAL_KIND, DataContext, Layout
from kaoping.core.rules.numbers import NUMBER_TYPES, half_up


def computed_values(
    survey: Survey,
    data: SurveyData,
    layout: Layout | None = None,
    wanted: Collection[tuple[str, str]] | None = None,
) -> dict[CellKey, Value]:
    """Every computed cell of the survey → its value (None where it is blank); of the computed
    columns, only those ``wanted`` ((table, column) pairs) when given — every total is always made
    (a computed column reads the totals, never another computed column)."""
    layout = layout or Layout.build(survey, data)
    out: dict[CellKey, Value] = {}
    values = data.values
    for table_id, table in layout.tables.items():
        for section, rows in table.sections:
            totals = [r.key for r in rows if r.kind == TOTAL_KIND]
            if not totals or not section.total_columns:
                continue
            sources = tuple(r.key for r in rows if r.kind != TOTAL_KIND)
            columns = tuple(section.total_columns)
            for column, cells in zip(columns, _summed_cells(table_id, sources, columns), strict=True):
                total = _sum(map(values.get, cells))
                for key in totals:
                    out[(table_id, key, column)] = total
    _computed_columns(survey, data, layout, out, wanted)
    return out


@lru_cache(maxsize=1024)
def _summed_cells(
    table_id: str, sources: tuple[str, ...], columns: tuple[str, ...]
) -> tuple[tuple[CellKey, ...], ...]:
    """Per total column, the cells its total adds: the same for every survey of the same units
    (made once per set of rows, as the rows themselves are)."""
    return tuple(tuple((table_id, key, column) for key in sources) for column in columns)


def _sum(values: Iterable[Value]) -> Value:
    total: int | Decimal = 0
    found = False
    for value in values:
        if (
            type(value) is int
            or type(value) is Decimal  # int and Decimal themselves first: nearly every cell
            or (isinstance(value, NUMBER_TYPES) and not isinstance(value, bool))
        ):
            total += value
            found = True
    return total if found else None


def _computed_columns(
    survey: Survey,
    data: SurveyData,
    layout: Layout,
    out: dict[CellKey, Value],
    wanted: Collection[tuple[str, str]] | None,
) -> None:
    expressions = compiled(survey).computed
    if wanted is not None:
        expressions = {key: expression for key, expression in expressions.items() if key in wanted}
    if not expressions:
        return
    ctx = DataContext(layout, {**data.values, **out}, len(data.cities))
    for (table_id, column_key), expression in expressions.items():
        table = layout.tables.get(table_id)
        if table is None:
            continue  # a layout of only some tables
        column = table.columns[column_key]
        section = table.section_of_column[column_key]
        for _, rows in (s for s in table.sections if s[0].key == section.key):
            for row in rows:
                if row.key in column.na_rows or column_key in row.na_columns:
                    continue
                try:
                    result = expression.evaluate(ctx.at(table_id, row.key, False))
                except Skip:
                    result = None
                out[(table_id, row.key, column_key)] = _rounded(result, column.decimals)


def _rounded(value: object, places: int) -> Value:
    if isinstance(value, bool) or not isinstance(value, NUMBER_TYPES):
        return None
    return half_up(Decimal(value), places)
