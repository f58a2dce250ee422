"""One filled survey: a province, its cities and their values, as plain data.

``SurveyData`` is what the rule engine, the indicators, the workbooks and the pages read.
The Django shell builds it from the database in one query per table; tests build it by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from kaoping.core.definitions.model import (
    OrgRowKind,
    Row,
    Section,
    SectionKind,
    Survey,
    Table,
)
from kaoping.core.orgs import Org

Value = int | Decimal | str | bool | date | tuple[str, ...] | None
CellKey = tuple[str, str, str]  # (table, row, column)

PROVINCE_ROW = "province"
TOTAL_ROW = "total"
PROVINCE_LABEL = "省本级"
TOTAL_LABEL = "合计"


@dataclass(frozen=True)
class ListRow:
    """A user-created row of a list section (表6, 表7, 表8 part 1)."""

    key: str  # stable id given at creation
    table: str
    section: str
    org: str  # owning organisation (表7: the city, or the province for 省本级)
    position: int = 0


@dataclass
class SurveyData:
    province: Org
    cities: list[Org]
    values: dict[CellKey, Value] = field(default_factory=dict)
    list_rows: list[ListRow] = field(default_factory=list)
    # (rule id, table, row or "", column or "") → 说明 written for a warning
    explanations: dict[tuple[str, str, str, str], str] = field(default_factory=dict)

    def get(self, table: str, row: str, column: str) -> Value:
        return self.values.get((table, row, column))

    def rows_of_list(self, table: str, section: str, org: str | None = None) -> list[ListRow]:
        rows = [r for r in self.list_rows if r.table == table and r.section == section]
        if org is not None:
            rows = [r for r in rows if r.org == org]
        return sorted(rows, key=lambda r: r.position)


def org_label(data: SurveyData, code: str) -> str:
    if code == PROVINCE_ROW or code == data.province.code:
        return PROVINCE_LABEL
    if code == TOTAL_ROW:
        return TOTAL_LABEL
    return next((c.name for c in data.cities if c.code == code), code)


def org_labels(data: SurveyData) -> Callable[[str], str]:
    """``org_label`` for many codes: the cities' names looked up, not searched."""
    names = {c.code: c.name for c in reversed(data.cities)}  # the first of a code, as org_label
    names.update({TOTAL_ROW: TOTAL_LABEL, PROVINCE_ROW: PROVINCE_LABEL, data.province.code: PROVINCE_LABEL})
    return lambda code: names.get(code, code)


def section_rows(table: Table, section: Section, data: SurveyData) -> list[Row]:
    """The concrete rows of a section for this survey, in display order."""
    if section.kind is SectionKind.FORM:
        return list(_form_row(section.key, section.title or table.title))
    if section.kind is SectionKind.LIST:
        return _list_rows(table, section, data)
    rows = list(section.fixed_rows)
    for kind in section.org_rows:
        rows.extend(_org_rows(kind, data, section.total_label))
    return rows


def _org_rows(kind: OrgRowKind, data: SurveyData, total_label: str = TOTAL_LABEL) -> tuple[Row, ...]:
    if kind is OrgRowKind.PROVINCE:
        return _province_row(data.province.code)
    if kind is OrgRowKind.TOTAL:
        return _total_row(total_label)
    return _city_rows(tuple((c.code, c.name) for c in data.cities))


# The organisation rows are the same for every survey of the same units: built once, not on
# each read (a national recomputation builds them for 32 provinces × 14 tables; Row is frozen).
@lru_cache(maxsize=256)
def _province_row(code: str) -> tuple[Row, ...]:
    return (Row(key=PROVINCE_ROW, label=PROVINCE_LABEL, org=code, kind="province"),)


@lru_cache(maxsize=256)
def _form_row(key: str, label: str) -> tuple[Row, ...]:
    return (Row(key=key, label=label, kind="form"),)


@lru_cache(maxsize=16)
def _total_row(label: str) -> tuple[Row, ...]:
    return (Row(key=TOTAL_ROW, label=label, kind="total"),)


@lru_cache(maxsize=256)
def _city_rows(cities: tuple[tuple[str, str], ...]) -> tuple[Row, ...]:
    return tuple(Row(key=code, label=name, org=code, kind="city") for code, name in cities)


def _list_rows(table: Table, section: Section, data: SurveyData) -> list[Row]:
    def label_of(r: ListRow) -> str:
        value = data.get(table.id, r.key, section.label_column) if section.label_column else None
        return str(value) if value else "（未命名）"

    if not section.list_blocks:
        listed = data.rows_of_list(table.id, section.key)
        return [Row(key=r.key, label=label_of(r), org=r.org, kind="list") for r in listed]
    rows: list[Row] = []
    by_org = list_rows_by_org(data, table.id, section.key)
    for kind in section.list_blocks:
        for block in _org_rows(kind, data):
            assert block.org is not None
            for r in by_org.get(block.org, ()):
                rows.append(Row(key=r.key, label=label_of(r), org=r.org, kind="list"))
    return rows


def list_rows_by_org(data: SurveyData, table: str, section: str) -> dict[str, list[ListRow]]:
    """``data.rows_of_list(table, section, org)`` for every org at once (one pass, not one per
    block of 表7): each org's rows in order of position."""
    out: dict[str, list[ListRow]] = {}
    for r in data.rows_of_list(table, section):
        out.setdefault(r.org, []).append(r)
    return out


def row_owner(table: Table, section: Section, row: Row, data: SurveyData) -> str | None:
    """The organisation that fills the row; None for computed rows."""
    if row.kind == "total":
        return None
    if row.org is not None:
        return row.org
    return data.province.code


def table_rows(survey: Survey, table_id: str, data: SurveyData) -> list[tuple[Section, list[Row]]]:
    table = survey.table(table_id)
    return [(s, section_rows(table, s, data)) for s in table.sections]
