"""Rows of the history page: the audit log of a table or a cell, with labels and display values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaoping.collection.services import history
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import Column, Table
from kaoping.core.instance import SurveyData, section_rows
from kaoping.core.values import column_for_row
from kaoping.orgs.who import who_label, who_labels
from kaoping.pages.page import Page


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    who: str
    row: str
    row_label: str
    column: str
    column_label: str
    old: str
    new: str
    channel: str
    note: str = ""  # an upload's file name and SHA-256

    @property
    def file_name(self) -> str:
        """The uploaded file's name, as officials read it."""
        return self.note.partition(" sha256:")[0]

    @property
    def digest(self) -> str:
        """The file's SHA-256, for a details line (docs/spec.md §9.8)."""
        return self.note.partition(" sha256:")[2]


CHANNELS = {
    "page": gettext_lazy("Page"),
    "api": gettext_lazy("API"),
    "upload": gettext_lazy("Upload"),
    "cli": gettext_lazy("Command line"),
}


def history_rows(
    page: Page, table: Table, data: SurveyData, row: str | None, column: str | None
) -> list[HistoryRow]:
    """A city sees the changes of its own rows; the province every row's."""
    org = None if page.is_province else page.org.code
    rows = {r.key: r for s in table.sections for r in section_rows(table, s, data)}
    columns = {c.key: c for c in table.columns}
    out: list[HistoryRow] = []
    entries = list(history(page.campaign, table.id, row, column, org=org))
    who = who_labels((e.actor for e in entries), page.user)
    for entry in entries:
        the_row = rows.get(entry.row)
        col = columns.get(entry.column)
        shown = _shown(column_for_row(col, the_row)) if col is not None else _raw
        out.append(
            HistoryRow(
                at=entry.at,
                who=who_label(entry.actor, who),
                row=entry.row,
                row_label=the_row.label if the_row else _("(removed row)"),
                column=entry.column,
                column_label=col.label if col else _("(whole row)"),
                old=shown(entry.old),
                new=shown(entry.new),
                channel=str(CHANNELS.get(entry.channel, entry.channel)),
                note=entry.note if entry.channel in ("upload", "cli") else "",
            )
        )
    return out


def _raw(text: str | None) -> str:
    return text or ""


def _shown(column: Column) -> Callable[[str | None], str]:
    def show(text: str | None) -> str:
        return coltypes.display(column, coltypes.from_text(column, text)) if text else ""

    return show
