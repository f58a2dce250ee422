"""Which provinces the nation's figures include: those that have submitted (docs/spec.md §11.4).

``Coverage`` names every provincial unit of the national campaign, in the tree's order, and
those whose submitted data the figures include; the others are missing, and every national
page says how many of each. ``national_table`` is one table's national view over the
included provinces' stored summaries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kaoping.core.definitions.model import Survey
from kaoping.core.national.summary import ProvinceSummary
from kaoping.core.national.tables import JsonValue, NationalColumn, column_total, table_columns


@dataclass(frozen=True)
class Province:
    code: str
    name: str


@dataclass(frozen=True)
class Coverage:
    expected: tuple[Province, ...]  # every provincial unit of the campaign, in order
    included: frozenset[str]  # the codes whose submitted data counts

    @property
    def missing(self) -> tuple[Province, ...]:
        return tuple(p for p in self.expected if p.code not in self.included)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def summary(self) -> str:
        """The line every national page prints: 已纳入 30 个省级单位，未纳入 2 个：…"""
        count = len(self.expected) - len(self.missing)
        if self.complete:
            return f"已纳入全部 {count} 个省级单位的上报数据"
        names = "、".join(p.name for p in self.missing)
        return f"已纳入 {count} 个省级单位的上报数据，未纳入 {len(self.missing)} 个（尚未上报）：{names}"

    def as_json(self) -> dict[str, object]:
        return {
            "provinces_expected": len(self.expected),
            "provinces_included": len(self.expected) - len(self.missing),
            "missing": [{"org": p.code, "name": p.name} for p in self.missing],
        }


def included(summaries: Mapping[str, ProvinceSummary], coverage: Coverage) -> list[ProvinceSummary]:
    """The included provinces' summaries, in the campaign's order."""
    codes = [p.code for p in coverage.expected if p.code in coverage.included]
    return [summaries[code] for code in codes if code in summaries]


@dataclass(frozen=True)
class NationalTable:
    table: str
    title: str  # "表5 社会保障卡及持卡人员基础信息库建设情况表"
    columns: tuple[NationalColumn, ...]
    rows: tuple[tuple[Province, Mapping[str, JsonValue]], ...]  # one per included province
    totals: Mapping[str, Decimal | None]  # 全国合计 per column (None: no total)
    coverage: Coverage

    def as_json(self) -> dict[str, object]:
        return {
            "table": self.table,
            "title": self.title,
            **self.coverage.as_json(),
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [{"org": p.code, "name": p.name, "values": dict(values)} for p, values in self.rows],
            "total": {k: None if v is None else str(v) for k, v in self.totals.items()},
        }


def national_table(
    survey: Survey, table_id: str, summaries: Sequence[ProvinceSummary], coverage: Coverage
) -> NationalTable:
    """``table_id``'s national view: a row per included province and the national total."""
    table = survey.table(table_id)
    columns = tuple(table_columns(table))
    rows = tuple((Province(s.code, s.name), s.tables.get(table_id, {})) for s in summaries)
    totals = {c.key: column_total(c, [values for _p, values in rows]) for c in columns}
    return NationalTable(table_id, f"{table.label} {table.title}", columns, rows, totals, coverage)
