"""Adding and removing the rows of list sections (表6, 表7's blocks, 表8 part 1), audited like saves."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max

from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import AuditEntry, Campaign, ListRow, Value
from kaoping.collection.services.reading import load_survey_data
from kaoping.collection.services.writing import SaveRefused, Where, check_writable, claim_version, written
from kaoping.core.definitions.model import SectionKind
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor


@dataclass(frozen=True)
class ListRowResult:
    key: str
    version: int


def add_list_row(
    user: Actor,
    campaign: Campaign,
    org_code: str,
    table_id: str,
    section_key: str,
    channel: str = "page",
    key: str | None = None,
) -> ListRowResult:
    """Add a row to a list section (表6, 表7's block of ``org_code``, 表8 part 1).

    ``key``: the row's id when the caller already chose one (a workbook import's new rows)."""
    check_writable(user, campaign, org_code, channel)
    survey = survey_for(campaign)
    data = load_survey_data(campaign)
    table = survey.table(table_id)
    section = next((s for s in table.sections if s.key == section_key), None)
    if section is None or section.kind is not SectionKind.LIST:
        raise SaveRefused(f"{table.label} 没有可添加行的部分 {section_key}")
    if not CellIndex(survey, data).fills_section(table, section, org_code):
        raise PermissionDenied(access.refusal(Action.FILL, org_code))
    where = Where.of(user, campaign, org_code, table_id, channel)
    key = key or "r" + uuid.uuid4().hex[:10]
    with transaction.atomic():
        version = claim_version(campaign, org_code, table_id)  # serialises the unit's adds
        # the cap counts this unit's rows only (表7: its own block), never the other units'
        own = ListRow.objects.filter(campaign=campaign, table=table_id, section=section_key, org_id=org_code)
        found = own.aggregate(n=Count("id"), m=Max("position"))
        if found["n"] >= section.max_rows:
            raise SaveRefused(f"{table.label} 每个单位最多 {section.max_rows} 行，本单位已有 {found['n']} 行")
        position = (found["m"] or 0) + 1
        ListRow.objects.create(
            campaign=campaign,
            org_id=org_code,
            table=table_id,
            section=section_key,
            key=key,
            position=position,
        )
        where.audit(key, "", None, "（新增行）", version, note=section_key).save()
    written(user, campaign, org_code)
    return ListRowResult(key=key, version=version)


def remove_list_row(
    user: Actor, campaign: Campaign, org_code: str, table_id: str, row_key: str, channel: str = "page"
) -> ListRowResult:
    """Remove a list row and its values; every removed value is audited."""
    check_writable(user, campaign, org_code, channel)
    row = ListRow.objects.filter(campaign=campaign, table=table_id, key=row_key).first()
    if row is None:
        raise SaveRefused(f"{table_id} 没有行 {row_key}")
    if row.org_id != org_code:
        raise PermissionDenied(access.refusal(Action.FILL, org_code))
    where = Where.of(user, campaign, org_code, table_id, channel)
    with transaction.atomic():
        version = claim_version(campaign, org_code, table_id)
        cells = list(Value.objects.filter(campaign=campaign, table=table_id, row=row_key))
        audit = [where.audit(row_key, v.column, v.text, None, version) for v in cells]
        audit.append(where.audit(row_key, "", "（行）", None, version, note="删除行"))
        Value.objects.filter(campaign=campaign, table=table_id, row=row_key).delete()
        row.delete()
        AuditEntry.objects.bulk_create(audit)
    written(user, campaign, org_code)
    return ListRowResult(key=row_key, version=version)
