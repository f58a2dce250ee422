"""``kaoping audit verify`` on both engines: an untouched chain, then each kind of tampering an
intruder with database access (but not the key) can do — each found at its position.

The chain of every test: nine entries, appended in this order by the product's own writes —
seq 1–3 logins (``LoginEvent``), 4–7 value changes (``AuditEntry``, one bulk save of four
cells), 8 a configuration change, 9 a login. Tampering uses raw SQL, as an intruder would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kaoping.auditchain.anchor import anchor_now
from kaoping.auditchain.models import Link
from kaoping.auditchain.seal import content, digest, link_mac
from kaoping.auditchain.verify import CHANGED, FORGED, INSERTED, REMOVED, TRUNCATED, verify
from kaoping.collection.models import AuditEntry
from kaoping.orgs.actors import CliActor
from kaoping.orgs.configlog import record_config
from kaoping.orgs.models import LoginEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchors(tmp_path: Path, settings: Any) -> Path:
    settings.AUDIT_ANCHOR = str(tmp_path / "default-anchors.log")  # none unless a test writes one
    return tmp_path / "anchors.log"


@pytest.fixture
def chain(anchors: Path) -> dict[str, list[int]]:
    """The nine entries; the primary keys of the rows, by kind."""
    logins = [LoginEvent.objects.create(username=f"u{i}", kind="login", ip="10.0.0.1").pk for i in range(3)]
    cells = [
        AuditEntry(campaign_id="c-2026", org_id="320100", table="T09", row="320100", column=c, new="1")
        for c in ("staff", "seats", "calls", "answered")
    ]
    entries = [e.pk for e in AuditEntry.objects.bulk_create(cells)]
    config = record_config(CliActor("cli:test"), "测算基数", "c-2026", "320000", "", "320100 population=850")
    last = LoginEvent.objects.create(username="u9", kind="failed", ip="2001:DB8::1").pk
    return {"login": [*logins, last], "entry": entries, "config": [config.pk]}


def run(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def found(anchor: Path | None = None) -> list[tuple[str, int]]:
    return [(p.kind, p.position) for p in verify(str(anchor) if anchor else None).problems]


def test_untouched_chain_verifies_and_the_cli_says_so(
    chain: dict[str, list[int]], anchors: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert list(Link.objects.order_by("seq").values_list("seq", "kind")) == [
        (1, "orgs.loginevent"),
        (2, "orgs.loginevent"),
        (3, "orgs.loginevent"),
        (4, "collection.auditentry"),
        (5, "collection.auditentry"),
        (6, "collection.auditentry"),
        (7, "collection.auditentry"),
        (8, "orgs.configchange"),
        (9, "orgs.loginevent"),
    ]
    anchor_now(target=str(anchors))
    report = verify(str(anchors))
    assert (report.entries, report.head, report.problems) == (9, 9, [])
    assert report.anchor is not None and report.anchor.seq == 9
    call_command("audit", "verify", "--anchor", str(anchors))
    assert "审计链共 9 条，至第 9 条" in capsys.readouterr().out


def test_an_updated_row_is_found_at_its_entry(chain: dict[str, list[int]]) -> None:
    run('UPDATE collection_auditentry SET "new" = %s WHERE id = %s', ["999", chain["entry"][2]])  # seq 6
    assert found() == [(CHANGED, 6)]
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")
    assert refused.value.returncode == 1


def test_a_deleted_row_and_a_deleted_entry_are_found(chain: dict[str, list[int]]) -> None:
    run("DELETE FROM orgs_configchange WHERE id = %s", [chain["config"][0]])  # the row of seq 8
    run("DELETE FROM auditchain_link WHERE seq = %s", [2])  # entry 2 (its login row stays)
    # the login row of entry 2 is no longer sealed: it reads as inserted after entry 1
    assert found() == [(INSERTED, 1), (REMOVED, 2), (REMOVED, 8)]


def test_an_inserted_row_is_found_after_the_entry_before_it(chain: dict[str, list[int]]) -> None:
    run(
        "INSERT INTO orgs_loginevent (username, kind, ip, at, user_id) VALUES (%s, %s, %s, %s, NULL)",
        ["intruder", "login", "10.0.0.9", "2026-12-05 08:00:00+00:00"],
    )
    assert found() == [(INSERTED, 9)]  # after the last login entry, seq 9


def test_a_chain_recomputed_without_the_key_is_found_where_it_starts(chain: dict[str, list[int]]) -> None:
    """The intruder changes entry 5's row and rewrites entries 5–9 with a key of their own."""
    run('UPDATE collection_auditentry SET "new" = %s WHERE id = %s', ["7", chain["entry"][1]])
    guess = b"not-the-key"
    previous = Link.objects.get(seq=4).mac
    kinds = {"collection.auditentry": AuditEntry, "orgs.loginevent": LoginEvent}
    for link in Link.objects.filter(seq__gte=5).order_by("seq"):
        model = kinds.get(link.kind)
        row_digest = digest(content(model.objects.get(pk=link.row))) if model else link.digest
        previous = link_mac(guess, link.seq, link.kind, link.row, row_digest, previous)
        rewrite = "UPDATE auditchain_link SET digest = %s, mac = %s WHERE seq = %s"
        run(rewrite, [row_digest, previous, link.seq])
    assert found() == [(FORGED, 5), (FORGED, 6), (FORGED, 7), (FORGED, 8), (FORGED, 9)]


def test_a_truncated_tail_is_found_against_the_last_anchor(
    chain: dict[str, list[int]], anchors: Path
) -> None:
    anchor_now(target=str(anchors))  # seq 9
    run("DELETE FROM orgs_loginevent WHERE id = %s", [chain["login"][3]])
    run("DELETE FROM orgs_configchange WHERE id = %s", [chain["config"][0]])
    run("DELETE FROM auditchain_link WHERE seq >= %s", [8])
    assert found(anchors) == [(TRUNCATED, 8)]
    assert found() == []  # without the anchor the shorter chain looks whole: why it is anchored


def test_a_login_without_a_peer_address_verifies(anchors: Path, client: Any) -> None:
    """A request with an empty REMOTE_ADDR (a front server on a Unix socket may send none): its
    failed login is stored without an address (the field keeps no empty text) and the chain,
    sealed from what the row holds, still verifies — no false alarm of a changed entry."""
    client.post("/accounts/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="")
    event = LoginEvent.objects.get(username="nobody", kind="failed")
    assert event.ip is None
    assert found() == []
