"""Reading what a campaign holds: its organisations, values, list rows, 说明, versions and history."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Sum

from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import AuditEntry, Campaign, Explanation, ListRow, TableVersion, Value
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import SectionKind, Table
from kaoping.core.instance import ListRow as CoreListRow
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import Org, OrgTree
from kaoping.core.readers import reader
from kaoping.orgs import access

Cell = tuple[str, str]  # (row, column)


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
        data.values[(table, row, column)] = reader(col)(text) if valid else coltypes.Invalid(text)
    data.explanations = {
        (rule, table, row, column): text
        for rule, table, row, column, text in Explanation.objects.filter(campaign=campaign).values_list(
            "rule", "table", "row", "column", "text"
        )
    }
    return data


def _has_list(table: Table) -> bool:
    return any(section.kind is SectionKind.LIST for section in table.sections)


def data_stamp(campaign: Campaign, org_codes: Collection[str] | None = None) -> str:
    """A short text that changes whenever a table of ``org_codes`` (None: every organisation) is
    saved — versions only grow, so their sum and count do: what a background job's key names
    as the version of the data it reads (docs/spec.md §14)."""
    versions = TableVersion.objects.filter(campaign=campaign)
    if org_codes is not None:
        versions = versions.filter(org_id__in=list(org_codes))
    seen = versions.aggregate(total=Sum("version"), tables=Count("id"))
    return f"{seen['total'] or 0}-{seen['tables']}"


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
