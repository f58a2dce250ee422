"""Faults: the server is killed (SIGKILL, the whole gunicorn process group) in the middle of
table saves, many times at random moments; every save is then wholly present or wholly absent.
Two writers saving the same table at once a thousand times lose no update.

PostgreSQL only, on databases of their own (dropped afterwards); bounded to about a minute.
"""

from __future__ import annotations

import random
import threading
import time
import urllib.error

import pytest
from django.db import connection
from tests.ops import livepg

from kaoping.collection.models import AuditEntry, TableVersion, Value
from kaoping.collection.services import save_table, table_version

pytestmark = pytest.mark.postgres_only
NJ = "320100"
CAMPAIGN = "demo-2015"
TABLE_URL = f"/api/campaigns/{CAMPAIGN}/orgs/{NJ}/tables/T09"
KILLS = 10


def numeric_columns(values: dict[str, str]) -> list[str]:
    return sorted(c for c, v in values.items() if v.isdigit())


def row_state(db) -> tuple[dict[str, str], int, dict[str, int]]:
    """南京's 表9 values, the table version, and the audit entries per column."""
    values = dict(
        db.execute(
            'SELECT "column", text FROM collection_value WHERE campaign_id=%s AND org_id=%s'
            " AND \"table\"='T09' AND row=%s",
            (CAMPAIGN, NJ, NJ),
        ).fetchall()
    )
    version = db.execute(
        "SELECT version FROM collection_tableversion WHERE campaign_id=%s AND org_id=%s AND \"table\"='T09'",
        (CAMPAIGN, NJ),
    ).fetchone()[0]
    audits = dict(
        db.execute(
            'SELECT "column", count(*) FROM collection_auditentry WHERE campaign_id=%s AND org_id=%s'
            ' AND "table"=\'T09\' AND row=%s GROUP BY "column"',
            (CAMPAIGN, NJ, NJ),
        ).fetchall()
    )
    return values, version, audits


def test_sigkill_during_saves_leaves_each_save_whole(tmp_path):
    with livepg.fresh_database("kaoping_fault_test") as url:
        env = livepg.environment(url, tmp_path)
        livepg.prepare(env)
        token = livepg.tokens(env, ["nanjing_tianbao"])["nanjing_tianbao"]
        db = livepg.connect("kaoping_fault_test")
        values, _, _ = row_state(db)
        columns = numeric_columns(values)
        assert len(columns) >= 5, values
        rng = random.Random(20151231)
        server = livepg.Server(env)
        marker = 1_000_000

        def write_all(base: str, text: str) -> int:
            status, doc = livepg.request(base, "GET", TABLE_URL, token)
            body = {"base_version": doc["version"], "values": {NJ: dict.fromkeys(columns, text)}}
            status, doc = livepg.request(base, "PUT", TABLE_URL, token, body)
            return status

        assert write_all(server.base, str(marker)) == 200  # a uniform starting row
        confirmed, attempted = marker, {marker}
        killed_mid_request = 0
        try:
            for _ in range(KILLS):
                stop = threading.Event()
                outcome: dict[str, int] = {}

                def hammer(base: str = server.base, stop: threading.Event = stop, out=outcome) -> None:
                    nonlocal marker
                    while not stop.is_set():
                        marker += 1
                        attempted.add(marker)
                        out["in_flight"] = marker
                        try:
                            if write_all(base, str(marker)) == 200:
                                out["confirmed"] = marker
                        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                            return
                        out.pop("in_flight", None)

                thread = threading.Thread(target=hammer)
                thread.start()
                time.sleep(rng.uniform(0.05, 0.8))
                server.kill()
                stop.set()
                thread.join(timeout=30)
                killed_mid_request += "in_flight" in outcome
                confirmed = outcome.get("confirmed", confirmed)
                values, _version, audits = row_state(db)
                stored = {values[c] for c in columns}
                assert len(stored) == 1, f"a save was cut in half: {sorted(stored)}"
                (value,) = stored
                assert int(value) in attempted and int(value) >= confirmed  # nothing confirmed is lost
                assert len(set(audits[c] for c in columns)) == 1, audits  # audit whole as well
                server = livepg.Server(env)
        finally:
            server.stop()
            db.close()
        assert killed_mid_request >= KILLS // 2  # most kills did land in the middle of a request


@pytest.mark.django_db(transaction=True)
def test_two_writers_a_thousand_times_lose_no_update(campaign, nanjing_reporter, nanjing_leader):
    assert connection.vendor == "postgresql"
    rounds = 500  # per writer: a thousand saves in all
    successes: list[tuple[int, str]] = []
    refused = [0]
    lock = threading.Lock()
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def writer(user, name: str) -> None:
        try:
            barrier.wait(timeout=10)
            for i in range(rounds):
                text = f"{name}{i}"
                base = table_version(campaign, NJ, "T09")
                result = save_table(user, campaign, NJ, "T09", {(NJ, "remark"): text}, base)
                with lock:
                    if result.conflict:
                        refused[0] += 1
                    else:
                        assert result.version == base + 1
                        successes.append((result.version, text))
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=writer, args=(nanjing_reporter, "甲")),
        threading.Thread(target=writer, args=(nanjing_leader, "乙")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert len(successes) + refused[0] == 2 * rounds
    versions = sorted(v for v, _ in successes)
    assert versions == list(range(1, len(successes) + 1))  # each success its own version, no gap
    assert refused[0] > 0  # they did collide
    final = Value.objects.get(campaign=campaign, org_id=NJ, table="T09", row=NJ, column="remark").text
    assert final == max(successes)[1]  # the last successful write is what is stored
    assert TableVersion.objects.get(campaign=campaign, org_id=NJ, table="T09").version == len(successes)
    assert AuditEntry.objects.filter(
        campaign=campaign, org_id=NJ, table="T09", column="remark"
    ).count() == len(successes)
