"""Faults: the server is killed (SIGKILL, the whole gunicorn process group) in the middle of
table saves and of workbook imports, many times at random moments; every save and every import
is then wholly present or wholly absent.
Two writers saving the same table at once a thousand times lose no update.

PostgreSQL only, on databases of their own (dropped afterwards); bounded to about a minute.
"""

from __future__ import annotations

import io
import os
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
IMPORT_KILLS = 4
FAULT_DB = f"kaoping_fault_test_{os.getpid()}"  # one per run: suites may run side by side


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


def test_sigkill_during_saves_and_imports_leaves_each_whole(tmp_path):
    with livepg.fresh_database(FAULT_DB) as url:
        env = livepg.environment(url, tmp_path)
        livepg.prepare(env)
        token = livepg.tokens(env, ["nanjing_tianbao"])["nanjing_tianbao"]
        db = livepg.connect(FAULT_DB)
        values, _, _ = row_state(db)
        columns = numeric_columns(values)
        assert len(columns) >= 5, values
        rng = random.Random(20151231)

        def write_all(base: str, marker: int) -> int:
            _, doc = livepg.request(base, "GET", TABLE_URL, token)
            body = {"base_version": doc["version"], "values": {NJ: dict.fromkeys(columns, str(marker))}}
            status, _ = livepg.request(base, "PUT", TABLE_URL, token, body)
            return status

        first = 1_000_000
        server = livepg.Server(env)
        try:
            assert write_all(server.base, first) == 200  # a uniform starting row
            workbook = template(server.base, token)  # pre-filled with it
            # Uninterrupted, an import does write the row (so the killed ones are meaningful).
            assert upload(server.base, token, retyped(workbook, first, first + 1)) == 200
            assert {row_state(db)[0][c] for c in columns} == {str(first + 1)}
            assert write_all(server.base, first) == 200
        finally:
            server.stop()
        state = {"confirmed": first, "attempted": {first, first + 1}, "next": first + 1, "window": 0.8}
        try:
            mid_saves, _ = kill_during(env, rng, db, columns, state, write_all, KILLS)
            # Workbook imports of 南京's template, 表9 retyped with each attempt's number.
            files = {first + 5000 + n: retyped(workbook, first, first + 5000 + n) for n in range(1, 25)}
            state["next"], state["window"] = first + 5000, 2.5

            def import_one(base: str, marker: int) -> int:
                if marker not in files:  # all used: wait for the kill
                    time.sleep(0.1)
                    return 0
                return upload(base, token, files[marker])

            mid_imports, _ = kill_during(env, rng, db, columns, state, import_one, IMPORT_KILLS)
        finally:
            db.close()
        assert mid_saves >= KILLS // 2  # most kills did land in the middle of a save
        assert mid_imports >= 1


def template(base: str, token: str) -> bytes:
    req = livepg.urllib.request.Request(f"{base}/api/campaigns/{CAMPAIGN}/orgs/{NJ}/template")
    req.add_header("Authorization", f"Bearer {token}")
    with livepg.urllib.request.urlopen(req, timeout=60) as response:
        return bytes(response.read())


def retyped(content: bytes, old: int, new: int) -> bytes:
    """The workbook with every 表9 cell holding ``old`` typed again as ``new`` (南京's row)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    changed = 0
    for sheet in book.worksheets:
        if "9" not in sheet.title:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in (old, str(old)):
                    cell.value = new
                    changed += 1
    assert changed >= 5, changed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(base: str, token: str, content: bytes) -> int:
    boundary = "kaopingfault"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="nanjing.xlsx"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    req = livepg.urllib.request.Request(
        # The template is older than the saves in between: its cells are conflicts, which this
        # test overwrites on purpose (it is about whole-or-nothing, not about stale templates).
        f"{base}/api/campaigns/{CAMPAIGN}/orgs/{NJ}/import?draft=true&overwrite_conflicts=true",
        data=body,
        method="POST",
    )
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    try:
        with livepg.urllib.request.urlopen(req, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def kill_during(server_env, rng, db, columns, attempts_for, action, kills: int) -> tuple[int, set[int]]:
    """Run ``action(base, marker)`` repeatedly and SIGKILL the server at a random moment, ``kills``
    times; after each kill 南京's 表9 row must hold one attempt's values in every cell."""
    server = livepg.Server(server_env)
    confirmed = attempts_for["confirmed"]
    attempted: set[int] = set(attempts_for["attempted"])
    mid = 0
    try:
        for _ in range(kills):
            stop = threading.Event()
            outcome: dict[str, int] = {}

            def hammer(base: str = server.base, stop: threading.Event = stop, out=outcome) -> None:
                while not stop.is_set():
                    attempts_for["next"] += 1
                    marker = attempts_for["next"]
                    attempted.add(marker)
                    out["in_flight"] = marker
                    try:
                        if action(base, marker) == 200:
                            out["confirmed"] = marker
                    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                        return
                    out.pop("in_flight", None)

            thread = threading.Thread(target=hammer)
            thread.start()
            time.sleep(rng.uniform(0.05, attempts_for["window"]))
            server.kill()
            stop.set()
            thread.join(timeout=60)
            mid += "in_flight" in outcome
            confirmed = outcome.get("confirmed", confirmed)
            values, _, audits = row_state(db)
            stored = {values[c] for c in columns}
            assert len(stored) == 1, f"cut in half: {sorted(stored)}"
            (value,) = stored
            assert int(value) in attempted and int(value) >= confirmed  # nothing confirmed is lost
            assert len({audits[c] for c in columns}) == 1, audits  # the audit is whole as well
            server = livepg.Server(server_env)
    finally:
        server.stop()
    attempts_for["confirmed"], attempts_for["attempted"] = confirmed, attempted
    return mid, attempted


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
