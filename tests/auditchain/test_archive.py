"""Archiving the chain after 180 days (the cut is kept, ``verify`` goes on across it), audit
rows outliving a deleted campaign and user, configuration changes sealed, and the anchor
registered with the scheduler."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kaoping.auditchain.archive import ArchiveRefused, archive, verify_archive
from kaoping.auditchain.models import Cut, Link
from kaoping.auditchain.verify import verify
from kaoping.collection.models import AuditEntry, Campaign
from kaoping.collection.services import save_table, table_version
from kaoping.jobs.periodic import REGISTRY
from kaoping.orgs.models import ConfigChange, LoginEvent, User
from kaoping.workflow.models import Transition

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 5)


@pytest.fixture(autouse=True)
def no_anchor(tmp_path: Path, settings: Any) -> None:
    settings.AUDIT_ANCHOR = str(tmp_path / "anchors.log")


def logins(n: int) -> list[int]:
    return [LoginEvent.objects.create(username=f"u{i}", kind="login").pk for i in range(n)]


def age(seqs: list[int], days: int) -> None:
    """Entries as if appended ``days`` before TODAY (the owner role may: this is the test)."""
    moment = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(12), dt.UTC)
    Link.objects.filter(seq__in=seqs).update(at=moment)


def test_archive_refuses_entries_younger_than_180_days(tmp_path: Path) -> None:
    logins(2)
    with pytest.raises(ArchiveRefused) as refused:
        archive(TODAY - dt.timedelta(days=179), tmp_path / "a.jsonl", today=TODAY)
    assert "至少保留 180 天" in str(refused.value) and "2026-06-08" in str(refused.value)
    with pytest.raises(CommandError) as command:
        call_command("audit", "archive", "--before", "2099-01-01", "-o", str(tmp_path / "b.jsonl"))
    assert command.value.returncode == 3
    assert Link.objects.count() == 2 and not (tmp_path / "a.jsonl").exists()


def test_archive_cuts_the_chain_and_verify_goes_on_across_the_cut(tmp_path: Path) -> None:
    rows = logins(5)
    age([1, 2, 3], 200)  # 4 and 5 stay young
    target = tmp_path / "审计归档-2026-05.jsonl"
    done = archive(TODAY - dt.timedelta(days=190), target, today=TODAY)
    assert (done.first, done.last) == (1, 3)
    assert list(Link.objects.values_list("seq", flat=True).order_by("seq")) == [4, 5]
    assert list(LoginEvent.objects.values_list("pk", flat=True).order_by("pk")) == rows[3:]
    assert Cut.objects.get().seq == 3
    logins(1)  # appended after the cut: seq 6
    report = verify()
    assert (report.start, report.entries, report.head, report.problems) == (3, 3, 6, [])
    assert verify_archive(target) == []
    lines = target.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[2])  # seq 2
    entry["content"] = entry["content"].replace('"u1"', '"intruder"')
    lines[2] = json.dumps(entry, ensure_ascii=False)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert verify_archive(target) == [
        f"{target.name}：第 2 条的内容被修改",
        f"{target.name}：文件与数据库中的归档记录（摘要）不符",
    ]


def test_a_forged_cut_is_found(tmp_path: Path) -> None:
    logins(3)
    age([1, 2], 200)
    archive(TODAY - dt.timedelta(days=190), tmp_path / "a.jsonl", today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auditchain_cut SET archive = %s", ["elsewhere.jsonl"])
    assert [(p.kind, p.position) for p in verify().problems] == [("forged", 2)]


def test_deleting_a_campaign_and_a_user_keeps_their_audit(campaign: Campaign, nanjing_reporter: User) -> None:
    """Audit foreign keys are kept: no cascade, no nulling; the ids and names stay."""
    nanjing, user_id = "320100", nanjing_reporter.pk
    version = table_version(campaign, nanjing, "T09")
    save_table(nanjing_reporter, campaign, nanjing, "T09", {(nanjing, "staff"): "20"}, version)
    opened = ConfigChange.objects.get(subject="开启任务", key=campaign.pk)
    assert opened.actor == "cli:test" and "2015-07-01 至 2099-12-31" in opened.new
    campaign.delete()
    nanjing_reporter.delete()
    entry = AuditEntry.objects.get(campaign_id="test-2015", column="staff")
    assert (entry.user_id, entry.actor, entry.new) == (user_id, "p_nanjing_tianbao", "20")
    step = Transition.objects.get(campaign_id="test-2015")
    assert (step.org_id, step.action, step.actor) == (nanjing, "edit", "p_nanjing_tianbao")
    assert verify().problems == []


def test_anchoring_is_periodic_work_of_the_scheduler() -> None:
    from kaoping.auditchain.anchor import anchor_now

    assert REGISTRY["audit.anchor"].function is anchor_now


def test_the_anchor_and_grants_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logins(2)
    target = tmp_path / "anchors.log"
    call_command("audit", "anchor", "--to", str(target))
    line = target.read_text(encoding="utf-8")
    assert line.startswith("kaoping-audit-anchor at=") and " seq=2 mac=" in line
    assert line.split("mac=")[1].strip() == Link.objects.get(seq=2).mac
    call_command("audit", "grants", "--role", "kaoping_app")
    printed = capsys.readouterr().out
    assert 'GRANT SELECT, INSERT ON TABLE "collection_auditentry" TO kaoping_app;' in printed
    assert 'REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "auditchain_link" FROM kaoping_app;' in printed
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "collection_value" TO kaoping_app;' in printed
    with pytest.raises(CommandError) as refused:
        call_command("audit", "grants", "--role", "app; DROP TABLE x")
    assert refused.value.returncode == 2


def test_the_archive_holds_personal_data_encrypted_and_reveal_opens_it(
    tmp_path: Path, nanjing_reporter: User, settings: Any
) -> None:
    """Seq 1 an account change of a phone (old → new), seq 2 a login; then the key is rotated
    (seq 3) and a login follows (seq 4). Seq 1–3 are archived: the file has no phone in clear,
    verifies under both keys, and ``reveal`` (audited) writes the phones out."""
    from kaoping.auditchain.keys import rotate
    from kaoping.ops import changes
    from kaoping.orgs.actors import CliActor

    start = Link.objects.count()  # the personas' own entries (their accounts were created)
    Link.objects.filter(seq__lte=start).delete()  # not this test's: set aside (owner role)
    changes.record(
        CliActor("cli:op"), nanjing_reporter, "details", "电话 13900000001", "电话 13900000002", "cli"
    )
    logins(1)
    settings.AUDIT_KEY, settings.AUDIT_KEYS_OLD = "new-audit-key-2027", [settings.AUDIT_KEY]
    rotate("cli:op")
    logins(1)
    age([start + 1, start + 2, start + 3], 200)
    target = tmp_path / "审计归档.jsonl"
    archive(TODAY - dt.timedelta(days=190), target, today=TODAY)
    text = target.read_text(encoding="utf-8")
    assert "1390000000" not in text and text.count("sm4gcm$") == 4  # content and record, old and new
    assert json.loads(text.splitlines()[0])["encrypted"]["ops.accountchange"] == ["old", "new"]
    assert verify_archive(target) == []
    report = verify()  # the live chain goes on from the cut: the login under the new key
    assert (report.start, report.head, report.problems) == (start + 3, start + 4, [])
    call_command("audit", "verify", "--archive", str(target))  # exit 0: the file and the rest
    opened = tmp_path / "阅.jsonl"
    call_command("audit", "reveal", "--archive", str(target), "-o", str(opened))
    revealed = opened.read_text(encoding="utf-8")
    assert "电话 13900000001" in revealed and "电话 13900000002" in revealed and "sm4gcm$" not in revealed
    logged = ConfigChange.objects.get(subject="审计归档解密查阅")
    assert logged.key == target.name and logged.new.startswith(
        f"归档文件 {target.name} 第 {start + 1} 至 {start + 3} 条"
    )
    with pytest.raises(CommandError) as again:  # never over an existing file
        call_command("audit", "reveal", "--archive", str(target), "-o", str(opened))
    assert again.value.returncode == 3
