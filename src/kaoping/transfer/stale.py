"""A stale template: which cells changed after it was downloaded, from the audit log.

A template records the organisation's table versions at download time. On upload, for each
table now at a newer version, every audit entry after the template's version names a cell
somebody changed since; the first entry's old value is what the template held, the last
entry says who changed it and when. Other units' rows in the template (a province's
template shows its cities' rows, read only) are judged by the template's time instead.
``kaoping.core.workbook.stale`` decides from these what
is a change, what is left alone and what is a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from kaoping.collection.models import AuditEntry, Campaign, TableVersion
from kaoping.core.instance import CellKey
from kaoping.core.masking import mask_login, mask_name
from kaoping.core.workbook.stale import LaterEdit, LaterEdits
from kaoping.orgs.actors import Actor
from kaoping.orgs.who import person_names


def org_versions(campaign: Campaign, org_code: str) -> dict[str, int]:
    """The organisation's current version of each table it has saved (absent: 0)."""
    found = TableVersion.objects.filter(campaign=campaign, org_id=org_code).values_list("table", "version")
    return dict(found)


def later_edits(
    campaign: Campaign, org_code: str, current: Mapping[str, int], viewer: Actor | None = None
) -> LaterEdits:
    """The lookup the workbook reader calls with the template's table versions and the time
    it was written: the organisation's own cells changed after those versions, and the cells
    of other units (rows a province template shows for reference) changed after that time.
    Who changed a cell is named in full to a ``viewer`` who may see that person's personal
    data (the person, an account administrator of their unit; docs/spec.md §9.6), else masked."""

    def since(template: Mapping[str, int], downloaded: str) -> dict[CellKey, LaterEdit]:
        behind = {table: v for table, v in template.items() if current.get(table, 0) > v}
        own = _edits_after(campaign, org_code, behind, viewer) if behind else {}
        return {**_others_since(campaign, org_code, set(template), downloaded, viewer), **own}

    return since


def _edits_after(
    campaign: Campaign, org_code: str, versions: Mapping[str, int], viewer: Actor | None
) -> dict[CellKey, LaterEdit]:
    after = Q()
    for table, version in versions.items():
        after |= Q(table=table, version__gt=version)
    return _collect(AuditEntry.objects.filter(after, campaign=campaign, org_id=org_code), viewer)


def _others_since(
    campaign: Campaign, org_code: str, tables: set[str], downloaded: str, viewer: Actor | None
) -> dict[CellKey, LaterEdit]:
    """Other units' cells of these tables changed at or after ``downloaded`` (the template's
    time, to the second: an edit in that second counts as later, which is harmless — the
    file then holds the value it made)."""
    try:
        moment = datetime.fromisoformat(downloaded) if downloaded else None
    except ValueError:
        moment = None
    if moment is None or not tables:
        return {}
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    entries = AuditEntry.objects.filter(campaign=campaign, table__in=tables, at__gte=moment)
    return _collect(entries.exclude(org_id=org_code), viewer)


def _who(actor: str, name: str, shown: str | None) -> str:
    """张三（zhangsan） to whoever may see it (``shown`` is the name unmasked), else 张*（zhangsan),
    a phone-number login masked too."""
    if shown is not None and name and shown == name:
        return f"{name}（{actor}）"
    return f"{mask_name(name)}（{mask_login(actor)}）" if name else (shown or mask_login(actor))


def _collect(entries: QuerySet[AuditEntry], viewer: Actor | None) -> dict[CellKey, LaterEdit]:
    """Per cell: the value before the first of ``entries``, who made the last and when."""
    rows = list(
        entries.exclude(column="")  # a list row added or removed: its cells have their own entries
        .order_by("version", "id")
        .values_list("table", "row", "column", "old", "actor", "user__name", "at", "version")
    )
    names = person_names({r[4] for r in rows}, viewer) if viewer is not None else {}
    edits: dict[CellKey, LaterEdit] = {}
    for table, row, column, old, actor, name, at, version in rows:
        key = (table, row, column)
        first = edits.get(key)
        before = first.before if first is not None else old
        who = _who(actor, name or "", names.get(actor))
        edits[key] = LaterEdit(before=before, who=who, when=timezone.localtime(at), version=version)
    return edits
