"""Reading what a campaign holds: its organisations, values, list rows, 说明, versions and history."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from kaoping import dialect
from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import AuditEntry, Campaign, Explanation, ListRow, TableVersion, Value
from kaoping.core import values as coltypes
from kaoping.core.definitions.model import Column, SectionKind, Table
from kaoping.core.instance import CellKey, SurveyData
from kaoping.core.instance import ListRow as CoreListRow
from kaoping.core.instance import Value as CellValue
from kaoping.core.orgs import Org, OrgTree
from kaoping.core.readers import reader
from kaoping.orgs import access

Cell = tuple[str, str]  # (row, column)
Written = Mapping[Cell, tuple[str | None, bool]]  # a save's cells of one table: (text stored, valid)
Owned = tuple[str, str]  # (organisation, table): what a table version counts


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
        data.list_rows = _list_rows(campaign)
    stored = Value.objects.filter(campaign=campaign)
    if tables is not None:
        stored = stored.filter(table__in=tables)
    _read_values(CellIndex(survey, data), data, stored.values_list(*VALUE_FIELDS))
    data.explanations = _explanations(campaign)
    return data


def _list_rows(campaign: Campaign) -> list[CoreListRow]:
    found = dialect.select(
        ListRow,
        ("key", "table", "section", "org_id", "position"),
        {"campaign_id": campaign.pk},
        order=("position", "id"),
    )
    return [
        CoreListRow(key=key, table=table, section=section, org=org, position=position)
        for key, table, section, org, position in found
    ]


VALUE_FIELDS = ("org_id", "table", "row", "column", "text", "valid")  # what ``_read_values`` reads


def _read_values(
    index: CellIndex, data: SurveyData, stored: Iterable[tuple[Any, ...]]
) -> dict[Owned, set[CellKey]]:
    """``stored``'s values (``VALUE_FIELDS`` of each) into ``data``; which cells each (owner, table) holds."""
    held: dict[Owned, set[CellKey]] = {}
    for org, table, row, column, text, valid in stored:
        placed = index.placed(table, row, column)
        if placed is None:
            continue  # a row or column the definition no longer has
        key, col = placed
        data.values[key] = stored_value(col, text, valid)
        held.setdefault((org, table), set()).add(key)
    return held


def stored_value(column: Column, text: str, valid: bool) -> CellValue:
    """A stored cell's value as the survey data holds it: its text read for ``column`` when
    valid, else kept as the invalid text it is."""
    return reader(column)(text) if valid else coltypes.Invalid(text)


def _explanations(campaign: Campaign) -> dict[tuple[str, str, str, str], str]:
    fields = ("rule", "table", "row", "column", "text")
    found = dialect.select(Explanation, fields, {"campaign_id": campaign.pk})
    return {(rule, table, row, column): text for rule, table, row, column, text in found}


@dataclass
class LiveData:
    """The campaign's survey data for many imports in a row (a bulk job's chunk of workbooks),
    as current as ``load_survey_data`` for each but without reading every value each time.

    Each ``read`` first reads every table version of the campaign (one query), then re-reads
    only the values of the (organisation, table) whose version moved since the last read — a
    save by this job or by anybody else; every cell write bumps its table's version in the
    same transaction (``writing.claim_version``), so a table at the same version holds the same
    values. The list rows and the 说明 (few rows, not versioned alike) are read each time."""

    campaign: Campaign
    tree: OrgTree | None = None
    data: SurveyData | None = None
    versions: dict[Owned, int] = field(default_factory=dict)
    held: dict[Owned, set[CellKey]] = field(default_factory=dict)
    indexed: tuple[list[CoreListRow], CellIndex] | None = None  # the list rows it was made from

    def read(self, org_code: str) -> tuple[dict[str, int], SurveyData]:
        """``org_code``'s table versions and the campaign's data, at least as new as those
        (containers of its own: the caller may change them)."""
        found = dialect.select(
            TableVersion, ("org_id", "table", "version"), {"campaign_id": self.campaign.pk}
        )
        versions = {(org, table): version for org, table, version in found}
        if self.data is None:
            province, cities = instance_orgs(self.campaign, self.org_tree())
            self.data = SurveyData(province=province, cities=cities)
            self._refresh(None)
        else:
            self._refresh(
                {p for p in versions.keys() | self.versions.keys() if versions.get(p) != self.versions.get(p)}
            )
        self.versions = versions
        data = self.data
        own = {table: version for (org, table), version in versions.items() if org == org_code}
        copy = SurveyData(
            data.province, data.cities, dict(data.values), list(data.list_rows), dict(data.explanations)
        )
        return own, copy

    def saved(self, org_code: str, versions: Mapping[str, int], written: Mapping[str, Written]) -> None:
        """Take in what this run's save of ``org_code`` wrote (table → cell → the text stored, or
        None: deleted, and whether valid) at the tables' new ``versions``, without adding list
        rows: a table read at the version just before is then current without reading its
        values again. Any other (saved meanwhile by someone else) is re-read by ``read``."""
        if self.data is None:
            return
        index, values = self.index(), self.data.values
        for table, cells in written.items():
            pair = (org_code, table)
            if versions.get(table) != self.versions.get(pair, 0) + 1:
                continue
            held = self.held.setdefault(pair, set())
            for (row, column), (text, valid) in cells.items():
                placed = index.placed(table, row, column)
                if placed is None:
                    continue  # as ``_read_values``: a cell the definition does not have
                key, col = placed
                if text is None:
                    values.pop(key, None)
                    held.discard(key)
                else:
                    values[key] = stored_value(col, text, valid)
                    held.add(key)
            self.versions[pair] = versions[table]

    def org_tree(self) -> OrgTree:
        """The organisation tree as this run first read it: the chunk's workbooks learn their
        organisation, and the data its province and cities, from the same one."""
        if self.tree is None:
            self.tree = access.org_tree()
        return self.tree

    def _refresh(self, moved: set[Owned] | None) -> None:
        """Re-read the list rows, the 说明 and the values of the ``moved`` tables (None: all)."""
        assert self.data is not None
        data = self.data
        where: dict[str, object] = {"campaign_id": self.campaign.pk}
        data.list_rows, data.explanations = _list_rows(self.campaign), _explanations(self.campaign)
        if moved is not None:
            if not moved:
                return
            for pair in moved:
                for key in self.held.pop(pair, ()):
                    data.values.pop(key, None)
            where["org_id__in"], where["table__in"] = {o for o, _ in moved}, {t for _, t in moved}
        stored = dialect.select(Value, VALUE_FIELDS, where)  # moved: each row kept for its own pair
        kept = stored if moved is None else [v for v in stored if (v[0], v[1]) in moved]
        self.held.update(_read_values(self.index(), data, kept))

    def index_for(self, data: SurveyData) -> CellIndex | None:
        """``index`` when it indexes ``data`` too (the same list rows: a copy ``read`` gave, its
        cells changed), else None."""
        return self.index() if self.data is not None and data.list_rows == self.data.list_rows else None

    def index(self) -> CellIndex:
        """The cells of the data as it is (and of each copy ``read`` gives, until its list rows
        change): made again only when its list rows changed."""
        assert self.data is not None
        if self.indexed is None or self.indexed[0] != self.data.list_rows:
            self.indexed = (list(self.data.list_rows), CellIndex(survey_for(self.campaign), self.data))
        return self.indexed[1]


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
