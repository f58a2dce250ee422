"""Accounts one at a time (docs/spec.md §9.6): create, change roles, disable and re-enable.

Who may act is ``kaoping.orgs.access`` (``Action.MANAGE_ACCOUNTS`` and ``may_grant``): an
administrator manages the accounts of their own organisation and below, gives only roles that
belong at the person's level and reach no further than their own, and never changes their own
roles or state. Every act leaves an ``AccountChange`` (``kaoping.ops.changes``). A person of a
unit the actor does not manage is "not found" (404), so no refusal names another unit's people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from kaoping import dialect
from kaoping.core import texts
from kaoping.ops import changes
from kaoping.ops.accounts import PHONE, USERNAME, Created
from kaoping.ops.passwords import set_one_time_password
from kaoping.orgs.access import Action, forget, may_grant, may_manage_user, require, separated
from kaoping.orgs.actors import Actor, CliActor
from kaoping.orgs.models import ApiToken, Organisation, RoleAssignment, User
from kaoping.orgs.roles import ROLE_LABELS, ROLE_LEVELS, Role, duty_conflict

NAME_LENGTH = User._meta.get_field("name").max_length or 50
EMAIL_LENGTH = User._meta.get_field("email").max_length or 254
LEVEL_WORDS = {"ministry": "部级", "province": "省级", "city": "地市级", "county": "县区级"}


class AccountRefused(Exception):
    """What is wrong with a request (Chinese, one line per problem); nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class NewAccount:
    username: str
    name: str
    org: str  # the unit's code
    roles: tuple[str, ...]  # role keys (ministry_admin …) or their Chinese labels
    phone: str = ""
    email: str = ""


ROLE_BY_WORD = {r.value: r for r in Role} | {label: r for r, label in ROLE_LABELS.items()}


def _role_problems(actor: Actor, words: tuple[str, ...], org: Organisation) -> tuple[list[Role], list[str]]:
    roles: list[Role] = []
    problems: list[str] = []
    for word in dict.fromkeys(w.strip() for w in words):
        role = ROLE_BY_WORD.get(word)
        if role is None:
            problems.append(f"角色“{word[:30]}”不存在（可选：{'、'.join(ROLE_LABELS.values())}）")
        elif ROLE_LEVELS[role] not in (None, org.level):
            where = LEVEL_WORDS[ROLE_LEVELS[role] or ""]
            problems.append(f"{ROLE_LABELS[role]}只能设在{where}组织，“{org.name}”不是")
        elif not may_grant(actor, role, org.code):
            problems.append(f"无权授予{ROLE_LABELS[role]}角色：它的权限超出您管理的范围")
        else:
            roles.append(role)
    if not words and not separated():  # under 三员分立 the 系统管理员 creates, the 安全管理员 grants
        problems.append("请至少选择一个角色")
    conflict = duty_conflict(set(roles)) if separated() else None
    if conflict:
        problems.append(conflict)
    return roles, problems


@dataclass(frozen=True)
class Details:
    """What a person is called and reached by: 姓名, 手机号, 电子邮箱 (optional)."""

    name: str
    phone: str
    email: str = ""


def _person_problems(person: Details | NewAccount, phone_required: bool = True) -> list[str]:
    problems = [
        p
        for p in (
            texts.refusal(person.name, NAME_LENGTH, "姓名"),
            texts.refusal(person.email, EMAIL_LENGTH, "电子邮箱"),
        )
        if p
    ]
    if not person.name.strip():
        problems.append("姓名为空")
    if (person.phone or phone_required) and not PHONE.fullmatch(person.phone):
        problems.append(f"手机号“{person.phone[:30]}”格式不对")
    if person.email:
        try:
            validate_email(person.email)
        except ValidationError:
            problems.append(f"电子邮箱“{person.email[:60]}”格式不对")
    return problems


def _detail_problems(new: NewAccount) -> list[str]:
    problems = _person_problems(new)
    if not USERNAME.fullmatch(new.username):
        problems.append("用户名只能由字母、数字和 . @ + - _ 组成（3 至 150 位）")
    elif User.objects.filter(username=new.username).exists():
        problems.append(f"用户名“{new.username}”已存在")
    return problems


def _managed_unit(actor: Actor, code: str) -> Organisation:
    """The unit, if ``actor`` manages its accounts; refusals name no unit the actor cannot see."""
    require(actor, Action.MANAGE_ACCOUNTS, code)
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise AccountRefused([f"组织代码“{code[:20]}”不存在"])
    if not org.active:
        raise AccountRefused([f"“{org.name}”已撤销，不能在其下创建账号"])
    return org


def create_account(actor: Actor, new: NewAccount, channel: str) -> Created:
    """One person with roles at their unit and a one-time password, to change at first login."""
    org = _managed_unit(actor, new.org)
    roles, problems = _role_problems(actor, new.roles, org)
    problems = _detail_problems(new) + problems
    if problems:
        raise AccountRefused(problems)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the same username taken a moment ago
                user = User.objects.create(
                    username=new.username, name=new.name.strip(), phone=new.phone, email=new.email, org=org
                )
        except IntegrityError:
            raise AccountRefused([f"用户名“{new.username}”已存在"]) from None
        RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r.value, org=org) for r in roles])
        password = set_one_time_password(user)
        summary = f"姓名 {user.name}；单位 {org.name}；角色 {changes.held_roles(user)}"
        changes.record(actor, user, "create", "", summary, channel)
    labels = "、".join(ROLE_LABELS[r] for r in roles)
    return Created(user.username, password, user.name, org.code, org.name, labels)


def _require_other(
    actor: Actor, target: User, what: str, own: str, action: Action = Action.MANAGE_ACCOUNTS
) -> None:
    """``actor`` may ``action`` ``target``'s account and is not ``target``: no one changes their own."""
    if not may_manage_user(actor, target, action):
        raise PermissionDenied(f"无权{what}：该账号不属于您管理的组织")
    if not isinstance(actor, CliActor) and actor.pk == target.pk:
        raise PermissionDenied(f"不能{own}：请由上级管理员办理")


def set_roles(actor: Actor, target: User, words: tuple[str, ...], channel: str) -> bool:
    """Replace the roles ``target`` holds at their unit; False when nothing changed. Roles held
    elsewhere stay; each added or removed role must be one the actor may grant."""
    _require_other(actor, target, "修改角色", "修改自己的角色", Action.GRANT_ROLES)
    if target.org is None:
        raise AccountRefused(["该账号没有所属组织，不能在此分配角色"])
    wanted, problems = _role_problems(actor, words, target.org)
    elsewhere = {Role(r) for r in target.roles.exclude(org=target.org).values_list("role", flat=True)}
    conflict = duty_conflict(elsewhere | set(wanted)) if separated() and not problems else None
    if conflict:
        problems.append(conflict)
    current = {Role(r) for r in target.roles.filter(org=target.org).values_list("role", flat=True)}
    problems += [
        f"无权取消{ROLE_LABELS[r]}角色：它的权限超出您管理的范围"
        for r in current - set(wanted)
        if not may_grant(actor, r, target.org_id or "")
    ]
    if problems:
        raise AccountRefused(problems)
    if current == set(wanted):
        return False
    with transaction.atomic():
        old = changes.held_roles(target)
        target.roles.filter(org=target.org).exclude(role__in=[r.value for r in wanted]).delete()
        added = [
            RoleAssignment(user=target, role=r.value, org=target.org) for r in wanted if r not in current
        ]
        dialect.insert_new(RoleAssignment, added)  # a role given by someone else at the same time
        changes.record(actor, target, "roles", old, changes.held_roles(target), channel)
    forget(target)
    return True


def set_active(actor: Actor, target: User, active: bool, channel: str) -> bool:
    """Disable (they cannot sign in; their sessions end and their API tokens are revoked) or
    re-enable an account; False when it already was so."""
    what = "启用账号" if active else "停用账号"
    _require_other(actor, target, what, f"{what[:2]}自己的账号")
    if target.is_active == active:
        return False
    with transaction.atomic():
        target.is_active = active
        target.save(update_fields=["is_active"])
        note = ""
        if not active:
            revoked = ApiToken.objects.filter(user=target, revoked__isnull=True).update(
                revoked=timezone.now()
            )
            note = f"（吊销 API 令牌 {revoked} 个）" if revoked else ""
        old, new = changes.state_text(not active), changes.state_text(active) + note
        changes.record(actor, target, "enable" if active else "disable", old, new, channel)
    return True


DETAIL_WORDS = (("name", "姓名"), ("phone", "手机号"), ("email", "电子邮箱"))


def set_details(actor: Actor, target: User, details: Details, channel: str) -> bool:
    """Change ``target``'s 姓名, 手机号 and 电子邮箱 (through the person model, as every write
    of them); False when nothing changed. The audit names each changed field, old → new."""
    _require_other(actor, target, "修改个人信息", "在此修改自己的信息")
    wanted = Details(details.name.strip(), details.phone.strip(), details.email.strip())
    problems = _person_problems(wanted, phone_required=bool(target.phone))  # none yet: may stay so
    if problems:
        raise AccountRefused(problems)
    changed = [(f, word) for f, word in DETAIL_WORDS if getattr(target, f) != getattr(wanted, f)]
    if not changed:
        return False
    old = "；".join(f"{word} {getattr(target, f) or '（空）'}" for f, word in changed)
    new = "；".join(f"{word} {getattr(wanted, f) or '（空）'}" for f, word in changed)
    with transaction.atomic():
        for f, _word in changed:
            setattr(target, f, getattr(wanted, f))
        target.save(update_fields=[f for f, _word in changed])
        changes.record(actor, target, "details", old, new, channel)
    return True
