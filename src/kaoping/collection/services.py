"""Reading and writing survey values: every write goes through here.

A save is one transaction that locks the (campaign, owner, table) version row, refuses a
stale ``base_version`` with the cells that changed meanwhile, writes only real changes,
appends one audit entry per changed cell and bumps the version.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from kaoping.collection.campaigns import is_fillable, survey_for, takes_part
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import AuditEntry, Campaign, Explanation, ListRow, TableVersion, Value
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import SectionKind, Severity, Table
from kaoping.core.findings import Finding
from kaoping.core.findings import can_submit as _can_submit
from kaoping.core.instance import ListRow as CoreListRow
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org, OrgTree
from kaoping.core.rules.reads import tables_read
from kaoping.orgs import access
from kaoping.orgs.access import Action

CHANNELS = ("page", "api", "upload", "cli")
Cell = tuple[str, str]  # (row, column)


class SaveRefused(Exception):
    """The save touches cells the user may not type into; nothing was saved."""

    def __init__(self, message: str, cells: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cells = cells or []  # (row, column, reason)


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


@dataclass(frozen=True)
class ListRowResult:
    key: str
    version: int


# --- reading -------------------------------------------------------------------------------


def instance_orgs(campaign: Campaign, tree: OrgTree | None = None) -> tuple[Org, list[Org]]:
    """The campaign's province and its cities, as the campaign opened with them (from ``tree``
    when the request has already read it)."""
    tree = tree if tree is not None else access.org_tree()
    return tree.get(campaign.org_id), [tree.get(code) for code in campaign.members if code in tree]


def load_survey_data(
    campaign: Campaign, tree: OrgTree | None = None, tables: frozenset[str] | None = None
) -> SurveyData:
    """Everything filled in the campaign (or only ``tables``' values): one query per model."""
    survey = survey_for(campaign)
    province, cities = instance_orgs(campaign, tree)
    data = SurveyData(province=province, cities=cities)
    if tables is None or any(_has_list(survey.table(t)) for t in tables):
        data.list_rows = [
            CoreListRow(key=r.key, table=r.table, section=r.section, org=r.org_id, position=r.position)
            for r in ListRow.objects.filter(campaign=campaign).order_by("position", "id")
        ]
    index = CellIndex(survey, data)
    stored = Value.objects.filter(campaign=campaign)
    if tables is not None:
        stored = stored.filter(table__in=tables)
    for table, row, column, text, valid in stored.values_list("table", "row", "column", "text", "valid"):
        col = index.column(table, row, column)
        if col is None:
            continue  # a row or column the definition no longer has
        data.values[(table, row, column)] = coltypes.from_text(col, text) if valid else coltypes.Invalid(text)
    data.explanations = {
        (rule, table, row, column): text
        for rule, table, row, column, text in Explanation.objects.filter(campaign=campaign).values_list(
            "rule", "table", "row", "column", "text"
        )
    }
    return data


def _has_list(table: Table) -> bool:
    return any(section.kind is SectionKind.LIST for section in table.sections)


def table_version(campaign: Campaign, org_code: str, table_id: str) -> int:
    found = TableVersion.objects.filter(campaign=campaign, org_id=org_code, table=table_id).values_list(
        "version", flat=True
    )
    return next(iter(found), 0)


def table_values(campaign: Campaign, org_code: str, table_id: str) -> dict[Cell, str]:
    """The stored texts of the cells ``org_code`` owns in a table."""
    return {
        (row, column): text
        for row, column, text in Value.objects.filter(
            campaign=campaign, org_id=org_code, table=table_id
        ).values_list("row", "column", "text")
    }


def history(
    campaign: Campaign,
    table: str,
    row: str | None = None,
    column: str | None = None,
    org: str | None = None,
) -> list[AuditEntry]:
    """Changes of a table (or one row or cell), newest first."""
    entries = AuditEntry.objects.filter(campaign=campaign, table=table)
    if row is not None:
        entries = entries.filter(row=row)
    if column is not None:
        entries = entries.filter(column=column)
    if org is not None:
        entries = entries.filter(org_id=org)
    return list(entries.order_by("-at", "-id"))


# --- writing -------------------------------------------------------------------------------

# Hooks other apps register at startup (kaoping.workflow): a guard returns why an
# organisation's data cannot change now (None: it can); a listener hears of every write.
# Kept as lists here so the collection app never imports the apps built on it.
WriteGuard = Callable[[Campaign, str], str | None]
WriteListener = Callable[[Any, Campaign, str], None]
WRITE_GUARDS: list[WriteGuard] = []
WRITE_LISTENERS: list[WriteListener] = []


def edit_refusal(campaign: Campaign, org_code: str) -> str | None:
    """Why ``org_code``'s data in ``campaign`` is closed to edits (submitted, locked…), or None."""
    for guard in WRITE_GUARDS:
        reason = guard(campaign, org_code)
        if reason:
            return reason
    return None


def _written(user: Any, campaign: Campaign, org_code: str) -> None:
    for listener in WRITE_LISTENERS:
        listener(user, campaign, org_code)


def _check_writable(user: Any, campaign: Campaign, org_code: str, channel: str) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    access.require(user, Action.FILL, org_code)
    reason = edit_refusal(campaign, org_code)
    if reason:
        raise SaveRefused(reason)
    if channel != "cli" and not is_fillable(campaign):
        raise SaveRefused("不在填报期内或任务未开启，不能保存")
    if not takes_part(user, campaign, org_code):
        raise SaveRefused(f"组织 {org_code} 不属于任务 {campaign.id}")


def _actor(user: Any) -> tuple[Any, str]:
    """(user for the FK or None, the name recorded in the audit log)."""
    if isinstance(user, access.CliActor):
        return None, user.username
    return user, user.username


def _store_text(column: Any, raw: str) -> tuple[str | None, bool]:
    """Raw input → (stored text or None for blank, valid)."""
    parsed = coltypes.parse(column, raw)
    if parsed is None:
        return None, True
    if isinstance(parsed, coltypes.Invalid):
        return str(parsed), False
    return coltypes.to_text(column, parsed), True


def _claim_version(campaign: Campaign, org_code: str, table_id: str) -> int:
    """Lock the table's version row and bump it, in one statement; returns the new version.
    A save that turns out stale or changes nothing rolls the claim back."""
    ops = connection.ops
    table, version, campaign_id, org_id, table_col = map(
        ops.quote_name, (TableVersion._meta.db_table, "version", "campaign_id", "org_id", "table")
    )
    sql = (
        f"UPDATE {table} SET {version} = {version} + 1 "
        f"WHERE {campaign_id} = %s AND {org_id} = %s AND {table_col} = %s RETURNING {version}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign.pk, org_code, table_id])
        found = cursor.fetchone()
    if found is not None:
        return int(found[0])
    TableVersion.objects.get_or_create(campaign=campaign, org_id=org_code, table=table_id)
    return _claim_version(campaign, org_code, table_id)


def _update_values(values: list[Value], actor: str, now: datetime) -> None:
    """Rewrite changed cells in one statement on PostgreSQL, one batch elsewhere
    (``bulk_update`` builds a CASE per field, which costs more than the write itself)."""
    if not values:
        return
    ops = connection.ops
    table, text, valid, by, at, pk = map(
        ops.quote_name, (Value._meta.db_table, "text", "valid", "updated_by", "updated_at", "id")
    )
    stamp = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            rows = ", ".join(["(%s, %s, %s)"] * len(values))
            cursor.execute(
                f"UPDATE {table} AS v SET {text} = x.text, {valid} = x.valid, {by} = %s, {at} = %s "
                f"FROM (VALUES {rows}) AS x(id, text, valid) WHERE v.{pk} = x.id",
                [actor, stamp, *(field for v in values for field in (v.pk, v.text, v.valid))],
            )
        else:
            sql = f"UPDATE {table} SET {text} = %s, {valid} = %s, {by} = %s, {at} = %s WHERE {pk} = %s"
            cursor.executemany(sql, [(v.text, v.valid, actor, stamp, v.pk) for v in values])


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


def save_table(
    user: Any,
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
    _check_writable(user, campaign, org_code, channel)
    survey = survey_for(campaign)
    if data is None:  # the values this table's checks read, not the whole survey's
        data = load_survey_data(campaign, access.tree_for(user), tables_read(survey, table_id))
    index = CellIndex(survey, data)
    planned: dict[Cell, tuple[str | None, bool]] = {}
    refused: list[tuple[str, str, str]] = []
    for (row, column), raw in changes.items():
        info = index.cell(table_id, row, column)
        if info is None:
            refused.append((row, column, "调查表中没有这一格"))
            continue
        text, valid = _store_text(info.column, raw or "")
        reason = info.refusal()
        if reason is None and info.owner != org_code:
            reason = "这一行不由本单位填写"
        if reason is None and info.not_applicable and text is not None:
            reason = "该格不适用（——），应保持为空"
        if reason is not None:
            refused.append((row, column, reason))
        else:
            planned[(row, column)] = (text, valid)
    if refused:
        row, column, reason = refused[0]
        info = index.cell(table_id, row, column)
        where = (
            f"{info.table.label} {info.row.label} {info.column.label}"
            if info
            else f"{table_id} {row} {column}"
        )
        raise SaveRefused(f"不能保存 {where}：{reason}", refused)
    owner, actor = _actor(user)
    real: dict[Cell, tuple[str | None, bool]] = {}
    with transaction.atomic():
        claimed = _claim_version(campaign, org_code, table_id)
        before = claimed - 1
        if before == base_version:
            existing = {
                (v.row, v.column): v
                for v in Value.objects.select_for_update().filter(
                    campaign=campaign, table=table_id, row__in={r for r, _ in planned}
                )
            }
            real = {cell: plan for cell, plan in planned.items() if _differs(existing.get(cell), plan)}
            if real:
                target = _Where(campaign, org_code, table_id, owner, actor, channel, note)
                _write_cells(target, claimed, real, existing)
        if not real:  # stale, or nothing changed: the claimed version is given back
            transaction.set_rollback(True)
    if before != base_version:
        theirs = _conflicts(campaign, org_code, table_id, base_version, changes)
        return SaveResult(version=before, conflict=True, theirs=theirs)
    version = claimed if real else before
    if real:
        _written(user, campaign, org_code)
    for (row, column), (text, valid) in real.items():
        col = index.column(table_id, row, column)
        key = (table_id, row, column)
        if text is None or col is None:
            data.values.pop(key, None)
        else:
            data.values[key] = coltypes.from_text(col, text) if valid else coltypes.Invalid(text)
    findings = _validate(survey, data, tables={table_id}, orgs={org_code}) if check else []
    return SaveResult(version=version, changed=len(real), findings=findings)


@dataclass(frozen=True)
class _Where:
    """Whose cells a save writes, and who writes them through which channel."""

    campaign: Campaign
    org: str
    table: str
    owner: Any  # the user for the audit's foreign key, or None (the command line)
    actor: str
    channel: str
    note: str


def _write_cells(
    where: _Where, version: int, real: dict[Cell, tuple[str | None, bool]], existing: dict[Cell, Value]
) -> None:
    """Write the changed cells and their audit entries: a constant number of queries."""
    audit: list[AuditEntry] = []
    created: list[Value] = []
    updated: list[Value] = []
    deleted: list[int] = []
    now = timezone.now()
    cell_of = {"campaign": where.campaign, "org_id": where.org, "table": where.table}
    for (row, column), (text, valid) in real.items():
        current = existing.get((row, column))
        audit.append(
            AuditEntry(
                **cell_of,
                row=row,
                column=column,
                old=current.text if current else None,
                new=text,
                user=where.owner,
                actor=where.actor,
                channel=where.channel,
                version=version,
                note=where.note,
            )
        )
        if text is None:
            if current is not None:
                deleted.append(current.pk)
        elif current is None:
            created.append(
                Value(
                    **cell_of,
                    row=row,
                    column=column,
                    text=text,
                    valid=valid,
                    updated_by=where.actor,
                    updated_at=now,
                )
            )
        else:
            current.text, current.valid = text, valid  # the stamp is written by _update_values
            updated.append(current)
    if deleted:
        Value.objects.filter(pk__in=deleted).delete()
    Value.objects.bulk_create(created)
    _update_values(updated, where.actor, now)
    AuditEntry.objects.bulk_create(audit)


def _differs(current: Value | None, plan: tuple[str | None, bool]) -> bool:
    text, valid = plan
    if current is None:
        return text is not None
    return current.text != text or current.valid != valid


def add_list_row(
    user: Any,
    campaign: Campaign,
    org_code: str,
    table_id: str,
    section_key: str,
    channel: str = "page",
    key: str | None = None,
) -> ListRowResult:
    """Add a row to a list section (表6, 表7's block of ``org_code``, 表8 part 1).

    ``key``: the row's id when the caller already chose one (a workbook import's new rows)."""
    _check_writable(user, campaign, org_code, channel)
    survey = survey_for(campaign)
    data = load_survey_data(campaign)
    table = survey.table(table_id)
    section = next((s for s in table.sections if s.key == section_key), None)
    if section is None or section.kind is not SectionKind.LIST:
        raise SaveRefused(f"{table.label} 没有可添加行的部分 {section_key}")
    if not CellIndex(survey, data).fills_section(table, section, org_code):
        raise PermissionDenied(access.refusal(Action.FILL, org_code))
    existing = ListRow.objects.filter(campaign=campaign, table=table_id, section=section_key)
    if existing.count() >= section.max_rows:
        raise SaveRefused(f"{table.label} 最多 {section.max_rows} 行")
    owner, actor = _actor(user)
    key = key or "r" + uuid.uuid4().hex[:10]
    with transaction.atomic():
        version = _claim_version(campaign, org_code, table_id)
        position = (existing.filter(org_id=org_code).aggregate(m=Max("position"))["m"] or 0) + 1
        ListRow.objects.create(
            campaign=campaign,
            org_id=org_code,
            table=table_id,
            section=section_key,
            key=key,
            position=position,
        )
        AuditEntry.objects.create(
            campaign=campaign,
            org_id=org_code,
            table=table_id,
            row=key,
            column="",
            old=None,
            new="（新增行）",
            user=owner,
            actor=actor,
            channel=channel,
            version=version,
            note=section_key,
        )
    _written(user, campaign, org_code)
    return ListRowResult(key=key, version=version)


def remove_list_row(
    user: Any, campaign: Campaign, org_code: str, table_id: str, row_key: str, channel: str = "page"
) -> ListRowResult:
    """Remove a list row and its values; every removed value is audited."""
    _check_writable(user, campaign, org_code, channel)
    row = ListRow.objects.filter(campaign=campaign, table=table_id, key=row_key).first()
    if row is None:
        raise SaveRefused(f"{table_id} 没有行 {row_key}")
    if row.org_id != org_code:
        raise PermissionDenied(access.refusal(Action.FILL, org_code))
    owner, actor = _actor(user)
    with transaction.atomic():
        version = _claim_version(campaign, org_code, table_id)
        cells = list(Value.objects.filter(campaign=campaign, table=table_id, row=row_key))
        audit = [
            AuditEntry(
                campaign=campaign,
                org_id=org_code,
                table=table_id,
                row=row_key,
                column=v.column,
                old=v.text,
                new=None,
                user=owner,
                actor=actor,
                channel=channel,
                version=version,
            )
            for v in cells
        ]
        audit.append(
            AuditEntry(
                campaign=campaign,
                org_id=org_code,
                table=table_id,
                row=row_key,
                column="",
                old="（行）",
                new=None,
                user=owner,
                actor=actor,
                channel=channel,
                version=version,
                note="删除行",
            )
        )
        Value.objects.filter(campaign=campaign, table=table_id, row=row_key).delete()
        row.delete()
        AuditEntry.objects.bulk_create(audit)
    _written(user, campaign, org_code)
    return ListRowResult(key=row_key, version=version)


def save_explanation(
    user: Any,
    campaign: Campaign,
    org_code: str,
    rule: str,
    table: str,
    row: str | None,
    column: str | None,
    text: str,
) -> Explanation | None:
    """Write (or, with a blank text, withdraw) the 说明 answering a warning."""
    access.require(user, Action.FILL, org_code)
    reason = edit_refusal(campaign, org_code)
    if reason:
        raise SaveRefused(reason)
    if row:
        # The warning must be about a row this organisation fills (never another city's).
        index = CellIndex(survey_for(campaign), load_survey_data(campaign))
        if index.owner(table, row) != org_code:
            raise PermissionDenied(access.refusal(Action.FILL, org_code))
    elif org_code != campaign.org_id:
        raise PermissionDenied(access.refusal(Action.FILL, campaign.org_id))  # table-wide: the province's
    owner, actor = _actor(user)
    key = {"campaign": campaign, "rule": rule, "table": table, "row": row or "", "column": column or ""}
    text = text.strip()
    if not text:
        Explanation.objects.filter(**key, org_id=org_code).delete()
        return None
    existing = Explanation.objects.filter(**key).first()
    if existing is not None and existing.org_id != org_code:
        raise PermissionDenied(access.refusal(Action.FILL, org_code))
    explanation, _ = Explanation.objects.update_or_create(
        **key, defaults={"org_id": org_code, "text": text, "user": owner, "actor": actor}
    )
    return explanation


# --- findings ------------------------------------------------------------------------------


def _validate(survey: Any, data: SurveyData, tables: set[str] | None, orgs: set[str] | None) -> list[Finding]:
    from kaoping.core.rules.engine import validate

    return validate(survey, data, tables=tables, orgs=orgs)


def findings_for(campaign: Campaign, org_code: str, data: SurveyData | None = None) -> list[Finding]:
    """Findings over the rows ``org_code`` fills; the province's include the rules spanning its cities."""
    survey = survey_for(campaign)
    data = data or load_survey_data(campaign)
    return _validate(survey, data, tables=None, orgs={org_code})


def can_submit(findings: list[Finding]) -> bool:
    return _can_submit(findings)


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)
