"""The security policy in force (docs/spec.md §12, docs/deploy.md §17): password length and
character classes, lock-out threshold and duration, idle sign-out, a second factor for everyone.

The deployment's settings give the defaults and the 等保 floor; the 安全管理员 (部管理员 without
三员分立) may tighten the policy on a page, never weaken it below the floor. Each change is a new
``SecurityPolicy`` version and a ``ConfigChange`` in words. The enforcement code reads
``effective()``: cached in each process for ``CACHE_SECONDS`` and dropped at once in the
process that changed it, so another app server follows within that time."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from kaoping.ops.models import SecurityPolicy
from kaoping.orgs.access import Action, can, refusal
from kaoping.orgs.actors import Actor, actor_name, actor_user
from kaoping.orgs.configlog import record_config
from kaoping.orgs.models import Organisation

CACHE_SECONDS = 10.0
SUBJECT = "安全策略"


@dataclass(frozen=True)
class Policy:
    min_length: int
    classes: int
    lockout_failures: int
    lockout_minutes: int
    idle_minutes: int
    two_factor_all: bool


# field → (label, unit, +1 when a larger value is stricter / -1 when a smaller one is, hard bound)
RULES: dict[str, tuple[str, str, int, int]] = {
    "min_length": ("密码最小长度", "位", 1, 64),
    "classes": ("密码至少包含的字符类别（大写字母、小写字母、数字、符号）", "类", 1, 4),
    "lockout_failures": ("连续登录失败锁定次数", "次", -1, 1),
    "lockout_minutes": ("锁定时长", "分钟", 1, 1440),
    "idle_minutes": ("空闲自动退出时间", "分钟", -1, 1),
}
TWO_FACTOR_LABEL = "所有用户登录须双因素认证"


class PolicyRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def floor() -> Policy:
    """The deployment's settings: the policy without any change, and the weakest one allowed."""
    return Policy(
        min_length=settings.PASSWORD_MIN_LENGTH,
        classes=settings.PASSWORD_CLASSES,
        lockout_failures=settings.LOCKOUT_FAILURES,
        lockout_minutes=settings.LOCKOUT_MINUTES,
        idle_minutes=settings.SESSION_COOKIE_AGE // 60,
        two_factor_all=False,
    )


_cache: dict[str, tuple[float, Policy]] = {}


def effective() -> Policy:
    """The newest stored version (never weaker than the floor: settings may have risen since)."""
    hit = _cache.get("policy")
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    base = floor()
    row = SecurityPolicy.objects.order_by("-id").first()
    policy = (
        base
        if row is None
        else _at_least(Policy(**{f.name: getattr(row, f.name) for f in fields(Policy)}), base)
    )
    _cache["policy"] = (time.monotonic(), policy)
    return policy


def forget() -> None:
    """Drop this process's cached policy (after a change; tests)."""
    _cache.clear()


def _at_least(policy: Policy, base: Policy) -> Policy:
    values = asdict(policy)
    for name, (_label, _unit, stricter, _bound) in RULES.items():
        pick = max if stricter > 0 else min
        values[name] = pick(values[name], getattr(base, name))
    values["two_factor_all"] = policy.two_factor_all or base.two_factor_all
    return Policy(**values)


def problems(wanted: Policy) -> list[str]:
    """Why ``wanted`` may not be set, in Chinese: below the deployment's floor or past a bound."""
    base, out = floor(), []
    for name, (label, unit, stricter, bound) in RULES.items():
        value, least = getattr(wanted, name), getattr(base, name)
        if stricter * (value - least) < 0:
            side = "低于" if stricter > 0 else "高于"
            out.append(f"{label}不能{side}部署规定的等保下限 {least} {unit}（只能收紧，不能放宽）")
        elif stricter * (value - bound) > 0:
            out.append(f"{label}最多为 {bound} {unit}" if stricter > 0 else f"{label}至少为 {bound} {unit}")
    if base.two_factor_all and not wanted.two_factor_all:
        out.append(f"{TWO_FACTOR_LABEL}是部署规定，不能关闭")
    return out


def may_set(actor: Actor) -> bool:
    """The policy is the whole system's: set where security is managed at the tree's root."""
    roots = list(Organisation.objects.filter(parent__isnull=True).values_list("code", flat=True))
    return bool(roots) and all(can(actor, Action.MANAGE_SECURITY, code) for code in roots)


def words(policy: Policy, names: list[str]) -> str:
    parts = [f"{RULES[n][0]} {getattr(policy, n)} {RULES[n][1]}" for n in names if n in RULES]
    if "two_factor_all" in names:
        parts.append(f"{TWO_FACTOR_LABEL}：{'是' if policy.two_factor_all else '否（仅管理员）'}")
    return "；".join(parts)


def change(actor: Actor, wanted: Policy) -> bool:
    """Set ``wanted`` as the new version (False when nothing changed); ``PolicyRefused`` naming
    every problem, ``PermissionDenied`` for anyone but the root's 安全管理员."""
    if not may_set(actor):
        raise PermissionDenied(refusal(Action.MANAGE_SECURITY))
    found = problems(wanted)
    if found:
        raise PolicyRefused(found)
    now = effective_now()
    changed = [f.name for f in fields(Policy) if getattr(now, f.name) != getattr(wanted, f.name)]
    if not changed:
        return False
    with transaction.atomic():
        SecurityPolicy.objects.create(**asdict(wanted), user=actor_user(actor), actor=actor_name(actor))
        record_config(actor, SUBJECT, "", None, words(now, changed), words(wanted, changed))
    forget()
    return True


def effective_now() -> Policy:
    """The policy in force, read afresh (not from this process's cache)."""
    forget()
    return effective()
