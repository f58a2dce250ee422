"""Writing generated provinces into their campaigns in bulk: a constant number of statements
for all of them (no save per table, no per-value signal), inside the caller's transaction.

Every text is parsed and stored in its canonical form by the column's own type, as a save
would; a text the column refuses is a fault of the generator and stops the demo. The data
is new, so there is no audit entry per cell: each table records one version, by the command
line, like a first import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import BaseFigure, Campaign, Explanation, ListRow, TableVersion, Value
from kaoping.collection.services import load_survey_data
from kaoping.core import values as coltypes
from kaoping.core.instance import ListRow as CoreListRow
from kaoping.demo.national.generate import ProvinceData
from kaoping.orgs.actors import actor_name, cli_actor


class GeneratorFault(Exception):
    """The generator produced a text its column refuses (a bug in the demo, not in the data)."""


def store_provinces(batches: Iterable[tuple[Campaign, ProvinceData]]) -> int:
    """Write each province's generated data into its (empty) campaign; returns the cells written."""
    values: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    versions: list[tuple[Any, ...]] = []
    figures: list[BaseFigure] = []
    notes: list[Explanation] = []
    actor = actor_name(cli_actor())
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    for campaign, data in batches:
        rows += [(campaign.pk, r.owner, r.table, r.section, r.key, r.position) for r in data.list_rows]
        cells = _values(campaign, data)
        values += [(campaign.pk, *cell, True, stamp, actor) for cell in cells]
        versions += [(campaign.pk, org, table, 1) for org, table in sorted({(c[0], c[1]) for c in cells})]
        figures += [
            BaseFigure(campaign=campaign, org_id=code, key=key, value=value)
            for code, entered in data.figures.items()
            for key, value in entered.items()
            if key != "counties"  # the campaign took 县级单位数 from the tree when it opened
        ]
        notes += [
            Explanation(
                campaign=campaign, org_id=e.owner, rule=e.rule, table=e.table, row=e.row, column=e.column,
                text=e.text, actor=actor,
            )
            for e in data.explanations
        ]  # fmt: skip
    insert_rows(ListRow, ("campaign", "org", "table", "section", "key", "position"), rows)
    columns = ("campaign", "org", "table", "row", "column", "text", "valid", "updated_at", "updated_by")
    insert_rows(Value, columns, values)
    insert_rows(TableVersion, ("campaign", "org", "table", "version"), versions)
    BaseFigure.objects.bulk_create(figures, batch_size=2000)
    Explanation.objects.bulk_create(notes, batch_size=2000)
    return len(values)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """One INSERT run for many rows, each a tuple of database-ready values in ``fields``' order:
    ``bulk_create`` builds a model instance and prepares every field of every row, which costs
    ten times the write itself for the tens of thousands of cells of the national demo."""
    if not rows:
        return
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    columns = [model._meta.get_field(name) for name in fields]
    names = ", ".join(ops.quote_name(f.column) for f in columns if isinstance(f, models.Field) and f.column)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _values(campaign: Campaign, data: ProvinceData) -> list[tuple[str, str, str, str, str]]:
    """(owner, table, row, column, canonical text) of every generated cell."""
    survey = survey_for(campaign)
    loaded = load_survey_data(campaign, tables=frozenset())  # the campaign's province and cities
    loaded.list_rows = [
        CoreListRow(key=r.key, table=r.table, section=r.section, org=r.owner, position=r.position)
        for r in data.list_rows
    ]
    index = CellIndex(survey, loaded)
    out = []
    for cell in data.cells:
        column = index.column(cell.table, cell.row, cell.column)
        parsed = coltypes.parse(column, cell.text) if column is not None else None
        if column is None or parsed is None or isinstance(parsed, coltypes.Invalid | coltypes.Refused):
            raise GeneratorFault(f"{data.province.code} {cell.table} {cell.row} {cell.column}: {cell.text!r}")
        out.append((cell.owner, cell.table, cell.row, cell.column, coltypes.to_text(column, parsed)))
    return out
