"""Sync the organisation table from ``definitions/orgs/*.yaml`` (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from kaoping.core.orgs import OrgTree, load_tree
from kaoping.orgs.models import Organisation


def orgs_dir() -> Path:
    return Path(settings.DEFINITIONS_DIR) / "orgs"


@transaction.atomic
def sync_orgs(directory: Path | None = None) -> OrgTree:
    """Create or update every organisation of the YAML tree; never deletes (values point at them)."""
    tree = load_tree(directory or orgs_dir())
    existing = {o.code: o for o in Organisation.objects.all()}
    for position, org in enumerate(tree):  # parents come before children in the files
        fields = {
            "name": org.name,
            "level": org.level,
            "parent_id": org.parent,
            "region": org.region or "",
            "position": position,
        }
        current = existing.get(org.code)
        if current is None:
            Organisation.objects.create(code=org.code, **fields)
        elif any(getattr(current, k) != v for k, v in fields.items()):
            Organisation.objects.filter(code=org.code).update(**fields)
    return tree
