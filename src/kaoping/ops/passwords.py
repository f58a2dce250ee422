"""Password policy for 等保 level 3: character classes, history, one-time passwords, forced change."""

from __future__ import annotations

import secrets
import string
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaoping.ops import policy
from kaoping.ops.models import PasswordHistory, PasswordState

if TYPE_CHECKING:
    from kaoping.orgs.models import User

CLASSES = {
    "小写字母": string.ascii_lowercase,
    "大写字母": string.ascii_uppercase,
    "数字": string.digits,
}


def character_classes(password: str) -> int:
    """How many of the four classes (lower, upper, digit, other) the password uses."""
    found = {name for name, chars in CLASSES.items() if any(c in chars for c in password)}
    if any(not c.isascii() or not c.isalnum() for c in password):
        found.add("符号")
    return len(found)


class CharacterClassValidator:
    """At least ``classes`` of: lower-case, upper-case, digits, other characters (by default the
    policy in force, ``kaoping.ops.policy``)."""

    def __init__(self, classes: int | None = None) -> None:
        self.fixed = classes

    @property
    def classes(self) -> int:
        return self.fixed if self.fixed is not None else policy.effective().classes

    def validate(self, password: str, user: User | None = None) -> None:
        if character_classes(password) < self.classes:
            raise ValidationError(
                f"密码至少要包含大写字母、小写字母、数字、符号中的 {self.classes} 类",
                code="password_classes",
            )

    def get_help_text(self) -> str:
        return f"密码至少要包含大写字母、小写字母、数字、符号中的 {self.classes} 类。"


class PolicyLengthValidator:
    """At least the policy's minimum length (``kaoping.ops.policy``; the setting is its floor)."""

    def validate(self, password: str, user: User | None = None) -> None:
        least = policy.effective().min_length
        if len(password) < least:
            raise ValidationError(f"密码太短，至少需要 {least} 个字符", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要 {policy.effective().min_length} 个字符。"


class HistoryValidator:
    """The last ``keep`` passwords may not be used again; records each new one."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep

    def validate(self, password: str, user: User | None = None) -> None:
        if user is None or user.pk is None:
            return
        earlier = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.keep]
        )
        if user.password and user.password not in earlier:  # set before the history was kept
            earlier = [user.password, *earlier][: self.keep]
        if any(check_password(password, hashed) for hashed in earlier):
            raise ValidationError(f"不能使用最近 {self.keep} 次用过的密码", code="password_reused")

    def password_changed(self, password: str, user: User | None = None) -> None:
        """Called by ``User.save()`` after ``set_password``: keep the hash, restart the age."""
        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.keep :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        PasswordState.objects.update_or_create(
            user=user, defaults={"changed": timezone.now(), "must_change": False}
        )

    def get_help_text(self) -> str:
        return f"不能使用最近 {self.keep} 次用过的密码。"


ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"  # no 0/O, 1/l/I


def one_time_password(length: int = 12) -> str:
    """A random password that passes the policy (upper, lower and digits each present)."""
    while True:
        candidate = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if character_classes(candidate) >= 3:
            return candidate


def set_one_time_password(user: User) -> str:
    """Give ``user`` a fresh one-time password they must change at the next login."""
    raw = one_time_password()
    user.set_password(raw)
    user.save()
    PasswordState.objects.update_or_create(
        user=user, defaults={"changed": timezone.now(), "must_change": True}
    )
    return raw


def change_reason(user: User) -> str | None:
    """Why ``user`` must change the password now (None when not)."""
    state = PasswordState.objects.filter(user_id=user.pk).first()
    if state is None:
        return None
    if state.must_change:
        return "首次登录或密码被管理员重置后，须先修改密码"
    max_age = timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
    if settings.PASSWORD_MAX_AGE_DAYS > 0 and timezone.now() - state.changed > max_age:
        return f"密码已超过 {settings.PASSWORD_MAX_AGE_DAYS} 天未修改，须修改后才能继续"
    return None
