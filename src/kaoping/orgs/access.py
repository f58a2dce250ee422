"""The one place that decides who may do what where.

Permission = role × organisation subtree. Every page, API endpoint, export and CLI path asks
``can()`` / ``require()`` / ``restrict()`` here; nothing checks roles by hand elsewhere.

Each role grants actions with a *reach* from the organisation it is held at, as the grants
table in force says (``kaoping.orgs.grants``: one table per deployment mode, 三员分立 or not).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from kaoping.core.orgs import Org, OrgTree
from kaoping.orgs.actors import Actor, CliActor
from kaoping.orgs.grants import (
    ACCOUNT_ACTIONS,
    ACTION_LABELS,
    BELOW,
    BUSINESS_ACTIONS,
    CHILDREN,
    GRANTS,
    GRANTS_SEPARATED,
    SELF,
    SUBTREE,
    Action,
    grants_table,
    separated,
)
from kaoping.orgs.roles import ROLE_LABELS, ROLE_LEVELS, Role

if TYPE_CHECKING:
    from kaoping.orgs.models import User

T = TypeVar("T")
_LEVEL_ABOVE = {"province": "ministry", "city": "province", "county": "city"}
__all__ = [
    "ACCOUNT_ACTIONS",
    "ACTION_LABELS",
    "BELOW",
    "BUSINESS_ACTIONS",
    "CHILDREN",
    "GRANTS",
    "GRANTS_SEPARATED",
    "SELF",
    "SUBTREE",
    "Action",
    "grants_table",
    "separated",
]


def required_roles(action: Action | str, org_level: str | None = None) -> list[str]:
    """The role keys that grant ``action`` (the answer a refusal names).

    With ``org_level``, only the roles that would grant it at an organisation of that level:
    held there (or anywhere, for 只读), or — for actions on the level below, like 审核 — held
    at the level above.
    """
    action = Action(action)
    granting = [role for role, grants in grants_table().items() if action in grants]
    if org_level is None:
        return [r.value for r in granting]
    here = [
        r
        for r in granting
        if ROLE_LEVELS[r] in (org_level, None) and grants_table()[r][action] not in (BELOW, CHILDREN)
    ]
    from_above: list[Role] = []
    for level in _levels_above(org_level):  # the nearest level above that could do it
        from_above = [r for r in granting if ROLE_LEVELS[r] == level and grants_table()[r][action] != SELF]
        if here or from_above:
            break
    return [r.value for r in (here or from_above or granting)]


def _levels_above(level: str) -> list[str]:
    out: list[str] = []
    while level in _LEVEL_ABOVE:
        level = _LEVEL_ABOVE[level]
        out.append(level)
    return out


def required_roles_text(action: Action | str, org_level: str | None = None) -> str:
    return "、".join(ROLE_LABELS[Role(r)] for r in required_roles(action, org_level))


_SPECIFIC = {SELF: 0, CHILDREN: 1, BELOW: 2, SUBTREE: 3}  # narrower reach: a more specific grant


def responsible_text(action: Action | str, org_level: str) -> str:
    """Who is expected to ``action`` an organisation of ``org_level``, for notices: of the roles
    that could (``required_roles``), those with the most specific grant — 部审核员 reviews a
    province, though 部管理员 may too."""
    action = Action(action)
    roles = [Role(r) for r in required_roles(action, org_level)]
    narrowest = min(_SPECIFIC[grants_table()[r][action]] for r in roles)
    return "、".join(ROLE_LABELS[r] for r in roles if _SPECIFIC[grants_table()[r][action]] == narrowest)


_TREE: tuple[tuple[int, datetime | None], OrgTree] | None = None  # (freshness key, tree): one per process


def org_tree() -> OrgTree:
    """The organisation tree, read from the database once and kept for the process.

    Each call asks only whether the table changed (row count and last update: one small
    query); a sync, an edit in the admin or another process's ``kaoping orgs sync`` is seen at
    once, without a restart."""
    global _TREE
    from django.db.models import Count, Max

    from kaoping.orgs.models import Organisation

    stamp = Organisation.objects.aggregate(n=Count("code"), t=Max("updated"))
    key = (stamp["n"], stamp["t"])
    cached = _TREE
    if cached is not None and cached[0] == key:
        return cached[1]
    rows = Organisation.objects.order_by("position", "code").values_list(
        "code", "name", "level", "parent_id", "region", "kind", "counties", "active", "successor_id"
    )
    tree = OrgTree(
        Org(c, n, lv, p, r or None, k or None, counties, active, s)
        for c, n, lv, p, r, k, counties, active, s in rows
    )
    _TREE = (key, tree)
    return tree


def _reach(tree: OrgTree, root: str, reach: str) -> set[str]:
    if root not in tree:
        return set()
    if reach == SELF:
        return {root}
    if reach == CHILDREN:
        return {o.code for o in tree.children(root, inactive=True)}
    below = tree.below(root)
    return {*below, root} if reach == SUBTREE else set(below)


def _per_user(user: Actor, name: str, make: Callable[[], T]) -> T:
    """A value kept on the user object for as long as it lives (one request); ``forget`` drops it."""
    found: T | None = getattr(user, name, None)
    if found is None:
        found = make()
        with suppress(AttributeError):  # the command line's actor is frozen: nothing kept
            setattr(user, name, found)
    return found


def tree_for(user: Actor) -> OrgTree:
    """The organisation tree (``org_tree``), checked once per request."""
    return _per_user(user, "_kaoping_tree", org_tree)


def _assignments(user: User) -> list[tuple[str, str]]:
    """The user's (role, organisation) pairs, read once per request."""
    return _per_user(user, "_kaoping_roles", lambda: list(user.roles.values_list("role", "org_id")))


def scopes(user: Actor) -> dict[Action, set[str]]:
    """Action → organisation codes where ``user`` may do it; cached on the user object."""
    return _per_user(user, "_kaoping_scopes", lambda: _scopes(user))


def _scopes(user: Actor) -> dict[Action, set[str]]:
    out: dict[Action, set[str]] = {a: set() for a in Action}
    if not isinstance(user, CliActor) and user.is_authenticated and user.is_active and user.pk is not None:
        assignments = _assignments(user)
        if assignments:
            tree = tree_for(user)
            for role_key, org_code in assignments:
                for action, reach in grants_table().get(Role(role_key), {}).items():
                    out[action] |= _reach(tree, org_code, reach)
    return out


def forget(user: Actor) -> None:
    """Drop the cached scopes (after roles change)."""
    for name in ("_kaoping_scopes", "_kaoping_tree", "_kaoping_roles"):
        if hasattr(user, name):
            delattr(user, name)


def is_cli(user: Actor) -> bool:
    """The CLI and Django superusers act with full rights; under 三员分立 a superuser has none
    (the command line stays the operator's tool, audited as ``cli:<os user>``)."""
    return isinstance(user, CliActor) or (user.is_superuser and user.is_active and not separated())


def can(user: Actor, action: Action | str, org_code: str) -> bool:
    if is_cli(user):
        return True
    return org_code in scopes(user)[Action(action)]


def orgs_for(user: Actor, action: Action | str) -> set[str] | None:
    """Codes where ``user`` may do ``action``; None means everywhere (the CLI)."""
    if is_cli(user):
        return None
    return scopes(user)[Action(action)]


def refusal(action: Action | str, org_name: str | None = None, org_level: str | None = None) -> str:
    action = Action(action)
    where = f"（{org_name}）" if org_name else ""
    return f"无权{ACTION_LABELS[action]}{where}：需要{required_roles_text(action, org_level)}角色"


NOT_OURS = "不属于本单位"


def require(user: Actor, action: Action | str, org_code: str) -> None:
    """Raise ``PermissionDenied`` naming the roles that would be needed. The organisation is
    named only when the user may see its name (it reads it, or it is above the user's own);
    otherwise the refusal says 不属于本单位 and names no one."""
    if not can(user, action, org_code):
        from kaoping.orgs.models import Organisation

        found = Organisation.objects.filter(code=org_code).values_list("name", "level").first()
        name, level = found if found else (org_code, None)
        if not nameable(user, org_code):
            action = Action(action)
            roles = required_roles_text(action, level)
            raise PermissionDenied(f"无权{ACTION_LABELS[action]}：{NOT_OURS}（需要{roles}角色）")
        raise PermissionDenied(refusal(action, name, level))


def nameable(user: Actor, org_code: str) -> bool:
    """Whether ``user`` may see the name of ``org_code``: it reads it, or the organisation is
    above one of the user's own (a city's people know their province)."""
    if can(user, Action.READ, org_code):
        return True
    tree = tree_for(user)
    return org_code in tree and any(
        home in tree and tree.in_subtree(home, org_code) for home in home_orgs(user)
    )


M = TypeVar("M", bound=Model)


def restrict(
    queryset: QuerySet[M],
    user: Actor,
    action: Action | str,
    field: str | tuple[str, ...] = "org",
    *,
    covering: bool = False,
) -> QuerySet[M]:
    """Keep only the objects whose organisation ``field`` (or any of several) the user may ``action``.

    ``covering``: also those whose organisation lies at or above one where the user holds a
    role (a city's people see the campaign their province opened)."""
    codes = orgs_for(user, action)
    if codes is None:
        return queryset
    if covering:
        tree = tree_for(user)
        codes = codes | {a for h in home_orgs(user) if h in tree for a in (h, *tree.ancestors(h))}
    fields = (field,) if isinstance(field, str) else field
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__in": codes})
    found = queryset.filter(condition)
    return found.distinct() if len(fields) > 1 else found


def allowed(user: Actor, action: Action | str, codes: Iterable[str]) -> list[str]:
    """The organisation codes of ``codes`` (in their order) where ``user`` may ``action``:
    ``restrict`` for a list already in hand (a campaign's members)."""
    where = orgs_for(user, action)
    return list(codes) if where is None else [code for code in codes if code in where]


def may_manage_user(actor: Actor, user: User, action: Action = Action.MANAGE_ACCOUNTS) -> bool:
    """Every organisation ``user`` belongs to or holds a role at lies where ``actor`` may
    ``action`` (manages accounts, by default); a superuser is managed in Django's admin only."""
    if user.is_superuser:
        return False
    codes = set(user.roles.values_list("org_id", flat=True)) | ({user.org_id} if user.org_id else set())
    return bool(codes) and all(can(actor, action, code) for code in codes)


def held_roles(user: Actor) -> set[Role]:
    """The roles ``user`` holds anywhere (read once per request); none for the command line."""
    if isinstance(user, CliActor) or not user.is_authenticated:
        return set()
    return {Role(role) for role, _org in _assignments(user)}


def sees_personal_data(viewer: Actor, person_id: int | None, person_orgs: Iterable[str]) -> bool:
    """Whether ``viewer`` sees a person's name, phone and e-mail unmasked (docs/spec.md §9.6): the
    person, an account administrator of a unit of theirs, the command line (三员: 审计管理员 too)."""
    own = person_id is not None and viewer.pk == person_id
    rights = (Action.MANAGE_ACCOUNTS, Action.READ_AUDIT)  # READ_AUDIT: the 审计管理员 (三员)
    return is_cli(viewer) or own or any(can(viewer, a, c) for c in person_orgs if c for a in rights)


def _holders(roles: list[str], org_code: str) -> QuerySet[User]:
    """The active users holding any of ``roles`` at ``org_code`` itself, by username."""
    from kaoping.orgs.models import User

    found = User.objects.filter(roles__role__in=roles, roles__org_id=org_code, is_active=True)
    return found.distinct().order_by("username")


def assignable_scorers(org_code: str) -> QuerySet[User]:
    """The active users who hold, at ``org_code`` itself, a role whose scoring reaches below it
    (审核专家 at a province), for assigning to cities."""
    return _holders(
        [r.value for r, grants in grants_table().items() if grants.get(Action.SCORE) == BELOW], org_code
    )


def fillers_and_leaders(org_code: str) -> QuerySet[User]:
    """The active users who fill or submit ``org_code``'s own data (a city's 市填报员 and 市负责人,
    a province's 省管理员 and 省审核员): whom a 催报 reaches."""
    own = (Action.FILL, Action.SUBMIT)
    return _holders(
        [r.value for r, grants in grants_table().items() if SELF in (grants.get(a) for a in own)], org_code
    )


def home_orgs(user: Actor) -> set[str]:
    """The organisations the user holds any role at."""
    if isinstance(user, CliActor) or is_cli(user) or not user.is_authenticated:
        return set()
    return {org for _role, org in _assignments(user)}


def roles_of(user: Actor) -> list[tuple[str, str]]:
    """(role label, organisation name) pairs, for the top bar."""
    if isinstance(user, CliActor) or is_cli(user) or not user.is_authenticated:
        return []
    return [(ROLE_LABELS[Role(r)], n) for r, n in user.roles.values_list("role", "org__name")]


def may_grant(actor: Actor, role: Role, org_code: str) -> bool:
    """Whether ``actor`` may give (or take away) ``role`` held at ``org_code``: the role must
    belong at that level of organisation, and everything it reaches from there must lie where
    the actor grants roles — no one grants a role reaching beyond their own. Which roles grant
    comes from the table in force (``grants_table``: 安全管理员 under 三员分立)."""
    table = grants_table()
    tree = tree_for(actor)
    if role not in table or org_code not in tree or ROLE_LEVELS[role] not in (None, tree.get(org_code).level):
        return False
    managed = orgs_for(actor, Action.GRANT_ROLES)
    if managed is None:
        return True
    reached = {code for reach in table[role].values() for code in _reach(tree, org_code, reach)}
    return org_code in managed and reached <= managed


def grantable_roles(actor: Actor, org_code: str) -> list[Role]:
    """The roles ``actor`` may give a person of ``org_code`` (at that organisation), in order."""
    return [role for role in Role if may_grant(actor, role, org_code)]
