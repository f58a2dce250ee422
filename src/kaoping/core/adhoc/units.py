"""What a summary can show of a table, and each unit's values in it.

A column is offered where a unit has a number (or a yes/no answer) of its own: at the city
level the columns of the sections with a row per city, and for a list with a block per city
(表7) the number of the city's entries and each number column added over them; at the
national level the table's national columns (``core.national.tables``), a province's 合计 or
own answer. Text and percentage columns are not offered: they cannot be added up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kaoping.core.definitions.model import Column, ColumnType, OrgRowKind, Section, SectionKind, Table
from kaoping.core.instance import CellKey, SurveyData, Value
from kaoping.core.national.tables import NUMBER, TEXT, YES, JsonValue, table_columns

FIGURES = ("population", "insured_urban", "counties")  # base figures a ratio may divide by


@dataclass(frozen=True)
class AdhocColumn:
    key: str  # "main.calls", "systems.#rows"
    label: str  # the header path as printed
    kind: str  # NUMBER | YES


@dataclass(frozen=True)
class Unit:
    """One row of a summary: a city or a province, its values and base figures."""

    code: str
    name: str
    values: Mapping[str, JsonValue]  # column key → a decimal string, True/False, or None
    figures: Mapping[str, Decimal]  # FIGURES key → value (missing: not entered)


def _kind(column: Column) -> str | None:
    if column.type is ColumnType.BOOL:
        return YES
    if column.is_numeric and column.type is not ColumnType.PERCENT:
        return NUMBER
    return None


def _by_city(section: Section) -> bool:
    if section.kind is SectionKind.LIST:
        return OrgRowKind.CITIES in section.list_blocks
    return section.kind is SectionKind.GRID and OrgRowKind.CITIES in section.org_rows


def city_columns(table: Table) -> list[AdhocColumn]:
    """The columns a summary of the cities may show for ``table`` (none: the table has no
    row of a city's own)."""
    out: list[AdhocColumn] = []
    for s in table.sections:
        if not _by_city(s):
            continue
        if s.kind is SectionKind.LIST:
            out.append(AdhocColumn(f"{s.key}.#rows", f"{s.title or table.title} › 条目数", NUMBER))
        for c in s.columns:
            kind = _kind(c)
            if kind is not None:
                yes = kind == YES and s.kind is SectionKind.LIST
                label = f"{c.path}（填“是”的个数）" if yes else c.path
                out.append(AdhocColumn(f"{s.key}.{c.key}", label, NUMBER if yes else kind))
    return out


def national_columns(table: Table) -> list[AdhocColumn]:
    """The columns a summary of the provinces may show: the national view's, text aside."""
    return [AdhocColumn(c.key, c.label, c.kind) for c in table_columns(table) if c.kind != TEXT]


def city_values(
    table: Table, data: SurveyData, merged: Mapping[CellKey, Value], city: str
) -> dict[str, JsonValue]:
    """One city's values in ``city_columns(table)`` (``merged``: stored and computed cells)."""
    out: dict[str, JsonValue] = {}
    for s in table.sections:
        if not _by_city(s):
            continue
        if s.kind is SectionKind.LIST:
            rows = [r.key for r in data.rows_of_list(table.id, s.key, city)]
            out[f"{s.key}.#rows"] = str(len(rows))
        else:
            rows = [city]
        for c in s.columns:
            kind = _kind(c)
            if kind is not None:
                found = [merged.get((table.id, r, c.key)) for r in rows]
                out[f"{s.key}.{c.key}"] = _one(found, kind, s.kind is SectionKind.LIST)
    return out


def _one(found: list[Value], kind: str, added: bool) -> JsonValue:
    if kind == YES and not added:
        return found[0] if found and isinstance(found[0], bool) else None
    if kind == YES:
        flags = [v for v in found if isinstance(v, bool)]
        return str(sum(flags)) if flags else None
    numbers = [v for v in found if isinstance(v, int | Decimal) and not isinstance(v, bool)]
    return str(sum(numbers, Decimal(0))) if numbers else None
