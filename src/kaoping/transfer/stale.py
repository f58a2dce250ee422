"""A stale template: which cells changed after it was downloaded, from the audit log.

A template records the organisation's table versions at download time. On upload, for each
table now at a newer version, every audit entry after the template's version names a cell
somebody changed since; the first entry's old value is what the template held, the last
entry says who changed it and when. ``kaoping.core.workbook.stale`` decides from these what
is a change, what is left alone and what is a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q
from django.utils import timezone

from kaoping.collection.models import AuditEntry, Campaign, TableVersion
from kaoping.core.instance import CellKey
from kaoping.core.workbook.stale import LaterEdit, LaterEdits


def org_versions(campaign: Campaign, org_code: str) -> dict[str, int]:
    """The organisation's current version of each table it has saved (absent: 0)."""
    found = TableVersion.objects.filter(campaign=campaign, org_id=org_code).values_list("table", "version")
    return dict(found)


def later_edits(campaign: Campaign, org_code: str, current: Mapping[str, int]) -> LaterEdits:
    """The lookup the workbook reader calls with the template's table versions."""

    def since(template: Mapping[str, int]) -> dict[CellKey, LaterEdit]:
        behind = {table: v for table, v in template.items() if current.get(table, 0) > v}
        return _edits_after(campaign, org_code, behind) if behind else {}

    return since


def _edits_after(campaign: Campaign, org_code: str, versions: Mapping[str, int]) -> dict[CellKey, LaterEdit]:
    after = Q()
    for table, version in versions.items():
        after |= Q(table=table, version__gt=version)
    entries = (
        AuditEntry.objects.filter(after, campaign=campaign, org_id=org_code)
        .exclude(column="")  # a list row added or removed: its cells have their own entries
        .order_by("version", "id")
        .values_list("table", "row", "column", "old", "actor", "user__name", "at", "version")
    )
    edits: dict[CellKey, LaterEdit] = {}
    for table, row, column, old, actor, name, at, version in entries:
        key = (table, row, column)
        first = edits.get(key)
        before = first.before if first is not None else old
        who = f"{name}（{actor}）" if name else actor
        edits[key] = LaterEdit(before=before, who=who, when=timezone.localtime(at), version=version)
    return edits
