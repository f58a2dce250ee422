"""Sync the organisation table from ``definitions/orgs/*.yaml`` (idempotent; ``kaoping orgs sync``).

Organisations are never deleted (values, campaigns and accounts point at them): one that the
files no longer list is deactivated, and linked to its successor where the files' ``retired``
list names one (a division whose code changed). Campaigns keep the set they were opened with
(``Campaign.members``), so an old campaign's data stays under the old unit.

A unit maintained on the organisation page (``Organisation.maintained_locally``: added there, or
renamed or (de)activated there) is left alone: the sync neither renames, moves, deactivates nor
reactivates it, and its report names it (``local``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kaoping.core.orgfile import OrgFiles, load_org_files
from kaoping.core.orgs import Org, OrgTree
from kaoping.orgs.models import Organisation

FIELDS = ("name", "level", "parent_id", "region", "kind", "counties", "active", "successor_id", "position")


def orgs_dir() -> Path:
    return Path(settings.DEFINITIONS_DIR) / "orgs"


@dataclass
class SyncReport:
    """What a sync changed: each entry (code, name[, detail])."""

    added: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old name, new name
    changed: list[tuple[str, str]] = field(default_factory=list)  # another field, or the order
    deactivated: list[tuple[str, str]] = field(default_factory=list)
    linked: list[tuple[str, str, str]] = field(default_factory=list)  # old code, name, successor
    reactivated: list[tuple[str, str]] = field(default_factory=list)
    local: list[tuple[str, str]] = field(default_factory=list)  # maintained on the page: left alone
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    total: int = 0

    @property
    def unchanged(self) -> bool:
        return not (
            self.added or self.renamed or self.changed or self.deactivated or self.linked or self.reactivated
        )


def _fields(org: Org, position: int) -> dict[str, Any]:
    return {
        "name": org.name,
        "level": org.level,
        "parent_id": org.parent,
        "region": org.region or "",
        "kind": org.kind or "",
        "counties": org.counties,
        "active": True,
        "successor_id": None,
        "position": position,
    }


@transaction.atomic
def sync_orgs(directory: Path | None = None) -> OrgTree:
    """Create or update every organisation of the YAML tree (see ``sync_report``)."""
    return sync_report(directory)[0]


@transaction.atomic
def sync_report(directory: Path | None = None) -> tuple[OrgTree, SyncReport]:
    files = load_org_files(directory or orgs_dir())
    existing = {o.code: o for o in Organisation.objects.select_for_update()}
    report = SyncReport(sources=files.sources, total=len(files.tree))
    now = timezone.now()
    created, updated = _current(files, existing, report, now)
    updated += _retire(files, existing, report, now)
    Organisation.objects.bulk_create(created, batch_size=500)  # parents first: the files' order
    if updated:
        Organisation.objects.bulk_update(updated, [*FIELDS, "updated"], batch_size=500)
    return files.tree, report


def _current(
    files: OrgFiles, existing: dict[str, Organisation], report: SyncReport, now: datetime
) -> tuple[list[Organisation], list[Organisation]]:
    created: list[Organisation] = []
    updated: list[Organisation] = []
    for position, org in enumerate(files.tree):
        fields = _fields(org, position)
        current = existing.get(org.code)
        if current is None:
            created.append(Organisation(code=org.code, updated=now, **fields))
            report.added.append((org.code, org.name))
            continue
        if current.maintained_locally:
            report.local.append((org.code, current.name))
            continue
        differs = {k for k, v in fields.items() if getattr(current, k) != v}
        if not differs:
            continue
        if "name" in differs:
            report.renamed.append((org.code, current.name, org.name))
        if "active" in differs:
            report.reactivated.append((org.code, org.name))
        if differs - {"name", "active", "successor_id"}:
            report.changed.append((org.code, org.name))
        for key, value in fields.items():
            setattr(current, key, value)
        current.updated = now
        updated.append(current)
    return created, updated


def _retire(
    files: OrgFiles, existing: dict[str, Organisation], report: SyncReport, now: datetime
) -> list[Organisation]:
    """Deactivate what the files no longer list; link a retired code to its successor."""
    successors = {r.code: r.successor for r in files.retired}
    updated: list[Organisation] = []
    for code, current in existing.items():
        if code in files.tree:
            continue
        if current.maintained_locally:
            report.local.append((code, current.name))
            continue
        successor = successors.get(code) or current.successor_id
        if not current.active and current.successor_id == successor:
            continue
        if current.active:
            report.deactivated.append((code, current.name))
        if successor and successor != current.successor_id:
            report.linked.append((code, current.name, successor))
        current.active, current.successor_id, current.updated = False, successor, now
        updated.append(current)
    return updated
