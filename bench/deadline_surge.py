"""Benchmark: the deadline surge — every city saving its full 表9 row at once, on the production
server (gunicorn, ``kaoping serve``) over PostgreSQL, loopback only.

Setup (not timed): a fresh PostgreSQL database ``kaoping_bench`` (dropped afterwards),
migrate, the demo, the bare endpoint switched on (``KAOPING_BENCH_ENDPOINTS=1``); the 13 city
reporters log in through the login page (session cookie + CSRF token, as a browser does).

Timed, at stepped offered rates (open loop: each request has a scheduled send time, latency is
measured from it, so a server falling behind shows as latency, not as a slower client):

- save: one city's whole 表9 row (every value of its row) through ``PUT /api/…/tables/T09``
  with the version it last saw; each city's saves follow one another (a clerk saves, the next
  save starts from the new version), the 13 cities in parallel;
- bare: ``POST /api/bench/orgs/{city}/insert``, behind the same authentication, middleware and
  access check, inserting one row.

Each step runs STEP_SECONDS (at least MIN_SAMPLES requests); stepping stops after two steps
in a row whose p99 exceeds 300 ms.
Reports the highest offered rate each sustains (p99 ≤ 300 ms and every request answered
200), their ratio (target ≥ 0.4), p50/p99 per step, the final count (every confirmed save is
one table version and one audit entry per cell, every confirmed insert one row: nothing lost or
duplicated) and the server time of the 表4 entry page (target p95 ≤ 80 ms).

What the audit chain costs (docs/architecture.md "The audit chain"): the save steps run again
on a server started with ``KAOPING_BENCH_UNCHAINED=1`` (audit rows written, not sealed; honoured
only with the bench endpoints), and the sustained save rates and the median latencies at the
rates both reached are printed as ratios chained / unchained. ``--chain-cost`` runs only these
two save phases (from SAVE_FROM /s up), not the bare inserts or the entry page. The chain of the
chained phase is verified (``kaoping audit verify``) before the unchained phase writes.

Run: ``.venv/bin/python bench/deadline_surge.py`` (``make bench``); needs PostgreSQL at
``KAOPING_TEST_POSTGRES_URL`` (default postgres://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ops import livepg  # noqa: E402

DB = f"kaoping_bench_{os.getpid()}"
CAMPAIGN = "demo-2015"
PASSWORD = "kaoping-demo-2015"
STEP_SECONDS = 6.0
# Steps about 10 % apart where the limits lie, so the ratio is not an artefact of coarse steps.
SAVE_RATES = [2, 5, 10, 20, 30, 40, 44, 48, 52, 56, 60, 66, 72, 80, 90, 100, 120, 160]
MIN_SAMPLES = 100  # per step, so p99 is not just the slowest of a handful
BARE_RATES = [5, 10, 20, 40, 60, 80, 100, 110, 120, 130, 140, 150, 160, 175, 190, 210, 240, 320, 480]
P99_LIMIT_MS = 300.0


@dataclass
class City:
    code: str
    username: str
    cookies: str = ""
    csrf: str = ""
    version: int = 0
    attempts: int = 0
    confirmed_saves: int = 0
    confirmed_inserts: int = 0


def login(base: str, city: City) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"username": city.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    opener.open(urllib.request.Request(base + "/accounts/login/", data=form)).read()
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, f"{city.username} could not log in"
    city.csrf = cookies["csrftoken"]
    city.cookies = "; ".join(f"{k}={v}" for k, v in cookies.items())


def call(port: int, city: City, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": city.cookies, "X-CSRFToken": city.csrf}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        ctype = response.getheader("Content-Type", "")
        return response.status, json.loads(payload) if "json" in ctype and payload else payload
    finally:
        connection.close()


def table_path(city: City) -> str:
    return f"/api/campaigns/{CAMPAIGN}/orgs/{city.code}/tables/T09"


def read_row(port: int, city: City) -> None:
    status, doc = call(port, city, "GET", table_path(city))
    assert status == 200, (status, doc)
    city.version = doc["version"]


def full_row(attempt: int) -> dict[str, str]:
    """Every value of a city's 表9 row; every number changes on every save, calls stay balanced."""
    answered, voice, abandoned = 180000 + attempt, 330000 + attempt, 50000 + attempt
    return {
        "opened": "true",
        "uses_system": "true",
        "staff": str(20 + attempt),
        "consultants": str(16 + attempt),
        "seats": str(12 + attempt),
        "calls": str(answered + voice + abandoned),
        "answered": str(answered),
        "voice": str(voice),
        "abandoned": str(abandoned),
        "remark": f"第 {attempt} 次保存",
    }


CHANGING = 8  # the cells a save changes each time (7 numbers and the remark)


def save(port: int, city: City, turn: int) -> int:
    city.attempts += 1
    body = {"base_version": city.version, "values": {city.code: full_row(city.attempts)}}
    status, doc = call(port, city, "PUT", table_path(city), body)
    if status == 200:
        city.version = doc["version"]
        city.confirmed_saves += 1
    return int(status)


def insert(port: int, city: City, turn: int) -> int:
    status, _ = call(port, city, "POST", f"/api/bench/orgs/{city.code}/insert", {"n": turn})
    if status == 200:
        city.confirmed_inserts += 1
    return int(status)


def step(port: int, cities: list[City], rate: float, action: Any) -> dict[str, Any]:
    """Offer ``rate`` requests/s for STEP_SECONDS, round-robin over the cities."""
    total = max(int(rate * STEP_SECONDS), MIN_SAMPLES)
    start = time.perf_counter() + 0.2
    schedule: dict[int, list[float]] = {i: [] for i in range(len(cities))}
    for n in range(total):
        schedule[n % len(cities)].append(start + n / rate)
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        for turn, due in enumerate(schedule[i], start=1):
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            status = action(port, cities[i], turn)
            with lock:
                latencies.append((time.perf_counter() - due) * 1000)
                statuses.append(status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(cities))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rate": rate,
        "requests": total,
        "achieved": round(total / elapsed, 1),
        "p50": round(statistics.median(latencies), 1),
        "p99": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
        "errors": sum(1 for s in statuses if s != 200),
    }


def run_steps(
    name: str, port: int, cities: list[City], rates: list[int], action: Any
) -> list[dict[str, Any]]:
    results = []
    misses = 0
    time.sleep(3)  # let the previous phase settle
    for rate in rates:
        result = step(port, cities, rate, action)
        results.append(result)
        print(
            f"  {name:5} offered {rate:4}/s  achieved {result['achieved']:6}/s  "
            f"p50 {result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms  non-200 {result['errors']}",
            flush=True,
        )
        failed = result["p99"] > P99_LIMIT_MS or result["errors"]
        misses = misses + 1 if failed else 0
        if misses == 2:  # two failing steps in a row: one may be a hiccup of a shared machine
            break
    return results


def sustained(results: list[dict[str, Any]]) -> float:
    ok = [r["rate"] for r in results if r["p99"] <= P99_LIMIT_MS and not r["errors"]]
    return max(ok) if ok else 0.0


def entry_page_times(port: int, city: City, n: int = 60) -> list[float]:
    """表4 is the province's table (its total row): the province administrator's entry page."""
    path = f"/c/{CAMPAIGN}/{city.code}/T04/"
    times = []
    for _ in range(n):
        began = time.perf_counter()
        status, _ = call(port, city, "GET", path)
        times.append((time.perf_counter() - began) * 1000)
        assert status == 200, status
    return sorted(times)


def count(db: Any, sql: str, *args: Any) -> int:
    return int(db.execute(sql, args).fetchone()[0])


SAVE_FROM = 5  # --chain-cost starts here


def chain_cost(chained: list[dict[str, Any]], unchained: list[dict[str, Any]]) -> None:
    """Print what sealing costs: sustained rates and medians at the common rates, as ratios."""
    both = [
        (a["rate"], a["p50"], b["p50"])
        for a, b in zip(chained, unchained, strict=False)
        if a["rate"] == b["rate"]
    ]
    print("audit chain cost (same run, same data; chained / unchained):")
    rate_a, rate_b = sustained(chained), sustained(unchained)
    ratio = rate_a / rate_b if rate_b else 0.0
    print(f"  save sustained {rate_a}/s chained, {rate_b}/s unchained: ratio {ratio:.2f}")
    # The throughput where the server saturates (the most achieved): robust on a busy machine.
    peak_a, peak_b = max(r["achieved"] for r in chained), max(r["achieved"] for r in unchained)
    ratio = peak_a / peak_b if peak_b else 0.0
    print(f"  saves achieved at most {peak_a}/s chained, {peak_b}/s unchained: ratio {ratio:.2f}")
    for rate, a, b in both:
        ratio = a / b if b else 0.0
        print(f"  at {rate:4}/s  p50 {a:7.1f} ms chained, {b:7.1f} ms unchained: ratio {ratio:.2f}")


def main() -> int:
    return surge(only_chain_cost="--chain-cost" in sys.argv[1:])


def surge(only_chain_cost: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp, livepg.fresh_database(DB) as url:
        env = livepg.environment(url, Path(tmp), KAOPING_BENCH_ENDPOINTS="1")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load} (other work skews every figure)")
        print("setup: migrate + demo on a fresh PostgreSQL database …", flush=True)
        livepg.prepare(env)
        workers = livepg_workers()
        server = livepg.Server(env, workers=workers)
        port = server.port
        db = livepg.connect(DB)
        try:
            codes = [
                r[0]
                for r in db.execute(
                    "SELECT code FROM orgs_organisation WHERE parent_id='320000' ORDER BY position, code"
                ).fetchall()
            ]
            users = dict(
                db.execute(
                    "SELECT r.org_id, u.username FROM orgs_roleassignment r"
                    " JOIN orgs_user u ON u.id=r.user_id WHERE r.role='city_reporter'"
                ).fetchall()
            )
            cities = [City(code, users[code]) for code in codes]
            for city in cities:  # log in before the timed window
                login(server.base, city)
                read_row(port, city)
            start_versions: dict[str, int] = {}
            for city in cities:  # the first full save (opened, uses_system set once), not timed
                assert save(port, city, 0) == 200
                city.confirmed_saves = 0
                read_row(port, city)
                start_versions[city.code] = city.version
            audit_before = count(db, "SELECT count(*) FROM collection_auditentry WHERE \"table\"='T09'")
            print(
                f"{len(cities)} cities logged in; a save writes the city's whole 表9 row "
                f"({len(full_row(0))} values, {CHANGING} changing each time); "
                f"{workers} gunicorn workers",
                flush=True,
            )
            # Warm every worker (definition snapshot parsed, rules compiled) as a running server is.
            for _ in range(3):
                for city in cities:
                    assert save(port, city, 0) == 200 and insert(port, city, 0) == 200
            for city in cities:
                city.confirmed_saves = city.confirmed_inserts = 0
                start_versions[city.code] = city.version
            audit_before = count(db, "SELECT count(*) FROM collection_auditentry WHERE \"table\"='T09'")
            inserts_before = count(db, "SELECT count(*) FROM ops_benchinsert")
            province = City("320000", "sheng_admin")
            login(server.base, province)
            rates = [r for r in SAVE_RATES if r >= SAVE_FROM] if only_chain_cost else SAVE_RATES
            page, bares = [0.0], []
            if not only_chain_cost:
                entry_page_times(port, province, n=5)  # warm every worker's caches
                page = entry_page_times(port, province)
            print("save steps:", flush=True)
            saves = run_steps("save", port, cities, rates, save)
            if not only_chain_cost:
                print("bare steps:", flush=True)
                bares = run_steps("bare", port, cities, BARE_RATES, insert)
        finally:
            server.stop()
        verified = livepg.kaoping(env, "audit", "verify", check=False)
        said = (verified.stdout.strip().splitlines() or [verified.stderr.strip()])[-1]
        print(f"  audit chain after the chained saves: {said}", flush=True)
        unchained = unchained_saves(env, workers, cities, rates)
        # Final count: every confirmed save is exactly one version and one audit entry per cell.
        lost = []
        for city in cities:
            version = count(
                db,
                "SELECT version FROM collection_tableversion"
                " WHERE campaign_id=%s AND org_id=%s AND \"table\"='T09'",
                CAMPAIGN,
                city.code,
            )
            if version - start_versions[city.code] != city.confirmed_saves:
                lost.append(
                    f"{city.code}: {version - start_versions[city.code]} versions, {city.confirmed_saves} ok"
                )
        audits = count(db, "SELECT count(*) FROM collection_auditentry WHERE \"table\"='T09'") - audit_before
        expected_audits = sum(c.confirmed_saves * CHANGING for c in cities)
        inserted = count(db, "SELECT count(*) FROM ops_benchinsert") - inserts_before
        confirmed_inserts = sum(c.confirmed_inserts for c in cities)
        db.close()
    chain_cost(saves, unchained)
    if only_chain_cost:
        return 0 if verified.returncode == 0 else 1
    save_rate, bare_rate = sustained(saves), sustained(bares)
    p95 = page[int(len(page) * 0.95) - 1]
    print("results:")
    print(f"  save sustained {save_rate}/s, bare sustained {bare_rate}/s (p99 ≤ {P99_LIMIT_MS:.0f} ms)")
    ratio = save_rate / bare_rate if bare_rate else 0.0
    print(f"  ratio save/bare = {ratio:.2f} (target ≥ 0.4)")
    print(
        f"  saves confirmed {sum(c.confirmed_saves for c in cities)}, versions added match: {not lost}; "
        f"audit entries {audits} = {expected_audits} expected: {audits == expected_audits}"
    )
    print(f"  inserts confirmed {confirmed_inserts}, rows {inserted}: {inserted == confirmed_inserts}")
    print(f"  表4 entry page: p50 {statistics.median(page):.1f} ms, p95 {p95:.1f} ms (target ≤ 80 ms)")
    ok = not lost and audits == expected_audits and inserted == confirmed_inserts and verified.returncode == 0
    if lost:
        print("  LOST OR DUPLICATED:", "; ".join(lost))
    return 0 if ok else 1


def unchained_saves(
    env: dict[str, str], workers: int, cities: list[City], rates: list[int]
) -> list[dict[str, Any]]:
    """The save steps again on a server that writes the audit rows without sealing them (the
    sessions are in the database: the cities stay logged in)."""
    server = livepg.Server({**env, "KAOPING_BENCH_UNCHAINED": "1"}, workers=workers)
    try:
        for city in cities:  # warm every worker, from the versions the cities last saw
            read_row(server.port, city)
            assert save(server.port, city, 0) == 200
        print("save steps, audit chain off:", flush=True)
        return run_steps("save-", server.port, cities, rates, save)
    finally:
        server.stop()


def livepg_workers() -> int:
    from kaoping.cli.management.commands.serve import default_workers

    return default_workers()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
