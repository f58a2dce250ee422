"""The conflict view's rows: each cell that differs, with yours, theirs, who and when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from kaoping.collection.services import ConflictCell
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import Column, SectionKind, Table
from kaoping.core.instance import SurveyData, section_rows
from kaoping.core.values import column_for_row
from kaoping.orgs.actors import Actor
from kaoping.orgs.who import who_label, who_labels


@dataclass(frozen=True)
class ConflictRow:
    row_label: str
    column_label: str
    base: str
    theirs: str
    yours: str | None  # None: you did not change this cell
    who: str
    when: datetime


def conflict_rows(
    table: Table,
    data: SurveyData,
    changes: dict[tuple[str, str], str],
    theirs: dict[tuple[str, str], ConflictCell],
    viewer: Actor | None = None,
) -> list[ConflictRow]:
    rows = {r.key: r for s in table.sections for r in section_rows(table, s, data)}
    columns = {c.key: c for c in table.columns}
    removed = _removed_names(table, theirs)
    who = who_labels((c.who for c in theirs.values()), viewer)
    out: list[ConflictRow] = []
    for (row_key, column_key), cell in theirs.items():
        row = rows.get(row_key)
        column = columns.get(column_key)
        if column is None:  # a list row added or removed
            label = row.label if row else removed.get(row_key) or _("(removed row)")
            out.append(
                ConflictRow(
                    label, "", cell.base or "", cell.current or "", None, who_label(cell.who, who), cell.when
                )
            )
            continue
        column = column_for_row(column, row)
        shown = _shower(column)
        yours = changes.get((row_key, column_key))
        out.append(
            ConflictRow(
                row.label if row else removed.get(row_key) or _("(removed row)"),
                column.label,
                shown(cell.base),
                shown(cell.current),
                None if yours is None else coltypes.display(column, coltypes.parse(column, yours)),
                who_label(cell.who, who),
                cell.when,
            )
        )
    return out


def _removed_names(table: Table, theirs: dict[tuple[str, str], ConflictCell]) -> dict[str, str]:
    """The names list rows had before someone removed them (their name cell's earlier value)."""
    labels = {s.label_column for s in table.sections if s.kind is SectionKind.LIST and s.label_column}
    return {row: cell.base for (row, column), cell in theirs.items() if column in labels and cell.base}


def _shower(column: Column) -> Callable[[str | None], str]:
    def shown(text: str | None) -> str:
        return coltypes.display(column, coltypes.from_text(column, text)) if text else ""

    return shown
