"""Rows of the overview page: per table, status and error/warning counts.

A city sees the tables holding its rows, with the shell's per-organisation statuses. The
province sees all 14 tables, each judged over every row of the province's survey: a table
several units fill is 已完成 only when every unit has filled its part (docs/spec.md §8.2),
with "已填 8/14" and the missing units linked; a finding on the row of a unit that has not
started the table is 未填报, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.urls import reverse

from kaoping.collection.cells import CellIndex
from kaoping.collection.services import quality_findings
from kaoping.collection.tasks import status_of, table_statuses, units_status
from kaoping.core.consolidation import (
    ConsolidationStatus,
    consolidation_statuses,
    not_started,
    started_only,
)
from kaoping.core.definitions.model import Severity
from kaoping.core.findings import Finding
from kaoping.core.instance import PROVINCE_ROW, SurveyData
from kaoping.core.rules.engine import validate
from kaoping.pages.page import Page
from kaoping.pages.status import Badge, status_badge


@dataclass(frozen=True)
class MissingUnit:
    name: str
    link: str  # the unit's page of this table


@dataclass(frozen=True)
class OverviewRow:
    table: str
    label: str
    title: str
    badge: Badge
    errors: int
    warnings: int
    filled: int
    fillable: bool = True  # the user may fill rows of this table here: 填报, else 查看
    units: ConsolidationStatus | None = None  # tables several units fill (province only)
    missing: list[MissingUnit] = field(default_factory=list)


def table_rows(page: Page, data: SurveyData) -> list[OverviewRow]:
    if not page.is_province:
        statuses = table_statuses(page.campaign, page.org.code, data)
        return [
            OverviewRow(s.table, s.label, s.title, status_badge(s.status), s.errors, s.warnings, s.filled)
            for s in statuses
        ]
    every = frozenset(t.id for t in page.survey.tables)
    checked = validate(page.survey, data) + quality_findings(page.campaign, page.survey, data, None, every)
    findings = started_only(checked, not_started(page.survey, data))
    units = {s.table: s for s in consolidation_statuses(page.survey, data) if s.units > 1}
    filled: dict[str, int] = {}
    for table_id, _row, _column in data.values:
        filled[table_id] = filled.get(table_id, 0) + 1
    own = set(CellIndex(page.survey, data).tables_filled_by(page.org.code)) if page.can_fill else set()
    rows = [_province_row(page, t.id, findings, units.get(t.id), filled) for t in page.survey.tables]
    return [replace(row, fillable=row.table in own) for row in rows]


def _province_row(
    page: Page,
    table_id: str,
    findings: list[Finding],
    units: ConsolidationStatus | None,
    filled: dict[str, int],
) -> OverviewRow:
    table = page.survey.table(table_id)
    mine = [f for f in findings if f.table == table_id]
    count = filled.get(table_id, 0)
    status = status_of(count, mine, complete=count > 0) if units is None else units_status(units, mine)
    missing = (
        [MissingUnit(u.name, _unit_table(page, u.code, table_id)) for u in units.missing_units]
        if units
        else []
    )
    return OverviewRow(
        table_id,
        table.label,
        table.title,
        status_badge(status),
        sum(1 for f in mine if f.severity is Severity.ERROR),
        sum(1 for f in mine if f.severity is Severity.WARNING),
        count,
        units=units,
        missing=missing,
    )


def _unit_table(page: Page, code: str, table_id: str) -> str:
    org = page.org.code if code == PROVINCE_ROW else code
    return reverse("web:table", kwargs={"campaign": page.campaign.pk, "org": org, "table": table_id})
