"""An earlier campaign's cells in this definition's keys (docs/spec.md §13).

Same definition: the cells as they are. An earlier version: the ``baselines`` entry of this
definition's quality.yaml names what moved — tables, rows and columns renamed, code letters
changed — and everything it does not name keeps its key. Cells of tables or columns this
definition does not have are left out.
"""

from __future__ import annotations

from collections.abc import Mapping

from kaoping.core.definitions.model import Survey
from kaoping.core.instance import CellKey, Value
from kaoping.core.quality.model import BaselineMap


def mapped(survey: Survey, values: Mapping[CellKey, Value], how: BaselineMap | None) -> dict[CellKey, Value]:
    known = {(t.id, c.key) for t in survey.tables for c in t.columns}
    out: dict[CellKey, Value] = {}
    for (table, row, column), value in values.items():
        key = _key(how, table, row, column) if how is not None else (table, row, column)
        if (key[0], key[2]) not in known:
            continue
        out[key] = _code(how, key, value) if how is not None else value
    return out


def _key(how: BaselineMap, table: str, row: str, column: str) -> CellKey:
    new = how.tables.get(table, table)
    return new, how.rows.get(new, {}).get(row, row), how.columns.get(new, {}).get(column, column)


def _code(how: BaselineMap, key: CellKey, value: Value) -> Value:
    letters = how.codes.get(key[0], {}).get(key[2])
    if not letters:
        return value
    if isinstance(value, str):
        return letters.get(value, value)
    if isinstance(value, tuple):
        return tuple(letters.get(v, v) for v in value)
    return value
