"""Work out a summary's grid from the units and the spec (the rules: ``grid``'s docstring).

A share divides by the column's sum over every unit of the level (before any filter), so a
unit's share does not change with the filter; the total row's share is the rows shown as a
share of that sum.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from kaoping.core.adhoc.grid import CENT, RATIOS, SHARE, Cell, Grid, GridColumn, GridRow, Pick, Spec
from kaoping.core.adhoc.units import AdhocColumn, Unit
from kaoping.core.national.tables import NUMBER


def summarise(columns: Sequence[AdhocColumn], units: Sequence[Unit], spec: Spec) -> Grid:
    """The grid of ``spec`` over ``units`` (in the tree's order)."""
    by_key = {c.key: c for c in columns}
    shown = [u for u in units if spec.name in u.name]
    sums = {p.key: _sum(_raw(u, p.key) for u in units) for p in spec.picks if p.ratio == SHARE}
    cells = {u.code: tuple(_cell(u, p, sums) for p in spec.picks) for u in shown}
    if spec.where is not None and spec.threshold is not None:
        at = spec.picks.index(spec.where)
        shown = [u for u in shown if _passes(cells[u.code][at], spec.op, spec.threshold)]
    if spec.sort is not None:
        shown = _sorted(shown, cells, spec.picks.index(spec.sort), spec.descending)
    grid_columns = tuple(_column(by_key[p.key], p) for p in spec.picks)
    totals = tuple(_total(shown, p, sums) for p in spec.picks)
    rows = tuple(GridRow(u.code, u.name, cells[u.code]) for u in shown)
    return Grid(grid_columns, rows, totals, len(units))


def _column(column: AdhocColumn, pick: Pick) -> GridColumn:
    if pick.ratio is None:
        return GridColumn(pick, column.label, column.kind)
    return GridColumn(pick, f"{column.label}（{RATIOS[pick.ratio]}）", NUMBER)


def _raw(unit: Unit, key: str) -> Cell:
    value = unit.values.get(key)
    if isinstance(value, bool):
        return value
    return Decimal(value) if isinstance(value, str) else None


def _number(value: Cell) -> Decimal | None:
    if isinstance(value, bool):
        return Decimal(int(value))
    return value


def _sum(values: Iterable[Cell]) -> Decimal | None:
    numbers = [_number(v) for v in values]
    known = [n for n in numbers if n is not None]
    return sum(known, Decimal(0)) if known else None


def _divide(value: Decimal | None, by: Decimal | None, scale: int = 1) -> Decimal | None:
    if value is None or by is None or by == 0:
        return None
    return (value * scale / by).quantize(CENT, rounding=ROUND_HALF_UP)


def _cell(unit: Unit, pick: Pick, sums: dict[str, Decimal | None]) -> Cell:
    raw = _raw(unit, pick.key)
    if pick.ratio is None:
        return raw
    if pick.ratio == SHARE:
        return _divide(_number(raw), sums.get(pick.key), 100)
    return _divide(_number(raw), unit.figures.get(pick.ratio))


def _passes(value: Cell, op: str, threshold: Decimal) -> bool:
    number = _number(value)
    if number is None:
        return False
    return number >= threshold if op == "ge" else number <= threshold


def _sorted(units: list[Unit], cells: dict[str, tuple[Cell, ...]], at: int, descending: bool) -> list[Unit]:
    known = [u for u in units if cells[u.code][at] is not None]
    blank = [u for u in units if cells[u.code][at] is None]
    known.sort(key=lambda u: _number(cells[u.code][at]) or Decimal(0), reverse=descending)
    return known + blank


def _total(units: list[Unit], pick: Pick, sums: dict[str, Decimal | None]) -> Cell:
    values = [_raw(u, pick.key) for u in units]
    if pick.ratio is None:
        return _sum(values)
    if pick.ratio == SHARE:
        return _divide(_sum(values), sums.get(pick.key), 100)
    pairs = [(_number(v), u.figures.get(pick.ratio)) for v, u in zip(values, units, strict=True)]
    both = [(v, f) for v, f in pairs if v is not None and f is not None]
    if not both:
        return None
    return _divide(sum((v for v, _ in both), Decimal(0)), sum((f for _, f in both), Decimal(0)))
