"""What the upload page shows before the user confirms: each change and each finding, located."""

from __future__ import annotations

from dataclasses import dataclass

from kaoping.collection.cells import CellIndex
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import SurveyData
from kaoping.core.workbook import ImportResult


@dataclass(frozen=True)
class ChangeLine:
    table: str  # 表9
    row: str
    column: str
    old: str
    new: str


def change_lines(survey: Survey, before: SurveyData, result: ImportResult) -> list[ChangeLine]:
    """Each changed cell as 表, 行, 列, 当前值 → 新值, in the definition's order."""
    if result.data is None:
        return []
    index = CellIndex(survey, result.data)
    order = {t.id: n for n, t in enumerate(survey.tables)}
    lines: list[tuple[tuple[int, str, str], ChangeLine]] = []
    for key in result.changes:
        table, row, column = key
        info = index.cell(table, row, column)
        if info is None:
            continue
        old = coltypes.display(info.column, before.values.get(key))
        new = coltypes.display(info.column, result.data.values.get(key))
        label = info.row.label
        lines.append(
            (
                (order.get(table, 99), row, column),
                ChangeLine(info.table.label, label, info.column.label, old, new),
            )
        )
    return [line for _, line in sorted(lines, key=lambda x: x[0])]


def split(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(errors, warnings)."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    return errors, [f for f in findings if f.severity is not Severity.ERROR]
