"""Audit key rotation (docs/deploy.md 审计密钥轮换): ``kaoping audit rotate-key`` appends a
``KeyRotation`` entry, sealed with the new key, from which the chain goes on under it; the
entries before keep verifying under the old key, named in ``KAOPING_AUDIT_KEYS_OLD``.

``Schedule`` is what ``verify`` (the live chain and the archive files alike) knows of the keys:
walking in order, the key an entry must be sealed with is the one the last rotation named (before
any, the one the first entry names), and it records which key covered which range."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kaoping.auditchain.chain import append, lock, tip
from kaoping.auditchain.models import KeyRotation
from kaoping.auditchain.seal import key, key_id, ring

ROTATION = KeyRotation._meta.label_lower


class RotationRefused(Exception):
    """Nothing was rotated; the message says why, in Chinese."""


def rotate(actor: str) -> KeyRotation:
    """The current ``KAOPING_AUDIT_KEY`` seals the chain from a new entry on (returned)."""
    with transaction.atomic():
        lock()
        _seq, _mac, old = tip()
        new = key_id(key())
        if not old:
            raise RotationRefused("审计链还没有条目，无需轮换：直接使用新密钥即可")
        if old == new:
            raise RotationRefused(f"审计链已在使用当前密钥（编号 {new}）：请先把新密钥设为 KAOPING_AUDIT_KEY")
        if old not in ring():
            text = f"审计链当前的密钥（编号 {old}）未配置：请把它放入 KAOPING_AUDIT_KEYS_OLD，"
            raise RotationRefused(text + "否则此前的记录无法校验")
        made = KeyRotation(old=old, new=new, actor=actor, at=timezone.now())
        made.save()
        append([made])
    return made


@dataclass
class KeyRange:
    key: str  # the key id
    first: int
    last: int
    configured: bool  # False: the MACs of this range could not be checked


@dataclass
class Schedule:
    """Which key each entry, taken in order, must be sealed with."""

    keys: dict[str, bytes] = field(default_factory=ring)
    expected: str = ""
    ranges: list[KeyRange] = field(default_factory=list)

    def step(self, seq: int, claimed: str, rotation: tuple[str, str] | None) -> tuple[bytes | None, str]:
        """Entry ``seq``, whose link names key ``claimed`` (``rotation``: the (old, new) of a
        rotation entry): the key to check its MAC with (None: not configured) and what is wrong
        with the key it names ("" nothing)."""
        wrong = ""
        if rotation is not None:
            if self.expected and rotation[0] != self.expected:
                wrong = f"密钥轮换记录所称的原密钥（编号 {rotation[0]}）"
                wrong += f"不是此前使用的密钥（编号 {self.expected}）"
            self.expected = rotation[1]
        elif not self.expected:
            self.expected = claimed
        if claimed != self.expected and not wrong:
            wrong = f"所用密钥（编号 {claimed}）不是此处应使用的密钥（编号 {self.expected}）"
        secret = self.keys.get(self.expected)
        last = self.ranges[-1] if self.ranges else None
        if last is not None and last.key == self.expected and last.last == seq - 1:
            last.last = seq
        else:
            self.ranges.append(KeyRange(self.expected, seq, seq, secret is not None))
        return secret, wrong

    def unconfigured(self) -> list[KeyRange]:
        return [r for r in self.ranges if not r.configured]
