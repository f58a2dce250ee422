"""Saving typed texts into one table: every cell write goes through ``save_table``.

A save is one transaction that claims the (campaign, owner, table) version row, refuses a
stale ``base_version`` with the cells that changed meanwhile, writes only real changes,
appends one audit entry per changed cell and bumps the version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kaoping import dialect, records
from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex, CellInfo
from kaoping.collection.models import AuditEntry, Campaign, Value
from kaoping.collection.services.findings import suspects, validate
from kaoping.collection.services.reading import Cell, load_survey_data, stored_value
from kaoping.collection.services.writing import (
    AUDIT_FIELDS,
    SaveRefused,
    Where,
    check_writable,
    claim_version,
    written,
)
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import Column
from kaoping.core.findings import Finding
from kaoping.core.instance import SurveyData
from kaoping.core.instance import Value as CoreValue
from kaoping.core.rules.reads import tables_read
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor

Plan = dict[Cell, tuple[str | None, bool]]  # cell → (stored text or None for blank, valid)


@dataclass(frozen=True)
class ConflictCell:
    row: str
    column: str
    base: str | None  # the value when the user read the table
    current: str | None  # the value now
    mine: str | None  # what the user tried to save (None: blank or not changed by the user)
    changed_by_me: bool
    who: str
    when: datetime


@dataclass
class SaveResult:
    version: int
    conflict: bool = False
    changed: int = 0
    theirs: dict[Cell, ConflictCell] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def save_table(
    user: Actor,
    campaign: Campaign,
    org_code: str,
    table_id: str,
    changes: dict[Cell, str],
    base_version: int,
    channel: str = "page",
    note: str = "",
    data: SurveyData | None = None,
    check: bool = True,
) -> SaveResult:
    """Save typed texts for cells of ``org_code`` in one table (blank deletes a value).

    A caller saving many tables at once (a workbook import) may pass the survey ``data`` it
    has already loaded (its rows must be current) and ``check=False`` to skip the findings it
    computes itself; the values written are still read and locked here."""
    check_writable(user, campaign, org_code, channel)
    survey = survey_for(campaign)
    if data is None:  # the values this table's checks read, not the whole survey's
        data = load_survey_data(campaign, access.tree_for(user), tables_read(survey, table_id))
    index = CellIndex(survey, data)
    planned = plan_cells(user, index, org_code, table_id, changes)
    where = Where.of(user, campaign, org_code, table_id, channel, note)
    before, claimed, real = _commit(where, base_version, planned)
    if before != base_version:
        theirs = _conflicts(campaign, org_code, table_id, base_version, changes)
        return SaveResult(version=before, conflict=True, theirs=theirs)
    if real:
        written(user, campaign, org_code)
    apply_written(index, data, table_id, real)
    findings = validate(survey, data, tables={table_id}, orgs={org_code}) if check else []
    findings = suspects(campaign, survey, data, findings) if findings else findings
    return SaveResult(version=claimed if real else before, changed=len(real), findings=findings)


def plan_cells(user: Actor, index: CellIndex, org_code: str, table_id: str, changes: dict[Cell, str]) -> Plan:
    """What each typed text stores; SaveRefused naming the first cell ``org_code`` may not type into."""
    planned: Plan = {}
    refused: list[tuple[str, str, str]] = []
    for (row, column), raw in changes.items():
        info = index.cell(table_id, row, column)
        if info is None:  # keys are not echoed: a row key may be another unit's, of another table
            known = any(c.key == column for c in index.survey.table(table_id).columns)
            refused.append(("", column if known else "", NO_CELL))
            continue
        parsed = coltypes.parse(info.column, raw or "")
        text, valid = _store_text(info.column, parsed)
        reason = _cell_refusal(user, info, org_code, text)
        if reason is None and isinstance(parsed, coltypes.Refused):  # docs/spec.md §5.3
            reason = parsed.reason
        if reason == NOT_OURS:  # a row the user may not read: neither its key nor its name
            refused.append(("", column, reason))
        elif reason is not None:
            refused.append((row, column, reason))
        else:
            planned[(row, column)] = (text, valid)
    if refused:
        row, column, reason = refused[0]
        found = index.cell(table_id, row, column)
        place = f"{found.table.label} {found.row.label} {found.column.label}" if found else None
        raise SaveRefused(f"不能保存 {place or index.survey.table(table_id).label}：{reason}", refused)
    return planned


NOT_OURS = "这一行不属于本单位"
NO_CELL = "调查表中没有这一格"


def _cell_refusal(user: Actor, info: CellInfo, org_code: str, text: str | None) -> str | None:
    """Why a cell cannot take ``text`` in ``org_code``'s save, or None. Another unit's row is
    named (its key and label) only to a user who may read that unit."""
    reason = info.refusal()
    if reason is None and info.owner != org_code:
        readable = info.owner is not None and access.can(user, Action.READ, info.owner)
        reason = "这一行不由本单位填写" if readable else NOT_OURS
    if reason is None and info.not_applicable and text is not None:
        reason = "该格不适用（——），应保持为空"
    return reason


def _commit(where: Where, base_version: int, planned: Plan) -> tuple[int, int, Plan]:
    """Claim the version and write the real changes when ``base_version`` is current:
    (version before, version claimed, the changes written)."""
    real: Plan = {}
    with transaction.atomic():
        claimed = claim_version(where.campaign, where.org, where.table)
        before = claimed - 1
        if before == base_version:
            found = Value.objects.filter(
                campaign=where.campaign, table=where.table, row__in={r for r, _ in planned}
            )
            existing = {(r, c): cell for _, r, c, cell in stored_cells(found)}
            real = {cell: plan for cell, plan in planned.items() if differs(existing.get(cell), plan)}
            if real:
                _write_cells(where, claimed, real, existing)
        if not real:  # stale, or nothing changed: the claimed version is given back
            transaction.set_rollback(True)
    return before, claimed, real


def apply_written(index: CellIndex, data: SurveyData, table_id: str, real: Plan) -> None:
    """Bring the loaded ``data`` up to date with the changes written."""
    for (row, column), (text, valid) in real.items():
        col = index.column(table_id, row, column)
        key = (table_id, row, column)
        if text is None or col is None:
            data.values.pop(key, None)
        else:
            data.values[key] = stored_value(col, text, valid)


def _store_text(column: Column, parsed: CoreValue) -> tuple[str | None, bool]:
    """A parsed input → (stored text or None for blank, valid)."""
    if parsed is None:
        return None, True
    if isinstance(parsed, coltypes.Invalid):
        return str(parsed), False
    return coltypes.to_text(column, parsed), True


@dataclass(slots=True)
class StoredCell:
    """What a save needs of a stored cell: its row id, text and validity (no model instance)."""

    pk: int
    text: str
    valid: bool


STORED_FIELDS = ("table", "row", "column", "id", "text", "valid")  # what a save reads of a stored cell


def stored_cells(found: QuerySet[Value]) -> Iterator[tuple[str, str, str, StoredCell]]:
    """(table, row, column, cell) of each of ``found``, locked until the transaction ends."""
    for table, row, column, pk, text, valid in found.select_for_update().values_list(*STORED_FIELDS):
        yield table, row, column, StoredCell(pk, text, valid)


def differs(current: StoredCell | None, plan: tuple[str | None, bool]) -> bool:
    text, valid = plan
    if current is None:
        return text is not None
    return bool(current.text != text or current.valid != valid)


@dataclass
class Writes:
    """The rows a save writes, gathered table by table and written together by ``flush``: a
    constant number of queries however many cells and tables (one audit batch, one chain append).
    New cells and audit entries are kept as their columns' values (``NEW_VALUE``, ``AUDIT_FIELDS``):
    a model instance for each cost more than its insert."""

    actor: str
    now: datetime = field(default_factory=timezone.now)
    audit: list[tuple[Any, ...]] = field(default_factory=list)
    created: list[tuple[Any, ...]] = field(default_factory=list)
    updated: list[StoredCell] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    def add(self, where: Where, version: int, real: Plan, existing: dict[Cell, StoredCell]) -> None:
        """The changed cells of ``where``'s table at ``version``, each with its audit entry."""
        campaign, org, table, now = where.campaign.pk, where.org, where.table, self.now
        for (row, column), (text, valid) in real.items():
            current = existing.get((row, column))
            self.audit.append(
                where.audit_row(row, column, current.text if current else None, text, version, now)
            )
            if text is None:
                if current is not None:
                    self.deleted.append(current.pk)
            elif current is None:
                self.created.append((campaign, org, table, row, column, text, valid, now, where.actor))
            else:
                current.text, current.valid = text, valid  # the stamp is written by _update_values
                self.updated.append(current)

    def flush(self) -> None:
        dialect.delete_rows(Value, self.deleted)  # no signal, cascade or row depends on a value
        dialect.insert_values(Value, NEW_VALUE, self.created)
        _update_values(self.updated, self.actor, self.now)
        records.insert_values(AuditEntry, AUDIT_FIELDS, self.audit)


# A new cell's columns, in ``Writes.add``'s order (the stamp: the save's moment, as ``auto_now``).
NEW_VALUE = ("campaign_id", "org_id", "table", "row", "column", "text", "valid", "updated_at", "updated_by")


def _write_cells(where: Where, version: int, real: Plan, existing: dict[Cell, StoredCell]) -> None:
    """Write the changed cells and their audit entries: a constant number of queries."""
    writes = Writes(where.actor)
    writes.add(where, version, real, existing)
    writes.flush()


def _update_values(values: list[StoredCell], actor: str, now: datetime) -> None:
    """Rewrite changed cells in one statement where the database allows (``bulk_update``
    builds a CASE per field, which costs more than the write itself)."""
    rows = [(v.pk, v.text, v.valid) for v in values]
    dialect.update_rows(Value, ("text", "valid"), rows, {"updated_by": actor, "updated_at": now})


def _conflicts(
    campaign: Campaign, org_code: str, table_id: str, base_version: int, mine: dict[Cell, str]
) -> dict[Cell, ConflictCell]:
    """The cells changed since ``base_version``: the value then, now, and who changed it last."""
    entries = AuditEntry.objects.filter(
        campaign=campaign, org_id=org_code, table=table_id, version__gt=base_version
    ).order_by("at", "id")
    first: dict[Cell, AuditEntry] = {}
    last: dict[Cell, AuditEntry] = {}
    for entry in entries:
        cell = (entry.row, entry.column)
        first.setdefault(cell, entry)
        last[cell] = entry
    current = {
        (v.row, v.column): v.text
        for v in Value.objects.filter(campaign=campaign, table=table_id, row__in={r for r, _ in last})
    }
    out: dict[Cell, ConflictCell] = {}
    for cell, entry in last.items():
        mine_raw = mine.get(cell)
        out[cell] = ConflictCell(
            row=cell[0],
            column=cell[1],
            base=first[cell].old,
            current=current.get(cell),
            mine=mine_raw.strip() or None if mine_raw is not None else None,
            changed_by_me=cell in mine,
            who=entry.actor,
            when=entry.at,
        )
    return out
