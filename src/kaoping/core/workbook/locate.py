"""Where a finding sits in a unit's workbook: its sheet and cell ("表9!H7"), as an import
reports it — so ``kaoping validate`` names cells the way an import does (docs/spec.md §10.5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from kaoping.core.definitions.model import Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import SurveyData
from kaoping.core.workbook.layout import WorkbookLayout, build_layout


def locate(
    layout: WorkbookLayout, finding: Finding, spare: Mapping[tuple[str, str], str] | None = None
) -> Finding:
    """``finding`` with its sheet and cell: the cell itself, else the row's first cell, else
    the table's first header row. ``spare``: (table, new row key) → the blank template row
    the row was typed into (an import's new list rows). A table the workbook does not hold
    leaves the finding as it is."""
    sheet = next((s for s in layout.sheets if s.table.id == finding.table), None)
    if sheet is None:
        return finding
    row_key = finding.row
    if row_key is not None and spare:
        row_key = spare.get((finding.table, row_key), row_key)
    at: tuple[int, int] | None = None
    if row_key is not None and finding.column is not None:
        at = sheet.by_key.get((finding.table, row_key, finding.column))
    if at is None and row_key is not None:
        first = next((r for p in sheet.sections for r in p.rows if r.row.key == row_key and r.idents), None)
        at = first.idents[-1][:2] if first is not None else None
    if at is None:
        part = sheet.sections[0] if sheet.sections else None
        at = (part.header_first, 0) if part is not None else (0, 0)
    suspect = (
        sheet.by_key.get((finding.table, row_key, finding.suspect[1]))
        if finding.suspect and row_key
        else None
    )
    return replace(
        finding,
        sheet=sheet.name,
        cell=sheet.address(*at),
        suspect_cell=sheet.address(*suspect) if suspect is not None else None,
    )


def locate_all(
    survey: Survey, data: SurveyData, org: str | None, findings: Iterable[Finding]
) -> list[Finding]:
    """Each finding at its sheet and cell of ``org``'s workbook (None: the consolidated one)."""
    layout = build_layout(survey, data, org)
    return [locate(layout, f) for f in findings]
