"""Rows of the overview page: per table, status and error/warning counts.

A city sees the tables holding its rows, with the shell's per-organisation statuses. The
province sees all 14 tables, each judged over every row of the province's survey.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaoping.collection.tasks import status_of, table_statuses
from kaoping.core.definitions.model import Severity
from kaoping.core.instance import SurveyData
from kaoping.core.rules.engine import validate
from kaoping.pages.page import Page
from kaoping.pages.status import Badge, status_badge


@dataclass(frozen=True)
class OverviewRow:
    table: str
    label: str
    title: str
    badge: Badge
    errors: int
    warnings: int
    filled: int


def table_rows(page: Page, data: SurveyData) -> list[OverviewRow]:
    if not page.is_province:
        return [
            OverviewRow(s.table, s.label, s.title, status_badge(s.status), s.errors, s.warnings, s.filled)
            for s in table_statuses(page.campaign, page.org.code, data)
        ]
    findings = validate(page.survey, data)
    filled: dict[str, int] = {}
    for table_id, _row, _column in data.values:
        filled[table_id] = filled.get(table_id, 0) + 1
    out = []
    for table in page.survey.tables:
        mine = [f for f in findings if f.table == table.id]
        count = filled.get(table.id, 0)
        out.append(
            OverviewRow(
                table.id,
                table.label,
                table.title,
                status_badge(status_of(count, mine, complete=count > 0)),
                sum(1 for f in mine if f.severity is Severity.ERROR),
                sum(1 for f in mine if f.severity is Severity.WARNING),
                count,
            )
        )
    return out
