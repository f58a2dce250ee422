"""The audit of account changes: one ``AccountChange`` per act, in words an official reads
(roles as 市填报员（南京市）, states as 启用 / 停用), and the entries an administrator may see."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from kaoping.ops.models import AccountChange
from kaoping.orgs.access import Action, restrict
from kaoping.orgs.actors import Actor, CliActor, actor_name, actor_user
from kaoping.orgs.models import User
from kaoping.orgs.roles import ROLE_LABELS, Role

CHANNELS = {key for key, _label in AccountChange.CHANNEL_CHOICES}


def roles_text(pairs: Iterable[tuple[str, str]]) -> str:
    """(role key, organisation name) pairs as 市填报员（南京市）、只读（南京市）, in role order."""
    order = {role.value: i for i, role in enumerate(Role)}
    ordered = sorted(set(pairs), key=lambda p: (order.get(p[0], len(order)), p[1]))
    return "、".join(f"{ROLE_LABELS[Role(role)]}（{org}）" for role, org in ordered) or "无"


def held_roles(user: User) -> str:
    return roles_text(user.roles.values_list("role", "org__name"))


def state_text(active: bool) -> str:
    return "启用" if active else "停用"


def record(actor: Actor, target: User, kind: str, old: str, new: str, channel: str) -> AccountChange:
    """Append one entry; the command line's channel is always ``cli``."""
    if isinstance(actor, CliActor):
        channel = "cli"
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    return AccountChange.objects.create(
        target=target,
        username=target.username,
        org_id=target.org_id,
        kind=kind,
        old=old,
        new=new,
        user=actor_user(actor),
        actor=actor_name(actor),
        channel=channel,
    )


def visible_changes(actor: Actor) -> QuerySet[AccountChange]:
    """The entries about accounts of units where ``actor`` reads the audit, newest first."""
    entries = AccountChange.objects.select_related("org", "user").order_by("-at", "-id")
    return restrict(entries, actor, Action.READ_AUDIT)


def account_json(user: User) -> dict[str, object]:
    """An account as the API and ``kaoping accounts list --format json`` give it."""
    held = [
        {"role": a.role, "label": ROLE_LABELS[Role(a.role)], "org": a.org_id, "org_name": a.org.name}
        for a in user.roles.all()
    ]
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.name,
        "org": user.org_id,
        "org_name": user.org.name if user.org else None,
        "phone": user.phone,
        "email": user.email,
        "active": user.is_active,
        "roles": held,
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def change_json(entry: AccountChange) -> dict[str, object]:
    return {
        "at": entry.at.isoformat(),
        "username": entry.username,
        "org": entry.org_id,
        "kind": entry.kind,
        "kind_label": entry.get_kind_display(),
        "old": entry.old,
        "new": entry.new,
        "actor": entry.actor,
        "channel": entry.channel,
    }
