"""``kaoping serve`` recycles a worker after ``KAOPING_MAX_REQUESTS`` requests (default 2000; 0
never), as gunicorn's own log shows: the hostile-input harness runs with 0, so that any worker
booted after start-up is a death."""

from __future__ import annotations

import os
import urllib.request

import pytest
from tests.ops import livepg

pytestmark = pytest.mark.postgres_only


def boots_after(env: dict[str, str], log_path, requests: int) -> int:  # type: ignore[no-untyped-def]
    server = livepg.Server(env, workers=1, log=log_path)
    try:
        for _ in range(requests):
            with urllib.request.urlopen(server.base + "/accounts/login/", timeout=30) as response:
                assert response.status == 200
    finally:
        server.stop()
    return log_path.read_text().count("Booting worker")


def test_a_worker_is_recycled_after_max_requests_and_never_with_0(tmp_path):
    with livepg.fresh_database(f"kaoping_serve_test_{os.getpid()}") as url:
        env = livepg.environment(url, tmp_path)
        livepg.kaoping(env, "migrate", "--no-input", "-v0")
        assert boots_after({**env, "KAOPING_MAX_REQUESTS": "3"}, tmp_path / "three.log", 12) >= 3
        assert boots_after({**env, "KAOPING_MAX_REQUESTS": "0"}, tmp_path / "never.log", 12) == 1
