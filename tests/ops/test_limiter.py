"""One user cannot slow everyone: heavy work (PDFs, exports, bulk imports, result workbooks)
takes a slot of one database-backed limiter — per user and in total — and a request that
finds none gets 429 with 请稍后再试 and ``Retry-After`` at once, while everyone's pages are
served. Slots come back after an exception, and by expiry when their worker died. On SQLite
and PostgreSQL alike (the suite runs on both)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kaoping.limits import limiter
from kaoping.limits.limiter import Busy, Limits
from kaoping.limits.models import Lease

LIMITS = Limits(per_holder=1, total=2, lease_seconds=60, retry_after=7)
NJ, SZ = "320100", "320500"


@pytest.mark.django_db
def test_one_slot_per_holder_and_two_in_all():
    first = limiter.acquire("user:1", "pdf", limits=LIMITS)
    with pytest.raises(Busy) as mine:
        limiter.acquire("user:1", "export", limits=LIMITS)
    assert mine.value.mine and mine.value.retry_after == 7
    assert "请稍后再试" in mine.value.message
    limiter.acquire("user:2", "pdf", limits=LIMITS)
    with pytest.raises(Busy) as full:
        limiter.acquire("user:3", "pdf", limits=LIMITS)
    assert not full.value.mine and "系统正忙" in full.value.message
    limiter.release(first)
    assert limiter.acquire("user:3", "pdf", limits=LIMITS).holder == "user:3"
    assert limiter.in_use() == 2


@pytest.mark.django_db
def test_a_slot_comes_back_when_the_work_fails():
    with pytest.raises(RuntimeError), limiter.slot("user:1", "pdf", limits=LIMITS):
        assert limiter.in_use() == 1
        raise RuntimeError("the PDF failed")
    assert limiter.in_use() == 0
    with limiter.slot("user:1", "pdf", limits=LIMITS):
        pass


@pytest.mark.django_db
def test_a_dead_workers_slot_expires_and_a_renewed_one_does_not():
    start = timezone.now()
    dead = limiter.acquire("user:1", "pdf", limits=LIMITS, now=start)  # its worker was killed
    alive = limiter.acquire("user:2", "job", limits=LIMITS, now=start)
    assert limiter.renew(alive, LIMITS, now=start + timedelta(seconds=50))  # a job's heartbeat
    later = start + timedelta(seconds=61)
    assert limiter.acquire("user:1", "pdf", limits=LIMITS, now=later).holder == "user:1"
    assert not Lease.objects.filter(token=dead.token).exists()
    with pytest.raises(Busy):  # user:2's renewed lease still holds the second slot
        limiter.acquire("user:3", "pdf", limits=LIMITS, now=later)
    assert not limiter.renew(dead, LIMITS)  # a lost lease says so


@pytest.mark.django_db(transaction=True)
def test_concurrent_acquirers_never_take_more_than_the_total():
    limits = Limits(per_holder=1, total=3, lease_seconds=60, retry_after=1)
    limiter.acquire("user:0", "warm-up", limits=limits)  # the pool row exists before the race
    barrier = threading.Barrier(8)
    won: list[str] = []
    refused: list[str] = []

    def contend(n: int) -> None:
        try:
            barrier.wait()
            limiter.acquire(f"user:{n}", "pdf", limits=limits)
            won.append(f"user:{n}")
        except Busy:
            refused.append(f"user:{n}")
        finally:
            connection.close()

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(won) == 2 and len(refused) == 6  # 3 in all, one already taken
    assert limiter.in_use() == 3


def held_by(user, what: str = "pdf") -> Lease:
    """A heavy request of ``user`` in progress (its slot taken, as a running PDF holds it)."""
    return limiter.acquire(limiter.holder_of(user), what)


@pytest.fixture
def quick_pdf(monkeypatch, settings):
    settings.HEAVY_PER_USER, settings.HEAVY_TOTAL, settings.HEAVY_RETRY_AFTER = 1, 2, 9
    monkeypatch.setattr("kaoping.reports.printing.render_pdf", lambda page, table: b"%PDF-1.4 test")


@pytest.mark.django_db
def test_a_user_hammering_pdfs_gets_429_while_another_citys_page_is_served(
    quick_pdf, campaign, nanjing_reporter, suzhou_reporter, client_for
):
    nanjing, suzhou = client_for(nanjing_reporter), client_for(suzhou_reporter)
    held_by(nanjing_reporter)  # 南京's first whole-survey PDF is being drawn
    refused = nanjing.get(f"/reports/c/{campaign.pk}/{NJ}/pdf/T09/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "9"
    assert "请稍后再试" in refused.content.decode()
    # the whole survey is a background job: it is queued (its worker waits for the slot)
    queued = nanjing.post(f"/reports/c/{campaign.pk}/{NJ}/pdf/")
    assert queued.status_code == 302 and queued["Location"].startswith("/jobs/")
    api = nanjing.get(f"/api/campaigns/{campaign.pk}/orgs/{NJ}/export/csv")
    assert api.status_code == 429 and api["Retry-After"] == "9"
    assert json.loads(api.content) == {"detail": api.json()["detail"], "retry_after": 9}
    assert "请稍后再试" in api.json()["detail"]
    # 苏州 is not held back by 南京: its pages and its own PDF are served
    assert suzhou.get(f"/c/{campaign.pk}/{SZ}/T09/").status_code == 200
    served = suzhou.get(f"/reports/c/{campaign.pk}/{SZ}/pdf/T09/")
    assert served.status_code == 200 and served.content.startswith(b"%PDF")
    assert limiter.in_use() == 1  # 苏州's slot was given back; 南京's is still held
    # 南京's pages stay open to it too: only its heavy work waits
    assert nanjing.get(f"/c/{campaign.pk}/{NJ}/T09/").status_code == 200


@pytest.mark.django_db
def test_when_all_slots_are_taken_everyone_waits_for_heavy_work_only(
    quick_pdf, campaign, personas, nanjing_reporter, suzhou_reporter, client_for
):
    held_by(personas.province_admin)
    held_by(nanjing_reporter)
    suzhou = client_for(suzhou_reporter)
    refused = suzhou.get(f"/transfer/c/{campaign.pk}/{SZ}/exports/findings/")
    assert refused.status_code == 429 and "系统正忙" in refused.content.decode()
    assert suzhou.get(f"/c/{campaign.pk}/{SZ}/T09/").status_code == 200


@pytest.mark.django_db
def test_a_failing_pdf_gives_its_slot_back(campaign, nanjing_reporter, settings, monkeypatch):
    from django.test import Client

    def broken(page, table):  # type: ignore[no-untyped-def]
        raise RuntimeError("pango failed")

    monkeypatch.setattr("kaoping.reports.printing.render_pdf", broken)
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(nanjing_reporter)
    assert client.get(f"/reports/c/{campaign.pk}/{NJ}/pdf/T09/").status_code == 500
    assert limiter.in_use() == 0
