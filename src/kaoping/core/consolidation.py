"""Consolidation status of a city-row table: how many units its totals sum, how many reported.

docs/spec.md §8.7: a consolidated table says how many units it sums and whether all have reported.
The units are the organisation rows people fill (省本级 and the cities, never the computed
合计); a unit has reported when any input cell of its row holds a value — 0 counts, blank
does not. Computed cells (totals, 表4 coverage) and fixed text never make a row reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from kaoping.core.definitions.model import OrgRowKind, Section, SectionKind, Survey, Table
from kaoping.core.findings import Finding
from kaoping.core.instance import (
    PROVINCE_ROW,
    CellKey,
    SurveyData,
    Value,
    list_rows_by_org,
    org_labels,
    section_rows,
)
from kaoping.core.memo import PerObject

UNIT_KINDS = frozenset({"province", "city"})


@dataclass(frozen=True)
class Unit:
    code: str  # row key: a GB/T 2260 code or ``province``
    name: str  # 南京市, 省本级


@dataclass(frozen=True)
class ConsolidationStatus:
    table: str
    units: int  # organisation rows the totals sum
    reported: int  # of which with any input filled
    missing_units: tuple[Unit, ...]  # those that have not reported, in table order
    members: tuple[Unit, ...] = ()  # every unit summed, in table order

    @property
    def complete(self) -> bool:
        return self.units > 0 and self.reported == self.units

    @property
    def summary(self) -> str:
        """What a consolidated table prints beside its 合计 row."""
        if self.complete:
            return f"汇总 {self.units} 个单位，已全部填报"
        names = "、".join(u.name for u in self.missing_units)
        return f"汇总 {self.units} 个单位，已填报 {self.reported} 个，未填报：{names}"

    def as_json(self) -> dict[str, object]:
        return {
            "table": self.table,
            "units": self.units,
            "reported": self.reported,
            "missing_units": [{"org": u.code, "name": u.name} for u in self.missing_units],
            "complete": self.complete,
        }


def input_columns(section: Section) -> tuple[str, ...]:
    return section.input_keys


def row_reported(values: Mapping[CellKey, Value], table: str, row: str, columns: tuple[str, ...]) -> bool:
    """A unit reported when any of its input cells holds a value (0 included)."""
    for column in columns:  # noqa: SIM110 (a loop, not any(): the summaries ask this of every row)
        if values.get((table, row, column)) is not None:
            return True
    return False


def consolidation_status(survey: Survey, data: SurveyData, table_id: str) -> ConsolidationStatus:
    """Units and reported units over the organisation rows of every grid section of the table.

    表7's blocks count too: a unit per block (省本级, each city), reported when one of its
    list rows has an input filled. A unit in several sections counts once, reported when it
    has filled any of them. A table with no organisation rows has 0 units.
    """
    members, reported = table_units(survey, data, table_id)
    missing = tuple(u for u in members if u.code not in reported)
    return ConsolidationStatus(table_id, len(members), len(members) - len(missing), missing, members)


def table_units(survey: Survey, data: SurveyData, table_id: str) -> tuple[tuple[Unit, ...], set[str]]:
    """The table's units in order of appearance, and the codes of those that reported
    (what ``consolidation_status`` counts, without the status made of it)."""
    table = survey.table(table_id)
    order: dict[str, None] = {}
    reported: set[str] = set()
    for section in table.sections:
        if not _section_has_units(section):
            continue  # a form, fixed rows, a list without blocks: no unit to count
        columns = input_columns(section)
        for unit, row_key in _unit_rows(table, section, data):
            order.setdefault(unit)
            if row_key is not None and row_reported(data.values, table_id, row_key, columns):
                reported.add(unit)
    label = org_labels(data)
    return tuple(_unit(code, label(code)) for code in order), reported


@lru_cache(maxsize=4096)
def _unit(code: str, name: str) -> Unit:
    """A unit, made once per code and name (the same units every table and save: as rows are)."""
    return Unit(code, name)


def _unit_rows(table: Table, section: Section, data: SurveyData) -> list[tuple[str, str | None]]:
    """(unit, row key) pairs: an organisation row is its own unit; a 表7 block's list rows
    belong to the block's unit (a block without rows still yields its unit)."""
    if section.kind is SectionKind.LIST:
        out: list[tuple[str, str | None]] = []
        by_org = list_rows_by_org(data, table.id, section.key)
        for kind in section.list_blocks:
            units = [PROVINCE_ROW] if kind is OrgRowKind.PROVINCE else []
            units += [c.code for c in data.cities] if kind is OrgRowKind.CITIES else []
            for unit in units:
                org = data.province.code if unit == PROVINCE_ROW else unit
                out.append((unit, None))
                out.extend((unit, r.key) for r in by_org.get(org, ()))
        return out
    rows = [r for r in section_rows(table, section, data) if r.kind in UNIT_KINDS]
    return [(r.key, r.key) for r in rows]


def _has_unit_rows(table: Table) -> bool:
    return any(_section_has_units(section) for section in table.sections)


# Whether ``table`` can have units at all (what ``_unit_rows`` can yield): a grid section with
# 省本级 or city rows, or a list section in blocks per unit. A table without (表1, 表2, 表14) has
# 0 units whatever its values: its status need not be worked out. Once per table.
has_unit_rows = PerObject(_has_unit_rows)


def _section_has_units(section: Section) -> bool:
    """Whether ``_unit_rows`` can yield anything for ``section``."""
    if section.kind is SectionKind.LIST:
        return bool(section.list_blocks)
    return section.kind is not SectionKind.FORM and (
        OrgRowKind.PROVINCE in section.org_rows or OrgRowKind.CITIES in section.org_rows
    )


def consolidation_statuses(survey: Survey, data: SurveyData) -> list[ConsolidationStatus]:
    """The status of every table that has organisation rows (表3, 表5, 表9, …)."""
    out = [consolidation_status(survey, data, t.id) for t in survey.tables]
    return [s for s in out if s.units > 0]


def not_started(survey: Survey, data: SurveyData) -> frozenset[tuple[str, str]]:
    """(table, unit row) pairs of units that have not started that table: nothing filled.

    A required answer of such a unit is 未填报, not a 强制性错误 (docs/spec.md §8.2): the
    overview and the task list count its findings as not yet filled. Submission still
    needs the answer.
    """
    out: set[tuple[str, str]] = set()
    for status in consolidation_statuses(survey, data):
        out.update((status.table, unit.code) for unit in status.missing_units)
    return frozenset(out)


def started_only(findings: list[Finding], silent: frozenset[tuple[str, str]]) -> list[Finding]:
    """The findings that are not about a unit's row in a table it has not started."""
    return [f for f in findings if (f.table, f.row or "") not in silent]
