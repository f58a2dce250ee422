"""Benchmark: the committed import (read, map, validate, save in one transaction) through the
Django shell's ``kaoping.transfer.services.import_workbook``, on the configured database.

A throw-away test database is created (PostgreSQL when ``KAOPING_DATABASE_URL`` is set, else
SQLite in memory) with the demo campaign. Each run imports a workbook whose values differ from
those stored, alternating two fillings (the demo's and the core's sample survey) so every run
really writes. Prints medians of several runs in one process:

- the province's workbook (its own rows of 表1 … 表14), dry run and committed;
- one city's workbook, dry run and committed;
- a batch of the 13 cities' workbooks, committed one after another (each all or nothing), as
  the bulk import page and ``kaoping import FOLDER`` do.

Run: ``.venv/bin/python bench/import_committed.py`` (or ``make bench``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.settings")
os.environ.setdefault("KAOPING_TESTING", "1")  # a throw-away test database, as the tests use

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from kaoping.collection.campaigns import survey_for  # noqa: E402
from kaoping.collection.models import Campaign  # noqa: E402
from kaoping.collection.services import instance_orgs, load_survey_data  # noqa: E402
from kaoping.core.workbook import write_workbook  # noqa: E402
from kaoping.core.workbook.sample import sample_data  # noqa: E402
from kaoping.orgs.actors import CliActor  # noqa: E402
from kaoping.orgs.models import Organisation  # noqa: E402

ACTOR = CliActor(username="cli:bench")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    from kaoping.demo import build_demo
    from kaoping.transfer import services

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor} ({test_name})")
        build_demo()
        campaign = Campaign.objects.get(pk="demo-2015")
        survey = survey_for(campaign)
        province, cities = instance_orgs(campaign)
        demo = load_survey_data(campaign)
        sample = sample_data(survey, province, cities)
        sample.list_rows = list(demo.list_rows)  # the same list rows: values differ, rows match

        def workbooks(org: str) -> tuple[bytes, bytes]:
            meta = services.meta_for(campaign, Organisation.objects.get(code=org))
            return (
                write_workbook(survey, sample, org=org, meta=meta),
                write_workbook(survey, demo, org=org, meta=meta),
            )

        def timed(org: str, books: tuple[bytes, bytes], mode: services.Mode, runs: int) -> tuple[float, int]:
            samples, changed = [], 0
            for n in range(runs):
                content = books[n % 2]
                start = time.perf_counter()
                outcome = services.import_workbook(
                    ACTOR, campaign, org, content, "bench.xlsx", mode, channel="cli"
                )
                samples.append(time.perf_counter() - start)
                if mode is not services.Mode.DRY_RUN and not outcome.saved:
                    raise SystemExit(f"{org}: not saved: {outcome.not_saved_because}")
                changed = max(changed, len(outcome.result.changes))
            return median_ms(samples), changed

        for label, org in (("province 320000", province.code), ("city 320100", "320100")):
            books = workbooks(org)
            dry, changed = timed(org, books, services.Mode.DRY_RUN, 5)
            committed, _ = timed(org, books, services.Mode.DRAFT, 6)
            print(f"{label}: dry run {dry:7.0f} ms · committed {committed:7.0f} ms ({changed} changed cells)")

        city_books = {c.code: workbooks(c.code) for c in cities}
        rounds = []
        for n in range(3):
            start = time.perf_counter()
            for code, books in city_books.items():
                outcome = services.import_workbook(
                    ACTOR, campaign, code, books[n % 2], f"{code}.xlsx", services.Mode.DRAFT, channel="cli"
                )
                if not outcome.saved:
                    raise SystemExit(f"{code}: not saved: {outcome.not_saved_because}")
            rounds.append(time.perf_counter() - start)
        print(f"batch committed import, 13 city workbooks: {statistics.median(rounds):6.2f} s (median of 3)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
