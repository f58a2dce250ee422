"""Benchmark: the ministry's pages of a national campaign with every provincial unit, on PostgreSQL.

Setup (not timed): a throw-away database (``KAOPING_DATABASE_URL``, else the tests' PostgreSQL at
``KAOPING_TEST_POSTGRES_URL``, else postgres://postgres@127.0.0.1:5432/test) with the full tree
(32 provincial units, 485 organisations). The national demo (``kaoping demo --national``) when
the product has it; otherwise a national campaign for all 32 units, each province's campaign
filled with the core's sample survey over its real cities (表5 持卡人数 scaled by the province's
常住人口, docs/spec.md §15.2) and its summary stored, 28 of them submitted.

Timed, in-process through Django's test client as a 部审核员 (the server's time, no network):
the national 报送进度, the national dashboard, the national 表1, the province comparison and
one table by province — ``SAMPLES`` requests each after a warm-up. Prints each page's p50 and
p95 (target p95 ≤ 150 ms) and its query count; the baseline measured in the same run is the
sign-in page (the least any page costs), printed as a ratio. The query counts are pinned and
proved flat in the number of provinces by tests/national/test_national_pages.py.

Run: ``.venv/bin/python bench/national_pages.py`` (``make bench``).
"""

from __future__ import annotations

import contextlib
import statistics
import time
from typing import Any

import _pg_django  # noqa: F401  # Django on the benchmark's PostgreSQL database, set up
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import NoReverseMatch, reverse

SAMPLES = 40
SUBMITTED = 28
# 常住人口 2014 (万人), docs/spec.md §15.2: the scale of each province's card holders
POPULATION = {
    "110000": 2152, "120000": 1517, "130000": 7384, "140000": 3648, "150000": 2505, "210000": 4391,
    "220000": 2752, "230000": 3833, "310000": 2426, "320000": 7960, "330000": 5508, "340000": 6083,
    "350000": 3806, "360000": 4542, "370000": 9789, "410000": 9436, "420000": 5816, "430000": 6737,
    "440000": 10724, "450000": 4754, "460000": 903, "500000": 2991, "510000": 8140, "520000": 3508,
    "530000": 4714, "540000": 318, "610000": 3775, "620000": 2591, "630000": 583, "640000": 662,
    "650000": 2028, "660000": 270,
}  # fmt: skip


def national_campaign() -> str:
    """The national demo's campaign, or one generated here (see the module's docstring)."""
    try:
        from kaoping.demo.national.build import build_national_demo
    except ImportError:  # the product has no national demo yet
        return generated()
    from django.contrib.auth.hashers import make_password

    result = build_national_demo(make_password("bench-only"))
    return str(result.campaign.pk)


def generated() -> str:
    from tests.national.national_data import fill, open_nation, submit

    from kaoping.collection.national import national_children

    national = open_nation(list(POPULATION))
    for i, child in enumerate(national_children(national)):
        scale = POPULATION[child.org_id] / 3000  # the sample's 13 cities hold about 3,000 万
        fill(child, holders_scale=f"{scale:.3f}")
        if i < SUBMITTED:
            submit(child)
    return national.pk


def timed(client: Client, path: str) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, queries) of ``SAMPLES`` requests after two warm-ups."""
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    queries: list[str] = []  # counted at the cursor: Django's query log is cleared per request

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(path).status_code == 200
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(queries)


def pages(campaign: str) -> dict[str, str]:
    base = f"/reports/c/{campaign}/000000/national/"
    out = {}
    with contextlib.suppress(NoReverseMatch):  # the national 报送进度, where the product has it
        out["national 报送进度"] = reverse("workflow:progress", kwargs={"campaign": campaign})
    out |= {
        "national dashboard": base,
        "national 表1": base + "indicators/",
        "province comparison (持卡人数)": base + "compare/?indicator=card_holders&date=2015-12",
        "表5 by province": base + "tables/T05/",
    }
    return out


def main() -> None:
    from kaoping.demo import ensure_user
    from kaoping.orgs.roles import Role
    from kaoping.orgs.sync import sync_orgs

    setup_test_environment()  # the test client's host, as the tests have it
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        tree = sync_orgs()
        start = time.perf_counter()
        campaign = national_campaign()
        print(f"database: {connection.vendor} ({test_name}); {len(tree)} organisations")
        print(f"national campaign {campaign}: set up in {time.perf_counter() - start:.1f} s")
        reviewer = ensure_user("bench_bu_shenhe", "部审核员", Role.MINISTRY_REVIEWER, "000000")
        client = Client()
        client.force_login(reviewer)
        base50, base95, base_q = timed(Client(), "/accounts/login/")
        print(f"baseline (sign-in page): p50 {base50:.1f} ms, p95 {base95:.1f} ms, {base_q} queries")
        for name, path in pages(campaign).items():
            p50, p95, queries = timed(client, path)
            verdict = "ok" if p95 <= 150 else "OVER"
            counted = f"{queries} queries"  # pinned by tests/national/test_national_pages.py
            print(
                f"{name:32} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms (target <= 150: {verdict}; "
                f"{p95 / base95:4.1f}x baseline)  {counted}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
