"""A summary's grid: the picked columns (each as it is, or as a ratio), a row per unit,
sorted and filtered, and the total of the rows shown.

A ratio divides a unit's number by one of its base figures (常住人口 and 城镇参保人数 are in
万人, so the quotient is "per 万 residents"; 县级单位数 gives "per county-level unit") or by
the column's total over the rows shown (share, %). Ratios are rounded half up to 2 decimals.
The total row adds each column over the rows shown (a yes/no column: the number of 是); a
ratio's total divides the sum of the values by the sum of the figures over the rows where
both are known. A blank value stays blank and sorts last in either direction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kaoping.core import texts
from kaoping.core.adhoc.units import AdhocColumn
from kaoping.core.national.tables import YES

SHARE = "share"
RATIOS: dict[str, str] = {
    "population": "每万常住人口",
    "insured_urban": "每万城镇参保人数",
    "counties": "每县级单位",
    SHARE: "占合计比例（%）",
}
OPS = {"ge": "≥", "le": "≤"}
MAX_PICKS = 20
CENT = Decimal("0.01")
Cell = Decimal | bool | None


class AdhocError(ValueError):
    """A summary that cannot be made, said in Chinese."""


@dataclass(frozen=True)
class Pick:
    """One chosen column, as it is (``ratio`` None) or divided (a ``RATIOS`` key)."""

    key: str
    ratio: str | None = None

    @property
    def token(self) -> str:
        return f"{self.key}/{self.ratio}" if self.ratio else self.key

    @classmethod
    def parse(cls, token: str) -> Pick:
        key, _, ratio = token.partition("/")
        return cls(key, ratio or None)


@dataclass(frozen=True)
class Spec:
    """What the user picked: the table, the columns, the order and the filter."""

    table: str
    picks: tuple[Pick, ...]
    sort: Pick | None = None  # None: the tree's order
    descending: bool = False
    where: Pick | None = None  # filter on this pick's shown number …
    op: str = "ge"  # … at least (ge) or at most (le) …
    threshold: Decimal | None = None  # … this
    name: str = ""  # only units whose name contains this

    def as_query(self) -> dict[str, list[str]]:
        """The spec as the page's query parameters (and as a saved summary stores it)."""
        out: dict[str, list[str]] = {"table": [self.table], "c": [p.token for p in self.picks]}
        if self.sort:
            out["sort"] = [self.sort.token]
            out["desc"] = ["1"] if self.descending else []
        if self.where and self.threshold is not None:
            out |= {"f": [self.where.token], "op": [self.op], "v": [str(self.threshold)]}
        if self.name:
            out["q"] = [self.name]
        return {k: v for k, v in out.items() if v}


def read_spec(query: Mapping[str, Sequence[str]], table: str, columns: Sequence[AdhocColumn]) -> Spec:
    """The spec in ``query`` (the page's parameters), checked against the offered columns."""
    kinds = {c.key: c.kind for c in columns}
    picks = tuple(dict.fromkeys(Pick.parse(t) for t in _list(query, "c") if t))
    if len(picks) > MAX_PICKS:
        raise AdhocError(f"最多选择 {MAX_PICKS} 个栏目")
    for pick in picks:
        if pick.key not in kinds:
            raise AdhocError("所选栏目不属于该表，或在该层级不能汇总")
        if pick.ratio is not None and (pick.ratio not in RATIOS or kinds[pick.key] == YES):
            raise AdhocError("所选比例不存在，或该栏目（是/否）不能计算比例")
    sort, where = _chosen(query, "sort", picks), _chosen(query, "f", picks)
    threshold = _number(_first(query, "v")) if where else None
    op = _first(query, "op") or "ge"
    if op not in OPS:
        raise AdhocError("筛选条件只能是“不小于”或“不大于”")
    name = _first(query, "q").strip()
    if len(name) > 50 or texts.unencodable(name):
        raise AdhocError("单位名称筛选不能超过 50 个字")
    descending = _first(query, "desc") in ("1", "true", "on")
    return Spec(table, picks, sort, descending, where, op, threshold, name)


def _list(query: Mapping[str, Sequence[str]], name: str) -> list[str]:
    found = query.get(name, [])
    return [found] if isinstance(found, str) else list(found)


def _first(query: Mapping[str, Sequence[str]], name: str) -> str:
    found = _list(query, name)
    return found[0] if found else ""


def _chosen(query: Mapping[str, Sequence[str]], name: str, picks: tuple[Pick, ...]) -> Pick | None:
    token = _first(query, name)
    if not token:
        return None
    pick = Pick.parse(token)
    if pick not in picks:
        raise AdhocError("排序或筛选的栏目须是已选栏目之一")
    return pick


def _number(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        found = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise AdhocError("筛选的数值不是数字") from None
    if not found.is_finite() or abs(found) >= Decimal("1e15"):
        raise AdhocError("筛选的数值不是合理的数字")
    return found


@dataclass(frozen=True)
class GridColumn:
    pick: Pick
    label: str
    kind: str  # NUMBER | YES (a ratio is a NUMBER)


@dataclass(frozen=True)
class GridRow:
    code: str
    name: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    totals: tuple[Cell, ...]
    units: int  # units before the filter
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        return {
            "columns": [
                {"key": c.pick.key, "ratio": c.pick.ratio, "token": c.pick.token, "label": c.label}
                for c in self.columns
            ],
            "rows": [
                {"org": r.code, "name": r.name, "values": [_json(v) for v in r.cells]} for r in self.rows
            ],
            "total": [_json(v) for v in self.totals],
            "units": self.units,
            "shown": len(self.rows),
        }


def _json(value: Cell) -> str | bool | None:
    return value if value is None or isinstance(value, bool) else str(value)
