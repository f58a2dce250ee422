"""Saving several tables of one organisation at once (a workbook import): the same guards,
plan, version claim and audit as ``save_table`` for each table, paid once for the whole batch.

``save_table`` run table after table checked the user's rights, the workflow and the fill
window, indexed the survey's cells, locked and read the stored values, wrote the cells and
appended the audit rows to the chain once per table. Here each of those happens once: the
tables' version rows are locked and compared with the caller's base versions in one query
(any stale table refuses the batch, as a stale table refused the import before), the stored
values of every table are read in one query, and the changed cells of every table are written
with one audit batch sealed by one chain append — the entries in the order ``save_table`` gave
them, each at its own table's new version. Only tables with a real change get a new version,
and the write listeners (the workflow's 填报中, a national campaign's stored summary) hear once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from kaoping import dialect
from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import Campaign, TableVersion, Value
from kaoping.collection.services.reading import Cell, load_survey_data
from kaoping.collection.services.saving import (
    STORED_FIELDS,
    Plan,
    StoredCell,
    Writes,
    apply_written,
    differs,
    plan_cells,
)
from kaoping.collection.services.writing import (
    SaveRefused,
    Where,
    check_writable,
    claim_version,
    edit_refusal,
    written,
)
from kaoping.core.instance import SurveyData
from kaoping.orgs.actors import Actor, actor_name

Stored = dict[str, dict[Cell, StoredCell]]  # table → (row, column) → the stored cell


@dataclass
class TablesResult:
    conflict: bool = False  # a table was saved by someone else after ``base_versions``
    versions: dict[str, int] = field(default_factory=dict)  # table → its version after the save
    written: dict[str, Plan] = field(default_factory=dict)  # table → the cells written

    @property
    def changed(self) -> dict[str, int]:
        """table → how many cells were written."""
        return {table: len(cells) for table, cells in self.written.items()}


def save_tables(
    user: Actor,
    campaign: Campaign,
    org_code: str,
    changes: Mapping[str, dict[Cell, str]],
    base_versions: Mapping[str, int],
    *,
    data: SurveyData | None = None,
    index: CellIndex | None = None,
    channel: str,
    note: str = "",
) -> TablesResult:
    """Save typed texts into several tables of ``org_code`` in one transaction, or nothing.

    ``changes``: table → cell → typed text, in the order the audit entries take; ``base_versions``:
    the version of each table the caller read (absent: 0). ``data`` is the survey as the caller
    loaded it (its list rows current; None: loaded here); it is brought up to date with what is
    written. ``index``: the cells of ``data`` as the caller indexed them (None: indexed here).
    ``SaveRefused`` names the first cell (tables in order) the user may not type into. The
    cells are planned before the transaction (the write lock is held only to read, compare and
    write); whether the organisation's data is still open is asked again inside it."""
    check_writable(user, campaign, org_code, channel)
    data = data if data is not None else load_survey_data(campaign)
    index = index if index is not None else CellIndex(survey_for(campaign), data)
    planned = {table: plan_cells(user, index, org_code, table, cells) for table, cells in changes.items()}
    result = TablesResult()
    with transaction.atomic():
        # checked again under the write lock: submitted or locked between the check and here
        if reason := edit_refusal(campaign, org_code):
            raise SaveRefused(reason)
        current = _locked_versions(campaign, org_code, list(planned))
        if any(current.get(table, 0) != base_versions.get(table, 0) for table in planned):
            transaction.set_rollback(True)
            result.conflict = True
            return result
        stored = _stored(campaign, planned)
        real = {
            table: cells
            for table, plan in planned.items()
            if (cells := {c: p for c, p in plan.items() if differs(stored.get(table, {}).get(c), p)})
        }
        if not _claim(campaign, org_code, real, current, result):
            transaction.set_rollback(True)
            result.conflict = True
            return result
        writes = Writes(actor_name(user))
        for table, cells in real.items():
            where = Where.of(user, campaign, org_code, table, channel, note)
            writes.add(where, result.versions[table], cells, stored.get(table, {}))
        writes.flush()
    if real:
        written(user, campaign, org_code)
    for table, cells in real.items():
        apply_written(index, data, table, cells)
        result.written[table] = cells
    return result


def _locked_versions(campaign: Campaign, org_code: str, tables: list[str]) -> dict[str, int]:
    """The tables' current versions (absent: never saved), their rows locked until the end of
    the transaction (PostgreSQL; SQLite's IMMEDIATE transaction already holds the write lock)."""
    where = {"campaign_id": campaign.pk, "org_id": org_code, "table__in": tables}
    return dict(dialect.select(TableVersion, ("table", "version"), where, lock=True))


def _stored(campaign: Campaign, planned: Mapping[str, Plan]) -> Stored:
    """The stored cells of the planned rows of every table, locked: one query — by the tables
    and the rows named in any of them (three conditions, not two per table: building the query
    cost more than running it), a row kept only for the table that plans it."""
    wanted = {(table, row) for table, plan in planned.items() for row, _ in plan}
    if not wanted:
        return {}
    where = {
        "campaign_id": campaign.pk,
        "table__in": {t for t, _ in wanted},
        "row__in": {r for _, r in wanted},
    }
    stored: Stored = {}
    for table, row, column, pk, text, valid in dialect.select(Value, STORED_FIELDS, where, lock=True):
        if (table, row) in wanted:
            stored.setdefault(table, {})[(row, column)] = StoredCell(pk, text, valid)
    return stored


def _claim(
    campaign: Campaign,
    org_code: str,
    real: Mapping[str, Plan],
    current: Mapping[str, int],
    result: TablesResult,
) -> bool:
    """Bump the version of each table with a real change (one UPDATE for those already saved);
    False when a version is not the one locked plus one (a first save raced by another)."""
    known = [table for table in real if table in current]
    if known:
        where = {"campaign_id": campaign.pk, "org_id": org_code, "table__in": known}
        if dialect.add_one(TableVersion, "version", where) != len(known):
            return False
        result.versions.update({table: current[table] + 1 for table in known})
    for table in real:
        if table not in current:  # never saved: its version row is made (as ``save_table`` does)
            result.versions[table] = claim_version(campaign, org_code, table)
            if result.versions[table] != 1:
                return False
    return True
