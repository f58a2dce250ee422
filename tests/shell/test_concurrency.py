"""Two people saving the same table at the same moment: exactly one wins, the other gets the conflict.

Real threads on real connections; on PostgreSQL the version row is locked with SELECT … FOR
UPDATE, on SQLite the write transaction is taken at BEGIN (IMMEDIATE). Both must refuse the
second save instead of overwriting it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kaoping.collection.models import AuditEntry, Value
from kaoping.collection.services import save_table

NJ = "320100"


def race(campaign, users, texts) -> list:
    barrier = threading.Barrier(len(users))
    results: list = [None] * len(users)
    errors: list = []

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = save_table(users[i], campaign, NJ, "T09", {(NJ, "calls"): texts[i]}, base_version=0)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(users))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_from_the_same_version_never_overwrite(campaign, nanjing_reporter, nanjing_leader):
    results = race(campaign, [nanjing_reporter, nanjing_leader], ["263851", "300000"])
    winners = [r for r in results if not r.conflict]
    losers = [r for r in results if r.conflict]
    assert len(winners) == 1 and len(losers) == 1
    stored = Value.objects.get(campaign=campaign, row=NJ, column="calls").text
    assert stored in ("263851", "300000")
    assert losers[0].theirs[(NJ, "calls")].current == stored
    assert AuditEntry.objects.filter(column="calls").count() == 1
