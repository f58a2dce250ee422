"""Benchmark: the reviewer's workbench (docs/spec.md §13.4) and 自定义汇总 (§13.5) on PostgreSQL.

Setup (not timed): a throw-away database (``KAOPING_DATABASE_URL``, else the tests' PostgreSQL at
``KAOPING_TEST_POSTGRES_URL``, else postgres://postgres@127.0.0.1:5432/test) with the full tree
and the demo (Jiangsu's 13 cities with their data and 说明), then the national demo (32 provincial
units) for the 部审核员's workbench over the provinces (``BENCH_NATIONAL=0`` leaves it out).

Timed, in-process through Django's test client (the server's time, no network): the 省审核员's
workbench of demo-2015 (unfiltered, and filtered to the 说明 waiting for review), the same
reviewer's 自定义汇总 of 表10 with a ratio and a sort, and — nationally — the 部审核员's workbench.
``SAMPLES`` requests each after a warm-up; prints p50 and p95 (target p95 ≤ 150 ms) and the query
count; the baseline measured in the same run is the sign-in page, printed as a ratio. The
province's query count is pinned flat in the number of cities by tests/web/test_page_queries.py;
the rules' findings are kept per process until a table of the campaigns is saved
(``workflow.workbench._warnings``), so the timed requests read them warm.

Run: ``.venv/bin/python bench/workbench.py`` (``make bench``).
"""

from __future__ import annotations

import os
import time

import _pg_django  # noqa: F401  # Django on the benchmark's PostgreSQL database, set up
from bench.national_pages import timed  # p50, p95 and queries of 40 requests
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

SUMMARY = (
    "/reports/c/demo-2015/320000/summary/?table=T10&c=main.deployed&c=main.deployed/population"
    "&sort=main.deployed/population&desc=1"
)


def report(name: str, client: Client, path: str, base95: float) -> None:
    p50, p95, queries = timed(client, path)
    verdict = "ok" if p95 <= 150 else "OVER"
    print(
        f"{name:38} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms (target <= 150: {verdict}; "
        f"{p95 / base95:4.1f}x baseline)  {queries} queries"
    )


def main() -> None:
    from kaoping.demo import build_demo, ensure_user
    from kaoping.orgs.roles import Role
    from kaoping.orgs.sync import sync_orgs

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        tree = sync_orgs()
        start = time.perf_counter()
        build_demo()
        print(f"database: {connection.vendor} ({test_name}); {len(tree)} organisations")
        print(f"demo set up in {time.perf_counter() - start:.1f} s")
        reviewer = ensure_user("bench_sheng_shenhe", "省审核员", Role.PROVINCE_REVIEWER, "320000")
        client = Client()
        client.force_login(reviewer)
        _base50, base95, base_q = timed(Client(), "/accounts/login/")
        print(f"baseline (sign-in page): p95 {base95:.1f} ms, {base_q} queries")
        report("省审核员 workbench (13 cities)", client, "/w/c/demo-2015/workbench/", base95)
        report("  filtered: 待审核", client, "/w/c/demo-2015/workbench/?state=explained", base95)
        report("自定义汇总 表10 per 万 residents", client, SUMMARY, base95)
        if os.environ.get("BENCH_NATIONAL") != "0":
            national(base95)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def national(base95: float) -> None:
    from django.contrib.auth.hashers import make_password

    from kaoping.demo import ensure_user
    from kaoping.demo.national.build import build_national_demo
    from kaoping.orgs.roles import Role

    start = time.perf_counter()
    campaign = build_national_demo(make_password("bench-only")).campaign.pk
    print(f"national demo {campaign} set up in {time.perf_counter() - start:.1f} s")
    ministry = ensure_user("bench_bu_shenhe", "部审核员", Role.MINISTRY_REVIEWER, "000000")
    client = Client()
    client.force_login(ministry)
    report("部审核员 workbench (32 provinces)", client, f"/w/c/{campaign}/workbench/", base95)


if __name__ == "__main__":
    main()
