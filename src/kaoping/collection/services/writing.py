"""What every write shares: the channels, the refusal, the guards and listeners other apps register,
the checks before a write, the table-version claim, and the one builder of audit entries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import models

from kaoping import dialect
from kaoping.collection.campaigns import is_fillable, takes_part
from kaoping.collection.models import AuditEntry, Campaign, TableVersion
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name, actor_user
from kaoping.orgs.models import User

CHANNELS = ("page", "api", "upload", "cli")
M = TypeVar("M", bound=models.Model)


class SaveRefused(Exception):
    """The save touches cells the user may not type into; nothing was saved."""

    def __init__(self, message: str, cells: list[tuple[str, str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.cells = cells or []  # (row, column, reason)


# Hooks other apps register at startup (kaoping.workflow): a guard returns why an
# organisation's data cannot change now (None: it can); a listener hears of every write.
# Kept as lists here so the collection app never imports the apps built on it.
WriteGuard = Callable[[Campaign, str], str | None]
WriteListener = Callable[[Actor, Campaign, str], None]
WRITE_GUARDS: list[WriteGuard] = []
WRITE_LISTENERS: list[WriteListener] = []


def edit_refusal(campaign: Campaign, org_code: str) -> str | None:
    """Why ``org_code``'s data in ``campaign`` is closed to edits (submitted, locked…), or None."""
    for guard in WRITE_GUARDS:
        reason = guard(campaign, org_code)
        if reason:
            return reason
    return None


def written(user: Actor, campaign: Campaign, org_code: str) -> None:
    """Tell the registered listeners that ``user`` changed ``org_code``'s data."""
    for listener in WRITE_LISTENERS:
        listener(user, campaign, org_code)


def check_writable(user: Actor, campaign: Campaign, org_code: str, channel: str) -> None:
    """Refuse (PermissionDenied or SaveRefused) a write ``user`` may not make now."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    access.require(user, Action.FILL, org_code)
    reason = edit_refusal(campaign, org_code)
    if reason:
        raise SaveRefused(reason)
    if channel != "cli" and not is_fillable(campaign, org_code=org_code):
        raise SaveRefused("不在填报期内或任务未开启，不能保存")
    if not takes_part(user, campaign, org_code):
        raise SaveRefused(f"组织 {org_code} 不属于任务 {campaign.id}")


def claim_version(campaign: Campaign, org_code: str, table_id: str) -> int:
    """Lock the table's version row and bump it; returns the new version.
    A save that turns out stale or changes nothing rolls the claim back."""
    where = {"campaign": campaign.pk, "org": org_code, "table": table_id}
    found = dialect.increment(TableVersion, "version", where)
    if found is not None:
        return found
    TableVersion.objects.get_or_create(campaign=campaign, org_id=org_code, table=table_id)
    return claim_version(campaign, org_code, table_id)


@dataclass(frozen=True)
class Where:
    """Whose cells a write touches, and who writes them through which channel."""

    campaign: Campaign
    org: str
    table: str
    owner: User | None  # the user for the audit's foreign key, or None (the command line)
    actor: str
    channel: str
    note: str = ""

    @classmethod
    def of(cls, user: Actor, campaign: Campaign, org: str, table: str, channel: str, note: str = "") -> Where:
        return cls(campaign, org, table, actor_user(user), actor_name(user), channel, note)

    def audit(
        self, row: str, column: str, old: str | None, new: str | None, version: int, note: str | None = None
    ) -> AuditEntry:
        """The audit entry of one change at ``row``/``column`` (column "" for a whole list row);
        the primary key and the stamp are set when it is inserted."""
        return built(
            AuditEntry,
            dict(zip(AUDIT_FIELDS, self.audit_row(row, column, old, new, version, None, note), strict=True)),
        )

    def audit_row(
        self,
        row: str,
        column: str,
        old: str | None,
        new: str | None,
        version: int,
        at: datetime | None,
        note: str | None = None,
    ) -> tuple[Any, ...]:
        """``audit``'s entry as its values in ``AUDIT_FIELDS``' order, stamped ``at``: what a
        save inserts (``records.insert_values``: a model instance per changed cell cost more than
        its insert)."""
        user = self.owner.pk if self.owner is not None else None
        note = self.note if note is None else note
        return (
            self.campaign.pk,
            self.org,
            self.table,
            row,
            column,
            old,
            new,
            user,
            self.actor,
            at,
            self.channel,
            version,
            note,
        )


# An audit entry's columns but its key, in the model's order: ``Where.audit_row``'s values.
AUDIT_FIELDS = (
    "campaign_id",
    "org_id",
    "table",
    "row",
    "column",
    "old",
    "new",
    "user_id",
    "actor",
    "at",
    "channel",
    "version",
    "note",
)


def built(model: type[M], values: dict[str, Any]) -> M:
    """An unsaved ``model`` row from its columns' values by attname (None where absent), given
    to the constructor in its fields' order: keyword arguments cost it several times as much."""
    return model(*(values.get(name) for name in _attnames(model)))


@functools.cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)
