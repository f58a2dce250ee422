"""Templates out and workbooks in, for one (campaign, organisation).

Every write goes through ``kaoping.collection.services`` (``add_list_row``, ``save_table``),
so an import meets the same permission, fill-window, workflow-lock and version guards as
the entry pages. A workbook's changes are saved all or nothing in one transaction; the
audit note names the file and its SHA-256.

A template records the table versions it was written from; a cell somebody changed after
the download is never reverted by an upload of the older file: left as downloaded it is no
change, changed in the file too it is a conflict, saved only when the user chose to
overwrite it (``kaoping.transfer.stale``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kaoping import downloads
from kaoping.collection import services
from kaoping.collection.campaigns import is_fillable, survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import Campaign
from kaoping.collection.services import LiveData
from kaoping.core.definitions.model import Severity
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org, OrgTree
from kaoping.core.uploads import Accept, Readable, Received, receive
from kaoping.core.workbook import ImportResult, Limits, WorkbookMeta, read_workbook, write_workbook
from kaoping.core.workbook.meta import Template
from kaoping.core.workbook.stale import Overwrite
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation
from kaoping.transfer.stale import later_edits, org_versions

XLSX = downloads.XLSX
# An OLE file (an encrypted workbook, a legacy .xls) and an unreadable zip named .xlsx are let
# through to the workbook check, which says precisely what is wrong with them.
WORKBOOK = Accept({"xlsx": (".xlsx",), "ole": (".xlsx", ".xls"), "zip": (".xlsx",)}, "Excel 工作簿（.xlsx）")


class Mode(StrEnum):
    DRY_RUN = "dry_run"  # read and check; nothing saved
    DRAFT = "draft"  # save even with errors (the wrong cells are kept as typed, marked invalid)
    SAVE = "save"  # save only when there is no error


class TransferError(Exception):
    """The request names something outside the campaign (an unknown organisation…)."""


@dataclass
class ImportOutcome:
    """What an import did: the core's result, the file's digest, and whether it was saved."""

    result: ImportResult
    sha256: str
    filename: str
    saved: bool = False
    not_saved_because: str = ""  # a dry run, errors, or the workflow/fill window

    @property
    def refused(self) -> str | None:
        return self.result.refused

    @property
    def errors(self) -> int:
        return self.result.errors

    def as_json(self) -> dict[str, object]:
        """The ``kaoping import`` document (docs/spec.md §10.7)."""
        return self.result.as_json(saved=self.saved, sha256=self.sha256)


def limits() -> Limits:
    """The size limit is a setting (``KAOPING_IMPORT_MAX_BYTES``, default 10 MB)."""
    return Limits(max_bytes=int(getattr(settings, "KAOPING_IMPORT_MAX_BYTES", Limits.max_bytes)))


def receive_workbook(name: str, stream: Readable) -> Received:
    """An uploaded workbook through the shared upload check (``UploadRefused`` says why not)."""
    return receive(name, stream, WORKBOOK, limits().max_bytes)


def campaign_org(campaign: Campaign, org_code: str) -> Organisation:
    """The organisation, when it takes part in the campaign (the province or one of its cities)."""
    org = Organisation.objects.filter(code=org_code).first()
    if org is None or (org.code != campaign.org_id and org.parent_id != campaign.org_id):
        raise TransferError(f"组织 {org_code} 不在任务 {campaign.id} 中")
    return org


def tree_org(campaign: Campaign, org_code: str, tree: OrgTree) -> Org:
    """``campaign_org`` from the organisation tree a bulk job has read (no query of its own)."""
    org = tree.get(org_code) if org_code in tree else None
    if org is None or (org.code != campaign.org_id and org.parent != campaign.org_id):
        raise TransferError(f"组织 {org_code} 不在任务 {campaign.id} 中")
    return org


def meta_for(campaign: Campaign, org: Organisation | Org) -> WorkbookMeta:
    return WorkbookMeta(campaign=campaign.id, unit_name=org.name, title=campaign.title)


def snapshot(campaign: Campaign, org: Organisation) -> tuple[WorkbookMeta, SurveyData]:
    """What a workbook is written from: the data, and the meta naming its table versions.

    The versions are read first, so the data is at least that new: a save in between makes
    the upload see a later edit that the file already holds, never miss one."""
    versions = org_versions(campaign, org.code)
    written = timezone.localtime().isoformat(timespec="seconds")  # before the data, as the versions
    data = services.load_survey_data(campaign)
    return replace(meta_for(campaign, org), downloaded_at=written, table_versions=versions), data


def template_name(campaign: Campaign, org: Organisation) -> str:
    return f"{campaign.id}-{org.code}-{org.name}.xlsx"


def template(user: Actor, campaign: Campaign, org_code: str) -> tuple[bytes, str]:
    """The organisation's workbook prefilled with what is saved; needs read rights there."""
    org = campaign_org(campaign, org_code)
    access.require(user, Action.READ, org.code)
    meta, data = snapshot(campaign, org)
    content = write_workbook(survey_for(campaign), data, org=org.code, meta=meta)
    return content, template_name(campaign, org)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def closed_reason(user: Actor, campaign: Campaign, org_code: str, channel: str) -> str | None:
    """Why a save would be refused before any cell is looked at (workflow lock, fill window)."""
    reason = services.edit_refusal(campaign, org_code)
    if reason:
        return reason
    if channel != "cli" and not is_fillable(campaign, org_code=org_code):
        return "不在填报期内或任务未开启，不能保存"
    return None


def import_workbook(
    user: Actor,
    campaign: Campaign,
    org_code: str,
    content: bytes,
    filename: str,
    mode: Mode = Mode.DRY_RUN,
    channel: str = "upload",
    overwrite: Overwrite = False,
    shown: Collection[str] | None = None,
    opened: tuple[Template, LiveData | None] | None = None,
) -> ImportOutcome:
    """Read ``content`` as ``org_code``'s template and, unless a dry run, save it.

    Filling rights are needed even for a dry run: the preview shows what the user would
    change. A refused file saves nothing; errors save nothing unless ``mode`` is DRAFT.
    ``overwrite``: the conflicts (tokens, or all) where the file's value is saved; the
    current value stays in the others. ``shown``: the conflicts the user saw in a preview —
    any other conflict now (an edit since) means nothing is saved, so it can be seen first.
    ``opened``: ``content`` as a bulk import opened it, and the campaign's data it keeps
    current across its workbooks (None: read here).
    """
    live = opened[1] if opened is not None else None
    org = campaign_org(campaign, org_code) if live is None else tree_org(campaign, org_code, live.org_tree())
    access.require(user, Action.FILL, org.code)
    versions, result = _read(user, campaign, org, content, overwrite, opened)
    outcome = ImportOutcome(result=result, sha256=sha256(content), filename=filename)
    if result.refused is not None:
        outcome.not_saved_because = result.refused
        return outcome
    unseen = _unseen_conflicts(result, shown)
    if unseen and mode is not Mode.DRY_RUN:
        outcome.not_saved_because = (
            f"预览之后又有人修改了 {unseen} 个单元格（见冲突列表），未保存：请核对后再确认"
        )
        return outcome
    if mode is Mode.DRY_RUN:
        outcome.not_saved_because = "试导入，未保存"
        return outcome
    if mode is Mode.SAVE and result.errors:
        outcome.not_saved_because = f"有 {result.errors} 个错误，未保存（可改正后重新上传，或存为草稿）"
        return outcome
    # the save checks the same (``check_writable`` before it plans, the open-to-edits guard again
    # under its lock); asked first only when new list rows are added, each with its unit's check
    closed = closed_reason(user, campaign, org.code, channel) if result.new_rows else None
    if closed:
        outcome.not_saved_because = closed
        return outcome
    index = live.index_for(result.data) if live is not None and result.data is not None else None
    try:
        saved = _save(
            user, campaign, org.code, result, channel, f"{filename} sha256:{outcome.sha256}", versions, index
        )
    except services.SaveRefused as refusal:
        outcome.not_saved_because = refusal.message
        return outcome
    outcome.saved = True
    if live is not None and not result.new_rows:  # what it wrote: not read again for the next workbook
        live.saved(org.code, saved.versions, saved.written)
    return outcome


def _read(
    user: Actor,
    campaign: Campaign,
    org: Organisation | Org,
    content: bytes,
    overwrite: Overwrite,
    opened: tuple[Template, LiveData | None] | None,
) -> tuple[dict[str, int], ImportResult]:
    """The organisation's table versions, then the workbook read against data at least that new."""
    template, live = opened or (None, None)
    if live is not None:  # the versions read before the data there too
        versions, data = live.read(org.code)
    else:
        versions = org_versions(campaign, org.code)  # before the data: see ``snapshot``
        data = services.load_survey_data(campaign)
    result = read_workbook(
        content,
        survey_for(campaign),
        data,
        org=org.code,
        meta=meta_for(campaign, org),
        limits=limits(),
        later=later_edits(campaign, org.code, versions, user),
        overwrite=overwrite,
        opened=template,
    )
    return versions, result


def _unseen_conflicts(result: ImportResult, shown: Collection[str] | None) -> int:
    if shown is None:
        return 0
    return sum(1 for c in result.conflicts if c.token not in shown)


class _Conflict(services.SaveRefused):
    pass


def _save(
    user: Actor,
    campaign: Campaign,
    org_code: str,
    result: ImportResult,
    channel: str,
    note: str,
    versions: Mapping[str, int],
    index: CellIndex | None = None,
) -> services.TablesResult:
    """All or nothing: new list rows first (their cells need them), then every table's cells
    in one batch (``collection.services.save_tables``: one plan, one write, one audit batch).

    Each table must still be at the version read with the data (``versions``) plus the rows
    added here: a save by anybody else in between refuses the whole upload. ``index``: the
    cells of the workbook's data as a bulk import's ``LiveData`` indexed them (None: indexed
    by the save)."""
    added: dict[str, int] = {}
    by_table: dict[str, dict[tuple[str, str], str]] = {}
    for (table, row, column), text in result.changes.items():
        by_table.setdefault(table, {})[(row, column)] = text
    # new list rows and the cells that need them: all or nothing; without new rows the
    # save's own transaction is enough — the write lock is then not held while it plans
    with transaction.atomic() if result.new_rows else nullcontext():
        rows = result.data  # every row the workbook holds, its new list rows included
        for new_row in result.new_rows:
            services.add_list_row(
                user, campaign, new_row.org, new_row.table, new_row.section, channel=channel, key=new_row.key
            )
            if new_row.org == org_code:  # the row bumped the version of this save's table
                added[new_row.table] = added.get(new_row.table, 0) + 1
        base = {table: versions.get(table, 0) + added.get(table, 0) for table in by_table}
        # the import's findings were computed over the whole workbook: none recomputed here
        saved = services.save_tables(
            user,
            campaign,
            org_code,
            by_table,
            base,
            data=rows,
            index=index,
            channel=channel,
            note=note,
        )
        if saved.conflict:  # someone saved a table between our read and our lock
            raise _Conflict("有人同时保存了同一张表，本次上传未保存，请重新上传")
    return saved


def error_count(findings: list[Any]) -> int:
    return sum(1 for f in findings if f.severity is Severity.ERROR)
