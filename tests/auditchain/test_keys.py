"""Audit key rotation (``kaoping audit rotate-key``, docs/deploy.md 审计密钥轮换) on both engines.

The chain of every test: seq 1–3 logins under the development key. Then the deployment is given a
new ``KAOPING_AUDIT_KEY`` with the old one in ``KAOPING_AUDIT_KEYS_OLD``: seq 4 (a login appended
before the rotation) is still sealed with the old key, seq 5 is the rotation, seq 6 a login under
the new key. Key ids (eight hex digits of SM3 over ``kaoping-audit-key:`` and the key), worked
with Python's own hashlib: the development key 1138c9ad, ``new-audit-key-2027`` f8302a0a."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kaoping.auditchain.keys import RotationRefused, rotate
from kaoping.auditchain.models import KeyRotation, Link
from kaoping.auditchain.seal import content, digest, link_mac
from kaoping.auditchain.verify import FORGED, UNKEYED, verify
from kaoping.ops.deploycheck import data_problems
from kaoping.orgs.models import ConfigChange, LoginEvent

pytestmark = pytest.mark.django_db

DEV, NEW = "kaoping-DEVELOPMENT-ONLY-audit-key-never-in-production", "new-audit-key-2027"
DEV_ID, NEW_ID = "1138c9ad", "f8302a0a"


@pytest.fixture(autouse=True)
def no_anchor(tmp_path: Path, settings: Any) -> None:
    settings.AUDIT_ANCHOR = str(tmp_path / "anchors.log")


def login(name: str) -> int:
    return LoginEvent.objects.create(username=name, kind="login", ip="10.0.0.1").pk


@pytest.fixture
def rotated(settings: Any) -> list[int]:
    """The six entries; the login rows' keys (seq 1, 2, 3, 4, 6)."""
    rows = [login(f"u{i}") for i in range(3)]
    settings.AUDIT_KEY, settings.AUDIT_KEYS_OLD = NEW, [DEV]
    rows.append(login("before-rotation"))
    rotate("cli:operator")
    rows.append(login("after-rotation"))
    return rows


def keys_of_links() -> list[tuple[int, str, str]]:
    return list(Link.objects.order_by("seq").values_list("seq", "kind", "key"))


def test_a_rotation_takes_effect_from_its_own_entry_and_both_ranges_verify(
    rotated: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert keys_of_links() == [
        (1, "orgs.loginevent", DEV_ID),
        (2, "orgs.loginevent", DEV_ID),
        (3, "orgs.loginevent", DEV_ID),
        (4, "orgs.loginevent", DEV_ID),  # appended after the new key was set, before rotate-key
        (5, "auditchain.keyrotation", NEW_ID),
        (6, "orgs.loginevent", NEW_ID),
    ]
    made = KeyRotation.objects.get()
    assert (made.old, made.new, made.actor) == (DEV_ID, NEW_ID, "cli:operator")
    report = verify()
    assert report.problems == []
    assert [(k.key, k.first, k.last, k.configured) for k in report.keys] == [
        (DEV_ID, 1, 4, True),
        (NEW_ID, 5, 6, True),
    ]
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"密钥 {DEV_ID}：第 1 至 4 条" in out and f"密钥 {NEW_ID}：第 5 至 6 条" in out


def test_without_the_old_key_its_range_is_reported_unchecked(rotated: list[int], settings: Any) -> None:
    settings.AUDIT_KEYS_OLD = []
    report = verify()
    assert [(p.kind, p.position) for p in report.problems] == [(UNKEYED, 1)]
    assert "第 1 至 4 条" in report.problems[0].text


def test_an_entry_after_the_rotation_resealed_with_the_old_key_is_found(rotated: list[int]) -> None:
    """Someone who has the old (leaked) key changes the login of seq 6 and seals it again with it."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_loginevent SET username = %s WHERE id = %s", ["intruder", rotated[4]])
    row = LoginEvent.objects.get(pk=rotated[4])
    previous = Link.objects.get(seq=5).mac
    row_digest = digest(content(row))
    forged = link_mac(DEV.encode(), 6, "orgs.loginevent", row.pk, row_digest, previous)
    Link.objects.filter(seq=6).update(digest=row_digest, mac=forged, key=DEV_ID)
    assert [(p.kind, p.position) for p in verify().problems] == [(FORGED, 6), (FORGED, 6)]


def test_rotate_key_refuses_the_same_key_and_an_old_key_not_configured(settings: Any) -> None:
    login("u0")
    with pytest.raises(RotationRefused, match="已在使用当前密钥"):
        rotate("cli:operator")
    settings.AUDIT_KEY, settings.AUDIT_KEYS_OLD = NEW, []
    with pytest.raises(CommandError) as refused:
        call_command("audit", "rotate-key")
    assert refused.value.returncode == 3 and "KAOPING_AUDIT_KEYS_OLD" in str(refused.value)
    assert not KeyRotation.objects.exists()
    settings.AUDIT_KEYS_OLD = [DEV]
    call_command("audit", "rotate-key")  # seq 2; its configuration change seq 3
    assert KeyRotation.objects.get().actor.startswith("cli:")
    words = ConfigChange.objects.get(subject="审计密钥轮换")
    assert words.new == "自审计链第 2 条起使用新密钥" and words.actor.startswith("cli:")
    assert keys_of_links()[1:] == [(2, "auditchain.keyrotation", NEW_ID), (3, "orgs.configchange", NEW_ID)]


def test_a_key_changed_without_rotating_is_rotated_by_the_appender(settings: Any) -> None:
    """The old key configured nowhere: ``check-deploy`` says so; the next append writes the
    rotation (actor ``system``) first; nothing is refused, and verify reports the range it
    cannot check until the old key is given back."""
    login("u0")
    login("u1")
    settings.AUDIT_KEY, settings.AUDIT_KEYS_OLD = NEW, []
    assert [p.key for p in data_problems("not-the-demo-password")] == ["audit_key_old"]
    login("u2")
    assert keys_of_links() == [
        (1, "orgs.loginevent", DEV_ID),
        (2, "orgs.loginevent", DEV_ID),
        (3, "auditchain.keyrotation", NEW_ID),
        (4, "orgs.loginevent", NEW_ID),
    ]
    assert KeyRotation.objects.get().actor == "system"
    assert [(p.kind, p.position) for p in verify().problems] == [(UNKEYED, 1)]
    settings.AUDIT_KEYS_OLD = [DEV]
    assert verify().problems == []
