"""Accounts at scale: bulk creation from a sheet, password reset; one-time passwords shown once.

The province administrator acts on its own subtree only (``Action.MANAGE_ACCOUNTS``); the CLI
acts everywhere. A sheet is all or nothing: any bad row and nothing is created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from kaoping.ops import changes
from kaoping.ops.passwords import set_one_time_password
from kaoping.ops.sheet import SheetRow
from kaoping.orgs.access import (
    ACTION_LABELS,
    Action,
    can,
    forget,
    may_grant,
    may_manage_user,
    orgs_for,
    require,
    required_roles_text,
    restrict,
)
from kaoping.orgs.actors import Actor, cli_actor
from kaoping.orgs.models import Organisation, RoleAssignment, User
from kaoping.orgs.roles import ROLE_LABELS, ROLE_LEVELS, Role

ROLE_BY_NAME = {label: role for role, label in ROLE_LABELS.items()} | {r.value: r for r in Role}
PHONE = re.compile(r"^\+?[0-9][0-9 -]{6,19}$")
USERNAME = re.compile(r"^[\w.@+-]{3,150}$")


@dataclass(frozen=True)
class Created:
    username: str
    password: str  # the one-time password; never stored in clear
    name: str
    org: str
    org_name: str
    role: str  # Chinese label


@dataclass
class ImportResult:
    created: list[Created]
    errors: list[str]  # "第 3 行：…"; when any, nothing was created


def _check_row(actor: Actor, row: SheetRow, orgs: dict[str, Organisation], taken: set[str]) -> list[str]:
    problems: list[str] = []
    org = orgs.get(row.org)
    role = ROLE_BY_NAME.get(row.role)
    if org is None:
        problems.append(f"组织代码“{row.org}”不存在")
    elif not can(actor, Action.MANAGE_ACCOUNTS, org.code):
        problems.append(f"无权管理“{org.name}”的账号")
    elif role is not None and ROLE_LEVELS[role] in (None, org.level) and not may_grant(actor, role, org.code):
        problems.append(f"无权授予{ROLE_LABELS[role]}角色（三员分立时由安全管理员授予）")
    if role is None:
        problems.append(f"角色“{row.role}”不存在（可选：{'、'.join(ROLE_LABELS.values())}）")
    elif org is not None and ROLE_LEVELS[role] not in (None, org.level):
        problems.append(f"{ROLE_LABELS[role]}不能设在{org.get_level_display()}级组织“{org.name}”")
    if not row.name:
        problems.append("姓名为空")
    if not PHONE.match(row.phone):
        problems.append(f"手机号“{row.phone}”格式不对")
    username = row.username or row.phone
    if not USERNAME.match(username):
        problems.append(f"用户名“{username}”只能由字母、数字和 . @ + - _ 组成（3 位以上）")
    elif username in taken:
        problems.append(f"用户名“{username}”已存在或在表中重复")
    taken.add(username)
    return problems


def import_accounts(actor: Actor, rows: list[SheetRow], channel: str = "page") -> ImportResult:
    """Create one user per row with the role at the organisation and a one-time password;
    each creation audited (``kaoping.ops.changes``)."""
    codes = {r.org for r in rows}
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    names = {r.username or r.phone for r in rows}
    taken = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    errors = [f"第 {row.line} 行：{p}" for row in rows for p in _check_row(actor, row, orgs, taken)]
    if not rows:
        errors.append("表中没有账号")
    if errors:
        return ImportResult([], errors)
    created: list[Created] = []
    with transaction.atomic():
        for row in rows:
            role, org = ROLE_BY_NAME[row.role], orgs[row.org]
            user = User.objects.create(
                username=row.username or row.phone, name=row.name, phone=row.phone, org=org
            )
            RoleAssignment.objects.create(user=user, role=role.value, org=org)
            password = set_one_time_password(user)
            summary = f"姓名 {row.name}；单位 {org.name}；角色 {changes.held_roles(user)}（批量导入）"
            changes.record(actor, user, "create", "", summary, channel)
            created.append(Created(user.username, password, row.name, org.code, org.name, ROLE_LABELS[role]))
    return ImportResult(created, [])


def require_manager(actor: Actor, action: Action = Action.LIST_ACCOUNTS) -> None:
    """Refuse, naming the roles needed, anyone who may ``action`` (see the accounts) nowhere."""
    codes = orgs_for(actor, action)
    if codes is not None and not codes:
        label = ACTION_LABELS[action]
        raise PermissionDenied(f"无权{label}：需要{required_roles_text(action)}角色")


def managed_users(actor: Actor) -> QuerySet[User]:
    """Users holding a role (or belonging) somewhere the actor sees the accounts."""
    users = User.objects.prefetch_related("roles__org").select_related("org").order_by("username")
    return restrict(users, actor, Action.LIST_ACCOUNTS, ("roles__org", "org"))


def reset_password(actor: Actor, user: User, channel: str = "page") -> str:
    """A new one-time password for ``user``; their sessions end (the password hash changes).
    Audited; the password itself is never recorded."""
    if not may_manage_user(actor, user):
        some = user.org_id or (user.roles.values_list("org_id", flat=True).first() or "")
        if some:
            require(actor, Action.MANAGE_ACCOUNTS, some)
        raise PermissionDenied("无权重置该用户的密码：需要其所在组织的省管理员或部管理员角色")
    forget(user)
    with transaction.atomic():
        password = set_one_time_password(user)
        changes.record(actor, user, "reset", "", "一次性密码（须在下次登录时修改）", channel)
    return password


class SetupRefused(Exception):
    """``kaoping setup`` cannot create the first administrator (message in Chinese)."""


def create_first_admin(username: str, name: str) -> Created:
    """The first 部管理员, with a one-time password to change at the first login.

    Refused once any 部管理员 exists (from then on, accounts are made in the product or with
    ``kaoping accounts``) and before the tree is loaded (``kaoping orgs sync``)."""
    ministry = Organisation.objects.filter(code="000000").first()
    if ministry is None:
        raise SetupRefused("组织树尚未载入：请先运行 kaoping orgs sync")
    if RoleAssignment.objects.filter(role=Role.MINISTRY_ADMIN.value).exists():
        raise SetupRefused("已有部管理员：请由其在系统中创建账号，或用 kaoping accounts reset 重置密码")
    if not USERNAME.match(username):
        raise SetupRefused(f"用户名“{username}”只能由字母、数字和 . @ + - _ 组成（3 位以上）")
    if User.objects.filter(username=username).exists():
        raise SetupRefused(f"用户名“{username}”已存在")
    with transaction.atomic():
        user = User.objects.create(username=username, name=name, org=ministry)
        RoleAssignment.objects.create(user=user, role=Role.MINISTRY_ADMIN.value, org=ministry)
        password = set_one_time_password(user)
        summary = f"姓名 {name}；单位 {ministry.name}；角色 {changes.held_roles(user)}（首位部管理员）"
        changes.record(cli_actor(), user, "create", "", summary, "cli")
    role = ROLE_LABELS[Role.MINISTRY_ADMIN]
    return Created(user.username, password, name, ministry.code, ministry.name, role)
