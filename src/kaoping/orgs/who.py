"""Who made a change, as an official reads it: "张三（南京市 市填报员）", never a login name.

Logs store the actor's username, or ``cli:<os user>`` for the server's command line
(kaoping.orgs.actors); pages turn those names into a person's name, unit and role here, one
query for all the names a page shows (docs/spec.md §2.7, §9.2).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from kaoping.core.masking import mask_login, mask_name
from kaoping.orgs.access import sees_personal_data
from kaoping.orgs.actors import Actor
from kaoping.orgs.roles import ROLE_LABELS, Role

CLI_PREFIX = "cli:"


def who_labels(names: Iterable[str], viewer: Actor | None = None) -> dict[str, str]:
    """Each stored actor name mapped to its label; unknown names (a deleted account) kept as they
    are. A person's name is masked (张*明) unless ``viewer`` may see it in full
    (``access.sees_personal_data``); without a viewer, every name is masked."""
    wanted = {n for n in names if n}
    labels = {n: cli_label(n) for n in wanted if n.startswith(CLI_PREFIX)}
    for username, (shown, held) in _people(wanted - labels.keys(), viewer).items():
        labels[username] = f"{shown}（{held}）" if held else shown
    return labels


def person_names(usernames: Iterable[str], viewer: Actor | None) -> dict[str, str]:
    """Each account's person's name, masked as in ``who_labels`` but without unit and role."""
    return {username: shown for username, (shown, _held) in _people(set(usernames), viewer).items()}


def _people(people: set[str], viewer: Actor | None) -> dict[str, tuple[str, str]]:
    """username → (the name as ``viewer`` may see it, the roles held as 南京市 市填报员、…)."""
    from kaoping.orgs.models import RoleAssignment, User

    if not people:
        return {}
    roles: dict[str, list[str]] = {}
    units: dict[str, set[str]] = {}
    assignments = RoleAssignment.objects.filter(user__username__in=people).select_related("org", "user")
    for a in assignments.order_by("user__username", "id"):
        roles.setdefault(a.user.username, []).append(f"{a.org.name} {ROLE_LABELS[Role(a.role)]}")
        units.setdefault(a.user.username, set()).add(a.org_id)
    out = {}
    found = User.objects.filter(username__in=people).values_list("username", "name", "pk", "org_id")
    for username, name, pk, org in found:
        full = viewer is not None and sees_personal_data(viewer, pk, {org, *units.get(username, ())})
        shown = (name or username) if full else (mask_name(name) if name else mask_login(username))
        out[username] = (shown, "、".join(roles.get(username, [])))
    return out


def cli_label(name: str) -> str:
    os_user = name.removeprefix(CLI_PREFIX) or "?"
    return _("Server command line (operating-system user %(user)s)") % {"user": os_user}


def who_label(name: str, labels: dict[str, str] | None) -> str:
    """The label of one name from a page's ``who_labels``; the bare name if it was not looked up."""
    if labels and name in labels:
        return labels[name]
    return cli_label(name) if name.startswith(CLI_PREFIX) else name
