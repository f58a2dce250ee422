"""Benchmark: one user hammering PDFs does not slow another city's page.

Setup (not timed): a fresh PostgreSQL database (dropped afterwards), migrate, the demo, the
production server (``kaoping serve``, gunicorn 3 workers × 4 threads, as in the finding that
one 市填报员's 12 concurrent PDFs took another city's table page from 0.1 s to 10.8 s), the
heavy-work limiter at its defaults for that server (1 per user, workers − 1 = 2 in total).

Timed, from the client on loopback:
- idle: 苏州's 表9 entry page, ``SAMPLES`` requests one after another;
- hammered: the same while 南京's reporter keeps 12 PDF requests of its 表7 in flight for the
  whole window (each answered request is sent again at once). The whole survey's PDF is a
  background job now (one job per unit and data, docs/spec.md §14): its address only starts or
  finds the job, so the work a request still draws itself is a table's PDF.

Prints p50/p95 of the page idle and hammered, their ratio, and how 南京's PDF requests were
answered (200 drawn, 429 请稍后再试 at once). Without the limiter the 12 PDFs occupy every
worker thread and the ratio is about 100.

Run: ``.venv/bin/python bench/heavy_work.py`` (``make bench``); needs PostgreSQL at
``KAOPING_TEST_POSTGRES_URL`` (default postgres://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ops import livepg  # noqa: E402

DB = f"kaoping_bench_heavy_{os.getpid()}"
CAMPAIGN = "demo-2015"
PASSWORD = "kaoping-demo-2015"
WORKERS, THREADS = 3, 4
HAMMERS = 12
SAMPLES = 40


def login(base: str, username: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    opener.open(urllib.request.Request(base + "/accounts/login/", data=form.encode())).read()
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, f"{username} could not log in"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def get(port: int, cookies: str, path: str, timeout: float = 120) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookies})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def page_times(port: int, cookies: str, path: str, n: int) -> list[float]:
    out: list[float] = []
    for _ in range(n):
        start = time.perf_counter()
        assert get(port, cookies, path) == 200
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def hammer(port: int, cookies: str, path: str, stop: threading.Event, answers: dict[int, int]) -> None:
    lock = threading.Lock()

    def loop() -> None:
        while not stop.is_set():
            status = get(port, cookies, path)
            with lock:
                answers[status] = answers.get(status, 0) + 1
            if status == 429:
                time.sleep(0.05)  # a client that does not honour Retry-After, nearly

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(HAMMERS)]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join(timeout=180)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, livepg.fresh_database(DB) as url:
        env = livepg.environment(url, Path(tmp), KAOPING_WORKERS=str(WORKERS))
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load} (other work skews every figure)")
        print("setup: migrate + demo on a fresh PostgreSQL database …", flush=True)
        livepg.prepare(env)
        server = livepg.Server(env, workers=WORKERS, threads=THREADS)
        try:
            suzhou = login(server.base, "suzhou_tianbao")
            nanjing = login(server.base, "nanjing_tianbao")
            page = f"/c/{CAMPAIGN}/320500/T09/"
            pdf = f"/reports/c/{CAMPAIGN}/320100/pdf/T07/"  # drawn in the request (the whole survey: a job)
            page_times(server.port, suzhou, page, 6)  # warm every worker
            assert get(server.port, nanjing, pdf) == 200  # and the PDF renderer once
            idle = page_times(server.port, suzhou, page, SAMPLES)
            stop, answers = threading.Event(), {}
            hammering = threading.Thread(target=hammer, args=(server.port, nanjing, pdf, stop, answers))
            hammering.start()
            time.sleep(1.0)  # the 12 requests in flight
            busy = page_times(server.port, suzhou, page, SAMPLES)
            stop.set()
            hammering.join(timeout=300)
        finally:
            server.stop()
    print(f"{WORKERS} gunicorn workers × {THREADS} threads; 南京 keeps {HAMMERS} 表7 PDFs in flight")
    print(f"苏州 表9 page idle:     p50 {statistics.median(idle):7.1f} ms  p95 {p95(idle):7.1f} ms")
    print(f"苏州 表9 page hammered: p50 {statistics.median(busy):7.1f} ms  p95 {p95(busy):7.1f} ms")
    print(f"ratio hammered/idle p95: {p95(busy) / p95(idle):.2f} (before the limiter: about 100)")
    print(f"南京's PDF requests: {answers.get(200, 0)} drawn (200), {answers.get(429, 0)} 请稍后再试 (429), "
          f"other {sum(v for k, v in answers.items() if k not in (200, 429))}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
